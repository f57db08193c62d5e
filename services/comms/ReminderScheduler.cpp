// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/comms/ReminderScheduler.h"

#include "models/Clock.h"
#include "services/comms/MessageDispatcher.h"
#include "services/fhir/FhirMapper.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/SqlFailure.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSet>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcReminders, "caredesk.comms.reminders", QtInfoMsg)

namespace CareDesk {

namespace {

const QString kReminderColumns = QStringLiteral(
    "id, reminder_key, master_id, kind, program, specialty, channel, subject_ref, event_at, "
    "local_time, zone, first_date, last_date, status, location");

QString kindName(ReminderKind kind)
{
    return kind == ReminderKind::Refill ? QStringLiteral("refill") : QStringLiteral("appointment");
}

QString fitName(WallTime::Fit fit)
{
    switch (fit) {
    case WallTime::Fit::Skipped:
        return QStringLiteral("skipped");
    case WallTime::Fit::Repeated:
        return QStringLiteral("repeated");
    case WallTime::Fit::Exact:
        break;
    }
    return QStringLiteral("exact");
}

ReminderRow reminderFromRow(const QSqlQuery &row)
{
    ReminderRow r;
    r.id = row.value(0).toLongLong();
    ReminderSpec &s = r.spec;
    s.key = row.value(1).toString();
    s.masterId = row.value(2).toString();
    s.kind = row.value(3).toString() == QLatin1String("refill") ? ReminderKind::Refill
                                                                : ReminderKind::Appointment;
    s.program = row.value(4).toString();
    s.specialty = row.value(5).toString();
    s.channel = channelFromName(row.value(6).toString()).value_or(Channel::Sms);
    s.subjectRef = row.value(7).toString();
    if (!row.value(8).isNull())
        s.eventAt = fromStorageTime(row.value(8).toString());
    s.localTime = QTime::fromString(row.value(9).toString(), QStringLiteral("HH:mm"));
    s.zoneId = row.value(10).toString();
    s.firstDate = QDate::fromString(row.value(11).toString(), Qt::ISODate);
    s.lastDate = QDate::fromString(row.value(12).toString(), Qt::ISODate);
    r.status = row.value(13).toString();
    s.location = row.value(14).toString();
    return r;
}

QString specialtyOf(const QJsonObject &appointment)
{
    const QString text =
        QString::fromUtf8(QJsonDocument(appointment.value(QLatin1String("specialty")).toArray())
                              .toJson(QJsonDocument::Compact))
            .toLower();
    if (text.contains(QLatin1String("oncolog")))
        return QStringLiteral("oncology");
    if (text.contains(QLatin1String("cardio")))
        return QStringLiteral("cardiology");
    return QStringLiteral("*");
}

QString locationOf(const QJsonObject &appointment)
{
    for (const QJsonValue &participant :
         appointment.value(QLatin1String("participant")).toArray()) {
        const QJsonObject actor = participant.toObject().value(QLatin1String("actor")).toObject();
        if (actor.value(QLatin1String("reference"))
                .toString()
                .startsWith(QLatin1String("Location/")))
            return actor.value(QLatin1String("display")).toString();
    }
    return {};
}

} // namespace

ReminderScheduler::ReminderScheduler(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
                                     const Clock &clock, MessageDispatcher &dispatcher,
                                     Settings settings)
    : m_cache(std::move(cache))
    , m_audit(audit)
    , m_clock(clock)
    , m_dispatcher(dispatcher)
    , m_settings(std::move(settings))
{}

QString ReminderScheduler::occurrenceKey(qint64 reminderId, const QDate &localDate)
{
    return QStringLiteral("reminder:%1:%2").arg(reminderId).arg(localDate.toString(Qt::ISODate));
}

Result<qint64> ReminderScheduler::schedule(const ReminderSpec &spec, const QString &actor)
{
    if (spec.key.isEmpty() || spec.masterId.isEmpty())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("A reminder needs a key and a patient."));
    if (!zoneFromId(spec.zoneId).isValid())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("\"%1\" is not an IANA time zone (for example "
                                   "America/Chicago).")
                        .arg(spec.zoneId));
    if (!spec.localTime.isValid() || !spec.firstDate.isValid() || !spec.lastDate.isValid() ||
        spec.lastDate < spec.firstDate)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("A reminder needs a local time and a first date no later "
                                   "than its last."));

    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral(
        "INSERT OR IGNORE INTO reminders (reminder_key, master_id, kind, program, specialty, "
        "channel, subject_ref, event_at, location, local_time, zone, first_date, last_date, "
        "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.addBindValue(spec.key);
    insert.addBindValue(spec.masterId);
    insert.addBindValue(kindName(spec.kind));
    insert.addBindValue(spec.program.isEmpty() ? QVariant() : QVariant(spec.program));
    insert.addBindValue(spec.specialty.isEmpty() ? QVariant() : QVariant(spec.specialty));
    insert.addBindValue(channelName(spec.channel));
    insert.addBindValue(spec.subjectRef.isEmpty() ? QVariant() : QVariant(spec.subjectRef));
    insert.addBindValue(spec.eventAt.isValid() ? QVariant(toStorageTime(spec.eventAt))
                                               : QVariant());
    insert.addBindValue(spec.location.isEmpty() ? QVariant() : QVariant(spec.location));
    insert.addBindValue(spec.localTime.toString(QStringLiteral("HH:mm")));
    insert.addBindValue(spec.zoneId);
    insert.addBindValue(spec.firstDate.toString(Qt::ISODate));
    insert.addBindValue(spec.lastDate.toString(Qt::ISODate));
    insert.addBindValue(toStorageTime(m_clock.now()));
    insert.addBindValue(actor);
    if (!insert.exec()) {
        db.rollback();
        return sqlFailure(QStringLiteral("Scheduling a reminder"), insert);
    }
    const bool added = insert.numRowsAffected() == 1;
    QSqlQuery id(db);
    id.prepare(QStringLiteral("SELECT id FROM reminders WHERE reminder_key = ?"));
    id.addBindValue(spec.key);
    if (!id.exec() || !id.next()) {
        db.rollback();
        return sqlFailure(QStringLiteral("Reading the reminder"), id);
    }
    const qint64 reminderId = id.value(0).toLongLong();
    id.finish();
    if (added) {
        auto audited = m_audit.appendInTransaction(
            db, {actor, QStringLiteral("reminder-schedule"), spec.masterId,
                 QStringLiteral("reminder/%1").arg(reminderId), QStringLiteral("success"),
                 QStringLiteral("kind=%1;channel=%2")
                     .arg(kindName(spec.kind), channelName(spec.channel))});
        if (!audited) {
            db.rollback();
            return std::unexpected(audited.error());
        }
    }
    if (!db.commit()) {
        db.rollback();
        return fail(Error::Code::Storage, QStringLiteral("Could not save the reminder."));
    }
    if (added)
        if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
            return std::unexpected(checkpointed.error());
    return reminderId;
}

