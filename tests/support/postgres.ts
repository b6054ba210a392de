import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL that tests, benchmarks and scripts may create databases on. */
export const TEST_DATABASE_URL = process.env.VIGIE_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** One statement as the server's administrator (create, drop, or look at connections). */
export async function adminQuery(statement: string, url = TEST_DATABASE_URL): Promise<pg.QueryResult> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return await client.query(statement);
	} finally {
		await client.end();
	}
}

export interface PostgresDatabase {
	name: string;
	url: string;
	/** Drops it, cutting any connection still open. */
	drop(): Promise<void>;
}

/** A new, empty database beside `serverUrl`'s (the test PostgreSQL by default), named `<prefix>_<random>`. */
export async function createPostgresDatabase(
	prefix = 'vigie_test',
	serverUrl = TEST_DATABASE_URL
): Promise<PostgresDatabase> {
	const name = `${prefix}_${randomBytes(6).toString('hex')}`;
	await adminQuery(`CREATE DATABASE ${name}`, serverUrl);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return {
		name,
		url: url.href,
		drop: async () => void (await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, serverUrl))
	};
}
