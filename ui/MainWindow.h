// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/TimelineEvent.h"
#include "services/triage/TriageService.h"
#include "ui/Workstation.h"

#include <QMainWindow>

class QAction;
class QLabel;
class QProgressBar;
class QTableView;
class QTextBrowser;
class QTimer;
class QTreeWidget;

namespace CareDesk {

class JourneyController;
class JourneyPanel;
class JourneyTimelineWidget;
class MentorPanel;
class QueueController;
class SecurityBar;
class TriageQueueModel;

// The triage nurse's workstation: the live queue in the centre; the selected item's reply with
// its evidence, the patient summary and the journey timeline beside it; claim, release and
// resolve from the toolbar or the keyboard.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(Workstation workstation, QWidget *parent = nullptr);
    ~MainWindow() override;

    QueueController *controller() const { return m_controller; }
    QTableView *queueView() const { return m_queueView; }
    TriageQueueModel *queueModel() const { return m_queueModel; }
    QAction *claimAction() const { return m_claimAction; }
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

    // Shows the import's progress in the status bar.
    void importFiles(const QStringList &paths);

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
    void chooseImportFiles();
    const TriageItem *currentItem() const;

    QueueController *m_controller;
    TriageQueueModel *m_queueModel;
    QTableView *m_queueView = nullptr;
    QTextBrowser *m_replyBrowser = nullptr;
    QLabel *m_replyHeader = nullptr;
    QLabel *m_patientLabel = nullptr;
    JourneyController *m_journeyController = nullptr;
    JourneyPanel *m_journeyPanel = nullptr;
    MentorPanel *m_mentorPanel = nullptr;
    QProgressBar *m_importProgress = nullptr;
    QLabel *m_queueCounts = nullptr;
    QLabel *m_siteBanner = nullptr;
    SecurityBar *m_securityBar = nullptr;
    QAction *m_claimAction = nullptr;
    QAction *m_releaseAction = nullptr;
    QAction *m_resolveAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QTimer *m_countdownTimer;
    QTimer *m_refreshTimer;
    qint64 m_currentItemId = 0;
    qint64 m_openedItemId = 0;
};

} // namespace CareDesk
