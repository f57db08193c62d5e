// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/journey/MentorService.h"

#include "models/Clock.h"
#include "services/fhir/FhirMapper.h"
#include "services/journey/JourneyService.h"
#include "services/journey/MentorMatcher.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/SqlFailure.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QTimeZone>

Q_LOGGING_CATEGORY(lcMentors, "caredesk.journey.mentors", QtInfoMsg)

namespace CareDesk {

namespace {

const QStringList kDays{QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"),
                        QStringLiteral("thu"), QStringLiteral("fri"), QStringLiteral("sat"),
                        QStringLiteral("sun")};

QJsonArray availabilityJson(const QList<MentorAvailability> &windows)
{
    QJsonArray array;
    for (const MentorAvailability &slot : windows)
        array.append(QJsonObject{{QStringLiteral("day"), kDays.at(slot.dayOfWeek - 1)},
                                 {QStringLiteral("from"), slot.from.toString(u"HH:mm")},
                                 {QStringLiteral("to"), slot.to.toString(u"HH:mm")}});
    return array;
}

QList<MentorAvailability> availabilityFrom(const QJsonArray &array, QString *problem)
{
    QList<MentorAvailability> windows;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject object = array.at(i).toObject();
        MentorAvailability slot;
        slot.dayOfWeek =
            int(kDays.indexOf(object.value(QLatin1String("day")).toString().toLower().left(3))) + 1;
        slot.from = QTime::fromString(object.value(QLatin1String("from")).toString(), u"HH:mm");
        slot.to = QTime::fromString(object.value(QLatin1String("to")).toString(), u"HH:mm");
        if (slot.dayOfWeek < 1 || !slot.from.isValid() || !slot.to.isValid() ||
            slot.to <= slot.from) {
            *problem = QStringLiteral("availability %1 needs a day (mon..sun) and \"from\" before "
                                      "\"to\" as HH:mm")
                           .arg(i + 1);
            return {};
        }
        windows.append(slot);
    }
    return windows;
}

Result<Mentor> mentorFrom(const QJsonValue &value, qsizetype index)
{
    const QJsonObject object = value.toObject();
    auto text = [&object](const char *key) {
        return object.value(QLatin1String(key)).toString().trimmed();
    };
    Mentor mentor;
    mentor.mentorId = text("id");
    mentor.displayName = text("name");
    mentor.therapy = text("therapy");
    mentor.condition = text("condition");
    mentor.stageReached = text("stageReached");
    mentor.timeZone = text("timeZone");
    mentor.ageBand = text("ageBand");
    for (const QJsonValue &language : object.value(QLatin1String("languages")).toArray())
        mentor.languages.append(language.toString().trimmed());
    mentor.languages.removeAll(QString());
    mentor.capacity = object.value(QLatin1String("capacity")).toInt(-1);
    mentor.consentAt = parseFhirDateTime(text("consentAt"));
    mentor.consentWithdrawnAt = parseFhirDateTime(text("consentWithdrawnAt"));
    mentor.active = object.value(QLatin1String("active")).toBool(true);
    QString problem;
    mentor.availability =
        availabilityFrom(object.value(QLatin1String("availability")).toArray(), &problem);

    if (!value.isObject())
        problem = QStringLiteral("must be an object");
    else if (mentor.mentorId.isEmpty())
        problem = QStringLiteral("needs an \"id\"");
    else if (mentor.displayName.isEmpty())
        problem = QStringLiteral("needs a \"name\"");
    else if (mentor.therapy.isEmpty() || mentor.condition.isEmpty())
        problem = QStringLiteral("needs a \"therapy\" and a \"condition\"");
    else if (mentor.languages.isEmpty())
        problem = QStringLiteral("needs at least one language");
    else if (!QTimeZone::isTimeZoneIdAvailable(mentor.timeZone.toLatin1()))
        problem = QStringLiteral("has a \"timeZone\" that is not an IANA zone (\"%1\")")
                      .arg(mentor.timeZone);
    else if (mentor.capacity < 0 || mentor.capacity > 50)
        problem = QStringLiteral("needs a \"capacity\" from 0 to 50");
    else if (!text("consentAt").isEmpty() && !mentor.consentAt.isValid())
        problem = QStringLiteral("has a \"consentAt\" that is not a date-time");
    if (!problem.isEmpty())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Mentor %1%2 %3.")
                        .arg(index + 1)
                        .arg(mentor.mentorId.isEmpty()
                                 ? QString()
                                 : QStringLiteral(" (%1)").arg(mentor.mentorId),
                             problem));
    return mentor;
}

