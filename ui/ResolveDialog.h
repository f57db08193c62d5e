// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QPlainTextEdit;

namespace CareDesk {

// Asks for the disposition and the note that close a triage item.
class ResolveDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ResolveDialog(qint64 itemId, QWidget *parent = nullptr);

    QString disposition() const;
    QString note() const;

    QComboBox *dispositionComboBox() const { return m_dispositionComboBox; }
    QPlainTextEdit *noteEdit() const { return m_noteEdit; }

private:
    void updateOkButton();

    QComboBox *m_dispositionComboBox;
    QPlainTextEdit *m_noteEdit;
    QDialogButtonBox *m_buttons;
};

} // namespace CareDesk
