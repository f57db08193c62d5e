// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Clock.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/security/RoleCatalogue.h"
#include "services/store/CacheDatabase.h"
#include "services/store/KeyVault.h"
#include "services/store/PatientStore.h"

#include <QDir>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

namespace CareDesk::Testing {

// A real encrypted cache in a folder under the build tree (never /tmp: the data may carry
// synthetic names), with a test clock and the audit trail.
inline QString testDataTemplate()
{
    QDir().mkpath(QStringLiteral(CAREDESK_BINARY_DIR "/test-data"));
    return QStringLiteral(CAREDESK_BINARY_DIR "/test-data/comms-XXXXXX");
}

struct CommsFixture {
    QTemporaryDir dir{testDataTemplate()};
    MemoryKeyVault vault;
    TestClock clock{QDateTime(QDate(2026, 3, 4), QTime(15, 0), QTimeZone::utc())};
    std::shared_ptr<CacheDatabase> cache;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<AccessControl> access;

    bool open()
    {
        if (!dir.isValid())
            return false;
        auto opened = CacheDatabase::open(dir.path(), vault);
        if (!opened) {
            qWarning("%s", qPrintable(opened.error().message));
            return false;
        }
        cache = *opened;
        audit = std::make_unique<AuditLog>(cache, clock);
        auto roles = RoleCatalogue::builtIn();
        if (!roles)
            return false;
        access = std::make_unique<AccessControl>(cache, *audit, std::move(*roles), clock);
        return true;
    }

    // A patient known by a FHIR id, with a zone, language, phone and email; returns the master.
    QString addPatient(const QString &fhirId, const QString &zone = QString(),
                       const QString &language = QStringLiteral("en"))
    {
        QSqlDatabase db = cache->connection();
        PatientStore store(db, clock);
        auto master = store.resolve({{QStringLiteral("Patient"), fhirId}});
        if (!master)
            return {};
        PatientIdentity identity;
        identity.given = QStringLiteral("Test");
        identity.family = QStringLiteral("Patient ") + fhirId;
        identity.phone = QStringLiteral("+1-555-0103");
        identity.language = language;
        store.updateIdentity(*master, identity);
        QSqlQuery query(db);
        query.prepare(
            QStringLiteral("UPDATE patients SET time_zone = ?, email = ? WHERE master_id = ?"));
        query.addBindValue(zone.isEmpty() ? QVariant() : QVariant(zone));
        query.addBindValue(QString(fhirId + QStringLiteral("@patients.example")));
        query.addBindValue(*master);
        query.exec();
        return *master;
    }

    qint64 count(const QString &sql) const
    {
        QSqlQuery query(cache->connection());
        if (!query.exec(sql) || !query.next())
            return -1;
        return query.value(0).toLongLong();
    }
};

inline QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toUTC();
}

} // namespace CareDesk::Testing
