// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/outbox/OutboxHandler.h"

#include <QObject>

namespace CareDesk {

class FhirClient;

// Creates a consent ledger event's Consent on the FHIR server, as the outbox's handler for
// fhir.consent.create (queued by ConsentFhirPush): POST Consent with
// If-None-Exist: identifier=urn:caredesk:consent-event|<event>, so a resend, another
// workstation's copy or a retry after a lost answer finds the one already there. After a crash
// the Consent is looked up by that identifier before anything is sent again. A command queued
// for another server (the site changed its FHIR server) is refused for a person to look at.
class ConsentFhirHandler : public QObject, public OutboxHandler
{
    Q_OBJECT
public:
    ConsentFhirHandler(FhirClient &client, qint64 sourceId, QObject *parent = nullptr);

    void send(const OutboxCommand &command, AttemptCallback done) override;
    void reconcile(const OutboxCommand &command, ReconcileCallback done) override;

private:
    FhirClient &m_client;
    qint64 m_sourceId;
};

} // namespace CareDesk
