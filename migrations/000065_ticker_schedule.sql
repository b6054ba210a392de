-- Ticker messages (issue 12 rough edges): a message may wait for its time ("réunion à 15 h" written at 9 h, shown
-- from 14 h 45) and may be urgent (shown first, in the alarm colours).
ALTER TABLE ticker_messages ADD COLUMN starts_at timestamptz;
ALTER TABLE ticker_messages ADD COLUMN urgent boolean NOT NULL DEFAULT false;
