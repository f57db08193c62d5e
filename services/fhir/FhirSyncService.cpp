// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/fhir/FhirSyncService.h"

#include "models/Clock.h"
#include "services/comms/ConsentFhirPush.h"
#include "services/fhir/ConsentFhirHandler.h"
#include "services/fhir/FhirClient.h"
#include "services/fhir/FhirFieldPolicy.h"
#include "services/fhir/SmartBackendAuth.h"
#include "services/fhir/TriageFhirHandler.h"
#include "services/outbox/Outbox.h"
#include "services/outbox/OutboxStore.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"

#include <QFile>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QSqlQuery>

Q_DECLARE_LOGGING_CATEGORY(lcFhirClient)

namespace CareDesk {

FhirSyncService::FhirSyncService(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
                                 AccessControl &access, const ReplyClassifier &classifier,
                                 const Clock &clock, TriageSettings triage, FhirSyncConfig config,
                                 Principal runAs, QObject *parent)
    : QObject(parent)
    , m_cache(std::move(cache))
    , m_audit(audit)
    , m_access(access)
    , m_classifier(classifier)
    , m_clock(clock)
    , m_triage(triage)
    , m_config(std::move(config))
    , m_runAs(std::move(runAs))
{
    qRegisterMetaType<CareDesk::SyncStatus>();
    qRegisterMetaType<CareDesk::SyncReport>();
    qRegisterMetaType<QList<CareDesk::OutboxCommand>>();
    connect(&m_poll, &QTimer::timeout, this, &FhirSyncService::syncNow);
}

FhirSyncService::~FhirSyncService()
{
    stop();
    // Handlers and jobs go before the client they use.
    m_outbox.reset();
    m_handler.reset();
    m_consentHandler.reset();
    m_sync.reset();
}

VoidResult FhirSyncService::start()
{
    if (!m_config.base.isValid() || m_config.base.scheme().isEmpty())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("\"%1\" is not a FHIR server address (https://...).")
                        .arg(m_config.base.toString()));
    const QString host = m_config.base.host();
    const bool loopback = host == QLatin1String("127.0.0.1") ||
                          host == QLatin1String("localhost") || host == QLatin1String("::1");
    if (m_config.base.scheme() != QLatin1String("https") &&
        !(m_config.base.scheme() == QLatin1String("http") && loopback))
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("\"%1\": patient data goes to a FHIR server over TLS only; use "
                                   "an https:// address.")
                        .arg(m_config.base.toString()));
    // The one access check: whoever the polls act as may sync (refused and audited otherwise).
    if (auto allowed = m_access.require(m_runAs, Permission::SyncRun, QString(),
                                        QStringLiteral("fhir-server/%1").arg(m_config.base.host()));
        !allowed)
        return allowed;
    if (!FhirFieldPolicy::isKnownRole(m_config.sync.role))
        return fail(
            Error::Code::InvalidInput,
            QStringLiteral("Unknown role \"%1\"; use one of: %2.")
                .arg(m_config.sync.role, FhirFieldPolicy::roles().join(QStringLiteral(", "))));
    FhirEndpoint endpoint;
    endpoint.base = m_config.base;
    endpoint.timeoutMs = m_config.timeoutSeconds * 1000;
    if (!m_config.caFile.isEmpty()) {
        QFile file(m_config.caFile);
        if (!file.open(QIODevice::ReadOnly))
            return fail(Error::Code::NotFound, QStringLiteral("%1: cannot be read (%2).")
                                                   .arg(m_config.caFile, file.errorString()));
        endpoint.extraCaCerts = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
        if (endpoint.extraCaCerts.isEmpty())
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("%1: holds no PEM certificate.").arg(m_config.caFile));
    }
    m_network = std::make_unique<QNetworkAccessManager>();
    m_client = std::make_unique<FhirClient>(*m_network, endpoint, m_clock);
    if (!m_config.clientId.isEmpty()) {
        auto key = JsonWebKey::fromFile(m_config.keyFile, true);
        if (!key)
            return std::unexpected(key.error());
        SmartSettings smart;
        smart.clientId = m_config.clientId;
        smart.tokenUrl = m_config.tokenUrl;
        smart.discoveryUrl = m_client->resolve(QStringLiteral(".well-known/smart-configuration"));
        m_auth = std::make_unique<SmartBackendAuth>(*m_network, smart, std::move(*key), m_clock,
                                                    endpoint.tlsConfiguration());
        m_client->setAuth(m_auth.get());
    }
    m_sync = std::make_unique<FhirSync>(m_cache, m_audit, m_classifier, m_clock, m_triage,
                                        *m_client, m_config.sync);
    auto source = m_sync->ensureSource();
    if (!source)
        return std::unexpected(source.error());
    // Each commit of a page tells the queue at once, not the end of the pull (all types).
    connect(m_sync.get(), &FhirSync::committed, this, [this](int replies, int followed) {
        if (followed > 0)
            emit queueChanged();
        else if (replies > 0)
            emit repliesStored();
    });
    m_outbox =
        std::make_unique<Outbox>(m_cache, m_audit, m_access, m_clock, RetryPolicy(m_config.retry));
    m_handler = std::make_unique<TriageFhirHandler>(m_cache, m_audit, m_clock, *m_client,
                                                    m_config.workstation);
    for (const QString &kind : TriageFhirHandler::kinds())
        m_outbox->registerHandler(kind, m_handler.get());
    m_consentHandler = std::make_unique<ConsentFhirHandler>(*m_client, source->id);
    m_outbox->registerHandler(ConsentFhirPush::kKind, m_consentHandler.get());
    m_consentPush = std::make_unique<ConsentFhirPush>(m_cache, m_access, m_clock);
    connect(m_outbox.get(), &Outbox::changed, this, [this] {
        emit queueChanged();
        publishStatus();
    });
    connect(
        m_outbox.get(), &Outbox::conflictFound, this,
        [this](qint64, const QString &error, const QJsonObject &) { emit conflictFound(error); });
    connect(m_client.get(), &FhirClient::reachabilityChanged, this, [this](bool reachable) {
        // Offline: actions keep queuing; back online, the outbox drains in order.
        m_outbox->setPaused(!reachable);
        if (reachable)
            m_outbox->wake();
        m_status.state = reachable ? SyncStatus::State::Online : SyncStatus::State::Offline;
        publishStatus();
    });
    connect(m_client.get(), &FhirClient::clockSkewDetected, this, [this](qint64 seconds) {
        m_status.clockSkewSeconds = seconds;
        publishStatus();
    });
    queueConsentEvents();
    m_outbox->start();
    m_status.state = SyncStatus::State::Syncing;
    m_poll.start(std::chrono::seconds(qMax(1, m_config.pollSeconds)));
    syncNow();
    return {};
}