QVariant optionalTime(const QDateTime &when)
{
    return when.isValid() ? QVariant(toStorageTime(when)) : QVariant();
}

} // namespace

MentorService::MentorService(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
                             AccessControl &access, const Clock &clock,
                             const JourneyService &journeys)
    : m_cache(std::move(cache))
    , m_audit(audit)
    , m_access(access)
    , m_clock(clock)
    , m_journeys(journeys)
{}

Result<int> MentorService::importRegistry(const QByteArray &json, const Principal &who)
{
    if (auto allowed = m_access.require(who, Permission::DataImport, QString(),
                                        QStringLiteral("mentor-registry"));
        !allowed)
        return std::unexpected(allowed.error());
    const QString &actor = who.user;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("The mentor registry is not valid JSON (at byte %1: %2).")
                        .arg(parseError.offset)
                        .arg(parseError.errorString()));
    const QJsonArray array = document.isArray()
                                 ? document.array()
                                 : document.object().value(QLatin1String("mentors")).toArray();
    if (array.isEmpty())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("The mentor registry lists no mentors (a JSON array, or an "
                                   "object with \"mentors\")."));
    QList<Mentor> parsed;
    for (qsizetype i = 0; i < array.size(); ++i) {
        auto mentor = mentorFrom(array.at(i), i);
        if (!mentor)
            return std::unexpected(mentor.error());
        parsed.append(*mentor);
    }

    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    QSqlQuery upsert(db);
    // SQLite 3.15 has no UPSERT; a mentor row has no dependents that REPLACE would lose.
    upsert.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO mentors (mentor_id, display_name, therapy, condition, "
        "stage_reached, languages, time_zone, age_band, availability, capacity, consent_at, "
        "consent_withdrawn_at, active, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?)"));
    for (const Mentor &mentor : parsed) {
        upsert.addBindValue(mentor.mentorId);
        upsert.addBindValue(mentor.displayName);
        upsert.addBindValue(mentor.therapy);
        upsert.addBindValue(mentor.condition);
        upsert.addBindValue(mentor.stageReached);
        upsert.addBindValue(mentor.languages.join(u','));
        upsert.addBindValue(mentor.timeZone);
        upsert.addBindValue(mentor.ageBand);
        upsert.addBindValue(QString::fromUtf8(
            QJsonDocument(availabilityJson(mentor.availability)).toJson(QJsonDocument::Compact)));
        upsert.addBindValue(mentor.capacity);
        upsert.addBindValue(optionalTime(mentor.consentAt));
        upsert.addBindValue(optionalTime(mentor.consentWithdrawnAt));
        upsert.addBindValue(mentor.active ? 1 : 0);
        upsert.addBindValue(toStorageTime(m_clock.now()));
        if (!upsert.exec()) {
            db.rollback();
            return sqlFailure(QStringLiteral("Saving mentor %1").arg(mentor.mentorId), upsert);
        }
    }
    auto audited = m_audit.appendInTransaction(
        db, {actor, QStringLiteral("mentor-registry-import"), QString(),
             QStringLiteral("mentor-registry"), QStringLiteral("success"),
             QStringLiteral("mentors=%1").arg(parsed.size())});
    if (!audited || !db.commit()) {
        db.rollback();
        return audited ? fail(Error::Code::Storage, QStringLiteral("Could not save the registry."))
                       : std::unexpected(audited.error());
    }
    qCInfo(lcMentors) << "mentor registry: " << parsed.size() << "mentors added or updated";
    if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
        return std::unexpected(checkpointed.error());
    return int(parsed.size());
}

