// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QDateTime>
#include <QTime>
#include <QTimeZone>

namespace CareDesk {

// A local wall time in an IANA zone turned into one instant, by one documented rule that does
// not depend on the Qt version (RFC 5545, 3.3.5):
// - a time that does not exist (skipped when clocks go forward, 02:30 on a spring-forward day in
//   America/Chicago) is read with the offset in force before the change: 02:30 CST, which the
//   clock shows as 03:30 CDT;
// - a time that happens twice (clocks go back, 01:30 on a fall-back day) is its first
//   occurrence, with the offset in force before the change (01:30 CDT).
struct WallTime {
    enum class Fit { Exact, Skipped, Repeated };

    QDateTime utc;
    Fit fit = Fit::Exact;

    static WallTime resolve(const QDate &date, const QTime &time, const QTimeZone &zone);
};

// The zone named by an IANA id ("America/Chicago"); invalid for an empty or unknown id.
QTimeZone zoneFromId(const QString &ianaId);

} // namespace CareDesk
