// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/comms/WallTime.h"

#include <QList>

namespace CareDesk {

WallTime WallTime::resolve(const QDate &date, const QTime &time, const QTimeZone &zone)
{
    // The wall time read as if it were UTC; the real instant is that minus the zone's offset.
    const QDateTime naive(date, time, QTimeZone::utc());
    // No zone changes its offset twice within two days, so the offsets a day either side are
    // the only candidates.
    const int before = zone.offsetFromUtc(naive.addSecs(-86400));
    const int after = zone.offsetFromUtc(naive.addSecs(86400));

    QList<QDateTime> fits;
    for (const int offset : {before, after}) {
        const QDateTime candidate = naive.addSecs(-offset);
        if (zone.offsetFromUtc(candidate) == offset && !fits.contains(candidate))
            fits.append(candidate);
    }

    WallTime result;
    if (fits.isEmpty()) {
        result.fit = Fit::Skipped;
        result.utc = naive.addSecs(-before);
    } else if (fits.size() == 1) {
        result.utc = fits.first();
    } else {
        result.fit = Fit::Repeated;
        result.utc = std::min(fits.at(0), fits.at(1));
    }
    return result;
}

QTimeZone zoneFromId(const QString &ianaId)
{
    if (ianaId.isEmpty())
        return QTimeZone();
    const QByteArray id = ianaId.toUtf8();
    if (!QTimeZone::isTimeZoneIdAvailable(id))
        return QTimeZone();
    return QTimeZone(id);
}

} // namespace CareDesk
