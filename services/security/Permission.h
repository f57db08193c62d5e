// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace CareDesk {

// Everything a person can be allowed to do. Which role has which is data (roles.json); the
// names below are the words used there, in the audit trail and in docs/security.md.
enum class Permission {
    QueueRead,            // see the triage queue (tier, patient, due time, owner)
    ItemView,             // open one triage item
    ClinicalText,         // read reply and note text on any item
    ClinicalTextAssigned, // read reply and note text on items claimed by oneself
    ItemClaim,
    ItemRelease,
    ItemResolve,
    PatientRead,   // a patient's summary and journey timeline (also by deep link)
    PatientSearch, // find patients by name or identifier
    PatientExport, // export a patient's records
    DataImport,    // bring FHIR / HL7 files in
    SyncRun,       // exchange with the FHIR server, take HL7 feeds
    AuditRead,     // the audit trail and the patient access report
    AuditExport,
    AuditVerify,
    BreakGlassReview, // see and close the break-glass review queue
    UserManage,       // add, disable, reset second factor
    CacheMaintain,    // key rotation, backup, restore
    RetentionManage,  // purge, legal holds
    OutboxRead,       // the outbox and its dead letters (commands for the FHIR server, messages)
    OutboxManage,     // retry or discard a failed or dead outbox command
    ConsentRecord,    // record a consent captured by phone, on paper or in person
    MessageSend,      // send a patient a message through the send-time gate
    JourneyManage,    // a coordinator's moves and steps on a patient's journey
    JourneyDefine,    // save a new version of the program's journey definition
    JourneyScan,      // raise journey exceptions (stalled stages, overdue refills) to the queue
    MentorManage,     // propose mentors, record consents and outcomes, make introductions
    Hl7Read,          // the HL7 dead letters, raw message included
    Hl7Manage,        // replay or discard an HL7 dead letter
    AutomationRun,    // start the headless automation (caredesk-cli serve)
};

QString permissionName(Permission permission);
std::optional<Permission> permissionFromName(const QString &name);
const QList<Permission> &allPermissions();

} // namespace CareDesk
