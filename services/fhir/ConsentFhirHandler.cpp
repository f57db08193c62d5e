// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/fhir/ConsentFhirHandler.h"

#include "services/fhir/FhirClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrlQuery>

Q_DECLARE_LOGGING_CATEGORY(lcFhirClient)

namespace CareDesk {

namespace {

const QString kIdentifierSystem = QStringLiteral("urn:caredesk:consent-event");

QString identifierToken(const OutboxCommand &command)
{
    return kIdentifierSystem + u'|' + command.payload.value(QLatin1String("identifier")).toString();
}

OutboxAttempt attemptFor(const FhirFailure &failure)
{
    using Kind = OutboxAttempt::Kind;
    const Kind kind =
        failure.kind == FhirFailure::Kind::Permanent || failure.kind == FhirFailure::Kind::Tls
            ? Kind::Permanent
            : Kind::Retry;
    return OutboxAttempt::failure(kind, failure.message(), failure.toJson(),
                                  failure.retryAfterSeconds);
}

} // namespace

ConsentFhirHandler::ConsentFhirHandler(FhirClient &client, qint64 sourceId, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_sourceId(sourceId)
{}

void ConsentFhirHandler::send(const OutboxCommand &command, AttemptCallback done)
{
    if (command.payload.value(QLatin1String("sourceId")).toInteger() != m_sourceId)
        return done(OutboxAttempt::failure(
            OutboxAttempt::Kind::Permanent,
            QStringLiteral("This consent was queued for another FHIR server than the one "
                           "configured now; retry it after switching back, or discard it.")));
    const QJsonObject consent = command.payload.value(QLatin1String("consent")).toObject();
    if (command.payload.value(QLatin1String("identifier")).toString().isEmpty() ||
        consent.isEmpty())
        return done(OutboxAttempt::failure(OutboxAttempt::Kind::Permanent,
                                           QStringLiteral("The consent command names no event.")));
    const QByteArray condition = "identifier=" + QUrl::toPercentEncoding(identifierToken(command));
    m_client.send(
        "POST", m_client.resolve(QStringLiteral("Consent")),
        QJsonDocument(consent).toJson(QJsonDocument::Compact), {{"If-None-Exist", condition}}, this,
        [done, id = command.id](const FhirResponse &response) {
            if (!response.ok())
                return done(attemptFor(*response.failure));
            // 201: made now; 200: the server already had it (a resend).
            const QString consentId = response.json.value(QLatin1String("id")).toString();
            qCInfo(lcFhirClient) << "consent command" << id << "is Consent" << consentId
                                 << (response.status == 201 ? "(created)" : "(existed)");
            done(OutboxAttempt::done({{QStringLiteral("consent"), consentId},
                                      {QStringLiteral("version"), response.versionId()},
                                      {QStringLiteral("created"), response.status == 201}}));
        });
}

void ConsentFhirHandler::reconcile(const OutboxCommand &command, ReconcileCallback done)
{
    if (command.payload.value(QLatin1String("sourceId")).toInteger() != m_sourceId)
        return done(Reconciliation::Unsupported, QString());
    QUrl search = m_client.resolve(QStringLiteral("Consent"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("identifier"), identifierToken(command));
    query.addQueryItem(QStringLiteral("_elements"), QStringLiteral("id"));
    search.setQuery(query);
    m_client.get(search, this, [done](const FhirResponse &response) {
        // Not known: sending is safe anyway, the create is conditional on the identifier.
        if (!response.ok())
            return done(Reconciliation::NotApplied, response.failure->message());
        const bool found = !response.json.value(QLatin1String("entry")).toArray().isEmpty();
        done(found ? Reconciliation::Applied : Reconciliation::NotApplied, QString());
    });
}

} // namespace CareDesk
