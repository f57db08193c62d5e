// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmarks of the encrypted cache as CareDesk runs it:
//   cache_bench import --data DIR --work DIR [--importer]
//       bulk import of the population's chunks into a new cache (through the same store code
//       as cache_bench_plain, or with --importer through Importer itself), then its replies
//       through Importer, which opens the triage items.
//   cache_bench open --cache FILE --key-file FILE
//       what the workstation does on startup: load the classifier, open the cache with its
//       key, read the triage queue and hand it to the queue model, with the file first
//       dropped from the page cache. Prints each phase and the peak resident memory.
// Figures are "name value" lines on stdout for bench/cache_bench.sh.
#include "bench/cache_import_harness.h"
#include "models/Clock.h"
#include "models/TriageQueueModel.h"
#include "services/ingest/Importer.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/security/RoleCatalogue.h"
#include "services/store/CacheDatabase.h"
#include "services/store/CipherPageCheck.h"
#include "services/triage/ReplyClassifier.h"
#include "services/triage/TriageService.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QTimeZone>

#include <sys/resource.h>

#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

using namespace CareDesk;

namespace {

const QDateTime kBenchNow(QDate(2026, 12, 3), QTime(9, 0), QTimeZone::utc());

int failWith(const QString &message)
{
    std::fprintf(stderr, "cache_bench: %s\n", qPrintable(message));
    return 1;
}

double peakResidentMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0; // Linux reports KiB
}

// Asks the kernel to forget the file's cached pages, so the open reads from disk.
void dropFromPageCache(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY);
    if (fd < 0)
        return;
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
}

int runImport(const QCommandLineParser &parser)
{
    const QDir work(parser.value(QStringLiteral("work")));
    const QDir data(parser.value(QStringLiteral("data")));
    work.mkpath(QStringLiteral("cache"));
    const QString path = work.filePath(QStringLiteral("cache/") + CacheDatabase::cacheFileName());
    const QByteArray key = CacheDatabase::newKey();
    // The throwaway key goes to a private file, not onto a command line.
    QFile keyFile(work.filePath(QStringLiteral("key.hex")));
    if (!keyFile.open(QIODevice::WriteOnly) ||
        !keyFile.setPermissions(QFile::ReadOwner | QFile::WriteOwner) ||
        keyFile.write(key.toHex()) != 64)
        return failWith(QStringLiteral("cannot write the key file"));
    keyFile.close();

    TestClock clock(kBenchNow);
    auto cache = CacheDatabase::openFile(path, key, true);
    if (!cache)
        return failWith(cache.error().message);
    AuditLog audit(*cache, clock);
    QSqlQuery probe((*cache)->connection());
    if (!probe.exec(QStringLiteral("PRAGMA cipher_version")) || !probe.next())
        return failWith(QStringLiteral("the cache connection is not SQLCipher"));
    const QString cipher = probe.value(0).toString();
    probe.exec(QStringLiteral("SELECT sqlite_version()"));
    probe.next();
    std::printf("engine sqlcipher-%s-sqlite-%s\n", qPrintable(cipher),
                qPrintable(probe.value(0).toString()));
    probe.finish();

    auto classifier = ReplyClassifier::builtIn();
    if (!classifier)
        return failWith(classifier.error().message);
    AccessControl access(*cache, audit, *RoleCatalogue::builtIn(), clock);
    Importer importer(*cache, audit, *classifier, clock, TriageSettings{}, access,
                      principalForAutomation());
    const QStringList files = Bench::chunkFiles(data.path());
    if (parser.isSet(QStringLiteral("importer"))) {
        // The production path end to end, audit entry and checkpoint per file included.
        QElapsedTimer timer;
        timer.start();
        qint64 stored = 0;
        for (const QString &file : files) {
            auto summary = importer.importFile(file);
            if (!summary)
                return failWith(summary.error().message);
            stored += summary->storedTotal();
        }
        Bench::printFigure("files", double(files.size()));
        Bench::printFigure("stored", double(stored));
        Bench::printFigure("import_seconds", timer.nsecsElapsed() / 1e9);
    } else {
        auto times = Bench::importChunks((*cache)->connection(), files, clock);
        if (!times)
            return failWith(times.error().message);
        Bench::printFigure("files", double(times->files));
        Bench::printFigure("resources", double(times->resources));
        Bench::printFigure("stored", double(times->stored));
        Bench::printFigure("read_seconds", times->readSeconds);
        Bench::printFigure("parse_seconds", times->parseSeconds);
        Bench::printFigure("store_seconds", times->storeSeconds);
        Bench::printFigure("import_seconds", times->totalSeconds());
    }

    // Replies open the triage items the startup benchmark reads; they need the full importer.
    QElapsedTimer timer;
    timer.start();
    auto replies = importer.importFile(data.filePath(QStringLiteral("replies.ndjson")));
    if (!replies)
        return failWith(replies.error().message);
    Bench::printFigure("replies_seconds", timer.nsecsElapsed() / 1e9);
    Bench::printFigure("triage_items", replies->triageItems);
    cache->reset();
    Bench::printFigure("file_bytes", double(QFileInfo(path).size()));
    return 0;
}

