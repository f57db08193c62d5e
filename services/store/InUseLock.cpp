// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/store/InUseLock.h"

#include <QDir>
#include <QFile>
#include <QThread>

#include <cerrno>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace CareDesk {

namespace {

Result<int> openLockFile(const QString &dataDir)
{
    const QByteArray path = QFile::encodeName(QDir(dataDir).filePath(InUseLock::fileName()));
    const int fd = ::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return fail(Error::Code::Storage,
                    QStringLiteral("Cannot open the lock file in %1.").arg(dataDir));
    return fd;
}

Error othersHaveItOpen()
{
    return {Error::Code::Conflict,
            QStringLiteral("Another CareDesk window or process has this cache open. Close it "
                           "(and any caredesk-cli still running) and try again; nothing was "
                           "changed.")};
}

} // namespace

InUseLock::~InUseLock()
{
    if (m_fd >= 0)
        ::close(m_fd); // releases the lock
}

Result<std::unique_ptr<InUseLock>> InUseLock::shared(const QString &dataDir, int waitMs)
{
    auto fd = openLockFile(dataDir);
    if (!fd)
        return std::unexpected(fd.error());
    std::unique_ptr<InUseLock> lock(new InUseLock(*fd));
    for (int waited = 0;; waited += 100) {
        if (::flock(*fd, LOCK_SH | LOCK_NB) == 0)
            return lock;
        if (errno != EWOULDBLOCK && errno != EINTR)
            break;
        if (waited >= waitMs)
            return fail(Error::Code::Conflict,
                        QStringLiteral("A key rotation or restore has held the cache in %1 for "
                                       "two minutes; try again when it has finished.")
                            .arg(dataDir));
        QThread::msleep(100);
    }
    return fail(Error::Code::Storage,
                QStringLiteral("Cannot lock the cache folder %1.").arg(dataDir));
}

Result<std::unique_ptr<InUseLock>> InUseLock::exclusive(const QString &dataDir)
{
    auto fd = openLockFile(dataDir);
    if (!fd)
        return std::unexpected(fd.error());
    std::unique_ptr<InUseLock> lock(new InUseLock(*fd));
    if (::flock(*fd, LOCK_EX | LOCK_NB) != 0)
        return std::unexpected(othersHaveItOpen());
    return lock;
}

VoidResult InUseLock::makeExclusive()
{
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0)
        return std::unexpected(othersHaveItOpen());
    return {};
}

void InUseLock::makeShared()
{
    ::flock(m_fd, LOCK_SH);
}

} // namespace CareDesk
