// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/ingest/Importer.h"

#include "models/Clock.h"
#include "services/fhir/FhirMapper.h"
#include "services/fhir/FhirReader.h"
#include "services/hl7/AdtEvent.h"
#include "services/hl7/Hl7Message.h"
#include "services/ingest/AdtApplier.h"
#include "services/ingest/ReplyIntake.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/PatientStore.h"
#include "services/store/SqlCipherDriver.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

#include <optional>

Q_LOGGING_CATEGORY(lcImport, "caredesk.ingest.import", QtInfoMsg)

namespace CareDesk {

namespace {

Importer::Format detectFormat(const QByteArray &bytes, const QString &name)
{
    const QString suffix = QFileInfo(name).suffix().toLower();
    if (suffix == QLatin1String("ndjson") || suffix == QLatin1String("jsonl"))
        return Importer::Format::FhirNdjson;
    if (suffix == QLatin1String("json"))
        return Importer::Format::FhirJson;
    if (suffix == QLatin1String("hl7") || suffix == QLatin1String("er7") ||
        suffix == QLatin1String("txt"))
        return Importer::Format::Hl7v2;
    QByteArray head = bytes.left(64).trimmed();
    if (head.startsWith("\xEF\xBB\xBF"))
        head = head.mid(3);
    if (head.startsWith("MSH") || head.startsWith("FHS") || head.startsWith("BHS"))
        return Importer::Format::Hl7v2;
    return Importer::Format::FhirJson;
}

QString formatName(Importer::Format format)
{
    switch (format) {
    case Importer::Format::FhirNdjson:
        return QStringLiteral("FHIR NDJSON");
    case Importer::Format::Hl7v2:
        return QStringLiteral("HL7 v2");
    default:
        return QStringLiteral("FHIR JSON");
    }
}

} // namespace

void ImportSummary::add(const IntakeOutcome &outcome)
{
    if (outcome.duplicate) {
        duplicateReplies += 1;
        return;
    }
    replies += 1;
    triageItems += outcome.routing.action == RoutingOutcome::Action::Opened ? 1 : 0;
    repliesAttached += outcome.routing.action == RoutingOutcome::Action::Attached ||
                               outcome.routing.action == RoutingOutcome::Action::Raised
                           ? 1
                           : 0;
    itemsRaised += outcome.routing.action == RoutingOutcome::Action::Raised ? 1 : 0;
    adverseEvents += outcome.adverseEventId > 0 ? 1 : 0;
    optOuts += outcome.classification.optOut ? 1 : 0;
}

int ImportSummary::storedTotal() const
{
    int total = 0;
    for (int count : stored)
        total += count;
    return total;
}

QString ImportSummary::describe() const
{
    QStringList lines;
    lines.append(QStringLiteral("%1 (%2): %3 stored").arg(fileName, format).arg(storedTotal()));
    for (auto it = stored.cbegin(); it != stored.cend(); ++it)
        lines.append(QStringLiteral("  %1: %2").arg(it.key()).arg(it.value()));
    for (auto it = skipped.cbegin(); it != skipped.cend(); ++it)
        lines.append(QStringLiteral("  %1: %2 skipped (not used by CareDesk)")
                         .arg(it.key())
                         .arg(it.value()));
    lines.append(QStringLiteral("  patient replies: %1 new, %2 already received; triage items "
                                "opened: %3; opt-outs: %4")
                     .arg(replies)
                     .arg(duplicateReplies)
                     .arg(triageItems)
                     .arg(optOuts));
    if (repliesAttached > 0)
        lines.append(QStringLiteral("  replies added to open items: %1 (%2 raised the tier)")
                         .arg(repliesAttached)
                         .arg(itemsRaised));
    if (adverseEvents > 0)
        lines.append(QStringLiteral("  possible adverse events: %1").arg(adverseEvents));
    if (merges > 0)
        lines.append(QStringLiteral("  patient merges: %1").arg(merges));
    if (duplicateMessages > 0)
        lines.append(QStringLiteral("  HL7 messages already received: %1 (not applied again)")
                         .arg(duplicateMessages));
    return lines.join(u'\n');
}

Importer::Importer(std::shared_ptr<CacheDatabase> cache, AuditLog &audit,
                   const ReplyClassifier &classifier, const Clock &clock, TriageSettings settings,
                   AccessControl &access, Principal who)
    : m_cache(std::move(cache))
    , m_audit(audit)
    , m_classifier(classifier)
    , m_clock(clock)
    , m_settings(settings)
    , m_access(access)
    , m_who(std::move(who))
    , m_actor(m_who.user)
{}

Result<ImportSummary> Importer::importFile(const QString &path, const Progress &progress)
{
    // Only regular files: a device or a pipe has no size to check and may never end.
    if (const QFileInfo info(path); info.exists() && !info.isFile())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("%1: not a regular file, so it cannot be imported.").arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Code::NotFound,
                    QStringLiteral("%1: cannot be read (%2).").arg(path, file.errorString()));
    // Read at most one byte past the limit, whatever size the file claims.
    const QByteArray bytes = file.read(kMaxFileBytes + 1);
    if (bytes.size() > kMaxFileBytes)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("%1: larger than the 1 GiB import limit.").arg(path));
    return importBytes(bytes, path, Format::Detect, progress);
}

