// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/fhir/FhirFailure.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace CareDesk {

class Clock;
class SmartBackendAuth;

// Where the FHIR server is and how far to trust it.
struct FhirEndpoint {
    QUrl base;                           // ends with '/', e.g. https://ehr.example/fhir/R4/
    QList<QSslCertificate> extraCaCerts; // a site's own CA, trusted besides the system's
    int timeoutMs = 30000;               // a request with no progress for this long is dropped
    qint64 skewWarningSeconds = 120;     // a server clock this far from ours is reported

    // base with exactly one trailing slash, so relative references resolve under it.
    static QUrl normalizedBase(const QUrl &url);
    // TLS 1.2 or newer, the peer's certificate always checked, plus the extra CAs.
    QSslConfiguration tlsConfiguration() const;
};

struct FhirResponse {
    int status = 0;
    QByteArray body;
    QJsonObject json;     // the parsed body when it is a JSON object
    QDateTime serverDate; // the server's Date header; invalid when absent
    QByteArray etag;      // W/"3"
    QByteArray location;
    QUrl url;
    std::optional<FhirFailure> failure; // empty on 2xx FHIR JSON
    bool ok() const { return !failure.has_value(); }
    // versionId from the ETag (W/"3" -> 3), else from meta.versionId.
    QString versionId() const;
};

// Asynchronous FHIR R4 REST over QNetworkAccessManager: JSON in and out, a bearer token from
// SMART Backend Services when configured, TLS checks, errors kept whole (FhirFailure), the
// server's clock watched for skew. Lives on one thread with its network access manager.
class FhirClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const FhirResponse &)>;
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    FhirClient(QNetworkAccessManager &network, FhirEndpoint endpoint, const Clock &clock,
               QObject *parent = nullptr);

    void setAuth(SmartBackendAuth *auth) { m_auth = auth; }
    const FhirEndpoint &endpoint() const { return m_endpoint; }
    QUrl base() const { return m_endpoint.base; }
    // A reference ("Patient/1", "Patient?x=1", "/path?q", absolute URL) resolved against base.
    QUrl resolve(const QString &reference) const;
    bool sameOrigin(const QUrl &url) const;

    // done is called on this object's thread once, unless context is gone by then.
    void send(const QByteArray &verb, const QUrl &url, const QByteArray &body,
              const Headers &headers, QObject *context, Callback done);
    void get(const QUrl &url, QObject *context, Callback done);

    // Seconds the local clock is ahead of the server's (negative: behind), from the last answer.
    qint64 lastSkewSeconds() const { return m_lastSkew; }
    QDateTime lastServerDate() const { return m_lastServerDate; }

signals:
    // The local clock differs from the server's by more than skewWarningSeconds.
    void clockSkewDetected(qint64 secondsAhead);
    // Any answer from the server (true) or none at all (false).
    void reachabilityChanged(bool reachable);

private:
    void dispatch(const QByteArray &verb, const QUrl &url, const QByteArray &body,
                  const Headers &headers, const QString &token, bool retriedAuth, QObject *context,
                  Callback done);
    FhirResponse readReply(QNetworkReply *reply);
    void noteReachable(bool reachable);

    QNetworkAccessManager &m_network;
    FhirEndpoint m_endpoint;
    const Clock &m_clock;
    SmartBackendAuth *m_auth = nullptr;
    qint64 m_lastSkew = 0;
    QDateTime m_lastServerDate;
    bool m_skewReported = false;
    std::optional<bool> m_reachable;
};

} // namespace CareDesk