Result<QList<Mentor>> MentorService::mentors() const
{
    QSqlQuery query(m_cache->connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(
            "SELECT m.mentor_id, m.display_name, m.therapy, m.condition, m.stage_reached, "
            "m.languages, m.time_zone, m.age_band, m.availability, m.capacity, m.consent_at, "
            "m.consent_withdrawn_at, m.active, (SELECT count(*) FROM mentor_introductions i "
            "WHERE i.mentor_id = m.mentor_id AND i.status <> 'closed') FROM mentors m "
            "ORDER BY m.mentor_id")))
        return sqlFailure(QStringLiteral("Reading the mentor registry"), query);
    QList<Mentor> list;
    while (query.next()) {
        Mentor mentor;
        mentor.mentorId = query.value(0).toString();
        mentor.displayName = query.value(1).toString();
        mentor.therapy = query.value(2).toString();
        mentor.condition = query.value(3).toString();
        mentor.stageReached = query.value(4).toString();
        mentor.languages = query.value(5).toString().split(u',', Qt::SkipEmptyParts);
        mentor.timeZone = query.value(6).toString();
        mentor.ageBand = query.value(7).toString();
        QString ignored;
        mentor.availability = availabilityFrom(
            QJsonDocument::fromJson(query.value(8).toString().toUtf8()).array(), &ignored);
        mentor.capacity = query.value(9).toInt();
        if (!query.value(10).isNull())
            mentor.consentAt = fromStorageTime(query.value(10).toString());
        if (!query.value(11).isNull())
            mentor.consentWithdrawnAt = fromStorageTime(query.value(11).toString());
        mentor.active = query.value(12).toBool();
        mentor.openIntroductions = query.value(13).toInt();
        list.append(mentor);
    }
    return list;
}

Result<QList<MentorIntroduction>> MentorService::introductions(const Principal &who,
                                                               const QString &masterId)
{
    if (auto allowed = m_access.require(who, Permission::PatientRead, masterId,
                                        QStringLiteral("mentor-introductions/%1").arg(masterId));
        !allowed)
        return std::unexpected(allowed.error());
    return readIntroductions(m_cache->connection(), QStringLiteral("i.master_id = ?"),
                             {QVariant(masterId)});
}

Result<MentorMatch> MentorService::proposals(const Principal &who, const QString &masterId)
{
    const QString object = QStringLiteral("mentor-proposals/%1").arg(masterId);
    if (auto allowed = m_access.require(who, Permission::PatientRead, masterId, object); !allowed)
        return std::unexpected(allowed.error());
    auto found = match(masterId);
    if (!found)
        return found;
    if (auto audited = m_audit.append({who.user, QStringLiteral("view-mentors"), masterId, object});
        !audited)
        return std::unexpected(audited.error());
    return found;
}

Result<MentorMatch> MentorService::match(const QString &masterId) const
{
    auto definition = m_journeys.definition();
    if (!definition)
        return std::unexpected(definition.error());
    auto profile = m_journeys.profile(masterId);
    if (!profile)
        return std::unexpected(profile.error());
    auto registry = mentors();
    if (!registry)
        return std::unexpected(registry.error());
    auto existing = readIntroductions(m_cache->connection(), QStringLiteral("i.master_id = ?"),
                                      {QVariant(masterId)});
    if (!existing)
        return std::unexpected(existing.error());
    MentorMatch match;
    match.patient = *profile;
    match.introductions = *existing;
    match.proposals =
        MentorMatcher(*definition).rank(*profile, *registry, *existing, m_clock.now());
    return match;
}

Result<qint64> MentorService::propose(const QString &masterId, const QString &mentorId,
                                      const Principal &who)
{
    if (auto allowed = m_access.require(who, Permission::MentorManage, masterId,
                                        QStringLiteral("mentor/%1").arg(mentorId));
        !allowed)
        return std::unexpected(allowed.error());
    const QString &actor = who.user;
    auto ranked = match(masterId);
    if (!ranked)
        return std::unexpected(ranked.error());
    const MentorProposal *chosen = nullptr;
    for (const MentorProposal &proposal : ranked->proposals) {
        if (proposal.mentor.mentorId == mentorId)
            chosen = &proposal;
    }
    if (!chosen)
        return fail(Error::Code::NotFound,
                    QStringLiteral("There is no mentor \"%1\" in the registry.").arg(mentorId));
    if (!chosen->excludedBecause.isEmpty())
        return fail(Error::Code::Conflict, QStringLiteral("Mentor %1 cannot be proposed: %2.")
                                               .arg(mentorId, chosen->excludedBecause.toLower()));

    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    // Capacity again inside the write lock: another workstation may have proposed meanwhile.
    QSqlQuery count(db);
    count.prepare(QStringLiteral("SELECT count(*) FROM mentor_introductions WHERE mentor_id = ? "
                                 "AND status <> 'closed'"));
    count.addBindValue(mentorId);
    if (!count.exec() || !count.next()) {
        db.rollback();
        return sqlFailure(QStringLiteral("Checking the mentor's capacity"), count);
    }
    if (count.value(0).toInt() >= chosen->mentor.capacity) {
        db.rollback();
        return fail(Error::Code::Conflict,
                    QStringLiteral("Mentor %1 is at capacity.").arg(mentorId));
    }
    count.finish();
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO mentor_introductions (master_id, mentor_id, "
                                  "status, score, proposed_at, proposed_by) VALUES (?, ?, "
                                  "'proposed', ?, ?, ?)"));
    insert.addBindValue(masterId);
    insert.addBindValue(mentorId);
    insert.addBindValue(chosen->score);
    insert.addBindValue(toStorageTime(m_clock.now()));
    insert.addBindValue(actor);
    if (!insert.exec()) {
        db.rollback();
        return sqlFailure(QStringLiteral("Proposing an introduction"), insert);
    }
    const qint64 id = insert.lastInsertId().toLongLong();
    auto audited = m_audit.appendInTransaction(
        db, {actor, QStringLiteral("mentor-propose"), masterId,
             QStringLiteral("mentor-introduction/%1").arg(id), QStringLiteral("success"),
             QStringLiteral("mentor=%1;score=%2;rank=%3")
                 .arg(mentorId)
                 .arg(chosen->score)
                 .arg(chosen->rank)});
    if (!audited || !db.commit()) {
        db.rollback();
        return audited ? fail(Error::Code::Storage, QStringLiteral("Could not save the proposal."))
                       : std::unexpected(audited.error());
    }
    qCInfo(lcMentors) << "introduction" << id << "proposed: patient" << masterId << "mentor"
                      << mentorId;
    if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
        return std::unexpected(checkpointed.error());
    return id;
}

