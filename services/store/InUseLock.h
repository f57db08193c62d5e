// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QString>

#include <memory>

namespace CareDesk {

// Every process with a cache open holds a shared lock on a file in its data folder for as long
// as it has it open; a key rotation or a restore needs the lock alone. The kernel drops the lock
// when a process dies, so a crash never leaves a folder locked.
class InUseLock
{
public:
    ~InUseLock();
    InUseLock(const InUseLock &) = delete;
    InUseLock &operator=(const InUseLock &) = delete;

    static QString fileName() { return QStringLiteral(".caredesk-in-use"); }

    // Shared: waits up to waitMs while a rotation or restore holds it alone.
    static Result<std::unique_ptr<InUseLock>> shared(const QString &dataDir, int waitMs = 120000);
    // Exclusive: fails at once, naming the reason, while anyone else has the cache open.
    static Result<std::unique_ptr<InUseLock>> exclusive(const QString &dataDir);

    // A shared holder becomes the only one, or learns that others have the cache open.
    VoidResult makeExclusive();
    void makeShared();

private:
    explicit InUseLock(int fd)
        : m_fd(fd)
    {}
    int m_fd = -1;
};

} // namespace CareDesk
