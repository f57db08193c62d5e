// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace CareDesk {

// Checks the pages of a cache file against the HMAC that SQLCipher 3 keeps in each page's
// reserved bytes, without decrypting anything and without SQLite: a damaged page, a page of
// zeros (which SQLCipher itself lets through as a "short read") or a file cut short is found
// by reading the file once, sequentially, on several threads. It knows only the settings
// CareDesk writes (raw 256-bit key, HMAC-SHA1 over ciphertext, IV and little-endian page
// number, 48 reserved bytes); tst_cipherpagecheck proves it against files SQLCipher wrote.
class CipherPageCheck
{
public:
    struct Report {
        qint64 pages = 0;                // pages read
        qint64 badPages = 0;             // pages whose HMAC fails, or that are all zeros
        qint64 firstBadPage = 0;         // 1-based; 0 when none
        bool wholePages = true;          // false: the size is not a whole number of pages
        bool keyMatchesSomePage = false; // at least one page proves the key
        double seconds = 0;

        bool intact() const { return badPages == 0 && wholePages; }
        QString describe() const;
    };

    // Every page of the file. threads <= 0: one per core.
    static Result<Report> checkFile(const QString &filePath, const QByteArray &key, int pageSize,
                                    int threads = 0);
    // Only the listed pages (1-based; pages past the end are counted as bad).
    static Result<Report> checkPages(const QString &filePath, const QByteArray &key, int pageSize,
                                     const QList<qint64> &pages);

    static constexpr int kReservedBytes = 48; // 16-byte IV + 20-byte HMAC, in 16-byte blocks
};

} // namespace CareDesk
