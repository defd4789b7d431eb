-- Run-time pauses (`adf pause`), separate from a pipeline's JSON isPaused: either one pauses it.
-- Kept across redeploys; `adf resume` deletes the row. name_key is the lower-cased pipeline name.
-- terminate: `adf pause --terminate`, running attempts of the pipeline are canceled (they end Canceled).
CREATE TABLE pipeline_pause (
  name_key     VARCHAR(260)             NOT NULL PRIMARY KEY,
  pipeline     VARCHAR(260)             NOT NULL,
  terminate    BOOLEAN                  NOT NULL,
  paused_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
