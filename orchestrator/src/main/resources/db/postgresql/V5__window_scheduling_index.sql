-- The scheduling pass reads one activity's windows in one status, in WindowStart order, a page at a
-- time (Store.windowsOf); this index serves it whatever the number of windows.
CREATE INDEX activity_window_activity_status ON activity_window (pipeline, activity, status, window_start);
-- Output validation reads the windows in one state (Waiting/Validation, InProgress/Validating, ...)
-- across activities each pass (Store.windowsIn): few rows, found through this index.
CREATE INDEX activity_window_state ON activity_window (status, substatus);
