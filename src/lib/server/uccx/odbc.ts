/**
 * ODBC to the UCCX database (Informix `db_cra`), through the npm `odbc` package over unixODBC. The package is an
 * optional dependency: a site without UCCX installs and runs Vigie without it, and a site that configures a UCCX
 * source without it is told what to install. Errors are turned into words an operator can act on, and never
 * carry the connection string (it holds a password).
 */

/** The part of the `odbc` package Vigie uses. */
interface OdbcModule {
	connect(options: {
		connectionString: string;
		connectionTimeout?: number;
		loginTimeout?: number;
	}): Promise<OdbcNative>;
}

interface OdbcNative {
	query<T>(sql: string, parameters: unknown[], options?: { timeout?: number }): Promise<T[]>;
	close(): Promise<void>;
}

/** A problem with the UCCX database, said for an operator; `kind` lets `vigie uccx test` and supervision sort them. */
export type UccxDatabaseProblem =
	'module' | 'driver' | 'dsn' | 'unreachable' | 'login' | 'database' | 'permission' | 'query' | 'timeout';

export class UccxDatabaseError extends Error {
	readonly kind: UccxDatabaseProblem;

	constructor(kind: UccxDatabaseProblem, message: string) {
		super(message);
		this.name = 'UccxDatabaseError';
		this.kind = kind;
	}
}

let loaded: Promise<OdbcModule> | undefined;

/** The `odbc` module, or a `UccxDatabaseError` saying how to install it. */
export function loadOdbc(): Promise<OdbcModule> {
	loaded ??= import('odbc').then(
		(module) => (module.default ?? module) as unknown as OdbcModule,
		(error: unknown) => {
			loaded = undefined;
			throw new UccxDatabaseError(
				'module',
				`the odbc module is not installed (${(error as Error).message.split('\n')[0]}): install unixODBC ` +
					`(Debian: apt-get install unixodbc unixodbc-dev) and run \`npm install odbc\` in Vigie's directory; ` +
					`see docs/uccx.md`
			);
		}
	);
	return loaded;
}

export interface UccxConnection {
	/** Runs one read; rows keyed by lower-case column name (Informix and PostgreSQL both fold unquoted names). */
	query(sql: string, parameters?: readonly (string | number)[]): Promise<Record<string, unknown>[]>;
	close(): Promise<void>;
}

export interface ConnectOptions {
	/** Seconds to wait for the server and the login. */
	loginTimeoutSeconds?: number;
	/** Seconds a read may take before it is cancelled. */
	queryTimeoutSeconds?: number;
}

/** Opens a connection; `what` names it in errors ("the historical tables (node 1)"). */
export async function connectUccx(
	connectionString: string,
	what: string,
	options: ConnectOptions = {}
): Promise<UccxConnection> {
	const odbc = await loadOdbc();
	const { loginTimeoutSeconds = 10, queryTimeoutSeconds = 60 } = options;
	let native: OdbcNative;
	try {
		native = await odbc.connect({
			connectionString,
			connectionTimeout: loginTimeoutSeconds,
			loginTimeout: loginTimeoutSeconds
		});
	} catch (error) {
		throw describeOdbcError(error, `cannot connect to ${what}`, connectionString);
	}
	return {
		async query(sql, parameters = []) {
			try {
				return await native.query<Record<string, unknown>>(sql, [...parameters], { timeout: queryTimeoutSeconds });
			} catch (error) {
				throw describeOdbcError(error, `cannot read ${what}`, connectionString);
			}
		},
		async close() {
			await native.close().catch(() => {}); // a broken connection has nothing left to close
		}
	};
}

interface OdbcErrorDetail {
	state?: string;
	code?: number;
	message?: string;
}

/**
 * An `odbc` error as an operator reads it: what failed, why in words, the driver's own message (which names no
 * password: drivers do not repeat them; what looks like a `PWD=` is cut anyway).
 */
export function describeOdbcError(error: unknown, doing: string, connectionString = ''): UccxDatabaseError {
	const details: OdbcErrorDetail[] =
		typeof error === 'object' && error !== null && Array.isArray((error as { odbcErrors?: unknown }).odbcErrors)
			? (error as { odbcErrors: OdbcErrorDetail[] }).odbcErrors
			: [];
	const detail = details[0] ?? {};
	const state = detail.state ?? '';
	const code = detail.code ?? 0;
	const driverSays = hidePassword(
		(detail.message ?? (error instanceof Error ? error.message : String(error))).replace(/\s+/g, ' ').trim(),
		connectionString
	);
	const [kind, why] = classify(state, code, driverSays);
	return new UccxDatabaseError(kind, `${doing}: ${why} (${state ? `SQLSTATE ${state}: ` : ''}${driverSays})`);
}

function classify(state: string, code: number, message: string): [UccxDatabaseProblem, string] {
	const text = message.toLowerCase();
	if (state === 'IM002') return ['dsn', 'the DSN is not in odbc.ini (or the connection string names no driver)'];
	if (text.includes("can't open lib") || state === 'IM003')
		return [
			'driver',
			'the ODBC driver is not installed or odbcinst.ini points to a missing file (the IBM Informix Client SDK on a real site)'
		];
	if (
		state === '28000' ||
		state === '28P01' ||
		code === -951 ||
		text.includes('password') ||
		(text.includes('role') && text.includes('does not exist'))
	)
		return ['login', 'the database refused the user name or password'];
	if (code === -25596 || text.includes('sqlhosts') || text.includes('dbservername'))
		return [
			'dsn',
			'the Informix server name is unknown to sqlhosts (it is the node name, lower case, - as _, followed by _uccx)'
		];
	if (
		state === '57014' ||
		state === 'HYT00' ||
		state === 'HYT01' ||
		text.includes('timeout') ||
		text.includes('timed out')
	)
		return ['timeout', 'the database did not answer in time'];
	if (state === '42501' || code === -272 || text.includes('permission'))
		return [
			'permission',
			'the user may not read this table (uccxwallboard reads only RtCSQsSummary and RtICDStatistics)'
		];
	if (text.includes('not currently accepting connections') || text.includes('does not allow connections'))
		return ['unreachable', 'the database refuses connections (node down or in maintenance)'];
	if (state === '3D000' || code === -329 || (text.includes('database') && text.includes('not exist')))
		return ['database', 'the database db_cra does not exist on that server'];
	if (state.startsWith('08') || code === -908 || code === -930 || text.includes('connection refused'))
		return ['unreachable', 'the UCCX node cannot be reached (host, port 1504, firewall)'];
	if (state === '42P01' || code === -206) return ['query', 'a table Vigie reads does not exist (is this db_cra?)'];
	return ['query', 'the database answered with an error'];
}

/** The password of a connection string, if it appears in a driver's message, replaced by ***. */
function hidePassword(message: string, connectionString: string): string {
	let out = message.replace(/(PWD|PASSWORD)\s*=\s*[^;]*/gi, '$1=***');
	const password = /(?:^|;)\s*(?:PWD|PASSWORD)\s*=\s*([^;]*)/i.exec(connectionString)?.[1]?.trim();
	if (password && password.length >= 3) out = out.split(password).join('***');
	return out;
}

/** The host a connection string names (Host=, Server=, or the DSN), for saying which node is read. */
export function nodeOf(connectionString: string): string {
	const value = (name: string) =>
		new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*([^;]*)`, 'i').exec(connectionString)?.[1]?.trim();
	return value('Host') ?? value('Server') ?? value('DSN') ?? 'UCCX';
}
