// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/comms/SmtpMailer.h"

#include <QFutureWatcher>
#include <QLocale>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>

#include <curl/curl.h>

#include <mutex>

Q_LOGGING_CATEGORY(lcSmtp, "caredesk.comms.email", QtInfoMsg)

namespace CareDesk {

namespace {

// RFC 2047: a header value that is not plain ASCII goes as =?UTF-8?B?...?= words, each short
// enough for a 76-character line.
QByteArray encodedHeader(const QString &text)
{
    bool ascii = true;
    for (const QChar c : text)
        ascii = ascii && c.unicode() >= 0x20 && c.unicode() < 0x7f;
    if (ascii)
        return text.toLatin1();
    QByteArray out;
    QString chunk;
    auto flush = [&] {
        if (chunk.isEmpty())
            return;
        if (!out.isEmpty())
            out += "\r\n ";
        out += "=?UTF-8?B?" + chunk.toUtf8().toBase64() + "?=";
        chunk.clear();
    };
    for (const QChar c : text) {
        // 39 bytes of UTF-8 make 52 characters of base64: with the markers and a header name
        // such as "Subject: ", the line stays within 78.
        if ((chunk + c).toUtf8().size() > 39)
            flush();
        chunk += c;
    }
    flush();
    return out;
}

QByteArray wrapped(const QByteArray &base64)
{
    QByteArray out;
    for (qsizetype i = 0; i < base64.size(); i += 76)
        out += base64.mid(i, 76) + "\r\n";
    return out;
}

struct Upload {
    QByteArray data;
    qsizetype offset = 0;
};

size_t readPayload(char *buffer, size_t size, size_t count, void *user)
{
    auto *upload = static_cast<Upload *>(user);
    const size_t room = size * count;
    const size_t left = size_t(upload->data.size() - upload->offset);
    const size_t chunk = std::min(room, left);
    memcpy(buffer, upload->data.constData() + upload->offset, chunk);
    upload->offset += qsizetype(chunk);
    return chunk;
}

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

} // namespace

QString OutgoingEmail::address(const QString &mailbox)
{
    static const QRegularExpression angle(QStringLiteral("<([^>]+)>"));
    const QRegularExpressionMatch match = angle.match(mailbox);
    return match.hasMatch() ? match.captured(1).trimmed() : mailbox.trimmed();
}

QByteArray OutgoingEmail::toRfc5322() const
{
    const QLocale c = QLocale::c();
    const QDateTime when = (date.isValid() ? date : QDateTime::currentDateTimeUtc()).toUTC();
    QByteArray out;
    out += "Date: " + c.toString(when, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss")).toLatin1() +
           " +0000\r\n";
    const QString fromName = from.section(u'<', 0, 0).trimmed();
    out += "From: " + (fromName.isEmpty() ? QByteArray() : encodedHeader(fromName) + ' ') + '<' +
           address(from).toUtf8() + ">\r\n";
    out += "To: <" + address(to).toUtf8() + ">\r\n";
    out += "Subject: " + encodedHeader(subject) + "\r\n";
    out += "Message-ID: " + messageId.toUtf8() + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=UTF-8\r\n";
    out += "Content-Transfer-Encoding: base64\r\n";
    out += "Auto-Submitted: auto-generated\r\n";
    out += "\r\n";
    QString text = body;
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(u'\n', QStringLiteral("\r\n"));
    out += wrapped(text.toUtf8().toBase64());
    return out;
}

SmtpMailer::SmtpMailer(Settings settings, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
{
    initCurlOnce();
}

ChannelResult SmtpMailer::transfer(const Settings &settings, const OutgoingEmail &email)
{
    ChannelResult result;
    CURL *curl = curl_easy_init();
    if (!curl) {
        result.kind = ChannelResult::Kind::Retry;
        result.error = QStringLiteral("The mail library could not start.");
        return result;
    }
    const QByteArray url = settings.server.toString().toUtf8();
    const QByteArray from = '<' + OutgoingEmail::address(email.from).toUtf8() + '>';
    const QByteArray to = '<' + OutgoingEmail::address(email.to).toUtf8() + '>';
    const QByteArray username = settings.username.toUtf8();
    const QByteArray caFile = settings.caFile.toLocal8Bit();
    curl_slist *recipients = curl_slist_append(nullptr, to.constData());
    Upload upload{email.toRfc5322(), 0};

    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readPayload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, long(settings.timeoutSeconds));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
    if (settings.tls != Tls::None) {
        curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
        curl_easy_setopt(curl, CURLOPT_SSLVERSION, long(CURL_SSLVERSION_TLSv1_2));
        if (!caFile.isEmpty())
            curl_easy_setopt(curl, CURLOPT_CAINFO, caFile.constData());
    }
    if (!username.isEmpty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, username.constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, settings.password.constData());
    }

    const CURLcode code = curl_easy_perform(curl);
    long response = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    // The payload held the patient's message: do not leave it in freed memory longer than needed.
    upload.data.fill('\0');

    result.detail = QJsonObject{{QStringLiteral("smtpCode"), int(response)},
                                {QStringLiteral("curlCode"), int(code)}};
    if (code == CURLE_OK) {
        result.kind = ChannelResult::Kind::Accepted;
        result.providerId = email.messageId;
        result.status = QStringLiteral("sent");
        result.found = true;
        return result;
    }
    // SMTP 5xx and a refused login or TLS are not going to get better by themselves; 4xx,
    // timeouts and connection faults might.
    const bool permanent = (response >= 500 && response < 600) || code == CURLE_LOGIN_DENIED ||
                           code == CURLE_USE_SSL_FAILED || code == CURLE_PEER_FAILED_VERIFICATION ||
                           code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL;
    result.kind = permanent ? ChannelResult::Kind::Permanent : ChannelResult::Kind::Retry;
    result.error = QStringLiteral("The mail server did not take the message: %1%2.")
                       .arg(QString::fromUtf8(curl_easy_strerror(code)),
                            response ? QStringLiteral(" (SMTP %1)").arg(response) : QString());
    return result;
}

void SmtpMailer::send(const OutgoingEmail &email, Callback done)
{
    auto *watcher = new QFutureWatcher<ChannelResult>(this);
    connect(watcher, &QFutureWatcher<ChannelResult>::finished, this, [watcher, done] {
        const ChannelResult result = watcher->result();
        watcher->deleteLater();
        if (result.kind != ChannelResult::Kind::Accepted)
            qCWarning(lcSmtp) << "email not taken:" << result.detail;
        done(result);
    });
    watcher->setFuture(QtConcurrent::run(&SmtpMailer::transfer, m_settings, email));
}

} // namespace CareDesk
