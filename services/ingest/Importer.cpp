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

Result<ImportSummary> Importer::importBytes(const QByteArray &bytes, const QString &name,
                                            Format format, const Progress &progress)
{
    // data.import: bringing records in is as controlled as reading them.
    if (auto allowed = m_access.require(m_who, Permission::DataImport, QString(),
                                        QStringLiteral("file/%1").arg(QFileInfo(name).fileName()));
        !allowed)
        return std::unexpected(allowed.error());
    if (format == Format::Detect)
        format = detectFormat(bytes, name);
    ImportSummary summary;
    summary.fileName = QFileInfo(name).fileName();
    summary.format = formatName(format);
    const QString sha =
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    auto failure = [&name](const Error &error) {
        return fail(error.code, QStringLiteral("%1: %2").arg(name, error.message));
    };

    // Parse everything before touching the cache.
    FhirReadResult fhir;
    QList<std::pair<Hl7Message, AdtMessageRead>> adt;
    if (bytes.trimmed().isEmpty())
        return failure({Error::Code::InvalidInput, QStringLiteral("the file is empty")});
    if (format == Format::Hl7v2) {
        const VoidResult parsed =
            forEachEr7Message(bytes, [&adt](const Hl7Message &message) -> VoidResult {
                auto read = readAdtMessage(message);
                if (!read)
                    return std::unexpected(read.error());
                adt.append({message, std::move(*read)});
                return {};
            });
        if (!parsed)
            return failure(parsed.error());
    } else {
        auto parsed = readFhirJson(bytes, format == Format::FhirNdjson);
        if (!parsed)
            return failure(parsed.error());
        fhir = std::move(*parsed);
    }

    QSqlDatabase db = m_cache->connection();
    const BulkPageCache bulkCache(db);
    if (!db.transaction())
        return failure({Error::Code::Storage,
                        QStringLiteral("the cache is busy (%1)").arg(db.lastError().text())});
    auto abort = [&db, &failure](const Error &error) {
        db.rollback();
        return failure(error);
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
                if (taken->duplicate) {
                    summary.duplicateReplies += 1;
                } else {
                    summary.replies += 1;
                    summary.triageItems += taken->triageItemId > 0 ? 1 : 0;
                    summary.optOuts += taken->classification.optOut ? 1 : 0;
                }
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
    if (!db.commit())
        return abort({Error::Code::Storage,
                      QStringLiteral("committing the import: %1").arg(db.lastError().text())});
    if (progress)
        progress(total, total);
    qCInfo(lcImport) << "imported file sha256" << sha.left(16) << "records" << summary.storedTotal()
                     << "items" << summary.triageItems;
    if (auto checkpointed = m_audit.checkpoint(); !checkpointed)
        return std::unexpected(checkpointed.error());
    return summary;
}

} // namespace CareDesk
