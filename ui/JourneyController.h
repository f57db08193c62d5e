// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/JourneyDefinition.h"
#include "models/PatientJourney.h"
#include "services/journey/JourneyService.h"
#include "services/journey/MentorService.h"
#include "services/security/Permission.h"
#include "ui/Workstation.h"

#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <optional>

namespace CareDesk {

struct RaiseReport;

// Runs journey and mentor work off the UI thread, in order, and reports by signals: loading a
// patient's journey and mentor proposals, coordinator actions, opening source records, the
// program definition, and raising journey exceptions to the queue (also every few minutes).
class JourneyController : public QObject
{
    Q_OBJECT
public:
    explicit JourneyController(Workstation workstation, QObject *parent = nullptr);
    ~JourneyController() override;

    bool available() const { return m_workstation.journeys && m_workstation.mentors; }
    const Workstation &workstation() const { return m_workstation; }
    // Empty when the signed-in user may do what (for masterId, if given); otherwise a line
    // naming the missing permission, for a disabled button's tooltip. AccessControl decides;
    // the service still checks on every call.
    QString missingPermission(Permission what, const QString &masterId = QString()) const;

    void load(const QString &masterId);
    void recordAction(const QString &masterId, const JourneyAction &action);
    void openRecord(const QString &resourceType, const QString &resourceId);
    void loadDefinition();
    void saveDefinition(const QByteArray &json);
    void raiseExceptions();
    // Raises exceptions every intervalMs (0 stops).
    void setScanInterval(int intervalMs);

    void propose(const QString &masterId, const QString &mentorId);
    void recordConsent(const QString &masterId, qint64 introductionId, const QString &party,
                       bool given);
    void introduce(const QString &masterId, qint64 introductionId);
    void recordOutcome(const QString &masterId, qint64 introductionId, const QString &outcome);
    // As the signed-in user unless `as` names another principal (the demo site's automation).
    void importMentors(const QByteArray &json, const std::optional<Principal> &as = std::nullopt);

    void waitForIdle();

signals:
    void journeyLoaded(const CareDesk::PatientJourney &journey);
    void mentorsLoaded(const CareDesk::MentorMatch &match);
    void recordOpened(const CareDesk::SourceRecord &record);
    void definitionLoaded(const CareDesk::JourneyDefinition &definition);
    void definitionSaved(int version);
    void exceptionsRaised(int raised);
    void actionDone(const QString &message);
    void failed(const QString &message);

private:
    // Runs change on the worker; on success says message and reloads masterId.
    void runChange(const QString &masterId, const QString &message,
                   std::function<VoidResult()> change);

    Workstation m_workstation;
    QThreadPool m_pool; // one thread: journey reads and changes in order
    QTimer m_scanTimer;
};

} // namespace CareDesk
