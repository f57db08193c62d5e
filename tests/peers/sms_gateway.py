#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A small SMS gateway for tests, on loopback: the HTTP API CareDesk's SmsGatewayClient speaks
(docs/consent.md). It keeps messages in memory, is idempotent on client_ref, answers delivery
receipts, and can be told to fail. Prints "READY <port>" when it listens.

  sms_gateway.py --token-file F [--port N] [--fail-first N] [--reject-to NUMBER]
                 [--undeliverable NUMBER] [--deliver-after SECONDS]
GET /log returns every message taken, in order (for the tests)."""
import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--token-file", required=True)
parser.add_argument("--fail-first", type=int, default=0)
parser.add_argument("--reject-to", default="")
parser.add_argument("--undeliverable", default="")
parser.add_argument("--deliver-after", type=float, default=0.0)
args = parser.parse_args()
with open(args.token_file, encoding="utf-8") as f:
    token = f.read().strip()

lock = threading.Lock()
messages = []  # in the order taken
by_ref = {}
failures_left = [args.fail_first]


def status_of(message):
    if time.monotonic() - message["taken"] < args.deliver_after:
        return "sent"
    return "undelivered" if message["to"] == args.undeliverable else "delivered"


def public(message):
    return {"id": message["id"], "client_ref": message["client_ref"], "to": message["to"],
            "status": status_of(message), "body": message["body"]}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *unused):  # quiet: message bodies stay out of the test log
        pass

    def answer(self, code, body, headers=None):
        data = json.dumps(body).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def authorised(self):
        if self.headers.get("Authorization") == "Bearer " + token:
            return True
        self.answer(401, {"error": "bad token"})
        return False

    def do_POST(self):
        if urlparse(self.path).path != "/messages" or not self.authorised():
            return self.answer(404, {"error": "no such endpoint"})
        length = int(self.headers.get("Content-Length", "0"))
        try:
            body = json.loads(self.rfile.read(length))
        except ValueError:
            return self.answer(400, {"error": "not JSON"})
        ref = body.get("client_ref") or self.headers.get("Idempotency-Key")
        if not ref or not body.get("to") or not body.get("body"):
            return self.answer(422, {"error": "to, body and client_ref are required"})
        with lock:
            if failures_left[0] > 0:
                failures_left[0] -= 1
                return self.answer(503, {"error": "busy"}, {"Retry-After": "1"})
            if body["to"] == args.reject_to:
                return self.answer(400, {"error": "invalid number"})
            if ref in by_ref:
                return self.answer(200, public(by_ref[ref]))
            message = {"id": "SM%06d" % (len(messages) + 1), "client_ref": ref,
                       "to": body["to"], "body": body["body"], "taken": time.monotonic()}
            messages.append(message)
            by_ref[ref] = message
            return self.answer(201, public(message))

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/log":
            with lock:
                return self.answer(200, {"messages": [public(m) for m in messages]})
        if not self.authorised():
            return
        with lock:
            if url.path == "/messages":
                ref = parse_qs(url.query).get("client_ref", [""])[0]
                found = [public(by_ref[ref])] if ref in by_ref else []
                return self.answer(200, {"messages": found})
            if url.path.startswith("/messages/"):
                wanted = url.path[len("/messages/"):]
                for message in messages:
                    if message["id"] == wanted:
                        return self.answer(200, public(message))
        return self.answer(404, {"error": "not found"})


server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
print("READY %d" % server.server_address[1], flush=True)
server.serve_forever()
