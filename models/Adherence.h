// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

namespace CareDesk {

// Days first..last, both included.
struct DaySpan {
    QDate first;
    QDate last;
    qint64 days() const { return first.daysTo(last) + 1; }
    bool contains(const QDate &day) const { return day >= first && day <= last; }
    bool operator==(const DaySpan &other) const = default;
};

// One fill of a medication: handed over on date, for daysSupply days.
struct DispenseFill {
    QDate date;
    int daysSupply = 0;
    QString medication;
    QString resourceId; // MedicationDispense id
};

// Proportion of days covered over one window from the index date (the first fill).
struct PdcWindow {
    int days = 0; // the window's length (30, 90, ...); 0 for the alert window
    QDate start;
    QDate end;            // the window's last day, or today while it is still running
    int eligibleDays = 0; // days in the window outside hospital stays
    int coveredDays = 0;
    double pdc = 0;        // coveredDays / eligibleDays
    bool complete = false; // the whole window has passed
};

enum class Persistence { Persistent, Discontinued, NotYetDue };

struct PersistencePoint {
    int day = 0;
    Persistence state = Persistence::NotYetDue;
};

// Days without supply between fills (hospital days inside it are not counted).
struct RefillGap {
    DaySpan span;
    int daysWithoutSupply = 0;
    bool open = false; // still running today: no fill since
};

// The adherence method's result for one medication; see docs/adherence.md.
struct AdherenceReport {
    QString medication;
    QDate indexDate; // first fill
    QDate asOf;      // "today" of the computation
    int fills = 0;
    QStringList fillIds;
    QList<DaySpan> covered;  // days with supply, after overlapping fills are shifted forward
    QList<DaySpan> hospital; // inpatient days excluded from the denominator
    QList<RefillGap> gaps;
    QList<PdcWindow> windows; // one per configured window (30, 90, 180, 360)
    PdcWindow alertWindow;    // the trailing window the low-adherence exception looks at
    QList<PersistencePoint> persistence;
    QDate supplyEndsOn;        // last day covered by the fills so far
    int daysWithoutSupply = 0; // in the open gap, today
    bool refillOverdue = false;
    bool belowThreshold = false;
    QDate discontinuedOn; // last covered day before a gap longer than the permissible gap
    QStringList notes;    // fills left out and why
};

QString persistenceName(Persistence state);

} // namespace CareDesk
