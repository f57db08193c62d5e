// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/store/KeyVault.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusInterface>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMessageAuthenticationCode>
#include <QThread>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcKeyVault, "caredesk.store.keyvault", QtInfoMsg)

namespace CareDesk {

namespace {

const QString kService = QStringLiteral("CareDesk");

KeyVault::State stateFor(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return KeyVault::State::Found;
    case QKeychain::EntryNotFound:
        return KeyVault::State::Missing;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return KeyVault::State::NoBackend;
    case QKeychain::AccessDeniedByUser:
        return KeyVault::State::Locked;
    case QKeychain::AccessDenied:
        return KeyVault::State::Denied;
    default:
        return KeyVault::State::Failed;
    }
}

// A QtKeychain job that also works from a worker thread. QtKeychain keeps one job queue for the
// process, in the thread that used it first (the main thread); a job made on a worker thread and
// destroyed there leaves that queue a dangling pointer. So such a job is moved to the main
// thread, started there, and deleted there once it has finished; the worker only waits.
template <typename Job> class OwnedJob
{
public:
    explicit OwnedJob(const QString &service)
        : m_job(new Job(service))
    {
        m_job->setAutoDelete(false);
        QCoreApplication *app = QCoreApplication::instance();
        m_elsewhere = app && QThread::currentThread() != app->thread();
        if (m_elsewhere)
            m_job->moveToThread(app->thread());
    }
    ~OwnedJob()
    {
        if (m_elsewhere)
            m_job->deleteLater();
        else
            delete m_job;
    }
    OwnedJob(const OwnedJob &) = delete;
    OwnedJob &operator=(const OwnedJob &) = delete;

    Job *operator->() const { return m_job; }

    // Runs the job to completion, or gives up after timeoutMs.
    bool run(int timeoutMs)
    {
        QEventLoop loop;
        bool finished = false;
        QObject::connect(m_job, &QKeychain::Job::finished, &loop, [&] {
            finished = true;
            loop.quit();
        });
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        if (m_elsewhere)
            QMetaObject::invokeMethod(m_job, &QKeychain::Job::start, Qt::QueuedConnection);
        else
            m_job->start();
        if (!finished)
            loop.exec();
        return finished;
    }

private:
    Job *m_job;
    bool m_elsewhere = false;
};

// QtKeychain reports a missing session bus or Secret Service only as "other error" with a
// message, so CareDesk asks D-Bus itself first and names the state precisely (case 22 A/B).
std::optional<KeyVault::Lookup> unreachableSecretService()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return KeyVault::Lookup{
            KeyVault::State::NoBackend, {}, QStringLiteral("there is no D-Bus session bus")};
    const QString service = QStringLiteral("org.freedesktop.secrets");
    QDBusConnectionInterface *registry = bus.interface();
    if (registry && registry->isServiceRegistered(service).value())
        return std::nullopt;
    const QDBusReply<QStringList> activatable =
        registry ? registry->activatableServiceNames() : QDBusReply<QStringList>();
    if (activatable.isValid() && activatable.value().contains(service))
        return std::nullopt;
    return KeyVault::Lookup{
        KeyVault::State::NoBackend, {}, QStringLiteral("no Secret Service provider is running")};
}

// A locked default collection makes QtKeychain answer "entry not found" or "access denied"
// once the unlock prompt fails. Asking the Secret Service tells the locked keyring apart, so
// the user is told to unlock it, not to restore a key that is still there.
bool defaultCollectionLocked()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    QDBusInterface service(QStringLiteral("org.freedesktop.secrets"),
                           QStringLiteral("/org/freedesktop/secrets"),
                           QStringLiteral("org.freedesktop.Secret.Service"), bus);
    const QDBusReply<QDBusObjectPath> alias =
        service.call(QStringLiteral("ReadAlias"), QStringLiteral("default"));
    if (!alias.isValid() || alias.value().path() == QLatin1String("/"))
        return false;
    QDBusInterface properties(QStringLiteral("org.freedesktop.secrets"), alias.value().path(),
                              QStringLiteral("org.freedesktop.DBus.Properties"), bus);
    const QDBusReply<QDBusVariant> locked =
        properties.call(QStringLiteral("Get"), QStringLiteral("org.freedesktop.Secret.Collection"),
                        QStringLiteral("Locked"));
    return locked.isValid() && locked.value().variant().toBool();
}

} // namespace

SystemKeyVault::SystemKeyVault(const QString &dataDir, int timeoutMs)
    : m_timeoutMs(timeoutMs)
{
    // One key per cache folder; the account name carries a digest of the path, not the path.
    // The folder's real path, so a symlink or "a/../b" reaches the same key, also before the
    // folder exists: the nearest existing ancestor is resolved and the rest appended.
    QString pending;
    QFileInfo existing(QDir::cleanPath(QFileInfo(dataDir).absoluteFilePath()));
    while (!existing.exists() && !existing.isRoot()) {
        pending = u'/' + existing.fileName() + pending;
        existing = QFileInfo(existing.absolutePath());
    }
    const QByteArray path = QDir::cleanPath(existing.canonicalFilePath() + pending).toUtf8();
    const QByteArray digest = QCryptographicHash::hash(path, QCryptographicHash::Sha256).toHex();
    m_account = QStringLiteral("cache-key-") + QString::fromLatin1(digest.left(16));
}

