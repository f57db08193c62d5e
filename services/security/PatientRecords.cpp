// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/security/PatientRecords.h"

#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/store/CacheDatabase.h"
#include "services/store/PatientStore.h"

namespace CareDesk {

PatientRecords::PatientRecords(AccessControl &access)
    : m_access(access)
{}

Result<PatientRecords::View> PatientRecords::open(const Principal &who, const QString &masterId,
                                                  const QString &how)
{
    const QString object = QStringLiteral("patient/%1").arg(masterId);
    if (auto allowed = m_access.require(who, Permission::PatientRead, masterId, object); !allowed)
        return std::unexpected(allowed.error());
    PatientStore store(m_access.cache()->connection(), m_access.clock());
    auto summary = store.summary(masterId);
    if (!summary)
        return std::unexpected(summary.error());
    auto timeline = store.timeline(masterId);
    if (!timeline)
        return std::unexpected(timeline.error());
    View view{*summary, *timeline};
    if (view.patient.masterId.isEmpty())
        view.patient.masterId = masterId;
    // Message marks carry the patient's words: only for roles that read clinical text.
    if (!m_access.mayReadClinicalText(who, masterId, QString())) {
        for (TimelineEvent &event : view.timeline) {
            if (event.kind == QLatin1String("message"))
                event.summary = m_access.maskNotice(who);
        }
    }
    if (auto audited =
            m_access.audit().append({who.user, QStringLiteral("view-patient"), masterId, object,
                                     QStringLiteral("success"), QStringLiteral("via=%1").arg(how)});
        !audited)
        return std::unexpected(audited.error());
    return view;
}

} // namespace CareDesk
