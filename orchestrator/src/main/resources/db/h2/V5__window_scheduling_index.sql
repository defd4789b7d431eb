-- The scheduling pass reads one activity's windows in one status, in WindowStart order, a page at a
-- time (Store.windowsOf); this index serves it whatever the number of windows.
CREATE INDEX activity_window_activity_status ON activity_window (pipeline, activity, status, window_start);
