// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/QueueController.h"

#include "services/ingest/Importer.h"
#include "services/security/BreakGlassService.h"
#include "services/security/PatientRecords.h"
#include "services/store/CacheDatabase.h"
#include "services/store/PatientStore.h"
#include "services/triage/QueueEvents.h"

#include <QFileInfo>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <utility>

namespace CareDesk {

namespace {

struct OpenedItem {
    TriageItemDetail detail;
    PatientSummary patient;
    QList<TimelineEvent> timeline;
};

// The order of TriageService::openItems: highest tier first, then the longest waiting.
bool queueOrder(const TriageItem &a, const TriageItem &b)
{
    if (a.tier != b.tier)
        return int(a.tier) > int(b.tier);
    if (a.ingestedAt != b.ingestedAt)
        return a.ingestedAt < b.ingestedAt;
    return a.id < b.id;
}

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
    readQueue(true);
}

void QueueController::refreshChanged()
{
    if (m_refreshRunning) {
        m_changedAgain = true;
        return;
    }
    readQueue(false);
}

void QueueController::readQueue(bool full)
{
    m_refreshRunning = true;
    m_refreshAgain = false;
    m_changedAgain = false;
    full = full || std::exchange(m_fullReadNeeded, false);
    TriageService *triage = m_workstation.triage;
    const Principal who = m_workstation.principal;
    auto cache = m_workstation.cache;
    auto snapshot = m_snapshot;
    const auto read = [triage, who, cache, snapshot, full]() -> Result<QList<TriageItem>> {
        const auto readAll = [&]() -> Result<QList<TriageItem>> {
            // The newest event before the items: an event written between the two names an
            // item read again next time, which is harmless.
            auto seq = lastQueueEventSeq(cache->connection());
            if (!seq)
                return std::unexpected(seq.error());
            auto items = triage->openItems(who);
            if (!items)
                return items;
            snapshot->items = *items;
            snapshot->lastSeq = *seq;
            return items;
        };
        if (full)
            return readAll();
        auto events = queueEventsAfter(cache->connection(), snapshot->lastSeq, kMaxEvents + 1);
        if (!events)
            return std::unexpected(events.error());
        if (events->size() > kMaxEvents)
            return readAll();
        if (events->isEmpty())
            return snapshot->items;
        QList<qint64> ids;
        QSet<qint64> touched;
        for (const QueueEvent &event : std::as_const(*events)) {
            if (!touched.contains(event.itemId)) {
                touched.insert(event.itemId);
                ids.append(event.itemId);
            }
        }
        auto fresh = triage->itemsAmong(ids, who);
        if (!fresh)
            return std::unexpected(fresh.error());
        // Each named item leaves its row and, still open, comes back at its place in the order.
        QList<TriageItem> &items = snapshot->items;
        items.removeIf([&touched](const TriageItem &item) { return touched.contains(item.id); });
        for (const TriageItem &item : std::as_const(*fresh)) {
            if (item.status != TriageStatus::Resolved)
                items.insert(std::upper_bound(items.begin(), items.end(), item, queueOrder), item);
        }
        snapshot->lastSeq = events->last().seq;
        return items;
    };
    // The answer is posted back by the work itself rather than by a continuation: a read of
    // what changed can end before QFuture::then is attached, and under Qt 6.4 such an answer
    // was seen lost (tst_queuecontroller hung waiting for it).
    // The destructor waits for the pool, so this outlives the work; an answer still queued when
    // it goes is dropped with it.
    m_dbPool.start([this, read] {
        const Result<QList<TriageItem>> items = read();
        QMetaObject::invokeMethod(
            this, [this, items] { onQueueRead(items); }, Qt::QueuedConnection);
    });
}

void QueueController::onQueueRead(const Result<QList<TriageItem>> &items)
{
    m_refreshRunning = false;
    if (!items) {
        m_fullReadNeeded = true;
        emit refreshFailed(items.error().message);
    } else {
        emit itemsChanged(*items);
    }
    if (m_refreshAgain)
        readQueue(true);
    else if (m_changedAgain)
        readQueue(false);
}

void QueueController::openItem(qint64 id)
{
    const Workstation ws = m_workstation;
    QtConcurrent::run(&m_dbPool, [ws, id]() -> Result<OpenedItem> {
        auto detail = ws.triage->viewItem(id, ws.principal);
        if (!detail)
            return std::unexpected(detail.error());
        // A role without patient.read sees the item but not the patient's record (the refusal
        // is in the audit trail).
        auto patient = ws.patients->open(ws.principal, detail->item.masterId,
                                         QStringLiteral("triage-item/%1").arg(id));
        OpenedItem opened{*detail, patient ? patient->patient : PatientSummary{},
                          patient ? patient->timeline : QList<TimelineEvent>{}};
        if (opened.patient.masterId.isEmpty())
            opened.patient.masterId = detail->item.masterId;
        if (!patient)
            opened.patient.maskNotice = patient.error().message;
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
    const Principal who = m_workstation.principal;
    runChange(id, QStringLiteral("claim"), [triage, id, who] { return triage->claim(id, who); });
}

void QueueController::claimNext(const QList<qint64> &candidates)
{
    TriageService *triage = m_workstation.triage;
    const Principal who = m_workstation.principal;
    QtConcurrent::run(&m_dbPool, [triage, who, candidates] {
        return triage->claimNext(who, candidates);
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
    const Principal who = m_workstation.principal;
    runChange(id, QStringLiteral("assign"),
              [triage, id, who, assignee] { return triage->assign(id, who, assignee); });
}

void QueueController::release(qint64 id)
{
    TriageService *triage = m_workstation.triage;
    const Principal who = m_workstation.principal;
    runChange(id, QStringLiteral("release"),
              [triage, id, who] { return triage->release(id, who); });
}

void QueueController::resolve(qint64 id, const QString &disposition, const QString &note)
{
    TriageService *triage = m_workstation.triage;
    const Principal who = m_workstation.principal;
    runChange(id, QStringLiteral("resolve"), [triage, id, who, disposition, note] {
        return triage->resolve(id, who, disposition, note);
    });
}

void QueueController::startBreakGlass(const QString &masterId, const QString &reason, int minutes)
{
    const Workstation ws = m_workstation;
    QtConcurrent::run(&m_dbPool, [ws, masterId, reason, minutes] {
        return ws.breakGlass->start(ws.principal, masterId, reason, minutes);
    }).then(this, [this](const Result<BreakGlassGrant> &grant) {
        if (!grant)
            emit failed(grant.error().message);
        else
            emit breakGlassStarted(*grant);
    });
}

void QueueController::checkReviews()
{
    const Workstation ws = m_workstation;
    const RoleDefinition *role = ws.access->roles().role(ws.principal.role);
    if (!ws.breakGlass || !role || !role->permissions.contains(Permission::BreakGlassReview))
        return;
    QtConcurrent::run(&m_dbPool, [ws] {
        auto queue = ws.breakGlass->reviewQueue(ws.principal);
        return queue ? int(queue->size()) : -1;
    }).then(this, [this](int count) {
        if (count >= 0)
            emit reviewsPending(count);
    });
}

void QueueController::importFiles(const QStringList &paths, const std::optional<Principal> &as)
{
    const Workstation ws = m_workstation;
    const Principal who = as.value_or(ws.principal);
    // The destructor waits for this pool, so the controller outlives the worker; signals
    // emitted from the worker reach the UI thread queued.
    QtConcurrent::run(&m_importPool, [this, ws, who, paths]() {
        QStringList lines;
        bool ok = true;
        for (const QString &path : paths) {
            auto summary = ws.makeImporter(who)->importFile(
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
        // Data that arrives by itself (the embedded automation) is imported as the automation.
        QStringList failures;
        // Replies alone change the queue only where their queue events say; anything else
        // (patients, visits, merges) may change rows without one.
        bool onlyReplies = true;
        for (const auto &result : ws.makeImporter(principalForAutomation())->importBatch(batch)) {
            if (!result) {
                failures.append(result.error().message);
                continue;
            }
            for (auto it = result->stored.cbegin(); it != result->stored.cend(); ++it)
                onlyReplies = onlyReplies && it.key() == QLatin1String("Communication");
            onlyReplies = onlyReplies && result->merges == 0;
        }
        return std::make_pair(failures, onlyReplies);
    }).then(this, [this](const std::pair<QStringList, bool> &done) {
        m_dataImportRunning = false;
        for (const QString &failure : done.first)
            emit failed(failure);
        if (!m_pendingData.isEmpty())
            importPending();
        if (done.second)
            refreshChanged();
        else
            refresh();
    });
}

} // namespace CareDesk