VoidResult ReminderScheduler::cancel(qint64 id, const QString &actor)
{
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    QSqlQuery update(db);
    update.prepare(QStringLiteral("UPDATE reminders SET status = 'cancelled' WHERE id = ? AND "
                                  "status = 'active'"));
    update.addBindValue(id);
    QSqlQuery who(db);
    who.prepare(QStringLiteral("SELECT master_id FROM reminders WHERE id = ?"));
    who.addBindValue(id);
    if (!update.exec() || !who.exec() || !who.next()) {
        db.rollback();
        return fail(Error::Code::NotFound, QStringLiteral("No reminder %1.").arg(id));
    }
    const QString master = who.value(0).toString();
    who.finish();
    if (update.numRowsAffected() == 1) {
        auto audited =
            m_audit.appendInTransaction(db, {actor, QStringLiteral("reminder-cancel"), master,
                                             QStringLiteral("reminder/%1").arg(id)});
        if (!audited) {
            db.rollback();
            return audited;
        }
    }
    if (!db.commit()) {
        db.rollback();
        return fail(Error::Code::Storage, QStringLiteral("Could not save."));
    }
    return m_audit.checkpoint();
}

Result<int> ReminderScheduler::scheduleFromJourney(const QString &masterId, const QString &actor)
{
    QList<ReminderSpec> wanted;
    // Every reminder the journey still stands behind, those whose time has passed included:
    // only a reminder outside this set (its appointment moved or was cancelled) is cancelled.
    QSet<QString> keys;
    QSet<QString> subjects; // the appointments and dispenses looked at
    const QDateTime now = m_clock.now();
    {
        QSqlQuery query(m_cache->connection());
        query.setForwardOnly(true);
        query.prepare(
            QStringLiteral("SELECT r.resource_type, r.resource_id, r.master_id, r.kind, r.body, "
                           "coalesce(p.time_zone_local, p.time_zone), p.phone, p.email FROM "
                           "records r JOIN patients p ON p.master_id = "
                           "r.master_id WHERE r.kind IN ('appointment', 'dispense') AND (? = '' OR "
                           "r.master_id = ?) ORDER BY r.master_id, r.occurred_at"));
        query.addBindValue(masterId);
        query.addBindValue(masterId);
        if (!query.exec())
            return sqlFailure(QStringLiteral("Reading the journey"), query);
        // The newest dispense of each medicine is the one whose refill is coming.
        QHash<QString, ReminderSpec> refills;
        while (query.next()) {
            const QString type = query.value(0).toString();
            const QString id = query.value(1).toString();
            const QString master = query.value(2).toString();
            const QJsonObject body = QJsonDocument::fromJson(query.value(4).toByteArray()).object();
            QString zone = query.value(5).toString();
            if (!zoneFromId(zone).isValid())
                zone = m_dispatcher.policy().siteZoneId;
            const Channel channel = !query.value(6).toString().isEmpty()   ? Channel::Sms
                                    : !query.value(7).toString().isEmpty() ? Channel::Email
                                                                           : Channel::Sms;
            const QString subject = type + u'/' + id;
            subjects.insert(subject);
            ReminderSpec spec;
            spec.masterId = master;
            spec.channel = channel;
            spec.subjectRef = subject;
            spec.zoneId = zone;
            const QTimeZone tz = zoneFromId(zone);
            if (query.value(3).toString() == QLatin1String("appointment")) {
                const QString status = body.value(QLatin1String("status")).toString();
                const QDateTime start =
                    parseFhirDateTime(body.value(QLatin1String("start")).toString());
                if ((status != QLatin1String("booked") && status != QLatin1String("pending")) ||
                    !start.isValid() || start <= now)
                    continue;
                spec.kind = ReminderKind::Appointment;
                spec.eventAt = start;
                spec.specialty = specialtyOf(body);
                spec.location = locationOf(body);
                spec.localTime = m_settings.appointmentTime;
                for (const int days : m_settings.appointmentDaysBefore) {
                    const QDate date = start.toTimeZone(tz).date().addDays(-days);
                    spec.firstDate = spec.lastDate = date;
                    spec.key = QStringLiteral("appointment:%1:%2:-%3d")
                                   .arg(subject, toStorageTime(start))
                                   .arg(days);
                    keys.insert(spec.key);
                    if (WallTime::resolve(date, spec.localTime, tz).utc > now)
                        wanted.append(spec);
                }
            } else {
                const QDateTime handed =
                    parseFhirDateTime(body.value(QLatin1String("whenHandedOver")).toString());
                const double days = body.value(QLatin1String("daysSupply"))
                                        .toObject()
                                        .value(QLatin1String("value"))
                                        .toDouble();
                if (!handed.isValid() || days <= 0)
                    continue;
                spec.kind = ReminderKind::Refill;
                spec.eventAt = handed.addDays(qint64(days));
                spec.localTime = m_settings.refillTime;
                const QString medicine = QString::fromUtf8(
                    QJsonDocument(body.value(QLatin1String("medicationCodeableConcept")).toObject())
                        .toJson(QJsonDocument::Compact));
                refills.insert(master + u'|' + medicine, spec);
            }
        }
        for (ReminderSpec spec : std::as_const(refills)) {
            const QTimeZone tz = zoneFromId(spec.zoneId);
            const QDate due = spec.eventAt.toTimeZone(tz).date();
            for (const int days : {m_settings.refillDaysBefore, 0}) {
                const QDate date = due.addDays(-days);
                spec.firstDate = spec.lastDate = date;
                spec.key = QStringLiteral("refill:%1:%2:-%3d")
                               .arg(spec.subjectRef, toStorageTime(spec.eventAt))
                               .arg(days);
                keys.insert(spec.key);
                if (WallTime::resolve(date, spec.localTime, tz).utc > now)
                    wanted.append(spec);
            }
        }
    }

    // Reminders for an appointment that moved, was cancelled, or a refill already collected.
    auto existing = reminders(masterId);
    if (!existing)
        return std::unexpected(existing.error());
    for (const ReminderRow &row : *existing) {
        if (row.status != QLatin1String("active") || row.spec.subjectRef.isEmpty() ||
            keys.contains(row.spec.key))
            continue;
        const bool fromJourney = row.spec.key.startsWith(QLatin1String("appointment:")) ||
                                 row.spec.key.startsWith(QLatin1String("refill:"));
        const bool stale = row.spec.eventAt.isValid() && row.spec.eventAt <= now;
        if (fromJourney && !stale)
            if (auto cancelled = cancel(row.id, actor); !cancelled)
                return std::unexpected(cancelled.error());
    }

    int added = 0;
    QSet<QString> before;
    for (const ReminderRow &row : *existing)
        before.insert(row.spec.key);
    for (const ReminderSpec &spec : std::as_const(wanted)) {
        auto id = schedule(spec, actor);
        if (!id)
            return std::unexpected(id.error());
        added += before.contains(spec.key) ? 0 : 1;
    }
    return added;
}

