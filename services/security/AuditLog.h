// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>

namespace CareDesk {

class CacheDatabase;
class Clock;
class KeyVault;

// What happened, by whom, to which patient (master ID only), never message text.
struct AuditRecord {
    AuditRecord() = default;
    AuditRecord(QString who, QString what, QString patient, QString target,
                QString result = QStringLiteral("success"), QString decided = QString())
        : actor(std::move(who))
        , action(std::move(what))
        , masterId(std::move(patient))
        , object(std::move(target))
        , outcome(std::move(result))
        , detail(std::move(decided))
    {}

    QString actor;
    QString action;   // "import", "view-item", "claim", "release", "resolve", "opt-out", ...
    QString masterId; // may be empty (an import touches many patients)
    QString object;   // "triage-item/12", "file/sha256:ab12..."
    QString outcome = QStringLiteral("success");
    QString detail; // codes and digests that pin down what was decided; never free text
};

struct AuditVerification {
    bool intact = false;
    qint64 entries = 0;
    QString problem; // first break found, naming the sequence number
};

// Append-only, hash-chained audit trail in the cache. Each entry's HMAC-SHA256 (under the
// trail's own key, kept inside the encrypted cache so a key rotation keeps it) covers its sequence
// number, fields and the previous hash, so an edited, deleted, reordered or relinked entry breaks
// the chain. The newest sequence number and hash are also checkpointed in a file beside the cache,
// so cutting entries off the end is detected too. Appends run inside the writer's transaction
// (BEGIN IMMEDIATE), so there is one linear chain even with several threads or processes.
//
// With a vault (the keychain, or the key file of a headless server) the checkpoint is also
// signed with an Ed25519 key whose seed lives only in that vault, and each checkpoint's sequence
// number and hash prefix are recorded there too. Someone who can read the cache (and so its
// audit key) still cannot forge a checkpoint, and rolling back the cache together with its
// checkpoint file is detected: the vault remembers a newer head.
class AuditLog
{
public:
    AuditLog(std::shared_ptr<CacheDatabase> cache, const Clock &clock, KeyVault *vault = nullptr);
    ~AuditLog();

    // Appends within the caller's open transaction on db. Call checkpoint() after commit.
    VoidResult appendInTransaction(QSqlDatabase &db, const AuditRecord &record);
    // Appends in a transaction of its own and checkpoints.
    VoidResult append(const AuditRecord &record);
    // Writes the current head to the checkpoint file (atomically).
    VoidResult checkpoint();

    // The whole chain and its checkpoint: nothing altered, reordered, removed or cut off.
    AuditVerification verify() const;
    // The chain alone (entries link and their HMACs hold), for a backup that has no checkpoint.
    AuditVerification verifyChain() const;
    // The same over any connection (a backup being checked), with the trail's key.
    static AuditVerification verifyChain(const QSqlDatabase &db, const QByteArray &key);
    // After a restore: the checkpoint starts again at the restored trail's head; the previous
    // checkpoint file is kept beside it.
    VoidResult restartCheckpoint();
    QString checkpointPath() const;

private:
    struct Checkpoint {
        qint64 seq = -1;
        QByteArray hash;
        bool authentic = false; // HMAC under the audit key holds
        bool signedOk = false;  // Ed25519 signature under the vault's key holds
    };
    void loadSigningKey();
    QString anchorProblem(qint64 entries) const;
    static QByteArray signedMessage(qint64 seq, const QByteArray &hash);
    std::optional<Checkpoint> readCheckpoint() const;
    VoidResult writeCheckpoint(qint64 seq, const QByteArray &hash);
    static QByteArray entryHash(const QByteArray &key, qint64 seq, const QString &at,
                                const AuditRecord &record, const QByteArray &prevHash);
    QByteArray checkpointMac(qint64 seq, const QByteArray &hash) const;

    std::shared_ptr<CacheDatabase> m_cache;
    const Clock &m_clock;
    KeyVault *m_vault = nullptr;
    QByteArray m_signingSeed;
    QByteArray m_publicKey;
    QString m_signingProblem;
    bool m_signingKeyMissing = false;
};

} // namespace CareDesk
