#!/usr/bin/env python3
"""Checks after a drill: every nomination answered 201 exists; the outbox is
drained; every queued email arrived exactly once (by Message-ID). Prints what
it found and exits 1 when something is lost or doubled."""
import argparse
import email
import json
import pathlib
import sys
import time
import urllib.request


def metrics(url):
    text = urllib.request.urlopen(url + "/metrics", timeout=10).read().decode()
    counts = {}
    for line in text.splitlines():
        if line.startswith("laurel_outbox_messages{"):
            status = line.split('status="')[1].split('"')[0]
            counts[status] = int(float(line.rsplit(" ", 1)[1]))
    return counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--ids", required=True)
    parser.add_argument("--mail", required=True)
    parser.add_argument("--wait", type=float, default=150)
    args = parser.parse_args()

    ids = [line.strip() for line in open(args.ids) if line.strip()]
    missing = 0
    for nomination in ids:
        request = urllib.request.Request(f"{args.url}/api/v1/nominations/{nomination}", headers={"Authorization": f"Bearer {args.token}"})
        try:
            urllib.request.urlopen(request, timeout=10).read()
        except Exception:  # noqa: BLE001 - any failure means it is not there
            missing += 1

    deadline = time.monotonic() + args.wait
    counts = metrics(args.url)
    while counts.get("pending", 0) + counts.get("sending", 0) > 0 and time.monotonic() < deadline:
        time.sleep(1)
        counts = metrics(args.url)
    time.sleep(2)
    message_ids = []
    for path in pathlib.Path(args.mail).glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes())
        message_ids.append(message.get("Message-ID", ""))
    unique = len(set(message_ids))
    doubled = len(message_ids) - unique
    queued = sum(counts.values())
    print(json.dumps({
        "nominations_answered_201": len(ids),
        "nominations_missing": missing,
        "emails_queued": queued,
        "outbox": counts,
        "emails_received": len(message_ids),
        "emails_unique": unique,
        "emails_sent_twice": doubled,
    }))
    ok = missing == 0 and doubled == 0 and counts.get("pending", 0) == 0 and counts.get("sending", 0) == 0 and unique == counts.get("sent", 0)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
