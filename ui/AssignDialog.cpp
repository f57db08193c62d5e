// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/AssignDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace CareDesk {

AssignDialog::AssignDialog(qint64 itemId, const QString &currentOwner,
                           const QStringList &knownUsers, QWidget *parent)
    : QDialog(parent)
    , m_assignee(new QComboBox(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_currentOwner(currentOwner)
{
    setWindowTitle(tr("Assign Triage Item %1").arg(itemId));
    m_assignee->setObjectName(QStringLiteral("assigneeComboBox"));
    m_assignee->setEditable(true);
    m_assignee->setInsertPolicy(QComboBox::NoInsert);
    m_assignee->addItems(knownUsers);
    m_assignee->setCurrentIndex(-1);
    m_assignee->lineEdit()->setPlaceholderText(tr("User name, e.g. nurse.ana"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Assign"));

    auto *form = new QFormLayout;
    form->addRow(tr("Assign &to:"), m_assignee);
    auto *layout = new QVBoxLayout(this);
    if (!currentOwner.isEmpty())
        layout->addWidget(new QLabel(tr("Now claimed by %1.").arg(currentOwner), this));
    layout->addLayout(form);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_assignee, &QComboBox::currentTextChanged, this, &AssignDialog::updateOkButton);
    updateOkButton();
    m_assignee->setFocus();
}

QString AssignDialog::assignee() const
{
    return m_assignee->currentText().trimmed();
}

void AssignDialog::updateOkButton()
{
    const QString name = assignee();
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(!name.isEmpty() && !name.contains(u' ') && name != m_currentOwner);
}

} // namespace CareDesk
