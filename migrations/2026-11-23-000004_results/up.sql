-- Results: the organisers' decision on each nomination, and broadcasts (an
-- email to an audience, one outbox row per recipient, linked for progress).

CREATE TABLE decisions (
    nomination_id TEXT PRIMARY KEY NOT NULL REFERENCES nominations (id) ON DELETE CASCADE,
    -- shortlisted, winner, not_shortlisted or ineligible (a domain enum)
    decision TEXT NOT NULL,
    decided_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    decided_at TIMESTAMP NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX decisions_decision ON decisions (decision);

CREATE TABLE broadcasts (
    id TEXT PRIMARY KEY NOT NULL,
    cycle_id TEXT NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
    -- nominators, shortlisted, not_shortlisted, winners or judges
    audience TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX broadcasts_cycle ON broadcasts (cycle_id, created_at);

-- Which outbox rows a broadcast queued, so its progress can be counted.
CREATE TABLE broadcast_messages (
    broadcast_id TEXT NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    outbox_id TEXT NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    PRIMARY KEY (broadcast_id, outbox_id)
);
CREATE INDEX broadcast_messages_outbox ON broadcast_messages (outbox_id);
