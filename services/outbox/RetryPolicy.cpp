// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/outbox/RetryPolicy.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTimeZone>

#include <cmath>

namespace CareDesk {

QDateTime parseHttpDate(const QByteArray &value)
{
    QString text = QString::fromLatin1(value).simplified();
    // RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT"): rewritten as IMF-fixdate, its two-digit year
    // taken as the nearest one (HTTP: never more than 50 years ahead).
    static const QRegularExpression rfc850(
        QStringLiteral("^[A-Za-z]+, (\\d{2})-([A-Za-z]{3})-(\\d{2}) (\\d{2}:\\d{2}:\\d{2}) GMT$"));
    if (const auto match = rfc850.match(text); match.hasMatch()) {
        int year = 2000 + match.captured(3).toInt();
        if (year > QDate::currentDate().year() + 50)
            year -= 100;
        text = QStringLiteral("Mon, %1 %2 %3 %4 GMT")
                   .arg(match.captured(1), match.captured(2))
                   .arg(year)
                   .arg(match.captured(4));
    }
    // IMF-fixdate and asctime; always English names, always GMT. The weekday is not checked.
    static const QStringList formats{QStringLiteral("'Mon', dd MMM yyyy HH:mm:ss 'GMT'"),
                                     QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"),
                                     QStringLiteral("ddd MMM d HH:mm:ss yyyy")};
    const QLocale c = QLocale::c();
    for (const QString &format : formats) {
        QDateTime when = c.toDateTime(text, format);
        if (!when.isValid())
            continue;
        when.setTimeZone(QTimeZone::utc());
        return when;
    }
    return QDateTime();
}

std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &serverDate,
                                      const QDateTime &localNow)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool allDigits = true;
    for (char c : trimmed)
        allDigits = allDigits && c >= '0' && c <= '9';
    if (allDigits) {
        bool ok = false;
        const qint64 seconds = trimmed.left(12).toLongLong(&ok);
        // Twelve digits are already far past any cap; more would overflow.
        return ok ? std::optional<qint64>(trimmed.size() > 12 ? qint64(1) << 40 : seconds)
                  : std::nullopt;
    }
    const QDateTime when = parseHttpDate(trimmed);
    if (!when.isValid())
        return std::nullopt;
    const QDateTime reference = serverDate.isValid() ? serverDate : localNow;
    return qMax<qint64>(0, reference.secsTo(when));
}

RetryPolicy::RetryPolicy(Settings settings, std::function<double()> random)
    : m_settings(settings)
    , m_random(std::move(random))
{
    if (!m_random)
        m_random = [] {
            return QRandomGenerator::global()->generateDouble();
        };
}

RetryPolicy::Decision RetryPolicy::next(int attempts, std::optional<qint64> retryAfterSeconds) const
{
    Decision decision;
    if (attempts >= m_settings.maxAttempts) {
        decision.giveUp = true;
        return decision;
    }
    const double jitter = m_random();
    if (retryAfterSeconds) {
        // What the server asked for, within the cap, plus up to a tenth more so that a fleet
        // told the same instant does not come back in one spike.
        const qint64 asked = *retryAfterSeconds;
        decision.deferred = asked > m_settings.capSeconds;
        const qint64 wait = qMin(asked, m_settings.capSeconds);
        decision.delaySeconds = wait + qint64(std::floor(jitter * (double(wait) / 10.0 + 1.0)));
        return decision;
    }
    // Exponential from the base, capped; "equal jitter": half fixed, half random, so the wait
    // never collapses to zero and retries of many clients spread out.
    const int exponent = qBound(0, attempts - 1, 30);
    const double full = qMin(double(m_settings.capSeconds),
                             double(m_settings.baseSeconds) * std::pow(2.0, exponent));
    decision.delaySeconds = qMax<qint64>(1, qint64(std::ceil(full / 2.0 + jitter * full / 2.0)));
    return decision;
}

} // namespace CareDesk
