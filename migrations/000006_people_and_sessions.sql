-- People who sign in with a password (supervisors, managers, administrators), and their sessions.
-- Kiosks and connectors keep using tokens (api_tokens).

CREATE TABLE users (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name text NOT NULL UNIQUE,
	role text NOT NULL CHECK (role IN ('viewer', 'supervisor', 'manager', 'admin')),
	-- argon2id, with its own salt and cost parameters inside the string.
	password_hash text NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()
);

-- A session cookie is a random secret: only its SHA-256 is kept, with an absolute expiry.
CREATE TABLE sessions (
	secret_hash text PRIMARY KEY,
	user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at timestamptz NOT NULL DEFAULT now(),
	expires_at timestamptz NOT NULL
);

CREATE INDEX sessions_expires_at ON sessions (expires_at);
