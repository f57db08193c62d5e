#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A real SMTP server for tests (Debian's python3-aiosmtpd) on loopback. Each message it takes
is written to DIR/NNNN.eml with its envelope in DIR/NNNN.json. Prints "READY <port>".

  smtp_sink.py --dir DIR [--port N] [--fail-first N] [--reject RCPT]"""
import argparse
import asyncio
import json
import os
import socket

from aiosmtpd.controller import Controller

parser = argparse.ArgumentParser()
parser.add_argument("--dir", required=True)
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--fail-first", type=int, default=0)
parser.add_argument("--reject", default="")
args = parser.parse_args()
os.makedirs(args.dir, exist_ok=True)


class Sink:
    def __init__(self):
        self.count = 0
        self.failures_left = args.fail_first

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == args.reject:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.failures_left > 0:
            self.failures_left -= 1
            return "451 4.3.0 try again later"
        self.count += 1
        stem = os.path.join(args.dir, "%04d" % self.count)
        with open(stem + ".eml", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(stem + ".json", "w", encoding="utf-8") as f:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos}, f)
        return "250 2.0.0 queued as %04d" % self.count


port = args.port
if port == 0:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
controller = Controller(Sink(), hostname="127.0.0.1", port=port)
controller.start()
print("READY %d" % port, flush=True)
try:
    asyncio.new_event_loop().run_forever()
finally:
    controller.stop()
