#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a large synthetic bulk export for the cache benchmarks.

Every resource is a clone of one of the real Synthea resources in the 10-patient bulk export,
given new ids, identifiers, names and dates, so the shapes (and sizes) are those of a real
export. Output, in OUT_DIR:
  chunk-NNNN.ndjson  patients, then their encounters, then their medication requests
  replies.ndjson     Communications from patients that open triage items
The population is the same for the same arguments (seeded), and nothing here is real.

  cache_population.py OUT_DIR [--patients N] [--encounters E] [--medications M]
                              [--chunk C] [--replies R]
"""

import argparse
import copy
import json
import os
import random
import uuid
from datetime import date, datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SOURCE = os.path.join(HERE, "..", "..", "shared", "testdata", "fhir-r4",
                              "bulk-10-patients")

FAMILIES = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Castillo", "Novak", "Haddad",
            "Ferreira", "Kowalski", "Nakamura", "Brennan", "Adeyemi", "Varga", "Quispe"]
GIVENS = ["Amara", "Jonas", "Lucia", "Mateo", "Ines", "Tomasz", "Yuki", "Farah", "Diego",
          "Helga", "Kwame", "Rosa", "Anil", "Mirela", "Oskar", "Leila"]
# Replies the built-in classifier treats as emergent or urgent, so each one opens an item.
REPLY_TEXTS = ["No fever but chest pain since this morning",
               "I can't breathe and have chest pain",
               "chest pain again tonight, worse than before"]


def read_lines(source, name):
    with open(os.path.join(source, name), encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def new_id(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def shift_text(text, days):
    """Moves a FHIR date or dateTime by whole days, keeping its precision and offset."""
    if not text:
        return text
    if len(text) == 10:
        return (date.fromisoformat(text) + timedelta(days=days)).isoformat()
    moved = datetime.fromisoformat(text) + timedelta(days=days)
    return moved.isoformat()


def make_patient(template, rng, serial):
    patient = copy.deepcopy(template)
    pid = new_id(rng)
    patient["id"] = pid
    patient.pop("text", None)
    for identifier in patient.get("identifier", []):
        system = identifier.get("system", "")
        if "synthea" in system or "smarthealthit" in system:
            identifier["value"] = pid
        else:
            identifier["value"] = "B%09d-%s" % (serial, system[-6:])
    family = "%s%d" % (rng.choice(FAMILIES), serial)
    given = [rng.choice(GIVENS), rng.choice(GIVENS)]
    for name in patient.get("name", []):
        name["family"] = family
        name["given"] = given
    days = rng.randint(-3650, 3650)
    patient["birthDate"] = shift_text(patient.get("birthDate"), days)
    patient.pop("deceasedDateTime", None)
    for telecom in patient.get("telecom", []):
        telecom["value"] = "555-%03d-%04d" % (serial // 10000 % 1000, serial % 10000)
    return patient, pid, days


def make_encounter(template, rng, pid, days):
    encounter = copy.deepcopy(template)
    eid = new_id(rng)
    encounter["id"] = eid
    for identifier in encounter.get("identifier", []):
        identifier["value"] = eid
    encounter["subject"] = {"reference": "Patient/" + pid}
    period = encounter.get("period", {})
    for key in ("start", "end"):
        if key in period:
            period[key] = shift_text(period[key], days)
    for participant in encounter.get("participant", []):
        inner = participant.get("period", {})
        for key in ("start", "end"):
            if key in inner:
                inner[key] = shift_text(inner[key], days)
    return encounter, eid


def make_medication(template, rng, pid, eid, days):
    medication = copy.deepcopy(template)
    medication["id"] = new_id(rng)
    medication["subject"] = {"reference": "Patient/" + pid}
    medication["encounter"] = {"reference": "Encounter/" + eid}
    medication["authoredOn"] = shift_text(medication.get("authoredOn"), days)
    return medication


def make_reply(rng, pid, serial):
    received = datetime(2026, 12, 1, 8, 0) + timedelta(seconds=37 * serial)
    return {
        "resourceType": "Communication",
        "id": new_id(rng),
        "status": "completed",
        "medium": [{"text": "sms"}],
        "subject": {"reference": "Patient/" + pid},
        "sender": {"reference": "Patient/" + pid},
        "received": received.isoformat() + "Z",
        "payload": [{"contentString": rng.choice(REPLY_TEXTS)}],
    }


def dump(resource):
    return json.dumps(resource, separators=(",", ":"), ensure_ascii=False) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--patients", type=int, default=100000)
    parser.add_argument("--encounters", type=int, default=2, help="per patient")
    parser.add_argument("--medications", type=int, default=2, help="per patient")
    parser.add_argument("--chunk", type=int, default=5000, help="patients per file")
    parser.add_argument("--replies", type=int, default=10000)
    parser.add_argument("--source", default=DEFAULT_SOURCE)
    parser.add_argument("--seed", type=int, default=20261203)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    patients = read_lines(args.source, "Patient.000.ndjson")
    encounters = read_lines(args.source, "Encounter.000.ndjson")
    medications = read_lines(args.source, "MedicationRequest.000.ndjson")
    os.makedirs(args.out_dir, exist_ok=True)

    ids = []
    resources = 0
    for first in range(0, args.patients, args.chunk):
        name = os.path.join(args.out_dir, "chunk-%04d.ndjson" % (first // args.chunk))
        lines = {"Patient": [], "Encounter": [], "MedicationRequest": []}
        for serial in range(first, min(first + args.chunk, args.patients)):
            patient, pid, days = make_patient(rng.choice(patients), rng, serial)
            ids.append(pid)
            lines["Patient"].append(dump(patient))
            encounter_ids = []
            for _ in range(args.encounters):
                encounter, eid = make_encounter(rng.choice(encounters), rng, pid, days)
                encounter_ids.append(eid)
                lines["Encounter"].append(dump(encounter))
            for index in range(args.medications):
                eid = encounter_ids[index % len(encounter_ids)] if encounter_ids else new_id(rng)
                lines["MedicationRequest"].append(
                    dump(make_medication(rng.choice(medications), rng, pid, eid, days)))
        with open(name, "w", encoding="utf-8") as handle:
            for kind in ("Patient", "Encounter", "MedicationRequest"):
                handle.writelines(lines[kind])
                resources += len(lines[kind])

    with open(os.path.join(args.out_dir, "replies.ndjson"), "w", encoding="utf-8") as handle:
        for serial, pid in enumerate(rng.sample(ids, min(args.replies, len(ids)))):
            handle.write(dump(make_reply(rng, pid, serial)))
    print("%d patients, %d resources in chunks, %d replies" %
          (len(ids), resources, min(args.replies, len(ids))))


if __name__ == "__main__":
    main()
