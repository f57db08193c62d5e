// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace CareDesk {

// A benefits (eligibility) or prior authorization request to a payer, with its decision clock.
struct AuthorizationRequest {
    enum class Kind { Eligibility, PriorAuthorization };
    Kind kind = Kind::PriorAuthorization;
    QString requestRef;    // "Claim/pa-1", "CoverageEligibilityRequest/e1"; empty if never seen
    QString responseRef;   // the latest response, if any
    QDateTime submittedAt; // invalid when only the response is known
    QDateTime dueAt;       // the payer's decision deadline (72 h expedited, 7 days standard)
    QDateTime decidedAt;
    bool expedited = false;
    // "pending" (clock running), "expired" (clock ran out, no decision), "pended" (payer asked
    // for more; the clock keeps running), "approved", "partial", "denied", "eligible",
    // "ineligible", "error"
    QString status;
    QStringList denialReasons;
    int attempt = 1;
    QString resubmissionOf;   // the earlier denied request this one replaces
    bool resubmitted = false; // a later request replaced this denied one
    bool decidedLate = false;

    bool decided() const { return decidedAt.isValid() && status != QLatin1String("pended"); }
    QString kindName() const
    {
        return kind == Kind::Eligibility ? QStringLiteral("eligibility")
                                         : QStringLiteral("prior-authorization");
    }
};

} // namespace CareDesk
