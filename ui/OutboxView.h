// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/outbox/OutboxCommand.h"
#include "services/security/Principal.h"

#include <QDialog>

class QLabel;
class QListWidget;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace CareDesk {

class OutboxModel;
class SyncController;

// The outbox and its dead letters: every command not yet applied (waiting, sending, failed,
// dead), with its error and every issue the server gave; Retry and Discard (both audited with
// the person's name); and the conflicts where someone else's change won.
class OutboxView : public QDialog
{
    Q_OBJECT
public:
    // sync may be null (a view of given commands, for tests and screenshots).
    OutboxView(SyncController *sync, Principal who, QWidget *parent = nullptr);

    void setContents(const QList<OutboxCommand> &commands, const QStringList &conflicts);
    OutboxModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QPushButton *retryButton() const { return m_retryButton; }
    QPushButton *discardButton() const { return m_discardButton; }
    QTextBrowser *detail() const { return m_detail; }

    // The error of a command as people read it: the sentence, then each issue on its own line.
    static QString errorHtml(const OutboxCommand &command);

signals:
    void retryRequested(qint64 id);
    void discardRequested(qint64 id);

private:
    void showSelected();
    qint64 selectedId() const;

    SyncController *m_sync;
    Principal m_who; // reads, retries and discards act as them
    OutboxModel *m_model;
    QTableView *m_table;
    QTextBrowser *m_detail;
    QListWidget *m_conflicts;
    QLabel *m_summary;
    QPushButton *m_retryButton;
    QPushButton *m_discardButton;
};

} // namespace CareDesk
