// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/triage/AlertPolicy.h"

#include <QObject>

namespace CareDesk {

class AlertBanner;
class AudibleAlert;
class DesktopNotifier;

// Tells the people at this workstation what the alert feed says: a line on the banner that
// stays until the item is acknowledged, the chime for anything emergent or escalated, and a
// desktop notification. The words name the item, its tier and what happened, never the patient.
class AlertPresenter : public QObject
{
    Q_OBJECT
public:
    AlertPresenter(AlertBanner &banner, QObject *parent = nullptr);

    void present(const CareDesk::QueueAlert &alert);
    void acknowledged(qint64 itemId);

    DesktopNotifier *notifier() const { return m_notifier; }
    AudibleAlert *sound() const { return m_sound; }

    // "EMERGENT item 12: not acknowledged in time, escalated to supervisor."
    static QString describe(const QueueAlert &alert);

private:
    AlertBanner &m_banner;
    DesktopNotifier *m_notifier;
    AudibleAlert *m_sound;
};

} // namespace CareDesk
