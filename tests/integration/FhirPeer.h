// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

namespace CareDesk::Testing {

// The real FHIR server of the tests: tests/peers/fhir-peer.mjs (Medplum's router and in-memory
// repository) on Node 22 from tests/peers/node_modules, on 127.0.0.1 and a free port, for the
// life of this object. Requests here are blocking helpers for test set-up only.
class FhirPeer
{
public:
    ~FhirPeer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000))
                m_process.kill();
            m_process.waitForFinished(2000);
        }
    }

    bool start(const QStringList &extraArguments = {})
    {
        const QString peers = QStringLiteral(CAREDESK_SOURCE_DIR "/tests/peers");
        const QString node = peers + QStringLiteral("/node_modules/node/bin/node");
        if (!QFile::exists(node)) {
            qWarning("The FHIR test peer is not installed: run tests/peers/install.sh");
            return false;
        }
        m_dir = std::make_unique<QTemporaryDir>(QStringLiteral(CAREDESK_BINARY_DIR "/peer-XXXXXX"));
        const QString portFile = m_dir->filePath(QStringLiteral("port"));
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(node, QStringList{peers + QStringLiteral("/fhir-peer.mjs"),
                                          QStringLiteral("--port"), QStringLiteral("0"),
                                          QStringLiteral("--port-file"), portFile} +
                                  extraArguments);
        QElapsedTimer waited;
        waited.start();
        while (!QFile::exists(portFile) && waited.elapsed() < 30000) {
            if (m_process.state() == QProcess::NotRunning)
                return false;
            QTest::qWait(50);
        }
        QFile file(portFile);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        m_port = file.readAll().trimmed().toInt();
        return m_port > 0;
    }

    QUrl origin() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }
    QUrl base() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/fhir/R4/").arg(m_port)); }
    qint64 pid() const { return m_process.processId(); }

    struct Answer {
        int status = 0;
        QJsonObject json;
        QByteArray etag;
    };
    Answer request(const QByteArray &verb, const QString &path, const QJsonObject &body = {},
                   const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        const QUrl url = path.startsWith(QLatin1String("/$peer")) ? origin().resolved(QUrl(path))
                                                                  : base().resolved(QUrl(path));
        QNetworkRequest request(url);
        request.setRawHeader("Content-Type", "application/fhir+json");
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        QNetworkReply *reply = m_network.sendCustomRequest(
            request, verb, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson());
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        Answer answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                      QJsonDocument::fromJson(reply->readAll()).object(), reply->rawHeader("ETag")};
        reply->deleteLater();
        return answer;
    }
    QJsonObject create(const QJsonObject &resource)
    {
        return request("POST", resource.value(QLatin1String("resourceType")).toString(), resource)
            .json;
    }
    void configure(const QJsonObject &config)
    {
        request("POST", QStringLiteral("/$peer/config"), config);
    }

private:
    QProcess m_process;
    std::unique_ptr<QTemporaryDir> m_dir;
    QNetworkAccessManager m_network;
    int m_port = 0;
};

} // namespace CareDesk::Testing
