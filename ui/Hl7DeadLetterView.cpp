// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/Hl7DeadLetterView.h"

#include "ui/Hl7DeadLetterModel.h"
#include "ui/Hl7FeedController.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace CareDesk {

Hl7DeadLetterView::Hl7DeadLetterView(Hl7FeedController *controller, QWidget *parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_model(new Hl7DeadLetterModel(this))
    , m_table(new QTableView(this))
    , m_detail(new QTextBrowser(this))
    , m_summary(new QLabel(this))
    , m_outcome(new QLabel(this))
    , m_showClosed(new QCheckBox(tr("Show &replayed and discarded"), this))
    , m_replayButton(new QPushButton(tr("&Replay"), this))
    , m_discardButton(new QPushButton(tr("&Discard"), this))
{
    setWindowTitle(tr("HL7 Dead Letters"));
    m_table->setObjectName(QStringLiteral("hl7DeadLetterTableView"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_detail->setObjectName(QStringLiteral("hl7DeadLetterDetailBrowser"));
    m_summary->setWordWrap(true);
    m_outcome->setWordWrap(true);
    m_replayButton->setToolTip(tr("Apply the message again, with today's settings, once what "
                                  "stopped it is fixed (recorded in the audit trail)"));
    m_discardButton->setToolTip(tr("Close the dead letter without applying the message "
                                   "(recorded in the audit trail)"));

    auto *detailBox = new QGroupBox(tr("Reason and message as received"), this);
    (new QVBoxLayout(detailBox))->addWidget(m_detail);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(detailBox);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_replayButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_discardButton, QDialogButtonBox::ActionRole);
    auto *refresh = buttons->addButton(tr("Re&fresh"), QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_showClosed);
    layout->addWidget(split, 1);
    layout->addWidget(m_outcome);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &Hl7DeadLetterView::selectionChanged);
    connect(m_showClosed, &QCheckBox::toggled, this, &Hl7DeadLetterView::requestList);
    connect(refresh, &QPushButton::clicked, this, &Hl7DeadLetterView::requestList);
    if (m_controller) {
        connect(m_controller, &Hl7FeedController::lettersListed, this,
                &Hl7DeadLetterView::setLetters);
        connect(m_controller, &Hl7FeedController::letterLoaded, this,
                &Hl7DeadLetterView::showLetter);
        connect(
            m_controller, &Hl7FeedController::replayFinished, this,
            [this](qint64 id, bool applied, const QString &message) {
                m_outcome->setText(
                    applied
                        ? tr("Dead letter %1 replayed: %2").arg(id).arg(message)
                        : tr("Dead letter %1 still cannot be applied: %2").arg(id).arg(message));
                requestList();
            });
        connect(m_controller, &Hl7FeedController::discarded, this, [this](qint64 id) {
            m_outcome->setText(tr("Dead letter %1 discarded.").arg(id));
            requestList();
        });
        connect(m_controller, &Hl7FeedController::failed, this,
                [this](const QString &message) { m_outcome->setText(message); });
    }
    connect(m_replayButton, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedId(); id > 0 && m_controller) {
            m_outcome->setText(tr("Replaying dead letter %1\u2026").arg(id));
            m_controller->replay(id);
        }
    });
    connect(m_discardButton, &QPushButton::clicked, this, [this] {
        const qint64 id = selectedId();
        if (id <= 0 || !m_controller)
            return;
        if (m_confirmDiscard &&
            QMessageBox::question(this, tr("Discard Dead Letter"),
                                  tr("Discard dead letter %1? Its message will not be applied; "
                                     "the sender is not told.")
                                      .arg(id)) != QMessageBox::Yes)
            return;
        m_controller->discard(id);
    });
    setLetters({}, 0);
    resize(1020, 680);
    requestList();
}

void Hl7DeadLetterView::requestList()
{
    if (m_controller)
        m_controller->refresh(m_showClosed->isChecked());
}

