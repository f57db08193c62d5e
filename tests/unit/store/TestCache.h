// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Clock.h"
#include "services/ingest/Importer.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/security/RoleCatalogue.h"
#include "services/store/CacheDatabase.h"
#include "services/store/KeyVault.h"
#include "services/triage/ReplyClassifier.h"
#include "services/triage/TriageService.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

namespace CareDesk::Testing {

// Principals as the sign-in would issue them, one per role.
inline Principal nurse(const QString &user = QStringLiteral("nurse.test"))
{
    return {user, QStringLiteral("triage-nurse")};
}
inline Principal admin(const QString &user = QStringLiteral("admin"))
{
    return {user, QStringLiteral("administrator")};
}
inline Principal supervisor(const QString &user = QStringLiteral("supervisor"))
{
    return {user, QStringLiteral("supervisor")};
}
inline Principal coordinator(const QString &user = QStringLiteral("coordinator"))
{
    return {user, QStringLiteral("coordinator")};
}
inline Principal auditor(const QString &user = QStringLiteral("auditor"))
{
    return {user, QStringLiteral("auditor")};
}

// A real encrypted cache in a temporary folder, keyed from an in-memory vault.
struct TestCache {
    QTemporaryDir dir;
    MemoryKeyVault vault;
    TestClock clock{QDateTime(QDate(2026, 12, 3), QTime(9, 0), QTimeZone::utc())};
    std::shared_ptr<CacheDatabase> cache;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<AccessControl> access;

    bool open()
    {
        auto opened = CacheDatabase::open(dir.path(), vault);
        if (!opened) {
            qWarning("%s", qPrintable(opened.error().message));
            return false;
        }
        cache = *opened;
        audit = std::make_unique<AuditLog>(cache, clock, &vault);
        auto roles = RoleCatalogue::builtIn();
        if (!roles) {
            qWarning("%s", qPrintable(roles.error().message));
            return false;
        }
        access = std::make_unique<AccessControl>(cache, *audit, std::move(*roles), clock);
        return true;
    }

    qint64 count(const QString &table) const
    {
        QSqlQuery query(cache->connection());
        if (!query.exec(QStringLiteral("SELECT count(*) FROM ") + table) || !query.next())
            return -1;
        return query.value(0).toLongLong();
    }

    // Digest of every row of the tables that an import writes, to prove "exactly as before".
    QByteArray contentDigest() const
    {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        for (const char *table : {"patients", "patient_aliases", "records", "replies",
                                  "triage_items", "consent_events", "imports", "audit_log"}) {
            QSqlQuery query(cache->connection());
            query.exec(
                QStringLiteral("SELECT * FROM %1 ORDER BY 1, 2").arg(QString::fromLatin1(table)));
            while (query.next()) {
                for (int i = 0; i < query.record().count(); ++i)
                    hash.addData(QByteArray(query.value(i).toString().toUtf8() + "\x1f"));
            }
        }
        return hash.result();
    }
};

// A cache with the built-in classifier, the triage service and an importer over them.
struct TriageFixture : TestCache {
    std::unique_ptr<ReplyClassifier> classifier;
    std::unique_ptr<TriageService> triage;
    std::unique_ptr<Importer> importer;

    bool start()
    {
        auto built = ReplyClassifier::builtIn();
        if (!open() || !built)
            return false;
        classifier = std::make_unique<ReplyClassifier>(std::move(*built));
        triage = std::make_unique<TriageService>(cache, *audit, *access, clock);
        importer = makeImporter();
        return true;
    }

    std::unique_ptr<Importer> makeImporter(const Principal &who = principalForAutomation())
    {
        return std::make_unique<Importer>(cache, *audit, *classifier, clock, TriageSettings{},
                                          *access, who);
    }
};

inline QByteArray fileDigest(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

} // namespace CareDesk::Testing
