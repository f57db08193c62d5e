// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ResolveDialog.h"

#include "models/TriageItem.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace CareDesk {

ResolveDialog::ResolveDialog(qint64 itemId, QWidget *parent)
    : QDialog(parent)
    , m_dispositionComboBox(new QComboBox(this))
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
    updateOkButton();
    m_dispositionComboBox->setFocus();
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
