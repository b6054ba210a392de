-- Alarms that rank (issue 12): the minimum volume under which a queue's rates take no colour (no red on 3 calls)
-- and the minutes after which a lasting alarm escalates were the product's constants (10 calls, 5 minutes). A site
-- sets its own defaults, and a queue its own over them, in the thresholds grid.
-- The row whose queue is '' holds the site's defaults; a NULL field inherits (queue → site → product).
CREATE TABLE queue_alarm_rules (
	queue text PRIMARY KEY,
	min_offered integer CHECK (min_offered BETWEEN 0 AND 10000),
	escalate_after_min integer CHECK (escalate_after_min BETWEEN 1 AND 1440)
);
