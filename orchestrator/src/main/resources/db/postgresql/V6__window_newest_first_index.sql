-- NewestFirst pages (Store.windowsOf, newest first) read off this descending index; H2 reads an index
-- backwards for ORDER BY only when the index itself is descending.
CREATE INDEX activity_window_activity_status_desc
  ON activity_window (pipeline DESC, activity DESC, status DESC, window_start DESC);
-- activity_window_state (status, substatus) serves every lookup by status that this one (V1) did.
DROP INDEX activity_window_status;
