// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QBuffer>
#include <QHash>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace CareDesk::Testing {

// A scripted network for what a real server will not do on demand (case 09's exact URLs and
// cycles, 429/503 with Retry-After, gateway pages): each request URL maps to a canned answer.
// Unknown URLs answer 404. Every requested URL is recorded as it went out, byte for byte.
class FakeNetwork : public QNetworkAccessManager
{
public:
    struct Answer {
        int status = 200;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
    };

    void answer(const QByteArray &url, Answer reply) { m_answers.insert(url, std::move(reply)); }
    QList<QByteArray> requested;

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override;

private:
    QHash<QByteArray, Answer> m_answers;
};

class FakeReply : public QNetworkReply
{
public:
    FakeReply(const QNetworkRequest &request, const FakeNetwork::Answer &answer, QObject *parent)
        : QNetworkReply(parent)
        , m_body(answer.body)
    {
        setRequest(request);
        setUrl(request.url());
        setOperation(QNetworkAccessManager::GetOperation);
        setAttribute(QNetworkRequest::HttpStatusCodeAttribute, answer.status);
        for (const auto &[name, value] : answer.headers) {
            setRawHeader(name, value);
            if (name.compare("Content-Type", Qt::CaseInsensitive) == 0)
                setHeader(QNetworkRequest::ContentTypeHeader, value);
        }
        if (answer.status >= 400)
            setError(answer.status == 404 ? ContentNotFoundError : UnknownServerError,
                     QStringLiteral("HTTP %1").arg(answer.status));
        open(QIODevice::ReadOnly);
        QTimer::singleShot(0, this, [this] {
            emit metaDataChanged();
            emit readyRead();
            emit finished();
        });
    }
    void abort() override {}
    qint64 bytesAvailable() const override
    {
        return m_body.size() - m_offset + QIODevice::bytesAvailable();
    }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 count = qMin(maxSize, qint64(m_body.size()) - m_offset);
        memcpy(data, m_body.constData() + m_offset, size_t(count));
        m_offset += count;
        return count;
    }

private:
    QByteArray m_body;
    qint64 m_offset = 0;
};

inline QNetworkReply *FakeNetwork::createRequest(Operation operation,
                                                 const QNetworkRequest &request,
                                                 QIODevice *outgoingData)
{
    Q_UNUSED(operation);
    Q_UNUSED(outgoingData);
    const QByteArray url = request.url().toEncoded();
    requested.append(url);
    const Answer answer = m_answers.value(url, Answer{404, QByteArray(), {}});
    return new FakeReply(request, answer, this);
}

} // namespace CareDesk::Testing