QString SystemKeyVault::accountName(Slot slot) const
{
    switch (slot) {
    case Slot::Pending:
        return m_account + QStringLiteral("-next");
    case Slot::AuditSigning:
        return m_account + QStringLiteral("-audit-signing");
    case Slot::AuditHead:
        return m_account + QStringLiteral("-audit-head");
    case Slot::Current:
        break;
    }
    return m_account;
}

KeyVault::Lookup SystemKeyVault::readKey(Slot slot)
{
    if (auto unreachable = unreachableSecretService()) {
        qCInfo(lcKeyVault) << "key lookup state" << int(unreachable->state);
        return *unreachable;
    }
    OwnedJob<QKeychain::ReadPasswordJob> job(kService);
    job->setKey(accountName(slot));
    if (!job.run(m_timeoutMs))
        return {State::Locked, {}, QStringLiteral("the keychain did not answer in time")};

    Lookup lookup;
    lookup.state = stateFor(job->error());
    lookup.detail = job->errorString();
    if ((lookup.state == State::Missing || lookup.state == State::Denied) &&
        defaultCollectionLocked()) {
        lookup.state = State::Locked;
        lookup.detail = QStringLiteral("the keyring is locked");
    }
    if (lookup.state == State::Found) {
        lookup.key = job->binaryData();
        if (lookup.key.size() != 32) {
            lookup.state = State::Failed;
            lookup.detail = QStringLiteral("the stored entry is not a 256-bit key");
            lookup.key.clear();
        }
    }
    qCInfo(lcKeyVault) << "key lookup state" << int(lookup.state);
    return lookup;
}

VoidResult SystemKeyVault::storeKey(const QByteArray &key, Slot slot)
{
    if (auto unreachable = unreachableSecretService())
        return std::unexpected(keychainError(unreachable->state, describe(), unreachable->detail));
    OwnedJob<QKeychain::WritePasswordJob> job(kService);
    job->setKey(accountName(slot));
    job->setBinaryData(key);
    if (!job.run(m_timeoutMs))
        return std::unexpected(
            keychainError(State::Locked, describe(), QStringLiteral("no answer in time")));
    if (job->error() != QKeychain::NoError) {
        if (defaultCollectionLocked())
            return std::unexpected(
                keychainError(State::Locked, describe(), QStringLiteral("the keyring is locked")));
        return std::unexpected(
            keychainError(stateFor(job->error()), describe(), job->errorString()));
    }
    return {};
}

VoidResult SystemKeyVault::removeKey(Slot slot)
{
    if (auto unreachable = unreachableSecretService())
        return std::unexpected(keychainError(unreachable->state, describe(), unreachable->detail));
    OwnedJob<QKeychain::DeletePasswordJob> job(kService);
    job->setKey(accountName(slot));
    if (!job.run(m_timeoutMs))
        return std::unexpected(
            keychainError(State::Locked, describe(), QStringLiteral("no answer in time")));
    if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound)
        return std::unexpected(
            keychainError(stateFor(job->error()), describe(), job->errorString()));
    return {};
}

QString SystemKeyVault::describe() const
{
    return QStringLiteral("the system keychain (Secret Service)");
}

FileKeyVault::FileKeyVault(const QString &keyFile)
    : m_path(QFileInfo(keyFile).absoluteFilePath())
{}

QString FileKeyVault::path(Slot slot) const
{
    switch (slot) {
    case Slot::Pending:
        return m_path + QStringLiteral(".next");
    case Slot::AuditSigning:
        return m_path + QStringLiteral(".audit-signing");
    case Slot::AuditHead:
        return m_path + QStringLiteral(".audit-head");
    case Slot::Current:
        break;
    }
    return m_path;
}

KeyVault::Lookup FileKeyVault::readKey(Slot slot)
{
    const QString file = path(slot);
    const QByteArray native = QFile::encodeName(file);
    struct stat info {
    };
    if (::lstat(native.constData(), &info) != 0)
        return {errno == ENOENT ? State::Missing : State::Failed,
                {},
                errno == ENOENT ? QString() : QString::fromLocal8Bit(std::strerror(errno))};
    if (!S_ISREG(info.st_mode))
        return {
            State::Denied, {}, QStringLiteral("the key file %1 is not a regular file").arg(file)};
    if (info.st_uid != ::geteuid())
        return {
            State::Denied, {}, QStringLiteral("the key file %1 belongs to another user").arg(file)};
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        return {State::Denied,
                {},
                QStringLiteral("the key file %1 can be read by other users (mode %2); make it "
                               "readable by its owner only (chmod 600)")
                    .arg(file)
                    .arg(info.st_mode & 07777, 4, 8, QLatin1Char('0'))};
    QFile handle(file);
    if (!handle.open(QIODevice::ReadOnly))
        return {State::Denied, {}, QStringLiteral("cannot read the key file %1").arg(file)};
    const QByteArray text = handle.read(256).trimmed();
    const QByteArray key = QByteArray::fromHex(text);
    if (text.size() != 64 || key.size() != 32 || key.toHex() != text.toLower())
        return {State::Failed,
                {},
                QStringLiteral("the key file %1 does not hold a 256-bit key as 64 hex digits")
                    .arg(file)};
    return {State::Found, key, QString()};
}

