/**
 * The DSN-less ODBC connection string of Debian's PostgreSQL driver (package odbc-postgresql) for a `postgres://`
 * address: how the connector reaches an emulated site's database, where a real site names its Informix DSN.
 */
export function postgresOdbcConnectionString(address: string): string {
	const url = new URL(address);
	return [
		'Driver={PostgreSQL Unicode}',
		`Server=${url.hostname}`,
		`Port=${url.port || '5432'}`,
		`Database=${decodeURIComponent(url.pathname.slice(1))}`,
		`Uid=${decodeURIComponent(url.username) || 'postgres'}`,
		`Pwd=${decodeURIComponent(url.password)}`
	].join(';');
}
