-- Each attempt's run id (a random UUID, as an ADF activity run's RunId), made when the attempt starts.
-- It is part of the attempt's idempotency key, so two homes (or a home whose history was dropped by a
-- redeploy) that share one Livy server or engine never take each other's batches for their own
-- (Livy batch names are unique per server). Attempts from before this column have none.
ALTER TABLE attempt ADD COLUMN run_id VARCHAR(36);
