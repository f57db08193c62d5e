// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/journey/JourneyService.h"

#include "models/Clock.h"
#include "services/analytics/AdherenceCalculator.h"
#include "services/journey/AuthorizationClocks.h"
#include "services/journey/JourneyEngine.h"
#include "services/journey/JourneyExceptionRules.h"
#include "services/journey/JourneyRecords.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/PatientStore.h"
#include "services/store/SqlFailure.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcJourney, "caredesk.journey.service", QtInfoMsg)

namespace CareDesk {

namespace {

QString ageBand(const QString &birthDate, const QDate &today)
{
    const QDate born = QDate::fromString(birthDate.left(10), Qt::ISODate);
    if (!born.isValid() || born > today)
        return QString();
    int age = today.year() - born.year();
    if (today < born.addYears(age))
        --age;
    const int decade = age / 10 * 10;
    return QStringLiteral("%1-%2").arg(decade).arg(decade + 9);
}

MentorIntroduction introductionFromRow(const QSqlQuery &row)
{
    auto time = [&row](int column) {
        return row.value(column).isNull() ? QDateTime()
                                          : fromStorageTime(row.value(column).toString());
    };
    MentorIntroduction intro;
    intro.id = row.value(0).toLongLong();
    intro.masterId = row.value(1).toString();
    intro.mentorId = row.value(2).toString();
    intro.status = row.value(3).toString();
    intro.score = row.value(4).toInt();
    intro.proposedAt = time(5);
    intro.proposedBy = row.value(6).toString();
    intro.patientConsent = row.value(7).toString();
    intro.patientConsentAt = time(8);
    intro.mentorConsent = row.value(9).toString();
    intro.mentorConsentAt = time(10);
    intro.introducedAt = time(11);
    intro.outcome = row.value(12).toString();
    intro.outcomeAt = time(13);
    intro.mentorName = row.value(14).toString();
    return intro;
}

} // namespace

namespace {

const QString kIntroductionColumns = QStringLiteral(
    "i.id, i.master_id, i.mentor_id, i.status, i.score, i.proposed_at, i.proposed_by, "
    "i.patient_consent, i.patient_consent_at, i.mentor_consent, i.mentor_consent_at, "
    "i.introduced_at, i.outcome, i.outcome_at, m.display_name");

} // namespace

Result<QList<MentorIntroduction>> readIntroductions(const QSqlDatabase &db, const QString &where,
                                                    const QVariantList &values)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT %1 FROM mentor_introductions i LEFT JOIN mentors m ON "
                                 "m.mentor_id = i.mentor_id WHERE %2 ORDER BY i.proposed_at, i.id")
                      .arg(kIntroductionColumns, where));
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading mentor introductions"), query);
    QList<MentorIntroduction> introductions;
    while (query.next())
        introductions.append(introductionFromRow(query));
    return introductions;
}

JourneyService::JourneyService(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
                               AccessControl &access, const Clock &clock)
    : m_cache(std::move(cache))
    , m_audit(audit)
    , m_access(access)
    , m_clock(clock)
{}

Result<JourneyDefinition> JourneyService::builtInDefinition()
{
    QFile file(QStringLiteral(":/journeys/specialty-therapy.json"));
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Code::NotFound,
                    QStringLiteral("The built-in journey definition is missing from this build."));
    return JourneyDefinition::fromJson(file.readAll());
}

Result<JourneyDefinition> JourneyService::definition() const
{
    QSqlQuery query(m_cache->connection());
    if (!query.exec(QStringLiteral("SELECT body FROM journey_definitions ORDER BY version DESC "
                                   "LIMIT 1")))
        return sqlFailure(QStringLiteral("Reading the journey definition"), query);
    if (!query.next())
        return builtInDefinition();
    auto saved = JourneyDefinition::fromJson(query.value(0).toString().toUtf8());
    if (!saved)
        return fail(Error::Code::Integrity,
                    QStringLiteral("The saved journey definition no longer reads: %1")
                        .arg(saved.error().message));
    return saved;
}

