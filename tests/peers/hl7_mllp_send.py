#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sends the messages of HL7 v2 files over MLLP with python-hl7's asyncio client (Debian's
python3-hl7) and prints one line per message: the file, MSA-1 and MSA-2 of the ACK.

Unlike mllp_send --loose it keeps each message's bytes as they are (a byte-order mark, LF or
CRLF line ends, short MSH-2), only taking MLLP framing bytes out of the file and cutting it where
a segment line starts with MSH.

    hl7_mllp_send.py HOST PORT FILE...
"""
import asyncio
import re
import sys

from hl7.mllp import open_hl7_connection

START = re.compile(rb"(?:^|(?<=[\r\n]))(?:\xef\xbb\xbf)?MSH")


def messages(data):
    data = bytes(b for b in data if b not in (0x0B, 0x1C))
    starts = [m.start() for m in START.finditer(data)]
    for begin, end in zip(starts, starts[1:] + [len(data)]):
        chunk = data[begin:end].rstrip(b"\r\n")
        if chunk:
            yield chunk


def msa(ack):
    for segment in re.split(rb"[\r\n]+", ack):
        if segment.startswith(b"MSA"):
            fields = segment.split(segment[3:4])
            return fields[1].decode("ascii", "replace"), fields[2].decode("ascii", "replace")
    return "?", "?"


async def send(host, port, paths):
    reader, writer = await open_hl7_connection(host, port)
    for path in paths:
        with open(path, "rb") as f:
            for message in messages(f.read()):
                writer.writeblock(message)
                await writer.drain()
                ack = await asyncio.wait_for(reader.readblock(), timeout=30)
                code, acked = msa(ack)
                print(f"{path}\t{code}\t{acked}", flush=True)
    writer.close()
    await writer.wait_closed()


if __name__ == "__main__":
    asyncio.run(send(sys.argv[1], int(sys.argv[2]), sys.argv[3:]))
