// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/security/AuditLog.h"

#include "models/Clock.h"
#include "services/security/CheckpointSigner.h"
#include "services/security/PasswordHash.h"
#include "services/store/CacheDatabase.h"
#include "services/store/KeyVault.h"
#include "services/store/SqlFailure.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMessageAuthenticationCode>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcAudit, "caredesk.security.audit", QtInfoMsg)

namespace CareDesk {

namespace {

const QByteArray kGenesis(64, '0');

// Length-prefixed fields, so no choice of field values can make two entries hash alike.
void addField(QByteArray &payload, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    payload += QByteArray::number(utf8.size()) + ':' + utf8 + ';';
}

} // namespace

AuditLog::AuditLog(std::shared_ptr<CacheDatabase> cache, const Clock &clock, KeyVault *vault)
    : m_cache(std::move(cache))
    , m_clock(clock)
    , m_vault(vault)
{
    if (m_vault)
        loadSigningKey();
    // A new, empty trail gets its genesis checkpoint (sequence 0); from then on the file must
    // always be there, so deleting it is never mistaken for a fresh start.
    QSqlQuery any(m_cache->connection());
    if (!readCheckpoint() && any.exec(QStringLiteral("SELECT 1 FROM audit_log LIMIT 1")) &&
        !any.next())
        writeCheckpoint(0, kGenesis);
}

AuditLog::~AuditLog()
{
    wipeSecret(m_signingSeed);
}

void AuditLog::loadSigningKey()
{
    const QString stored =
        m_cache->siteValue(QStringLiteral("audit-signing-public")).value_or(QString());
    const KeyVault::Lookup lookup = m_vault->readKey(KeyVault::Slot::AuditSigning);
    if (lookup.state == KeyVault::State::Found) {
        m_signingSeed = lookup.key;
        m_publicKey = CheckpointSigner::publicKey(m_signingSeed);
        if (stored.isEmpty())
            m_cache->setSiteValue(QStringLiteral("audit-signing-public"),
                                  QString::fromLatin1(m_publicKey.toHex()));
        else if (stored.toLatin1() != m_publicKey.toHex())
            m_signingProblem = QStringLiteral("The audit signing key in %1 is not the key that "
                                              "signed this trail's checkpoint.")
                                   .arg(m_vault->describe());
        return;
    }
    if (lookup.state != KeyVault::State::Missing) {
        m_signingProblem = QStringLiteral("The audit signing key cannot be read from %1: %2")
                               .arg(m_vault->describe(), lookup.detail);
        return;
    }
    if (!stored.isEmpty()) {
        m_signingKeyMissing = true;
        m_signingProblem = QStringLiteral("The audit signing key is missing from %1, so the "
                                          "checkpoint can be neither signed nor checked.")
                               .arg(m_vault->describe());
        return;
    }
    // First use: a new key for this trail, and the checkpoint as it stands signed with it.
    QByteArray seed = CheckpointSigner::newSeed();
    if (auto saved = m_vault->storeKey(seed, KeyVault::Slot::AuditSigning); !saved) {
        m_signingProblem = saved.error().message;
        wipeSecret(seed);
        return;
    }
    m_signingSeed = seed;
    m_publicKey = CheckpointSigner::publicKey(seed);
    wipeSecret(seed);
    m_cache->setSiteValue(QStringLiteral("audit-signing-public"),
                          QString::fromLatin1(m_publicKey.toHex()));
    if (const auto current = readCheckpoint(); current && current->authentic)
        writeCheckpoint(current->seq, current->hash);
}

QByteArray AuditLog::signedMessage(qint64 seq, const QByteArray &hash)
{
    return "caredesk audit head v2\n" + QByteArray::number(seq) + '\n' + hash;
}

QString AuditLog::anchorProblem(qint64 entries) const
{
    const KeyVault::Lookup anchor = m_vault->readKey(KeyVault::Slot::AuditHead);
    if (anchor.state != KeyVault::State::Found || anchor.key.size() != 32)
        return QStringLiteral("%1 holds no record of the audit trail's head.")
            .arg(m_vault->describe());
    qint64 seq = 0;
    for (int i = 0; i < 8; ++i)
        seq = (seq << 8) | uchar(anchor.key.at(i));
    if (seq > entries)
        return QStringLiteral("The cache and its checkpoint were rolled back: %1 recorded entry "
                              "%2, but the trail ends at entry %3.")
            .arg(m_vault->describe())
            .arg(seq)
            .arg(entries);
    if (seq == 0)
        return QString();
    QSqlQuery at(m_cache->connection());
    at.prepare(QStringLiteral("SELECT hash FROM audit_log WHERE seq = ?"));
    at.addBindValue(seq);
    if (!at.exec() || !at.next() ||
        QByteArray::fromHex(at.value(0).toString().toLatin1()).left(24) != anchor.key.mid(8))
        return QStringLiteral("Entry %1 is not the entry %2 recorded: the trail was rolled back "
                              "and written again.")
            .arg(seq)
            .arg(m_vault->describe());
    return QString();
}

QString AuditLog::checkpointPath() const
{
    return QDir(m_cache->dataDir()).filePath(QStringLiteral("audit-head"));
}

QByteArray AuditLog::entryHash(const QByteArray &key, qint64 seq, const QString &at,
                               const AuditRecord &record, const QByteArray &prevHash)
{
    QByteArray payload;
    addField(payload, QString::number(seq));
    addField(payload, at);
    addField(payload, record.actor);
    addField(payload, record.action);
    addField(payload, record.masterId);
    addField(payload, record.object);
    addField(payload, record.outcome);
    addField(payload, QString::fromLatin1(prevHash));
    // Added in schema 4; entries without a detail hash exactly as they did before.
    if (!record.detail.isEmpty())
        addField(payload, record.detail);
    return QMessageAuthenticationCode::hash(payload, key, QCryptographicHash::Sha256).toHex();
}

QByteArray AuditLog::checkpointMac(qint64 seq, const QByteArray &hash) const
{
    return QMessageAuthenticationCode::hash("head:" + QByteArray::number(seq) + ':' + hash,
                                            m_cache->auditKey(), QCryptographicHash::Sha256)
        .toHex();
}

VoidResult AuditLog::appendInTransaction(QSqlDatabase &db, const AuditRecord &record)
{
    QSqlQuery head(db);
    if (!head.exec(QStringLiteral("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")))
        return fail(Error::Code::Storage,
                    QStringLiteral("Reading the audit head: %1").arg(head.lastError().text()));
    qint64 seq = 1;
    QByteArray prevHash = kGenesis;
    if (head.next()) {
        seq = head.value(0).toLongLong() + 1;
        prevHash = head.value(1).toString().toLatin1();
    }
    head.finish();

    const QString at = toStorageTime(m_clock.now());
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO audit_log (seq, at, actor, action, master_id, "
                                  "object, outcome, prev_hash, hash, detail) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.addBindValue(seq);
    insert.addBindValue(at);
    insert.addBindValue(record.actor);
    insert.addBindValue(record.action);
    insert.addBindValue(record.masterId.isEmpty() ? QVariant() : QVariant(record.masterId));
    insert.addBindValue(record.object);
    insert.addBindValue(record.outcome);
    insert.addBindValue(QString::fromLatin1(prevHash));
    insert.addBindValue(
        QString::fromLatin1(entryHash(m_cache->auditKey(), seq, at, record, prevHash)));
    insert.addBindValue(record.detail.isEmpty() ? QVariant() : QVariant(record.detail));
    if (!insert.exec())
        return fail(Error::Code::Storage,
                    QStringLiteral("Writing the audit entry: %1").arg(insert.lastError().text()));
    return {};
}

VoidResult AuditLog::append(const AuditRecord &record)
{
    QSqlDatabase db = m_cache->connection();
    if (!db.transaction())
        return fail(Error::Code::Storage,
                    QStringLiteral("Starting an audit write: %1").arg(db.lastError().text()));
    if (auto appended = appendInTransaction(db, record); !appended) {
        db.rollback();
        return appended;
    }
    if (!db.commit()) {
        db.rollback();
        return fail(Error::Code::Storage, QStringLiteral("Committing the audit entry failed."));
    }
    return checkpoint();
}

std::optional<AuditLog::Checkpoint> AuditLog::readCheckpoint() const
{
    QFile file(checkpointPath());
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QList<QByteArray> parts = file.readAll().trimmed().split(' ');
    Checkpoint checkpoint;
    if (parts.size() == 3 || parts.size() == 4) {
        checkpoint.seq = parts.at(0).toLongLong();
        checkpoint.hash = parts.at(1);
        checkpoint.authentic = checkpointMac(checkpoint.seq, checkpoint.hash) == parts.at(2);
        checkpoint.signedOk =
            parts.size() == 4 &&
            CheckpointSigner::verify(m_publicKey, signedMessage(checkpoint.seq, checkpoint.hash),
                                     QByteArray::fromHex(parts.at(3)));
    }
    return checkpoint;
}

VoidResult AuditLog::writeCheckpoint(qint64 seq, const QByteArray &hash)
{
    QSaveFile file(checkpointPath());
    if (!file.open(QIODevice::WriteOnly))
        return fail(Error::Code::Storage, QStringLiteral("Cannot write the audit checkpoint."));
    QByteArray line = QByteArray::number(seq) + ' ' + hash + ' ' + checkpointMac(seq, hash);
    if (!m_signingSeed.isEmpty())
        line += ' ' + CheckpointSigner::sign(m_signingSeed, signedMessage(seq, hash)).toHex();
    file.write(line + '\n');
    if (!file.commit())
        return fail(Error::Code::Storage, QStringLiteral("Cannot save the audit checkpoint."));
    if (!m_vault)
        return {};
    if (m_signingSeed.isEmpty())
        return fail(Error::Code::Integrity,
                    QStringLiteral("The change was saved, but the audit checkpoint could not be "
                                   "signed: %1")
                        .arg(m_signingProblem));
    // The head also goes to the vault: after the file, so the vault never runs ahead of it.
    QByteArray anchor(8, '\0');
    for (int i = 7, shift = 0; i >= 0; --i, shift += 8)
        anchor[i] = char((quint64(seq) >> shift) & 0xff);
    anchor += QByteArray::fromHex(hash).left(24);
    if (auto stored = m_vault->storeKey(anchor, KeyVault::Slot::AuditHead); !stored)
        return fail(Error::Code::Integrity,
                    QStringLiteral("The change was saved, but the audit head could not be "
                                   "recorded in %1: %2")
                        .arg(m_vault->describe(), stored.error().message));
    return {};
}

VoidResult AuditLog::checkpoint()
{
    auto refuse = [](const QString &why) {
        return fail(Error::Code::Integrity,
                    QStringLiteral("The change was saved, but the audit trail's checkpoint was "
                                   "not advanced: %1. Run \"caredesk-cli audit verify\" and tell a "
                                   "supervisor.")
                        .arg(why));
    };
    QSqlQuery head(m_cache->connection());
    if (!head.exec(QStringLiteral("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")) ||
        !head.next())
        return {};
    const qint64 seq = head.value(0).toLongLong();
    const QByteArray hash = head.value(1).toString().toLatin1();
    head.finish();

    // The checkpoint is only ever moved forward from a checkpoint that still matches the log.
    // A missing, altered or overtaking one is evidence, so it is left as it is, for verify().
    const auto current = readCheckpoint();
    if (!current)
        return refuse(QStringLiteral("its file is missing"));
    if (!current->authentic)
        return refuse(QStringLiteral("its file was altered"));
    if (current->seq > seq)
        return {}; // another writer got further after our read; it wrote the newer head
    if (current->seq > 0) {
        QSqlQuery at(m_cache->connection());
        at.prepare(QStringLiteral("SELECT hash FROM audit_log WHERE seq = ?"));
        at.addBindValue(current->seq);
        if (!at.exec() || !at.next() || at.value(0).toString().toLatin1() != current->hash)
            return refuse(QStringLiteral("entry %1 no longer matches it").arg(current->seq));
    }
    return writeCheckpoint(seq, hash);
}

VoidResult AuditLog::restartCheckpoint()
{
    // Only a restore comes here: the trail is now the backup's, whose head is older than the
    // checkpoint. The old checkpoint is kept as evidence beside the new one.
    const QString path = checkpointPath();
    if (QFileInfo::exists(path)) {
        const QString kept = path + QStringLiteral(".before-restore-") +
                             m_clock.now().toUTC().toString(QStringLiteral("yyyyMMddHHmmss"));
        QFile::remove(kept);
        if (!QFile::rename(path, kept))
            return fail(Error::Code::Storage,
                        QStringLiteral("Cannot keep the old audit checkpoint as %1.").arg(kept));
    }
    // A restore on another machine: its vault has no signing key yet, so the restored trail gets
    // a new one (the restore itself is the authorised act that allows it).
    if (m_vault && m_signingKeyMissing) {
        QByteArray seed = CheckpointSigner::newSeed();
        if (auto saved = m_vault->storeKey(seed, KeyVault::Slot::AuditSigning); !saved)
            return saved;
        m_signingSeed = seed;
        wipeSecret(seed);
        m_publicKey = CheckpointSigner::publicKey(m_signingSeed);
        m_cache->setSiteValue(QStringLiteral("audit-signing-public"),
                              QString::fromLatin1(m_publicKey.toHex()));
        m_signingKeyMissing = false;
        m_signingProblem.clear();
    }
    QSqlQuery head(m_cache->connection());
    if (!head.exec(QStringLiteral("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")))
        return sqlFailure(QStringLiteral("Reading the audit trail's head"), head);
    if (!head.next())
        return writeCheckpoint(0, kGenesis);
    return writeCheckpoint(head.value(0).toLongLong(), head.value(1).toString().toLatin1());
}

AuditVerification AuditLog::verifyChain() const
{
    return verifyChain(m_cache->connection(), m_cache->auditKey());
}

AuditVerification AuditLog::verifyChain(const QSqlDatabase &db, const QByteArray &key)
{
    AuditVerification result;
    QSqlQuery rows(db);
    rows.setForwardOnly(true);
    if (!rows.exec(QStringLiteral("SELECT seq, at, actor, action, master_id, object, outcome, "
                                  "prev_hash, hash, detail FROM audit_log ORDER BY seq"))) {
        result.problem =
            QStringLiteral("The audit log cannot be read: %1").arg(rows.lastError().text());
        return result;
    }

    qint64 expectedSeq = 1;
    QByteArray prevHash = kGenesis;
    while (rows.next()) {
        const qint64 seq = rows.value(0).toLongLong();
        if (seq != expectedSeq) {
            result.problem = QStringLiteral("Entry %1 is missing (the next entry is %2).")
                                 .arg(expectedSeq)
                                 .arg(seq);
            return result;
        }
        const AuditRecord record{rows.value(2).toString(), rows.value(3).toString(),
                                 rows.value(4).toString(), rows.value(5).toString(),
                                 rows.value(6).toString(), rows.value(9).toString()};
        const QByteArray storedPrev = rows.value(7).toString().toLatin1();
        const QByteArray storedHash = rows.value(8).toString().toLatin1();
        if (storedPrev != prevHash) {
            result.problem =
                QStringLiteral("Entry %1 does not link to entry %2.").arg(seq).arg(seq - 1);
            return result;
        }
        if (entryHash(key, seq, rows.value(1).toString(), record, storedPrev) != storedHash) {
            result.problem = QStringLiteral("Entry %1 was altered after it was written.").arg(seq);
            return result;
        }
        prevHash = storedHash;
        ++expectedSeq;
        ++result.entries;
    }
    result.intact = true;
    return result;
}

AuditVerification AuditLog::verify() const
{
    AuditVerification result = verifyChain();
    if (!result.intact)
        return result;
    result.intact = false;

    const auto checkpoint = readCheckpoint();
    if (!checkpoint) {
        result.problem =
            QStringLiteral("The audit checkpoint file %1 is missing.").arg(checkpointPath());
        return result;
    }
    if (!checkpoint->authentic) {
        result.problem = QStringLiteral("The audit checkpoint file was altered.");
        return result;
    }
    if (m_vault) {
        if (!m_signingProblem.isEmpty()) {
            result.problem = m_signingProblem;
            return result;
        }
        if (!checkpoint->signedOk) {
            result.problem = QStringLiteral("The audit checkpoint is not signed with this site's "
                                            "audit key (kept in %1).")
                                 .arg(m_vault->describe());
            return result;
        }
    }
    const qint64 headSeq = checkpoint->seq;
    if (headSeq > result.entries) {
        result.problem = QStringLiteral("Entries %1 to %2 were removed from the end of the log.")
                             .arg(result.entries + 1)
                             .arg(headSeq);
        return result;
    }
    if (m_vault) {
        // The file and the cache agree; the vault says whether both were rolled back together.
        if (const QString anchored = anchorProblem(result.entries); !anchored.isEmpty()) {
            result.problem = anchored;
            return result;
        }
    }
    if (headSeq == 0) {
        result.intact = checkpoint->hash == kGenesis;
        if (!result.intact)
            result.problem = QStringLiteral("The audit checkpoint file was altered.");
        return result;
    }
    QSqlQuery at(m_cache->connection());
    at.prepare(QStringLiteral("SELECT hash FROM audit_log WHERE seq = ?"));
    at.addBindValue(headSeq);
    if (!at.exec() || !at.next() || at.value(0).toString().toLatin1() != checkpoint->hash) {
        result.problem = QStringLiteral("Entry %1 does not match the checkpoint.").arg(headSeq);
        return result;
    }
    result.intact = true;
    return result;
}

} // namespace CareDesk
