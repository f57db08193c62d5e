// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/Hl7Feed.h"

#include "app/AppContext.h"
#include "services/hl7/Hl7Inbox.h"
#include "services/hl7/MllpListener.h"
#include "services/security/Principal.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

#include <algorithm>

namespace CareDesk {

namespace {

Result<QByteArray> readPem(const QString &path, const QString &what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(
            Error::Code::InvalidInput,
            QStringLiteral("Cannot read the %1 %2 (%3).").arg(what, path, file.errorString()));
    return file.readAll();
}

} // namespace

Result<Hl7InboxSettings> makeHl7InboxSettings(const Hl7FeedConfig &config)
{
    Hl7InboxSettings inbox;
    inbox.maxFrameBytes = std::clamp<qint64>(config.maxFrameBytes, 1024, 256 * 1024 * 1024);
    inbox.facility = config.facility.toUtf8();
    if (!config.defaultCharset.isEmpty()) {
        inbox.read.defaultCharset = hl7CharsetFromName(config.defaultCharset.toLatin1());
        if (!inbox.read.defaultCharset)
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("\"%1\" is not a character set CareDesk reads (UTF-8, "
                                       "8859/1 to 8859/9, 8859/15, KS X 1001).")
                            .arg(config.defaultCharset));
    }
    return inbox;
}

Result<std::unique_ptr<MllpListener>> makeMllpListener(AppContext &ctx, const Hl7FeedConfig &config,
                                                       QObject *parent)
{
    MllpListenerSettings listener;
    if (!listener.address.setAddress(config.bind))
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("\"%1\" is not an IP address to listen on.").arg(config.bind));
    listener.port = config.port;
    listener.maxFrameBytes = std::clamp<qint64>(config.maxFrameBytes, 1024, 256 * 1024 * 1024);
    listener.maxConnections = qBound(1, config.maxConnections, 10'000);

    if (!config.tlsCertificate.isEmpty() || !config.tlsKey.isEmpty()) {
        if (config.tlsCertificate.isEmpty() || config.tlsKey.isEmpty())
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("TLS needs both a certificate and its private key."));
        auto certificatePem = readPem(config.tlsCertificate, QStringLiteral("TLS certificate"));
        if (!certificatePem)
            return std::unexpected(certificatePem.error());
        auto keyPem = readPem(config.tlsKey, QStringLiteral("TLS private key"));
        if (!keyPem)
            return std::unexpected(keyPem.error());
        const QList<QSslCertificate> chain = QSslCertificate::fromData(*certificatePem, QSsl::Pem);
        QSslKey key(*keyPem, QSsl::Rsa, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(*keyPem, QSsl::Ec, QSsl::Pem);
        if (chain.isEmpty() || key.isNull())
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("The TLS certificate or key is not PEM this build can "
                                       "read."));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificateChain(chain);
        tls.setPrivateKey(key);
        tls.setProtocol(QSsl::TlsV1_2OrLater);
        if (!config.tlsClientCa.isEmpty()) {
            auto caPem = readPem(config.tlsClientCa, QStringLiteral("client CA file"));
            if (!caPem)
                return std::unexpected(caPem.error());
            const QList<QSslCertificate> authorities = QSslCertificate::fromData(*caPem, QSsl::Pem);
            if (authorities.isEmpty())
                return fail(Error::Code::InvalidInput,
                            QStringLiteral("The client CA file holds no PEM certificate."));
            tls.setCaCertificates(authorities);
            tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
        } else {
            tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        }
        listener.tls = tls;
    }

    auto inbox = makeHl7InboxSettings(config);
    if (!inbox)
        return std::unexpected(inbox.error());
    inbox->maxFrameBytes = listener.maxFrameBytes;
    return std::make_unique<MllpListener>(
        listener,
        std::make_unique<Hl7Inbox>(ctx.cache(), ctx.audit(), ctx.access(), ctx.clock(),
                                   principalForAutomation(), *inbox),
        parent);
}

} // namespace CareDesk
