// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/fhir/FhirSync.h"

#include "models/Clock.h"
#include "services/fhir/FhirClient.h"
#include "services/fhir/FhirFieldPolicy.h"
#include "services/fhir/FhirMapper.h"
#include "services/fhir/TriageTaskSync.h"
#include "services/ingest/ReplyIntake.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/PatientStore.h"
#include "services/store/SqlFailure.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QUrlQuery>

#include <utility>

Q_DECLARE_LOGGING_CATEGORY(lcFhirClient)

namespace CareDesk {

namespace {

// Resources changed in the second before the last pull's snapshot are read again: the
// snapshot time and the Date header have one-second steps, and reading twice is harmless.
constexpr qint64 kOverlapSeconds = 1;

} // namespace

QString SyncReport::describe() const
{
    QStringList lines;
    int total = 0;
    for (int count : received)
        total += count;
    lines.append(QStringLiteral("sync %1: %2 resources received")
                     .arg(complete ? QStringLiteral("complete") : QStringLiteral("INCOMPLETE"))
                     .arg(total));
    for (auto it = received.cbegin(); it != received.cend(); ++it)
        lines.append(QStringLiteral("  %1: %2").arg(it.key()).arg(it.value()));
    lines.append(QStringLiteral("  patient replies: %1 new; triage items opened: %2; items "
                                "following the server's tasks: %3")
                     .arg(replies)
                     .arg(triageItems)
                     .arg(itemsFollowingServer));
    for (const QString &problem : problems)
        lines.append(QStringLiteral("  problem: %1").arg(problem));
    return lines.join(u'\n');
}

FhirSync::FhirSync(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
                   const ReplyClassifier &classifier, const Clock &clock, TriageSettings triage,
                   FhirClient &client, SyncSettings settings, QObject *parent)
    : QObject(parent)
    , m_cache(std::move(cache))
    , m_audit(audit)
    , m_classifier(classifier)
    , m_clock(clock)
    , m_triage(triage)
    , m_client(client)
    , m_settings(std::move(settings))
    , m_types(FhirFieldPolicy::syncedTypes(m_settings.role))
{}

Result<FhirSource> FhirSync::source(QSqlDatabase &db, const QUrl &base, const QDateTime &now)
{
    const QString url = FhirEndpoint::normalizedBase(base).toString();
    QSqlQuery insert(db);
    insert.prepare(
        QStringLiteral("INSERT OR IGNORE INTO fhir_sources (base_url, added_at) VALUES (?, ?)"));
    insert.addBindValue(url);
    insert.addBindValue(toStorageTime(now));
    if (!insert.exec())
        return sqlFailure(QStringLiteral("Recording the FHIR server"), insert);
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT id FROM fhir_sources WHERE base_url = ?"));
    query.addBindValue(url);
    if (!query.exec() || !query.next())
        return sqlFailure(QStringLiteral("Reading the FHIR server"), query);
    const qint64 id = query.value(0).toLongLong();
    return FhirSource{id, QStringLiteral("fhir%1").arg(id), QUrl(url)};
}

Result<FhirSource> FhirSync::sourceById(QSqlDatabase &db, qint64 id)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT base_url FROM fhir_sources WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading the FHIR server"), query);
    if (!query.next())
        return fail(Error::Code::NotFound, QStringLiteral("No FHIR server %1 is known.").arg(id));
    return FhirSource{id, QStringLiteral("fhir%1").arg(id), QUrl(query.value(0).toString())};
}

Result<FhirSource> FhirSync::ensureSource()
{
    if (m_source.id > 0)
        return m_source;
    QSqlDatabase db = m_cache->connection();
    auto found = source(db, m_client.base(), m_clock.now());
    if (found)
        m_source = *found;
    return found;
}

void FhirSync::pull(std::function<void(const SyncReport &)> done)
{
    m_report = SyncReport();
    m_done = std::move(done);
    if (auto found = ensureSource(); !found) {
        m_report.complete = false;
        m_report.problems.append(found.error().message);
        auto finished = std::move(m_done);
        finished(m_report);
        return;
    }
    m_pulling = true;
    pullType(0);
}