// A file read and parsed, before anything touches the cache.
struct Importer::ParsedFile {
    QString name;
    Format format = Format::Detect;
    QString sha;
    FhirReadResult fhir;
    QList<std::pair<Hl7Message, AdtMessageRead>> adt;
};

Result<Importer::ParsedFile> Importer::parse(const QByteArray &bytes, const QString &name,
                                             Format format)
{
    // data.import: bringing records in is as controlled as reading them.
    if (auto allowed = m_access.require(m_who, Permission::DataImport, QString(),
                                        QStringLiteral("file/%1").arg(QFileInfo(name).fileName()));
        !allowed)
        return std::unexpected(allowed.error());
    if (format == Format::Detect)
        format = detectFormat(bytes, name);
    ParsedFile parsed;
    parsed.name = name;
    parsed.format = format;
    parsed.sha =
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    auto failure = [&name](const Error &error) {
        return fail(error.code, QStringLiteral("%1: %2").arg(name, error.message));
    };
    if (bytes.trimmed().isEmpty())
        return failure({Error::Code::InvalidInput, QStringLiteral("the file is empty")});
    if (format == Format::Hl7v2) {
        const VoidResult read =
            forEachEr7Message(bytes, [&parsed](const Hl7Message &message) -> VoidResult {
                auto adt = readAdtMessage(message);
                if (!adt)
                    return std::unexpected(adt.error());
                parsed.adt.append({message, std::move(*adt)});
                return {};
            });
        if (!read)
            return failure(read.error());
    } else {
        auto fhir = readFhirJson(bytes, format == Format::FhirNdjson);
        if (!fhir)
            return failure(fhir.error());
        parsed.fhir = std::move(*fhir);
    }
    return parsed;
}

Result<ImportSummary> Importer::importBytes(const QByteArray &bytes, const QString &name,
                                            Format format, const Progress &progress)
{
    // Parse everything before touching the cache.
    auto parsed = parse(bytes, name, format);
    if (!parsed)
        return std::unexpected(parsed.error());

    QSqlDatabase db = m_cache->connection();
    // A bulk file keeps up to 256 MiB of pages for its transaction and gives them back after;
    // a small one (a reply, a few resources) keeps the connection's warm page cache, which
    // giving back would empty (the next import would read and decrypt every page again).
    constexpr qsizetype kBulkBytes = 4 * 1024 * 1024;
    std::optional<BulkPageCache> bulkCache;
    if (bytes.size() >= kBulkBytes)
        bulkCache.emplace(db);
    if (!db.transaction())
        return fail(Error::Code::Storage,
                    QStringLiteral("%1: the cache is busy (%2)").arg(name, db.lastError().text()));
    auto summary = apply(db, *parsed, progress);
    if (!summary) {
        db.rollback();
        return summary;
    }
    if (!db.commit()) {
        const QString why = db.lastError().text();
        db.rollback();
        return fail(Error::Code::Storage,
                    QStringLiteral("%1: committing the import: %2").arg(name, why));
    }
    qCInfo(lcImport) << "imported file sha256" << parsed->sha.left(16) << "records"
                     << summary->storedTotal() << "items" << summary->triageItems;
    if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
        return std::unexpected(checkpointed.error());
    return summary;
}

QList<Result<ImportSummary>> Importer::importBatch(const QList<BatchFile> &files)
{
    QList<Result<ImportSummary>> results;
    QList<std::optional<ParsedFile>> parsed;
    for (const BatchFile &file : files) {
        auto read = parse(file.bytes, file.name, Format::Detect);
        results.append(read ? Result<ImportSummary>(ImportSummary{})
                            : Result<ImportSummary>(std::unexpected(read.error())));
        parsed.append(read ? std::optional<ParsedFile>(std::move(*read)) : std::nullopt);
    }

    QSqlDatabase db = m_cache->connection();
    if (!db.transaction()) {
        const Error busy{Error::Code::Storage,
                         QStringLiteral("the cache is busy (%1)").arg(db.lastError().text())};
        for (qsizetype i = 0; i < results.size(); ++i) {
            if (parsed.at(i))
                results[i] =
                    fail(busy.code, files.at(i).name + QStringLiteral(": ") + busy.message);
        }
        return results;
    }
    // Each file in a savepoint of its own: a file that fails is undone alone.
    QSqlQuery savepoint(db);
    for (qsizetype i = 0; i < parsed.size(); ++i) {
        if (!parsed.at(i))
            continue;
        savepoint.exec(QStringLiteral("SAVEPOINT import_file"));
        results[i] = apply(db, *parsed[i], {});
        if (!results.at(i))
            savepoint.exec(QStringLiteral("ROLLBACK TO SAVEPOINT import_file"));
        savepoint.exec(QStringLiteral("RELEASE SAVEPOINT import_file"));
    }
    if (!db.commit()) {
        const QString why = db.lastError().text();
        db.rollback();
        for (qsizetype i = 0; i < results.size(); ++i) {
            if (parsed.at(i))
                results[i] = fail(
                    Error::Code::Storage,
                    QStringLiteral("%1: committing the import: %2").arg(files.at(i).name, why));
        }
        return results;
    }
    for (qsizetype i = 0; i < results.size(); ++i) {
        if (results.at(i))
            qCInfo(lcImport) << "imported file sha256" << parsed.at(i)->sha.left(16) << "records"
                             << results.at(i)->storedTotal() << "items"
                             << results.at(i)->triageItems << "(batch of" << files.size() << ")";
    }
    if (auto checkpointed = m_audit.checkpoint(); !checkpointed) {
        for (Result<ImportSummary> &result : results) {
            if (result)
                result = std::unexpected(checkpointed.error());
        }
    }
    return results;
}

