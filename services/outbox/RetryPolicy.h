// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>

#include <functional>
#include <optional>

namespace CareDesk {

// Parses an HTTP Retry-After value: delta-seconds ("120") or an HTTP-date in any of the three
// forms HTTP allows (IMF-fixdate, RFC 850, asctime), which is measured against the server's own
// Date header when there is one (the local clock may be wrong). Empty for a missing or invalid
// value; a date in the past is 0.
std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &serverDate,
                                      const QDateTime &localNow);
// An HTTP-date in any of its three forms, as UTC; invalid if it is none of them.
QDateTime parseHttpDate(const QByteArray &value);

// When to try a command again: jittered exponential backoff, or what the far side asked for
// (Retry-After) within a cap, and a bounded number of attempts.
class RetryPolicy
{
public:
    struct Settings {
        qint64 baseSeconds = 2;
        qint64 capSeconds = 300; // no wait, asked for or not, is longer than this
        int maxAttempts = 8;
    };

    // random: a uniform number in [0, 1); injected so tests are deterministic.
    explicit RetryPolicy(Settings settings, std::function<double()> random = {});

    struct Decision {
        bool giveUp = false;
        qint64 delaySeconds = 0;
        bool deferred = false; // the far side asked for longer than the cap
    };
    // attempts: how many were made, this one included.
    Decision next(int attempts, std::optional<qint64> retryAfterSeconds) const;

    const Settings &settings() const { return m_settings; }

private:
    Settings m_settings;
    std::function<double()> m_random;
};

} // namespace CareDesk
