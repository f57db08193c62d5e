// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QByteArray>
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

    virtual ~KeyVault() = default;
    virtual Lookup readKey() = 0;
    virtual VoidResult storeKey(const QByteArray &key) = 0;
    virtual QString describe() const = 0; // "the Secret Service keychain", for messages
};

// The OS keychain through QtKeychain (Secret Service on Linux). One entry per cache folder.
class SystemKeyVault : public KeyVault
{
public:
    explicit SystemKeyVault(const QString &dataDir, int timeoutMs = 60000);
    Lookup readKey() override;
    VoidResult storeKey(const QByteArray &key) override;
    QString describe() const override;

    QString accountName() const { return m_account; }

private:
    QString m_account;
    int m_timeoutMs;
};

// Keeps the key in memory only; for tests of the cache itself.
class MemoryKeyVault : public KeyVault
{
public:
    explicit MemoryKeyVault(State state = State::Missing)
        : m_state(state)
    {}
    Lookup readKey() override { return {m_state, m_key, QString()}; }
    VoidResult storeKey(const QByteArray &key) override
    {
        m_key = key;
        m_state = State::Found;
        return {};
    }
    QString describe() const override { return QStringLiteral("the in-memory test keychain"); }

private:
    State m_state;
    QByteArray m_key;
};

// A user-facing message (what is wrong, what to do) for a keychain state other than Found.
Error keychainError(KeyVault::State state, const QString &vaultName, const QString &detail);

} // namespace CareDesk
