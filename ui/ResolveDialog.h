// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace CareDesk {

// Asks for the disposition and the note that close a triage item.
class ResolveDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ResolveDialog(qint64 itemId, QWidget *parent = nullptr);
    // An item with a possible adverse event: says when the report is due and proposes the
    // adverse-event disposition.
    void setAdverseEventDue(const QDate &due);

    QString disposition() const;
    QString note() const;

    QComboBox *dispositionComboBox() const { return m_dispositionComboBox; }
    QPlainTextEdit *noteEdit() const { return m_noteEdit; }

private:
    void updateOkButton();

    QComboBox *m_dispositionComboBox;
    QLabel *m_adverseEvent;
    QPlainTextEdit *m_noteEdit;
    QDialogButtonBox *m_buttons;
};

} // namespace CareDesk
