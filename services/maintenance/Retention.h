// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/security/Principal.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>

namespace CareDesk {

class AccessControl;
class AuditLog;
class CacheDatabase;
class Clock;

struct LegalHold {
    QString masterId;
    QString reason;
    QString placedBy;
    QDateTime placedAt;
};

struct PurgeReport {
    QDateTime cutoff;
    int itemsPurged = 0;
    int itemsHeld = 0; // closed and past the period, kept by a legal hold
    QString describe() const;
};

// The retention period: closed triage items and the replies they carried are removed once
// they are older than the period, unless a legal hold keeps the patient's records. Every
// removal and every hold is audited; removed rows are overwritten on disk (secure_delete).
// The audit trail and the consent ledger are records of their own and are never purged.
class Retention
{
public:
    static constexpr int kMinimumDays = 1;

    // Every call needs retention.manage (AccessControl).
    Retention(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, AccessControl &access,
              const Clock &clock);

    Result<PurgeReport> purge(int olderThanDays, const Principal &who);

    VoidResult placeHold(const QString &masterId, const QString &reason, const Principal &who);
    VoidResult releaseHold(const QString &masterId, const QString &reason, const Principal &who);
    Result<QList<LegalHold>> holds(const Principal &who);

private:
    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    AccessControl &m_access;
    const Clock &m_clock;
};

} // namespace CareDesk
