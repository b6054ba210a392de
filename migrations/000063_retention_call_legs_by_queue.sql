-- The retention purge finds a day's call legs through call_legs_queue_queued_at (queue, queued_at), one range per
-- queue, rather than through a BRIN index on queued_at (000062).
--
-- NOTE (measured by bench:retention on a year of the seed site): a leg is updated long after it was written (the
-- callers' number emptied after 90 days, the agent after a year); its new version lands in the table's newest
-- pages, so those pages hold legs of every day, their BRIN ranges span the year, and every day's purge read them
-- all: after the first purge emptied 2.58 million numbers, one batch of the next day's purge took 2.1 s under the
-- aggregates' lock. The B-tree is exact whatever the rows' physical order. events and agent_states are never
-- updated, so their BRIN indexes stay tight.
DROP INDEX call_legs_queued_at_brin;
