-- What a successful attempt reports (a JSON object, no secrets): the Copy activity's data read and
-- written, files, rows, throughput, duration, copyBehavior and method, as ADF's activity run output.
ALTER TABLE attempt ADD COLUMN output TEXT;