Result<MentorIntroduction> MentorService::load(qint64 id) const
{
    auto found =
        readIntroductions(m_cache->connection(), QStringLiteral("i.id = ?"), {QVariant(id)});
    if (!found)
        return std::unexpected(found.error());
    if (found->isEmpty())
        return fail(Error::Code::NotFound,
                    QStringLiteral("There is no mentor introduction %1.").arg(id));
    return found->first();
}

VoidResult MentorService::change(qint64 id, const Principal &who, const QString &action,
                                 const QString &detail,
                                 const std::function<VoidResult(const MentorIntroduction &)> &apply)
{
    // The check comes before the transaction (a refusal is audited on its own), once the
    // introduction says whose it is.
    if (auto before = load(id); !before)
        return std::unexpected(before.error());
    else if (auto allowed = m_access.require(who, Permission::MentorManage, before->masterId,
                                             QStringLiteral("mentor-introduction/%1").arg(id));
             !allowed)
        return allowed;
    const QString &actor = who.user;
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy; try again."));
    auto intro = load(id);
    VoidResult done = intro ? apply(*intro) : VoidResult(std::unexpected(intro.error()));
    if (done)
        done = m_audit.appendInTransaction(db, {actor, action, intro->masterId,
                                                QStringLiteral("mentor-introduction/%1").arg(id),
                                                QStringLiteral("success"), detail});
    if (!done || !db.commit()) {
        db.rollback();
        if (intro)
            m_audit.append({actor, action, intro->masterId,
                            QStringLiteral("mentor-introduction/%1").arg(id),
                            QStringLiteral("denied"), detail});
        return done ? fail(Error::Code::Storage, QStringLiteral("Could not save the change."))
                    : done;
    }
    qCInfo(lcMentors) << action << "introduction" << id << detail;
    return m_audit.checkpoint();
}

VoidResult MentorService::recordConsent(qint64 id, const QString &party, bool given,
                                        const Principal &who)
{
    if (party != QLatin1String("patient") && party != QLatin1String("mentor"))
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Consent is recorded for \"patient\" or \"mentor\", not \"%1\".")
                        .arg(party));
    const QString answer = given ? QStringLiteral("given") : QStringLiteral("refused");
    return change(
        id, who, QStringLiteral("mentor-consent"),
        QStringLiteral("party=%1;consent=%2").arg(party, answer),
        [&](const MentorIntroduction &intro) -> VoidResult {
            if (intro.status != QLatin1String("proposed"))
                return fail(Error::Code::Conflict,
                            QStringLiteral("Introduction %1 is %2; consent is asked before it is "
                                           "made.")
                                .arg(id)
                                .arg(intro.status));
            const QString now = toStorageTime(m_clock.now());
            QSqlQuery update(m_cache->connection());
            // A refusal from either side ends the introduction, declined.
            update.prepare(QStringLiteral("UPDATE mentor_introductions SET %1_consent = ?, "
                                          "%1_consent_at = ?, status = CASE WHEN ? THEN status "
                                          "ELSE 'closed' END, outcome = CASE WHEN ? THEN outcome "
                                          "ELSE 'declined' END, outcome_at = CASE WHEN ? THEN "
                                          "outcome_at ELSE ? END WHERE id = ? AND status = "
                                          "'proposed'")
                               .arg(party));
            update.addBindValue(answer);
            update.addBindValue(now);
            update.addBindValue(given ? 1 : 0);
            update.addBindValue(given ? 1 : 0);
            update.addBindValue(given ? 1 : 0);
            update.addBindValue(now);
            update.addBindValue(id);
            if (!update.exec() || update.numRowsAffected() != 1)
                return fail(Error::Code::Conflict,
                            QStringLiteral("Introduction %1 changed meanwhile.").arg(id));
            return {};
        });
}

