-- The audit trail an auditor asks for (issue #10): who did what, on what, when, from which address, and how it
-- ended. The web processes and the command line write it; the admin page, `vigie audit` and GET /api/audit.csv
-- read it. Nothing secret goes in: tokens, passwords and session secrets never appear, only names.
CREATE TABLE audit_log (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at timestamptz NOT NULL DEFAULT now(),
	-- A person's or a token's name; `cli:<account>` for the command line; the name typed for a failed sign-in.
	actor text NOT NULL,
	actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'token', 'cli', 'anonymous')),
	-- What was done, dotted by area: `sign-in`, `screen.save`, `export`, … (src/lib/server/audit/audit.ts).
	action text NOT NULL,
	target text,
	-- The client's address as the web server sees it (behind a proxy: ADDRESS_HEADER), `local` for the CLI.
	address text,
	outcome text NOT NULL CHECK (outcome IN ('ok', 'refused', 'locked')),
	-- What else helps to read the line (an export's range, a role given); never a secret.
	detail jsonb
);

-- The page, the CLI and the export all read a range of time, newest first; retention deletes by time.
CREATE INDEX audit_log_at ON audit_log (at);

-- NOTE: failed sign-ins counted per account name (`user:<name>`, whether the name exists or not, so that the
-- answer never tells) and per client address (`address:<ip>`). Kept in the database, not in memory, so that
-- every web process and a restart see the same counts. A success clears its account's row.
CREATE TABLE sign_in_failures (
	key text PRIMARY KEY,
	failures integer NOT NULL,
	last_failure_at timestamptz NOT NULL,
	locked_until timestamptz
);
