// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "models/TimelineEvent.h"
#include "services/security/Principal.h"

#include <QList>
#include <QString>

namespace CareDesk {

class AccessControl;

// A patient's summary and journey timeline for a principal: patient.read, checked and audited
// ("view-patient") on every read, whatever opened it (a queue item, a search, a deep link).
class PatientRecords
{
public:
    explicit PatientRecords(AccessControl &access);

    struct View {
        PatientSummary patient;
        QList<TimelineEvent> timeline;
    };
    // how: what led here ("triage-item/12", "deep-link", "search"), for the audit entry.
    Result<View> open(const Principal &who, const QString &masterId, const QString &how);

private:
    AccessControl &m_access;
};

} // namespace CareDesk
