// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/TimelineEvent.h"
#include "services/security/AccessControl.h"
#include "services/triage/TriageService.h"
#include "ui/Workstation.h"

#include <QObject>
#include <QThreadPool>
#include <optional>

namespace CareDesk {

struct ImportSummary;

// Runs queue reads and item changes off the UI thread, in order, and reports by signals.
class QueueController : public QObject
{
    Q_OBJECT
public:
    explicit QueueController(Workstation workstation, QObject *parent = nullptr);
    ~QueueController() override;

    // Reads the queue again. Calls while a read runs are folded into one more read after it, so a
    // burst of changes costs two reads, not one per change.
    void refresh();
    // Reads only what changed: the items named by the queue events written since the last read
    // (every workstation and worker writes them: opened, joined, raised, escalated,
    // acknowledged, released, resolved), merged into the queue read before, instead of every
    // open item again. The first read, one after a failure, or more than kMaxEvents waiting
    // events read everything. Changes that write no queue event (items following the server's
    // Tasks, journey exceptions, a patient's new name) are read by refresh(), which the window
    // runs every 5 s, on F5 and after its own actions. Folded like refresh(); a refresh() asked
    // for meanwhile wins.
    void refreshChanged();
    static constexpr int kMaxEvents = 500;
    void openItem(qint64 id);
    void claim(qint64 id);
    // Claims the first open, unclaimed item among candidates (the rows a filter shows, in queue
    // order; all items when empty); claimedNext() says which, 0 when none was left.
    void claimNext(const QList<qint64> &candidates);
    void assign(qint64 id, const QString &assignee);
    void release(qint64 id);
    void resolve(qint64 id, const QString &disposition, const QString &note);
    // As the signed-in user unless `as` names another principal.
    void importFiles(const QStringList &paths, const std::optional<Principal> &as = std::nullopt);
    // Imports data that is not in a file (the embedded automation's replies). Data arriving
    // while an earlier batch is being stored goes in the next batch, one transaction for all
    // (Importer::importBatch), so a burst of replies is not a burst of commits. After a batch of
    // replies only the queue reads what changed (refreshChanged), after anything else all.
    void importData(const QByteArray &bytes, const QString &name);
    // Break-glass for the patient of the selected item; breakGlassStarted or failed follows.
    void startBreakGlass(const QString &masterId, const QString &reason, int minutes);
    // How many break-glass accesses wait for review (supervisors); reviewsPending follows.
    void checkReviews();

    // Waits for queued work (tests and shutdown).
    void waitForIdle();

    const Workstation &workstation() const { return m_workstation; }
    // Another user signed in on this workstation: later work acts as them.
    void setPrincipal(const Principal &principal)
    {
        m_workstation.principal = principal;
        m_fullReadNeeded = true; // what the queue shows depends on who reads it (masks)
    }

signals:
    void itemsChanged(const QList<CareDesk::TriageItem> &items);
    void itemOpened(const CareDesk::TriageItemDetail &detail,
                    const CareDesk::PatientSummary &patient,
                    const QList<CareDesk::TimelineEvent> &timeline);
    void itemChanged(qint64 id, const QString &action);
    void claimedNext(qint64 id);
    void importProgress(qint64 done, qint64 total);
    void importFinished(const QString &summary, bool ok);
    // An action the user asked for failed.
    void failed(const QString &message);
    void breakGlassStarted(const CareDesk::BreakGlassGrant &grant);
    void reviewsPending(int count);
    // A background refresh failed; the queue on screen may be stale.
    void refreshFailed(const QString &message);

private:
    void runChange(qint64 id, const QString &action, std::function<VoidResult()> change);

    // The queue as last read and the newest queue event it includes; only work on m_dbPool
    // touches it.
    struct Snapshot {
        QList<TriageItem> items;
        qint64 lastSeq = 0;
    };
    void readQueue(bool full);
    void onQueueRead(const Result<QList<TriageItem>> &items);
    void importPending();

    Workstation m_workstation;
    std::shared_ptr<Snapshot> m_snapshot = std::make_shared<Snapshot>();
    bool m_fullReadNeeded = true;
    bool m_refreshRunning = false;
    bool m_refreshAgain = false; // a full read asked for while one ran
    bool m_changedAgain = false; // a read of what changed asked for while one ran
    QThreadPool m_dbPool;        // one thread: reads and changes in order
    QThreadPool m_importPool;    // long imports, so the queue stays live meanwhile
    QList<QPair<QByteArray, QString>> m_pendingData; // importData waiting for the next batch
    bool m_dataImportRunning = false;
};

} // namespace CareDesk
