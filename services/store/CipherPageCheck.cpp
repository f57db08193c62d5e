// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/store/CipherPageCheck.h"

#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <atomic>
#include <fcntl.h>
#include <memory>
#include <thread>
#include <unistd.h>
#include <vector>

namespace CareDesk {

namespace {

constexpr int kSaltBytes = 16;
constexpr int kIvBytes = 16;
constexpr int kHmacBytes = 20;
constexpr unsigned char kHmacSaltMask = 0x3a;
constexpr int kHmacKeyIterations = 2;
// SQLite never writes the page holding the lock byte at 1 GiB; in a larger file it is a hole.
constexpr qint64 kPendingByteOffset = 0x40000000;

struct MacDeleter {
    void operator()(EVP_MAC *mac) const { EVP_MAC_free(mac); }
    void operator()(EVP_MAC_CTX *ctx) const { EVP_MAC_CTX_free(ctx); }
};

// One thread's HMAC-SHA1 state under the file's HMAC key.
class PageMac
{
public:
    bool init(const QByteArray &hmacKey)
    {
        m_mac.reset(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
        if (!m_mac)
            return false;
        m_ctx.reset(EVP_MAC_CTX_new(m_mac.get()));
        char digest[] = "SHA1";
        const OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
            OSSL_PARAM_construct_end()};
        return m_ctx &&
               EVP_MAC_init(m_ctx.get(), reinterpret_cast<const unsigned char *>(hmacKey.data()),
                            size_t(hmacKey.size()), params) == 1;
    }

    // True when the page's stored HMAC matches. page points at the whole page in the file.
    bool pageIsIntact(const unsigned char *page, int pageSize, quint32 pageNumber)
    {
        // Page 1 starts with the salt, outside the encrypted and authenticated part.
        const int offset = pageNumber == 1 ? kSaltBytes : 0;
        const unsigned char *data = page + offset;
        const int covered = pageSize - offset - CipherPageCheck::kReservedBytes + kIvBytes;
        const unsigned char number[4] = {static_cast<unsigned char>(pageNumber),
                                         static_cast<unsigned char>(pageNumber >> 8),
                                         static_cast<unsigned char>(pageNumber >> 16),
                                         static_cast<unsigned char>(pageNumber >> 24)};
        unsigned char mac[EVP_MAX_MD_SIZE];
        size_t macLength = 0;
        // A null key restarts the MAC with the key given to init().
        if (EVP_MAC_init(m_ctx.get(), nullptr, 0, nullptr) != 1 ||
            EVP_MAC_update(m_ctx.get(), data, size_t(covered)) != 1 ||
            EVP_MAC_update(m_ctx.get(), number, sizeof number) != 1 ||
            EVP_MAC_final(m_ctx.get(), mac, &macLength, sizeof mac) != 1 || macLength != kHmacBytes)
            return false;
        return CRYPTO_memcmp(mac, data + covered, kHmacBytes) == 0;
    }

private:
    std::unique_ptr<EVP_MAC, MacDeleter> m_mac;
    std::unique_ptr<EVP_MAC_CTX, MacDeleter> m_ctx;
};

bool allZero(const unsigned char *bytes, int size)
{
    return std::all_of(bytes, bytes + size, [](unsigned char byte) { return byte == 0; });
}

// The HMAC key SQLCipher derives from the raw key: PBKDF2-HMAC-SHA1 over the file's salt with
// each byte masked, two iterations.
QByteArray hmacKeyFor(const QByteArray &key, const QByteArray &salt)
{
    QByteArray maskedSalt = salt;
    for (char &byte : maskedSalt)
        byte = char(static_cast<unsigned char>(byte) ^ kHmacSaltMask);
    QByteArray hmacKey(key.size(), Qt::Uninitialized);
    if (PKCS5_PBKDF2_HMAC_SHA1(key.constData(), int(key.size()),
                               reinterpret_cast<const unsigned char *>(maskedSalt.constData()),
                               int(maskedSalt.size()), kHmacKeyIterations, int(hmacKey.size()),
                               reinterpret_cast<unsigned char *>(hmacKey.data())) != 1)
        return {};
    return hmacKey;
}

struct Tally {
    std::atomic<qint64> pages{0};
    std::atomic<qint64> bad{0};
    std::atomic<qint64> firstBad{0};
    std::atomic<bool> someGood{false};
    std::atomic<bool> readFailed{false};

    void badPage(qint64 number)
    {
        ++bad;
        qint64 seen = firstBad.load();
        while ((seen == 0 || number < seen) && !firstBad.compare_exchange_weak(seen, number)) {
        }
    }
};

void checkOnePage(PageMac &mac, const unsigned char *page, int pageSize, qint64 number,
                  Tally &tally)
{
    ++tally.pages;
    if (allZero(page, pageSize)) {
        if ((number - 1) * pageSize != kPendingByteOffset)
            tally.badPage(number);
        return;
    }
    if (mac.pageIsIntact(page, pageSize, quint32(number)))
        tally.someGood = true;
    else
        tally.badPage(number);
}

class OpenFile
{
public:
    explicit OpenFile(const QString &path)
        : m_fd(::open(QFile::encodeName(path).constData(), O_RDONLY))
    {}
    ~OpenFile()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    OpenFile(const OpenFile &) = delete;
    OpenFile &operator=(const OpenFile &) = delete;
    int fd() const { return m_fd; }

