-- Issue 15: an attempt's start is one of its window's history events, recorded on the attempt row instead
-- of a window_event row of its own (a claim wrote both, the same fact twice: docs/BENCHMARKS.md).
-- start_from_substatus: the Waiting substatus the window started from (null: plain Waiting);
-- start_after_event: the id of the latest window_event when the attempt was claimed, the start's place
-- among the window's events (it comes after every event with an id up to it, before every later one).
-- Attempts from before this version have neither: their start is a window_event row.
ALTER TABLE attempt ADD COLUMN start_from_substatus VARCHAR(30);
ALTER TABLE attempt ADD COLUMN start_after_event BIGINT;
