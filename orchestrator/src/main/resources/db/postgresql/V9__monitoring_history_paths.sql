-- Found by the web view benchmark (docs/BENCHMARKS.md, issue 12) at 100,000 windows.

-- The "Recent" system view orders by the latest attempt's start and then the window's key: this index
-- has the whole order, so H2 reads a page off it and stops (with attempt_started_desc alone, which does
-- not fix the order of attempts that started at the same moment, it sorted every attempt).
CREATE INDEX attempt_recent ON attempt (started_at DESC, window_start DESC, pipeline, activity);

-- The "Recent" count is every window less those that never ran (attempts = 0): few windows, found here.
CREATE INDEX activity_window_attempts ON activity_window (attempts);

-- The overview's strips (RunHistory.strip) bound an activity's windows below by the latest one starting
-- at or before the strip's start: one entry of this index (descending in every column, so H2 reads it in
-- its own order for ORDER BY pipeline DESC, activity DESC, window_start DESC).
CREATE INDEX activity_window_activity_start_desc ON activity_window (pipeline DESC, activity DESC, window_start DESC);

-- attempt_recent's first column is attempt_started_desc's only one: it serves every lookup that did.
DROP INDEX attempt_started_desc;
