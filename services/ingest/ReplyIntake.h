// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Classification.h"
#include "models/Error.h"
#include "services/fhir/FhirMapper.h"
#include "services/triage/TriageRouter.h"
#include "services/triage/TriageService.h"

#include <QSqlDatabase>

namespace CareDesk {

class AuditLog;
class Clock;
class ReplyClassifier;

struct IntakeOutcome {
    bool duplicate = false; // already received earlier: nothing changed
    Classification classification;
    qint64 triageItemId = 0; // the item this reply opened; 0 when it opened none
    RoutingOutcome routing;  // opened, joined or raised an item, or none was needed
    qint64 adverseEventId = 0;
};

// Takes one patient reply into the cache: classifies it, stores it with its evidence, routes it
// to the patient's open item or opens one when it needs a person (TriageRouter), records a
// possible adverse event, and records an opt-out in the consent ledger.
// Runs inside the caller's transaction; idempotent on the Communication id.
Result<IntakeOutcome> takeReply(QSqlDatabase &db, AuditLog &audit,
                                const ReplyClassifier &classifier, const Clock &clock,
                                const TriageSettings &settings, const QString &actor,
                                const InboundReply &reply);

} // namespace CareDesk