Result<ImportSummary> Importer::apply(QSqlDatabase &db, ParsedFile &parsed,
                                      const Progress &progress)
{
    const QString &name = parsed.name;
    const Format format = parsed.format;
    const QString &sha = parsed.sha;
    const FhirReadResult &fhir = parsed.fhir;
    const QList<std::pair<Hl7Message, AdtMessageRead>> &adt = parsed.adt;
    ImportSummary summary;
    summary.fileName = QFileInfo(name).fileName();
    summary.format = formatName(format);
    auto abort = [&name](const Error &error) {
        return fail(error.code, QStringLiteral("%1: %2").arg(name, error.message));
    };

    PatientStore store(db, m_clock);
    const qint64 total = format == Format::Hl7v2 ? adt.size() : fhir.entries.size();
    qint64 done = 0;
    if (format == Format::Hl7v2) {
        AdtApplier applier(db, m_audit, m_clock, m_actor);
        for (const auto &[message, read] : std::as_const(adt)) {
            if (!read.isAdt) {
                summary.skipped[read.type] += 1;
                continue;
            }
            auto applied = applier.apply(message, read, QStringLiteral("file"));
            if (!applied)
                return abort({applied.error().code,
                              QStringLiteral("message %1 (%2): %3")
                                  .arg(message.index() + 1)
                                  .arg(read.groups.first().controlId, applied.error().message)});
            if (applied->duplicate) {
                summary.duplicateMessages += 1;
            } else {
                summary.stored[QStringLiteral("ADT^") + read.groups.first().triggerEvent] +=
                    int(read.groups.size());
                summary.merges += applied->merges;
            }
            if (progress && (++done % 50 == 0))
                progress(done, total);
        }
    } else {
        FhirMapper mapper(store, fhir.fullUrlTargets);
        for (const FhirEntry &entry : fhir.entries) {
            const QString type = entry.resource.value(QLatin1String("resourceType")).toString();
            std::optional<InboundReply> reply;
            auto mapped = mapper.apply(entry, reply);
            if (!mapped) {
                const QString where = entry.location.isEmpty() ? type : entry.location;
                return abort({mapped.error().code,
                              QStringLiteral("%1: %2").arg(where, mapped.error().message)});
            }
            if (*mapped == FhirMapper::Outcome::Skipped)
                summary.skipped[type] += 1;
            else
                summary.stored[type] += 1;
            if (reply) {
                auto taken =
                    takeReply(db, m_audit, m_classifier, m_clock, m_settings, m_actor, *reply);
                if (!taken)
                    return abort(taken.error());
                summary.add(*taken);
            }
            if (progress && (++done % 200 == 0))
                progress(done, total);
        }
    }

    QSqlQuery record(db);
    record.prepare(QStringLiteral("INSERT INTO imports (file_name, sha256, imported_at, counts) "
                                  "VALUES (?, ?, ?, ?)"));
    QJsonObject counts;
    for (auto it = summary.stored.cbegin(); it != summary.stored.cend(); ++it)
        counts.insert(it.key(), it.value());
    record.addBindValue(summary.fileName);
    record.addBindValue(sha);
    record.addBindValue(toStorageTime(m_clock.now()));
    record.addBindValue(QString::fromUtf8(QJsonDocument(counts).toJson(QJsonDocument::Compact)));
    if (!record.exec())
        return abort({Error::Code::Storage,
                      QStringLiteral("recording the import: %1").arg(record.lastError().text())});
    if (auto audited =
            m_audit.appendInTransaction(db, {m_actor, QStringLiteral("import"), QString(),
                                             QStringLiteral("file/sha256:%1").arg(sha.left(16))});
        !audited)
        return abort(audited.error());
    if (progress)
        progress(total, total);
    return summary;
}

} // namespace CareDesk
