-- Pending events carry their fields as columns rather than as a jsonb body, and lose two foreign keys.
--
-- NOTE (measured on a busy day of 128 agents, 72,281 events, PostgreSQL 15 on this 2-core machine):
-- - Reading `body->>'agent'`, `body->>'queue'`, … in every statement of a batch, and turning `body->'queues'` into
--   an array row by row, was most of the worker's cost: recording 5,781 agent states took 168 ms (29 µs each),
--   half of it in jsonb extraction. Columns are read for nothing, and the intake fills them from the event it has
--   already validated, so jsonb is parsed nowhere any more.
-- - `pending_events.seq REFERENCES events (seq)` checked every accepted event in a trigger: 47 ms of a 131 ms
--   intake statement of 5,000 events. The intake writes both rows in one statement, so the check can never fail.
-- - `call_legs.queue REFERENCES queues (name)` cost 21.7 ms of a 99.6 ms merge of 1,451 legs. The worker adds the
--   batch's queues in the same transaction, just before it merges the legs; nothing deletes a queue.
-- A new event field is a new column here, filled by the intake and read by the worker.
ALTER TABLE pending_events
	ADD COLUMN call text,
	ADD COLUMN queue text,
	ADD COLUMN agent text,
	ADD COLUMN state text,
	ADD COLUMN reason text,
	ADD COLUMN queues text[];

UPDATE pending_events SET
	call = body->>'call',
	queue = body->>'queue',
	agent = body->>'agent',
	state = body->>'state',
	reason = body->>'reason',
	queues = CASE WHEN body ? 'queues' THEN ARRAY(SELECT jsonb_array_elements_text(body->'queues')) END;

ALTER TABLE pending_events
	DROP COLUMN body,
	DROP CONSTRAINT pending_events_seq_fkey;

ALTER TABLE call_legs DROP CONSTRAINT call_legs_queue_fkey;
