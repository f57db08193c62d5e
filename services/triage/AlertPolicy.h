// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/triage/QueueEvents.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QTime>
#include <QTimeZone>

#include <optional>

namespace CareDesk {

// How a workstation tells people about the queue, from caredesk.ini (alerts/...).
struct AlertSettings {
    int dedupeMinutes = 10; // further replies to an item alerted this recently add no alert
    int batchMinutes = 15;  // new review (routine) items are told in one digest this often
    // Site quiet hours (local wall time of the workstation's zone): new urgent and routine items
    // and replies are told when they end. Off when start == end.
    QTime quietStart;
    QTime quietEnd;
    QTimeZone zone = QTimeZone::systemTimeZone();

    bool hasQuietHours() const
    {
        return quietStart.isValid() && quietEnd.isValid() && quietStart != quietEnd;
    }
};

// Something to tell the people at a workstation.
struct QueueAlert {
    enum class Reason {
        NewItem,     // an item opened, or came back to the queue unowned
        NewReply,    // a later reply joined an item
        Raised,      // a later reply raised an item's tier
        Escalated,   // the ladder took a step: the item is not acknowledged in time
        Outstanding, // at start-up: an emergent item nobody has acknowledged
        Digest,      // several items held by batching or quiet hours, told together
    };
    Reason reason = Reason::NewItem;
    qint64 itemId = 0; // 0 for a digest
    QString masterId;  // never shown in a notification; for the log and the queue
    TriageTier tier = TriageTier::Routine;
    int level = 0;         // escalation level
    QString role;          // role escalated to
    QList<qint64> itemIds; // a digest's items
    bool audible = false;  // sound as well as the on-screen and desktop notice
    QDateTime at;
};

// Decides which queue events become alerts, and when. Clinical safety first: anything emergent,
// any raise and any escalation is told at once, bypassing batching, dedupe and quiet hours.
// Urgent items are told at once outside quiet hours; review items are batched into a digest;
// further replies to an item alerted within the dedupe window add nothing. Pure: the caller
// feeds it events and the time, and calls due() as time passes.
class AlertPolicy
{
public:
    explicit AlertPolicy(AlertSettings settings = {});

    QList<QueueAlert> onEvent(const QueueEvent &event, const QDateTime &now);
    // Held and batched alerts whose time has come, as one digest.
    QList<QueueAlert> due(const QDateTime &now);
    bool inQuietHours(const QDateTime &now) const;
    // When due() next has something to give; invalid when nothing waits.
    QDateTime nextDue() const;

    const AlertSettings &settings() const { return m_settings; }

private:
    QueueAlert alertFor(const QueueEvent &event, QueueAlert::Reason reason) const;
    QDateTime quietEndsAfter(const QDateTime &now) const;

    AlertSettings m_settings;
    QHash<qint64, QDateTime> m_lastAlerted; // per item, for the dedupe window
    QList<QueueEvent> m_waiting;            // batched or held for quiet hours
    QDateTime m_waitingUntil;
};

} // namespace CareDesk

Q_DECLARE_METATYPE(CareDesk::QueueAlert)
