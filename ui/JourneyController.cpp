// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/JourneyController.h"

#include "services/journey/JourneyExceptions.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"

#include <QtConcurrent/QtConcurrentRun>

namespace CareDesk {

JourneyController::JourneyController(Workstation workstation, QObject *parent)
    : QObject(parent)
    , m_workstation(std::move(workstation))
{
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1);
    connect(&m_scanTimer, &QTimer::timeout, this, &JourneyController::raiseExceptions);
}

JourneyController::~JourneyController()
{
    m_scanTimer.stop();
    waitForIdle();
}

QString JourneyController::missingPermission(Permission what, const QString &masterId) const
{
    const Workstation &ws = m_workstation;
    if (ws.access && ws.access->allows(ws.principal, what, masterId))
        return QString();
    const RoleDefinition *role = ws.access ? ws.access->roles().role(ws.principal.role) : nullptr;
    return tr("Needs the %1 permission, which your role (%2) does not have.")
        .arg(permissionName(what), role ? role->label : ws.principal.role);
}

void JourneyController::waitForIdle()
{
    // The worker closes its own cache connection before the pool lets it go (Qt SQL's rule).
    auto cache = m_workstation.cache;
    if (cache)
        m_pool.start([cache] { cache->releaseThreadConnection(); });
    m_pool.waitForDone();
}

void JourneyController::setScanInterval(int intervalMs)
{
    if (intervalMs > 0)
        m_scanTimer.start(intervalMs);
    else
        m_scanTimer.stop();
}

void JourneyController::load(const QString &masterId)
{
    if (!available() || masterId.isEmpty())
        return;
    JourneyService *journeys = m_workstation.journeys;
    MentorService *mentors = m_workstation.mentors;
    using Loaded = std::pair<Result<PatientJourney>, Result<MentorMatch>>;
    const Principal who = m_workstation.principal;
    QtConcurrent::run(&m_pool, [journeys, mentors, masterId, who]() -> Loaded {
        return {journeys->journey(who, masterId), mentors->proposals(who, masterId)};
    }).then(this, [this](const Loaded &loaded) {
        if (!loaded.first)
            emit failed(loaded.first.error().message);
        else
            emit journeyLoaded(*loaded.first);
        if (!loaded.second)
            emit failed(loaded.second.error().message);
        else
            emit mentorsLoaded(*loaded.second);
    });
}

void JourneyController::runChange(const QString &masterId, const QString &message,
                                  std::function<VoidResult()> change)
{
    if (!available())
        return;
    QtConcurrent::run(&m_pool, std::move(change))
        .then(this, [this, masterId, message](const VoidResult &result) {
            if (!result)
                emit failed(result.error().message);
            else
                emit actionDone(message);
            load(masterId);
        });
}

void JourneyController::recordAction(const QString &masterId, const JourneyAction &action)
{
    JourneyService *journeys = m_workstation.journeys;
    const Principal who = m_workstation.principal;
    runChange(masterId,
              action.kind == JourneyAction::Kind::Move
                  ? tr("Moved the patient to %1.").arg(action.stage)
                  : tr("Step %1 marked done.").arg(action.step),
              [journeys, masterId, action, who]() -> VoidResult {
                  auto done = journeys->recordAction(masterId, action, who);
                  return done ? VoidResult() : VoidResult(std::unexpected(done.error()));
              });
}

void JourneyController::openRecord(const QString &resourceType, const QString &resourceId)
{
    if (!available())
        return;
    JourneyService *journeys = m_workstation.journeys;
    const Principal who = m_workstation.principal;
    QtConcurrent::run(&m_pool, [journeys, resourceType, resourceId, who] {
        return journeys->sourceRecord(resourceType, resourceId, who);
    }).then(this, [this](const Result<SourceRecord> &record) {
        if (!record)
            emit failed(record.error().message);
        else
            emit recordOpened(*record);
    });
}

void JourneyController::loadDefinition()
{
    if (!available())
        return;
    JourneyService *journeys = m_workstation.journeys;
    QtConcurrent::run(&m_pool, [journeys] {
        return journeys->definition();
    }).then(this, [this](const Result<JourneyDefinition> &definition) {
        if (!definition)
            emit failed(definition.error().message);
        else
            emit definitionLoaded(*definition);
    });
}

void JourneyController::saveDefinition(const QByteArray &json)
{
    if (!available())
        return;
    JourneyService *journeys = m_workstation.journeys;
    const Principal who = m_workstation.principal;
    QtConcurrent::run(&m_pool, [journeys, json, who] {
        return journeys->saveDefinition(json, who);
    }).then(this, [this](const Result<int> &version) {
        if (!version)
            emit failed(version.error().message);
        else
            emit definitionSaved(*version);
    });
}

void JourneyController::raiseExceptions()
{
    if (!available())
        return;
    const Workstation ws = m_workstation;
    QtConcurrent::run(&m_pool, [ws]() -> Result<RaiseReport> {
        // Scans are the workstation's own work, not a view of any patient: the automation's.
        return JourneyExceptions(ws.cache, *ws.audit, *ws.clock, *ws.journeys)
            .raise(principalForAutomation());
    }).then(this, [this](const Result<RaiseReport> &report) {
        if (!report)
            emit failed(report.error().message);
        else
            emit exceptionsRaised(report->raised);
    });
}

void JourneyController::propose(const QString &masterId, const QString &mentorId)
{
    MentorService *mentors = m_workstation.mentors;
    const Principal who = m_workstation.principal;
    runChange(masterId, tr("Introduction proposed."),
              [mentors, masterId, mentorId, who]() -> VoidResult {
                  auto done = mentors->propose(masterId, mentorId, who);
                  return done ? VoidResult() : VoidResult(std::unexpected(done.error()));
              });
}

void JourneyController::recordConsent(const QString &masterId, qint64 introductionId,
                                      const QString &party, bool given)
{
    MentorService *mentors = m_workstation.mentors;
    const Principal who = m_workstation.principal;
    runChange(masterId, given ? tr("Consent recorded.") : tr("Refusal recorded."),
              [mentors, introductionId, party, given, who] {
                  return mentors->recordConsent(introductionId, party, given, who);
              });
}

void JourneyController::introduce(const QString &masterId, qint64 introductionId)
{
    MentorService *mentors = m_workstation.mentors;
    const Principal who = m_workstation.principal;
    runChange(masterId, tr("Introduction made."),
              [mentors, introductionId, who] { return mentors->introduce(introductionId, who); });
}

void JourneyController::recordOutcome(const QString &masterId, qint64 introductionId,
                                      const QString &outcome)
{
    MentorService *mentors = m_workstation.mentors;
    const Principal who = m_workstation.principal;
    runChange(masterId, tr("Outcome recorded."), [mentors, introductionId, outcome, who] {
        return mentors->recordOutcome(introductionId, outcome, who);
    });
}

void JourneyController::importMentors(const QByteArray &json, const std::optional<Principal> &as)
{
    if (!available())
        return;
    MentorService *mentors = m_workstation.mentors;
    const Principal who = as.value_or(m_workstation.principal);
    QtConcurrent::run(&m_pool, [mentors, json, who] {
        return mentors->importRegistry(json, who);
    }).then(this, [this](const Result<int> &count) {
        if (!count)
            emit failed(count.error().message);
        else
            emit actionDone(tr("%n mentor(s) in the registry updated.", nullptr, *count));
    });
}

} // namespace CareDesk