    // Reads exactly size bytes at offset, or fewer at the end of the file.
    qint64 readAt(unsigned char *buffer, qint64 size, qint64 offset) const
    {
        qint64 done = 0;
        while (done < size) {
            const ssize_t got = ::pread(m_fd, buffer + done, size_t(size - done), offset + done);
            if (got < 0)
                return -1;
            if (got == 0)
                break;
            done += got;
        }
        return done;
    }

private:
    int m_fd;
};

Result<QByteArray> readSalt(const OpenFile &file, const QString &filePath)
{
    QByteArray salt(kSaltBytes, Qt::Uninitialized);
    if (file.fd() < 0 ||
        file.readAt(reinterpret_cast<unsigned char *>(salt.data()), kSaltBytes, 0) != kSaltBytes)
        return fail(Error::Code::Storage,
                    QStringLiteral("Cannot read the cache file %1 to check it.").arg(filePath));
    return salt;
}

} // namespace

QString CipherPageCheck::Report::describe() const
{
    if (!wholePages)
        return QStringLiteral("the file is not a whole number of pages; it was cut short");
    if (badPages == 0)
        return QStringLiteral("all %1 pages pass their check").arg(pages);
    return QStringLiteral("%1 of %2 pages fail their check, the first is page %3")
        .arg(badPages)
        .arg(pages)
        .arg(firstBadPage);
}

Result<CipherPageCheck::Report> CipherPageCheck::checkFile(const QString &filePath,
                                                           const QByteArray &key, int pageSize,
                                                           int threads)
{
    QElapsedTimer timer;
    timer.start();
    const OpenFile file(filePath);
    auto salt = readSalt(file, filePath);
    if (!salt)
        return std::unexpected(salt.error());
    const QByteArray hmacKey = hmacKeyFor(key, *salt);
    const qint64 size = ::lseek(file.fd(), 0, SEEK_END);
    Report report;
    report.wholePages = size > 0 && size % pageSize == 0;
    const qint64 pageCount = size / pageSize;
    ::posix_fadvise(file.fd(), 0, 0, POSIX_FADV_SEQUENTIAL);

    // Chunks of 4 MiB go round the threads in turn; each thread has its own MAC and buffer.
    constexpr qint64 kChunkBytes = 4 << 20;
    const qint64 pagesPerChunk = std::max<qint64>(1, kChunkBytes / pageSize);
    const qint64 chunks = (pageCount + pagesPerChunk - 1) / pagesPerChunk;
    const int workers = int(std::clamp<qint64>(threads > 0 ? threads : QThread::idealThreadCount(),
                                               1, std::max<qint64>(1, chunks)));
    Tally tally;
    std::atomic<qint64> nextChunk{0};
    auto work = [&] {
        PageMac mac;
        if (!mac.init(hmacKey)) {
            tally.readFailed = true;
            return;
        }
        std::vector<unsigned char> buffer(size_t(pagesPerChunk * pageSize));
        for (qint64 chunk = nextChunk++; chunk < chunks; chunk = nextChunk++) {
            const qint64 firstPage = chunk * pagesPerChunk;
            const qint64 pages = std::min(pagesPerChunk, pageCount - firstPage);
            if (file.readAt(buffer.data(), pages * pageSize, firstPage * pageSize) !=
                pages * pageSize) {
                tally.readFailed = true;
                return;
            }
            for (qint64 i = 0; i < pages; ++i)
                checkOnePage(mac, buffer.data() + i * pageSize, pageSize, firstPage + i + 1, tally);
        }
    };
    std::vector<std::thread> pool;
    for (int i = 1; i < workers; ++i)
        pool.emplace_back(work);
    work();
    for (std::thread &thread : pool)
        thread.join();
    if (tally.readFailed)
        return fail(
            Error::Code::Storage,
            QStringLiteral("Reading the cache file %1 failed while checking it.").arg(filePath));
    report.pages = tally.pages;
    report.badPages = tally.bad;
    report.firstBadPage = tally.firstBad;
    report.keyMatchesSomePage = tally.someGood;
    report.seconds = timer.nsecsElapsed() / 1e9;
    return report;
}

Result<CipherPageCheck::Report> CipherPageCheck::checkPages(const QString &filePath,
                                                            const QByteArray &key, int pageSize,
                                                            const QList<qint64> &pages)
{
    QElapsedTimer timer;
    timer.start();
    const OpenFile file(filePath);
    auto salt = readSalt(file, filePath);
    if (!salt)
        return std::unexpected(salt.error());
    PageMac mac;
    if (!mac.init(hmacKeyFor(key, *salt)))
        return fail(Error::Code::Storage, QStringLiteral("OpenSSL has no HMAC-SHA1."));
    const qint64 size = ::lseek(file.fd(), 0, SEEK_END);
    Report report;
    report.wholePages = size > 0 && size % pageSize == 0;
    Tally tally;
    std::vector<unsigned char> buffer(static_cast<size_t>(pageSize));
    for (const qint64 number : pages) {
        if (number < 1)
            continue;
        if (file.readAt(buffer.data(), pageSize, (number - 1) * pageSize) != pageSize) {
            ++tally.pages;
            tally.badPage(number);
            continue;
        }
        checkOnePage(mac, buffer.data(), pageSize, number, tally);
    }
    report.pages = tally.pages;
    report.badPages = tally.bad;
    report.firstBadPage = tally.firstBad;
    report.keyMatchesSomePage = tally.someGood;
    report.seconds = timer.nsecsElapsed() / 1e9;
    return report;
}

} // namespace CareDesk
