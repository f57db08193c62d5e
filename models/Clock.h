// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>

namespace CareDesk {

// Time is injected: services ask a Clock, tests drive a TestClock.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0; // UTC
};

class SystemClock : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

class TestClock : public Clock
{
public:
    explicit TestClock(QDateTime start)
        : m_now(start.toUTC())
    {}
    QDateTime now() const override { return m_now; }
    void advanceSecs(qint64 seconds) { m_now = m_now.addSecs(seconds); }
    void set(const QDateTime &when) { m_now = when.toUTC(); }

private:
    QDateTime m_now;
};

// Timestamps in the cache are ISO 8601 UTC with milliseconds, so text order is time order.
inline QString toStorageTime(const QDateTime &when)
{
    return when.toUTC().toString(Qt::ISODateWithMs);
}

inline QDateTime fromStorageTime(const QString &text)
{
    QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!when.isValid())
        when = QDateTime::fromString(text, Qt::ISODate);
    return when.toUTC();
}

} // namespace CareDesk
