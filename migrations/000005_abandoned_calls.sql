-- The abandoned-calls report and export list every abandoned leg of a range, all queues at once, in queue-entry
-- order. A partial index holds only those legs (a few percent of all), so reading a day of them never scans the
-- legs that were answered or dequeued. The predicate is the product's own "abandoned" outcome: not answered.
CREATE INDEX call_legs_abandoned_queued_at ON call_legs (queued_at)
	WHERE abandoned_at IS NOT NULL AND answered_at IS NULL;