Result<ReminderScheduler::RunReport> ReminderScheduler::runDue(const QString &actor)
{
    RunReport report;
    const QDateTime now = m_clock.now();
    QList<ReminderRow> active;
    {
        QSqlQuery query(m_cache->connection());
        query.prepare(QStringLiteral("SELECT %1 FROM reminders WHERE status = 'active' AND "
                                     "last_date >= ? ORDER BY id")
                          .arg(kReminderColumns));
        // Dates are local, and no zone is more than a day from UTC.
        query.addBindValue(now.addDays(-2).date().toString(Qt::ISODate));
        if (!query.exec())
            return sqlFailure(QStringLiteral("Reading reminders"), query);
        while (query.next())
            active.append(reminderFromRow(query));
    }

    QSqlDatabase db = m_cache->connection();
    for (const ReminderRow &reminder : std::as_const(active)) {
        const ReminderSpec &spec = reminder.spec;
        const QTimeZone zone = zoneFromId(spec.zoneId);
        if (!zone.isValid())
            continue;
        const QDate today = now.toTimeZone(zone).date();
        // Yesterday and today only: each date is looked at once per run, and a switch day
        // cannot make a date come round again.
        for (QDate date = std::max(spec.firstDate, today.addDays(-1));
             date <= std::min(spec.lastDate, today); date = date.addDays(1)) {
            const WallTime due = WallTime::resolve(date, spec.localTime, zone);
            if (due.utc > now)
                continue;
            if (!db.transaction())
                return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
            auto rollback = [&](const Error &error) -> Result<RunReport> {
                db.rollback();
                return std::unexpected(error);
            };
            const bool late = due.utc.secsTo(now) > qint64(m_settings.catchUpHours) * 3600;
            QSqlQuery claim(db);
            claim.prepare(QStringLiteral(
                "INSERT OR IGNORE INTO reminder_occurrences (reminder_id, local_date, due_at, "
                "fit, status, claimed_by, claimed_at, message_key) VALUES (?, ?, ?, ?, ?, ?, ?, "
                "?)"));
            const QString key = occurrenceKey(reminder.id, date);
            claim.addBindValue(reminder.id);
            claim.addBindValue(date.toString(Qt::ISODate));
            claim.addBindValue(toStorageTime(due.utc));
            claim.addBindValue(fitName(due.fit));
            claim.addBindValue(late ? QStringLiteral("missed") : QStringLiteral("claimed"));
            claim.addBindValue(actor);
            claim.addBindValue(toStorageTime(now));
            claim.addBindValue(late ? QVariant() : QVariant(key));
            if (!claim.exec())
                return rollback(
                    storageError(QStringLiteral("Claiming a reminder"), claim.lastError()));
            if (claim.numRowsAffected() != 1) {
                db.rollback();
                ++report.alreadyClaimed;
                continue;
            }
            if (late) {
                ++report.missed;
                if (!db.commit())
                    return rollback({Error::Code::Storage, QStringLiteral("Could not save.")});
                qCInfo(lcReminders) << "reminder" << reminder.id << "on" << date
                                    << "missed: CareDesk was not running when it was due";
                continue;
            }
            ++report.claimed;

            MessageDraft draft;
            SendRequest &request = draft.request;
            request.masterId = spec.masterId;
            request.channel = spec.channel;
            request.purpose = Purpose::Treatment;
            request.kind = spec.kind == ReminderKind::Refill ? MessageKind::RefillReminder
                                                             : MessageKind::AppointmentReminder;
            request.path = SendPath::Automated;
            request.program = spec.program;
            request.messageKey = key;
            if (spec.kind == ReminderKind::Appointment) {
                request.appointmentRef = spec.subjectRef.isEmpty() ? spec.key : spec.subjectRef;
                request.notAfter = spec.eventAt;
            } else if (spec.eventAt.isValid()) {
                request.notAfter = spec.eventAt.addDays(3);
            }
            draft.specialty = spec.specialty;
            draft.templateId = spec.kind == ReminderKind::Refill
                                   ? QStringLiteral("refill-reminder")
                                   : QStringLiteral("appointment-reminder");
            draft.fields.when = spec.eventAt.isValid() ? spec.eventAt : due.utc;
            draft.fields.zoneId = spec.zoneId;
            draft.fields.location =
                spec.location.isEmpty() ? QStringLiteral("the clinic") : spec.location;
            draft.requestedBy = actor;
            auto outcome = m_dispatcher.submitInTransaction(db, draft);
            if (!outcome)
                return rollback(outcome.error());
            QSqlQuery mark(db);
            mark.prepare(QStringLiteral("UPDATE reminder_occurrences SET status = ? WHERE "
                                        "reminder_id = ? AND local_date = ?"));
            mark.addBindValue(outcome->status);
            mark.addBindValue(reminder.id);
            mark.addBindValue(date.toString(Qt::ISODate));
            if (!mark.exec())
                return rollback(
                    storageError(QStringLiteral("Recording a reminder"), mark.lastError()));
            if (!db.commit())
                return rollback({Error::Code::Storage, QStringLiteral("Could not save.")});
            if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
                return std::unexpected(checkpointed.error());
            report.queued += outcome->status == QLatin1String("queued") ? 1 : 0;
            report.held += outcome->status == QLatin1String("held") ? 1 : 0;
            report.denied += outcome->status == QLatin1String("denied") ? 1 : 0;
        }
    }
    return report;
}

