#!/usr/bin/env bash
# Load benchmarks. Builds a release binary, starts it on SQLite and then on
# PostgreSQL, seeds it, drives each scenario with wrk from 127.0.0.1 for a
# bounded time, and prints one table: requests/s, p50, p99, errors, and the
# server's peak memory (VmHWM) after the scenario.
#
#   bench/load.sh                 both backends, 10 s per scenario, 32 connections
#                                 (4 for the signed-in pages: PAGE_CONNECTIONS)
#   DURATION=30s bench/load.sh    longer runs
#   BACKENDS=sqlite bench/load.sh one backend
#   DURATION=2s NOMINATIONS=200 JUDGES=20 BIN=target/debug/laurel bench/load.sh
#                                 a quick check that the script itself works
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
# The signed-in pages are loaded as a few people at once would use them.
PAGE_CONNECTIONS=${PAGE_CONNECTIONS:-4}
THREADS=${THREADS:-2}
BACKENDS=${BACKENDS:-"sqlite postgres"}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
NOMINATIONS=${NOMINATIONS:-10000}
JUDGES=${JUDGES:-500}
PORT=${PORT:-18181}
PASSWORD="benchmark passphrase"

command -v wrk >/dev/null || apt-get install -y -qq wrk
# BIN=path/to/laurel runs a binary already built (a short check of the script).
if [[ -z ${BIN:-} ]]; then
    cargo build --release --locked 2>&1 | tail -1
    BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/laurel
fi
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT

printf '%-9s %-44s %10s %9s %9s %7s %9s\n' backend scenario "req/s" p50 p99 errors "peak MB"

# One wrk run; prints a table row.
scenario() {
    local backend=$1 name=$2 shift_args=("${@:3}")
    local out connections=${SCENARIO_CONNECTIONS:-$CONNECTIONS}
    out=$(wrk -t"$THREADS" -c"$connections" -d"$DURATION" --latency "${shift_args[@]}" 2>&1)
    local rps p50 p99 non2xx sock redirects peak
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1=="50%" {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    sock=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' <<<"$out")
    # Counted by get_with_cookie.lua: a signed-in page that redirects failed.
    redirects=$(awk '/^Redirects:/ {print $2}' <<<"$out")
    peak=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$SERVER_PID/status")
    printf '%-9s %-44s %10s %9s %9s %7s %9s\n' "$backend" "$name" "${rps:-?}" "${p50:-?}" "${p99:-?}" "$(( ${non2xx:-0} + ${sock:-0} + ${redirects:-0} ))" "$peak"
}

# A request timed alone, ten times; prints a table row with the median and the
# worst. With COLD=1 each is preceded (untimed) by a write, a new API token,
# so that nothing computed before is served from memory.
timing() {
    local backend=$1 name=$2 url=$3 times
    times=$(for _ in $(seq 1 10); do
        if [[ ${COLD:-0} == 1 ]]; then new_token >/dev/null; fi
        curl -fs -o /dev/null -w '%{time_total}\n' "$url" -H "authorization: Bearer $TOKEN"
    done | sort -n)
    printf '%-9s %-44s %10s %8.1fms %8.1fms %7s %9s\n' "$backend" "$name" "1 at a time" \
        "$(sed -n 5p <<<"$times" | awk '{print $1*1000}')" "$(tail -1 <<<"$times" | awk '{print $1*1000}')" 0 \
        "$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$SERVER_PID/status")"
}

# A value from the JSON on standard input, by a Python subscript such as [0]["id"].
json() { python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }

# Signs in through the login form; prints the session cookie's value. Stops
# the run if the sign-in fails (no redirect to a dashboard, or no cookie):
# the signed-in scenarios would measure the sign-in page instead.
sign_in() { # base email password
    local jar csrf answer cookie
    jar=$(mktemp)
    csrf=$(curl -fs -c "$jar" "$1/login" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed -E 's/.*value="([^"]*)"/\1/')
    answer=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "$jar" -c "$jar" "$1/login" \
        --data-urlencode "csrf_token=$csrf" --data-urlencode "email=$2" --data-urlencode "password=$3")
    cookie=$(awk '$6 == "laurel_session" {print $7}' "$jar")
    if [[ ! $answer =~ ^303\ .*/(organiser|judge)$ || -z $cookie ]]; then
        echo "signing in as $2 failed: $answer" >&2
        exit 1
    fi
    echo "$cookie"
}

