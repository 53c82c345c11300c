-- The first cut of Laurel's schema: programme (cycles, categories, questions,
-- criteria), people (users, judge panels, sessions), the mail outbox and the
-- audit log. Portable SQL: ids are UUIDs held as TEXT, times are UTC TIMESTAMPs.

CREATE TABLE cycles (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    theme TEXT NOT NULL DEFAULT '',
    reference_prefix TEXT NOT NULL,
    nominations_open_at TIMESTAMP NOT NULL,
    nominations_close_at TIMESTAMP NOT NULL,
    judging_close_at TIMESTAMP NOT NULL,
    results_published_at TIMESTAMP,
    blind_judging BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE categories (
    id TEXT PRIMARY KEY NOT NULL,
    cycle_id TEXT NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    eligibility TEXT NOT NULL DEFAULT '',
    judges_per_nomination INTEGER NOT NULL DEFAULT 3,
    shortlist_size INTEGER NOT NULL DEFAULT 3,
    position INTEGER NOT NULL,
    UNIQUE (cycle_id, slug)
);

CREATE TABLE questions (
    id TEXT PRIMARY KEY NOT NULL,
    category_id TEXT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    label TEXT NOT NULL,
    help TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    required BOOLEAN NOT NULL DEFAULT TRUE,
    max_words INTEGER,
    -- a JSON array of strings, for questions of kind 'choice'
    options TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL,
    UNIQUE (category_id, key)
);

CREATE TABLE criteria (
    id TEXT PRIMARY KEY NOT NULL,
    category_id TEXT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    weight INTEGER NOT NULL DEFAULT 1,
    scale_max INTEGER NOT NULL DEFAULT 10,
    position INTEGER NOT NULL,
    UNIQUE (category_id, key)
);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    -- stored lower-cased, so that lookups ignore case
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL,
    password_hash TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The categories a judge's panel covers.
CREATE TABLE judge_panels (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    category_id TEXT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, category_id)
);

-- Browser sessions and API tokens: only a SHA-256 hash of the secret is kept.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX sessions_user_id ON sessions (user_id);

-- Every email is a row here, written in the transaction of the change that
-- caused it, and delivered by the outbox worker.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    template TEXT NOT NULL,
    to_address TEXT NOT NULL,
    to_name TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    message_id TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_by TEXT,
    claimed_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    actor_label TEXT NOT NULL,
    action TEXT NOT NULL,
    subject_type TEXT NOT NULL DEFAULT '',
    subject_id TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
-- For counting recent failed logins per account and per address.
CREATE INDEX audit_log_action_subject ON audit_log (action, subject_id, at);
CREATE INDEX audit_log_action_ip ON audit_log (action, ip, at);

-- Single-use private links (judge invitations, password resets): only a
-- SHA-256 hash of the secret is kept, with its expiry and when it was used.
CREATE TABLE action_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    purpose TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX action_tokens_user ON action_tokens (user_id, purpose);