Result<QList<ReminderRow>> ReminderScheduler::reminders(const QString &masterId) const
{
    QSqlQuery query(m_cache->connection());
    query.prepare(QStringLiteral("SELECT %1 FROM reminders WHERE (? = '' OR master_id = ?) "
                                 "ORDER BY id")
                      .arg(kReminderColumns));
    query.addBindValue(masterId);
    query.addBindValue(masterId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading reminders"), query);
    QList<ReminderRow> rows;
    while (query.next())
        rows.append(reminderFromRow(query));
    return rows;
}

Result<QList<OccurrenceRow>> ReminderScheduler::occurrences(qint64 reminderId) const
{
    QSqlQuery query(m_cache->connection());
    query.prepare(QStringLiteral(
        "SELECT o.reminder_id, o.local_date, o.due_at, o.fit, coalesce(m.status, o.status), "
        "o.message_key FROM reminder_occurrences o LEFT JOIN comms_messages m ON "
        "m.message_key = o.message_key WHERE o.reminder_id = ? ORDER BY o.local_date"));
    query.addBindValue(reminderId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading reminder occurrences"), query);
    QList<OccurrenceRow> rows;
    while (query.next()) {
        OccurrenceRow row;
        row.reminderId = query.value(0).toLongLong();
        row.localDate = QDate::fromString(query.value(1).toString(), Qt::ISODate);
        row.dueAt = fromStorageTime(query.value(2).toString());
        const QString fit = query.value(3).toString();
        row.fit = fit == QLatin1String("skipped")    ? WallTime::Fit::Skipped
                  : fit == QLatin1String("repeated") ? WallTime::Fit::Repeated
                                                     : WallTime::Fit::Exact;
        row.status = query.value(4).toString();
        row.messageKey = query.value(5).toString();
        rows.append(row);
    }
    return rows;
}

} // namespace CareDesk