Result<int> JourneyService::saveDefinition(const QByteArray &json, const Principal &who)
{
    if (auto allowed = m_access.require(who, Permission::JourneyDefine, QString(),
                                        QStringLiteral("journey-definition"));
        !allowed)
        return std::unexpected(allowed.error());
    const QString &actor = who.user;
    auto candidate = JourneyDefinition::fromJson(json);
    if (!candidate)
        return std::unexpected(candidate.error());
    auto current = definition();
    if (!current)
        return std::unexpected(current.error());
    if (candidate->version <= current->version)
        return fail(Error::Code::Conflict,
                    QStringLiteral("The definition's version must be higher than the current "
                                   "version %1; got %2.")
                        .arg(current->version)
                        .arg(candidate->version));

    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    const QByteArray body = candidate->toJsonBytes();
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO journey_definitions (version, program, body, "
                                  "saved_by, saved_at) VALUES (?, ?, ?, ?, ?)"));
    insert.addBindValue(candidate->version);
    insert.addBindValue(candidate->program);
    insert.addBindValue(QString::fromUtf8(body));
    insert.addBindValue(actor);
    insert.addBindValue(toStorageTime(m_clock.now()));
    VoidResult done = insert.exec() ? VoidResult()
                                    : VoidResult(sqlFailure(QStringLiteral("Saving the journey "
                                                                           "definition"),
                                                            insert));
    if (done) {
        const QString digest =
            QString::fromLatin1(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
        done = m_audit.appendInTransaction(
            db, {actor, QStringLiteral("journey-definition-save"), QString(),
                 QStringLiteral("journey-definition/%1/v%2")
                     .arg(candidate->program)
                     .arg(candidate->version),
                 QStringLiteral("success"), QStringLiteral("sha256=%1").arg(digest)});
    }
    if (!done || !db.commit()) {
        db.rollback();
        return done ? fail(Error::Code::Storage, QStringLiteral("Could not save the definition."))
                    : std::unexpected(done.error());
    }
    qCInfo(lcJourney) << "journey definition" << candidate->program << "version"
                      << candidate->version << "saved";
    if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
        return std::unexpected(checkpointed.error());
    return candidate->version;
}

Result<QString> JourneyService::findPatient(const QString &argument) const
{
    const QString text = argument.trimmed();
    if (text.isEmpty())
        return fail(Error::Code::InvalidInput, QStringLiteral("No patient given."));
    QSqlDatabase db = m_cache->connection();
    if (text.startsWith(QLatin1String("MPI-"))) {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("SELECT 1 FROM patients WHERE master_id = ?"));
        query.addBindValue(text);
        if (!query.exec())
            return sqlFailure(QStringLiteral("Looking up a patient"), query);
        if (query.next())
            return text;
    } else {
        PatientStore store(db, m_clock);
        const QString id = text.startsWith(QLatin1String("Patient/")) ? text.mid(8) : text;
        auto found = store.find({{QStringLiteral("Patient"), id}});
        if (!found)
            return found;
        if (!found->isEmpty())
            return *found;
    }
    return fail(Error::Code::NotFound,
                QStringLiteral("No patient \"%1\" in the cache (give a master ID or a FHIR "
                               "Patient id).")
                    .arg(text));
}

Result<QStringList> JourneyService::enrolledPatients() const
{
    QSqlQuery query(m_cache->connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(
            "SELECT master_id FROM records WHERE master_id IS NOT NULL AND resource_type IN "
            "('Task', 'CoverageEligibilityRequest', 'CoverageEligibilityResponse', 'Claim', "
            "'ClaimResponse', 'MedicationDispense', 'Appointment', 'Consent') "
            "UNION SELECT master_id FROM journey_actions ORDER BY 1")))
        return sqlFailure(QStringLiteral("Listing patients on a journey"), query);
    QStringList patients;
    while (query.next())
        patients.append(query.value(0).toString());
    return patients;
}

Result<PatientJourney> JourneyService::journey(const Principal &who, const QString &masterId)
{
    const QString object = QStringLiteral("journey/%1").arg(masterId);
    if (auto allowed = m_access.require(who, Permission::PatientRead, masterId, object); !allowed)
        return std::unexpected(allowed.error());
    auto journey = computeJourney(masterId);
    if (!journey)
        return journey;
    // Message marks carry the patient's words: only for roles that read clinical text.
    if (!m_access.mayReadClinicalText(who, masterId, QString())) {
        for (TimelineEvent &event : journey->timeline) {
            if (event.kind == QLatin1String("message"))
                event.summary = m_access.maskNotice(who);
        }
    }
    if (auto audited = m_audit.append({who.user, QStringLiteral("view-journey"), masterId, object});
        !audited)
        return std::unexpected(audited.error());
    return journey;
}

