import path from 'node:path';
import { z } from 'zod';
import type { RetentionDays } from '../domain/retention.ts';
import { peopleRules } from '../domain/schema-messages.ts';

/** Everything Vigie reads from its environment, validated once for web, worker and CLI alike. */
export interface Config {
	port: number;
	host: string;
	/** `null` selects the embedded database (PGlite) in `dataDir`. */
	databaseUrl: string | null;
	dataDir: string;
	timezone: string;
	/** When "today" starts, local time, as minutes after midnight (24-hour desks may start at 06:00). */
	dayStartMinutes: number;
	demo: boolean;
	/** What the demo runs: canonical events straight into the intake, or an emulated UCCX site read by the connector. */
	demoSource: 'events' | 'uccx';
	/** Largest accepted `POST /api/events` body, in bytes. */
	ingestMaxBytes: number;
	logLevel: string;
	/** The live Cisco UCCX source (contract §7, docs/uccx.md); `null` when none of its variables is set. */
	uccx: UccxConfig | null;
	/** Where `VIGIE_DEMO=uccx` keeps the emulated UCCX database (a PostgreSQL database; ODBC cannot reach PGlite). */
	uccxDemoDatabaseUrl: string | null;
	/** A call still waiting after this many hours leaves the live figures: it is unfinished, not abandoned. */
	maxWaitHours: number;
	/** An agent state open longer than this many hours is closed in the live figures. */
	maxStateHours: number;
	/** Reads of the live figures per second a stream of changes may cause (0: no limit). */
	liveMaxReadsPerSecond: number;
	/** How long raw events, agent detail and callers' numbers are kept, and when the worker purges them each day. */
	retention: { days: RetentionDays; purgeAtMinutes: number };
	/** The public address (`ORIGIN`, adapter-node's variable), e.g. `https://vigie.example` behind a TLS proxy. */
	origin: string | null;
	/** How long an account or address stays locked after too many failed sign-ins… */
	signInLockSeconds: number;
	/** …and after how many failures of one account (an address gets five times as many). */
	signInLockAfter: number;
	/** Audit lines older than this are deleted. */
	auditRetentionDays: number;
	/** Where `vigie backup`/`restore` find `pg_dump` and `pg_restore`; `null`: the PATH, then Debian's newest. */
	pgBin: string | null;
}

/** Where and how often the UCCX connector reads. Connection strings hold passwords: never log them. */
export interface UccxConfig {
	/** The historical tables (user `uccxhruser`): one ODBC connection string per node, the preferred node first. */
	historical: { odbc: string[]; pollSeconds: number; overlapSeconds: number } | null;
	/** The real-time snapshot tables (user `uccxwallboard`): one ODBC connection string per node, in node order. */
	realtime: { odbc: string[]; pollSeconds: number } | null;
	/** The nodes' web addresses (`http://uccx-pub`), in node order, to ask which holds the master database. */
	nodes: string[];
	/** Live agent states from Finesse. */
	finesse: FinesseConfig | null;
}

