import { randomBytes } from 'node:crypto';
import { postgresOdbcConnectionString } from '../../src/lib/server/uccx/emulator/connection.ts';
import { adminQuery, TEST_DATABASE_URL } from './postgres.ts';

/** A fresh PostgreSQL database for an emulated UCCX node, with its ODBC connection string; dropped by `dispose`. */
export interface EmulatedNodeDatabase {
	url: string;
	odbc: string;
	name: string;
	dispose(): Promise<void>;
}

export async function createNodeDatabase(): Promise<EmulatedNodeDatabase> {
	const name = `vigie_uccx_${randomBytes(6).toString('hex')}`;
	await adminQuery(`CREATE DATABASE ${name}`);
	const url = new URL(TEST_DATABASE_URL);
	url.pathname = `/${name}`;
	return {
		url: url.href,
		odbc: postgresOdbcConnectionString(url.href),
		name,
		async dispose() {
			await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
		}
	};
}
