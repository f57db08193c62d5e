// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench/cache_import_harness.h"

#include "models/Clock.h"
#include "services/fhir/FhirMapper.h"
#include "services/fhir/FhirReader.h"
#include "services/store/PatientStore.h"
#include "services/store/Schema.h"
#include "services/store/SqlCipherDriver.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <cstdio>

namespace CareDesk::Bench {

namespace {

VoidResult execOne(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return fail(Error::Code::Storage,
                    QStringLiteral("%1: %2").arg(sql.left(60), query.lastError().text()));
    return {};
}

// The store half of Importer::importBytes for FHIR NDJSON without replies: the same calls in
// the same order, inside one transaction.
VoidResult storeEntries(QSqlDatabase &db, const FhirReadResult &parsed, const Clock &clock,
                        const QString &name, const QByteArray &sha, ImportTimes &times)
{
    const BulkPageCache bulkCache(db); // as Importer does
    if (!db.transaction())
        return fail(Error::Code::Storage, db.lastError().text());
    PatientStore store(db, clock);
    FhirMapper mapper(store, parsed.fullUrlTargets);
    QJsonObject counts;
    for (const FhirEntry &entry : parsed.entries) {
        std::optional<InboundReply> reply;
        auto mapped = mapper.apply(entry, reply);
        if (!mapped) {
            db.rollback();
            return fail(
                mapped.error().code,
                QStringLiteral("%1 %2: %3").arg(name, entry.location, mapped.error().message));
        }
        if (*mapped == FhirMapper::Outcome::Stored) {
            ++times.stored;
            const QString type = entry.resource.value(QLatin1String("resourceType")).toString();
            counts.insert(type, counts.value(type).toInt() + 1);
        }
    }

    QSqlQuery record(db);
    record.prepare(QStringLiteral("INSERT INTO imports (file_name, sha256, imported_at, counts) "
                                  "VALUES (?, ?, ?, ?)"));
    record.addBindValue(QFileInfo(name).fileName());
    record.addBindValue(QString::fromLatin1(sha));
    record.addBindValue(toStorageTime(clock.now()));
    record.addBindValue(QString::fromUtf8(QJsonDocument(counts).toJson(QJsonDocument::Compact)));
    if (!record.exec() || !db.commit()) {
        const QString why =
            record.lastError().isValid() ? record.lastError().text() : db.lastError().text();
        db.rollback();
        return fail(Error::Code::Storage, QStringLiteral("%1: %2").arg(name, why));
    }
    return {};
}

} // namespace

QStringList chunkFiles(const QString &dataDir)
{
    const QDir dir(dataDir);
    QStringList files;
    const QStringList names =
        dir.entryList({QStringLiteral("chunk-*.ndjson")}, QDir::Files, QDir::Name);
    for (const QString &name : names)
        files.append(dir.filePath(name));
    return files;
}

Result<ImportTimes> importChunks(QSqlDatabase db, const QStringList &files, const Clock &clock)
{
    ImportTimes times;
    for (const QString &path : files) {
        QElapsedTimer timer;
        timer.start();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(Error::Code::NotFound, QStringLiteral("%1: cannot be read").arg(path));
        const QByteArray bytes = file.readAll();
        const QByteArray sha = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
        times.readSeconds += timer.nsecsElapsed() / 1e9;

        timer.restart();
        auto parsed = readFhirJson(bytes, true);
        if (!parsed)
            return fail(parsed.error().code,
                        QStringLiteral("%1: %2").arg(path, parsed.error().message));
        times.parseSeconds += timer.nsecsElapsed() / 1e9;
        times.resources += parsed->entries.size();

        timer.restart();
        if (auto stored = storeEntries(db, *parsed, clock, path, sha, times); !stored)
            return std::unexpected(stored.error());
        times.storeSeconds += timer.nsecsElapsed() / 1e9;
        ++times.files;
    }
    return times;
}

VoidResult applySchema(QSqlDatabase db)
{
    const auto &steps = schemaMigrations();
    for (qsizetype step = 0; step < steps.size(); ++step) {
        if (!db.transaction())
            return fail(Error::Code::Storage, db.lastError().text());
        for (const QString &statement : steps.at(step)) {
            if (auto ran = execOne(db, statement); !ran) {
                db.rollback();
                return ran;
            }
        }
        if (auto bumped = execOne(db, QStringLiteral("PRAGMA user_version = %1").arg(step + 1));
            !bumped || !db.commit()) {
            db.rollback();
            return fail(Error::Code::Storage, QStringLiteral("schema step %1").arg(step + 1));
        }
    }
    return {};
}

void printFigure(const char *name, double value)
{
    std::printf("%s %.6g\n", name, value);
    std::fflush(stdout);
}

} // namespace CareDesk::Bench
