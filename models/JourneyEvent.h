// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace CareDesk {

// One fact that can move a patient's journey, normalised from a source record (FHIR Task,
// CoverageEligibilityRequest/Response, Claim/ClaimResponse for prior authorization,
// MedicationDispense, Appointment, Consent, HL7 ADT) or from a coordinator's action.
struct JourneyEvent {
    QDateTime when; // UTC
    // "task", "eligibility-request", "eligibility", "preauth-request", "preauth", "dispense",
    // "appointment", "adt", "consent", "action"
    QString type;
    QStringList codes; // lower-case codes and code texts (Task.code, ADT kind, action name, ...)
    // Normalised status: Task.status; "eligible"/"ineligible"/"pended"/"error" for eligibility;
    // "submitted" for requests; "approved"/"partial"/"denied"/"pended" for prior authorization;
    // "completed" for dispenses; Appointment.status; Consent.status; "done" for actions.
    QString status;
    QString text; // short summary, for the timeline and the reasons shown to a coordinator
    QString resourceType;
    QString resourceId;

    // Requests and responses: the request a response answers (or a resubmission replaces),
    // "Claim/pa-1"; whether the payer was asked for an expedited decision; denial reasons.
    QString related;
    bool expedited = false;
    QStringList reasons;

    // Coordinator actions: the stage moved to, or the step marked done.
    QString targetStage;
    QString step;

    QString reference() const { return resourceType + u'/' + resourceId; }
};

} // namespace CareDesk
