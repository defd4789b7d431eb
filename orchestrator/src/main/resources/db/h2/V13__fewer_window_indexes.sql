-- Issue 15: every index whose columns a status change changes costs each claim and each end of the
-- scheduling pass (docs/BENCHMARKS.md, "Fewer window indexes"). Two of them have other ways to their rows:
-- * NewestFirst pages read activity_window_activity_status (V5) backwards (H2 2.3 and PostgreSQL read an
--   ascending index backwards for an ORDER BY that is the index's order, every column descending);
-- * a scheduler's windows (owner_node) are active windows only: found through activity_window_state
--   (status, substatus), InProgress and Waiting/ComputeResources, then filtered by owner (SchedulerNodes).
DROP INDEX activity_window_activity_status_desc;
DROP INDEX activity_window_owner;
