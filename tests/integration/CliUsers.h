// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace CareDesk::Testing {

// The users an administrator sets up on a new site, made through caredesk-cli itself: init with
// the first administrator, the administrator's second factor, then a triage nurse with theirs,
// and one user more for each of moreRoles (named after the role: "coordinator", "supervisor").
// Their credential files (owner-only) are written in secretsDir.
struct CliUsers {
    QString admin;
    QString nurse;
    QHash<QString, QString> byRole; // role -> credential file of the user made for it
    QString problem;                // empty when all were made

    static bool writeOwnerOnly(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
               file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) &&
               file.write(bytes) == bytes.size();
    }

    // cli: the caredesk-cli binary; site: --data-dir (and --key-file) arguments.
    static CliUsers make(const QString &cli, const QStringList &site, const QString &secretsDir,
                         const QStringList &moreRoles = {})
    {
        CliUsers users;
        QDir().mkpath(secretsDir);
        auto run = [&cli](const QStringList &args, QString *problem) {
            QProcess process;
            process.start(cli, args);
            process.waitForFinished(120000);
            if (process.exitCode() != 0 && problem)
                *problem = QString::fromUtf8(process.readAllStandardError());
            return process.exitCode() == 0;
        };
        const QDir dir(secretsDir);
        auto enrol = [&](const QString &user, const QByteArray &password) -> QString {
            const QString first = dir.filePath(user + QStringLiteral(".first"));
            const QString done = dir.filePath(user + QStringLiteral(".cred"));
            QFile::remove(done);
            if (!writeOwnerOnly(first, "user=" + user.toUtf8() + "\npassword=" + password + '\n'))
                return {};
            return run(site + QStringList{QStringLiteral("enroll"),
                                          QStringLiteral("--credential-file"), first,
                                          QStringLiteral("--new-credential-file"), done},
                       &users.problem)
                       ? done
                       : QString();
        };
        const QString adminPassword = dir.filePath(QStringLiteral("admin.pw"));
        const QString nursePassword = dir.filePath(QStringLiteral("nurse.pw"));
        if (!writeOwnerOnly(adminPassword, "admin-password-long\n") ||
            !writeOwnerOnly(nursePassword, "nurse-password-long\n")) {
            users.problem = QStringLiteral("cannot write the password files");
            return users;
        }
        if (!run(site + QStringList{QStringLiteral("init"), QStringLiteral("--admin"),
                                    QStringLiteral("admin"), QStringLiteral("--password-file"),
                                    adminPassword},
                 &users.problem))
            return users;
        users.admin = enrol(QStringLiteral("admin"), "admin-password-long");
        if (users.admin.isEmpty() ||
            !run(site + QStringList{QStringLiteral("--credential-file"), users.admin,
                                    QStringLiteral("user"), QStringLiteral("add"),
                                    QStringLiteral("nurse"), QStringLiteral("--role"),
                                    QStringLiteral("triage-nurse"),
                                    QStringLiteral("--password-file"), nursePassword},
                 &users.problem))
            return users;
        users.nurse = enrol(QStringLiteral("nurse"), "nurse-password-long");
        if (users.nurse.isEmpty())
            return users;
        for (const QString &role : moreRoles) {
            const QByteArray password = role.toUtf8() + "-password-long";
            const QString passwordFile = dir.filePath(role + QStringLiteral(".pw"));
            if (!writeOwnerOnly(passwordFile, password + '\n') ||
                !run(site + QStringList{QStringLiteral("--credential-file"), users.admin,
                                        QStringLiteral("user"), QStringLiteral("add"), role,
                                        QStringLiteral("--role"), role,
                                        QStringLiteral("--password-file"), passwordFile},
                     &users.problem))
                return users;
            const QString credentials = enrol(role, password);
            if (credentials.isEmpty())
                return users;
            users.byRole.insert(role, credentials);
        }
        return users;
    }
};

} // namespace CareDesk::Testing
