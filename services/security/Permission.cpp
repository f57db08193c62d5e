// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/security/Permission.h"

#include <QHash>

namespace CareDesk {

namespace {

struct Named {
    Permission permission;
    const char *name;
};

const Named kNames[] = {
    {Permission::QueueRead, "queue.read"},
    {Permission::ItemView, "item.view"},
    {Permission::ClinicalText, "clinical.text"},
    {Permission::ClinicalTextAssigned, "clinical.text.assigned"},
    {Permission::ItemClaim, "item.claim"},
    {Permission::ItemRelease, "item.release"},
    {Permission::ItemResolve, "item.resolve"},
    {Permission::PatientRead, "patient.read"},
    {Permission::PatientSearch, "patient.search"},
    {Permission::PatientExport, "patient.export"},
    {Permission::DataImport, "data.import"},
    {Permission::SyncRun, "sync.run"},
    {Permission::AuditRead, "audit.read"},
    {Permission::AuditExport, "audit.export"},
    {Permission::AuditVerify, "audit.verify"},
    {Permission::BreakGlassReview, "breakglass.review"},
    {Permission::UserManage, "user.manage"},
    {Permission::CacheMaintain, "cache.maintain"},
    {Permission::RetentionManage, "retention.manage"},
    {Permission::OutboxRead, "outbox.read"},
    {Permission::OutboxManage, "outbox.manage"},
    {Permission::ConsentRecord, "consent.record"},
    {Permission::MessageSend, "message.send"},
    {Permission::JourneyManage, "journey.manage"},
    {Permission::JourneyDefine, "journey.define"},
    {Permission::JourneyScan, "journey.scan"},
    {Permission::MentorManage, "mentor.manage"},
    {Permission::Hl7Read, "hl7.read"},
    {Permission::Hl7Manage, "hl7.manage"},
    {Permission::AutomationRun, "automation.run"},
};

} // namespace

QString permissionName(Permission permission)
{
    for (const Named &entry : kNames) {
        if (entry.permission == permission)
            return QString::fromLatin1(entry.name);
    }
    return QString();
}

std::optional<Permission> permissionFromName(const QString &name)
{
    for (const Named &entry : kNames) {
        if (name == QLatin1String(entry.name))
            return entry.permission;
    }
    return std::nullopt;
}

const QList<Permission> &allPermissions()
{
    static const QList<Permission> all = [] {
        QList<Permission> list;
        for (const Named &entry : kNames)
            list.append(entry.permission);
        return list;
    }();
    return all;
}

} // namespace CareDesk
