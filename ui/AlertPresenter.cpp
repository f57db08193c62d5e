// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/AlertPresenter.h"

#include "ui/AlertBanner.h"
#include "ui/AudibleAlert.h"
#include "ui/DesktopNotifier.h"

namespace CareDesk {

namespace {

QString tierWord(TriageTier tier)
{
    switch (tier) {
    case TriageTier::Emergent:
        return AlertPresenter::tr("\u25B2 EMERGENT");
    case TriageTier::Urgent:
        return AlertPresenter::tr("\u25C6 Urgent");
    case TriageTier::Routine:
        break;
    }
    return AlertPresenter::tr("\u25CF Review");
}

} // namespace

AlertPresenter::AlertPresenter(AlertBanner &banner, QObject *parent)
    : QObject(parent)
    , m_banner(banner)
    , m_notifier(new DesktopNotifier(this))
    , m_sound(new AudibleAlert(this))
{}

QString AlertPresenter::describe(const QueueAlert &alert)
{
    const QString tier = tierWord(alert.tier);
    switch (alert.reason) {
    case QueueAlert::Reason::Escalated:
        return tr("%1 item %2: not acknowledged in time, escalated to %3.")
            .arg(tier)
            .arg(alert.itemId)
            .arg(alert.role);
    case QueueAlert::Reason::Raised:
        return tr("%1 item %2: a new reply raised it; acknowledge it again.")
            .arg(tier)
            .arg(alert.itemId);
    case QueueAlert::Reason::NewReply:
        return tr("%1 item %2: a new reply.").arg(tier).arg(alert.itemId);
    case QueueAlert::Reason::Outstanding:
        return alert.role.isEmpty()
                   ? tr("%1 item %2 is waiting to be acknowledged.").arg(tier).arg(alert.itemId)
                   : tr("%1 item %2 is waiting to be acknowledged (escalated to %3).")
                         .arg(tier)
                         .arg(alert.itemId)
                         .arg(alert.role);
    case QueueAlert::Reason::Digest:
        return tr("%n item(s) came in while alerts were held (batched or quiet hours).", nullptr,
                  int(alert.itemIds.size()));
    case QueueAlert::Reason::NewItem:
        break;
    }
    return tr("%1 item %2: new in the queue.").arg(tier).arg(alert.itemId);
}

void AlertPresenter::present(const QueueAlert &alert)
{
    const QString text = describe(alert);
    // A digest has no single item; it is one line the nurse can dismiss.
    const qint64 line = alert.reason == QueueAlert::Reason::Digest ? 0 : alert.itemId;
    m_banner.show(line, alert.tier, text);
    if (alert.audible)
        m_sound->play();
    const QString key = line > 0 ? QStringLiteral("item-%1").arg(line) : QStringLiteral("digest");
    m_notifier->notify(key, tr("CareDesk: %1").arg(tierWord(alert.tier)), text,
                       alert.tier == TriageTier::Emergent);
}

void AlertPresenter::acknowledged(qint64 itemId)
{
    m_banner.remove(itemId);
}

} // namespace CareDesk
