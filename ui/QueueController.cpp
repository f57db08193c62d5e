// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/QueueController.h"

#include "services/ingest/Importer.h"
#include "services/store/CacheDatabase.h"
#include "services/store/PatientStore.h"

#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

namespace CareDesk {

namespace {

struct OpenedItem {
    TriageItemDetail detail;
    PatientSummary patient;
    QList<TimelineEvent> timeline;
};

} // namespace

QueueController::QueueController(Workstation workstation, QObject *parent)
    : QObject(parent)
    , m_workstation(std::move(workstation))
{
    m_dbPool.setMaxThreadCount(1);
    m_dbPool.setExpiryTimeout(-1);
    m_importPool.setMaxThreadCount(1);
    m_importPool.setExpiryTimeout(-1);
    qRegisterMetaType<QList<CareDesk::TriageItem>>();
}

QueueController::~QueueController()
{
    waitForIdle();
}

void QueueController::waitForIdle()
{
    // Waiting ends the pools' threads, so each first closes its own cache connection, as Qt
    // SQL requires; the next piece of work starts a fresh thread with a fresh connection.
    auto cache = m_workstation.cache;
    for (QThreadPool *pool : {&m_importPool, &m_dbPool}) {
        pool->start([cache] { cache->releaseThreadConnection(); });
        pool->waitForDone();
    }
}

void QueueController::refresh()
{
    if (m_refreshRunning) {
        m_refreshAgain = true;
        return;
    }
    readQueue();
}

void QueueController::readQueue()
{
    m_refreshRunning = true;
    m_refreshAgain = false;
    TriageService *triage = m_workstation.triage;
    QtConcurrent::run(&m_dbPool, [triage] {
        return triage->openItems();
    }).then(this, [this](const Result<QList<TriageItem>> &items) {
        m_refreshRunning = false;
        if (!items)
            emit refreshFailed(items.error().message);
        else
            emit itemsChanged(*items);
        if (m_refreshAgain)
            readQueue();
    });
}

void QueueController::openItem(qint64 id)
{
    const Workstation ws = m_workstation;
    QtConcurrent::run(&m_dbPool, [ws, id]() -> Result<OpenedItem> {
        auto detail = ws.triage->viewItem(id, ws.actor);
        if (!detail)
            return std::unexpected(detail.error());
        PatientStore store(ws.cache->connection(), *ws.clock);
        auto patient = store.summary(detail->item.masterId);
        auto timeline = store.timeline(detail->item.masterId);
        OpenedItem opened{*detail, patient.value_or(PatientSummary{}),
                          timeline.value_or(QList<TimelineEvent>{})};
        if (opened.patient.masterId.isEmpty())
            opened.patient.masterId = detail->item.masterId;
        return opened;
    }).then(this, [this](const Result<OpenedItem> &opened) {
        if (!opened)
            emit failed(opened.error().message);
        else
            emit itemOpened(opened->detail, opened->patient, opened->timeline);
    });
}

void QueueController::runChange(qint64 id, const QString &action,
                                std::function<VoidResult()> change)
{
    QtConcurrent::run(&m_dbPool, std::move(change))
        .then(this, [this, id, action](const VoidResult &result) {
            if (!result)
                emit failed(result.error().message);
            else
                emit itemChanged(id, action);
            refresh();
        });
}

void QueueController::claim(qint64 id)
{
    TriageService *triage = m_workstation.triage;
    const QString actor = m_workstation.actor;
    runChange(id, QStringLiteral("claim"),
              [triage, id, actor] { return triage->claim(id, actor); });
}

void QueueController::claimNext(const QList<qint64> &candidates)
{
    TriageService *triage = m_workstation.triage;
    const QString actor = m_workstation.actor;
    QtConcurrent::run(&m_dbPool, [triage, actor, candidates] {
        return triage->claimNext(actor, candidates);
    }).then(this, [this](const Result<qint64> &claimed) {
        if (!claimed) {
            emit failed(claimed.error().message);
        } else {
            if (*claimed > 0)
                emit itemChanged(*claimed, QStringLiteral("claim"));
            emit claimedNext(*claimed);
        }
        refresh();
    });
}

void QueueController::assign(qint64 id, const QString &assignee)
{
    TriageService *triage = m_workstation.triage;
    const QString actor = m_workstation.actor;
    runChange(id, QStringLiteral("assign"),
              [triage, id, actor, assignee] { return triage->assign(id, actor, assignee); });
}

void QueueController::release(qint64 id)
{
    TriageService *triage = m_workstation.triage;
    const QString actor = m_workstation.actor;
    runChange(id, QStringLiteral("release"),
              [triage, id, actor] { return triage->release(id, actor); });
}

void QueueController::resolve(qint64 id, const QString &disposition, const QString &note)
{
    TriageService *triage = m_workstation.triage;
    const QString actor = m_workstation.actor;
    runChange(id, QStringLiteral("resolve"), [triage, id, actor, disposition, note] {
        return triage->resolve(id, actor, disposition, note);
    });
}

void QueueController::importFiles(const QStringList &paths)
{
    const Workstation ws = m_workstation;
    // The destructor waits for this pool, so the controller outlives the worker; signals
    // emitted from the worker reach the UI thread queued.
    QtConcurrent::run(&m_importPool, [this, ws, paths]() {
        QStringList lines;
        bool ok = true;
        for (const QString &path : paths) {
            auto summary = ws.makeImporter()->importFile(
                path, [this](qint64 done, qint64 total) { emit importProgress(done, total); });
            if (summary) {
                lines.append(summary->describe());
            } else {
                ok = false;
                lines.append(summary.error().message);
            }
        }
        return std::make_pair(ok, lines.join(u'\n'));
    }).then(this, [this](const std::pair<bool, QString> &result) {
        emit importFinished(result.second, result.first);
        refresh();
    });
}

void QueueController::importData(const QByteArray &bytes, const QString &name)
{
    m_pendingData.append({bytes, name});
    if (!m_dataImportRunning)
        importPending();
}

void QueueController::importPending()
{
    // At most this many files in one transaction, so a long burst still commits often.
    constexpr qsizetype kMaxBatch = 200;
    const qsizetype count = qMin(m_pendingData.size(), kMaxBatch);
    QList<Importer::BatchFile> batch;
    for (qsizetype i = 0; i < count; ++i)
        batch.append({m_pendingData.at(i).first, m_pendingData.at(i).second});
    m_pendingData.remove(0, count);
    m_dataImportRunning = true;
    const Workstation ws = m_workstation;
    QtConcurrent::run(&m_importPool, [ws, batch]() {
        QStringList failures;
        for (const auto &result : ws.makeImporter()->importBatch(batch)) {
            if (!result)
                failures.append(result.error().message);
        }
        return failures;
    }).then(this, [this](const QStringList &failures) {
        m_dataImportRunning = false;
        for (const QString &failure : failures)
            emit failed(failure);
        if (!m_pendingData.isEmpty())
            importPending();
        refresh();
    });
}

} // namespace CareDesk
