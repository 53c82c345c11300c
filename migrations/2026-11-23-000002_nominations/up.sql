-- Public nominations: the nominations themselves, the nominee's consent, and
-- the counter that numbers each cycle's references. Portable SQL: ids are
-- UUIDs held as TEXT, times are UTC TIMESTAMPs, answers are TEXT holding JSON.

-- The number of the cycle's last reference. A submission increments it in its
-- own write transaction, so references have neither gaps nor duplicates.
ALTER TABLE cycles ADD COLUMN last_reference_number INTEGER NOT NULL DEFAULT 0;

CREATE TABLE nominations (
    id TEXT PRIMARY KEY NOT NULL,
    cycle_id TEXT NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
    category_id TEXT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    -- draft, submitted, withdrawn, ineligible, duplicate (a domain enum)
    status TEXT NOT NULL,
    -- set on the first submission, like SMA16-0042; NULL for a draft
    reference TEXT,
    number INTEGER,
    -- online (the public form), api, phone or paper (entered by staff)
    entry_method TEXT NOT NULL,
    entered_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    -- SHA-256 of the secret in the nominator's private link
    token_hash TEXT NOT NULL UNIQUE,
    -- the API's Idempotency-Key, and a hash of the request it came with
    idempotency_key TEXT,
    request_hash TEXT,
    nominator_name TEXT NOT NULL,
    nominator_email TEXT NOT NULL DEFAULT '',
    nominator_job_title TEXT NOT NULL DEFAULT '',
    nominator_organisation TEXT NOT NULL DEFAULT '',
    nominator_phone TEXT NOT NULL DEFAULT '',
    nominee_name TEXT NOT NULL,
    nominee_email TEXT NOT NULL DEFAULT '',
    nominee_organisation TEXT NOT NULL DEFAULT '',
    nominee_locality TEXT NOT NULL DEFAULT '',
    certificate_name TEXT NOT NULL DEFAULT '',
    -- a JSON object of cleaned answers by question key
    answers TEXT NOT NULL DEFAULT '{}',
    nominator_confirms BOOLEAN NOT NULL DEFAULT FALSE,
    -- lower-cased reference, names and email, for the organisers' search
    search_text TEXT NOT NULL DEFAULT '',
    -- why an organiser marked it ineligible, or which reference it duplicates
    status_reason TEXT NOT NULL DEFAULT '',
    duplicate_of TEXT REFERENCES nominations (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP,
    UNIQUE (cycle_id, reference),
    UNIQUE (cycle_id, idempotency_key)
);
CREATE INDEX nominations_cycle_status ON nominations (cycle_id, status, category_id);
CREATE INDEX nominations_category ON nominations (category_id, status);

-- Whether the nominee agrees to be nominated and to have their story
-- published: asked by email when the nominee's address is given, or
-- recorded by staff from a phone call or a paper form.
CREATE TABLE nominee_consents (
    nomination_id TEXT PRIMARY KEY NOT NULL REFERENCES nominations (id) ON DELETE CASCADE,
    -- not_asked, pending, given, declined, recorded (a domain enum)
    status TEXT NOT NULL,
    -- SHA-256 of the secret in the nominee's link; NULL when none was sent
    token_hash TEXT UNIQUE,
    -- email, phone or paper
    method TEXT NOT NULL DEFAULT '',
    recorded_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    requested_at TIMESTAMP,
    decided_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX nominee_consents_status ON nominee_consents (status);

-- A nomination's history is read from the audit log.
CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id, at);
