import type { UccxConfig } from '../config.ts';
import { connectUccx, loadOdbc, nodeOf, UccxDatabaseError } from './odbc.ts';
import * as queries from './queries.ts';
import { saysMaster } from './realtime.ts';

/**
 * `vigie uccx test`: each configured part of the UCCX source tried as the connector will use it, one line each,
 * saying precisely what is wrong (the ODBC module or driver missing, a DSN unknown, a login refused, a table
 * Vigie may not read, RTSS turned off, a node that is not the master, Finesse unreachable or refusing the account).
 */

export interface SelfTestLine {
	ok: boolean;
	part: string;
	text: string;
}

export interface SelfTestOptions {
	/** How long to watch RtCSQsSummary for a new snapshot (it must move to be live). */
	snapshotWaitMs?: number;
	/** Finesse's own test, from the Finesse source's module. */
	checkFinesse?: (config: NonNullable<UccxConfig['finesse']>) => Promise<SelfTestLine[]>;
	sleep?: (ms: number) => Promise<void>;
}

const TABLES_READ = {
	ContactCallDetail: (from: number, to: number) => queries.callLegs(from, to),
	ContactQueueDetail: (from: number, to: number) => queries.queueRowsOfLegs(from, to),
	AgentConnectionDetail: (from: number, to: number) => queries.connectionsOfLegs(from, to),
	AgentStateDetail: (from: number, to: number) => queries.agentStates(from, to)
};

export async function testUccx(config: UccxConfig, options: SelfTestOptions = {}): Promise<SelfTestLine[]> {
	const lines: SelfTestLine[] = [];
	const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
	const nodeName = (connection: string, i: number) => hostOf(config.nodes[i]) ?? nodeOf(connection);

	if (config.historical || config.realtime) {
		try {
			await loadOdbc();
		} catch (error) {
			return [{ ok: false, part: 'odbc', text: (error as Error).message }];
		}
	}

	for (const [i, connection] of (config.historical?.odbc ?? []).entries()) {
		const part = `historical (${nodeName(connection, i)})`;
		try {
			const db = await connectUccx(connection, `the historical tables on ${nodeName(connection, i)}`, {
				loginTimeoutSeconds: 10,
				queryTimeoutSeconds: 30
			});
			try {
				const now = Date.now();
				let legs = 0;
				// The connector's own statements, over the last hour: each table readable, nothing scanned whole.
				for (const [table, statement] of Object.entries(TABLES_READ)) {
					const { sql, parameters } = statement(now - 3600_000, now + 60_000);
					const rows = await db.query(sql, parameters).catch((error: unknown) => {
						throw new UccxDatabaseError('query', `${table}: ${(error as Error).message}`);
					});
					if (table === 'ContactCallDetail') legs = rows.length;
				}
				const counts: string[] = [];
				for (const [key, statement] of Object.entries(queries.NAME_TABLES)) {
					const rows = await db.query(statement.sql).catch((error: unknown) => {
						throw new UccxDatabaseError('query', `${key}: ${(error as Error).message}`);
					});
					counts.push(`${rows.length} ${key}`);
				}
				lines.push({
					ok: true,
					part,
					text: `reads ContactCallDetail, ContactQueueDetail, AgentConnectionDetail, AgentStateDetail (${legs} call legs in the last hour) and the names (${counts.join(', ')})`
				});
			} finally {
				await db.close();
			}
		} catch (error) {
			lines.push({ ok: false, part, text: (error as Error).message });
		}
	}

	const masters: (boolean | null)[] = [];
	for (const [i, url] of config.nodes.entries()) {
		try {
			const response = await fetch(`${url.replace(/\/+$/, '')}/uccx/isDBMaster`, { signal: AbortSignal.timeout(5000) });
			const body = await response.text();
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			masters[i] = saysMaster(body);
			lines.push({
				ok: true,
				part: `node (${hostOf(url)})`,
				text: masters[i] ? 'holds the master database (RTSS is read here)' : 'answers: not the master database'
			});
		} catch (error) {
			masters[i] = null;
			lines.push({
				ok: false,
				part: `node (${hostOf(url)})`,
				text: `${url}/uccx/isDBMaster does not answer (${(error as Error).message}): is this host listed as a wallboard server on UCCX's Real Time Snapshot Config page, and is the port open?`
			});
		}
	}
	if (config.nodes.length > 1 && masters.every((m) => m === false)) {
		lines.push({ ok: false, part: 'nodes', text: 'no node says it holds the master database' });
	}

	for (const [i, connection] of (config.realtime?.odbc ?? []).entries()) {
		const part = `realtime (${nodeName(connection, i)})`;
		if (config.nodes.length > 1 && masters[i] === false) {
			lines.push({ ok: true, part, text: 'not the master database now: read after a failover' });
			continue;
		}
		try {
			const db = await connectUccx(connection, `the real-time snapshots on ${nodeName(connection, i)}`, {
				loginTimeoutSeconds: 10,
				queryTimeoutSeconds: 30
			});
			try {
				const first = await db.query(queries.CSQ_SNAPSHOTS.sql);
				await db.query(queries.SYSTEM_SNAPSHOT.sql);
				if (first.length === 0) {
					lines.push({
						ok: false,
						part,
						text: 'RtCSQsSummary is empty: enable Real-Time Snapshot writing in UCCX (Tools > Real Time Snapshot Config)'
					});
					continue;
				}
				const wait = options.snapshotWaitMs ?? Math.min(60_000, (config.realtime!.pollSeconds * 2 + 2) * 1000);
				const newest = (rows: Record<string, unknown>[]) =>
					rows
						.map((row) => String(row.enddatetime ?? ''))
						.sort()
						.at(-1) ?? '';
				const before = newest(first);
				if (wait <= 0) {
					// --quick: whether it moves is not watched; its time is told, since UCCX's clock is not ours to judge.
					lines.push({
						ok: true,
						part,
						text: `RtCSQsSummary and RtICDStatistics readable, ${first.length} CSQs, last snapshot ${before || 'never'} (not watched moving: --quick)`
					});
					continue;
				}
				await sleep(wait);
				const after = newest(await db.query(queries.CSQ_SNAPSHOTS.sql));
				lines.push(
					after !== before
						? {
								ok: true,
								part,
								text: `RtCSQsSummary and RtICDStatistics readable, ${first.length} CSQs, snapshot moving (${after})`
							}
						: {
								ok: false,
								part,
								text: `RtCSQsSummary has not moved in ${Math.round(wait / 1000)} s (last written ${before || 'never'}): RTSS writing is off or slower than VIGIE_UCCX_REALTIME_POLL_S; check Tools > Real Time Snapshot Config`
							}
				);
			} finally {
				await db.close();
			}
		} catch (error) {
			lines.push({ ok: false, part, text: (error as Error).message });
		}
	}

	if (config.finesse) {
		if (options.checkFinesse) lines.push(...(await options.checkFinesse(config.finesse)));
		else lines.push({ ok: false, part: 'finesse', text: 'this build cannot test Finesse' });
	}
	return lines;
}

function hostOf(url: string | undefined): string | undefined {
	if (url === undefined) return undefined;
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}
