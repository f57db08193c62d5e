// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/security/Principal.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace CareDesk {

class AccessControl;
class AuditLog;
class CacheDatabase;
class Clock;
class KeyVault;

// Reads a secret (a key or a backup passphrase) from a file only its owner can read: a regular
// file, not a link, owned by the user CareDesk runs as, with no group or other permissions.
// Secrets never come from arguments or environment variables, where other users can see them.
Result<QByteArray> readOwnerOnlySecret(const QString &path, const QString &what);

// What a backup holds, as checked after writing it or before restoring it.
struct BackupReport {
    QString file;
    qint64 bytes = 0;
    qint64 rows = 0; // over every table
    qint64 auditEntries = 0;
    int schemaVersion = 0;
    QString sha256; // of the backup file
    QString describe() const;
};

// An administrator's work on the encrypted cache: key rotation, backup and restore.
class CacheMaintenance
{
public:
    static constexpr int kMinPassphraseBytes = 12;

    // rotateKey() and backup() need cache.maintain (AccessControl).
    CacheMaintenance(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, AccessControl &access,
                     Principal who);

    // Puts a new key in the vault's pending slot, re-encrypts the file under it, proves the
    // file reopens with it, then makes it current. Until that proof the old key stays current;
    // an interruption at any point leaves a file that one of the two keys opens, and the next
    // open finishes or abandons the rotation (CacheDatabase::open). Audited.
    Result<QString> rotateKey(KeyVault &vault);

    // Writes an encrypted copy of the cache to target (which must not exist) under a key
    // derived from passphrase with scrypt; verified by reopening it before it is given its
    // name. Audited.
    Result<BackupReport> backup(const QString &target, const QByteArray &passphrase);

    // Opens a backup with its passphrase and checks every page, the row counts and the audit
    // chain inside it. Changes nothing.
    static Result<BackupReport> inspectBackup(const QString &file, const QByteArray &passphrase);

    // Replaces the cache in dataDir with a verified backup. The backup is checked first, so a
    // bad backup never replaces anything; the previous cache file (damaged or not) is kept
    // beside the restored one. The audit checkpoint starts again at the backup's head (the
    // old one is kept) and the restore is audited.
    static Result<BackupReport> restore(const QString &dataDir, KeyVault &vault,
                                        const QString &file, const QByteArray &passphrase,
                                        const QString &actor, const Clock &clock);

private:
    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    AccessControl &m_access;
    Principal m_who;
    QString m_actor;
};

} // namespace CareDesk
