#!/usr/bin/env bash
# API fuzzing: schemathesis generates requests from /api/v1/openapi.json and
# checks that no answer is a 5xx and that answers conform to the document,
# once anonymously and once with an organiser's token, bounded in examples.
#   bench/fuzz.sh              20 examples per operation
#   EXAMPLES=200 bench/fuzz.sh deeper
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
EXAMPLES=${EXAMPLES:-20}
PORT=${PORT:-18401}
PASSWORD="fuzzing passphrase 1"
VENV=${VENV:-${CARGO_TARGET_DIR:-$PWD/target}/fuzz-venv}
if [[ ! -x $VENV/bin/schemathesis ]]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "schemathesis>=4,<5"
fi
cargo build --locked 2>&1 | tail -1
BIN=${CARGO_TARGET_DIR:-$PWD/target}/debug/laurel
WORK=$(mktemp -d)
url="sqlite://$WORK/fuzz.db"
DATABASE_URL=$url "$BIN" migrate >/dev/null
echo "$PASSWORD" | DATABASE_URL=$url "$BIN" create-user --role organiser --email fuzz@laurel.test --name Fuzz >/dev/null
DATABASE_URL=$url LAUREL_MAIL_DIR=$WORK/mail LAUREL_PUBLIC_RATE_PER_MINUTE=0 RUST_LOG=error \
    "$BIN" serve --bind "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
base="http://127.0.0.1:$PORT"
TOKEN=$(curl -fs "$base/api/v1/auth/token" -H 'content-type: application/json' \
    -d "{\"email\":\"fuzz@laurel.test\",\"password\":\"$PASSWORD\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')

# Token-ending operations are left out so the organiser's run keeps its token.
common=(--checks not_a_server_error,response_schema_conformance,status_code_conformance
        --max-examples "$EXAMPLES" --url "$base" --exclude-path /api/v1/auth/token
        --exclude-path /api/v1/auth/sign-out-everywhere --exclude-path /api/v1/users/{id}/deactivate
        --suppress-health-check all --no-color)
echo "== anonymous"
"$VENV/bin/schemathesis" run "${common[@]}" "$base/api/v1/openapi.json"
echo "== organiser"
"$VENV/bin/schemathesis" run "${common[@]}" --header "Authorization: Bearer $TOKEN" "$base/api/v1/openapi.json"
if grep -q "panicked" "$WORK/server.log"; then
    echo "the server panicked:"; grep -A5 panicked "$WORK/server.log"; exit 1
fi
