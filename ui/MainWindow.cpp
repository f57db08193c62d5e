// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/MainWindow.h"

#include "models/Clock.h"
#include "models/TriageQueueModel.h"
#include "ui/JourneyController.h"
#include "ui/JourneyPanel.h"
#include "ui/MentorPanel.h"
#include "ui/QueueController.h"
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
    connect(m_countdownTimer, &QTimer::timeout, this,
            [this, clock] { m_queueModel->setNow(clock->now()); });
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
    m_claimAction = new QAction(tr("&Claim"), this);
    m_claimAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    m_claimAction->setToolTip(tr("Claim the selected item (Ctrl+M)"));
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

    connect(m_claimAction, &QAction::triggered, this, [this] {
        if (const TriageItem *item = currentItem())
            m_controller->claim(item->id);
    });
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
    itemMenu->addActions({m_claimAction, m_releaseAction, m_resolveAction});
    itemMenu->addSeparator();
    itemMenu->addAction(m_refreshAction);

    QToolBar *toolBar = addToolBar(tr("Triage"));
    toolBar->setObjectName(QStringLiteral("triageToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolBar->addActions({m_claimAction, m_releaseAction, m_resolveAction});
    toolBar->addSeparator();
    toolBar->addActions({m_importAction, m_refreshAction});
}

void MainWindow::buildLayout()
{
    m_queueView = new QTableView(this);
    m_queueView->setObjectName(QStringLiteral("triageQueueView"));
    m_queueView->setAccessibleName(tr("Triage queue"));
    m_queueView->setModel(m_queueModel);
    m_queueView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_queueView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_queueView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_queueView->setAlternatingRowColors(true);
    m_queueView->verticalHeader()->setVisible(false);
    m_queueView->horizontalHeader()->setStretchLastSection(true);
    m_queueView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_queueView->horizontalHeader()->setSectionResizeMode(TriageQueueModel::EvidenceColumn,
                                                          QHeaderView::Stretch);
    m_queueView->setTabKeyNavigation(false);
    connect(m_queueView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onSelectionChanged);

    auto *queueBox = new QGroupBox(tr("Triage queue"), this);
    auto *queueLayout = new QVBoxLayout(queueBox);
    m_siteBanner = new QLabel(queueBox);
    m_siteBanner->setObjectName(QStringLiteral("siteBanner"));
    m_siteBanner->setStyleSheet(QStringLiteral("background-color:#1f5fa8;color:#ffffff;"
                                               "font-weight:bold;padding:4px"));
    m_siteBanner->setVisible(false);
    queueLayout->addWidget(m_siteBanner);
    m_queueCounts = new QLabel(queueBox);
    queueLayout->addWidget(m_queueCounts);
    queueLayout->addWidget(m_queueView);

    m_replyHeader = new QLabel(this);
    m_replyHeader->setWordWrap(true);
    m_replyBrowser = new QTextBrowser(this);
    m_replyBrowser->setObjectName(QStringLiteral("replyBrowser"));
    m_replyBrowser->setAccessibleName(tr("Patient reply"));
    m_replyBrowser->setMinimumHeight(90);
    auto *legend = new QLabel(tr("<small><b style=\"background-color:#ffd54f\">Red flag</b> "
                                 "&nbsp; <u>uncertain</u> &nbsp; <s>negated or about someone "
                                 "else</s></small>"),
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

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(queueBox);
    split->addWidget(detail);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({720, 640});
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
    centralLayout->addWidget(split, 1);
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

const TriageItem *MainWindow::currentItem() const
{
    const QModelIndex index = m_queueView->currentIndex();
    return index.isValid() ? m_queueModel->itemAt(index.row()) : nullptr;
}

void MainWindow::onItemsChanged(const QList<TriageItem> &items)
{
    const qint64 keep = m_currentItemId;
    // The open item changed elsewhere (another workstation, the FHIR server): show it afresh.
    if (const int before = m_queueModel->rowOfItem(m_openedItemId); before >= 0) {
        for (const TriageItem &item : items) {
            if (item.id == m_openedItemId && item.version != m_queueModel->itemAt(before)->version)
                m_openedItemId = 0;
        }
    }
    m_queueModel->setItems(items);
    int emergent = 0;
    int urgent = 0;
    int overdue = 0;
    const QDateTime now = m_controller->workstation().clock->now();
    for (const TriageItem &item : items) {
        emergent += item.tier == TriageTier::Emergent ? 1 : 0;
        urgent += item.tier == TriageTier::Urgent ? 1 : 0;
        overdue += item.status == TriageStatus::Open && item.dueAt < now ? 1 : 0;
    }
    m_queueCounts->setText(tr("%n open item(s): ", nullptr, int(items.size())) +
                           tr("%1 emergent, %2 urgent, %3 past their deadline.")
                               .arg(emergent)
                               .arg(urgent)
                               .arg(overdue));

    int row = m_queueModel->rowOfItem(keep);
    if (row < 0 && !items.isEmpty() && keep == 0)
        row = 0;
    if (row >= 0) {
        m_queueView->setCurrentIndex(m_queueModel->index(row, 0));
        if (m_queueModel->itemAt(row)->id != m_openedItemId)
            onSelectionChanged();
    } else {
        m_currentItemId = 0;
        clearDetail();
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
    if (item->id != m_openedItemId) {
        m_openedItemId = item->id;
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
        tr("<b>%1</b> reply, received by CareDesk %2 (sent %3).")
            .arg(TriageQueueModel::tierLabel(detail.item.tier),
                 locale.toString(detail.item.ingestedAt.toLocalTime(), QLocale::ShortFormat),
                 locale.toString(detail.item.receivedAt.toLocalTime(), QLocale::ShortFormat)) +
        (detail.item.reviewReason.isEmpty()
             ? (detail.item.needsReview ? tr(" <b>Needs review:</b> the classifier was not sure.")
                                        : QString())
             : tr(" <b>Needs review:</b> %1.").arg(detail.item.reviewReason.toHtmlEscaped())));
    if (detail.item.textMasked && detail.item.source != QLatin1String("journey"))
        // Masked fields say so, in words, where the text would be.
        m_replyBrowser->setHtml(QStringLiteral("<p style=\"color:#6b4e00;background-color:#fff3cd;"
                                               "padding:4px\"><i>%1</i></p>")
                                    .arg(detail.replyText.toHtmlEscaped()));
    else
        m_replyBrowser->setHtml(highlightedReplyHtml(detail.replyText, detail.item.evidence));
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
    m_patientLabel->setText(lines.join(QStringLiteral("<br/>")));

    m_mentorPanel->showPatient(patient.masterId);
    m_journeyPanel->showPatient(patient.masterId, timeline);
}

void MainWindow::clearDetail()
{
    m_openedItemId = 0;
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
    m_claimAction->setEnabled(item && item->status == TriageStatus::Open);
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
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        m_controller->resolve(id, dialog->disposition(), dialog->note());
    });
    dialog->open();
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
    m_siteBanner->setText(text);
    m_siteBanner->setVisible(!text.isEmpty());
    setWindowTitle(text.isEmpty() ? tr("CareDesk \u2014 Triage Queue")
                                  : tr("CareDesk \u2014 Triage Queue (demo site)"));
}

void MainWindow::importFiles(const QStringList &paths)
{
    m_importAction->setEnabled(false);
    m_importProgress->setValue(0);
    m_importProgress->setVisible(true);
    statusBar()->showMessage(tr("Importing %n file(s)\u2026", nullptr, int(paths.size())));
    m_controller->importFiles(paths);
}

} // namespace CareDesk
