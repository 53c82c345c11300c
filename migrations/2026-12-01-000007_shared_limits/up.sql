-- Fixed-window counters for the rate limits, shared by every instance on
-- one database: one row per limited key and window.
CREATE TABLE rate_counters (
    key TEXT NOT NULL,
    window_start TIMESTAMP NOT NULL,
    hits INTEGER NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_counters_expires_at ON rate_counters (expires_at);