int runOpen(const QCommandLineParser &parser)
{
    const QString path = parser.value(QStringLiteral("cache"));
    QFile keyFile(parser.value(QStringLiteral("key-file")));
    if (!keyFile.open(QIODevice::ReadOnly))
        return failWith(QStringLiteral("cannot read the key file"));
    const QByteArray key = QByteArray::fromHex(keyFile.readAll().trimmed());
    Bench::printFigure("startup_rss_mib", peakResidentMiB());
    if (parser.isSet(QStringLiteral("phases"))) {
        // What the open is made of, each from a cold page cache: a keyed connection alone, and
        // the read of every page that checks each page's HMAC.
        dropFromPageCache(path);
        const QString name = QStringLiteral("cache-bench-phases");
        {
            QElapsedTimer timer;
            timer.start();
            auto db = openCipherConnection(name, path, key, CacheDatabase::kPageSize, false);
            if (!db)
                return failWith(db.error().message);
            Bench::printFigure("keyed_connection_seconds", timer.nsecsElapsed() / 1e9);
            dropFromPageCache(path);
            timer.restart();
            auto checked = CipherPageCheck::checkFile(path, key, CacheDatabase::kPageSize);
            if (!checked || !checked->intact())
                return failWith(QStringLiteral("the page check failed"));
            Bench::printFigure("page_check_seconds", timer.nsecsElapsed() / 1e9);
            // SQLCipher's own check for comparison: it decrypts every page and walks every
            // b-tree.
            dropFromPageCache(path);
            timer.restart();
            QSqlQuery check(*db);
            if (!check.exec(QStringLiteral("PRAGMA quick_check(1)")) || !check.next())
                return failWith(QStringLiteral("quick_check did not run"));
            Bench::printFigure("quick_check_seconds", timer.nsecsElapsed() / 1e9);
            check.finish();
            db->close();
        }
        QSqlDatabase::removeDatabase(name);
    }
    dropFromPageCache(path);
    dropFromPageCache(path + QStringLiteral("-wal"));

    QElapsedTimer total;
    total.start();
    QElapsedTimer phase;
    phase.start();
    auto classifier = ReplyClassifier::builtIn();
    if (!classifier)
        return failWith(classifier.error().message);
    Bench::printFigure("classifier_seconds", phase.nsecsElapsed() / 1e9);

    phase.restart();
    const TestClock clock(kBenchNow);
    // As the workstation opens: pages 1, 2 and the last checked now, the rest just after.
    auto cache = CacheDatabase::openFile(path, key, false, CacheDatabase::PageCheck::Sampled);
    if (!cache)
        return failWith(cache.error().message);
    AuditLog audit(*cache, clock);
    AccessControl access(*cache, audit, *RoleCatalogue::builtIn(), clock);
    TriageService triage(*cache, audit, access, clock);
    Bench::printFigure("open_seconds", phase.nsecsElapsed() / 1e9);

    phase.restart();
    auto items =
        triage.openItems(Principal{QStringLiteral("bench"), QStringLiteral("triage-nurse")});
    if (!items)
        return failWith(items.error().message);
    Bench::printFigure("queue_read_seconds", phase.nsecsElapsed() / 1e9);

    phase.restart();
    TriageQueueModel model;
    model.setNow(clock.now());
    model.setItems(*items);
    // What a view asks for to paint its first screenful.
    const int visible = std::min(model.rowCount(), 60);
    qsizetype characters = 0;
    for (int row = 0; row < visible; ++row) {
        for (int column = 0; column < model.columnCount(); ++column)
            characters += model.data(model.index(row, column)).toString().size();
    }
    Bench::printFigure("model_seconds", phase.nsecsElapsed() / 1e9);
    Bench::printFigure("cold_open_first_page_seconds", total.nsecsElapsed() / 1e9);
    // The workstation's background check of every page, which lets writes reach the file.
    phase.restart();
    if (auto verified = (*cache)->verifyAllPages(); !verified)
        return failWith(verified.error().message);
    Bench::printFigure("background_page_check_seconds", phase.nsecsElapsed() / 1e9);
    Bench::printFigure("all_pages_checked_seconds", total.nsecsElapsed() / 1e9);
    Bench::printFigure("open_items", double(model.rowCount()));
    Bench::printFigure("first_page_characters", double(characters));
    Bench::printFigure("peak_rss_mib", peakResidentMiB());
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // Figures only: the per-item log lines would cost time the workstation does not spend.
    QLoggingCategory::setFilterRules(QStringLiteral("caredesk.*.info=false"));
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("import or open"));
    parser.addOption(
        {QStringLiteral("data"), QStringLiteral("Population folder."), QStringLiteral("dir")});
    parser.addOption(
        {QStringLiteral("work"), QStringLiteral("Folder for the cache."), QStringLiteral("dir")});
    parser.addOption({QStringLiteral("importer"), QStringLiteral("Import through Importer.")});
    parser.addOption(
        {QStringLiteral("cache"), QStringLiteral("Cache file to open."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("key-file"), QStringLiteral("File with the key in hex."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("phases"),
                      QStringLiteral("Also time a bare keyed connection and the page check.")});
    parser.process(app);
    const QStringList args = parser.positionalArguments();
    const QString command = args.value(0);
    if (command == QLatin1String("import"))
        return runImport(parser);
    if (command == QLatin1String("open"))
        return runOpen(parser);
    return failWith(QStringLiteral("say import or open"));
}
