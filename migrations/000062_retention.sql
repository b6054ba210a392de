-- Retention (issues 11 and 13, docs/fr/donnees-personnelles.md): raw events, agent-level detail and callers'
-- numbers are kept for a period each (VIGIE_RETAIN_*), then purged every day in small batches; the queue figures
-- (queue_intervals) are kept.

-- How far each kind of data has been purged. `final_before` is written first, when a purge starts: from then on an
-- event older than it is set aside as a dead letter instead of being applied, since the rows its period would be
-- recomputed from are going (a late event must not rebuild a purged day's figures from itself alone).
-- `purged_before` is written once every batch is done: the next purge starts there, so a day is read only once,
-- and a purge cut short (a restart) takes up again where it stopped.
CREATE TABLE retention_horizons (
	kind text PRIMARY KEY CHECK (kind IN ('events', 'agent_detail', 'callers')),
	final_before timestamptz NOT NULL,
	purged_before timestamptz NOT NULL DEFAULT '-infinity',
	-- The last purge's start and end, for `vigie purge --dry-run`, the operations guide and supervision.
	started_at timestamptz,
	finished_at timestamptz
);

-- NOTE: the purge deletes by event time, a day at a time. BRIN indexes (a few pages each, for tables of tens of
-- millions of rows) find a day's block ranges because rows arrive nearly in time order; unlike a B-tree on `at`,
-- they cost the intake and the worker almost nothing to keep up (a B-tree on events.at would be one more index
-- insert per accepted event, the intake's hottest statement). Rows imported out of order (a history import) only
-- widen some ranges: the purge reads a little more, and stays correct.
CREATE INDEX events_at_brin ON events USING brin (at);
CREATE INDEX call_legs_queued_at_brin ON call_legs USING brin (queued_at);
CREATE INDEX agent_states_at_brin ON agent_states USING brin (at);

-- A leg whose `call.queued` never came (an answer seen alone) has no queue time: the purge finds those few by their
-- first known time. Partial: the index holds only them.
CREATE INDEX call_legs_never_queued ON call_legs ((coalesce(answered_at, abandoned_at, dequeued_at, ended_at)))
	WHERE queued_at IS NULL;
