-- The progress line (Store.windowCounts, issue 15) counts, about once a second, the Waiting windows
-- that have not ended yet (laid out ahead of the clock): a range of this index, however many Waiting
-- windows a backfill has (docs/BENCHMARKS.md, issue 15).
CREATE INDEX activity_window_status_end ON activity_window (status, window_end);