void FhirSync::pullType(int index)
{
    if (index >= m_types.size()) {
        m_pulling = false;
        qCInfo(lcFhirClient) << "pull" << (m_report.complete ? "complete" : "incomplete");
        auto finished = std::move(m_done);
        finished(m_report);
        return;
    }
    const QString type = m_types.at(index);
    QSqlQuery state(m_cache->connection());
    state.prepare(QStringLiteral("SELECT watermark FROM fhir_sync_state WHERE source_id = ? AND "
                                 "resource_type = ?"));
    state.addBindValue(m_source.id);
    state.addBindValue(type);
    QString watermark;
    if (state.exec() && state.next())
        watermark = state.value(0).toString();
    state.finish();

    QUrlQuery query;
    const int pageSize = type == QLatin1String("Communication")
                             ? qMin(m_settings.pageSize, qMax(1, m_settings.replyPageSize))
                             : m_settings.pageSize;
    query.addQueryItem(QStringLiteral("_count"), QString::number(pageSize));
    query.addQueryItem(QStringLiteral("_sort"), QStringLiteral("_lastUpdated"));
    if (!watermark.isEmpty())
        query.addQueryItem(QStringLiteral("_lastUpdated"), QStringLiteral("ge") + watermark);
    // Only prior authorizations move a journey; claims for payment are not pulled at all.
    if (type == QLatin1String("Claim") || type == QLatin1String("ClaimResponse"))
        query.addQueryItem(QStringLiteral("use"), QStringLiteral("preauthorization"));
    QUrl first = m_client.resolve(type);
    first.setQuery(query);

    auto *pager = new FhirPager(m_client, m_settings.pageCap, this);
    pager->run(
        first, [this, type](const QJsonObject &bundle) { return applyPage(type, bundle); },
        [this, pager, type, index](const PageRun &run) {
            pager->deleteLater();
            if (index == 0)
                m_report.serverTime = run.firstServerDate;
            if (!run.complete) {
                m_report.complete = false;
                m_report.problems.append(QStringLiteral("%1: %2").arg(type, run.problem));
                if (run.failure && run.failure->kind == FhirFailure::Kind::Network)
                    m_report.reachable = false;
            }
            if (auto recorded = recordState(type, run); !recorded)
                m_report.problems.append(recorded.error().message);
            // An unreachable server fails every type the same way: stop here.
            if (!m_report.reachable) {
                pullType(int(m_types.size()));
                return;
            }
            pullType(index + 1);
        });
}

VoidResult FhirSync::commitPart(QSqlDatabase &db, const QString &type, int &replies, int &followed)
{
    if (!db.commit()) {
        db.rollback();
        return fail(Error::Code::Storage, QStringLiteral("Saving a page of %1 failed.").arg(type));
    }
    if (replies > 0 || followed > 0)
        emit committed(std::exchange(replies, 0), std::exchange(followed, 0));
    return m_audit.checkpoint();
}