VoidResult MentorService::introduce(qint64 id, const Principal &who)
{
    return change(
        id, who, QStringLiteral("mentor-introduce"), QString(),
        [&](const MentorIntroduction &intro) -> VoidResult {
            if (intro.status != QLatin1String("proposed"))
                return fail(Error::Code::Conflict,
                            QStringLiteral("Introduction %1 is %2, not awaiting an introduction.")
                                .arg(id)
                                .arg(intro.status));
            if (intro.patientConsent != QLatin1String("given") ||
                intro.mentorConsent != QLatin1String("given"))
                return fail(Error::Code::Conflict,
                            QStringLiteral("Introduction %1 needs the consent of both the patient "
                                           "(%2) and the mentor (%3).")
                                .arg(id)
                                .arg(intro.patientConsent.isEmpty() ? QStringLiteral("not asked")
                                                                    : intro.patientConsent,
                                     intro.mentorConsent.isEmpty() ? QStringLiteral("not asked")
                                                                   : intro.mentorConsent));
            auto registry = mentors();
            if (!registry)
                return std::unexpected(registry.error());
            for (const Mentor &mentor : *registry) {
                if (mentor.mentorId == intro.mentorId && (!mentor.active || !mentor.consents()))
                    return fail(Error::Code::Conflict,
                                QStringLiteral("Mentor %1 no longer mentors (inactive or consent "
                                               "withdrawn).")
                                    .arg(intro.mentorId));
            }
            QSqlQuery update(m_cache->connection());
            update.prepare(QStringLiteral("UPDATE mentor_introductions SET status = "
                                          "'introduced', introduced_at = ? WHERE id = ? AND "
                                          "status = 'proposed'"));
            update.addBindValue(toStorageTime(m_clock.now()));
            update.addBindValue(id);
            if (!update.exec() || update.numRowsAffected() != 1)
                return fail(Error::Code::Conflict,
                            QStringLiteral("Introduction %1 changed meanwhile.").arg(id));
            return {};
        });
}

VoidResult MentorService::recordOutcome(qint64 id, const QString &outcome, const Principal &who)
{
    static const QStringList outcomes{QStringLiteral("met"), QStringLiteral("declined"),
                                      QStringLiteral("no-response")};
    if (!outcomes.contains(outcome))
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Unknown outcome \"%1\"; use met, declined or no-response.")
                        .arg(outcome));
    return change(
        id, who, QStringLiteral("mentor-outcome"), QStringLiteral("outcome=%1").arg(outcome),
        [&](const MentorIntroduction &intro) -> VoidResult {
            if (intro.status == QLatin1String("closed"))
                return fail(Error::Code::Conflict,
                            QStringLiteral("Introduction %1 already has an outcome (%2).")
                                .arg(id)
                                .arg(intro.outcome));
            if (outcome == QLatin1String("met") && intro.status != QLatin1String("introduced"))
                return fail(Error::Code::Conflict,
                            QStringLiteral("Introduction %1 was never made, so they cannot have "
                                           "met.")
                                .arg(id));
            QSqlQuery update(m_cache->connection());
            update.prepare(QStringLiteral("UPDATE mentor_introductions SET status = 'closed', "
                                          "outcome = ?, outcome_at = ? WHERE id = ? AND status "
                                          "<> 'closed'"));
            update.addBindValue(outcome);
            update.addBindValue(toStorageTime(m_clock.now()));
            update.addBindValue(id);
            if (!update.exec() || update.numRowsAffected() != 1)
                return fail(Error::Code::Conflict,
                            QStringLiteral("Introduction %1 changed meanwhile.").arg(id));
            return {};
        });
}

} // namespace CareDesk
