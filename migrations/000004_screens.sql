-- Wall screens, per-queue thresholds and the supervisors' ticker messages: the screens' own configuration.
-- Small tables read whole by each web process when they change (a `vigie_changes` NOTIFY with payload `config`).

-- A screen is what one wall display shows: a layout over a set of queues, optionally rotating with other screens.
CREATE TABLE screens (
	name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9_-]{1,64}$'),
	layout text NOT NULL DEFAULT 'queues' CHECK (layout IN ('queues', 'agents', 'charts')),
	-- NULL shows every queue, including queues that appear later.
	queues text[],
	-- The screens shown in turn after this one, each for `rotate_every_s`; empty: no rotation.
	rotation text[] NOT NULL DEFAULT '{}',
	rotate_every_s integer NOT NULL DEFAULT 20 CHECK (rotate_every_s BETWEEN 5 AND 3600),
	updated_at timestamptz NOT NULL DEFAULT now()
);

-- The contract promises a `default` screen showing every queue, out of the box.
INSERT INTO screens (name, layout, queues) VALUES ('default', 'queues', NULL);

-- A queue's own thresholds for one figure; figures without a row use the product's defaults.
-- No foreign key to `queues`: a site may set a queue's thresholds before its first call makes it known.
-- NOTE: for figures where less is worse (service level), `alarm` is below `warn`: the direction is in the values,
-- so one pair of columns serves every figure and the form cannot express a contradiction.
CREATE TABLE queue_thresholds (
	queue text NOT NULL,
	metric text NOT NULL CHECK (metric IN ('waiting', 'longest_waiting_s', 'service_level_pct', 'abandon_rate_pct')),
	warn double precision NOT NULL,
	alarm double precision NOT NULL,
	PRIMARY KEY (queue, metric)
);

-- One line scrolling at the bottom of the screens; `screen` NULL is for every screen.
CREATE TABLE ticker_messages (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	text text NOT NULL CHECK (length(text) BETWEEN 1 AND 280),
	screen text REFERENCES screens (name) ON DELETE CASCADE,
	expires_at timestamptz,
	created_at timestamptz NOT NULL DEFAULT now()
);
