import { percent } from '../../domain/metrics.ts';
import type { Config } from '../config.ts';
import type { VigieDatabase } from '../db/database.ts';
import type { QueueSnapshotSource } from '../live/live-feed.ts';
import type { QueueSnapshot } from '../live/live-figures.ts';
import { readSnapshots } from './store.ts';

/**
 * Cisco's real-time snapshots as a second producer of the live queue figures (docs/screens.md): a CSQ that RTSS
 * describes shows UCCX's waiting calls, its longest call in queue (ticking from the snapshot's time), its agents
 * by state and, when the business day starts at midnight like UCCX's counters, its since-midnight counts. The
 * service level stays Vigie's own (RTSS has none). A snapshot that stopped moving makes its tile stale.
 */
export function uccxSnapshotSource(
	database: VigieDatabase,
	config: Pick<Config, 'dayStartMinutes'>
): QueueSnapshotSource {
	return {
		async snapshots(): Promise<QueueSnapshot[]> {
			const rows = await readSnapshots(database.db);
			return rows
				.filter((row) => row.csq !== '')
				.map((row) => {
					const f = row.figures;
					const count = (name: string) => Math.max(0, Math.round(f[name] ?? 0));
					const waiting = count('callswaiting');
					// The oldest contact's age was taken when UCCX wrote the row, which Vigie saw at `movedAt`.
					const oldest = waiting > 0 && (f.oldestcontact ?? 0) > 0 ? new Date(row.movedAt - f.oldestcontact!) : null;
					const offered = count('totalcalls');
					const abandoned = count('callsabandoned');
					return {
						queue: row.csq,
						staleSince: row.staleSince === null ? null : new Date(row.staleSince),
						fields: {
							waiting,
							oldestWaitingSince: oldest?.toISOString() ?? null,
							agents: {
								loggedIn: count('loggedinagents'),
								ready: count('availableagents'),
								notReady: count('unavailableagents'),
								reserved: count('reservedagents'),
								talking: count('talkingagents'),
								work: count('workingagents')
							},
							// UCCX's counters restart at midnight: they are "today" only when the day does too.
							...(config.dayStartMinutes === 0
								? { offered, answered: count('callshandled'), abandoned, abandonRatePct: percent(abandoned, offered) }
								: {})
						}
					};
				});
		}
	};
}
