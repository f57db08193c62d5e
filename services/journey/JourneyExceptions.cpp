// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/journey/JourneyExceptions.h"

#include "models/Clock.h"
#include "services/journey/JourneyService.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/SqlFailure.h"
#include "services/triage/TriageService.h"

#include <QLoggingCategory>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcExceptions, "caredesk.journey.exceptions", QtInfoMsg)

namespace CareDesk {

QString RaiseReport::describe() const
{
    return QStringLiteral("journeys checked: %1; exceptions raised to the queue: %2; already in "
                          "the queue: %3")
        .arg(patients)
        .arg(raised)
        .arg(alreadyRaised);
}

JourneyExceptions::JourneyExceptions(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
                                     const Clock &clock, const JourneyService &journeys)
    : m_cache(std::move(cache))
    , m_audit(audit)
    , m_clock(clock)
    , m_journeys(journeys)
{}

Result<RaiseReport> JourneyExceptions::raise(const Principal &who, const QStringList &patients)
{
    // The one check for the whole scan: it reads every enrolled journey to raise items, which is
    // the automation's work (or a person's with journey.scan), not a view of any patient.
    if (auto allowed = m_journeys.access().require(who, Permission::JourneyScan, QString(),
                                                   QStringLiteral("journey-scan"));
        !allowed)
        return std::unexpected(allowed.error());
    const QString &actor = who.user;
    QStringList masterIds = patients;
    if (masterIds.isEmpty()) {
        auto enrolled = m_journeys.enrolledPatients();
        if (!enrolled)
            return std::unexpected(enrolled.error());
        masterIds = *enrolled;
    }
    RaiseReport report;
    QSqlDatabase db = m_cache->connection();
    for (const QString &masterId : masterIds) {
        auto journey = m_journeys.computeJourney(masterId);
        if (!journey)
            return std::unexpected(journey.error());
        ++report.patients;
        QList<JourneyException> fresh;
        for (const JourneyException &exception : journey->exceptions) {
            if (exception.triageItemId > 0)
                ++report.alreadyRaised;
            else
                fresh.append(exception);
        }
        if (fresh.isEmpty())
            continue;

        if (!db.transaction())
            return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
        const QDateTime now = m_clock.now();
        const QString rules = QStringLiteral("journey:%1:v%2")
                                  .arg(journey->definition.program)
                                  .arg(journey->definition.version);
        QList<qint64> opened;
        VoidResult done;
        for (const JourneyException &exception : fresh) {
            QSqlQuery claim(db);
            // The key is unique: whoever inserts it first raises the item, anyone else skips.
            claim.prepare(QStringLiteral(
                "INSERT OR IGNORE INTO journey_exceptions (dedupe_key, master_id, kind, tier, "
                "summary, source_ref, arose_at, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
            claim.addBindValue(exception.key);
            claim.addBindValue(masterId);
            claim.addBindValue(exception.kind);
            claim.addBindValue(tierName(exception.tier));
            claim.addBindValue(exception.summary);
            claim.addBindValue(exception.sourceRef.isEmpty() ? QVariant()
                                                             : QVariant(exception.sourceRef));
            const QDateTime arose = exception.aroseAt.isValid() ? exception.aroseAt : now;
            claim.addBindValue(toStorageTime(arose));
            claim.addBindValue(toStorageTime(now));
            if (!claim.exec()) {
                done = sqlFailure(QStringLiteral("Recording a journey exception"), claim);
                break;
            }
            if (claim.numRowsAffected() != 1) {
                ++report.alreadyRaised;
                continue;
            }
            const qint64 exceptionId = claim.lastInsertId().toLongLong();
            const QString textId = QStringLiteral("journey-exception/%1").arg(exceptionId);

            // A triage item points at the text it is about (a foreign key into replies), so
            // the exception's summary is kept there under its own id, marked with the rules
            // that raised it in place of a lexicon. Nothing a patient wrote.
            QSqlQuery text(db);
            text.prepare(QStringLiteral(
                "INSERT INTO replies (communication_id, master_id, received_at, body, tier, "
                "opt_out, needs_review, language, evidence, lexicon) "
                "VALUES (?, ?, ?, ?, ?, 0, 0, NULL, '[]', ?)"));
            text.addBindValue(textId);
            text.addBindValue(masterId);
            text.addBindValue(toStorageTime(arose));
            text.addBindValue(exception.summary);
            text.addBindValue(tierName(exception.tier));
            text.addBindValue(rules);
            if (!text.exec()) {
                done = sqlFailure(QStringLiteral("Recording a journey exception's text"), text);
                break;
            }

            QSqlQuery item(db);
            item.prepare(QStringLiteral(
                "INSERT INTO triage_items (communication_id, master_id, tier, tier_rank, "
                "received_at, ingested_at, due_at, source, summary) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'journey', ?)"));
            item.addBindValue(textId);
            item.addBindValue(masterId);
            item.addBindValue(tierName(exception.tier));
            item.addBindValue(int(exception.tier));
            item.addBindValue(toStorageTime(arose));
            item.addBindValue(toStorageTime(now));
            item.addBindValue(toStorageTime(now.addSecs(qint64(exception.dueHours) * 3600)));
            item.addBindValue(exception.summary);
            if (!item.exec()) {
                done = sqlFailure(QStringLiteral("Opening a triage item for a journey exception"),
                                  item);
                break;
            }
            const qint64 itemId = item.lastInsertId().toLongLong();
            QSqlQuery link(db);
            link.prepare(
                QStringLiteral("UPDATE journey_exceptions SET triage_item_id = ? WHERE id = ?"));
            link.addBindValue(itemId);
            link.addBindValue(exceptionId);
            if (!link.exec()) {
                done = sqlFailure(QStringLiteral("Linking a journey exception"), link);
                break;
            }
            // The same opening detail as a reply's (tier and digest of the text), so the audit
            // check of the queue covers these items too.
            done = m_audit.appendInTransaction(
                db, {actor, QStringLiteral("open-item"), masterId,
                     QStringLiteral("triage-item/%1").arg(itemId), QStringLiteral("success"),
                     openingDetail(exception.tier, exception.summary)});
            if (!done)
                break;
            opened.append(itemId);
        }
        if (!done || !db.commit()) {
            db.rollback();
            return done ? fail(Error::Code::Storage,
                               QStringLiteral("Could not save the journey exceptions."))
                        : std::unexpected(done.error());
        }
        for (qint64 id : opened)
            qCInfo(lcExceptions) << "raised journey exception as triage item" << id << "patient"
                                 << masterId;
        report.raised += int(opened.size());
        report.itemIds += opened;
    }
    if (report.raised > 0) {
        if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
            return std::unexpected(checkpointed.error());
    }
    return report;
}

} // namespace CareDesk
