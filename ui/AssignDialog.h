// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QComboBox;
class QDialogButtonBox;

namespace CareDesk {

// Asks whom to give a triage item to: a user name typed or chosen from the people who own items
// now. Whoever assigns acknowledges the item; the trail records both names.
class AssignDialog : public QDialog
{
    Q_OBJECT
public:
    AssignDialog(qint64 itemId, const QString &currentOwner, const QStringList &knownUsers,
                 QWidget *parent = nullptr);

    QString assignee() const;
    QComboBox *assigneeComboBox() const { return m_assignee; }

private:
    void updateOkButton();

    QComboBox *m_assignee;
    QDialogButtonBox *m_buttons;
    QString m_currentOwner;
};

} // namespace CareDesk
