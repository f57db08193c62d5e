// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/OutboxView.h"

#include "ui/OutboxModel.h"
#include "ui/SyncController.h"

#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace CareDesk {

OutboxView::OutboxView(SyncController *sync, Principal who, QWidget *parent)
    : QDialog(parent)
    , m_sync(sync)
    , m_who(std::move(who))
    , m_model(new OutboxModel(this))
    , m_table(new QTableView(this))
    , m_detail(new QTextBrowser(this))
    , m_conflicts(new QListWidget(this))
    , m_summary(new QLabel(this))
    , m_retryButton(new QPushButton(tr("&Retry"), this))
    , m_discardButton(new QPushButton(tr("&Discard"), this))
{
    setWindowTitle(tr("Outbox and Dead Letters"));
    m_table->setObjectName(QStringLiteral("outboxTableView"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_detail->setObjectName(QStringLiteral("outboxErrorBrowser"));
    m_conflicts->setObjectName(QStringLiteral("conflictList"));
    m_conflicts->setWordWrap(true);
    m_retryButton->setToolTip(tr("Try the command again from its first attempt (recorded in the "
                                 "audit trail)"));
    m_discardButton->setToolTip(tr("Drop the command; it will not be sent (recorded in the audit "
                                   "trail)"));
    m_summary->setWordWrap(true);

    auto *errorBox = new QGroupBox(tr("Error"), this);
    (new QVBoxLayout(errorBox))->addWidget(m_detail);
    auto *conflictBox = new QGroupBox(tr("Conflicts: someone else's change won"), this);
    (new QVBoxLayout(conflictBox))->addWidget(m_conflicts);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(errorBox);
    split->addWidget(conflictBox);
    split->setStretchFactor(0, 3);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_retryButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_discardButton, QDialogButtonBox::ActionRole);
    auto *refresh = buttons->addButton(tr("Re&fresh"), QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &OutboxView::showSelected);
    connect(m_retryButton, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedId(); id > 0)
            emit retryRequested(id);
    });
    connect(m_discardButton, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedId(); id > 0)
            emit discardRequested(id);
    });
    if (m_sync) {
        connect(this, &OutboxView::retryRequested, m_sync,
                [this](qint64 id) { m_sync->retry(id, m_who); });
        connect(this, &OutboxView::discardRequested, m_sync,
                [this](qint64 id) { m_sync->discard(id, m_who); });
        connect(m_sync, &SyncController::outboxListed, this, &OutboxView::setContents);
        connect(refresh, &QPushButton::clicked, this, [this] { m_sync->requestOutbox(m_who); });
        // Commands move on by themselves (sent, retried, dead): the view follows.
        connect(m_sync, &SyncController::queueChanged, this,
                [this] { m_sync->requestOutbox(m_who); });
        m_sync->requestOutbox(m_who);
    }
    setContents({}, {});
    resize(980, 640);
}

void OutboxView::setContents(const QList<OutboxCommand> &commands, const QStringList &conflicts)
{
    const qint64 keep = selectedId();
    m_model->setCommands(commands);
    m_conflicts->clear();
    m_conflicts->addItems(conflicts);
    int waiting = 0;
    int failed = 0;
    int dead = 0;
    for (const OutboxCommand &command : commands) {
        waiting +=
            command.status == OutboxStatus::Pending || command.status == OutboxStatus::InFlight ? 1
                                                                                                : 0;
        failed += command.status == OutboxStatus::Failed ? 1 : 0;
        dead += command.status == OutboxStatus::Dead ? 1 : 0;
    }
    m_summary->setText(commands.isEmpty()
                           ? tr("Everything was sent: the outbox is empty.")
                           : tr("%1 waiting or being sent, %2 failed (they retry by themselves), "
                                "%3 dead letters (they need a person: retry or discard).")
                                 .arg(waiting)
                                 .arg(failed)
                                 .arg(dead));
    const int row = m_model->rowOfCommand(keep);
    if (row >= 0)
        m_table->setCurrentIndex(m_model->index(row, 0));
    else if (m_model->rowCount() > 0)
        m_table->setCurrentIndex(m_model->index(0, 0));
    showSelected();
}

qint64 OutboxView::selectedId() const
{
    const OutboxCommand *command = m_model->commandAt(m_table->currentIndex().row());
    return command ? command->id : 0;
}

QString OutboxView::errorHtml(const OutboxCommand &command)
{
    if (command.lastError.isEmpty())
        return tr("No error: the command is waiting for its turn.");
    QStringList lines{QStringLiteral("<p><b>%1</b></p>").arg(command.lastError.toHtmlEscaped())};
    const QJsonObject &detail = command.lastErrorDetail;
    QStringList issues;
    for (const QJsonValue &value : detail.value(QLatin1String("issues")).toArray()) {
        const QJsonObject issue = value.toObject();
        QString text = issue.value(QLatin1String("diagnostics")).toString();
        if (text.isEmpty())
            text = issue.value(QLatin1String("details")).toString();
        QStringList paths;
        for (const QJsonValue &path : issue.value(QLatin1String("expression")).toArray())
            paths.append(path.toString());
        issues.append(QStringLiteral("<li><b>%1</b> %2: %3%4</li>")
                          .arg(issue.value(QLatin1String("severity")).toString().toHtmlEscaped(),
                               issue.value(QLatin1String("code")).toString().toHtmlEscaped(),
                               text.toHtmlEscaped(),
                               paths.isEmpty()
                                   ? QString()
                                   : tr(" <i>at %1</i>").arg(paths.join(u',').toHtmlEscaped())));
    }
    if (!issues.isEmpty())
        lines.append(QStringLiteral("<ul>%1</ul>").arg(issues.join(QString())));
    if (const QString snippet = detail.value(QLatin1String("bodySnippet")).toString();
        !snippet.isEmpty())
        lines.append(tr("<p>The server's answer was not FHIR; it began:</p><pre>%1</pre>")
                         .arg(snippet.toHtmlEscaped()));
    if (detail.contains(QLatin1String("status")) && detail.value(QLatin1String("status")).toInt())
        lines.append(
            tr("<p>HTTP status %1.</p>").arg(detail.value(QLatin1String("status")).toInt()));
    if (detail.value(QLatin1String("deferred")).toBool())
        lines.append(tr("<p>The server asked to wait longer than CareDesk waits at most; the "
                        "next attempt is at the limit.</p>"));
    return lines.join(QString());
}

void OutboxView::showSelected()
{
    const OutboxCommand *command = m_model->commandAt(m_table->currentIndex().row());
    m_retryButton->setEnabled(command && (command->status == OutboxStatus::Failed ||
                                          command->status == OutboxStatus::Dead));
    m_discardButton->setEnabled(command && command->status != OutboxStatus::InFlight);
    m_detail->setHtml(command ? errorHtml(*command) : QString());
}

} // namespace CareDesk