VoidResult FileKeyVault::storeKey(const QByteArray &key, Slot slot)
{
    // Written under a temporary name with owner-only permissions from the first byte, then
    // renamed into place, so no reader ever sees a half-written or readable-by-others key.
    const QString file = path(slot);
    const QString temporary = file + QStringLiteral(".writing");
    const QByteArray native = QFile::encodeName(temporary);
    ::unlink(native.constData());
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(Error::Code::KeychainDenied,
                    QStringLiteral("Cannot write the key file %1: %2")
                        .arg(temporary, QString::fromLocal8Bit(std::strerror(errno))));
    const QByteArray text = key.toHex() + '\n';
    const bool written =
        ::write(fd, text.constData(), size_t(text.size())) == text.size() && ::fsync(fd) == 0;
    ::close(fd);
    if (!written || std::rename(native.constData(), QFile::encodeName(file).constData()) != 0) {
        ::unlink(native.constData());
        return fail(Error::Code::KeychainDenied,
                    QStringLiteral("Cannot write the key file %1.").arg(file));
    }
    return {};
}

VoidResult FileKeyVault::removeKey(Slot slot)
{
    const QByteArray native = QFile::encodeName(path(slot));
    if (::unlink(native.constData()) != 0 && errno != ENOENT)
        return fail(Error::Code::KeychainDenied,
                    QStringLiteral("Cannot remove the key file %1.").arg(path(slot)));
    return {};
}

QString FileKeyVault::describe() const
{
    return QStringLiteral("the key file %1").arg(m_path);
}

Error FileKeyVault::failure(const Lookup &lookup) const
{
    if (lookup.state == State::Missing)
        return {Error::Code::KeychainEntryMissing,
                QStringLiteral("The encrypted cache exists but its key file %1 is missing. "
                               "CareDesk will not create a new key over an existing cache. Put "
                               "the key file back from your server's secret store, or restore "
                               "the cache from a CareDesk backup.")
                    .arg(m_path)};
    return {Error::Code::KeychainDenied,
            QStringLiteral("CareDesk will not use the key file: %1.").arg(lookup.detail)};
}

Error KeyVault::failure(const Lookup &lookup) const
{
    return keychainError(lookup.state, describe(), lookup.detail);
}

QString keyFingerprint(const QByteArray &key)
{
    return QString::fromLatin1(
        QMessageAuthenticationCode::hash(QByteArrayLiteral("caredesk key fingerprint v1"), key,
                                         QCryptographicHash::Sha256)
            .toHex()
            .left(24));
}

Error keychainError(KeyVault::State state, const QString &vaultName, const QString &detail)
{
    const QString suffix = detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(detail);
    switch (state) {
    case KeyVault::State::NoBackend:
        return {Error::Code::KeychainUnavailable,
                QStringLiteral("CareDesk cannot reach %1, where the key of its encrypted cache is "
                               "kept%2. Start a desktop session with a keyring (for example "
                               "GNOME Keyring or KWallet) and try again. CareDesk will not store "
                               "patient data without it.")
                    .arg(vaultName, suffix)};
    case KeyVault::State::Locked:
        return {Error::Code::KeychainLocked,
                QStringLiteral("%1 is locked or the unlock was cancelled%2. Unlock your keyring "
                               "and start CareDesk again.")
                    .arg(vaultName, suffix)};
    case KeyVault::State::Denied:
        return {Error::Code::KeychainDenied,
                QStringLiteral("%1 refused CareDesk access to its key%2. Allow CareDesk in the "
                               "keyring's access settings, or ask your IT administrator.")
                    .arg(vaultName, suffix)};
    case KeyVault::State::Missing:
        return {Error::Code::KeychainEntryMissing,
                QStringLiteral("The encrypted cache exists but its key is not in %1%2. CareDesk "
                               "will not create a new key over an existing cache. Restore the "
                               "keyring from its backup, or restore the cache from a CareDesk "
                               "backup.")
                    .arg(vaultName, suffix)};
    case KeyVault::State::Failed:
    case KeyVault::State::Found:
        break;
    }
    return {Error::Code::KeychainUnavailable,
            QStringLiteral("Reading the cache key from %1 failed%2. Try again; if it keeps "
                           "failing, ask your IT administrator.")
                .arg(vaultName, suffix)};
}

} // namespace CareDesk