void FhirSyncService::stop()
{
    m_poll.stop();
}

void FhirSyncService::syncNow()
{
    pull(m_runAs);
}

void FhirSyncService::syncNowAs(const Principal &who)
{
    pull(who);
}

void FhirSyncService::pull(const Principal &who)
{
    if (!m_sync)
        return;
    if (auto allowed = m_access.require(who, Permission::SyncRun, QString(),
                                        QStringLiteral("fhir-server/%1").arg(m_config.base.host()));
        !allowed) {
        emit actionFailed(allowed.error().message);
        return;
    }
    if (m_sync->isPulling()) {
        m_pullAgain = true;
        return;
    }
    // Offline stays offline until an answer comes: a retry is no news for the status bar.
    if (m_status.state != SyncStatus::State::Offline)
        m_status.state = SyncStatus::State::Syncing;
    publishStatus();
    m_sync->pull([this](const SyncReport &report) { onPulled(report); });
}

void FhirSyncService::onPulled(const SyncReport &report)
{
    m_status.lastPullComplete = report.complete;
    m_status.problem = report.problems.value(0);
    if (report.complete)
        m_status.lastGoodSync = m_clock.now();
    m_status.state = report.reachable ? SyncStatus::State::Online : SyncStatus::State::Offline;
    if (m_client)
        m_status.clockSkewSeconds = m_client->lastSkewSeconds();
    emit pullFinished(report);
    // What the ledger recorded since (here, or pulled replies' opt-outs) goes out next.
    queueConsentEvents();
    if (report.reachable)
        m_outbox->wake();
    publishStatus();
    if (std::exchange(m_pullAgain, false))
        syncNow();
}

void FhirSyncService::queueConsentEvents()
{
    if (!m_sync || !m_consentPush)
        return;
    auto source = m_sync->ensureSource();
    if (!source)
        return;
    // The automation pushes the ledger, whoever runs the sync (it records consent itself too).
    auto queued = m_consentPush->queueNewEvents(*source, principalForAutomation());
    if (!queued) {
        qCWarning(lcFhirClient) << "consent events were not queued for the FHIR server:"
                                << queued.error().message;
        return;
    }
    if (queued->queued > 0)
        emit queueChanged();
}

void FhirSyncService::publishStatus()
{
    if (m_cache) {
        auto counts = OutboxStore(m_cache->connection()).counts();
        if (counts) {
            m_status.pending =
                counts->value(OutboxStatus::Pending) + counts->value(OutboxStatus::InFlight);
            m_status.failed = counts->value(OutboxStatus::Failed);
            m_status.dead = counts->value(OutboxStatus::Dead);
        }
    }
    emit statusChanged(m_status);
}

void FhirSyncService::requestOutbox(const Principal &who)
{
    if (auto allowed =
            m_access.require(who, Permission::OutboxRead, QString(), QStringLiteral("outbox"));
        !allowed) {
        emit actionFailed(allowed.error().message);
        return;
    }
    auto commands = OutboxStore(m_cache->connection())
                        .list({OutboxStatus::Pending, OutboxStatus::InFlight, OutboxStatus::Failed,
                               OutboxStatus::Dead});
    QStringList conflicts;
    QSqlQuery query(m_cache->connection());
    if (query.exec(QStringLiteral("SELECT what FROM sync_conflicts ORDER BY id DESC LIMIT 200"))) {
        while (query.next())
            conflicts.append(query.value(0).toString());
    }
    emit outboxListed(commands.value_or(QList<OutboxCommand>()), conflicts);
}

void FhirSyncService::retryCommand(qint64 id, const Principal &who)
{
    if (auto done = m_outbox->retry(id, who); !done)
        emit actionFailed(done.error().message);
    requestOutbox(who);
}

void FhirSyncService::discardCommand(qint64 id, const Principal &who)
{
    if (auto done = m_outbox->discard(id, who); !done)
        emit actionFailed(done.error().message);
    requestOutbox(who);
}

} // namespace CareDesk
