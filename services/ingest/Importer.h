// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/triage/TriageService.h"

#include <QByteArray>
#include <QMap>
#include <QString>

#include <functional>
#include <memory>

namespace CareDesk {

class AccessControl;
class AuditLog;
class CacheDatabase;
class Clock;
class ReplyClassifier;

struct ImportSummary {
    QString fileName;
    QString format;             // "FHIR JSON", "FHIR NDJSON", "HL7 v2"
    QMap<QString, int> stored;  // per resource type or HL7 message type
    QMap<QString, int> skipped; // types CareDesk does not use
    int replies = 0;
    int duplicateReplies = 0;
    int triageItems = 0;
    int optOuts = 0;
    int merges = 0;
    int duplicateMessages = 0; // HL7 messages taken before (same sender, MSH-10 and content)

    int storedTotal() const;
    QString describe() const; // one line per kind, for the CLI and the status bar
};

// Imports one file into the cache as a single transaction: it is wholly applied, or, on any
// error, the cache is exactly as it was and the error names the file and the place.
class Importer
{
public:
    enum class Format { Detect, FhirJson, FhirNdjson, Hl7v2 };
    using Progress = std::function<void(qint64 done, qint64 total)>;

    Importer(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
             const ReplyClassifier &classifier, const Clock &clock, TriageSettings settings,
             AccessControl &access, Principal who);

    Result<ImportSummary> importFile(const QString &path, const Progress &progress = {});
    Result<ImportSummary> importBytes(const QByteArray &bytes, const QString &name, Format format,
                                      const Progress &progress = {});

    static constexpr qint64 kMaxFileBytes = qint64(1) << 30;

private:
    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    const ReplyClassifier &m_classifier;
    const Clock &m_clock;
    TriageSettings m_settings;
    AccessControl &m_access;
    Principal m_who;
    QString m_actor;
};

} // namespace CareDesk
