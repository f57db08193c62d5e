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

// The outbox: commands to apply elsewhere, with their retry state and last error.
QStringList version6()
{
    return {
        QStringLiteral("CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "kind TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE, "
                       "lane TEXT NOT NULL, master_id TEXT, payload TEXT NOT NULL, "
                       "status TEXT NOT NULL CHECK (status IN ('pending', 'in-flight', 'failed', "
                       "'dead', 'done', 'discarded')), attempts INTEGER NOT NULL DEFAULT 0, "
                       "max_attempts INTEGER NOT NULL, next_attempt_at TEXT NOT NULL, "
                       "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, "
                       "sent_state_unknown INTEGER NOT NULL DEFAULT 0, last_error TEXT, "
                       "last_error_detail TEXT, requested_by TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX outbox_due ON outbox(status, next_attempt_at)"),
        QStringLiteral("CREATE INDEX outbox_lane ON outbox(lane, id)"),
    };
}

// FHIR sync: the servers synced from (their ids are scoped by source), how far each resource
// type was read, the server Task behind each triage item, and conflicts a person must see.
QStringList version7()
{
    return {
        QStringLiteral("CREATE TABLE fhir_sources (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "base_url TEXT NOT NULL UNIQUE, added_at TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE fhir_sync_state (source_id INTEGER NOT NULL "
                       "REFERENCES fhir_sources(id), resource_type TEXT NOT NULL, "
                       "watermark TEXT, status TEXT NOT NULL, problem TEXT, "
                       "last_attempt_at TEXT, last_complete_at TEXT, "
                       "PRIMARY KEY (source_id, resource_type))"),
        QStringLiteral("CREATE TABLE fhir_task_links (communication_id TEXT PRIMARY KEY, "
                       "source_id INTEGER NOT NULL REFERENCES fhir_sources(id), "
                       "task_id TEXT NOT NULL, version_id TEXT NOT NULL, status TEXT NOT NULL, "
                       "owner TEXT, updated_at TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE sync_conflicts (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "outbox_id INTEGER, item_id INTEGER, master_id TEXT, "
                       "object TEXT NOT NULL, what TEXT NOT NULL, mine TEXT NOT NULL, "
                       "theirs TEXT NOT NULL, base_version TEXT, server_version TEXT, "
                       "found_at TEXT NOT NULL, seen_by TEXT, seen_at TEXT)"),
    };
}

// Consent (issue 9): the ledger's own columns, a ledger no one can edit or delete from (a merge
// may still move events to the surviving patient), where and when to reach a patient, the
// messages that went out or wait (the gate's caps count them), and reminders with their
// occurrences, one row per (reminder, local date) so a reminder is claimed once.
QStringList version8()
{
    return {
        QStringLiteral("ALTER TABLE consent_events ADD COLUMN captured_by TEXT"),
        QStringLiteral("ALTER TABLE consent_events ADD COLUMN rule TEXT"),
        QStringLiteral("ALTER TABLE consent_events ADD COLUMN note TEXT"),
        QStringLiteral("ALTER TABLE consent_events ADD COLUMN effective_at TEXT"),
        QStringLiteral("ALTER TABLE consent_events ADD COLUMN expires_at TEXT"),
        QStringLiteral("CREATE INDEX consent_events_patient ON consent_events(master_id, id)"),
        QStringLiteral("DROP TRIGGER consent_events_append_only"),
        QStringLiteral("CREATE TRIGGER consent_events_append_only BEFORE UPDATE OF id, kind, "
                       "channel, purpose, source, source_id, raw_text, recorded_at, captured_by, "
                       "rule, note, effective_at, expires_at ON consent_events BEGIN SELECT "
                       "RAISE(ABORT, 'consent events are append-only'); END"),
        QStringLiteral("CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events "
                       "BEGIN SELECT RAISE(ABORT, 'consent events cannot be deleted'); END"),
        QStringLiteral("ALTER TABLE patients ADD COLUMN email TEXT"),
        QStringLiteral("ALTER TABLE patients ADD COLUMN time_zone TEXT"),
        QStringLiteral(
            "CREATE TABLE comms_messages (id INTEGER PRIMARY KEY AUTOINCREMENT, "
            "message_key TEXT NOT NULL UNIQUE, master_id TEXT NOT NULL, channel TEXT NOT NULL, "
            "purpose TEXT NOT NULL, kind TEXT NOT NULL, path TEXT NOT NULL, "
            "automated INTEGER NOT NULL, program TEXT, specialty TEXT, appointment_ref TEXT, "
            "confirms_event INTEGER, callback_item INTEGER, keyword_received_at TEXT, "
            "template TEXT, language TEXT, recipient TEXT, subject TEXT, body TEXT NOT NULL, "
            "status TEXT NOT NULL, not_before TEXT, not_after TEXT, allowed_at TEXT, "
            "decision TEXT, created_at TEXT NOT NULL, created_by TEXT NOT NULL, "
            "attempts INTEGER NOT NULL DEFAULT 0, sent_at TEXT, provider_id TEXT, "
            "receipt_status TEXT, receipt_at TEXT, last_error TEXT, "
            "version INTEGER NOT NULL DEFAULT 1)"),
        QStringLiteral("CREATE INDEX comms_messages_patient ON comms_messages(master_id, "
                       "allowed_at)"),
        QStringLiteral("CREATE INDEX comms_messages_due ON comms_messages(status, not_before)"),
        QStringLiteral("CREATE TABLE reminders (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "reminder_key TEXT NOT NULL UNIQUE, master_id TEXT NOT NULL, "
                       "kind TEXT NOT NULL, program TEXT, specialty TEXT, "
                       "channel TEXT NOT NULL, subject_ref TEXT, event_at TEXT, location TEXT, "
                       "local_time TEXT NOT NULL, zone TEXT NOT NULL, first_date TEXT NOT NULL, "
                       "last_date TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'active', "
                       "created_at TEXT NOT NULL, created_by TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX reminders_active ON reminders(status, last_date)"),
        QStringLiteral("CREATE TABLE reminder_occurrences (reminder_id INTEGER NOT NULL "
                       "REFERENCES reminders(id), local_date TEXT NOT NULL, "
                       "due_at TEXT NOT NULL, fit TEXT NOT NULL, status TEXT NOT NULL, "
                       "claimed_by TEXT NOT NULL, claimed_at TEXT NOT NULL, message_key TEXT, "
                       "PRIMARY KEY (reminder_id, local_date))"),
        QStringLiteral("CREATE TABLE comms_reply_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), "
                       "last_rowid INTEGER NOT NULL)"),
    };
}

// HL7 v2 feed (issue 5): every message taken in, kept raw (Z-segments and all) and keyed by
// sender, control ID and content so a resend is recognised; one row per patient group with
// what it said, so that encounters and identity are folded in event order whatever order the
// messages came in; dead letters with their raw bytes and the reason. (A merge moves a patient's
// consent events to the survivor: the ledger's guard from step 8 leaves master_id free.)
QStringList version9()
{
    return {
        QStringLiteral("CREATE TABLE hl7_messages (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "sender TEXT NOT NULL, control_id TEXT NOT NULL, "
                       "content_sha256 TEXT NOT NULL, received_at TEXT NOT NULL, "
                       "channel TEXT NOT NULL, message_type TEXT NOT NULL, raw BLOB NOT NULL, "
                       "UNIQUE (sender, control_id, content_sha256))"),
        QStringLiteral("CREATE TABLE hl7_events (message_id INTEGER NOT NULL "
                       "REFERENCES hl7_messages(id), group_index INTEGER NOT NULL, "
                       "master_id TEXT NOT NULL, trigger_event TEXT NOT NULL, "
                       "order_key TEXT NOT NULL, encounter_key TEXT, identity TEXT, "
                       "encounter TEXT, PRIMARY KEY (message_id, group_index))"),
        QStringLiteral("CREATE INDEX hl7_events_patient ON hl7_events(master_id, order_key)"),
        QStringLiteral("CREATE INDEX hl7_events_encounter ON hl7_events(encounter_key, order_key)"),
        QStringLiteral("CREATE TABLE hl7_dead_letters (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "received_at TEXT NOT NULL, channel TEXT NOT NULL, peer TEXT, "
                       "sender TEXT, control_id TEXT, message_type TEXT, "
                       "ack_code TEXT NOT NULL, error_code INTEGER, reason TEXT NOT NULL, "
                       "raw BLOB NOT NULL, raw_size INTEGER NOT NULL, "
                       "status TEXT NOT NULL DEFAULT 'open', attempts INTEGER NOT NULL "
                       "DEFAULT 0, last_attempt_at TEXT, last_error TEXT, resolved_at TEXT, "
                       "resolved_by TEXT, message_id INTEGER)"),
        QStringLiteral("CREATE INDEX hl7_dead_letters_status ON hl7_dead_letters(status, id)"),
    };
}

// Patient journeys: the program's definition as edited (newest version wins), coordinator
// actions, exceptions raised to the queue (an item's source says where it came from), the
// mentor registry and introductions.
QStringList version10()
{
    return {
        QStringLiteral("ALTER TABLE triage_items ADD COLUMN source TEXT NOT NULL DEFAULT 'reply'"),
        QStringLiteral("ALTER TABLE triage_items ADD COLUMN summary TEXT"),
        QStringLiteral("CREATE TABLE journey_definitions (version INTEGER PRIMARY KEY, "
                       "program TEXT NOT NULL, body TEXT NOT NULL, saved_by TEXT NOT NULL, "
                       "saved_at TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE journey_actions (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "master_id TEXT NOT NULL, action TEXT NOT NULL, stage TEXT, step TEXT, "
                       "actor TEXT NOT NULL, at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX journey_actions_patient ON journey_actions(master_id, at)"),
        QStringLiteral("CREATE TABLE journey_exceptions (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "dedupe_key TEXT NOT NULL UNIQUE, master_id TEXT NOT NULL, "
                       "kind TEXT NOT NULL, tier TEXT NOT NULL, summary TEXT NOT NULL, "
                       "source_ref TEXT, arose_at TEXT NOT NULL, raised_at TEXT NOT NULL, "
                       "triage_item_id INTEGER)"),
        QStringLiteral("CREATE INDEX journey_exceptions_patient ON journey_exceptions(master_id)"),
        QStringLiteral("CREATE TABLE mentors (mentor_id TEXT PRIMARY KEY, "
                       "display_name TEXT NOT NULL, therapy TEXT, condition TEXT, "
                       "stage_reached TEXT, languages TEXT NOT NULL, time_zone TEXT NOT NULL, "
                       "age_band TEXT, availability TEXT NOT NULL, capacity INTEGER NOT NULL, "
                       "consent_at TEXT, consent_withdrawn_at TEXT, "
                       "active INTEGER NOT NULL DEFAULT 1, updated_at TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE mentor_introductions (id INTEGER PRIMARY KEY "
                       "AUTOINCREMENT, master_id TEXT NOT NULL, mentor_id TEXT NOT NULL "
                       "REFERENCES mentors(mentor_id), status TEXT NOT NULL, score INTEGER, "
                       "proposed_at TEXT NOT NULL, proposed_by TEXT NOT NULL, "
                       "patient_consent TEXT, patient_consent_at TEXT, mentor_consent TEXT, "
                       "mentor_consent_at TEXT, introduced_at TEXT, outcome TEXT, "
                       "outcome_at TEXT)"),
        QStringLiteral("CREATE INDEX mentor_introductions_patient ON "
                       "mentor_introductions(master_id)"),
        QStringLiteral("CREATE INDEX mentor_introductions_mentor ON "
                       "mentor_introductions(mentor_id, status)"),
    };
}

// Users and sign-in, break-glass grants and their review, notifications for supervisors.
QStringList version11()
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

// Triage routing (issue 6): one open reply item per patient and episode, enforced by a unique
// partial index; later replies attach to it and can only raise it; acknowledgement, escalation
// and adverse-event clocks per item; a queue event log every workstation follows for alerts.
// triage_items is rebuilt so that items from other sources may have no text (communication_id
// may be NULL); ids, sources, summaries and the AUTOINCREMENT sequence are kept, so no purged id
// is ever reused. Open reply items of one patient left by older versions keep their own
// episodes ("legacy-<id>") rather than being merged behind anyone's back; items from other
// sources (journey exceptions) are not episodes of replies and the index leaves them alone.
QStringList version12()
{
    return {
        QStringLiteral(
            "CREATE TABLE triage_items_v12 (id INTEGER PRIMARY KEY AUTOINCREMENT, "
            "source TEXT NOT NULL DEFAULT 'reply', summary TEXT, "
            "episode TEXT NOT NULL DEFAULT 'replies', "
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
            "INSERT INTO triage_items_v12 (id, source, summary, communication_id, master_id, "
            "tier, tier_rank, received_at, ingested_at, due_at, status, owner, claimed_at, "
            "disposition, note, resolved_at, version, acknowledged_at, acknowledged_by, "
            "first_acknowledged_at, last_reply_at) SELECT id, source, summary, communication_id, "
            "master_id, tier, tier_rank, received_at, ingested_at, due_at, status, owner, "
            "claimed_at, disposition, note, resolved_at, version, claimed_at, CASE WHEN "
            "claimed_at IS NULL THEN NULL ELSE owner END, claimed_at, ingested_at FROM "
            "triage_items"),
        QStringLiteral("INSERT INTO sqlite_sequence (name, seq) SELECT 'triage_items_v12', 0 "
                       "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = "
                       "'triage_items_v12')"),
        QStringLiteral("UPDATE sqlite_sequence SET seq = (SELECT coalesce(max(seq), 0) FROM "
                       "sqlite_sequence WHERE name IN ('triage_items', 'triage_items_v12')) "
                       "WHERE name = 'triage_items_v12'"),
        QStringLiteral("DROP TABLE triage_items"),
        QStringLiteral("ALTER TABLE triage_items_v12 RENAME TO triage_items"),
        QStringLiteral("UPDATE triage_items SET episode = 'legacy-' || id WHERE source = 'reply' "
                       "AND status <> 'resolved' AND id <> (SELECT min(o.id) FROM triage_items "
                       "o WHERE o.master_id = triage_items.master_id AND o.source = 'reply' AND "
                       "o.status <> 'resolved')"),
        QStringLiteral("CREATE INDEX triage_items_open ON triage_items(status, tier_rank)"),
        QStringLiteral("CREATE INDEX triage_items_patient ON triage_items(master_id)"),
        QStringLiteral("CREATE UNIQUE INDEX triage_items_one_open_episode ON "
                       "triage_items(master_id, episode) WHERE status <> 'resolved' AND source = "
                       "'reply'"),
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

// Consent both ways (issue 9): every ledger event gets an identifier, written once (an AFTER
// INSERT trigger fills it for writers that name none, such as the reply intake), which is the
// FHIR Consent's identifier when the event is pushed and how a Consent pulled back is known. An
// event read from a reply synced from a FHIR server is named after that reply's id there
// ("reply.<Communication id>.<kind>.<channel>"), so every workstation that pulls the reply
// names the event it reads the same way and the server keeps one Consent for it;
// received_from names the Consent record an event was taken in from (those are never pushed
// again). A coordinator's own choice of the patient's time zone, beside the one from the FHIR
// timezone extension, with who set it and when; the gate reads it first.
QStringList version13()
{
    return {
        QStringLiteral("ALTER TABLE consent_events ADD COLUMN identifier TEXT"),
        QStringLiteral("ALTER TABLE consent_events ADD COLUMN received_from TEXT"),
        QStringLiteral("UPDATE consent_events SET identifier = CASE WHEN source = "
                       "'patient-reply' AND instr(source_id, '@fhir') > 1 THEN 'reply.' || "
                       "substr(source_id, 1, instr(source_id, '@fhir') - 1) || '.' || kind || "
                       "'.' || channel ELSE lower(hex(randomblob(16))) END WHERE identifier IS "
                       "NULL"),
        QStringLiteral("CREATE INDEX consent_events_identifier ON consent_events(identifier)"),
        QStringLiteral("DROP TRIGGER consent_events_append_only"),
        QStringLiteral("CREATE TRIGGER consent_events_append_only BEFORE UPDATE OF id, kind, "
                       "channel, purpose, source, source_id, raw_text, recorded_at, captured_by, "
                       "rule, note, effective_at, expires_at, received_from ON consent_events "
                       "BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END"),
        QStringLiteral("CREATE TRIGGER consent_events_identifier_once BEFORE UPDATE OF "
                       "identifier ON consent_events WHEN OLD.identifier IS NOT NULL BEGIN "
                       "SELECT RAISE(ABORT, 'consent events are append-only'); END"),
        QStringLiteral("CREATE TRIGGER consent_events_identify AFTER INSERT ON consent_events "
                       "WHEN NEW.identifier IS NULL BEGIN UPDATE consent_events SET identifier "
                       "= CASE WHEN NEW.source = 'patient-reply' AND instr(NEW.source_id, "
                       "'@fhir') > 1 THEN 'reply.' || substr(NEW.source_id, 1, "
                       "instr(NEW.source_id, '@fhir') - 1) || '.' || NEW.kind || '.' || "
                       "NEW.channel ELSE lower(hex(randomblob(16))) END WHERE id = NEW.id; END"),
        QStringLiteral("ALTER TABLE patients ADD COLUMN time_zone_local TEXT"),
        QStringLiteral("ALTER TABLE patients ADD COLUMN time_zone_local_by TEXT"),
        QStringLiteral("ALTER TABLE patients ADD COLUMN time_zone_local_at TEXT"),
    };
}

} // namespace

const QList<QStringList> &schemaMigrations()
{
    static const QList<QStringList> steps{
        version1(), version2(), version3(),  version4(),  version5(),  version6(), version7(),
        version8(), version9(), version10(), version11(), version12(), version13()};
    return steps;
}

} // namespace CareDesk
