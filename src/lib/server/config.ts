import path from 'node:path';
import { z } from 'zod';

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
	/** Largest accepted `POST /api/events` body, in bytes. */
	ingestMaxBytes: number;
	logLevel: string;
	/** A call still waiting after this many hours leaves the live figures: it is unfinished, not abandoned. */
	maxWaitHours: number;
	/** An agent state open longer than this many hours is closed in the live figures. */
	maxStateHours: number;
	/** Reads of the live figures per second a stream of changes may cause (0: no limit). */
	liveMaxReadsPerSecond: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const schema = z.object({
	PORT: z.coerce.number().int().min(1).max(65535).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
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
	VIGIE_DEMO: flag.optional(),
	VIGIE_INGEST_MAX_BYTES: z.coerce
		.number()
		.int()
		.min(1024)
		.default(10 * 1024 * 1024),
	VIGIE_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
	VIGIE_MAX_WAIT_H: z.coerce.number().gt(0, 'must be more than 0 hours').max(168).default(4),
	VIGIE_MAX_STATE_H: z.coerce.number().gt(0, 'must be more than 0 hours').max(168).default(12),
	VIGIE_LIVE_MAX_READS_PER_S: z.coerce.number().int().min(0).max(1000).default(20)
});

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
	const parsed = schema.safeParse(present);
	if (!parsed.success) {
		throw new ConfigError(
			parsed.error.issues.map((issue) => {
				const name = String(issue.path[0]);
				return `${name}=${JSON.stringify(withoutPassword(env[name]))}: ${issue.message}`;
			})
		);
	}
	const v = parsed.data;
	const databaseUrl = v.DATABASE_URL ?? null;
	return {
		port: v.PORT,
		host: v.HOST,
		databaseUrl,
		dataDir: path.resolve(v.VIGIE_DATA_DIR),
		timezone: v.VIGIE_TIMEZONE,
		dayStartMinutes: Number(v.VIGIE_DAY_START.slice(0, 2)) * 60 + Number(v.VIGIE_DAY_START.slice(3)),
		demo: v.VIGIE_DEMO ?? databaseUrl === null,
		ingestMaxBytes: v.VIGIE_INGEST_MAX_BYTES,
		logLevel: v.VIGIE_LOG_LEVEL,
		maxWaitHours: v.VIGIE_MAX_WAIT_H,
		maxStateHours: v.VIGIE_MAX_STATE_H,
		liveMaxReadsPerSecond: v.VIGIE_LIVE_MAX_READS_PER_S
	};
}

/** A connection string's password never reaches a log, even in an error about that very string. */
function withoutPassword(value: string | undefined): string | undefined {
	return value?.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}

function isKnownTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}
