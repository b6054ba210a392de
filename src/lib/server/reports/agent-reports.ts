import type { Kysely } from 'kysely';
import { agentMetrics, type AgentMetrics } from '../../domain/metrics.ts';
import { formatPeriodStart } from '../../domain/periods.ts';
import type { Database } from '../db/schema.ts';
import type { ExportRequest } from './export-request.ts';
import { loggedInMsOf, readAgentPeriods, readNotReadyPeriods, rowsOf, type AgentPeriodRow } from './period-rows.ts';

/** Seconds an agent spent in each state, and the calls they answered, over a period or the whole range. */
export interface AgentReportLine {
	/** RFC 3339 with the zone's offset; null on an agent's line for the whole range. */
	period: string | null;
	agent: string;
	loggedInS: number;
	readyS: number;
	notReadyS: number;
	reservedS: number;
	talkingS: number;
	workS: number;
	answered: number;
	/** Occupancy, average handle time, not-ready share and calls per hour (`domain/metrics.ts`). */
	metrics: AgentMetrics;
}

type Sums = Omit<AgentPeriodRow, 'periodStart' | 'agent'>;

function line(period: string | null, agent: string, row: Sums): AgentReportLine {
	return {
		period,
		agent,
		loggedInS: loggedInMsOf(row) / 1000,
		readyS: row.readyMs / 1000,
		notReadyS: row.notReadyMs / 1000,
		reservedS: row.reservedMs / 1000,
		talkingS: row.talkingMs / 1000,
		workS: row.workMs / 1000,
		answered: row.answered,
		metrics: agentMetrics({
			byState: {
				ready: row.readyMs,
				not_ready: row.notReadyMs,
				reserved: row.reservedMs,
				talking: row.talkingMs,
				work: row.workMs
			},
			answered: row.answered
		})
	};
}

const addSums = (a: Sums, b: Sums): Sums => ({
	readyMs: a.readyMs + b.readyMs,
	notReadyMs: a.notReadyMs + b.notReadyMs,
	reservedMs: a.reservedMs + b.reservedMs,
	talkingMs: a.talkingMs + b.talkingMs,
	workMs: a.workMs + b.workMs,
	answered: a.answered + b.answered
});
const NO_SUMS: Sums = { readyMs: 0, notReadyMs: 0, reservedMs: 0, talkingMs: 0, workMs: 0, answered: 0 };

/**
 * The agent state summary: each agent over the whole range (agent order), every agent shown together (`total`,
 * with `agent` ''), each agent per period of the request's interval (period then agent order), and each team
 * together (team order, `agent` holding the team; '' for agents in none) when the directory knows teams (the UCCX
 * connector fills it from Cisco's teams).
 */
export async function agentStateReport(
	db: Kysely<Database>,
	request: ExportRequest
): Promise<{
	agents: AgentReportLine[];
	total: AgentReportLine;
	periods: AgentReportLine[];
	teams: AgentReportLine[];
}> {
	const periods: AgentReportLine[] = [];
	const totals = new Map<string, Sums>();
	for await (const row of rowsOf(readAgentPeriods(db, request))) {
		const { periodStart, agent, ...sums } = row;
		periods.push(line(formatPeriodStart(periodStart, request.zone), agent, sums));
		totals.set(agent, addSums(totals.get(agent) ?? NO_SUMS, sums));
	}
	const agents = [...totals.entries()]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([agent, sums]) => line(null, agent, sums));
	const all = [...totals.values()].reduce(addSums, NO_SUMS);
	return { agents, total: line(null, '', all), periods, teams: await teamLines(db, totals) };
}

/** Each team's agents added together, when at least one of these agents has a team. */
async function teamLines(db: Kysely<Database>, totals: Map<string, Sums>): Promise<AgentReportLine[]> {
	if (totals.size === 0) return [];
	const directory = await db
		.selectFrom('agent_directory')
		.select(['agent', 'team'])
		.where('agent', 'in', [...totals.keys()])
		.where('team', 'is not', null)
		.execute();
	if (directory.length === 0) return [];
	const teamOf = new Map(directory.map((d) => [d.agent, d.team!]));
	const teams = new Map<string, Sums>();
	for (const [agent, sums] of totals) {
		const team = teamOf.get(agent) ?? '';
		teams.set(team, addSums(teams.get(team) ?? NO_SUMS, sums));
	}
	// Agents in no team come last.
	return [...teams.entries()]
		.sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, 'fr')))
		.map(([team, sums]) => line(null, team, sums));
}

/** Not-ready seconds by agent and reason over the whole range; `reason` is '' when none was given. */
export interface NotReadyLine {
	agent: string;
	reason: string;
	seconds: number;
}

/** Not-ready seconds of every agent shown, by reason, over one period of the request's interval. */
export interface NotReadyPeriodLine {
	/** RFC 3339 with the zone's offset. */
	period: string;
	reason: string;
	seconds: number;
}

/**
 * Not-ready time by agent and reason over the range (agent then reason order), the reasons seen, and every agent
 * shown together by reason per day, ISO week or month (the request's interval; period then reason order).
 */
export async function notReadyReport(
	db: Kysely<Database>,
	request: ExportRequest
): Promise<{ lines: NotReadyLine[]; reasons: string[]; periods: NotReadyPeriodLine[] }> {
	const interval = request.interval === 'week' || request.interval === 'month' ? request.interval : 'day';
	const sums = new Map<string, NotReadyLine>();
	const periods = new Map<string, NotReadyPeriodLine>();
	for await (const row of rowsOf(readNotReadyPeriods(db, { ...request, interval }))) {
		const key = `${row.agent}\u0000${row.reason}`;
		const before = sums.get(key) ?? { agent: row.agent, reason: row.reason, seconds: 0 };
		before.seconds += row.durationMs / 1000;
		sums.set(key, before);
		const period = formatPeriodStart(row.periodStart, request.zone);
		const periodKey = `${period}\u0000${row.reason}`;
		const inPeriod = periods.get(periodKey) ?? { period, reason: row.reason, seconds: 0 };
		inPeriod.seconds += row.durationMs / 1000;
		periods.set(periodKey, inPeriod);
	}
	const lines = [...sums.values()].sort((a, b) =>
		a.agent !== b.agent ? (a.agent < b.agent ? -1 : 1) : a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0
	);
	return { lines, reasons: [...new Set(lines.map((l) => l.reason))].sort(), periods: [...periods.values()] };
}
