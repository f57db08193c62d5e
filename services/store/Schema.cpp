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

// Users and sign-in, break-glass grants and their review, notifications for supervisors.
QStringList version6()
{
    return {
        QStringLiteral("CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, "
                       "password_hash TEXT NOT NULL, totp_secret TEXT, "
                       "totp_enrolled INTEGER NOT NULL DEFAULT 0, "
                       "totp_last_step INTEGER NOT NULL DEFAULT 0, "
                       "recovery_codes TEXT NOT NULL DEFAULT '[]', "
                       "disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, "
                       "created_by TEXT NOT NULL)"),
        // Failed sign-ins per name, also for names that are no user (so guessing is slowed
        // the same way and nothing tells which names exist).
        QStringLiteral("CREATE TABLE sign_in_throttle (name TEXT PRIMARY KEY, "
                       "failures INTEGER NOT NULL, locked_until TEXT)"),
        QStringLiteral("CREATE TABLE break_glass (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "user_name TEXT NOT NULL, role TEXT NOT NULL, master_id TEXT NOT NULL, "
                       "reason TEXT NOT NULL, started_at TEXT NOT NULL, "
                       "expires_at TEXT NOT NULL, reviewed_by TEXT, reviewed_at TEXT, "
                       "review_note TEXT)"),
        QStringLiteral("CREATE INDEX break_glass_active ON break_glass(user_name, master_id, "
                       "expires_at)"),
        QStringLiteral("CREATE TABLE notifications (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "audience TEXT NOT NULL, kind TEXT NOT NULL, object TEXT NOT NULL, "
                       "master_id TEXT, created_at TEXT NOT NULL)"),
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
