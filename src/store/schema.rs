//! The database schema, written once for both backends (see the migrations).

diesel::table! {
    cycles (id) {
        id -> Text,
        slug -> Text,
        title -> Text,
        theme -> Text,
        reference_prefix -> Text,
        nominations_open_at -> Timestamp,
        nominations_close_at -> Timestamp,
        judging_close_at -> Timestamp,
        results_published_at -> Nullable<Timestamp>,
        blind_judging -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_reference_number -> Integer,
        contact_email -> Text,
        contact_phone -> Text,
    }
}

diesel::table! {
    categories (id) {
        id -> Text,
        cycle_id -> Text,
        slug -> Text,
        name -> Text,
        description -> Text,
        eligibility -> Text,
        judges_per_nomination -> Integer,
        shortlist_size -> Integer,
        position -> Integer,
    }
}

diesel::table! {
    questions (id) {
        id -> Text,
        category_id -> Text,
        key -> Text,
        label -> Text,
        help -> Text,
        kind -> Text,
        required -> Bool,
        max_words -> Nullable<Integer>,
        options -> Text,
        position -> Integer,
    }
}

diesel::table! {
    criteria (id) {
        id -> Text,
        category_id -> Text,
        key -> Text,
        name -> Text,
        description -> Text,
        weight -> Integer,
        scale_max -> Integer,
        position -> Integer,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        name -> Text,
        organisation -> Text,
        role -> Text,
        password_hash -> Nullable<Text>,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    judge_panels (user_id, category_id) {
        user_id -> Text,
        category_id -> Text,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        token_hash -> Text,
        user_id -> Text,
        kind -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        template -> Text,
        to_address -> Text,
        to_name -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        message_id -> Text,
        status -> Text,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        next_attempt_at -> Timestamp,
        claimed_by -> Nullable<Text>,
        claimed_until -> Nullable<Timestamp>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        actor_label -> Text,
        action -> Text,
        subject_type -> Text,
        subject_id -> Text,
        detail -> Text,
        ip -> Text,
    }
}

diesel::table! {
    action_tokens (id) {
        id -> Text,
        token_hash -> Text,
        purpose -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    nominations (id) {
        id -> Text,
        cycle_id -> Text,
        category_id -> Text,
        status -> Text,
        reference -> Nullable<Text>,
        number -> Nullable<Integer>,
        entry_method -> Text,
        entered_by -> Nullable<Text>,
        token_hash -> Text,
        idempotency_key -> Nullable<Text>,
        request_hash -> Nullable<Text>,
        nominator_name -> Text,
        nominator_email -> Text,
        nominator_job_title -> Text,
        nominator_organisation -> Text,
        nominator_phone -> Text,
        nominee_name -> Text,
        nominee_email -> Text,
        nominee_organisation -> Text,
        nominee_locality -> Text,
        certificate_name -> Text,
        answers -> Text,
        nominator_confirms -> Bool,
        search_text -> Text,
        status_reason -> Text,
        duplicate_of -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        submitted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    nominee_consents (nomination_id) {
        nomination_id -> Text,
        status -> Text,
        token_hash -> Nullable<Text>,
        method -> Text,
        recorded_by -> Nullable<Text>,
        requested_at -> Nullable<Timestamp>,
        decided_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    conflicts (id) {
        id -> Text,
        nomination_id -> Text,
        judge_id -> Text,
        kind -> Text,
        reason -> Text,
        source -> Text,
        status -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    assignments (id) {
        id -> Text,
        cycle_id -> Text,
        nomination_id -> Text,
        judge_id -> Text,
        status -> Text,
        scores -> Text,
        comment -> Text,
        abstain_reason -> Text,
        weighted_score -> Nullable<Double>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        submitted_at -> Nullable<Timestamp>,
        notified_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    decisions (nomination_id) {
        nomination_id -> Text,
        decision -> Text,
        decided_by -> Nullable<Text>,
        decided_at -> Timestamp,
        note -> Text,
    }
}

diesel::table! {
    broadcasts (id) {
        id -> Text,
        cycle_id -> Text,
        audience -> Text,
        subject -> Text,
        body -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    broadcast_messages (broadcast_id, outbox_id) {
        broadcast_id -> Text,
        outbox_id -> Text,
    }
}

diesel::joinable!(assignments -> nominations (nomination_id));
diesel::joinable!(assignments -> users (judge_id));
diesel::joinable!(conflicts -> nominations (nomination_id));
diesel::joinable!(categories -> cycles (cycle_id));
diesel::joinable!(action_tokens -> users (user_id));
diesel::joinable!(questions -> categories (category_id));
diesel::joinable!(criteria -> categories (category_id));
diesel::joinable!(judge_panels -> users (user_id));
diesel::joinable!(judge_panels -> categories (category_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(nominations -> categories (category_id));
diesel::joinable!(nominee_consents -> nominations (nomination_id));
diesel::joinable!(decisions -> nominations (nomination_id));
diesel::joinable!(broadcast_messages -> broadcasts (broadcast_id));
diesel::joinable!(broadcast_messages -> outbox (outbox_id));

diesel::table! {
    rate_counters (key, window_start) {
        key -> Text,
        window_start -> Timestamp,
        hits -> Integer,
        expires_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    cycles,
    categories,
    questions,
    criteria,
    users,
    judge_panels,
    sessions,
    outbox,
    audit_log,
    action_tokens,
    nominations,
    conflicts,
    assignments,
    nominee_consents,
    decisions,
    broadcasts,
    broadcast_messages,
);

diesel::allow_columns_to_appear_in_same_group_by_clause!(
    assignments::judge_id,
    assignments::status,
    nominations::category_id,
);

diesel::allow_columns_to_appear_in_same_group_by_clause!(
    broadcast_messages::broadcast_id,
    outbox::status,
);
