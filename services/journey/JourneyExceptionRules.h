// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/JourneyEvent.h"
#include "models/PatientJourney.h"

namespace CareDesk {

// What on a computed journey needs a person, each with a key that stays the same while the
// condition does (so a scan that runs again raises nothing new):
// - stalled-stage: longer in a stage than it expects;
// - missing-consent: consentGraceDays into the journey with no active Consent on file;
// - refill-overdue, low-adherence: from the adherence report of each medication;
// - eligibility-failed: an eligibility response that says ineligible or error;
// - authorization-denied: a prior authorization denied and not yet resubmitted;
// - authorization-expired: a payer clock that ran out with no decision.
// A journey in a terminal stage raises nothing.
QList<JourneyException> journeyExceptions(const PatientJourney &journey,
                                          const QList<JourneyEvent> &events);

} // namespace CareDesk
