-- Agent alarms (issue 12): how long an agent may stay not ready (per reason) or in after-call work before the
-- agent board marks the card, amber then red. A reason without a row of its own takes its state's row with
-- reason '' (the state's default); the product's defaults apply when that row is missing too.
CREATE TABLE agent_state_limits (
	state text NOT NULL CHECK (state IN ('not_ready', 'work')),
	-- '' is the state's default; otherwise a not-ready reason exactly as the events name it ("Pause", "Déjeuner").
	reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 100),
	warn_s integer NOT NULL CHECK (warn_s > 0),
	alarm_s integer NOT NULL CHECK (alarm_s >= warn_s),
	PRIMARY KEY (state, reason)
);
