// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/SyncStatusLabel.h"

#include "models/Clock.h"

namespace CareDesk {

SyncStatusLabel::SyncStatusLabel(const Clock &clock, QWidget *parent)
    : QLabel(parent)
    , m_clock(clock)
{
    setObjectName(QStringLiteral("syncStatusLabel"));
    setTextFormat(Qt::RichText);
    connect(&m_ticker, &QTimer::timeout, this, &SyncStatusLabel::refresh);
    m_ticker.start(1000);
    refresh();
}

void SyncStatusLabel::setStatus(const SyncStatus &status)
{
    m_status = status;
    refresh();
}

QString SyncStatusLabel::describe(const SyncStatus &status, const QDateTime &now)
{
    QString state;
    switch (status.state) {
    case SyncStatus::State::NotConfigured:
        return tr("Not connected to a FHIR server");
    case SyncStatus::State::Offline:
        state = tr("<b style=\"color:#b00020\">Offline</b>: actions are queued");
        break;
    case SyncStatus::State::Online:
        state = tr("<b style=\"color:#1b5e20\">Online</b>");
        break;
    case SyncStatus::State::Syncing:
        state = tr("<b>Syncing\u2026</b>");
        break;
    }
    QString age = tr("no complete sync yet");
    if (status.lastGoodSync.isValid()) {
        const qint64 seconds = qMax<qint64>(0, status.lastGoodSync.secsTo(now));
        age = seconds < 60     ? tr("last good sync %n s ago", nullptr, int(seconds))
              : seconds < 3600 ? tr("last good sync %n min ago", nullptr, int(seconds / 60))
                               : tr("last good sync %n h ago", nullptr, int(seconds / 3600));
    }
    QStringList parts{state, age};
    if (!status.lastPullComplete)
        parts.append(tr("<b>last sync incomplete</b>"));
    if (status.pending + status.failed + status.dead > 0)
        parts.append(tr("outbox: %1 waiting, %2 failed, %3 dead")
                         .arg(status.pending)
                         .arg(status.failed)
                         .arg(status.dead));
    if (qAbs(status.clockSkewSeconds) > 120)
        parts.append(tr("<b>this computer's clock is %n s off the server's</b>", nullptr,
                        int(status.clockSkewSeconds)));
    return parts.join(QStringLiteral(" \u00b7 "));
}

void SyncStatusLabel::refresh()
{
    setText(describe(m_status, m_clock.now()));
    setToolTip(m_status.problem);
}

} // namespace CareDesk
