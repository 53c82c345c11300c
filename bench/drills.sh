#!/usr/bin/env bash
# Resilience drills against a release build, each bounded in time:
#   1. kill -9 of the server in the middle of a POST load (SQLite): after a
#      restart every nomination answered 201 exists, and every queued email is
#      delivered; the few the killed server had sent but not yet recorded are
#      sent again after the lease, with the same Message-ID (counted and
#      reported as duplicates; at most the rows the worker had in hand);
#   2. the SMTP server stopped for 30 s under load, then started again: no
#      email lost, none sent twice;
#   3. two Laurel instances on one PostgreSQL database, load split between
#      them: nothing lost, no email sent twice;
#   4. PostgreSQL restarted (`pg_ctl restart -m fast`, a server of the
#      drill's own started with initdb, never the shared one) in the middle
#      of a POST load: requests meanwhile answer 503 (never 500), /readyz is
#      200 again within seconds, nothing answered 201 is lost, no email is
#      sent twice.
#   5. outbox faults under load (SQLite): a poisoned row (a recipient's name
#      with CR/LF, as an older Laurel could store) and an SMTP server that
#      answers 550 to addresses containing "reject": nothing stalls, every
#      other email arrives once, and exactly the poisoned and refused ones
#      are failed, each with its reason.
# Each prints the load client's count and one JSON line of what the check
# found, then PASS or FAIL. Usage: bench/drills.sh [1 2 3 4 5]   (all by default)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DRILLS=${*:-"1 2 3 4 5"}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
PASSWORD="drill passphrase 1"
PY=/usr/bin/python3
# BIN=path/to/laurel skips the build and uses that binary.
if [[ -z ${BIN:-} ]]; then
    cargo build --release --locked 2>&1 | tail -1
    BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/laurel
fi
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

