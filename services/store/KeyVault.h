// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

namespace CareDesk {

// Where the cache key lives. The state of the store is classified precisely, because only
// "entry missing on a machine with no cache" may ever lead to a new key.
class KeyVault
{
public:
    enum class State { Found, Missing, NoBackend, Locked, Denied, Failed };

    struct Lookup {
        State state = State::Failed;
        QByteArray key; // 32 raw bytes when Found
        QString detail; // the backend's own words, for the log and the error dialog; never the key
    };

    // Current opens the cache; Pending holds the next key while a rotation is under way, so
    // that an interrupted rotation never leaves a file whose key is nowhere.
    // AuditSigning holds the seed of the Ed25519 key that signs the audit checkpoint, and
    // AuditHead the newest checkpointed entry (sequence number and hash prefix): both outside the
    // cache, so neither an edited checkpoint nor a rolled-back cache can pass as genuine.
    enum class Slot { Current, Pending, AuditSigning, AuditHead };

    virtual ~KeyVault() = default;
    virtual Lookup readKey(Slot slot = Slot::Current) = 0;
    virtual VoidResult storeKey(const QByteArray &key, Slot slot = Slot::Current) = 0;
    virtual VoidResult removeKey(Slot slot) = 0; // removing an absent entry succeeds
    virtual QString describe() const = 0;        // "the Secret Service keychain", for messages
    // What the user is told about a lookup that did not find a usable key: what is wrong and
    // what to do, in this store's own terms.
    virtual Error failure(const Lookup &lookup) const;
};

// The OS keychain through QtKeychain (Secret Service on Linux). One entry per cache folder.
class SystemKeyVault : public KeyVault
{
public:
    explicit SystemKeyVault(const QString &dataDir, int timeoutMs = 60000);
    Lookup readKey(Slot slot = Slot::Current) override;
    VoidResult storeKey(const QByteArray &key, Slot slot = Slot::Current) override;
    VoidResult removeKey(Slot slot) override;
    QString describe() const override;

    QString accountName(Slot slot = Slot::Current) const;

private:
    QString m_account;
    int m_timeoutMs;
};

// Headless servers with no desktop keyring: the key is a file of 64 hex digits that only its
// owner can read (mode 0600 or 0400, owned by the user CareDesk runs as, a regular file and not
// a link). Its name is given by an option; the key itself never travels in an argument or an
// environment variable. The pending key of a rotation lives beside it as FILE.next.
class FileKeyVault : public KeyVault
{
public:
    explicit FileKeyVault(const QString &keyFile);
    Lookup readKey(Slot slot = Slot::Current) override;
    VoidResult storeKey(const QByteArray &key, Slot slot = Slot::Current) override;
    VoidResult removeKey(Slot slot) override;
    QString describe() const override;
    Error failure(const Lookup &lookup) const override;

    QString path(Slot slot = Slot::Current) const;

private:
    QString m_path;
};

// Keeps the key in memory only; for tests of the cache itself. Safe to use from several threads
// (the audit head is recorded from whichever thread wrote the entry).
class MemoryKeyVault : public KeyVault
{
public:
    explicit MemoryKeyVault(State state = State::Missing)
        : m_state(state)
    {}
    Lookup readKey(Slot slot = Slot::Current) override
    {
        const QMutexLocker locker(&m_mutex);
        if (slot == Slot::AuditSigning || slot == Slot::AuditHead) {
            const QByteArray value = m_audit.value(int(slot));
            return {value.isEmpty() ? State::Missing : State::Found, value, QString()};
        }
        if (slot == Slot::Pending)
            return {m_pending.isEmpty() ? State::Missing : State::Found, m_pending, QString()};
        return {m_state, m_key, QString()};
    }
    VoidResult storeKey(const QByteArray &key, Slot slot = Slot::Current) override
    {
        const QMutexLocker locker(&m_mutex);
        if (slot == Slot::AuditSigning || slot == Slot::AuditHead) {
            m_audit.insert(int(slot), key);
            return {};
        }
        if (slot == Slot::Pending) {
            m_pending = key;
            return {};
        }
        m_key = key;
        m_state = State::Found;
        return {};
    }
    VoidResult removeKey(Slot slot) override
    {
        const QMutexLocker locker(&m_mutex);
        if (slot == Slot::AuditSigning || slot == Slot::AuditHead) {
            m_audit.remove(int(slot));
            return {};
        }
        if (slot == Slot::Pending) {
            m_pending.clear();
        } else {
            m_key.clear();
            m_state = State::Missing;
        }
        return {};
    }
    QString describe() const override { return QStringLiteral("the in-memory test keychain"); }

private:
    State m_state;
    QByteArray m_key;
    QByteArray m_pending;
    QHash<int, QByteArray> m_audit;
    QMutex m_mutex;
};

// A short, non-secret name for a key (an HMAC of a fixed label under the key), kept beside the
// cache so CareDesk can tell "this is the right key but the file is damaged" from "the keychain
// holds some other key", and which key an interrupted rotation left the file under.
QString keyFingerprint(const QByteArray &key);

// A user-facing message (what is wrong, what to do) for a keychain state other than Found.
Error keychainError(KeyVault::State state, const QString &vaultName, const QString &detail);

} // namespace CareDesk
