-- Each start of the built-in traffic simulator on this database (issue #10, item 12). Its presence marks the
-- database as a demo's: real events are refused there rather than mixed with simulated calls, and the simulator
-- refuses to start on a database that holds real events. One small table, read by a cheap EXISTS at each intake.
CREATE TABLE demo_runs (
	started_at timestamptz PRIMARY KEY DEFAULT now()
);
