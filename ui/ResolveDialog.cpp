// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ResolveDialog.h"

#include "models/TriageItem.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace CareDesk {

ResolveDialog::ResolveDialog(qint64 itemId, QWidget *parent)
    : QDialog(parent)
    , m_dispositionComboBox(new QComboBox(this))
    , m_adverseEvent(new QLabel(this))
    , m_noteEdit(new QPlainTextEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Resolve Triage Item %1").arg(itemId));
    for (const Disposition &disposition : dispositions())
        m_dispositionComboBox->addItem(
            QCoreApplication::translate("Disposition", disposition.label), disposition.code);
    m_dispositionComboBox->setObjectName(QStringLiteral("dispositionComboBox"));
    m_noteEdit->setObjectName(QStringLiteral("noteEdit"));
    m_noteEdit->setPlaceholderText(tr("What was done, and what the patient was told."));
    m_noteEdit->setTabChangesFocus(true);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Resolve"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Disposition:"), m_dispositionComboBox);
    form->addRow(tr("&Note:"), m_noteEdit);
    auto *layout = new QVBoxLayout(this);
    m_adverseEvent->setObjectName(QStringLiteral("adverseEventLabel"));
    m_adverseEvent->setWordWrap(true);
    m_adverseEvent->setVisible(false);
    layout->addWidget(m_adverseEvent);
    layout->addLayout(form);
    auto *hint = new QLabel(tr("The note is kept with the item; the audit trail records who "
                               "resolved it and when."),
                            this);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_noteEdit, &QPlainTextEdit::textChanged, this, &ResolveDialog::updateOkButton);
    // Ctrl+Enter resolves from anywhere in the dialog, the note included: a keyboard-only path.
    auto *accept = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(accept, &QShortcut::activated, this, [this] {
        if (m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
            QDialog::accept();
    });
    updateOkButton();
    m_dispositionComboBox->setFocus();
}

void ResolveDialog::setAdverseEventDue(const QDate &due)
{
    m_adverseEvent->setText(
        tr("<b>Possible adverse event.</b> The pharmacovigilance report is due %1, 15 days after "
           "CareDesk first received it. Choose \"%2\" once it is reported, or say in the note "
           "why it is not one.")
            .arg(QLocale().toString(due, QLocale::LongFormat),
                 QCoreApplication::translate("Disposition",
                                             "Reported as a possible adverse event")));
    m_adverseEvent->setVisible(true);
    const int at = m_dispositionComboBox->findData(QStringLiteral("adverse-event-reported"));
    if (at >= 0)
        m_dispositionComboBox->setCurrentIndex(at);
}

QString ResolveDialog::disposition() const
{
    return m_dispositionComboBox->currentData().toString();
}

QString ResolveDialog::note() const
{
    return m_noteEdit->toPlainText().trimmed();
}

void ResolveDialog::updateOkButton()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!note().isEmpty());
}

} // namespace CareDesk
