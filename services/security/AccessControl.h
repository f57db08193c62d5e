// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/security/Permission.h"
#include "services/security/Principal.h"
#include "services/security/RoleCatalogue.h"

#include <QDateTime>
#include <QString>

#include <memory>
#include <optional>

namespace CareDesk {

class AuditLog;
class CacheDatabase;
class Clock;

// A break-glass grant: one user, one patient, one permission set beyond the role, until expiry.
struct BreakGlassGrant {
    qint64 id = 0;
    QString user;
    QString role;
    QString masterId;
    QString reason;
    QDateTime startedAt;
    QDateTime expiresAt;
    QString reviewedBy; // empty until a supervisor closes the review
    QDateTime reviewedAt;
    QString reviewNote;
};

// The one access check. Every path that reads or changes patient data, the audit trail, users or
// the cache calls require() in the service layer before it acts (docs/security.md says how a new
// path does it). A role's permissions come from roles.json; a permission the role lists under
// breakGlass is allowed for one patient while that user holds an unexpired grant for them. A
// denial is written to the audit trail and returned as a Permission error fit for the user.
class AccessControl
{
public:
    AccessControl(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, RoleCatalogue roles,
                  const Clock &clock);

    // Allowed, or an audited Permission error. masterId: the patient concerned, if any;
    // object: what is touched ("triage-item/12"), for the audit entry.
    VoidResult require(const Principal &who, Permission what, const QString &masterId = QString(),
                       const QString &object = QString());
    // The same decision, neither audited nor logged: for choosing what to show (masking).
    bool allows(const Principal &who, Permission what, const QString &masterId = QString()) const;
    // Reply and note text of an item claimed by owner: clinical.text, or clinical.text.assigned
    // on one's own items, or a break-glass grant for the patient.
    bool mayReadClinicalText(const Principal &who, const QString &masterId,
                             const QString &owner) const;
    // The role alone allows it (no break-glass grant counted).
    bool allowsByRole(const Principal &who, Permission what) const;
    // What a masked field shows instead of its value.
    QString maskNotice(const Principal &who) const;

    // The user's unexpired grant for this patient, if any.
    std::optional<BreakGlassGrant> activeGrant(const QString &user, const QString &masterId) const;

    const RoleCatalogue &roles() const { return m_roles; }
    const Clock &clock() const { return m_clock; }
    AuditLog &audit() const { return m_audit; }
    std::shared_ptr<CacheDatabase> cache() const { return m_cache; }

private:
    enum class Decision { Allowed, AllowedByBreakGlass, Denied };
    Decision decide(const Principal &who, Permission what, const QString &masterId,
                    qint64 *grantId = nullptr) const;

    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    RoleCatalogue m_roles;
    const Clock &m_clock;
};

} // namespace CareDesk
