-- Vigie's first schema: the event log and its intake queue, the live call legs the worker keeps,
-- agent state changes, queue settings, and API tokens.

-- Every accepted event, once. `id` is the sender's idempotency key; `seq` orders the intake.
CREATE TABLE events (
	seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id text NOT NULL UNIQUE,
	type text NOT NULL,
	at timestamptz NOT NULL,
	body jsonb NOT NULL,
	source text NOT NULL,
	received_at timestamptz NOT NULL DEFAULT now()
);

-- NOTE: events accepted but not yet applied to the aggregates. A separate narrow table, rather than a flag
-- on `events`, keeps the worker's claim-and-delete cheap and makes `pending_events` on /readyz an exact count.
CREATE TABLE pending_events (
	seq bigint PRIMARY KEY REFERENCES events (seq) ON DELETE CASCADE
);

-- Lines that could not be accepted, with why: nothing sent to Vigie is silently dropped.
CREATE TABLE dead_letters (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	source text NOT NULL,
	line integer,
	raw text NOT NULL,
	error text NOT NULL,
	received_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX dead_letters_received_at ON dead_letters (received_at);

-- Queues (Cisco CSQs) appear the first time an event names them; their settings default to the contract's.
CREATE TABLE queues (
	name text PRIMARY KEY,
	sl_threshold_s integer NOT NULL DEFAULT 20 CHECK (sl_threshold_s > 0),
	short_abandon_s integer NOT NULL DEFAULT 5 CHECK (short_abandon_s >= 0),
	sl_variant text NOT NULL DEFAULT 'sl_abandon_negative_pct'
		CHECK (sl_variant IN ('sl_handled_pct', 'sl_no_abandon_pct', 'sl_abandon_positive_pct', 'sl_abandon_negative_pct')),
	created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per (call, queue): every call figure is kept per leg. Each column is filled by its event type and
-- merged with LEAST/GREATEST, so the row is the same whatever order or how often the events arrive.
CREATE TABLE call_legs (
	call text NOT NULL,
	queue text NOT NULL REFERENCES queues (name),
	queued_at timestamptz,
	answered_at timestamptz,
	agent text,
	abandoned_at timestamptz,
	dequeued_at timestamptz,
	ended_at timestamptz,
	PRIMARY KEY (call, queue)
);

-- The live "calls waiting" figure reads only the legs still in queue: keep that set small and indexed.
CREATE INDEX call_legs_waiting ON call_legs (queue, queued_at)
	WHERE queued_at IS NOT NULL AND answered_at IS NULL AND abandoned_at IS NULL AND dequeued_at IS NULL;

-- Every agent state change; an agent stays in `state` until its next row. `event_id` breaks ties at equal `at`.
CREATE TABLE agent_states (
	agent text NOT NULL,
	at timestamptz NOT NULL,
	event_id text NOT NULL,
	state text NOT NULL CHECK (state IN ('logged_out', 'not_ready', 'ready', 'reserved', 'talking', 'work')),
	reason text,
	queues text[],
	PRIMARY KEY (agent, at, event_id)
);

-- API and kiosk tokens. Only a SHA-256 of each is kept: tokens are long random strings, not passwords.
CREATE TABLE api_tokens (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name text NOT NULL,
	role text NOT NULL CHECK (role IN ('viewer', 'supervisor', 'manager', 'admin', 'ingest')),
	token_hash text NOT NULL UNIQUE,
	created_at timestamptz NOT NULL DEFAULT now()
);
