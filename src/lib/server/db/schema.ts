import type { ColumnType, Generated } from 'kysely';

/** A bigint column: pg returns int8 as a string to keep its precision. */
type Int8 = ColumnType<string, string | number | bigint, string | number | bigint>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** An identity column: the database numbers it, nobody writes it. */
type GeneratedId = ColumnType<string, never, never>;
/** A timestamp the database fills in by default. */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** The ledger of accepted event ids (the idempotency key); their content is in `pending_events` until applied. */
export interface EventsTable {
	seq: GeneratedId;
	id: string;
	type: string;
	at: Timestamp;
	source: string;
	received_at: DefaultedTimestamp;
}

/** An event accepted but not yet applied, with what the worker needs of it. */
export interface PendingEventsTable {
	seq: Int8;
	id: string;
	type: string;
	at: Timestamp;
	call: string | null;
	queue: string | null;
	agent: string | null;
	state: string | null;
	reason: string | null;
	queues: string[] | null;
	/** The caller's number of a `call.queued` (migration 000060). */
	caller: string | null;
}

export interface DeadLettersTable {
	id: GeneratedId;
	source: string;
	line: number | null;
	raw: string;
	error: string;
	received_at: DefaultedTimestamp;
}

export interface QueuesTable {
	name: string;
	sl_threshold_s: Generated<number>;
	short_abandon_s: Generated<number>;
	sl_variant: Generated<string>;
	created_at: DefaultedTimestamp;
}

export interface CallLegsTable {
	call: string;
	queue: string;
	queued_at: Timestamp | null;
	answered_at: Timestamp | null;
	agent: string | null;
	abandoned_at: Timestamp | null;
	dequeued_at: Timestamp | null;
	ended_at: Timestamp | null;
	/** The caller's number, from `call.queued` (migration 000060); personal data, purged early. */
	caller: string | null;
}

/** A queue's settings from `effective_from` until its next row (migration 000061). */
export interface QueueSettingsHistoryTable {
	queue: string;
	effective_from: Timestamp;
	sl_threshold_s: number;
	short_abandon_s: number;
	sl_variant: string;
	changed_at: DefaultedTimestamp;
	changed_by: string | null;
}

export interface AgentStatesTable {
	agent: string;
	at: Timestamp;
	event_id: string;
	state: string;
	reason: string | null;
	queues: string[] | null;
}

