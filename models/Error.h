// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <expected>

namespace CareDesk {

// An error fit to show a user: a stable code for programs and a message for people.
struct Error {
    enum class Code {
        Unknown,
        InvalidInput,   // bad file, bad argument, bad reply
        NotFound,       // no such item, patient or file
        Conflict,       // item already claimed, stale version
        Storage,        // the encrypted cache failed
        WrongKey,       // the key does not open the cache
        NeedsMigration, // the cache opens only with older cipher settings
        NotEncrypted,   // the self-check found plaintext
        KeychainUnavailable,
        KeychainLocked,
        KeychainDenied,
        KeychainEntryMissing,
        Permission,
        Integrity, // audit chain or file integrity failed
        Damaged,   // the cache file is damaged or cut short (not a key problem)
    };

    Code code = Code::Unknown;
    QString message;

    static Error make(Code code, const QString &message) { return Error{code, message}; }
};

template <typename T> using Result = std::expected<T, Error>;

using VoidResult = std::expected<void, Error>;

inline std::unexpected<Error> fail(Error::Code code, const QString &message)
{
    return std::unexpected<Error>(Error{code, message});
}

} // namespace CareDesk
