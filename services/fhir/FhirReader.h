// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace CareDesk {

// One resource read from a file, with where it was found (for error messages) and the bundle's
// fullUrl, so "urn:uuid:..." references inside a transaction bundle can be resolved.
struct FhirEntry {
    QJsonObject resource;
    QString fullUrl;
    QString location; // "line 12" (NDJSON), "entry 3" (Bundle), "" (single resource)
};

struct FhirReadResult {
    QList<FhirEntry> entries;
    // fullUrl -> "Type/id", for resolving references within the file.
    QHash<QString, QString> fullUrlTargets;
    int emptyLines = 0;
    QStringList bundleTypes;
};

// Reads FHIR R4 JSON: a single resource, a Bundle of any type (nested bundles flattened), or
// bulk NDJSON (one resource per line). Garbage is rejected with the place named: "line 4,
// column 17: ..." for JSON, "line 9: ..." for NDJSON. Nothing is stored here.
Result<FhirReadResult> readFhirJson(const QByteArray &bytes, bool ndjson);

// "Patient/123", "urn:uuid:..." or an absolute URL ending in Type/id -> "Type/id"; empty if
// the reference names no resource (contained "#x", conditional "Type?identifier=...").
QString resolveReference(const QString &reference, const QHash<QString, QString> &fullUrlTargets);

} // namespace CareDesk