export interface FinesseConfig {
	/** One address per node, e.g. `https://uccx-pub:8445`; the first that answers is used. */
	urls: string[];
	user: string;
	password: string;
	teams: string[];
	/** The XMPP service for notifications, e.g. `xmpps://uccx-pub:5223` or `wss://uccx-pub:7443/ws/`; `null`: derived. */
	xmppUrl: string | null;
	/** The XMPP domain; `null`: what Finesse's SystemInfo says, else the host of the node in use. */
	xmppDomain: string | null;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

/** A comma-separated list, blanks dropped. */
const list = z.string().transform((text) =>
	text
		.split(',')
		.map((item) => item.trim())
		.filter((item) => item !== '')
);

const seconds = (min: number, max: number, fallback: number) =>
	z.coerce
		.number()
		.int(`must be a whole number of seconds`)
		.min(min, `must be at least ${min} seconds`)
		.max(max, `must be at most ${max} seconds`)
		.default(fallback);

/** A retention period in whole days, today included; ten years at most. */
const days = (min: number, fallback: number) =>
	z.coerce
		.number()
		.int('must be a whole number of days')
		.min(min, `must be at least ${min} day(s)`)
		.max(3650, 'must be at most 3650 days (ten years)')
		.default(fallback);

const odbcString = z
	.string()
	.refine((text) => /[=]/.test(text), 'must be an ODBC connection string, e.g. DSN=uccx_hr;UID=uccxhruser;PWD=…');

const PORT_RULE = 'must be a port number between 1 and 65535';

const schema = z.object({
	PORT: z.coerce.number({ error: PORT_RULE }).int(PORT_RULE).min(1, PORT_RULE).max(65535, PORT_RULE).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
		.refine(
			(text) => URL.canParse(text),
			'is not a valid address: one host only, and the special characters of the password percent-encoded (# as %23, / as %2F, ? as %3F, @ as %40, % as %25)'
		)
		.optional(),
	VIGIE_DATA_DIR: z.string().min(1).default('./data'),
	VIGIE_TIMEZONE: z
		.string()
		.refine(isKnownTimeZone, 'is not an IANA time zone (e.g. Europe/Paris)')
		.default('Europe/Paris'),
	VIGIE_DAY_START: z
		.string()
		.regex(/^([01]\d|2[0-3]):(00|15|30|45)$/, 'must be HH:MM on a quarter hour (e.g. 06:00), like the report periods')
		.default('00:00'),
	VIGIE_DEMO: z.enum(['0', '1', 'true', 'false', 'uccx'], { error: 'must be 0, 1 or uccx' }).optional(),
	VIGIE_INGEST_MAX_BYTES: z.coerce
		.number()
		.int()
		.min(1024)
		.default(10 * 1024 * 1024),
	VIGIE_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
	VIGIE_UCCX_HISTORICAL_ODBC: odbcString.optional(),
	VIGIE_UCCX_HISTORICAL_ODBC_2: odbcString.optional(),
	VIGIE_UCCX_HISTORICAL_POLL_S: seconds(10, 3600, 60),
	VIGIE_UCCX_OVERLAP_S: seconds(60, 86_400, 7200),
	VIGIE_UCCX_REALTIME_ODBC: odbcString.optional(),
	VIGIE_UCCX_REALTIME_ODBC_2: odbcString.optional(),
	VIGIE_UCCX_REALTIME_POLL_S: seconds(1, 180, 5),
	VIGIE_UCCX_NODES: list.optional(),
	VIGIE_FINESSE_URL: list.optional(),
	VIGIE_FINESSE_USER: z.string().optional(),
	VIGIE_FINESSE_PASSWORD: z.string().optional(),
	VIGIE_FINESSE_TEAMS: list.optional(),
	VIGIE_FINESSE_XMPP_URL: z
		.string()
		.regex(/^(xmpps?|wss?):\/\//, 'must start with xmpp://, xmpps://, ws:// or wss://')
		.optional(),
	VIGIE_FINESSE_XMPP_DOMAIN: z.string().optional(),
	VIGIE_UCCX_DEMO_DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
		.optional(),
	VIGIE_MAX_WAIT_H: z.coerce.number().gt(0, 'must be more than 0 hours').max(168).default(4),
	VIGIE_MAX_STATE_H: z.coerce.number().gt(0, 'must be more than 0 hours').max(168).default(12),
	VIGIE_LIVE_MAX_READS_PER_S: z.coerce.number().int().min(0).max(1000).default(20),
	VIGIE_RETAIN_EVENTS_DAYS: days(2, 365),
	VIGIE_RETAIN_AGENT_DETAIL_DAYS: days(2, 365),
	VIGIE_RETAIN_CALLERS_DAYS: days(1, 90),
	VIGIE_PURGE_AT: z
		.string()
		.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM (e.g. 03:30)')
		.default('03:30'),
	ORIGIN: z
		.string()
		.regex(/^https?:\/\/[^/?#]+$/, 'must be the public address alone, e.g. https://vigie.example (no path)')
		.optional(),
	VIGIE_SIGN_IN_LOCK_S: seconds(1, 86_400, 900),
	VIGIE_SIGN_IN_LOCK_AFTER: z.coerce.number().int().min(2, 'must be at least 2 failures').max(100).default(10),
	VIGIE_RETAIN_AUDIT_DAYS: z.coerce.number().int().min(1, 'must be at least 1 day').max(36_500).default(366),
	VIGIE_PG_BIN: z.string().min(1).optional()
});

/** Variables whose values are secrets: never repeated in an error. */
const SECRET_VARIABLES = new Set([
	'VIGIE_UCCX_HISTORICAL_ODBC',
	'VIGIE_UCCX_HISTORICAL_ODBC_2',
	'VIGIE_UCCX_REALTIME_ODBC',
	'VIGIE_UCCX_REALTIME_ODBC_2',
	'VIGIE_FINESSE_PASSWORD'
]);

export class ConfigError extends Error {
	readonly problems: string[];

	constructor(problems: string[]) {
		super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'ConfigError';
		this.problems = problems;
	}
}

/** Reads the configuration, or throws one `ConfigError` that lists every bad variable at once. */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
	// Empty strings mean "unset", as they do in most shells' `VAR= cmd`.
	const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
	const parsed = schema.safeParse(present, { error: peopleRules });
	const describe = (name: string, message: string) =>
		SECRET_VARIABLES.has(name)
			? `${name} (value hidden): ${message}`
			: `${name}=${JSON.stringify(withoutPassword(env[name]))}: ${message}`;
	if (!parsed.success) {
		throw new ConfigError(parsed.error.issues.map((issue) => describe(String(issue.path[0]), issue.message)));
	}
	const v = parsed.data;
	const databaseUrl = v.DATABASE_URL ?? null;
	const uccx = uccxConfig(v);
	const problems = [...uccx.problems];
	if (v.VIGIE_DEMO === 'uccx' && !v.VIGIE_UCCX_DEMO_DATABASE_URL && !databaseUrl)
		problems.push(
			'VIGIE_DEMO=uccx keeps its emulated UCCX database in PostgreSQL (ODBC cannot reach the embedded database): set DATABASE_URL or VIGIE_UCCX_DEMO_DATABASE_URL=postgres://…'
		);
	if (problems.length > 0) throw new ConfigError(problems);
	return {
		port: v.PORT,
		host: v.HOST,
		databaseUrl,
		dataDir: path.resolve(v.VIGIE_DATA_DIR),
		timezone: v.VIGIE_TIMEZONE,
		dayStartMinutes: Number(v.VIGIE_DAY_START.slice(0, 2)) * 60 + Number(v.VIGIE_DAY_START.slice(3)),
		demo: v.VIGIE_DEMO === undefined ? databaseUrl === null : v.VIGIE_DEMO !== '0' && v.VIGIE_DEMO !== 'false',
		demoSource: v.VIGIE_DEMO === 'uccx' ? 'uccx' : 'events',
		ingestMaxBytes: v.VIGIE_INGEST_MAX_BYTES,
		logLevel: v.VIGIE_LOG_LEVEL,
		uccx: uccx.config,
		uccxDemoDatabaseUrl: v.VIGIE_UCCX_DEMO_DATABASE_URL ?? demoDatabaseBeside(databaseUrl),
		maxWaitHours: v.VIGIE_MAX_WAIT_H,
		maxStateHours: v.VIGIE_MAX_STATE_H,
		liveMaxReadsPerSecond: v.VIGIE_LIVE_MAX_READS_PER_S,
		retention: {
			days: {
				events: v.VIGIE_RETAIN_EVENTS_DAYS,
				agent_detail: v.VIGIE_RETAIN_AGENT_DETAIL_DAYS,
				callers: v.VIGIE_RETAIN_CALLERS_DAYS
			},
			purgeAtMinutes: Number(v.VIGIE_PURGE_AT.slice(0, 2)) * 60 + Number(v.VIGIE_PURGE_AT.slice(3))
		},
		origin: v.ORIGIN ?? null,
		signInLockSeconds: v.VIGIE_SIGN_IN_LOCK_S,
		signInLockAfter: v.VIGIE_SIGN_IN_LOCK_AFTER,
		auditRetentionDays: v.VIGIE_RETAIN_AUDIT_DAYS,
		pgBin: v.VIGIE_PG_BIN ? path.resolve(v.VIGIE_PG_BIN) : null
	};
}

/** The emulated UCCX database of `VIGIE_DEMO=uccx`, by default on the same server as Vigie's own. */
function demoDatabaseBeside(databaseUrl: string | null): string | null {
	if (databaseUrl === null) return null;
	const url = new URL(databaseUrl);
	url.pathname = '/vigie_uccx_demo';
	return url.href;
}

/** The UCCX part of the configuration, with what is missing or inconsistent said in the variables' names. */
function uccxConfig(v: z.infer<typeof schema>): { config: UccxConfig | null; problems: string[] } {
	const problems: string[] = [];
	const historicalOdbc = [v.VIGIE_UCCX_HISTORICAL_ODBC, v.VIGIE_UCCX_HISTORICAL_ODBC_2].filter(
		(s): s is string => s !== undefined
	);
	const realtimeOdbc = [v.VIGIE_UCCX_REALTIME_ODBC, v.VIGIE_UCCX_REALTIME_ODBC_2].filter(
		(s): s is string => s !== undefined
	);
	if (v.VIGIE_UCCX_HISTORICAL_ODBC_2 && !v.VIGIE_UCCX_HISTORICAL_ODBC)
		problems.push('VIGIE_UCCX_HISTORICAL_ODBC_2 is set without VIGIE_UCCX_HISTORICAL_ODBC (the first node)');
	if (v.VIGIE_UCCX_REALTIME_ODBC_2 && !v.VIGIE_UCCX_REALTIME_ODBC)
		problems.push('VIGIE_UCCX_REALTIME_ODBC_2 is set without VIGIE_UCCX_REALTIME_ODBC (the first node)');
	const nodes = (v.VIGIE_UCCX_NODES ?? []).map((node) => (/^https?:\/\//.test(node) ? node : `http://${node}`));
	if (nodes.length > 2) problems.push(`VIGIE_UCCX_NODES names ${nodes.length} nodes: a UCCX cluster has one or two`);
	if (nodes.length > 0 && realtimeOdbc.length > 0 && nodes.length !== realtimeOdbc.length)
		problems.push(
			`VIGIE_UCCX_NODES names ${nodes.length} node(s) but ${realtimeOdbc.length} VIGIE_UCCX_REALTIME_ODBC connection string(s) are set: give one per node, in the same order`
		);
	let finesse: FinesseConfig | null = null;
	const finesseSet = [v.VIGIE_FINESSE_URL, v.VIGIE_FINESSE_USER, v.VIGIE_FINESSE_PASSWORD, v.VIGIE_FINESSE_TEAMS].some(
		(value) => value !== undefined
	);
	if (finesseSet) {
		const missing = (
			[
				['VIGIE_FINESSE_URL', v.VIGIE_FINESSE_URL?.length],
				['VIGIE_FINESSE_USER', v.VIGIE_FINESSE_USER],
				['VIGIE_FINESSE_PASSWORD', v.VIGIE_FINESSE_PASSWORD],
				['VIGIE_FINESSE_TEAMS', v.VIGIE_FINESSE_TEAMS?.length]
			] as const
		)
			.filter(([, value]) => !value)
			.map(([name]) => name);
		if (missing.length > 0) problems.push(`Finesse is half configured: set ${missing.join(', ')} as well`);
		const badUrl = (v.VIGIE_FINESSE_URL ?? []).find((url) => !/^https?:\/\/[^/]+/.test(url));
		if (badUrl !== undefined)
			problems.push(`VIGIE_FINESSE_URL=${JSON.stringify(badUrl)}: must be an address like https://uccx-pub:8445`);
		const badTeam = (v.VIGIE_FINESSE_TEAMS ?? []).find((team) => !/^\d+$/.test(team));
		if (badTeam !== undefined)
			problems.push(
				`VIGIE_FINESSE_TEAMS=${JSON.stringify(badTeam)}: team ids are numbers (Finesse's Team id), comma-separated`
			);
		if (missing.length === 0 && badUrl === undefined && badTeam === undefined) {
			finesse = {
				urls: v.VIGIE_FINESSE_URL!.map((url) => url.replace(/\/+$/, '')),
				user: v.VIGIE_FINESSE_USER!,
				password: v.VIGIE_FINESSE_PASSWORD!,
				teams: v.VIGIE_FINESSE_TEAMS!,
				xmppUrl: v.VIGIE_FINESSE_XMPP_URL ?? null,
				xmppDomain: v.VIGIE_FINESSE_XMPP_DOMAIN ?? null
			};
		}
	}
	if (historicalOdbc.length === 0 && realtimeOdbc.length === 0 && !finesseSet) {
		if (nodes.length > 0)
			problems.push('VIGIE_UCCX_NODES is set but no UCCX source is (VIGIE_UCCX_*_ODBC, VIGIE_FINESSE_*)');
		return { config: null, problems };
	}
	return {
		config: {
			historical:
				historicalOdbc.length > 0
					? {
							odbc: historicalOdbc,
							pollSeconds: v.VIGIE_UCCX_HISTORICAL_POLL_S,
							overlapSeconds: v.VIGIE_UCCX_OVERLAP_S
						}
					: null,
			realtime: realtimeOdbc.length > 0 ? { odbc: realtimeOdbc, pollSeconds: v.VIGIE_UCCX_REALTIME_POLL_S } : null,
			nodes,
			finesse
		},
		problems
	};
}

/** A connection string's password never reaches a log, even in an error about that very string. */
function withoutPassword(value: string | undefined): string | undefined {
	// Up to the last '@': a password that was not percent-encoded may hold '/', '#' or '?'.
	return value?.replace(/(\/\/[^:/@]*:).*@/, '$1***@');
}

function isKnownTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}
