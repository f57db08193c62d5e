// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/MainWindow.h"

#include "models/Clock.h"
#include "models/TriageQueueFilter.h"
#include "models/TriageQueueModel.h"
#include "ui/AlertBanner.h"
#include "ui/AlertPresenter.h"
#include "ui/AssignDialog.h"
#include "ui/JourneyController.h"
#include "ui/JourneyPanel.h"
#include "ui/JourneyTimelineWidget.h"
#include "ui/MentorPanel.h"
#include "ui/QueueController.h"
#include "ui/QueuePanel.h"
#include "ui/ReplyHighlighter.h"
#include "ui/ResolveDialog.h"
#include "ui/SecurityBar.h"

#include <QAction>
#include <QFileDialog>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace CareDesk {

MainWindow::MainWindow(Workstation workstation, QWidget *parent)
    : QMainWindow(parent)
    , m_controller(new QueueController(std::move(workstation), this))
    , m_queueModel(new TriageQueueModel(this))
    , m_countdownTimer(new QTimer(this))
    , m_refreshTimer(new QTimer(this))
{
    setWindowTitle(tr("CareDesk \u2014 Triage Queue"));
    m_journeyController = new JourneyController(m_controller->workstation(), this);
    buildActions();
    buildLayout();

    connect(m_controller, &QueueController::itemsChanged, this, &MainWindow::onItemsChanged);
    connect(m_controller, &QueueController::itemOpened, this, &MainWindow::onItemOpened);
    connect(m_controller, &QueueController::failed, this, [this](const QString &message) {
        statusBar()->showMessage(message, 15000);
        QMessageBox::warning(this, tr("CareDesk"), message);
    });
    connect(m_controller, &QueueController::refreshFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("The queue could not be refreshed: %1").arg(message), 15000);
    });
    connect(m_controller, &QueueController::itemChanged, this,
            [this](qint64 id, const QString &action) {
                statusBar()->showMessage(tr("Item %1: %2 saved.").arg(id).arg(action), 8000);
                if (id == m_currentItemId)
                    m_openedItemId = 0; // reload the detail after the change
            });
    connect(m_controller, &QueueController::claimedNext, this, [this](qint64 id) {
        if (id == 0) {
            statusBar()->showMessage(tr("No open item is waiting in this view."), 8000);
            return;
        }
        // Selected as soon as the refresh brings it in as claimed.
        m_pendingSelection = id;
        goToItem(id);
    });
    connect(m_panel, &QueuePanel::currentItemChanged, this, &MainWindow::onSelectionChanged);
    connect(m_panel->banner(), &AlertBanner::showItem, this, &MainWindow::goToItem);
    connect(m_controller, &QueueController::importProgress, this,
            [this](qint64 done, qint64 total) {
                m_importProgress->setVisible(true);
                m_importProgress->setMaximum(int(qMax<qint64>(1, total)));
                m_importProgress->setValue(int(done));
            });
    connect(m_controller, &QueueController::importFinished, this,
            [this](const QString &summary, bool ok) {
                m_importProgress->setVisible(false);
                m_importAction->setEnabled(true);
                m_journeyController->raiseExceptions(); // what the new records show
                statusBar()->showMessage(ok ? tr("Import finished.") : tr("Import failed."), 10000);
                if (!ok)
                    QMessageBox::warning(this, tr("Import Failed"), summary);
            });

    const Clock *clock = m_controller->workstation().clock;
    connect(m_countdownTimer, &QTimer::timeout, this, [this, clock] {
        m_queueModel->setNow(clock->now());
        m_panel->queueChanged(clock->now());
    });
    m_countdownTimer->start(1000);
    // The queue is shared with the automation, the CLI and other workstations: poll it.
    connect(m_refreshTimer, &QTimer::timeout, m_controller, &QueueController::refresh);
    m_refreshTimer->start(5000);
    m_queueModel->setNow(clock->now());
    m_controller->refresh();
    // Journey exceptions (stalled stages, overdue refills, payer clocks) join the queue.
    connect(m_journeyController, &JourneyController::exceptionsRaised, this, [this](int raised) {
        if (raised > 0)
            m_controller->refresh();
    });
    m_journeyController->setScanInterval(5 * 60 * 1000);
    m_journeyController->raiseExceptions();
}

JourneyTimelineWidget *MainWindow::timelineWidget() const
{
    return m_journeyPanel->timeline();
}

MainWindow::~MainWindow()
{
    m_refreshTimer->stop();
    m_journeyController->setScanInterval(0);
    m_journeyController->waitForIdle();
    m_controller->waitForIdle();
}

