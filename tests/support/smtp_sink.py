#!/usr/bin/python3
"""A real SMTP server for Laurel's tests: it accepts every message and
writes each one to a directory.

Run it with Debian's Python (the `python3-aiosmtpd` package):

    /usr/bin/python3 tests/support/smtp_sink.py --dir DIR [--port 0] [--host 127.0.0.1]

Protocol with the test harness:

* Once the socket is bound, exactly one line `LISTENING <port>` is printed to
  stdout (and flushed); nothing else is ever written to stdout.
* Every accepted message becomes `DIR/<counter>-<uuid>.eml`, where <counter>
  is a zero-padded 6-digit number starting at 000001 (so a plain sort of the
  names is the order of arrival). The file holds two kinds of header lines
  describing the SMTP envelope, `X-Envelope-From: <addr>` and one
  `X-Envelope-To: <addr>` per recipient, followed by the raw DATA bytes
  exactly as received (CRLF line endings).
* Files are written under a temporary name starting with "." and ending in
  ".tmp", then renamed, so a reader that lists `*.eml` never sees a partial
  message.
* SIGTERM and SIGINT stop the server and exit with status 0. With
  `--exit-on-stdin-eof` it also exits when its stdin is closed, which is what
  happens when the test process that spawned it (with a piped stdin) dies.

Any sender and recipient is accepted; there is no AUTH and no STARTTLS.
"""

import argparse
import asyncio
import itertools
import logging
import os
import signal
import sys
import threading
import uuid

from aiosmtpd.smtp import SMTP


class DirectoryHandler:
    """aiosmtpd handler that stores each message as a file in `directory`."""

    def __init__(self, directory, reject=None):
        self.directory = directory
        # Recipients whose address contains this text are refused with 550.
        self.reject = reject
        # Runs on the event loop thread only, so no locking is needed.
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject in address:
            return "550 5.1.1 No such mailbox here: {}".format(address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        header = "X-Envelope-From: {}\r\n".format(envelope.mail_from or "")
        for rcpt in envelope.rcpt_tos:
            header += "X-Envelope-To: {}\r\n".format(rcpt)
        # original_content is the DATA section as bytes, dot-unstuffed,
        # without the final "." line.
        body = header.encode("utf-8") + envelope.original_content

        name = "{:06d}-{}.eml".format(next(self.counter), uuid.uuid4())
        tmp = os.path.join(self.directory, ".{}.tmp".format(name))
        with open(tmp, "wb") as f:
            f.write(body)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, os.path.join(self.directory, name))
        return "250 OK: message stored as {}".format(name)


def parse_args():
    p = argparse.ArgumentParser(description="SMTP server that stores messages as .eml files")
    p.add_argument("--dir", required=True, help="directory for the .eml files (created if missing)")
    p.add_argument("--port", type=int, default=0, help="port to bind, 0 = any free port (default)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--reject-containing", default=None,
                   help="answer 550 to recipients whose address contains this text")
    p.add_argument("--exit-on-stdin-eof", action="store_true",
                   help="exit when stdin reaches end of file (parent died)")
    return p.parse_args()


async def serve(args):
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    # Clean shutdown on SIGTERM / SIGINT.
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    # Optional watchdog: a blocking read of stdin in a daemon thread.
    if args.exit_on_stdin_eof:
        def watch_stdin():
            while sys.stdin.buffer.read(4096):
                pass
            loop.call_soon_threadsafe(stop.set)
        threading.Thread(target=watch_stdin, daemon=True).start()

    handler = DirectoryHandler(os.path.abspath(args.dir), args.reject_containing)
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="smtp-sink.test", enable_SMTPUTF8=True),
        host=args.host,
        port=args.port,
    )
    port = server.sockets[0].getsockname()[1]
    # The one line the harness waits for.
    sys.stdout.write("LISTENING {}\n".format(port))
    sys.stdout.flush()

    try:
        await stop.wait()
    finally:
        server.close()
        await server.wait_closed()


def main():
    args = parse_args()
    os.makedirs(args.dir, exist_ok=True)
    # aiosmtpd logs every session at INFO on the "mail.log" logger; keep
    # stderr for problems only.
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="smtp_sink: %(levelname)s %(message)s")
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
