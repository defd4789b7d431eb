-- Issue 15: an attempt's end, recorded with its window's move by the group commit of the ends
-- (Store.finishAttempts, the scheduler's normal path), is one of its window's history events recorded on
-- the attempt row, as its start is since V14, instead of a window_event row of its own (an end wrote both:
-- docs/BENCHMARKS.md). end_from_status/end_from_substatus: the window's state the end moved it from;
-- end_to_status/end_to_substatus: the state it moved it to; end_reason: the event's reason;
-- end_after_event: the id of the latest window_event when the end was recorded, the end's place among the
-- window's events (after its own attempt's start). Ends recorded on their own (a window that changed
-- meanwhile) and ends from before this version have none of these: their end is a window_event row.
ALTER TABLE attempt ADD COLUMN end_from_status VARCHAR(20);
ALTER TABLE attempt ADD COLUMN end_from_substatus VARCHAR(30);
ALTER TABLE attempt ADD COLUMN end_to_status VARCHAR(20);
ALTER TABLE attempt ADD COLUMN end_to_substatus VARCHAR(30);
ALTER TABLE attempt ADD COLUMN end_reason VARCHAR(4000);
ALTER TABLE attempt ADD COLUMN end_after_event BIGINT;
-- Drawn once by each transaction that records ends on attempt rows: the live pages' change counter
-- (Pulse) moves with those ends, which add no window_event row. Not transactional: a rolled-back end
-- transaction moves it too, which only costs a page one refresh.
CREATE SEQUENCE history_change;