start_sink() { # dir port [extra sink options]
    $PY tests/support/smtp_sink.py --dir "$1" --port "$2" "${@:3}" >/dev/null 2>&1 &
    SINK=$!; PIDS+=("$SINK"); sleep 0.5
}
start_server() { # url port sink-port
    DATABASE_URL=$1 SMTP_URL=smtp://127.0.0.1:$3 LAUREL_PUBLIC_RATE_PER_MINUTE=0 RUST_LOG=warn \
        "$BIN" serve --bind "127.0.0.1:$2" >>"$WORK/server-$2.log" 2>&1 &
    SERVER=$!; PIDS+=("$SERVER")
    for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$2/readyz" >/dev/null 2>&1 && return 0; sleep 0.1; done
    cat "$WORK/server-$2.log"; exit 1
}
prepare() { # url
    DATABASE_URL=$1 "$BIN" migrate >/dev/null
    echo "$PASSWORD" | DATABASE_URL=$1 "$BIN" create-user --role organiser --email drill@laurel.test --name Drill >/dev/null
}
token() { # port
    curl -fs "http://127.0.0.1:$1/api/v1/auth/token" -H 'content-type: application/json' \
        -d "{\"email\":\"drill@laurel.test\",\"password\":\"$PASSWORD\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}
# The load client's count of answers by status has no 500 in it.
no_server_errors() { ! grep -q "'500'" "$1"; }
result() { if "$@"; then echo "PASS"; else echo "FAIL"; FAILED=1; fi; }
# The check, bounded in time: nominations, outbox drained, emails by Message-ID.
check() { # port url dir allowed-duplicates [expected failed]
    result timeout 300 $PY bench/drill_check.py --url "http://127.0.0.1:$1" --token "$(token "$1")" \
        --database "$2" --ids "$3/ids" --mail "$3/mail" --allow-duplicates "$4" --expect-failed "${5:-0}"
}
# The most emails one worker has accepted but not yet recorded (two per
# connection, 32 connections by default; see src/mail/delivery.rs): the most
# a kill -9 can leave sent but unrecorded, so sent again after the lease.
IN_HAND=64
FAILED=0

for drill in $DRILLS; do
  case $drill in
  1)
    echo "== drill 1: kill -9 in the middle of a POST load (SQLite)"
    dir=$WORK/d1; mkdir -p "$dir/mail"; url="sqlite://$dir/laurel.db"
    prepare "$url"; start_sink "$dir/mail" 12525; start_server "$url" 18301 12525
    timeout 60 $PY bench/drill_client.py --url http://127.0.0.1:18301 --seconds 8 --threads 16 --out "$dir/ids" &
    client=$!
    sleep 3; kill -9 "$SERVER"; echo "killed the server at 3 s"
    sleep 1; start_server "$url" 18301 12525; echo "restarted"
    wait "$client"
    check 18301 "$url" "$dir" "$IN_HAND"
    kill "$SERVER" "$SINK" 2>/dev/null || true
    ;;
  2)
    echo "== drill 2: SMTP server down for 30 s under load (SQLite)"
    dir=$WORK/d2; mkdir -p "$dir/mail"; url="sqlite://$dir/laurel.db"
    prepare "$url"; start_sink "$dir/mail" 12526; start_server "$url" 18302 12526
    timeout 120 $PY bench/drill_client.py --url http://127.0.0.1:18302 --seconds 40 --threads 8 --out "$dir/ids" &
    client=$!
    sleep 5; kill "$SINK"; echo "SMTP down at 5 s"
    sleep 30; start_sink "$dir/mail" 12526; echo "SMTP back at 35 s"
    wait "$client"
    check 18302 "$url" "$dir" 0
    kill "$SERVER" "$SINK" 2>/dev/null || true
    ;;
  3)
    echo "== drill 3: two instances on one PostgreSQL database"
    dir=$WORK/d3; mkdir -p "$dir/mail"; db=laurel_drill_$$
    psql "$PG/postgres" -qc "CREATE DATABASE $db" >/dev/null; url="$PG/$db"
    prepare "$url"; start_sink "$dir/mail" 12527
    start_server "$url" 18303 12527; first=$SERVER
    start_server "$url" 18304 12527; second=$SERVER
    timeout 60 $PY bench/drill_client.py --url http://127.0.0.1:18303 --url http://127.0.0.1:18304 --seconds 10 --threads 16 --out "$dir/ids"
    check 18303 "$url" "$dir" 0
    kill "$first" "$second" "$SINK" 2>/dev/null || true
    sleep 1; psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
    ;;
  4)
    echo "== drill 4: PostgreSQL restarted in the middle of a POST load"
    dir=$WORK/d4; mkdir -p "$dir/mail" "$dir/pg"; chmod o+x "$WORK" "$dir"
    # initdb refuses to run as root: the drill's server runs as postgres.
    as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    [[ $(id -u) == 0 ]] && chown postgres "$dir/pg"
    PGBIN=/usr/lib/postgresql/15/bin; data=$dir/pg/data
    pgopts="-p 15434 -k $dir/pg -c listen_addresses=127.0.0.1"
    as_pg $PGBIN/initdb -D "$data" -U postgres --auth trust >/dev/null
    as_pg $PGBIN/pg_ctl start -w -D "$data" -l "$dir/pg/log" -o "$pgopts" >/dev/null
    url=postgres://postgres@127.0.0.1:15434/postgres
    prepare "$url"; start_sink "$dir/mail" 12528; start_server "$url" 18305 12528
    timeout 120 $PY bench/drill_client.py --url http://127.0.0.1:18305 --seconds 20 --threads 8 --out "$dir/ids" >"$dir/client" &
    client=$!
    sleep 5
    as_pg $PGBIN/pg_ctl restart -w -m fast -D "$data" -l "$dir/pg/log" -o "$pgopts" >/dev/null
    back=$(date +%s.%N); echo "PostgreSQL restarted at 5 s"
    for _ in $(seq 1 300); do curl -fs http://127.0.0.1:18305/readyz >/dev/null 2>&1 && break; sleep 0.1; done
    echo "/readyz answered 200 $(echo "$(date +%s.%N) - $back" | bc) s after the restart ended"
    wait "$client"; cat "$dir/client"
    echo "no request answered 500:"; result no_server_errors "$dir/client"
    check 18305 "$url" "$dir" 0
    kill "$SERVER" "$SINK" 2>/dev/null || true
    as_pg $PGBIN/pg_ctl stop -m immediate -D "$data" >/dev/null 2>&1 || true
      ;;
    5)
    echo "== drill 5: a poisoned row and 550 answers under load (SQLite)"
    dir=$WORK/d5; mkdir -p "$dir/mail"; url="sqlite://$dir/laurel.db"
    prepare "$url"; start_sink "$dir/mail" 12528 --reject-containing reject
    start_server "$url" 18305 12528
    timeout 60 $PY bench/drill_client.py --url http://127.0.0.1:18305 --seconds "${DRILL5_SECONDS:-8}" --threads 8 --out "$dir/ids" &
    client=$!
    sleep 2
    $PY - "$dir/laurel.db" <<'SQL'
import sqlite3, sys
with sqlite3.connect(sys.argv[1], timeout=30) as conn:
    conn.execute(
        "INSERT INTO outbox (id, template, to_address, to_name, subject, text_body, html_body, "
        "message_id, status, attempts, next_attempt_at, created_at) VALUES "
        "('00000000-0000-4000-8000-000000000bad', 'drill', 'poisoned@example.org', "
        "'Jim' || char(13) || char(10) || 'Bcc: j@evil.test', 'Poisoned', 't', '<p>h</p>', "
        "'drillpoisoned', 'pending', 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00')")
SQL
    echo "poisoned row inserted at 2 s"
    tok=$(token 18305)
    for n in $(seq 1 10); do
        who=judge$n; [[ $((n % 2)) -eq 0 ]] && who=reject$n
        curl -fs -o /dev/null "http://127.0.0.1:18305/api/v1/judges" -H "authorization: Bearer $tok" \
            -H 'content-type: application/json' -d "{\"email\":\"$who@judges.test\",\"name\":\"Judge $n\"}"
    done
    echo "10 judges invited, 5 to refused addresses"
    wait "$client"
    check 18305 "$url" "$dir" 0 6
    kill "$SERVER" "$SINK" 2>/dev/null || true
    ;;
  esac
done
exit $FAILED
