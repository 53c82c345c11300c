#!/usr/bin/env bash
# Email delivery benchmark. Builds a release binary; for each backend makes a
# fresh database with 10,000 demonstration nominations (`seed-demo`), starts
# the test SMTP server (tests/support/smtp_sink.py) and `laurel serve`, queues
# one email to every nominator with a broadcast (`POST /api/v1/cycles/{id}/broadcasts`)
# and times until the SMTP server holds every message and the outbox has
# nothing pending or sending (`GET /api/v1/outbox`). Prints one line per backend.
#
#   bench/mail.sh                      both backends, 10,000 emails
#   BACKENDS=sqlite bench/mail.sh      one backend
#   EMAILS=2000 bench/mail.sh          fewer emails
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BACKENDS=${BACKENDS:-"sqlite postgres"}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
EMAILS=${EMAILS:-10000}
LIMIT=${LIMIT:-300}
PORT=${PORT:-18191}
SMTP_PORT=${SMTP_PORT:-12591}
PY=/usr/bin/python3
PASSWORD="benchmark passphrase"

# BIN=path/to/laurel skips the build and uses that binary.
if [[ -z ${BIN:-} ]]; then
    cargo build --release --locked 2>&1 | tail -1
    BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/laurel
fi
WORK=${WORK:-$(mktemp -d)}
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
api() { curl -fs "http://127.0.0.1:$PORT/api/v1/$1" -H "authorization: Bearer $TOKEN" "${@:2}"; }
received() { find "$1" -name '*.eml' | wc -l; }
# Rows still to send: an empty JSON list answers "[]".
waiting() { [[ $(api "outbox?status=pending") != "[]" || $(api "outbox?status=sending") != "[]" ]]; }

for backend in $BACKENDS; do
    dir=$WORK/$backend
    mkdir -p "$dir/mail"
    if [[ $backend == sqlite ]]; then
        url="sqlite://$dir/laurel.db"
    else
        db="laurel_mail_$$"
        psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
        url="$PG/$db"
    fi
    DATABASE_URL=$url "$BIN" migrate >/dev/null
    DATABASE_URL=$url RUST_LOG=warn "$BIN" seed-demo --nominations "$EMAILS" --judges 12 >/dev/null
    echo "$PASSWORD" | DATABASE_URL=$url "$BIN" create-user --role organiser --email bench@laurel.test --name Bench >/dev/null

    $PY tests/support/smtp_sink.py --dir "$dir/mail" --port "$SMTP_PORT" >/dev/null 2>"$dir/sink.log" &
    sink=$!; PIDS+=("$sink")
    DATABASE_URL=$url SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" RUST_LOG=${RUST_LOG:-warn} \
        "$BIN" serve --bind "127.0.0.1:$PORT" >"$dir/server.log" 2>&1 &
    server=$!; PIDS+=("$server")
    for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
    TOKEN=$(curl -fs "http://127.0.0.1:$PORT/api/v1/auth/token" -H 'content-type: application/json' \
        -d "{\"email\":\"bench@laurel.test\",\"password\":\"$PASSWORD\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')
    cycle=$(api cycles | sed -E 's/^\[\{"id":"([^"]+)".*/\1/')

    start=$(now)
    queued=$(api "cycles/$cycle/broadcasts" -H 'content-type: application/json' \
        -d '{"audience":"nominators","subject":"Thank you, {{nominator_name}}","body":"Your nomination {{reference}} of {{nominee_name}} is with the judges."}' |
        sed -E 's/.*"queued":([0-9]+).*/\1/')
    queued_at=$(now)
    deadline=$(( $(date +%s) + LIMIT ))
    while (( $(received "$dir/mail") < queued )) || waiting; do
        if (( $(date +%s) > deadline )); then break; fi
        sleep 0.2
    done
    done_at=$(now)

    count=$(received "$dir/mail")
    unique=$(grep -rh -i -m1 --include="*.eml" "^Message-ID:" "$dir/mail" | sort -u | wc -l)
    if (( unique >= queued )) && ! waiting; then
        outcome="delivered in $(seconds "$start" "$done_at") s"
    else
        outcome="NOT delivered within $LIMIT s"
    fi
    printf '%-9s queued %s emails in %s s; %s (%s received, %s distinct Message-IDs, %s duplicates)\n' \
        "$backend" "$queued" "$(seconds "$start" "$queued_at")" "$outcome" "$count" "$unique" "$((count - unique))"

    kill "$server" "$sink" 2>/dev/null || true
    wait "$server" "$sink" 2>/dev/null || true
    if [[ $backend == postgres ]]; then psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; fi
done