export interface ApiTokensTable {
	id: GeneratedId;
	name: string;
	role: string;
	token_hash: string;
	created_at: DefaultedTimestamp;
	/** Migration 000031: a kiosk token kept to one screen, its expiry, last use, revocation, creator. */
	screen: ColumnType<string | null, string | null | undefined, string | null>;
	expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
	last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
	last_used_address: ColumnType<string | null, string | null | undefined, string | null>;
	revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
	created_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Counters per queue per 15 minutes (migration 000002). Sums of durations in milliseconds. */
export interface QueueIntervalsTable {
	queue: string;
	period_start: Timestamp;
	offered: number;
	answered: number;
	abandoned: number;
	short_abandoned: number;
	dequeued: number;
	answered_within_sl: number;
	abandoned_within_sl: number;
	answered_wait_ms: Int8;
	talk_ms: Int8;
	talked: number;
	max_wait_ms: Int8 | null;
	sl_threshold_s: number;
}

export interface AgentStateIntervalsTable {
	agent: string;
	period_start: Timestamp;
	state: string;
	reason: string;
	duration_ms: Int8;
}

export interface AgentAnswerIntervalsTable {
	agent: string;
	period_start: Timestamp;
	answered: number;
}

export interface UsersTable {
	id: GeneratedId;
	name: string;
	role: string;
	password_hash: string;
	created_at: DefaultedTimestamp;
	/** Migration 000031. */
	disabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
	password_changed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SessionsTable {
	secret_hash: string;
	user_id: Int8;
	created_at: DefaultedTimestamp;
	expires_at: Timestamp;
}

/** Wall screens (migration 000004). */
export interface ScreensTable {
	name: string;
	layout: string;
	queues: string[] | null;
	rotation: string[];
	rotate_every_s: number;
	/** Migration 000050: what the header says; null: the name. */
	title: string | null;
	/** Migration 000070: only this team's agents (and, with every queue, the queues they serve); null: everyone. */
	team: ColumnType<string | null, string | null | undefined, string | null>;
	updated_at: DefaultedTimestamp;
}

/** Agent alarms' limits (migration 000064). */
export interface AgentStateLimitsTable {
	state: string;
	reason: string;
	warn_s: number;
	alarm_s: number;
}

/** A queue's alarm rules, or the site's (queue ''), migration 000071; NULL inherits. */
export interface QueueAlarmRulesTable {
	queue: string;
	min_offered: number | null;
	escalate_after_min: number | null;
}

export interface QueueThresholdsTable {
	queue: string;
	metric: string;
	warn: number;
	alarm: number;
}

export interface TickerMessagesTable {
	/** int8, read as a string like every bigint. */
	id: Generated<string>;
	text: string;
	screen: string | null;
	expires_at: Timestamp | null;
	created_at: DefaultedTimestamp;
	/** Migration 000065: shown from then on; null: at once. */
	starts_at: Timestamp | null;
	urgent: Generated<boolean>;
}

/** The UCCX connector's read positions (migration 000010). */
export interface UccxWatermarksTable {
	source_table: string;
	watermark: Timestamp;
	updated_at: DefaultedTimestamp;
}

export interface UccxStatusTable {
	part: 'historical' | 'realtime' | 'finesse';
	state: 'starting' | 'live' | 'stale' | 'failing';
	node: string | null;
	last_row_at: Timestamp | null;
	last_read_at: Timestamp | null;
	error: string | null;
	updated_at: DefaultedTimestamp;
}

export interface UccxSnapshotsTable {
	csq: string;
	node: string | null;
	figures: ColumnType<Record<string, number | null>, string, string>;
	source_time: string | null;
	read_at: Timestamp;
	moved_at: Timestamp;
	stale_since: Timestamp | null;
}

export interface AgentDirectoryTable {
	agent: string;
	display_name: string | null;
	team: string | null;
	source: string;
	updated_at: DefaultedTimestamp;
}

/** The audit trail (migration 000030). */
export interface AuditLogTable {
	id: GeneratedId;
	at: DefaultedTimestamp;
	actor: string;
	actor_kind: 'user' | 'token' | 'cli' | 'anonymous';
	action: string;
	target: string | null;
	address: string | null;
	outcome: 'ok' | 'refused' | 'locked';
	detail: ColumnType<Record<string, unknown> | null, string | null, string | null>;
}

/** Failed sign-ins per account name or address (migration 000030). */
export interface SignInFailuresTable {
	key: string;
	failures: number;
	last_failure_at: Timestamp;
	locked_until: Timestamp | null;
}

/** How far each kind of data has been purged (migration 000062). */
export interface RetentionHorizonsTable {
	kind: string;
	/** Events older than this are set aside, not applied: the rows their figures come from are going. */
	final_before: Timestamp;
	/** Everything before this is purged; the next purge starts here. */
	purged_before: ColumnType<Date, Date | string | undefined, Date | string>;
	started_at: Timestamp | null;
	finished_at: Timestamp | null;
}

/** Each start of the built-in simulator on this database (migration 000032). */
export interface DemoRunsTable {
	started_at: DefaultedTimestamp;
}

export interface Database {
	events: EventsTable;
	pending_events: PendingEventsTable;
	dead_letters: DeadLettersTable;
	queues: QueuesTable;
	queue_settings_history: QueueSettingsHistoryTable;
	call_legs: CallLegsTable;
	agent_states: AgentStatesTable;
	api_tokens: ApiTokensTable;
	queue_intervals: QueueIntervalsTable;
	agent_state_intervals: AgentStateIntervalsTable;
	agent_answer_intervals: AgentAnswerIntervalsTable;
	users: UsersTable;
	sessions: SessionsTable;
	screens: ScreensTable;
	agent_state_limits: AgentStateLimitsTable;
	queue_thresholds: QueueThresholdsTable;
	queue_alarm_rules: QueueAlarmRulesTable;
	ticker_messages: TickerMessagesTable;
	uccx_watermarks: UccxWatermarksTable;
	uccx_status: UccxStatusTable;
	uccx_snapshots: UccxSnapshotsTable;
	agent_directory: AgentDirectoryTable;
	audit_log: AuditLogTable;
	sign_in_failures: SignInFailuresTable;
	demo_runs: DemoRunsTable;
	retention_horizons: RetentionHorizonsTable;
}