# The database's durability settings, printed with the figures they explain.
durability() { # backend url
    if [[ $1 == sqlite ]]; then
        # synchronous is set by the server on each connection (compiled in);
        # the journal mode is kept in the file.
        echo "# sqlite: $(strings "$BIN" | grep -o 'PRAGMA synchronous = [A-Z]*' | head -1), journal_mode = $(sqlite3 "${2#sqlite://}" 'PRAGMA journal_mode')"
    else
        echo "# postgres: synchronous_commit = $(psql "$2" -Atc 'SHOW synchronous_commit'), fsync = $(psql "$2" -Atc 'SHOW fsync')"
    fi
}

# Asks the API for a new organiser token (a write); prints it.
new_token() {
    curl -fs "http://127.0.0.1:$PORT/api/v1/auth/token" -H 'content-type: application/json' \
        -d "{\"email\":\"bench@laurel.test\",\"password\":\"$PASSWORD\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}

start_server() {
    local url=$1
    DATABASE_URL=$url LAUREL_PUBLIC_RATE_PER_MINUTE=0 RUST_LOG=warn LAUREL_MAIL_DIR="$WORK/mail" \
        "$BIN" serve --bind "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
        curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    cat "$WORK/server.log"; exit 1
}

stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }

for backend in $BACKENDS; do
    if [[ $backend == sqlite ]]; then
        url="sqlite://$WORK/bench.db"
    else
        db="laurel_bench_$$"
        psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
        url="$PG/$db"
    fi
    DATABASE_URL=$url "$BIN" migrate >/dev/null
    DATABASE_URL=$url "$BIN" seed >/dev/null
    if "$BIN" seed-demo --help >/dev/null 2>&1; then
        DATABASE_URL=$url "$BIN" seed-demo --nominations "$NOMINATIONS" --judges "$JUDGES" --reviews >/dev/null
    fi
    echo "$PASSWORD" | DATABASE_URL=$url "$BIN" create-user --role organiser --email bench@laurel.test --name Bench >/dev/null
    start_server "$url"
    durability "$backend" "$url"
    base="http://127.0.0.1:$PORT"
    TOKEN=$(new_token)
    export TOKEN

    CYCLE=$(curl -fs "$base/api/v1/cycles" | json '[0]["id"]')
    JUDGE=$(curl -fs "$base/api/v1/judges" -H "authorization: Bearer $TOKEN" | json '[0]["email"]')
    ORGANISER_COOKIE=$(sign_in "$base" bench@laurel.test "$PASSWORD")
    JUDGE_COOKIE=$(sign_in "$base" "$JUDGE" "demo judge passphrase")
    ASSIGNMENT=$(curl -fs "$base/judge" -H "cookie: laurel_session=$JUDGE_COOKIE" \
        | grep -o '/judge/assignments/[0-9a-f-]*' | head -1)

    # Before the POST load, so the pages see the seeded 10,000 nominations.
    SCENARIO_CONNECTIONS=$PAGE_CONNECTIONS COOKIE=$JUDGE_COOKIE scenario "$backend" "GET judge's nomination page" -s bench/get_with_cookie.lua "$base$ASSIGNMENT"
    SCENARIO_CONNECTIONS=$PAGE_CONNECTIONS COOKIE=$ORGANISER_COOKIE scenario "$backend" "GET /organiser/nominations (50 a page)" -s bench/get_with_cookie.lua "$base/organiser/nominations"
    SCENARIO_CONNECTIONS=$PAGE_CONNECTIONS COOKIE=$ORGANISER_COOKIE scenario "$backend" "GET /organiser/results" -s bench/get_with_cookie.lua "$base/organiser/results"
    SCENARIO_CONNECTIONS=$PAGE_CONNECTIONS scenario "$backend" "GET /api/v1/nominations?per_page=50" -s bench/get_with_token.lua "$base/api/v1/nominations?per_page=50&page=3"
    COLD=1 timing "$backend" "results computed (GET .../results)" "$base/api/v1/cycles/$CYCLE/results"
    timing "$backend" "results again, unchanged (from memory)" "$base/api/v1/cycles/$CYCLE/results"
    timing "$backend" "shortlist exported (shortlist.csv)" "$base/api/v1/cycles/$CYCLE/export/shortlist.csv"
    scenario "$backend" "GET /" "$base/"
    scenario "$backend" "GET /nominate/best-resource" "$base/nominate/best-resource"
    scenario "$backend" "POST /api/v1/nominations" -s bench/post_nomination.lua "$base/api/v1/nominations"
    stop_server
    if [[ $backend == postgres ]]; then psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; fi
done
