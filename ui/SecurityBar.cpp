// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/SecurityBar.h"

#include "models/Clock.h"
#include "services/security/BreakGlassService.h"
#include "ui/QueueController.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace CareDesk {

SecurityBar::SecurityBar(QueueController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
{
    const Workstation &ws = controller->workstation();
    const RoleDefinition *role = ws.access ? ws.access->roles().role(ws.principal.role) : nullptr;
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    m_who = new QLabel(tr("Signed in as <b>%1</b> (%2)")
                           .arg(ws.principal.user.toHtmlEscaped(),
                                (role ? role->label : ws.principal.role).toHtmlEscaped()),
                       this);
    m_who->setObjectName(QStringLiteral("signedInLabel"));
    m_reviews = new QLabel(this);
    m_reviews->setObjectName(QStringLiteral("breakGlassReviewLabel"));
    m_reviews->setStyleSheet(QStringLiteral("color:#8a1c1c;font-weight:bold"));
    m_reviews->setVisible(false);
    m_breakGlassButton = new QPushButton(tr("Break Glass\u2026"), this);
    m_breakGlassButton->setObjectName(QStringLiteral("breakGlassButton"));
    m_breakGlassButton->setToolTip(tr("Access beyond your role to this patient, with a reason; "
                                      "supervisors are told and review it."));
    m_breakGlassButton->setVisible(role && !role->breakGlass.isEmpty());
    m_breakGlassButton->setEnabled(false);
    m_auditButton = new QPushButton(tr("Audit Trail\u2026"), this);
    m_auditButton->setObjectName(QStringLiteral("auditTrailButton"));
    m_auditButton->setVisible(role && (role->permissions.contains(Permission::AuditRead) ||
                                       role->permissions.contains(Permission::AuditVerify)));
    m_lockButton = new QPushButton(tr("Lock"), this);
    m_lockButton->setObjectName(QStringLiteral("lockButton"));
    m_lockButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_lockButton->setToolTip(tr("Lock the screen (Ctrl+L); your work stays as it is."));
    row->addWidget(m_who);
    row->addWidget(m_reviews);
    row->addStretch(1);
    row->addWidget(m_breakGlassButton);
    row->addWidget(m_auditButton);
    row->addWidget(m_lockButton);
    layout->addLayout(row);

    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("breakGlassBanner"));
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(QStringLiteral("background-color:#b71c1c;color:#ffffff;"
                                           "font-weight:bold;padding:6px"));
    m_banner->setVisible(false);
    layout->addWidget(m_banner);

    connect(m_lockButton, &QPushButton::clicked, this, &SecurityBar::lockRequested);
    connect(m_auditButton, &QPushButton::clicked, this, &SecurityBar::auditTrailRequested);
    connect(m_breakGlassButton, &QPushButton::clicked, this, [this] { breakGlass(); });
    connect(controller, &QueueController::breakGlassStarted, this, &SecurityBar::showGrant);
    connect(controller, &QueueController::reviewsPending, this, [this](int count) {
        m_reviews->setText(tr("%n break-glass access(es) wait for your review.", nullptr, count));
        m_reviews->setVisible(count > 0);
    });
    m_expiry.setSingleShot(true);
    connect(&m_expiry, &QTimer::timeout, this, [this] {
        m_banner->setVisible(false);
        emit accessChanged();
    });
    // Supervisors hear of new break-glass accesses while they work.
    connect(&m_reviewPoll, &QTimer::timeout, controller, &QueueController::checkReviews);
    m_reviewPoll.start(30000);
    controller->checkReviews();
}

void SecurityBar::setCurrentPatient(const QString &masterId)
{
    m_masterId = masterId;
    m_breakGlassButton->setEnabled(!masterId.isEmpty());
}

void SecurityBar::breakGlass(const QString &givenReason, int givenMinutes)
{
    if (m_masterId.isEmpty())
        return;
    QString reason = givenReason;
    int minutes = givenMinutes > 0 ? givenMinutes : BreakGlassService::kDefaultMinutes;
    if (reason.isEmpty()) {
        QDialog dialog(this);
        dialog.setWindowTitle(tr("Break the Glass"));
        auto *layout = new QVBoxLayout(&dialog);
        layout->addWidget(new QLabel(
            tr("<b>Access beyond your role</b> to patient %1. Say why: a supervisor is told now "
               "and reviews it. Every record you open is on the audit trail.")
                .arg(m_masterId.toHtmlEscaped()),
            &dialog));
        auto *form = new QFormLayout;
        auto *reasonEdit = new QPlainTextEdit(&dialog);
        reasonEdit->setObjectName(QStringLiteral("breakGlassReasonEdit"));
        auto *minutesBox = new QSpinBox(&dialog);
        minutesBox->setRange(1, BreakGlassService::kMaximumMinutes);
        minutesBox->setValue(minutes);
        minutesBox->setSuffix(tr(" min"));
        form->addRow(tr("Reason:"), reasonEdit);
        form->addRow(tr("For:"), minutesBox);
        layout->addLayout(form);
        auto *buttons =
            new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
        buttons->button(QDialogButtonBox::Ok)->setText(tr("Break the Glass"));
        layout->addWidget(buttons);
        connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        if (dialog.exec() != QDialog::Accepted)
            return;
        reason = reasonEdit->toPlainText();
        minutes = minutesBox->value();
    }
    m_controller->startBreakGlass(m_masterId, reason, minutes);
}

void SecurityBar::showGrant(const BreakGlassGrant &grant)
{
    const QLocale locale;
    m_banner->setText(
        tr("BREAK-GLASS ACCESS to patient %1 until %2. Reason: %3. Supervisors "
           "have been notified and will review it.")
            .arg(grant.masterId.toHtmlEscaped(),
                 locale.toString(grant.expiresAt.toLocalTime().time(), QLocale::ShortFormat),
                 grant.reason.toHtmlEscaped()));
    m_banner->setVisible(true);
    const QDateTime now = m_controller->workstation().clock->now();
    m_expiry.start(int(qMax<qint64>(1000, now.msecsTo(grant.expiresAt))));
    emit accessChanged();
}

} // namespace CareDesk
