// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Consent.h"
#include "models/Error.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace CareDesk {

// A FHIR R4 Consent read as consent ledger events. The patient is given as the FHIR reference
// ("Patient/123"); the caller resolves it to a master ID.
struct FhirConsentEvents {
    QString consentId;
    QString patientReference;
    QString identifier;         // the value under identifierSystem(): a CareDesk ledger event
    QList<ConsentEvent> events; // masterId left empty
    // Why a Consent made no events (a privacy consent about sharing records, not about
    // contacting the patient); empty when events were made.
    QString notAboutContact;
};

// Consent ledger events to and from FHIR R4 Consent, so FHIR sync can push what CareDesk
// recorded and take in what the EHR holds. docs/consent.md describes the profile:
// - scope patient-privacy, category LOINC 59284-0 (patient consent);
// - granted: provision.type permit, policyRule OPTIN; revoked: deny and OPTOUT; expired:
//   status inactive; restricted: deny under policy 45 CFR 164.522; restriction-lifted: permit
//   under that policy;
// - the channel as an extension on provision (FHIR contact-point-system codes sms, email, phone;
//   v3-ParticipationMode MAILWRIT for mail), the purpose as provision.purpose (v3-ActReason
//   TREAT, HPAYMT, HOPERAT, HMARKT, HRESCH); no channel or purpose means all of them;
// - dateTime is when it took effect, provision.period.end its end date, the reply it came from
//   in sourceReference (Communication) with its words in sourceAttachment (text/plain), who
//   captured it and the rule that read it in extensions; the ledger event's identifier as
//   Consent.identifier (system urn:caredesk:consent-event).
class FhirConsentMapping
{
public:
    static QString channelExtensionUrl();
    static QString capturedByExtensionUrl();
    static QString ruleExtensionUrl();
    static QString sourceExtensionUrl();
    static QString restrictionPolicyUri();
    // Consent.identifier's system for a CareDesk ledger event (ConsentLedger::identifierSystem).
    static QString identifierSystem();

    // One Consent per event. consentId empty: no id (a create).
    static QJsonObject toFhir(const ConsentEvent &event, const QString &patientReference,
                              const QString &consentId = QString());
    // The events a Consent stands for: one per provision that names a channel, or one for the
    // whole Consent when it names one itself. A Consent that is not a Consent, has no patient,
    // or has a date or code CareDesk cannot read is an error that says what was wrong.
    static Result<FhirConsentEvents> fromFhir(const QJsonObject &consent);
};

} // namespace CareDesk
