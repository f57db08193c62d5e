// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/comms/SmsGatewayClient.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

namespace CareDesk {

// An email ready for SMTP: the message is built here (RFC 5322 with MIME, UTF-8 in base64, the
// subject as an RFC 2047 encoded word when it is not ASCII).
struct OutgoingEmail {
    QString from; // "CareDesk <noreply@clinic.example>"
    QString to;   // the address
    QString subject;
    QString body;
    QString messageId; // "<key@host>": the same for every attempt, so a resend can be spotted
    QDateTime date;

    QByteArray toRfc5322() const;
    // The bare address inside "Name <address>", or the text as it is.
    static QString address(const QString &mailbox);
};

// Sends email through an SMTP server with libcurl (STARTTLS or implicit TLS, optional login),
// on a worker thread; the answer comes back on the thread that asked. SMTP has no look-up by
// message id, so a message whose fate is unknown after a crash goes to a person, not out again.
class SmtpMailer : public QObject
{
    Q_OBJECT
public:
    enum class Tls { None, StartTls, Implicit };
    struct Settings {
        QUrl server; // smtp://host:port (smtps:// for implicit TLS)
        Tls tls = Tls::StartTls;
        QString username;
        QByteArray password;
        QString caFile; // a CA bundle for a private server; empty: the system's
        int timeoutSeconds = 60;
    };

    explicit SmtpMailer(Settings settings, QObject *parent = nullptr);

    using Callback = std::function<void(const ChannelResult &)>;
    void send(const OutgoingEmail &email, Callback done);

    // The blocking transfer itself (runs on a worker thread).
    static ChannelResult transfer(const Settings &settings, const OutgoingEmail &email);

private:
    Settings m_settings;
};

} // namespace CareDesk
