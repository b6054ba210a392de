-- The caller's number (contract §1: optional on `call.queued`, at most 32 characters), kept with the leg so that a
-- supervisor can call back an abandoned call (the abandoned-calls report and `abandoned.csv`).
-- NOTE: personal data under the GDPR. It lives only here and in the raw events; the retention purge (ops) empties
-- it after its own, shorter period, and the figures never depend on it.
ALTER TABLE call_legs ADD COLUMN caller text CHECK (char_length(caller) <= 32);

-- A new event field is a new column of the pending events (see 000020), filled by the intake, read by the worker.
ALTER TABLE pending_events ADD COLUMN caller text;
