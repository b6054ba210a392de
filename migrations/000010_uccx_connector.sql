-- The live Cisco UCCX connector (issue #9, docs/uccx.md). It runs in the worker process; what it must remember
-- across restarts, and what web processes show of it, lives here.

-- How far each historical table has been read: the newest source time seen (UTC). Every poll re-reads from
-- `watermark - VIGIE_UCCX_OVERLAP_S`, since UCCX writes a call's rows only when the agent's wrap-up ends; event ids
-- come from the rows' keys, so a row read twice counts once. Saved only once the poll's events are accepted.
CREATE TABLE uccx_watermarks (
	source_table text PRIMARY KEY,
	watermark timestamptz NOT NULL,
	updated_at timestamptz NOT NULL DEFAULT now()
);

-- The state of each part of the connector (historical, realtime, finesse), for /readyz, /metrics and
-- `vigie check uccx`: web processes and the CLI read it here. No secret is ever written to `error`.
CREATE TABLE uccx_status (
	part text PRIMARY KEY CHECK (part IN ('historical', 'realtime', 'finesse')),
	state text NOT NULL CHECK (state IN ('starting', 'live', 'stale', 'failing')),
	node text,
	last_row_at timestamptz,
	last_read_at timestamptz,
	error text,
	updated_at timestamptz NOT NULL DEFAULT now()
);

-- The latest real-time snapshot (RtCSQsSummary) of each CSQ, and the system-wide one (RtICDStatistics) under an
-- empty name. `figures` holds the snapshot's counters as UCCX wrote them (durations in milliseconds).
-- `source_time` is the row's own enddatetime, as text: its zone is the UCCX server's and only its movement
-- matters. `moved_at` is when Vigie last saw it change, `stale_since` when Vigie decided it had stopped moving
-- (or could no longer be read): the screens show that tile as stale, since then.
CREATE TABLE uccx_snapshots (
	csq text PRIMARY KEY,
	node text,
	figures jsonb NOT NULL,
	source_time text,
	read_at timestamptz NOT NULL,
	moved_at timestamptz NOT NULL,
	stale_since timestamptz
);

-- Who each agent is, as UCCX names them (Resource.resourceName, Team.teamName), for screens that show people's
-- names and teams rather than login ids. Filled by the connector from the historical name tables.
CREATE TABLE agent_directory (
	agent text PRIMARY KEY,
	display_name text,
	team text,
	source text NOT NULL,
	updated_at timestamptz NOT NULL DEFAULT now()
);
