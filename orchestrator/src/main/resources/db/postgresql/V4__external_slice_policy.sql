-- ADF v1 dataset policy externalData (adf-v1-semantics §3.2): the availability checks of an external
-- slice survive a restart. status: Waiting | Ready | Failed; substatus: ValidationRetry (a check found
-- no data, another is due at next_check), Validation (Failed: data absent or too small after the last
-- check), TimedOut (Failed: every check exceeded retryTimeout). checks counts checks made, timeouts
-- those that exceeded retryTimeout; message is the last check's result (one line, no secrets).
ALTER TABLE dataset_slice ADD COLUMN substatus VARCHAR(30);
ALTER TABLE dataset_slice ADD COLUMN timeouts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dataset_slice ADD COLUMN last_check TIMESTAMP WITH TIME ZONE;
ALTER TABLE dataset_slice ADD COLUMN next_check TIMESTAMP WITH TIME ZONE;
ALTER TABLE dataset_slice ADD COLUMN message VARCHAR(4000);
