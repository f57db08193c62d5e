// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QSqlDatabase>

namespace CareDesk {

class AuditLog;
class PatientStore;
struct AdtEvent;

// Applies one parsed ADT message inside the caller's transaction: patient identity and
// aliases, the encounter, a journey record for the event, and for A34/A35/A39/A40 a merge of
// the retired patient into the survivor (audited). Returns the number of merges done (0 or 1).
Result<int> applyAdtEvent(PatientStore &store, AuditLog &audit, QSqlDatabase &db,
                          const QString &actor, const AdtEvent &event);

} // namespace CareDesk