void MainWindow::buildActions()
{
    m_claimNextAction = new QAction(tr("Claim &Next"), this);
    m_claimNextAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    m_claimNextAction->setToolTip(
        tr("Claim the most urgent open item the filters show, and select it (Ctrl+N)"));
    m_claimAction = new QAction(tr("&Claim"), this);
    m_claimAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    m_claimAction->setToolTip(tr("Claim the selected item (Ctrl+M)"));
    m_assignAction = new QAction(tr("&Assign\u2026"), this);
    m_assignAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_assignAction->setToolTip(tr("Give the selected item to someone (Ctrl+Shift+A)"));
    m_releaseAction = new QAction(tr("Re&lease"), this);
    m_releaseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_releaseAction->setToolTip(tr("Release the selected item (Ctrl+Shift+M)"));
    m_resolveAction = new QAction(tr("&Resolve\u2026"), this);
    m_resolveAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_resolveAction->setToolTip(tr("Resolve the selected item (Ctrl+Enter)"));
    m_importAction = new QAction(tr("&Import Files\u2026"), this);
    m_importAction->setShortcut(QKeySequence::Open);
    m_refreshAction = new QAction(tr("Re&fresh"), this);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    auto *quitAction = new QAction(tr("&Quit"), this);
    quitAction->setShortcut(QKeySequence::Quit);

    connect(m_claimNextAction, &QAction::triggered, this,
            [this] { m_controller->claimNext(m_panel->visibleOpenItems()); });
    connect(m_claimAction, &QAction::triggered, this, [this] {
        if (const TriageItem *item = currentItem())
            m_controller->claim(item->id);
    });
    connect(m_assignAction, &QAction::triggered, this, &MainWindow::assignCurrent);
    connect(m_releaseAction, &QAction::triggered, this, [this] {
        if (const TriageItem *item = currentItem())
            m_controller->release(item->id);
    });
    connect(m_resolveAction, &QAction::triggered, this, &MainWindow::resolveCurrent);
    connect(m_importAction, &QAction::triggered, this, &MainWindow::chooseImportFiles);
    connect(m_refreshAction, &QAction::triggered, m_controller, &QueueController::refresh);
    connect(quitAction, &QAction::triggered, this, &QWidget::close);

    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(m_importAction);
    fileMenu->addSeparator();
    fileMenu->addAction(quitAction);
    QMenu *itemMenu = menuBar()->addMenu(tr("&Item"));
    itemMenu->addActions(
        {m_claimNextAction, m_claimAction, m_assignAction, m_releaseAction, m_resolveAction});
    itemMenu->addSeparator();
    itemMenu->addAction(m_refreshAction);

    QToolBar *toolBar = addToolBar(tr("Triage"));
    toolBar->setObjectName(QStringLiteral("triageToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolBar->addActions(
        {m_claimNextAction, m_claimAction, m_assignAction, m_releaseAction, m_resolveAction});
    toolBar->addSeparator();
    toolBar->addActions({m_importAction, m_refreshAction});
}

void MainWindow::buildLayout()
{
    m_panel = new QueuePanel(m_queueModel, m_controller->workstation().principal.user, this);
    m_alerts = new AlertPresenter(*m_panel->banner(), this);
    auto *queueBox = new QGroupBox(tr("Triage queue"), this);
    (new QVBoxLayout(queueBox))->addWidget(m_panel);

    m_replyHeader = new QLabel(this);
    m_replyHeader->setWordWrap(true);
    m_replyBrowser = new QTextBrowser(this);
    m_replyBrowser->setObjectName(QStringLiteral("replyBrowser"));
    m_replyBrowser->setAccessibleName(tr("Patient reply"));
    m_replyBrowser->setMinimumHeight(90);
    auto *legend = new QLabel(tr("<small><b style=\"background-color:#ffd54f\">Red flag</b> "
                                 "&nbsp; <u>uncertain</u> &nbsp; <s>negated or about someone "
                                 "else</s> &nbsp; <u style=\"background-color:#ead7f5\">tied to "
                                 "the therapy (possible adverse event)</u></small>"),
                              this);
    auto *replyBox = new QGroupBox(tr("Reply"), this);
    auto *replyLayout = new QVBoxLayout(replyBox);
    replyLayout->addWidget(m_replyHeader);
    replyLayout->addWidget(m_replyBrowser);
    replyLayout->addWidget(legend);

    m_patientLabel = new QLabel(this);
    m_patientLabel->setObjectName(QStringLiteral("patientSummaryLabel"));
    m_patientLabel->setWordWrap(true);
    m_patientLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *patientBox = new QGroupBox(tr("Patient"), this);
    (new QVBoxLayout(patientBox))->addWidget(m_patientLabel);

    m_journeyPanel = new JourneyPanel(m_journeyController, this);
    m_mentorPanel = new MentorPanel(m_journeyController, this);
    connect(m_journeyPanel, &JourneyPanel::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    auto *journeyTabs = new QTabWidget(this);
    journeyTabs->setObjectName(QStringLiteral("journeyTabs"));
    journeyTabs->addTab(m_journeyPanel, tr("&Journey"));
    journeyTabs->addTab(m_mentorPanel, tr("M&entors"));
    auto *journeyBox = new QGroupBox(tr("Journey"), this);
    (new QVBoxLayout(journeyBox))->addWidget(journeyTabs);

    auto *detail = new QSplitter(Qt::Vertical, this);
    detail->addWidget(replyBox);
    detail->addWidget(patientBox);
    detail->addWidget(journeyBox);
    detail->setStretchFactor(2, 1);

    m_split = new QSplitter(Qt::Horizontal, this);
    m_split->addWidget(queueBox);
    m_split->addWidget(detail);
    m_split->setStretchFactor(0, 1);
    m_split->setStretchFactor(1, 1);
    m_securityBar = new SecurityBar(m_controller, this);
    connect(m_securityBar, &SecurityBar::accessChanged, this, [this] {
        // Read the item again under the access now in force (masks on or off).
        m_openedItemId = 0;
        onSelectionChanged();
        m_controller->refresh();
    });
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(4, 4, 4, 0);
    centralLayout->addWidget(m_securityBar);
    centralLayout->addWidget(m_split, 1);
    setCentralWidget(central);

    m_importProgress = new QProgressBar(this);
    m_importProgress->setVisible(false);
    m_importProgress->setMaximumWidth(240);
    m_importProgress->setFormat(tr("Importing %v of %m"));
    statusBar()->addPermanentWidget(m_importProgress);
    statusBar()->showMessage(tr("Signed in as %1").arg(m_controller->workstation().principal.user));
    clearDetail();
    updateActions();
    resize(1360, 820);
}

QTableView *MainWindow::queueView() const
{
    return m_panel->view();
}

const TriageItem *MainWindow::currentItem() const
{
    return m_panel->currentItem();
}

void MainWindow::onItemsChanged(const QList<TriageItem> &items)
{
    // The model moves, inserts and removes rows one by one, so the selected row stays selected
    // through the update (also behind the filters); only the detail may need reading again
    // (its version changed: another workstation, the FHIR server or a new reply changed it).
    m_queueModel->setItems(items);
    m_panel->queueChanged(m_controller->workstation().clock->now());
    if (m_pendingSelection > 0 && m_panel->selectItem(m_pendingSelection))
        m_pendingSelection = 0;

    const TriageItem *current = currentItem();
    if (!current && m_currentItemId == 0 && m_panel->filter()->rowCount() > 0)
        m_panel->view()->setCurrentIndex(m_panel->filter()->index(0, 0));
    current = currentItem();
    if (!current) {
        if (m_currentItemId != 0)
            statusBar()->showMessage(tr("Item %1 left the queue (resolved, or hidden by a filter).")
                                         .arg(m_currentItemId),
                                     8000);
        m_currentItemId = 0;
        clearDetail();
    } else if (current->id != m_openedItemId || current->version != m_openedVersion) {
        onSelectionChanged();
    }
    updateActions();
}

void MainWindow::onSelectionChanged()
{
    const TriageItem *item = currentItem();
    updateActions();
    if (!item) {
        m_currentItemId = 0;
        m_securityBar->setCurrentPatient(QString());
        clearDetail();
        return;
    }
    m_currentItemId = item->id;
    m_securityBar->setCurrentPatient(item->masterId);
    if (item->id != m_openedItemId || item->version != m_openedVersion) {
        m_openedItemId = item->id;
        m_openedVersion = item->version;
        m_controller->openItem(item->id);
    }
}

void MainWindow::onItemOpened(const TriageItemDetail &detail, const PatientSummary &patient,
                              const QList<TimelineEvent> &timeline)
{
    if (detail.item.id != m_currentItemId)
        return;
    const QLocale locale;
    m_replyHeader->setText(
        tr("<b>%1</b> item, first reply received by CareDesk %2 (sent %3).")
            .arg(TriageQueueModel::tierLabel(detail.item.tier),
                 locale.toString(detail.item.ingestedAt.toLocalTime(), QLocale::ShortFormat),
                 locale.toString(detail.item.receivedAt.toLocalTime(), QLocale::ShortFormat)) +
        (detail.item.reviewReason.isEmpty()
             ? (detail.item.needsReview ? tr(" <b>Needs review:</b> the classifier was not sure.")
                                        : QString())
             : tr(" <b>Needs review:</b> %1.").arg(detail.item.reviewReason.toHtmlEscaped())));
    if (detail.item.textMasked && detail.item.source != QLatin1String("journey")) {
        // Masked fields say so, in words, where the text would be.
        m_replyBrowser->setHtml(QStringLiteral("<p style=\"color:#6b4e00;background-color:#fff3cd;"
                                               "padding:4px\"><i>%1</i></p>")
                                    .arg(detail.replyText.toHtmlEscaped()));
    } else {
        // Every reply of the episode, oldest first, each with its own highlighted evidence.
        QStringList replies;
        for (qsizetype i = 0; i < detail.replies.size(); ++i) {
            const EpisodeReply &reply = detail.replies.at(i);
            QString heading =
                tr("Reply %1 of %2, received %3")
                    .arg(i + 1)
                    .arg(detail.replies.size())
                    .arg(locale.toString(reply.attachedAt.toLocalTime(), QLocale::ShortFormat));
            if (reply.raised)
                heading += tr(" \u2014 raised the item to %1").arg(tierName(reply.tier));
            replies.append(QStringLiteral("<p><small><b>%1</b></small><br/>%2</p>")
                               .arg(heading.toHtmlEscaped(),
                                    highlightedReplyHtml(reply.text, reply.evidence)));
        }
        if (replies.isEmpty())
            replies.append(highlightedReplyHtml(detail.replyText, detail.item.evidence));
        m_replyBrowser->setHtml(replies.join(QString()));
    }
    m_replyBrowser->setToolTip(tr("Classified with lexicon %1").arg(detail.lexiconVersion));
    if (detail.item.source == QLatin1String("journey")) {
        // Not a patient's words: an exception the journey raised (see the Journey tab).
        m_replyHeader->setText(
            tr("<b>%1</b> journey exception, raised by CareDesk %2 (arose %3).")
                .arg(TriageQueueModel::tierLabel(detail.item.tier),
                     locale.toString(detail.item.ingestedAt.toLocalTime(), QLocale::ShortFormat),
                     locale.toString(detail.item.receivedAt.toLocalTime(), QLocale::ShortFormat)));
        m_replyBrowser->setToolTip(tr("Raised by the rules of %1").arg(detail.lexiconVersion));
    }

    if (!patient.maskNotice.isEmpty()) {
        m_patientLabel->setText(
            tr("<b>Master ID %1</b><br/><i>[Masked: %2]</i>")
                .arg(patient.masterId.toHtmlEscaped(), patient.maskNotice.toHtmlEscaped()));
        m_journeyPanel->clear();
        m_mentorPanel->clear();
        return;
    }
    QString name = patient.displayName.isEmpty() ? tr("(no name on file)") : patient.displayName;
    QStringList lines{tr("<b>%1</b> &nbsp; master ID %2")
                          .arg(name.toHtmlEscaped(), patient.masterId.toHtmlEscaped())};
    lines.append(tr("Born %1 &middot; %2 &middot; phone %3")
                     .arg(patient.birthDate.isEmpty() ? tr("unknown") : patient.birthDate,
                          patient.gender.isEmpty() ? tr("gender unknown") : patient.gender,
                          patient.phone.isEmpty() ? tr("none") : patient.phone.toHtmlEscaped()));
    if (patient.smsOptedOut)
        lines.append(tr("<b>Opted out of text messages.</b> Do not text this patient."));
    lines.append(
        tr("Item %1: %2%3")
            .arg(detail.item.id)
            .arg(detail.item.status == TriageStatus::Claimed ? tr("claimed by ") : tr("open"),
                 detail.item.owner.toHtmlEscaped()));
    if (detail.item.awaitsAcknowledgement() && detail.item.escalationLevel > 0)
        lines.append(tr("<b>Not acknowledged in time:</b> escalated to %1.")
                         .arg(detail.item.escalatedTo.toHtmlEscaped()));
    else if (detail.item.status == TriageStatus::Claimed && detail.item.awaitsAcknowledgement())
        lines.append(tr("<b>A new reply raised this item:</b> acknowledge it (Ctrl+M)."));
    if (detail.item.secondsToAcknowledge() >= 0)
        lines.append(tr("Acknowledged %n minute(s) after it arrived.", nullptr,
                        int(detail.item.secondsToAcknowledge() / 60)));
    if (detail.item.possibleAdverseEvent)
        lines.append(tr("<b>Possible adverse event:</b> report due %1.")
                         .arg(locale.toString(detail.item.adverseEventDueAt.toLocalTime().date(),
                                              QLocale::ShortFormat)));
    m_patientLabel->setText(lines.join(QStringLiteral("<br/>")));

    m_mentorPanel->showPatient(patient.masterId);
    m_journeyPanel->showPatient(patient.masterId, timeline);
}

void MainWindow::clearDetail()
{
    m_openedItemId = 0;
    m_openedVersion = 0;
    m_replyHeader->setText(tr("Select an item in the queue to read the reply."));
    m_replyBrowser->clear();
    m_patientLabel->clear();
    m_journeyPanel->clear();
    m_mentorPanel->clear();
}

void MainWindow::updateActions()
{
    const TriageItem *item = currentItem();
    const QString actor = m_controller->workstation().principal.user;
    // The owner of a raised item acknowledges it with the same action and keys.
    const bool raisedForMe = item && item->status == TriageStatus::Claimed &&
                             item->owner == actor && item->awaitsAcknowledgement();
    m_claimAction->setText(raisedForMe ? tr("A&cknowledge") : tr("&Claim"));
    m_claimAction->setEnabled(item && (item->status == TriageStatus::Open || raisedForMe));
    m_assignAction->setEnabled(item != nullptr && item->isOpen());
    m_releaseAction->setEnabled(item && item->status == TriageStatus::Claimed &&
                                item->owner == actor);
    m_resolveAction->setEnabled(item &&
                                (item->status == TriageStatus::Open ||
                                 (item->status == TriageStatus::Claimed && item->owner == actor)));
}

void MainWindow::resolveCurrent()
{
    const TriageItem *item = currentItem();
    if (!item)
        return;
    const qint64 id = item->id;
    auto *dialog = new ResolveDialog(id, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (item->possibleAdverseEvent)
        dialog->setAdverseEventDue(item->adverseEventDueAt.toLocalTime().date());
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        m_controller->resolve(id, dialog->disposition(), dialog->note());
    });
    dialog->open();
}

void MainWindow::assignCurrent()
{
    const TriageItem *item = currentItem();
    if (!item)
        return;
    QStringList known;
    for (const TriageItem &other : m_queueModel->items()) {
        if (!other.owner.isEmpty() && !known.contains(other.owner))
            known.append(other.owner);
    }
    if (!known.contains(m_controller->workstation().principal.user))
        known.prepend(m_controller->workstation().principal.user);
    const qint64 id = item->id;
    auto *dialog = new AssignDialog(id, item->owner, known, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, id] { m_controller->assign(id, dialog->assignee()); });
    dialog->open();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_shownOnce)
        return;
    m_shownOnce = true;
    // The queue is what a nurse works from: the larger share of the first window, so the
    // counts, the filters and the attention column are in view (the detail keeps its minimum).
    const int width = m_split->width();
    m_split->setSizes({width * 11 / 20, width - width * 11 / 20});
}

