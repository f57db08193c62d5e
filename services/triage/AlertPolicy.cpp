// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/triage/AlertPolicy.h"

namespace CareDesk {

AlertPolicy::AlertPolicy(AlertSettings settings)
    : m_settings(std::move(settings))
{}

bool AlertPolicy::inQuietHours(const QDateTime &now) const
{
    if (!m_settings.hasQuietHours())
        return false;
    const QTime local = now.toTimeZone(m_settings.zone).time();
    // Quiet hours may run across midnight (22:00 to 07:00).
    if (m_settings.quietStart < m_settings.quietEnd)
        return local >= m_settings.quietStart && local < m_settings.quietEnd;
    return local >= m_settings.quietStart || local < m_settings.quietEnd;
}

QDateTime AlertPolicy::quietEndsAfter(const QDateTime &now) const
{
    const QDateTime local = now.toTimeZone(m_settings.zone);
    QDateTime end(local.date(), m_settings.quietEnd, m_settings.zone);
    if (end <= now)
        end = QDateTime(local.date().addDays(1), m_settings.quietEnd, m_settings.zone);
    return end.toUTC();
}

QueueAlert AlertPolicy::alertFor(const QueueEvent &event, QueueAlert::Reason reason) const
{
    QueueAlert alert;
    alert.reason = reason;
    alert.itemId = event.itemId;
    alert.masterId = event.masterId;
    alert.tier = event.tier;
    alert.level = event.level;
    alert.role = event.target;
    alert.itemIds = {event.itemId};
    alert.at = event.at;
    alert.audible = event.tier == TriageTier::Emergent || reason == QueueAlert::Reason::Escalated;
    return alert;
}

QList<QueueAlert> AlertPolicy::onEvent(const QueueEvent &event, const QDateTime &now)
{
    QueueAlert::Reason reason = QueueAlert::Reason::NewItem;
    switch (event.kind) {
    case QueueEvent::Kind::Acknowledged:
    case QueueEvent::Kind::Resolved:
        return {};
    case QueueEvent::Kind::Escalated:
        reason = QueueAlert::Reason::Escalated;
        break;
    case QueueEvent::Kind::Raised:
        reason = QueueAlert::Reason::Raised;
        break;
    case QueueEvent::Kind::Attached:
        reason = QueueAlert::Reason::NewReply;
        break;
    case QueueEvent::Kind::Opened:
    case QueueEvent::Kind::Released:
        break;
    }

    // Safety first: emergent, raised and escalated are told now, whatever else applies.
    const bool atOnce = event.tier == TriageTier::Emergent ||
                        reason == QueueAlert::Reason::Raised ||
                        reason == QueueAlert::Reason::Escalated;
    if (atOnce) {
        m_lastAlerted.insert(event.itemId, now);
        return {alertFor(event, reason)};
    }

    if (reason == QueueAlert::Reason::NewReply) {
        const auto last = m_lastAlerted.constFind(event.itemId);
        if (last != m_lastAlerted.cend() &&
            last->secsTo(now) < qint64(m_settings.dedupeMinutes) * 60)
            return {};
    }
    if (inQuietHours(now)) {
        const QDateTime until = quietEndsAfter(now);
        if (!m_waitingUntil.isValid() || until < m_waitingUntil)
            m_waitingUntil = until;
        m_waiting.append(event);
        return {};
    }
    if (event.tier == TriageTier::Routine) {
        if (m_waiting.isEmpty())
            m_waitingUntil = now.addSecs(qint64(m_settings.batchMinutes) * 60);
        m_waiting.append(event);
        return {};
    }
    m_lastAlerted.insert(event.itemId, now);
    return {alertFor(event, reason)};
}

QDateTime AlertPolicy::nextDue() const
{
    return m_waiting.isEmpty() ? QDateTime() : m_waitingUntil;
}

QList<QueueAlert> AlertPolicy::due(const QDateTime &now)
{
    if (m_waiting.isEmpty() || now < m_waitingUntil || inQuietHours(now))
        return {};
    QueueAlert digest;
    digest.reason = QueueAlert::Reason::Digest;
    digest.at = now;
    for (const QueueEvent &event : std::as_const(m_waiting)) {
        if (!digest.itemIds.contains(event.itemId))
            digest.itemIds.append(event.itemId);
        digest.tier = std::max(digest.tier, event.tier);
        m_lastAlerted.insert(event.itemId, now);
    }
    m_waiting.clear();
    m_waitingUntil = QDateTime();
    return {digest};
}

} // namespace CareDesk
