// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/security/CredentialFile.h"

#include "services/maintenance/CacheMaintenance.h"
#include "services/security/PasswordHash.h"
#include "services/security/Totp.h"

#include <QList>

namespace CareDesk {

Credentials::~Credentials()
{
    wipeSecret(password);
    wipeSecret(totpSecret);
}

Result<Credentials> readCredentialFile(const QString &path)
{
    auto text = readOwnerOnlySecret(path, QStringLiteral("credential"));
    if (!text)
        return std::unexpected(text.error());
    Credentials credentials;
    for (const QByteArray &line : text->split('\n')) {
        const QByteArray trimmed = line.endsWith('\r') ? line.chopped(1) : line;
        const qsizetype eq = trimmed.indexOf('=');
        if (trimmed.isEmpty() || trimmed.startsWith('#'))
            continue;
        if (eq < 0)
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("The credential file %1 has a line without \"=\"; it "
                                       "needs user=, password= and totp-secret= lines.")
                            .arg(path));
        const QByteArray key = trimmed.left(eq).trimmed();
        const QByteArray value = trimmed.mid(eq + 1);
        if (key == "user") {
            credentials.user = QString::fromUtf8(value.trimmed());
        } else if (key == "password") {
            credentials.password = value;
        } else if (key == "totp-secret") {
            auto secret = Totp::fromBase32(QString::fromLatin1(value.trimmed()));
            if (!secret)
                return fail(Error::Code::InvalidInput,
                            QStringLiteral("The totp-secret in %1 is not base 32.").arg(path));
            credentials.totpSecret = *secret;
        } else {
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("The credential file %1 has an unknown key \"%2\".")
                            .arg(path, QString::fromUtf8(key.left(40))));
        }
    }
    QByteArray wipe = *text;
    wipeSecret(wipe);
    if (credentials.user.isEmpty() || credentials.password.isEmpty())
        return fail(
            Error::Code::InvalidInput,
            QStringLiteral("The credential file %1 needs user= and password= lines.").arg(path));
    return credentials;
}

} // namespace CareDesk
