// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/hl7/Hl7DeadLetterStore.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace CareDesk {

class Hl7DeadLetterModel;
class Hl7FeedController;

// HL7 messages the interface could not apply, each with its reason and its raw text, as the
// sender sent it; Replay (after the cause is fixed) and Discard, both in the audit trail.
class Hl7DeadLetterView : public QDialog
{
    Q_OBJECT
public:
    // controller may be null (a view of given letters, for tests and screenshots).
    explicit Hl7DeadLetterView(Hl7FeedController *controller, QWidget *parent = nullptr);

    void setLetters(const QList<Hl7DeadLetter> &letters, int openCount);
    void showLetter(const Hl7DeadLetter &letter);
    // Asks before a discard (off in tests).
    void setConfirmDiscard(bool confirm) { m_confirmDiscard = confirm; }

    Hl7DeadLetterModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QTextBrowser *detail() const { return m_detail; }
    QPushButton *replayButton() const { return m_replayButton; }
    QPushButton *discardButton() const { return m_discardButton; }
    QCheckBox *showClosedBox() const { return m_showClosed; }
    QLabel *summary() const { return m_summary; }

    // The raw message as people read it: one segment a line, control bytes shown as <CR> etc.
    static QString rawHtml(const QByteArray &raw);

private:
    void selectionChanged();
    qint64 selectedId() const;
    void requestList();

    Hl7FeedController *m_controller;
    Hl7DeadLetterModel *m_model;
    QTableView *m_table;
    QTextBrowser *m_detail;
    QLabel *m_summary;
    QLabel *m_outcome;
    QCheckBox *m_showClosed;
    QPushButton *m_replayButton;
    QPushButton *m_discardButton;
    bool m_confirmDiscard = true;
};

} // namespace CareDesk
