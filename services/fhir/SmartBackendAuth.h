// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/fhir/JwtSigner.h"

#include <QDeadlineTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace CareDesk {

class Clock;

struct SmartSettings {
    QUrl tokenUrl;     // the authorization server's token endpoint; empty: discovered
    QUrl discoveryUrl; // [base]/.well-known/smart-configuration, read when tokenUrl is empty
    QString clientId;  // as registered with the server
    QString scope = QStringLiteral("system/Patient.rs system/Communication.crus "
                                   "system/Task.crus system/AuditEvent.c system/*.rs");
    qint64 assertionLifetimeSeconds = 240; // SMART: at most five minutes
    qint64 refreshMarginSeconds = 60;      // a cached token is renewed this long before it ends
};

// SMART Backend Services (client_credentials with a private_key_jwt client assertion): signs
// an assertion with the site's RS384 or ES384 key, trades it for an access token, and keeps the
// token until shortly before it expires (on the monotonic clock, not the wall clock).
class SmartBackendAuth : public QObject
{
    Q_OBJECT
public:
    SmartBackendAuth(QNetworkAccessManager &network, SmartSettings settings, JsonWebKey key,
                     const Clock &clock, QSslConfiguration tls, QObject *parent = nullptr);

    // The signed client assertion: header {alg, kid, typ}, claims {iss, sub, aud, exp, jti} in
    // that order, as the SMART App Launch IG's examples are written.
    static Result<QByteArray> clientAssertion(const QString &clientId, const QString &audience,
                                              qint64 expiresAtEpoch, const QString &jti,
                                              const JsonWebKey &key);

    // The current token, fetched when none is cached or it is about to expire. Requests that
    // ask while one fetch runs share its answer.
    void accessToken(QObject *context, std::function<void(const Result<QString> &)> done);
    void invalidate();
    int tokensFetched() const { return m_fetched; }

private:
    void fetch();
    void discover();
    void finish(const Result<QString> &token);

    QNetworkAccessManager &m_network;
    SmartSettings m_settings;
    JsonWebKey m_key;
    const Clock &m_clock;
    QSslConfiguration m_tls;
    QString m_token;
    QDeadlineTimer m_validUntil;
    bool m_fetching = false;
    int m_fetched = 0;
    QList<QPair<QPointer<QObject>, std::function<void(const Result<QString> &)>>> m_waiting;
};

} // namespace CareDesk
