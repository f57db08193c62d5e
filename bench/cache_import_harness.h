// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QSqlDatabase>
#include <QStringList>

namespace CareDesk {
class Clock;
}

namespace CareDesk::Bench {

// Where the time of a bulk import went. Reading and parsing do not touch the database, so they
// cost the same on either engine; storing is what encryption can slow down.
struct ImportTimes {
    qint64 files = 0;
    qint64 resources = 0;
    qint64 stored = 0;
    double readSeconds = 0;
    double parseSeconds = 0;
    double storeSeconds = 0;

    double totalSeconds() const { return readSeconds + parseSeconds + storeSeconds; }
};

// The population's chunk files in import order.
QStringList chunkFiles(const QString &dataDir);

// Imports each file as the importer does (parse first, then one transaction per file through
// PatientStore and FhirMapper, and a row in "imports"), over whatever connection it is given.
Result<ImportTimes> importChunks(QSqlDatabase db, const QStringList &files, const Clock &clock);

// Brings a database without CacheDatabase (the plain baseline) to the cache's schema with the
// same migration statements, one transaction per step.
VoidResult applySchema(QSqlDatabase db);

// Prints "name value" lines that bench/cache_bench.sh reads.
void printFigure(const char *name, double value);

} // namespace CareDesk::Bench
