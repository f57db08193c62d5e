// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/store/Schema.h"

namespace CareDesk {

namespace {

QStringList version1()
{
    return {
        // Identity: the one table with names and contact details, keyed by master ID.
        QStringLiteral("CREATE TABLE patients (master_id TEXT PRIMARY KEY, family TEXT, "
                       "given TEXT, birth_date TEXT, gender TEXT, phone TEXT, language TEXT, "
                       "updated_at TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE patient_aliases (system TEXT NOT NULL, value TEXT NOT NULL, "
                       "master_id TEXT NOT NULL REFERENCES patients(master_id), "
                       "PRIMARY KEY (system, value))"),
        QStringLiteral("CREATE INDEX patient_aliases_master ON patient_aliases(master_id)"),
        // Clinical and journey records, one row per source resource, for the timeline.
        QStringLiteral("CREATE TABLE records (resource_type TEXT NOT NULL, "
                       "resource_id TEXT NOT NULL, master_id TEXT, kind TEXT NOT NULL, "
                       "occurred_at TEXT, summary TEXT, status TEXT, source TEXT NOT NULL, "
                       "body BLOB, updated_at TEXT NOT NULL, "
                       "PRIMARY KEY (resource_type, resource_id))"),
        QStringLiteral("CREATE INDEX records_patient ON records(master_id, occurred_at)"),
        QStringLiteral("CREATE TABLE replies (communication_id TEXT PRIMARY KEY, "
                       "master_id TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT NOT NULL, "
                       "tier TEXT NOT NULL, opt_out INTEGER NOT NULL, "
                       "needs_review INTEGER NOT NULL, language TEXT, evidence TEXT NOT NULL, "
                       "lexicon TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX replies_patient ON replies(master_id, received_at)"),
        QStringLiteral("CREATE TABLE triage_items (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "communication_id TEXT NOT NULL UNIQUE "
                       "REFERENCES replies(communication_id), master_id TEXT NOT NULL, "
                       "tier TEXT NOT NULL, tier_rank INTEGER NOT NULL, "
                       "received_at TEXT NOT NULL, ingested_at TEXT NOT NULL, "
                       "due_at TEXT NOT NULL, "
                       "status TEXT NOT NULL DEFAULT 'open', owner TEXT, claimed_at TEXT, "
                       "disposition TEXT, note TEXT, resolved_at TEXT, "
                       "version INTEGER NOT NULL DEFAULT 1)"),
        QStringLiteral("CREATE INDEX triage_items_open ON triage_items(status, tier_rank)"),
        // Consent is a ledger: rows are appended, the current state is derived.
        QStringLiteral("CREATE TABLE consent_events (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "master_id TEXT NOT NULL, kind TEXT NOT NULL, channel TEXT NOT NULL, "
                       "purpose TEXT, source TEXT NOT NULL, source_id TEXT, raw_text TEXT, "
                       "recorded_at TEXT NOT NULL)"),
        QStringLiteral("CREATE TRIGGER consent_events_append_only BEFORE UPDATE ON "
                       "consent_events BEGIN SELECT RAISE(ABORT, "
                       "'consent events are append-only'); END"),
        QStringLiteral("CREATE TABLE imports (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "file_name TEXT NOT NULL, sha256 TEXT NOT NULL, "
                       "imported_at TEXT NOT NULL, counts TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, "
                       "actor TEXT NOT NULL, action TEXT NOT NULL, master_id TEXT, object TEXT, "
                       "outcome TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)"),
        QStringLiteral("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN "
                       "SELECT RAISE(ABORT, 'audit entries cannot be changed'); END"),
        QStringLiteral("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN "
                       "SELECT RAISE(ABORT, 'audit entries cannot be deleted'); END"),
    };
}

// Facts about the site kept inside the encrypted cache, where no settings file can change them.
QStringList version2()
{
    return {QStringLiteral("CREATE TABLE site (key TEXT PRIMARY KEY, value TEXT NOT NULL)")};
}

// Why a reply was held for a person whatever its words (caregiver, unknown sender, no text,
// a reused id).
QStringList version3()
{
    return {QStringLiteral("ALTER TABLE replies ADD COLUMN review_reason TEXT")};
}

// What a decision was (disposition code, digest of the note), covered by the audit hash.
QStringList version4()
{
    return {QStringLiteral("ALTER TABLE audit_log ADD COLUMN detail TEXT")};
}

// Legal holds: a patient under hold keeps every record past any retention period.
QStringList version5()
{
    return {QStringLiteral("CREATE TABLE legal_holds (master_id TEXT PRIMARY KEY, "
                           "reason TEXT NOT NULL, placed_by TEXT NOT NULL, "
                           "placed_at TEXT NOT NULL)")};
}

// Triage routing (issue 6): one open item per patient, kind and episode, enforced by a unique
// partial index; later replies attach to it and can only raise it; acknowledgement, escalation
// and adverse-event clocks per item; a queue event log every workstation follows for alerts.
// triage_items is rebuilt so that items of other kinds need no reply (communication_id may be
// NULL); ids and the AUTOINCREMENT sequence are kept, so no purged id is ever reused. Open items
// of one patient left by older versions keep their own episodes ("legacy-<id>") rather than
// being merged behind anyone's back.
QStringList version6()
{
    return {
        QStringLiteral(
            "CREATE TABLE triage_items_v6 (id INTEGER PRIMARY KEY AUTOINCREMENT, "
            "kind TEXT NOT NULL DEFAULT 'patient-reply', episode TEXT NOT NULL DEFAULT 'replies', "
            "communication_id TEXT UNIQUE REFERENCES replies(communication_id), "
            "master_id TEXT NOT NULL, program TEXT, tier TEXT NOT NULL, "
            "tier_rank INTEGER NOT NULL, received_at TEXT NOT NULL, ingested_at TEXT NOT NULL, "
            "due_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open', owner TEXT, "
            "claimed_at TEXT, disposition TEXT, note TEXT, resolved_at TEXT, "
            "version INTEGER NOT NULL DEFAULT 1, acknowledged_at TEXT, acknowledged_by TEXT, "
            "first_acknowledged_at TEXT, raised_at TEXT, last_reply_at TEXT, "
            "reply_count INTEGER NOT NULL DEFAULT 1, escalation_level INTEGER NOT NULL DEFAULT 0, "
            "escalated_to TEXT, escalated_at TEXT)"),
        QStringLiteral(
            "INSERT INTO triage_items_v6 (id, communication_id, master_id, tier, tier_rank, "
            "received_at, ingested_at, due_at, status, owner, claimed_at, disposition, note, "
            "resolved_at, version, acknowledged_at, acknowledged_by, first_acknowledged_at, "
            "last_reply_at) SELECT id, communication_id, master_id, tier, tier_rank, "
            "received_at, ingested_at, due_at, status, owner, claimed_at, disposition, note, "
            "resolved_at, version, claimed_at, CASE WHEN claimed_at IS NULL THEN NULL ELSE owner "
            "END, claimed_at, ingested_at FROM triage_items"),
        QStringLiteral("INSERT INTO sqlite_sequence (name, seq) SELECT 'triage_items_v6', 0 "
                       "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = "
                       "'triage_items_v6')"),
        QStringLiteral("UPDATE sqlite_sequence SET seq = (SELECT coalesce(max(seq), 0) FROM "
                       "sqlite_sequence WHERE name IN ('triage_items', 'triage_items_v6')) "
                       "WHERE name = 'triage_items_v6'"),
        QStringLiteral("DROP TABLE triage_items"),
        QStringLiteral("ALTER TABLE triage_items_v6 RENAME TO triage_items"),
        QStringLiteral("UPDATE triage_items SET episode = 'legacy-' || id WHERE status <> "
                       "'resolved' AND id <> (SELECT min(o.id) FROM triage_items o WHERE "
                       "o.master_id = triage_items.master_id AND o.status <> 'resolved')"),
        QStringLiteral("CREATE INDEX triage_items_open ON triage_items(status, tier_rank)"),
        QStringLiteral("CREATE INDEX triage_items_patient ON triage_items(master_id)"),
        QStringLiteral("CREATE UNIQUE INDEX triage_items_one_open_episode ON "
                       "triage_items(master_id, kind, episode) WHERE status <> 'resolved'"),
        // Every reply of an item's episode, the first included, in the order received.
        QStringLiteral("CREATE TABLE triage_item_replies (item_id INTEGER NOT NULL, "
                       "communication_id TEXT NOT NULL UNIQUE, attached_at TEXT NOT NULL, "
                       "tier TEXT NOT NULL, raised INTEGER NOT NULL DEFAULT 0, "
                       "PRIMARY KEY (item_id, communication_id))"),
        QStringLiteral("INSERT INTO triage_item_replies (item_id, communication_id, attached_at, "
                       "tier) SELECT id, communication_id, ingested_at, tier FROM triage_items "
                       "WHERE communication_id IS NOT NULL"),
        // What happened to items, in order, for every workstation's alerts (no text, no PHI).
        QStringLiteral("CREATE TABLE triage_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "item_id INTEGER NOT NULL, master_id TEXT NOT NULL, kind TEXT NOT NULL, "
                       "tier TEXT NOT NULL, level INTEGER, target TEXT, at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX triage_events_item ON triage_events(item_id)"),
        // Possible adverse events, with the day CareDesk first received them (day 0 of the
        // 15-day report clock).
        QStringLiteral("CREATE TABLE adverse_events (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "master_id TEXT NOT NULL, item_id INTEGER, "
                       "communication_id TEXT NOT NULL, flags TEXT NOT NULL, "
                       "evidence TEXT NOT NULL, first_received_at TEXT NOT NULL, "
                       "report_due_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open', "
                       "closed_at TEXT, closed_by TEXT, UNIQUE (communication_id))"),
        QStringLiteral("CREATE INDEX adverse_events_item ON adverse_events(item_id)"),
    };
}

} // namespace

const QList<QStringList> &schemaMigrations()
{
    static const QList<QStringList> steps{version1(), version2(), version3(),
                                          version4(), version5(), version6()};
    return steps;
}

} // namespace CareDesk