Result<PatientJourney> JourneyService::computeJourney(const QString &masterId) const
{
    auto current = definition();
    if (!current)
        return std::unexpected(current.error());
    return compute(masterId, *current);
}

Result<PatientJourney> JourneyService::compute(const QString &masterId,
                                               const JourneyDefinition &definition) const
{
    QSqlDatabase db = m_cache->connection();
    const QTimeZone zone(definition.timeZone.toLatin1());
    PatientJourney journey;
    journey.masterId = masterId;
    journey.definition = definition;
    journey.computedAt = m_clock.now();
    const QDate today = journey.computedAt.toTimeZone(zone).date();

    auto records = JourneyRecords::load(db, masterId, zone, today);
    if (!records)
        return std::unexpected(records.error());
    journey.state = JourneyEngine(definition).run(records->events, journey.computedAt);
    journey.authorizations =
        AuthorizationClocks(definition.clocks).compute(records->events, journey.computedAt);

    // One report per medication, limited to the program's therapy when it names one.
    QMap<QString, QList<DispenseFill>> byMedication;
    for (const DispenseFill &fill : records->fills) {
        const QStringList &terms = definition.adherence.therapyTerms;
        const bool inTherapy =
            terms.isEmpty() || std::any_of(terms.cbegin(), terms.cend(), [&](const QString &t) {
                return fill.medication.contains(t);
            });
        if (inTherapy)
            byMedication[fill.medication].append(fill);
    }
    const AdherenceCalculator calculator(definition.adherence);
    for (auto it = byMedication.cbegin(); it != byMedication.cend(); ++it) {
        AdherenceReport report = calculator.compute(it.value(), records->stays, today);
        report.medication = it.key();
        journey.adherence.append(report);
    }

    PatientStore store(db, m_clock);
    auto timeline = store.timeline(masterId);
    if (!timeline)
        return std::unexpected(timeline.error());
    journey.timeline = *timeline;
    for (const JourneyEvent &event : records->events) {
        if (event.type == QLatin1String("action"))
            journey.timeline.append({event.when, QStringLiteral("action"), event.text, event.status,
                                     event.resourceType, event.resourceId});
    }
    auto introductions =
        readIntroductions(db, QStringLiteral("i.master_id = ?"), {QVariant(masterId)});
    if (!introductions)
        return std::unexpected(introductions.error());
    journey.introductions = *introductions;
    for (const MentorIntroduction &intro : journey.introductions) {
        const QDateTime when = intro.outcomeAt.isValid()      ? intro.outcomeAt
                               : intro.introducedAt.isValid() ? intro.introducedAt
                                                              : intro.proposedAt;
        const QString what = intro.outcome.isEmpty() ? intro.status : intro.outcome;
        journey.timeline.append({when, QStringLiteral("mentor"),
                                 QStringLiteral("Mentor %1: %2").arg(intro.mentorName, what), what,
                                 QStringLiteral("MentorIntroduction"), QString::number(intro.id)});
    }
    std::stable_sort(journey.timeline.begin(), journey.timeline.end(),
                     [](const TimelineEvent &a, const TimelineEvent &b) {
                         if (a.when.isValid() != b.when.isValid())
                             return a.when.isValid();
                         return a.when < b.when;
                     });

    journey.exceptions = journeyExceptions(journey, records->events);
    QSqlQuery raised(db);
    raised.prepare(QStringLiteral("SELECT e.dedupe_key, e.triage_item_id, t.status FROM "
                                  "journey_exceptions e LEFT JOIN triage_items t ON "
                                  "t.id = e.triage_item_id WHERE e.master_id = ?"));
    raised.addBindValue(masterId);
    if (!raised.exec())
        return sqlFailure(QStringLiteral("Reading raised exceptions"), raised);
    QHash<QString, QPair<qint64, QString>> items;
    while (raised.next())
        items.insert(raised.value(0).toString(),
                     {raised.value(1).toLongLong(), raised.value(2).toString()});
    for (JourneyException &exception : journey.exceptions) {
        const auto item = items.value(exception.key);
        exception.triageItemId = item.first;
        exception.itemStatus = item.second;
    }
    return journey;
}

