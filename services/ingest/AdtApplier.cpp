// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/ingest/AdtApplier.h"

#include "models/Clock.h"
#include "services/hl7/Hl7DateTime.h"
#include "services/hl7/Hl7Message.h"
#include "services/security/AuditLog.h"
#include "services/store/PatientStore.h"
#include "services/store/SqlFailure.h"
#include "services/store/StatementCache.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlQuery>

namespace CareDesk {

Q_LOGGING_CATEGORY(lcAdtApply, "caredesk.ingest.adt", QtInfoMsg)

// The state of a visit after its events, applied in event-time order.
struct AdtVisitState {
    QString status;
    QString patientClass;
    QString location;
    QString admit;
    QString discharge;
    QString masterId;
    QString firstEvent;
};

namespace {

QList<PatientAlias> aliasesOf(const QList<Hl7Identifier> &identifiers, const QString &sender)
{
    QList<PatientAlias> aliases;
    for (const Hl7Identifier &identifier : identifiers) {
        if (identifier.value.isEmpty())
            continue;
        // An identifier is only as unique as its assigning authority; without one it is scoped
        // to the sender, so "12345" from two hospitals never names one patient.
        const QString authority = identifier.authority.isEmpty()
                                      ? QStringLiteral("sender:") + sender
                                      : identifier.authority;
        const QString type =
            identifier.typeCode.isEmpty() ? QStringLiteral("ID") : identifier.typeCode;
        aliases.append({QStringLiteral("urn:hl7v2:%1:%2").arg(authority, type), identifier.value});
    }
    return aliases;
}

struct TriggerInfo {
    const char *kind;  // journey lane / record kind
    const char *label; // for the journey mark
};

TriggerInfo triggerInfo(const QString &trigger)
{
    static const QHash<QString, TriggerInfo> known{
        {QStringLiteral("A01"), {"admission", "Admitted"}},
        {QStringLiteral("A02"), {"transfer", "Transferred"}},
        {QStringLiteral("A03"), {"discharge", "Discharged"}},
        {QStringLiteral("A04"), {"registration", "Registered"}},
        {QStringLiteral("A05"), {"pre-admission", "Pre-admitted"}},
        {QStringLiteral("A06"), {"admission", "Changed to inpatient"}},
        {QStringLiteral("A07"), {"discharge", "Changed to outpatient"}},
        {QStringLiteral("A08"), {"update", "Patient information updated"}},
        {QStringLiteral("A11"), {"admission-cancelled", "Admission cancelled"}},
        {QStringLiteral("A12"), {"transfer-cancelled", "Transfer cancelled"}},
        {QStringLiteral("A13"), {"discharge-cancelled", "Discharge cancelled"}},
        {QStringLiteral("A28"), {"person-added", "Person added"}},
        {QStringLiteral("A31"), {"person-updated", "Person information updated"}},
        {QStringLiteral("A34"), {"merge", "Patient records merged"}},
        {QStringLiteral("A35"), {"merge", "Accounts merged"}},
        {QStringLiteral("A36"), {"merge", "Patient records and accounts merged"}},
        {QStringLiteral("A39"), {"merge", "Person records merged"}},
        {QStringLiteral("A40"), {"merge", "Patient records merged"}},
        {QStringLiteral("A41"), {"merge", "Accounts merged"}},
        {QStringLiteral("A42"), {"merge", "Visits merged"}},
    };
    return known.value(trigger, {"adt", "ADT event"});
}

QJsonObject identityJson(const AdtPatient &patient)
{
    QJsonObject identity;
    const auto put = [&identity](const char *key, const QString &value) {
        if (!value.isEmpty())
            identity.insert(QLatin1String(key), value);
    };
    put("family", patient.family);
    put("given", patient.given);
    put("birthDate", patient.birthDate.iso);
    put("gender", patient.sex);
    put("phone", patient.phone);
    return identity;
}

QJsonObject encounterJson(const AdtEvent &event)
{
    const AdtEncounter &visit = *event.encounter;
    QJsonObject encounter;
    const auto put = [&encounter](const char *key, const QString &value) {
        if (!value.isEmpty())
            encounter.insert(QLatin1String(key), value);
    };
    put("class", visit.patientClass);
    put("location", visit.location);
    put("prior", visit.priorLocation);
    put("admit", visit.admitTime.iso);
    put("discharge", visit.dischargeTime.iso);
    put("event", event.eventTime.iso);
    return encounter;
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject parsed(const QVariant &value)
{
    return QJsonDocument::fromJson(value.toString().toUtf8()).object();
}

QString encounterKey(const QString &sender, const QString &visitNumber)
{
    return sender + u'|' + visitNumber;
}

QString encounterRecordId(const QString &sender, const QString &visitNumber)
{
    return QStringLiteral("hl7-visit-%1-%2").arg(sender, visitNumber);
}

QJsonObject visitJson(const AdtVisitState &state, int events, const QString &asOf)
{
    return QJsonObject{
        {QStringLiteral("admit"), state.admit},
        {QStringLiteral("discharge"), state.discharge},
        {QStringLiteral("class"), state.patientClass},
        {QStringLiteral("location"), state.location},
        {QStringLiteral("status"), state.status},
        {QStringLiteral("firstEvent"), state.firstEvent},
        {QStringLiteral("events"), events},
        {QStringLiteral("asOf"), asOf},
    };
}

AdtVisitState visitFrom(const QJsonObject &body)
{
    AdtVisitState state;
    state.admit = body.value(QLatin1String("admit")).toString();
    state.discharge = body.value(QLatin1String("discharge")).toString();
    state.patientClass = body.value(QLatin1String("class")).toString();
    state.location = body.value(QLatin1String("location")).toString();
    state.status = body.value(QLatin1String("status")).toString();
    state.firstEvent = body.value(QLatin1String("firstEvent")).toString();
    return state;
}

void applyVisitEvent(AdtVisitState &state, const QString &trigger, const QJsonObject &fields)
{
    const auto take = [&fields](const char *key, QString &into) {
        const QString value = fields.value(QLatin1String(key)).toString();
        if (!value.isEmpty())
            into = value;
    };
    take("class", state.patientClass);
    take("location", state.location);
    take("admit", state.admit);
    take("discharge", state.discharge);
    const QString when = fields.value(QLatin1String("event")).toString();
    if (trigger == QLatin1String("A01") || trigger == QLatin1String("A04")) {
        state.status = QStringLiteral("in-progress");
        if (state.admit.isEmpty())
            state.admit = when;
    } else if (trigger == QLatin1String("A05") || trigger == QLatin1String("A14")) {
        state.status = QStringLiteral("planned");
    } else if (trigger == QLatin1String("A02")) {
        if (state.status.isEmpty() || state.status == QLatin1String("planned"))
            state.status = QStringLiteral("in-progress");
    } else if (trigger == QLatin1String("A06")) {
        if (fields.value(QLatin1String("class")).toString().isEmpty())
            state.patientClass = QStringLiteral("I");
        state.status = QStringLiteral("in-progress");
    } else if (trigger == QLatin1String("A07")) {
        if (fields.value(QLatin1String("class")).toString().isEmpty())
            state.patientClass = QStringLiteral("O");
    } else if (trigger == QLatin1String("A03")) {
        state.status = QStringLiteral("finished");
        if (state.discharge.isEmpty())
            state.discharge = when;
    } else if (trigger == QLatin1String("A11") || trigger == QLatin1String("A38")) {
        state.status = QStringLiteral("cancelled");
    } else if (trigger == QLatin1String("A13")) {
        state.status = QStringLiteral("in-progress");
        state.discharge.clear();
    }
}

} // namespace

AdtApplier::AdtApplier(QSqlDatabase db, AuditLog &audit, const Clock &clock, QString actor)
    : m_db(std::move(db))
    , m_audit(audit)
    , m_clock(clock)
    , m_actor(std::move(actor))
    , m_statements(std::make_shared<StatementCache>(m_db))
{}

QString AdtApplier::senderScope(const AdtEvent &event)
{
    return QStringLiteral("%1@%2").arg(event.sendingApplication, event.sendingFacility);
}

QByteArray AdtApplier::contentDigest(const Hl7Message &message)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (qsizetype i = 0; i < message.segmentCount(); ++i) {
        const Hl7Segment segment = message.segment(i);
        const QByteArrayView bytes = segment.raw();
        const Hl7Value stamp = segment.field(7);
        if (i == 0 && !stamp.isEmpty()) {
            // MSH-7 (when the message was made) changes on a resend; the rest does not.
            const qsizetype from = stamp.raw().data() - bytes.data();
            hash.addData(bytes.first(from));
            hash.addData(bytes.sliced(from + stamp.raw().size()));
        } else {
            hash.addData(bytes);
        }
        hash.addData(QByteArrayView("\r"));
    }
    return hash.result().toHex();
}

Result<AdtApplied> AdtApplier::apply(const Hl7Message &message, const AdtMessageRead &read,
                                     const QString &channel)
{
    AdtApplied applied;
    if (!read.isAdt || read.groups.isEmpty())
        return fail(Error::Code::InvalidInput, QStringLiteral("not an ADT message"));
    const AdtEvent &first = read.groups.first();
    const QString sender = senderScope(first);
    const QString digest = QString::fromLatin1(contentDigest(message));

    QSqlQuery &seen = m_statements->prepared(
        QStringLiteral("SELECT id FROM hl7_messages WHERE sender = ? AND control_id = ? "
                       "AND content_sha256 = ?"));
    seen.addBindValue(sender);
    seen.addBindValue(first.controlId);
    seen.addBindValue(digest);
    if (!seen.exec())
        return sqlFailure(QStringLiteral("Looking for an earlier copy of the message"), seen);
    if (seen.next()) {
        applied.duplicate = true;
        applied.messageId = seen.value(0).toLongLong();
        seen.finish();
        return applied;
    }
    seen.finish();

    QSqlQuery &insert = m_statements->prepared(
        QStringLiteral("INSERT INTO hl7_messages (sender, control_id, content_sha256, "
                       "received_at, channel, message_type, raw) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    insert.addBindValue(sender);
    insert.addBindValue(first.controlId);
    insert.addBindValue(digest);
    insert.addBindValue(toStorageTime(m_clock.now()));
    insert.addBindValue(channel);
    insert.addBindValue(read.type);
    insert.addBindValue(message.rawBytes());
    if (!insert.exec())
        return sqlFailure(QStringLiteral("Storing the HL7 message"), insert);
    applied.messageId = insert.lastInsertId().toLongLong();

    PatientStore store(m_db, m_clock, m_statements);
    for (const AdtEvent &event : read.groups) {
        auto masterId =
            applyGroup(store, event, applied.messageId, digest, channel, applied.merges);
        if (!masterId)
            return std::unexpected(masterId.error());
        applied.masterIds.append(*masterId);
    }
    return applied;
}

Result<QString> AdtApplier::applyGroup(PatientStore &store, const AdtEvent &event, qint64 messageId,
                                       const QString &digest, const QString &channel, int &merges)
{
    const QString sender = senderScope(event);
    const QList<PatientAlias> aliases = aliasesOf(event.patient.identifiers, sender);
    if (aliases.isEmpty())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("no patient identifier in PID-3 to apply the event to"));
    auto masterId = store.resolve(aliases);
    if (!masterId)
        return std::unexpected(masterId.error());

    bool merged = false;
    if (!event.mergedIdentifiers.isEmpty()) {
        const QList<PatientAlias> retired = aliasesOf(event.mergedIdentifiers, sender);
        auto mergedMaster = store.find(retired);
        if (!mergedMaster)
            return std::unexpected(mergedMaster.error());
        if (!mergedMaster->isEmpty() && *mergedMaster != *masterId) {
            auto moved = store.merge(*masterId, *mergedMaster);
            if (!moved)
                return std::unexpected(moved.error());
            const AuditRecord record(
                m_actor, QStringLiteral("merge-patient"), *masterId,
                QStringLiteral("merged/%1").arg(*mergedMaster), QStringLiteral("success"),
                QStringLiteral("hl7 ADT^%1 rows=%2").arg(event.triggerEvent).arg(*moved));
            if (auto audited = m_audit.appendInTransaction(m_db, record); !audited)
                return std::unexpected(audited.error());
            qCInfo(lcAdtApply) << "merged patient" << *mergedMaster << "into" << *masterId
                               << "rows moved" << *moved;
            merged = true;
            ++merges;
        }
        // The retired identifiers stay findable, now as aliases of the survivor, so a late
        // message under an old MRN lands on the surviving patient.
        if (auto kept = store.resolve(aliases + retired); !kept)
            return std::unexpected(kept.error());
    }

    const QString visitNumber = event.encounter ? event.encounter->visitNumber : QString();
    const QString targetVisit = visitNumber.isEmpty() ? event.patient.accountNumber : visitNumber;
    for (const QString &old : {event.mergedAccount, event.mergedVisit}) {
        if (!old.isEmpty() && !targetVisit.isEmpty() && old != targetVisit) {
            if (auto moved = moveEncounter(store, sender, old, targetVisit); !moved)
                return std::unexpected(moved.error());
        }
    }

    // Events of this patient before this one in time: whether identity can simply be laid over.
    QSqlQuery &latest = m_statements->prepared(
        QStringLiteral("SELECT max(order_key) FROM hl7_events WHERE master_id = ? "
                       "AND identity IS NOT NULL"));
    latest.addBindValue(*masterId);
    if (!latest.exec() || !latest.next())
        return sqlFailure(QStringLiteral("Reading the patient's HL7 history"), latest);
    const QString newest = latest.value(0).toString();
    latest.finish();

    const QString orderKey = QStringLiteral("%1|%2|%3|%4|%5")
                                 .arg(hl7SortKey(event.eventTime), hl7SortKey(event.messageTime),
                                      event.controlId, digest)
                                 .arg(event.groupIndex, 4, 10, QLatin1Char('0'));
    const QJsonObject identity = identityJson(event.patient);
    const bool hasVisit = event.encounter.has_value() && !visitNumber.isEmpty();
    QSqlQuery &record = m_statements->prepared(
        QStringLiteral("INSERT INTO hl7_events (message_id, group_index, master_id, "
                       "trigger_event, order_key, encounter_key, identity, encounter) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    record.addBindValue(messageId);
    record.addBindValue(event.groupIndex);
    record.addBindValue(*masterId);
    record.addBindValue(event.triggerEvent);
    record.addBindValue(orderKey);
    record.addBindValue(hasVisit ? QVariant(encounterKey(sender, visitNumber)) : QVariant());
    record.addBindValue(identity.isEmpty() ? QVariant() : QVariant(compact(identity)));
    record.addBindValue(hasVisit ? QVariant(compact(encounterJson(event))) : QVariant());
    if (!record.exec())
        return sqlFailure(QStringLiteral("Recording the ADT event"), record);

    if (!identity.isEmpty()) {
        if (!merged && orderKey > newest) {
            // The newest word on this patient: its fields lay over what is stored.
            PatientIdentity update;
            update.family = event.patient.family;
            update.given = event.patient.given;
            update.birthDate = event.patient.birthDate.iso;
            update.gender = event.patient.sex;
            update.phone = event.patient.phone;
            if (auto updated = store.updateIdentity(*masterId, update); !updated)
                return std::unexpected(updated.error());
        } else if (auto folded = foldIdentity(store, *masterId); !folded) {
            return std::unexpected(folded.error());
        }
    } else if (merged) {
        if (auto folded = foldIdentity(store, *masterId); !folded)
            return std::unexpected(folded.error());
    }

    const TriggerInfo info = triggerInfo(event.triggerEvent);
    RecordRow mark;
    mark.resourceType = QStringLiteral("HL7v2");
    mark.resourceId = QStringLiteral("%1|%2|%3|%4")
                          .arg(sender, event.controlId, digest.left(16))
                          .arg(event.groupIndex);
    mark.masterId = *masterId;
    mark.kind = QLatin1String(info.kind);
    mark.occurredAt = hl7TimelineTime(event.eventTime);
    mark.summary = QStringLiteral("%1 (ADT^%2)").arg(QLatin1String(info.label), event.triggerEvent);
    if (!event.eventTime.iso.isEmpty())
        mark.summary += QStringLiteral(", %1").arg(hl7DisplayTime(event.eventTime));
    mark.source = channel == QLatin1String("file") ? QStringLiteral("hl7-import")
                                                   : QStringLiteral("hl7-feed");
    mark.body = QJsonDocument(QJsonObject{{QStringLiteral("trigger"), event.triggerEvent},
                                          {QStringLiteral("eventTime"), event.eventTime.raw},
                                          {QStringLiteral("messageTime"), event.messageTime.raw}})
                    .toJson(QJsonDocument::Compact);
    if (auto stored = store.upsertRecord(mark); !stored)
        return std::unexpected(stored.error());

    if (hasVisit) {
        if (auto added = addToEncounter(store, sender, visitNumber, orderKey, event.triggerEvent,
                                        encounterJson(event), *masterId);
            !added)
            return std::unexpected(added.error());
    }
    return *masterId;
}

VoidResult AdtApplier::moveEncounter(PatientStore &store, const QString &sender,
                                     const QString &from, const QString &to)
{
    QSqlQuery move(m_db);
    move.prepare(QStringLiteral("UPDATE hl7_events SET encounter_key = ? WHERE encounter_key = ?"));
    move.addBindValue(encounterKey(sender, to));
    move.addBindValue(encounterKey(sender, from));
    if (!move.exec())
        return sqlFailure(QStringLiteral("Moving a visit's events"), move);
    if (move.numRowsAffected() == 0)
        return {};
    QSqlQuery drop(m_db);
    drop.prepare(QStringLiteral("DELETE FROM records WHERE resource_type = 'Encounter' AND "
                                "resource_id = ?"));
    drop.addBindValue(encounterRecordId(sender, from));
    if (!drop.exec())
        return sqlFailure(QStringLiteral("Retiring a merged visit"), drop);
    return foldEncounter(store, sender, to);
}

VoidResult AdtApplier::foldIdentity(PatientStore &store, const QString &masterId)
{
    QSqlQuery &events = m_statements->prepared(
        QStringLiteral("SELECT identity FROM hl7_events WHERE master_id = ? AND "
                       "identity IS NOT NULL ORDER BY order_key"));
    events.addBindValue(masterId);
    if (!events.exec())
        return sqlFailure(QStringLiteral("Reading the patient's HL7 history"), events);
    QJsonObject folded;
    while (events.next()) {
        const QJsonObject fields = parsed(events.value(0));
        for (auto it = fields.begin(); it != fields.end(); ++it)
            folded.insert(it.key(), it.value());
    }
    events.finish();
    PatientIdentity identity;
    identity.family = folded.value(QLatin1String("family")).toString();
    identity.given = folded.value(QLatin1String("given")).toString();
    identity.birthDate = folded.value(QLatin1String("birthDate")).toString();
    identity.gender = folded.value(QLatin1String("gender")).toString();
    identity.phone = folded.value(QLatin1String("phone")).toString();
    return store.updateIdentity(masterId, identity);
}

VoidResult AdtApplier::foldEncounter(PatientStore &store, const QString &sender,
                                     const QString &visitNumber)
{
    QSqlQuery &events = m_statements->prepared(
        QStringLiteral("SELECT trigger_event, encounter, master_id, order_key FROM "
                       "hl7_events WHERE encounter_key = ? ORDER BY order_key"));
    events.addBindValue(encounterKey(sender, visitNumber));
    if (!events.exec())
        return sqlFailure(QStringLiteral("Reading the visit's events"), events);
    AdtVisitState state;
    int count = 0;
    QString asOf;
    while (events.next()) {
        const QJsonObject fields = parsed(events.value(1));
        if (count == 0)
            state.firstEvent = fields.value(QLatin1String("event")).toString();
        applyVisitEvent(state, events.value(0).toString(), fields);
        state.masterId = events.value(2).toString();
        asOf = events.value(3).toString();
        ++count;
    }
    events.finish();
    if (count == 0)
        return {};
    return writeVisit(store, sender, visitNumber, state, count, asOf);
}

VoidResult AdtApplier::addToEncounter(PatientStore &store, const QString &sender,
                                      const QString &visitNumber, const QString &orderKey,
                                      const QString &trigger, const QJsonObject &fields,
                                      const QString &masterId)
{
    // The usual case: the event is newer than every other of its visit, so it is laid over the
    // stored state; one that comes late makes the whole visit folded again in order.
    QSqlQuery &current = m_statements->prepared(
        QStringLiteral("SELECT body FROM records WHERE resource_type = 'Encounter' "
                       "AND resource_id = ?"));
    current.addBindValue(encounterRecordId(sender, visitNumber));
    if (!current.exec())
        return sqlFailure(QStringLiteral("Reading the visit"), current);
    const QJsonObject body = current.next()
                                 ? QJsonDocument::fromJson(current.value(0).toByteArray()).object()
                                 : QJsonObject();
    current.finish();
    const QString asOf = body.value(QLatin1String("asOf")).toString();
    if (body.isEmpty() || asOf.isEmpty() || orderKey <= asOf)
        return foldEncounter(store, sender, visitNumber);
    AdtVisitState state = visitFrom(body);
    applyVisitEvent(state, trigger, fields);
    state.masterId = masterId;
    return writeVisit(store, sender, visitNumber, state,
                      body.value(QLatin1String("events")).toInt() + 1, orderKey);
}

VoidResult AdtApplier::writeVisit(PatientStore &store, const QString &sender,
                                  const QString &visitNumber, const AdtVisitState &state,
                                  int events, const QString &asOf)
{
    RecordRow encounter;
    encounter.resourceType = QStringLiteral("Encounter");
    encounter.resourceId = encounterRecordId(sender, visitNumber);
    encounter.masterId = state.masterId;
    encounter.kind = QStringLiteral("encounter");
    Hl7Timestamp start;
    start.iso = state.admit.isEmpty() ? state.firstEvent : state.admit;
    encounter.occurredAt = hl7TimelineTime(start);
    encounter.status = state.status.isEmpty() ? QStringLiteral("unknown") : state.status;
    encounter.summary = QStringLiteral("Visit %1 (class %2) at %3: %4")
                            .arg(visitNumber, state.patientClass, state.location, encounter.status);
    encounter.source = QStringLiteral("hl7");
    encounter.body = QJsonDocument(visitJson(state, events, asOf)).toJson(QJsonDocument::Compact);
    return store.upsertRecord(encounter);
}

} // namespace CareDesk
