// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/TimelineEvent.h"
#include "services/triage/AlertPolicy.h"
#include "services/triage/TriageService.h"
#include "ui/Workstation.h"

#include <QMainWindow>
#include <optional>

class QAction;
class QLabel;
class QProgressBar;
class QTableView;
class QShowEvent;
class QSplitter;
class QTextBrowser;
class QTimer;
class QTreeWidget;

namespace CareDesk {

class AlertPresenter;
class JourneyController;
class JourneyPanel;
class JourneyTimelineWidget;
class MentorPanel;
class QueueController;
class QueuePanel;
class SecurityBar;
class TriageQueueModel;

// The triage nurse's workstation: the live queue in the centre (QueuePanel: alerts, counts,
// filters); the selected item's replies with their evidence, the patient summary and the journey
// timeline beside it; claim next, claim, assign, release and resolve from the toolbar or the
// keyboard alone.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(Workstation workstation, QWidget *parent = nullptr);
    ~MainWindow() override;

    QueueController *controller() const { return m_controller; }
    QueuePanel *queuePanel() const { return m_panel; }
    QTableView *queueView() const;
    AlertPresenter *alertPresenter() const { return m_alerts; }
    TriageQueueModel *queueModel() const { return m_queueModel; }
    QAction *claimAction() const { return m_claimAction; }
    QAction *claimNextAction() const { return m_claimNextAction; }
    QAction *assignAction() const { return m_assignAction; }
    QAction *releaseAction() const { return m_releaseAction; }
    QAction *resolveAction() const { return m_resolveAction; }
    QTextBrowser *replyBrowser() const { return m_replyBrowser; }
    JourneyTimelineWidget *timelineWidget() const;
    JourneyController *journeyController() const { return m_journeyController; }
    JourneyPanel *journeyPanel() const { return m_journeyPanel; }
    MentorPanel *mentorPanel() const { return m_mentorPanel; }
    qint64 currentItemId() const { return m_currentItemId; }
    SecurityBar *securityBar() const { return m_securityBar; }
    QLabel *patientLabel() const { return m_patientLabel; }

    // A line that stays on screen naming what kind of site this is (the demo site says so).
    void setSiteBanner(const QString &text);

    // Shows the import's progress in the status bar. The import runs as the signed-in user, or
    // as `as` (the demo site loads its files as the automation, whoever signed in).
    void importFiles(const QStringList &paths, const std::optional<Principal> &as = std::nullopt);

    // From the alert feed (which runs off the UI thread): tell the nurse; an item acknowledged
    // anywhere leaves the banner.
    void showQueueAlert(const CareDesk::QueueAlert &alert);
    void itemAcknowledged(qint64 itemId);
    // Brings an item into view (clearing filters that hide it) and selects it.
    void goToItem(qint64 itemId);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void buildActions();
    void buildLayout();
    void onItemsChanged(const QList<TriageItem> &items);
    void onSelectionChanged();
    void onItemOpened(const TriageItemDetail &detail, const PatientSummary &patient,
                      const QList<TimelineEvent> &timeline);
    void clearDetail();
    void updateActions();
    void resolveCurrent();
    void assignCurrent();
    void chooseImportFiles();
    const TriageItem *currentItem() const;

    QueueController *m_controller;
    TriageQueueModel *m_queueModel;
    QueuePanel *m_panel = nullptr;
    QSplitter *m_split = nullptr;
    bool m_shownOnce = false;
    AlertPresenter *m_alerts = nullptr;
    QTextBrowser *m_replyBrowser = nullptr;
    QLabel *m_replyHeader = nullptr;
    QLabel *m_patientLabel = nullptr;
    JourneyController *m_journeyController = nullptr;
    JourneyPanel *m_journeyPanel = nullptr;
    MentorPanel *m_mentorPanel = nullptr;
    QProgressBar *m_importProgress = nullptr;
    SecurityBar *m_securityBar = nullptr;
    QAction *m_claimAction = nullptr;
    QAction *m_claimNextAction = nullptr;
    QAction *m_assignAction = nullptr;
    QAction *m_releaseAction = nullptr;
    QAction *m_resolveAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QTimer *m_countdownTimer;
    QTimer *m_refreshTimer;
    qint64 m_currentItemId = 0;
    qint64 m_openedItemId = 0;
    int m_openedVersion = 0;
    qint64 m_pendingSelection = 0; // claimed by "claim next", selected when it is in the model
};

} // namespace CareDesk