Result<PatientProfile> JourneyService::profile(const QString &masterId) const
{
    auto current = definition();
    if (!current)
        return std::unexpected(current.error());
    const QTimeZone zone(current->timeZone.toLatin1());
    const QDateTime now = m_clock.now();
    auto records =
        JourneyRecords::load(m_cache->connection(), masterId, zone, now.toTimeZone(zone).date());
    if (!records)
        return std::unexpected(records.error());
    PatientProfile profile;
    profile.masterId = masterId;
    profile.therapies = records->therapies;
    profile.conditions = records->conditions;
    profile.stageId = JourneyEngine(*current).run(records->events, now).currentStage;
    if (const JourneyStage *stage = current->stage(profile.stageId))
        profile.stageTitle = stage->title;
    profile.language = records->language;
    profile.ageBand = ageBand(records->birthDate, now.toTimeZone(zone).date());
    profile.timeZone = current->timeZone;
    return profile;
}

Result<qint64> JourneyService::recordAction(const QString &masterId, const JourneyAction &action,
                                            const Principal &who)
{
    if (auto allowed = m_access.require(who, Permission::JourneyManage, masterId,
                                        QStringLiteral("journey/%1").arg(masterId));
        !allowed)
        return std::unexpected(allowed.error());
    const QString &actor = who.user;
    auto current = computeJourney(masterId);
    if (!current)
        return std::unexpected(current.error());
    const JourneyState &state = current->state;
    const JourneyDefinition &definition = current->definition;
    if (!state.enrolled)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Patient %1 has no journey yet.").arg(masterId));
    QString detail;
    if (action.kind == JourneyAction::Kind::Move) {
        if (!definition.stage(action.stage))
            return fail(
                Error::Code::InvalidInput,
                QStringLiteral("There is no stage \"%1\" in the program.").arg(action.stage));
        if (!JourneyEngine(definition).canMove(state.currentStage, action.stage))
            return fail(Error::Code::Conflict,
                        QStringLiteral("The program has no path from \"%1\" to \"%2\"; a patient "
                                       "in %1 can move to: %3.")
                            .arg(state.currentStage, action.stage,
                                 definition.nextStages(state.currentStage).join(u", ")));
        detail = QStringLiteral("move=%1;from=%2").arg(action.stage, state.currentStage);
    } else {
        const bool open =
            std::any_of(state.steps.cbegin(), state.steps.cend(), [&](const StepState &step) {
                return step.stageId == state.currentStage && step.stepId == action.step &&
                       !step.doneAt.isValid();
            });
        if (!open)
            return fail(Error::Code::Conflict,
                        QStringLiteral("Step \"%1\" is not an open step of the stage the patient "
                                       "is in (%2).")
                            .arg(action.step, state.currentStage));
        detail = QStringLiteral("step=%1;stage=%2").arg(action.step, state.currentStage);
    }

    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO journey_actions (master_id, action, stage, step, "
                                  "actor, at) VALUES (?, ?, ?, ?, ?, ?)"));
    insert.addBindValue(masterId);
    insert.addBindValue(action.kind == JourneyAction::Kind::Move ? QStringLiteral("move")
                                                                 : QStringLiteral("complete-step"));
    insert.addBindValue(action.kind == JourneyAction::Kind::Move ? QVariant(action.stage)
                                                                 : QVariant());
    insert.addBindValue(action.kind == JourneyAction::Kind::CompleteStep ? QVariant(action.step)
                                                                         : QVariant());
    insert.addBindValue(actor);
    insert.addBindValue(toStorageTime(m_clock.now()));
    if (!insert.exec()) {
        db.rollback();
        return sqlFailure(QStringLiteral("Recording the coordinator's action"), insert);
    }
    const qint64 id = insert.lastInsertId().toLongLong();
    auto audited = m_audit.appendInTransaction(
        db, {actor, QStringLiteral("journey-action"), masterId,
             QStringLiteral("journey-action/%1").arg(id), QStringLiteral("success"), detail});
    if (!audited || !db.commit()) {
        db.rollback();
        return audited ? fail(Error::Code::Storage, QStringLiteral("Could not save the action."))
                       : std::unexpected(audited.error());
    }
    qCInfo(lcJourney) << "journey action" << id << detail << "patient" << masterId;
    if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
        return std::unexpected(checkpointed.error());
    return id;
}

