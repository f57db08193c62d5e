// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/analytics/AdherenceCalculator.h"

#include <algorithm>
#include <vector>

namespace CareDesk {

namespace {

enum Day : char { NoSupply = 0, Covered = 1, InHospital = 2 };

// Runs of equal days of the given kind, as spans from origin.
QList<DaySpan> runsOf(const std::vector<char> &days, char kind, const QDate &origin,
                      qsizetype until)
{
    QList<DaySpan> spans;
    for (qsizetype i = 0; i < until;) {
        if (days[size_t(i)] != kind) {
            ++i;
            continue;
        }
        qsizetype end = i;
        while (end + 1 < until && days[size_t(end + 1)] == kind)
            ++end;
        spans.append({origin.addDays(i), origin.addDays(end)});
        i = end + 1;
    }
    return spans;
}

} // namespace

AdherenceCalculator::AdherenceCalculator(AdherenceSettings settings)
    : m_settings(std::move(settings))
{}

std::optional<DaySpan> AdherenceCalculator::stayDays(const QDate &admitted, const QDate &discharged,
                                                     const QDate &today)
{
    if (!admitted.isValid() || admitted > today)
        return std::nullopt;
    const QDate last = discharged.isValid() ? qMin(discharged.addDays(-1), today) : today;
    if (last < admitted)
        return std::nullopt;
    return DaySpan{admitted, last};
}

AdherenceReport AdherenceCalculator::compute(QList<DispenseFill> fills,
                                             const QList<DaySpan> &hospitalStays,
                                             const QDate &today) const
{
    AdherenceReport report;
    report.asOf = today;
    std::stable_sort(fills.begin(), fills.end(), [](const DispenseFill &a, const DispenseFill &b) {
        return a.date != b.date ? a.date < b.date : a.resourceId < b.resourceId;
    });
    QList<DispenseFill> used;
    for (const DispenseFill &fill : fills) {
        if (!fill.date.isValid())
            report.notes.append(QStringLiteral("%1 has no date; not counted").arg(fill.resourceId));
        else if (fill.daysSupply <= 0)
            report.notes.append(
                QStringLiteral("%1 has no days' supply; not counted").arg(fill.resourceId));
        else if (fill.date > today)
            report.notes.append(
                QStringLiteral("%1 is dated after today; not counted yet").arg(fill.resourceId));
        else
            used.append(fill);
    }
    if (used.isEmpty())
        return report;
    if (report.medication.isEmpty())
        report.medication = used.first().medication;
    report.indexDate = used.first().date;
    report.fills = int(used.size());
    for (const DispenseFill &fill : used)
        report.fillIds.append(fill.resourceId);

    // One slot per day from the index date, far enough for every fill's supply to be laid out
    // even when hospital days push it forward.
    const QDate origin = report.indexDate;
    qint64 horizon = origin.daysTo(today) + 1;
    for (const DispenseFill &fill : used)
        horizon += fill.daysSupply;
    for (const DaySpan &stay : hospitalStays)
        horizon += stay.days();
    std::vector<char> days(size_t(horizon), NoSupply);
    for (const DaySpan &stay : hospitalStays) {
        for (QDate day = qMax(stay.first, origin); day <= stay.last; day = day.addDays(1)) {
            if (origin.daysTo(day) < horizon)
                days[size_t(origin.daysTo(day))] = InHospital;
        }
    }

    // Lay each fill's supply on the first free days from its date: an early refill's days
    // wait until the supply on hand runs out; hospital days use no supply.
    qint64 nextFree = 0;
    for (const DispenseFill &fill : used) {
        qint64 day = qMax(origin.daysTo(fill.date), nextFree);
        for (int left = fill.daysSupply; left > 0 && day < horizon; ++day) {
            if (days[size_t(day)] == InHospital)
                continue;
            days[size_t(day)] = Covered;
            --left;
        }
        nextFree = day;
    }

    const qint64 todayIndex = origin.daysTo(today);
    report.covered = runsOf(days, Covered, origin, horizon);
    report.hospital = runsOf(days, InHospital, origin, todayIndex + 1);
    if (!report.covered.isEmpty())
        report.supplyEndsOn = report.covered.last().last;

    // Gaps: runs of days without supply up to today; hospital days inside a run neither end
    // it nor count in it.
    for (qint64 i = 0; i <= todayIndex;) {
        if (days[size_t(i)] == Covered) {
            ++i;
            continue;
        }
        qint64 end = i;
        int without = days[size_t(i)] == NoSupply ? 1 : 0;
        while (end + 1 <= todayIndex && days[size_t(end + 1)] != Covered) {
            ++end;
            without += days[size_t(end)] == NoSupply ? 1 : 0;
        }
        if (without > 0) {
            RefillGap gap;
            gap.span = {origin.addDays(i), origin.addDays(end)};
            gap.daysWithoutSupply = without;
            gap.open = end == todayIndex;
            report.gaps.append(gap);
        }
        i = end + 1;
    }

    auto window = [&](qint64 firstIndex, qint64 lastIndex, int length) {
        PdcWindow result;
        result.days = length;
        result.start = origin.addDays(firstIndex);
        result.complete = lastIndex <= todayIndex;
        lastIndex = qMin(lastIndex, todayIndex);
        result.end = origin.addDays(lastIndex);
        for (qint64 i = firstIndex; i <= lastIndex; ++i) {
            result.eligibleDays += days[size_t(i)] != InHospital ? 1 : 0;
            result.coveredDays += days[size_t(i)] == Covered ? 1 : 0;
        }
        result.pdc =
            result.eligibleDays > 0 ? double(result.coveredDays) / result.eligibleDays : 1.0;
        return result;
    };
    for (int length : m_settings.windows)
        report.windows.append(window(0, length - 1, length));
    report.alertWindow =
        window(qMax<qint64>(0, todayIndex - m_settings.alertWindowDays + 1), todayIndex, 0);
    report.belowThreshold = todayIndex + 1 >= m_settings.minimumObservedDays &&
                            report.alertWindow.pdc < m_settings.threshold;

    if (!report.gaps.isEmpty() && report.gaps.last().open)
        report.daysWithoutSupply = report.gaps.last().daysWithoutSupply;
    report.refillOverdue = report.daysWithoutSupply > m_settings.refillGraceDays;

    // Persistence: therapy ends at the first gap longer than the permissible gap.
    for (const RefillGap &gap : report.gaps) {
        if (gap.daysWithoutSupply > m_settings.permissibleGapDays) {
            report.discontinuedOn = gap.span.first.addDays(-1);
            break;
        }
    }
    for (int length : m_settings.windows) {
        const QDate day = origin.addDays(length - 1);
        PersistencePoint point{length, Persistence::Persistent};
        if (report.discontinuedOn.isValid() && report.discontinuedOn < day)
            point.state = Persistence::Discontinued;
        else if (day > today)
            point.state = Persistence::NotYetDue;
        report.persistence.append(point);
    }
    return report;
}

} // namespace CareDesk
