-- The event's content moves to the pending queue, and `events` becomes a ledger.
-- The worker reads its batch from the pending rows alone: carrying each event's fields there spares it a lookup
-- into the whole, ever-growing event log for every batch. Once applied, an event's content lives on in
-- `call_legs` and `agent_states` (everything the aggregates are rebuilt from), so the ledger keeps only what
-- idempotency and auditing need: which ids were accepted, of what type and time, from where, and when.
ALTER TABLE pending_events
	ADD COLUMN id text,
	ADD COLUMN type text,
	ADD COLUMN at timestamptz,
	ADD COLUMN body jsonb;

UPDATE pending_events p SET id = e.id, type = e.type, at = e.at, body = e.body
FROM events e WHERE e.seq = p.seq;

ALTER TABLE pending_events
	ALTER COLUMN id SET NOT NULL,
	ALTER COLUMN type SET NOT NULL,
	ALTER COLUMN at SET NOT NULL,
	ALTER COLUMN body SET NOT NULL;

ALTER TABLE events DROP COLUMN body;
