// SPDX-License-Identifier: GPL-3.0-or-later
// The plaintext baseline for the import benchmark: the importer's store code (PatientStore,
// FhirMapper) and the cache's schema and session settings over Qt's stock QSQLITE driver and
// Debian's libsqlite3. This executable does not link libsqlcipher or CacheDatabase, so nothing
// here can reach production, and SQLCipher cannot stand in for SQLite by symbol interposition.
#include "bench/cache_import_harness.h"
#include "models/Clock.h"
#include "services/store/SqlCipherDriver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

#include <cstdio>

using namespace CareDesk;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // Figures only: the per-item log lines would cost time the workstation does not spend.
    QLoggingCategory::setFilterRules(QStringLiteral("caredesk.*.info=false"));
    QCommandLineParser parser;
    parser.addOption(
        {QStringLiteral("data"), QStringLiteral("Population folder."), QStringLiteral("dir")});
    parser.addOption({QStringLiteral("work"), QStringLiteral("Folder for the database."),
                      QStringLiteral("dir")});
    parser.process(app);
    const QString path =
        QDir(parser.value(QStringLiteral("work"))).filePath(QStringLiteral("plain-baseline.db"));
    QFile::remove(path);

    int status = 1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"));
        db.setDatabaseName(path);
        if (!db.open()) {
            std::fprintf(stderr, "cannot open %s\n", qPrintable(db.lastError().text()));
            return 1;
        }
        QSqlQuery probe(db);
        // Proof that this is plain SQLite: no cipher_version, and the file header is plain.
        const bool sqlcipher = probe.exec(QStringLiteral("PRAGMA cipher_version")) && probe.next();
        probe.exec(QStringLiteral("SELECT sqlite_version()"));
        probe.next();
        const QString version = probe.value(0).toString();
        probe.finish();
        if (sqlcipher) {
            std::fprintf(stderr, "QSQLITE answered PRAGMA cipher_version: not a plain baseline\n");
            return 1;
        }
        std::printf("engine plain-sqlite-%s\n", qPrintable(version));

        const QStringList pragmas = sqlCipherSessionPragmas(false);
        for (const QString &pragma : pragmas) {
            if (!probe.exec(pragma)) {
                std::fprintf(stderr, "%s\n", qPrintable(probe.lastError().text()));
                return 1;
            }
        }
        probe.finish();
        if (auto schema = Bench::applySchema(db); !schema) {
            std::fprintf(stderr, "%s\n", qPrintable(schema.error().message));
            return 1;
        }

        const TestClock clock(QDateTime(QDate(2026, 12, 3), QTime(9, 0), QTimeZone::utc()));
        auto times =
            Bench::importChunks(db, Bench::chunkFiles(parser.value(QStringLiteral("data"))), clock);
        if (!times) {
            std::fprintf(stderr, "%s\n", qPrintable(times.error().message));
        } else {
            Bench::printFigure("files", double(times->files));
            Bench::printFigure("resources", double(times->resources));
            Bench::printFigure("stored", double(times->stored));
            Bench::printFigure("read_seconds", times->readSeconds);
            Bench::printFigure("parse_seconds", times->parseSeconds);
            Bench::printFigure("store_seconds", times->storeSeconds);
            Bench::printFigure("import_seconds", times->totalSeconds());
            status = 0;
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QLatin1String(QSqlDatabase::defaultConnection));
    Bench::printFigure("file_bytes", double(QFileInfo(path).size()));
    return status;
}
