-- Per-period aggregates: the 15-minute rows every report, export and "today" figure is derived from.
-- 15-minute periods are cut in UTC: every real time zone's offset is a multiple of 15 minutes, so they are also
-- the zone's own quarters; 30/60-minute and daily periods are derived in the site's zone when read.

-- Reports pick legs by queue and queue-entry time.
CREATE INDEX call_legs_queue_queued_at ON call_legs (queue, queued_at);
-- Agent figures count answered calls by answer time.
CREATE INDEX call_legs_agent_answered_at ON call_legs (agent, answered_at) WHERE agent IS NOT NULL;

-- Counters per queue per 15 minutes, for the calls queued in that period (the period a call belongs to).
-- Durations are kept as sums in milliseconds so that any grouping of periods averages exactly.
CREATE TABLE queue_intervals (
	queue text NOT NULL REFERENCES queues (name),
	period_start timestamptz NOT NULL,
	offered integer NOT NULL,
	answered integer NOT NULL,
	abandoned integer NOT NULL,
	short_abandoned integer NOT NULL,
	dequeued integer NOT NULL,
	answered_within_sl integer NOT NULL,
	abandoned_within_sl integer NOT NULL,
	answered_wait_ms bigint NOT NULL,
	talk_ms bigint NOT NULL,
	talked integer NOT NULL,
	max_wait_ms bigint,
	sl_threshold_s integer NOT NULL,
	PRIMARY KEY (queue, period_start)
);

CREATE INDEX queue_intervals_period_start ON queue_intervals (period_start);

-- Time spent by each agent in each state per 15 minutes, cut exactly at period boundaries.
-- `reason` is '' when the state has none (not-ready reasons are only meaningful for not_ready).
CREATE TABLE agent_state_intervals (
	agent text NOT NULL,
	period_start timestamptz NOT NULL,
	state text NOT NULL,
	reason text NOT NULL,
	duration_ms bigint NOT NULL,
	PRIMARY KEY (agent, period_start, state, reason)
);

CREATE INDEX agent_state_intervals_period_start ON agent_state_intervals (period_start);

-- Calls each agent answered per 15 minutes, by answer time.
CREATE TABLE agent_answer_intervals (
	agent text NOT NULL,
	period_start timestamptz NOT NULL,
	answered integer NOT NULL,
	PRIMARY KEY (agent, period_start)
);

CREATE INDEX agent_answer_intervals_period_start ON agent_answer_intervals (period_start);
