// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/security/AccessControl.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace CareDesk {

class QueueController;

// The strip above the queue that says who is signed in and as what; the red break-glass banner
// while access beyond the role is in force; for supervisors, how many break-glass accesses wait
// for review; and the Break Glass, Audit Trail and Lock buttons. Hiding a button is not the
// control: the services check every call.
class SecurityBar : public QWidget
{
    Q_OBJECT
public:
    SecurityBar(QueueController *controller, QWidget *parent = nullptr);

    void setCurrentPatient(const QString &masterId);
    QLabel *breakGlassBanner() const { return m_banner; }
    QLabel *reviewLabel() const { return m_reviews; }
    QPushButton *breakGlassButton() const { return m_breakGlassButton; }
    QPushButton *auditButton() const { return m_auditButton; }
    QPushButton *lockButton() const { return m_lockButton; }
    // Asks for a reason and starts break-glass for the current patient (the dialog is skipped
    // when reason is given: tests).
    void breakGlass(const QString &reason = QString(), int minutes = 0);

signals:
    void lockRequested();
    void auditTrailRequested();
    // Access changed (break-glass started or ended): what is on screen should be read again.
    void accessChanged();

private:
    void showGrant(const BreakGlassGrant &grant);

    QueueController *m_controller;
    QString m_masterId;
    QLabel *m_who = nullptr;
    QLabel *m_banner = nullptr;
    QLabel *m_reviews = nullptr;
    QPushButton *m_breakGlassButton = nullptr;
    QPushButton *m_auditButton = nullptr;
    QPushButton *m_lockButton = nullptr;
    QTimer m_expiry;
    QTimer m_reviewPoll;
};

} // namespace CareDesk
