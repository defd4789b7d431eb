-- Issue 15: a window that a full review found ready but beyond its activity's free concurrency slots is
-- shown Waiting/ConcurrencyLimit without a write of its own (a backfill's first review wrote one for nearly
-- every window of the backlog: 20 % of the scheduling pass, docs/BENCHMARKS.md). Each full review of an
-- activity records here when it ran (reviewed_at) and the latest WindowStart it found due (due_through,
-- null when none was). A Waiting window still stored as ScheduledTime, due by that review
-- (window_start <= due_through) and unchanged since it (updated_at <= reviewed_at), was examined by it and
-- found held back by concurrency alone (every other reason is written), so reads show it as
-- Waiting/ConcurrencyLimit (WindowStore.SHOWN_SUBSTATUS).
CREATE TABLE activity_review (
  pipeline      VARCHAR(260)             NOT NULL,
  activity      VARCHAR(260)             NOT NULL,
  reviewed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  due_through   TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (pipeline, activity)
);
