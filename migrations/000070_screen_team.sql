-- The floor at scale (issue 12): a screen may be kept to one team, as a team's supervisor wants it on the wall
-- above their desks: that team's agents on the board, and (with every queue) the queues those agents serve.
-- The team is the directory's (agent_directory.team, UCCX Team.teamName); NULL: every agent, as before.
ALTER TABLE screens ADD COLUMN team text CHECK (length(team) BETWEEN 1 AND 100);