void MainWindow::showQueueAlert(const QueueAlert &alert)
{
    m_alerts->present(alert);
    statusBar()->showMessage(AlertPresenter::describe(alert), 15000);
}

void MainWindow::itemAcknowledged(qint64 itemId)
{
    m_alerts->acknowledged(itemId);
}

void MainWindow::goToItem(qint64 itemId)
{
    if (!m_panel->selectItem(itemId)) {
        // Hidden by a filter: an alert or a claimed item is worth more than the filter.
        m_panel->clearFilters();
        if (!m_panel->selectItem(itemId)) {
            m_pendingSelection = itemId; // not in the model yet: selected when it arrives
            m_controller->refresh();
            return;
        }
    }
    m_panel->view()->setFocus();
}

void MainWindow::chooseImportFiles()
{
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Import Files"), QString(),
        tr("FHIR and HL7 v2 files (*.json *.ndjson *.hl7 *.er7 *.txt);;All files (*)"));
    if (!paths.isEmpty())
        importFiles(paths);
}

void MainWindow::setSiteBanner(const QString &text)
{
    m_panel->setSiteBanner(text);
    setWindowTitle(text.isEmpty() ? tr("CareDesk \u2014 Triage Queue")
                                  : tr("CareDesk \u2014 Triage Queue (demo site)"));
}

void MainWindow::importFiles(const QStringList &paths, const std::optional<Principal> &as)
{
    m_importAction->setEnabled(false);
    m_importProgress->setValue(0);
    m_importProgress->setVisible(true);
    statusBar()->showMessage(tr("Importing %n file(s)\u2026", nullptr, int(paths.size())));
    m_controller->importFiles(paths, as);
}

} // namespace CareDesk