Result<SourceRecord> JourneyService::sourceRecord(const QString &resourceType,
                                                  const QString &resourceId, const Principal &who)
{
    const QString &actor = who.user;
    QSqlDatabase db = m_cache->connection();
    SourceRecord record;
    record.resourceType = resourceType;
    record.resourceId = resourceId;
    QString masterId;
    if (resourceType == QLatin1String("JourneyAction")) {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("SELECT master_id, action, stage, step, actor, at FROM "
                                     "journey_actions WHERE id = ?"));
        query.addBindValue(resourceId.toLongLong());
        if (!query.exec())
            return sqlFailure(QStringLiteral("Reading a coordinator action"), query);
        if (!query.next())
            return fail(Error::Code::NotFound,
                        QStringLiteral("There is no journey action %1.").arg(resourceId));
        masterId = query.value(0).toString();
        record.kind = QStringLiteral("action");
        record.occurredAt = fromStorageTime(query.value(5).toString());
        record.summary = query.value(1).toString() == QLatin1String("move")
                             ? QStringLiteral("Moved to stage %1").arg(query.value(2).toString())
                             : QStringLiteral("Step %1 marked done").arg(query.value(3).toString());
        record.status = QStringLiteral("done");
        record.source = QStringLiteral("coordinator");
        record.content = QStringLiteral("Recorded by %1 at %2.")
                             .arg(query.value(4).toString(), query.value(5).toString());
    } else if (resourceType == QLatin1String("MentorIntroduction")) {
        auto found =
            readIntroductions(db, QStringLiteral("i.id = ?"), {QVariant(resourceId.toLongLong())});
        if (!found)
            return std::unexpected(found.error());
        if (found->isEmpty())
            return fail(Error::Code::NotFound,
                        QStringLiteral("There is no mentor introduction %1.").arg(resourceId));
        const MentorIntroduction &intro = found->first();
        masterId = intro.masterId;
        record.kind = QStringLiteral("mentor");
        record.occurredAt = intro.proposedAt;
        record.summary = QStringLiteral("Introduction to mentor %1").arg(intro.mentorName);
        record.status = intro.outcome.isEmpty() ? intro.status : intro.outcome;
        record.source = QStringLiteral("coordinator");
        record.content =
            QStringLiteral("Proposed by %1 at %2 (score %3).\nPatient's consent: %4.\nMentor's "
                           "consent: %5.\nIntroduced: %6.\nOutcome: %7.")
                .arg(intro.proposedBy, intro.proposedAt.toString(Qt::ISODate))
                .arg(intro.score)
                .arg(intro.patientConsent.isEmpty() ? QStringLiteral("not asked yet")
                                                    : intro.patientConsent,
                     intro.mentorConsent.isEmpty() ? QStringLiteral("not asked yet")
                                                   : intro.mentorConsent,
                     intro.introducedAt.isValid() ? intro.introducedAt.toString(Qt::ISODate)
                                                  : QStringLiteral("not yet"),
                     intro.outcome.isEmpty() ? QStringLiteral("none recorded") : intro.outcome);
    } else {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("SELECT master_id, kind, occurred_at, summary, status, "
                                     "source, body FROM records WHERE resource_type = ? AND "
                                     "resource_id = ?"));
        query.addBindValue(resourceType);
        query.addBindValue(resourceId);
        if (!query.exec())
            return sqlFailure(QStringLiteral("Reading a source record"), query);
        if (!query.next())
            return fail(
                Error::Code::NotFound,
                QStringLiteral("There is no %1/%2 in the cache.").arg(resourceType, resourceId));
        masterId = query.value(0).toString();
        record.kind = query.value(1).toString();
        if (!query.value(2).isNull())
            record.occurredAt = fromStorageTime(query.value(2).toString());
        record.summary = query.value(3).toString();
        record.status = query.value(4).toString();
        record.source = query.value(5).toString();
        const QByteArray body = query.value(6).toByteArray();
        const QJsonDocument document = QJsonDocument::fromJson(body);
        record.content = document.isObject()
                             ? QString::fromUtf8(document.toJson(QJsonDocument::Indented))
                             : QString::fromUtf8(body);
    }
    // The record is the patient's: patient.read for them (checked once it says whose it is).
    if (auto allowed = m_access.require(who, Permission::PatientRead, masterId,
                                        resourceType + u'/' + resourceId);
        !allowed)
        return std::unexpected(allowed.error());
    if (record.kind == QLatin1String("message") &&
        !m_access.mayReadClinicalText(who, masterId, QString())) {
        record.summary = m_access.maskNotice(who);
        record.content = record.summary;
    }
    if (auto audited = m_audit.append(
            {actor, QStringLiteral("view-record"), masterId, resourceType + u'/' + resourceId});
        !audited)
        return std::unexpected(audited.error());
    return record;
}

} // namespace CareDesk
