// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Adherence.h"
#include "models/JourneyDefinition.h"

namespace CareDesk {

// Proportion of days covered (PDC), refill gaps and persistence from one medication's fills,
// as documented in docs/adherence.md:
// - the index date is the first fill; each fill covers daysSupply days from its date, or from
//   the day after the supply on hand runs out when it overlaps an earlier fill (shifted
//   forward, never double-counted);
// - inpatient days are taken out of the denominator, and supply on hand is not used while in
//   hospital (its remaining days resume after discharge);
// - a window's PDC is covered days / days outside hospital, from the index date to the end of
//   the window or today, whichever comes first.
class AdherenceCalculator
{
public:
    explicit AdherenceCalculator(AdherenceSettings settings);

    AdherenceReport compute(QList<DispenseFill> fills, const QList<DaySpan> &hospitalStays,
                            const QDate &today) const;

    // The inpatient days of a stay: admission day to the day before discharge (the patient is
    // home on the day of discharge); a stay still open counts to today. Empty for a same-day
    // discharge.
    static std::optional<DaySpan> stayDays(const QDate &admitted, const QDate &discharged,
                                           const QDate &today);

private:
    AdherenceSettings m_settings;
};

} // namespace CareDesk
