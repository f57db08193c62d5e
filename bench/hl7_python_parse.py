#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""python-hl7's parser (Debian's python3-hl7) on the same messages as caredesk-hl7-bench parse:
files split into messages, segments ended by CR, a BOM dropped.
    hl7_python_parse.py SECONDS FILE..."""
import re
import sys
import time

import hl7


def messages(path):
    data = open(path, "rb").read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    data = data.replace(b"\r\n", b"\r").replace(b"\n", b"\r")
    starts = [m.start() for m in re.finditer(rb"(?:^|(?<=\r))MSH", data)]
    return [data[a:b].decode("utf-8", "replace") for a, b in zip(starts, starts[1:] + [len(data)])]


seconds = float(sys.argv[1])
batch = [m for path in sys.argv[2:] for m in messages(path)]
size = sum(len(m.encode("utf-8")) for m in batch)
count = 0
start = time.perf_counter()
while time.perf_counter() - start < seconds:
    for message in batch:
        hl7.parse(message)
        count += 1
elapsed = time.perf_counter() - start
rate = count / elapsed
print(f"python_hl7_messages_per_second\t{rate:.0f}\t{rate * size / len(batch) / 1e6:.2f} MB/s")