void Hl7DeadLetterView::setLetters(const QList<Hl7DeadLetter> &letters, int openCount)
{
    const qint64 keep = selectedId();
    m_model->setLetters(letters);
    m_summary->setText(
        openCount == 0
            ? tr("No dead letters: every HL7 message received was applied.")
            : tr("%n HL7 message(s) could not be applied. Fix the cause (a setting, a conflict "
                 "between records), then replay; discard one that should never be applied.",
                 nullptr, openCount));
    const int row = m_model->rowOfLetter(keep);
    if (row >= 0)
        m_table->setCurrentIndex(m_model->index(row, 0));
    else if (m_model->rowCount() > 0)
        m_table->setCurrentIndex(m_model->index(0, 0));
    selectionChanged();
}

qint64 Hl7DeadLetterView::selectedId() const
{
    const Hl7DeadLetter *letter = m_model->letterAt(m_table->currentIndex().row());
    return letter ? letter->id : 0;
}

void Hl7DeadLetterView::selectionChanged()
{
    const Hl7DeadLetter *letter = m_model->letterAt(m_table->currentIndex().row());
    const bool open = letter && letter->status == Hl7DeadLetter::Status::Open;
    m_replayButton->setEnabled(open);
    m_discardButton->setEnabled(open);
    if (!letter) {
        m_detail->clear();
        return;
    }
    // The list carries no message bytes; the one shown is read on its own.
    if (m_controller)
        m_controller->load(letter->id);
    else
        showLetter(*letter);
}

QString Hl7DeadLetterView::rawHtml(const QByteArray &raw)
{
    QString text = QString::fromUtf8(raw);
    if (text.contains(QChar::ReplacementCharacter))
        text = QString::fromLatin1(raw); // shown byte for byte, never as U+FFFD
    QString html;
    for (const QChar c : std::as_const(text)) {
        switch (c.unicode()) {
        case u'\r':
            html += QStringLiteral("<span style=\"color:gray\">&lt;CR&gt;</span>\n");
            break;
        case u'\n':
            html += QStringLiteral("<span style=\"color:gray\">&lt;LF&gt;</span>\n");
            break;
        case 0x0b:
            html += QStringLiteral("<span style=\"color:gray\">&lt;VT&gt;</span>");
            break;
        case 0x1c:
            html += QStringLiteral("<span style=\"color:gray\">&lt;FS&gt;</span>");
            break;
        case u'<':
            html += QStringLiteral("&lt;");
            break;
        case u'>':
            html += QStringLiteral("&gt;");
            break;
        case u'&':
            html += QStringLiteral("&amp;");
            break;
        default:
            html += c;
        }
    }
    return html;
}

void Hl7DeadLetterView::showLetter(const Hl7DeadLetter &letter)
{
    if (letter.id != selectedId())
        return;
    const QLocale locale;
    QString html = QStringLiteral("<p><b>%1</b></p>").arg(letter.reason.toHtmlEscaped());
    html += tr("<p>Received %1 from %2 over %3; the sender was answered %4 (HL7 error code %5).")
                .arg(locale.toString(letter.receivedAt.toLocalTime(), QLocale::LongFormat),
                     (letter.sender.isEmpty() ? letter.peer : letter.sender).toHtmlEscaped(),
                     letter.channel.toHtmlEscaped(), letter.ackCode.toHtmlEscaped())
                .arg(letter.errorCode);
    if (letter.attempts > 0)
        html += tr(" Replayed %n time(s); the last attempt said: %1", nullptr, letter.attempts)
                    .arg(letter.lastError.toHtmlEscaped());
    html += QStringLiteral("</p>");
    if (!letter.rawIsComplete())
        html += tr("<p>Only the first %1 of its %2 bytes were kept, so it cannot be replayed; "
                   "ask the sender to send it again.</p>")
                    .arg(letter.raw.size())
                    .arg(letter.rawSize);
    const QString fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
    html += QStringLiteral("<pre style=\"font-family:'%1'\">%2</pre>")
                .arg(fixed.toHtmlEscaped(), rawHtml(letter.raw));
    m_detail->setHtml(html);
    m_replayButton->setEnabled(letter.status == Hl7DeadLetter::Status::Open &&
                               letter.rawIsComplete());
}

} // namespace CareDesk
