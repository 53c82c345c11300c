-- Judging: conflicts of interest, and the assignment of nominations to
-- judges, each carrying the judge's review (scores, comment, or abstention).

CREATE TABLE conflicts (
    id TEXT PRIMARY KEY NOT NULL,
    nomination_id TEXT NOT NULL REFERENCES nominations (id) ON DELETE CASCADE,
    judge_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- personal, organisational or other
    kind TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    -- declared (by the judge), organiser, or proposed (seen by Laurel)
    source TEXT NOT NULL,
    -- confirmed, proposed (blocks assignment until an organiser decides) or dismissed
    status TEXT NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP,
    UNIQUE (nomination_id, judge_id)
);
CREATE INDEX conflicts_judge ON conflicts (judge_id);

CREATE TABLE assignments (
    id TEXT PRIMARY KEY NOT NULL,
    cycle_id TEXT NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
    nomination_id TEXT NOT NULL REFERENCES nominations (id) ON DELETE CASCADE,
    judge_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- pending, draft, submitted or abstained
    status TEXT NOT NULL,
    -- a JSON object: criterion key -> whole-number score
    scores TEXT NOT NULL DEFAULT '{}',
    comment TEXT NOT NULL DEFAULT '',
    abstain_reason TEXT NOT NULL DEFAULT '',
    -- the weighted score on 0-10, kept when the review is submitted
    weighted_score DOUBLE PRECISION,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP,
    -- when the judge's digest email listed this assignment
    notified_at TIMESTAMP,
    UNIQUE (nomination_id, judge_id)
);
CREATE INDEX assignments_judge ON assignments (judge_id, status);
CREATE INDEX assignments_cycle ON assignments (cycle_id, status);
