// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/security/AccessControl.h"

#include <QList>
#include <QString>

namespace CareDesk {

// Break-glass: access beyond one's role to one patient, for a stated reason and a limited time.
// Which permissions a role may take this way is data (breakGlass in roles.json). Starting one
// notifies the supervisors and puts it in the review queue, where it stays until a supervisor
// other than the user closes it with a note. The reason is kept in the cache; the audit trail
// holds its digest.
class BreakGlassService
{
public:
    static constexpr int kDefaultMinutes = 30;
    static constexpr int kMaximumMinutes = 120;
    static constexpr qsizetype kMinimumReason = 10;

    explicit BreakGlassService(AccessControl &access);

    Result<BreakGlassGrant> start(const Principal &who, const QString &masterId,
                                  const QString &reason, int minutes = kDefaultMinutes);
    // Grants not yet reviewed, oldest first (breakglass.review).
    Result<QList<BreakGlassGrant>> reviewQueue(const Principal &reviewer);
    VoidResult close(const Principal &reviewer, qint64 grantId, const QString &note);

private:
    AccessControl &m_access;
};

} // namespace CareDesk
