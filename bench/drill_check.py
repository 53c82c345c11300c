#!/usr/bin/env python3
"""Checks after a drill, and prints what it found as one JSON line:

* every nomination answered 201 is there: all of them looked up in the
  database, and the first --through-api of them asked for through the API as
  well (each answer takes a while on a large cycle);
* the outbox drains (read from the database, waiting at most --wait s):
  nothing pending, sending or failed;
* every queued email arrived at the SMTP server, matched by Message-ID, and
  how many arrived more than once. Delivery is at least once: a server
  killed between the SMTP server's acceptance and the commit that records it
  sends those messages again, with the same Message-ID, after the lease.
  --allow-duplicates says how many repeats the drill tolerates (0 unless a
  server was killed);
* with --expect-failed N, exactly N rows failed, each with its reason, and
  none of those arrived (the rest must all arrive as above).

Exits 1 when a nomination or an email is lost, the outbox does not drain, or
there are more repeats than allowed. Standard library only (psql for
PostgreSQL)."""
import argparse
import collections
import email
import json
import pathlib
import sqlite3
import subprocess
import sys
import time
import urllib.request

OUTBOX = "SELECT message_id, status, COALESCE(last_error, '') FROM outbox"
NOMINATIONS = "SELECT id FROM nominations"


def query(database, sql):
    """The rows of `sql`, as tuples of text."""
    if database.startswith("postgres"):
        out = subprocess.run(["psql", database, "-AtF", "|", "-c", sql], check=True, capture_output=True, text=True).stdout
        return [tuple(line.split("|")) for line in out.splitlines() if line]
    path = database.removeprefix("sqlite://").removeprefix("sqlite:")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30) as conn:
        return conn.execute(sql).fetchall()


def missing_through_api(url, token, ids):
    missing = 0
    for nomination in ids:
        request = urllib.request.Request(f"{url}/api/v1/nominations/{nomination}", headers={"Authorization": f"Bearer {token}"})
        try:
            urllib.request.urlopen(request, timeout=10).read()
        except Exception:  # noqa: BLE001 - any failure means it is not there
            missing += 1
    return missing


def received_message_ids(folder):
    """The left part of each received message's Message-ID, one per message."""
    ids = []
    for path in pathlib.Path(folder).glob("*.eml"):
        header = email.message_from_bytes(path.read_bytes()).get("Message-ID", "")
        ids.append(header.strip().strip("<>").split("@")[0])
    return ids


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--ids", required=True)
    parser.add_argument("--mail", required=True)
    parser.add_argument("--wait", type=float, default=150)
    parser.add_argument("--allow-duplicates", type=int, default=0)
    parser.add_argument("--through-api", type=int, default=100)
    parser.add_argument("--expect-failed", type=int, default=0)
    args = parser.parse_args()

    ids = [line.strip() for line in open(args.ids) if line.strip()]
    stored = {nomination for (nomination,) in query(args.database, NOMINATIONS)}
    missing = sum(1 for nomination in ids if nomination not in stored)
    missing_api = missing_through_api(args.url, args.token, ids[: args.through_api])

    deadline = time.monotonic() + args.wait
    while True:
        rows = query(args.database, OUTBOX)
        statuses = collections.Counter(status for _, status, _ in rows)
        if statuses["pending"] + statuses["sending"] == 0 or time.monotonic() > deadline:
            break
        time.sleep(1)
    failed = {message_id: reason for message_id, status, reason in rows if status == "failed"}
    queued = {message_id for message_id, _, _ in rows} - set(failed)
    # Give the last acceptances a moment to reach the folder.
    time.sleep(1)
    received = collections.Counter(received_message_ids(args.mail))
    duplicates = sum(count - 1 for count in received.values())
    lost = len(queued - set(received))
    strays = len(set(received) - queued)
    failed_without_reason = sum(1 for reason in failed.values() if not reason)
    failed_reasons = collections.Counter(reason[:80] for reason in failed.values())

    print(json.dumps({
        "nominations_answered_201": len(ids),
        "nominations_found": len(ids) - missing,
        "nominations_missing": missing,
        "nominations_asked_through_api": min(len(ids), args.through_api),
        "nominations_missing_through_api": missing_api,
        "emails_queued": len(rows),
        "outbox": dict(statuses),
        "emails_received": sum(received.values()),
        "distinct_message_ids": len(received),
        "duplicates": duplicates,
        "duplicates_allowed": args.allow_duplicates,
        "emails_lost": lost,
        "emails_not_queued": strays,
        "emails_failed": len(failed),
        "emails_failed_expected": args.expect_failed,
        "failed_without_reason": failed_without_reason,
        "failed_reasons": dict(failed_reasons),
    }))
    ok = (
        missing == 0
        and missing_api == 0
        and lost == 0
        and strays == 0
        and statuses["pending"] + statuses["sending"] == 0
        and len(failed) == args.expect_failed
        and failed_without_reason == 0
        and duplicates <= args.allow_duplicates
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
