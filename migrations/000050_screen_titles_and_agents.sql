-- The floor at scale (issue 12): a screen shows a title people read (its name is an address, "default" is no
-- title), and the contract's second screen out of the box, `agents`, the agent board of every queue.

-- What the screen's header says; NULL: the screen's name. Short enough to stay on one line across the room.
ALTER TABLE screens ADD COLUMN title text CHECK (length(title) BETWEEN 1 AND 60);

-- Contract §3: a screen named `agents` exists out of the box. A site that already made its own keeps it.
INSERT INTO screens (name, layout, queues) VALUES ('agents', 'agents', NULL) ON CONFLICT (name) DO NOTHING;