VoidResult FhirSync::applyPage(const QString &type, const QJsonObject &bundle)
{
    QElapsedTimer timer;
    timer.start();
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage, QStringLiteral("The cache is busy."));
    auto abort = [&db](const Error &error) {
        db.rollback();
        return std::unexpected(error);
    };
    PatientStore store(db, m_clock);
    const QHash<QString, QString> noTargets;
    FhirMapper mapper(store, noTargets, m_source.scope);
    const QDateTime now = m_clock.now();
    int taken = 0;
    int commits = 0;
    int uncommittedReplies = 0; // new replies and followed items since the last commit
    int uncommittedFollowed = 0;
    int changes = 0; // resources stored since the last commit
    for (const QJsonValue &value : bundle.value(QLatin1String("entry")).toArray()) {
        const QJsonObject entry = value.toObject();
        if (entry.value(QLatin1String("search")).toObject().value(QLatin1String("mode")) ==
            QLatin1String("outcome"))
            continue;
        const QJsonObject resource = FhirFieldPolicy::minimumNecessary(
            entry.value(QLatin1String("resource")).toObject(), m_settings.role);
        const QString resourceType = resource.value(QLatin1String("resourceType")).toString();
        if (resource.value(QLatin1String("id")).toString().isEmpty())
            continue;
        if (uncommittedReplies >= kRepliesPerCommit) {
            // What the queue shows first goes out now; the rest of the page follows.
            if (auto saved = commitPart(db, type, uncommittedReplies, uncommittedFollowed); !saved)
                return saved;
            ++commits;
            changes = 0;
            if (!db.transaction())
                return fail(Error::Code::Storage, QStringLiteral("The cache is busy."));
        }
        std::optional<InboundReply> reply;
        auto mapped = mapper.apply(FhirEntry{resource, QString(), QString()}, reply);
        if (!mapped)
            return abort({mapped.error().code,
                          QStringLiteral("%1/%2: %3")
                              .arg(resourceType, resource.value(QLatin1String("id")).toString(),
                                   mapped.error().message)});
        m_report.received[resourceType] += 1;
        ++taken;
        ++changes;
        if (reply) {
            auto intake = takeReply(db, m_audit, m_classifier, m_clock, m_triage,
                                    QStringLiteral("fhir-sync"), *reply);
            if (!intake)
                return abort(intake.error());
            if (!intake->duplicate) {
                m_report.replies += 1;
                m_report.triageItems += intake->triageItemId > 0 ? 1 : 0;
                ++uncommittedReplies;
            }
        }
        if (auto task = TriageTask::read(resource)) {
            auto followed =
                TriageTask::applyToItem(db, m_audit, m_source.id, m_source.scope, *task, now);
            if (!followed)
                return abort(followed.error());
            m_report.itemsFollowingServer += *followed ? 1 : 0;
            uncommittedFollowed += *followed ? 1 : 0;
        }
    }
    if (changes == 0 && uncommittedReplies == 0 && uncommittedFollowed == 0) {
        // Nothing since the last commit (or an empty page): no commit and no checkpoint to pay.
        db.commit();
    } else {
        if (auto saved = commitPart(db, type, uncommittedReplies, uncommittedFollowed); !saved)
            return saved;
        ++commits;
    }
    qCInfo(lcFhirClient) << "stored a page of" << taken << type << "in" << commits
                         << "transactions in" << timer.elapsed() << "ms";
    return {};
}

VoidResult FhirSync::recordState(const QString &type, const PageRun &run)
{
    QSqlDatabase db = m_cache->connection();
    const QString now = toStorageTime(m_clock.now());
    // SQLite 3.15 (SQLCipher 3.4) has no upsert: make the row, then update it.
    QSqlQuery make(db);
    make.prepare(QStringLiteral("INSERT OR IGNORE INTO fhir_sync_state (source_id, resource_type, "
                                "status) VALUES (?, ?, 'never')"));
    make.addBindValue(m_source.id);
    make.addBindValue(type);
    if (!make.exec())
        return sqlFailure(QStringLiteral("Recording how far %1 was synced").arg(type), make);
    QSqlQuery query(db);
    // The new watermark is the server's time of the search, never the local clock.
    const QDateTime serverTime = run.snapshotAt.isValid() ? run.snapshotAt : run.firstServerDate;
    if (run.complete && serverTime.isValid()) {
        query.prepare(QStringLiteral("UPDATE fhir_sync_state SET watermark = ?, status = "
                                     "'complete', problem = NULL, last_attempt_at = ?, "
                                     "last_complete_at = ? WHERE source_id = ? AND "
                                     "resource_type = ?"));
        query.addBindValue(
            serverTime.addSecs(-kOverlapSeconds).toUTC().toString(Qt::ISODateWithMs));
        query.addBindValue(now);
        query.addBindValue(now);
    } else {
        query.prepare(QStringLiteral("UPDATE fhir_sync_state SET status = 'incomplete', problem = "
                                     "?, last_attempt_at = ? WHERE source_id = ? AND "
                                     "resource_type = ?"));
        query.addBindValue(run.complete ? QStringLiteral("the server gave no time for the search")
                                        : run.problem);
        query.addBindValue(now);
    }
    query.addBindValue(m_source.id);
    query.addBindValue(type);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Recording how far %1 was synced").arg(type), query);
    return {};
}

} // namespace CareDesk
