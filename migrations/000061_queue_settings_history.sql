-- A queue's settings over time: a change takes effect from an instant and leaves the periods before it with the
-- settings then in force, so a report already sent to management keeps its figures and can say which threshold
-- they were computed with.
--
-- A row holds the whole of a queue's settings from `effective_from` until the next row of that queue. A queue
-- that was never changed has no row and uses its `queues` columns; its first change writes the settings it had
-- until then from '-infinity'. `queues` keeps the settings in force now (the live screens read them there).
-- `effective_from` is always the start of a 15-minute period, so a stored period is computed with one setting.
CREATE TABLE queue_settings_history (
	queue text NOT NULL REFERENCES queues (name),
	effective_from timestamptz NOT NULL,
	sl_threshold_s integer NOT NULL CHECK (sl_threshold_s BETWEEN 1 AND 3600),
	short_abandon_s integer NOT NULL CHECK (short_abandon_s BETWEEN 0 AND 3600),
	sl_variant text NOT NULL
		CHECK (sl_variant IN ('sl_handled_pct', 'sl_no_abandon_pct', 'sl_abandon_positive_pct', 'sl_abandon_negative_pct')),
	-- Who changed it and when, for the report's note (the audit log keeps the full trail).
	changed_at timestamptz NOT NULL DEFAULT now(),
	changed_by text,
	-- The worker reads "the last row at or before this period" through this key.
	PRIMARY KEY (queue, effective_from)
);
