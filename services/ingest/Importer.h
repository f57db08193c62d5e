// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/triage/TriageService.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>

namespace CareDesk {

class AccessControl;
class AuditLog;
class CacheDatabase;
class Clock;
class ReplyClassifier;
struct IntakeOutcome;

struct ImportSummary {
    QString fileName;
    QString format;             // "FHIR JSON", "FHIR NDJSON", "HL7 v2"
    QMap<QString, int> stored;  // per resource type or HL7 message type
    QMap<QString, int> skipped; // types CareDesk does not use
    int replies = 0;
    int duplicateReplies = 0;
    int triageItems = 0;     // items opened
    int repliesAttached = 0; // replies that joined the patient's open item
    int itemsRaised = 0;     // of those, replies that raised the item's tier
    int adverseEvents = 0;   // possible adverse events recorded
    int optOuts = 0;
    int merges = 0;
    int duplicateMessages = 0; // HL7 messages taken before (same sender, MSH-10 and content)

    void add(const IntakeOutcome &outcome); // counts one reply taken in
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

    // Several small files (replies arriving in a burst) in one transaction, each in a savepoint
    // of its own: each file is wholly applied or not at all, as with importBytes, and one that
    // fails leaves the others; one commit and one audit checkpoint for all (group commit). One
    // result per file, in order. Formats are detected.
    struct BatchFile {
        QByteArray bytes;
        QString name;
    };
    QList<Result<ImportSummary>> importBatch(const QList<BatchFile> &files);

    static constexpr qint64 kMaxFileBytes = qint64(1) << 30;

private:
    struct ParsedFile;
    // data.import for the importer's principal, then the file read and parsed.
    Result<ParsedFile> parse(const QByteArray &bytes, const QString &name, Format format);
    // Inside the caller's transaction; the caller rolls back on an error.
    Result<ImportSummary> apply(QSqlDatabase &db, ParsedFile &parsed, const Progress &progress);

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
