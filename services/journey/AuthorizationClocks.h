// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Authorization.h"
#include "models/JourneyDefinition.h"
#include "models/JourneyEvent.h"

namespace CareDesk {

// Benefits and prior authorization requests and their payer clocks, from the journey events:
// a request (CoverageEligibilityRequest, Claim with use=preauthorization) starts a clock due
// expeditedHours (priority "stat") or standardHours after it was created; the response that
// names it (CoverageEligibilityResponse, ClaimResponse) stops it. A clock past due with no
// decision is "expired". A request made after a denial of the same kind is a resubmission.
class AuthorizationClocks
{
public:
    explicit AuthorizationClocks(ClockSettings settings);

    QList<AuthorizationRequest> compute(const QList<JourneyEvent> &events,
                                        const QDateTime &now) const;

private:
    ClockSettings m_settings;
};

} // namespace CareDesk
