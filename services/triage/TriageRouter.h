// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Classification.h"
#include "models/Error.h"
#include "services/triage/TriageService.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>

namespace CareDesk {

class AuditLog;
class Clock;

// A stored reply, as routing needs it.
struct RoutedReply {
    QString communicationId;
    QString masterId;
    QString program; // empty when the source did not say
    QDateTime receivedAt;
    QString text; // only its digest reaches the audit trail
    TriageTier tier = TriageTier::Routine;
    bool needsReview = false;
    bool possibleAdverseEvent = false;
};

struct RoutingOutcome {
    enum class Action { None, Opened, Attached, Raised };
    Action action = Action::None;
    qint64 itemId = 0;
    TriageTier tierBefore = TriageTier::Routine; // of the item, before this reply
    TriageTier tierAfter = TriageTier::Routine;
};

// Puts a patient's reply in the queue: one open item per patient and episode
// (docs/triage.md). A reply while the patient's item is open joins it; its tier can only
// rise, and a rise asks for a fresh acknowledgement within the new tier's deadline (never later
// than the deadline it had) and restarts the escalation ladder. A reply with no open item opens one
// when it needs a person. Every step is audited and logged as a queue event. Runs inside the
// caller's transaction; the unique index on open episodes keeps two writers from opening two items
// for one patient.
class TriageRouter
{
public:
    TriageRouter(QSqlDatabase db, AuditLog &audit, const Clock &clock,
                 const TriageSettings &settings, QString actor);

    Result<RoutingOutcome> route(const RoutedReply &reply);

    // What the audit trail records of a raise: the new tier, the old one and the reply's digest.
    static QString raiseDetail(TriageTier tier, TriageTier from, const QString &replyText);
    // What it records of a reply that joined an item: its tier and digest.
    static QString attachDetail(TriageTier tier, const QString &replyText);

private:
    Result<RoutingOutcome> open(const RoutedReply &reply);
    Result<RoutingOutcome> attach(const RoutedReply &reply, qint64 itemId, TriageTier itemTier,
                                  bool awaitingAck, const QDateTime &dueAt);
    VoidResult linkReply(qint64 itemId, const RoutedReply &reply, bool raised);

    QSqlDatabase m_db;
    AuditLog &m_audit;
    const Clock &m_clock;
    TriageSettings m_settings;
    QString m_actor;
};

} // namespace CareDesk
