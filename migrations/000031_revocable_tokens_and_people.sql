-- Access that can be managed and taken back (issue #10): tokens get an optional screen, an optional expiry, their
-- last use and a revocation; people can be disabled. Rows are kept when revoked or disabled, so that the audit
-- trail's names keep meaning something and a name is not silently reused.

-- A kiosk token may be kept to one screen (and the screens it rotates through).
ALTER TABLE api_tokens ADD COLUMN screen text;
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
-- Written at most once a minute per token: "is this token still used, and from where?"
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;
ALTER TABLE api_tokens ADD COLUMN last_used_address text;
ALTER TABLE api_tokens ADD COLUMN revoked_at timestamptz;
-- Who created it: a person's name, or `cli:<account>`.
ALTER TABLE api_tokens ADD COLUMN created_by text;

ALTER TABLE users ADD COLUMN disabled_at timestamptz;
ALTER TABLE users ADD COLUMN password_changed_at timestamptz;
