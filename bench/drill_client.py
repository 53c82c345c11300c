#!/usr/bin/env python3
"""Load client for the drills: POSTs new nominations from several threads to
one or more Laurel servers for a fixed time, and writes the id of every
nomination that was answered 201 (one per line) to --out. Standard library only."""
import argparse
import collections
import json
import threading
import time
import urllib.error
import urllib.request

BODY = json.dumps({
    "category": "best-resource",
    "nominator": {"name": "Nora Nominator", "email": "nora@example.org"},
    "nominee": {"name": "The Fatigue Toolkit", "email": "toolkit@example.org"},
    "answers": {
        "resource_type": "Booklet or leaflet",
        "resource_description": "A booklet that helps people pace their energy.",
        "getting_and_using": "Free from GP surgeries.",
        "made_with_people": "Written with people living with chronic fatigue.",
        "difference_made": "Readers plan their week better.",
    },
    "submit": True,
}).encode()


def worker(urls, deadline, ids, errors, lock, index):
    n = index
    while time.monotonic() < deadline:
        url = urls[n % len(urls)] + "/api/v1/nominations"
        n += 1
        request = urllib.request.Request(url, data=BODY, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                body = json.loads(response.read())
                if response.status == 201:
                    with lock:
                        ids.append(body["id"])
        except urllib.error.HTTPError as error:
            with lock:
                errors.append(error.code)
        except OSError:
            # The server is down (a drill killed it): count it and go on.
            with lock:
                errors.append("connection")
            time.sleep(0.05)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", action="append", required=True)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    ids, errors, lock = [], [], threading.Lock()
    deadline = time.monotonic() + args.seconds
    threads = [threading.Thread(target=worker, args=(args.url, deadline, ids, errors, lock, i)) for i in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with open(args.out, "w") as out:
        out.write("\n".join(ids) + ("\n" if ids else ""))
    kinds = collections.Counter(str(error) for error in errors)
    print(f"created={len(ids)} errors={len(errors)} by_kind={dict(sorted(kinds.items()))}")


if __name__ == "__main__":
    main()
