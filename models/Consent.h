// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace CareDesk {

// How a message reaches a patient.
enum class Channel { Sms, Email, Phone, Mail };
// Why a message is sent (HIPAA: treatment, payment and health care operations need no
// authorization; marketing and research do).
enum class Purpose { Treatment, Payment, Operations, Marketing, Research };

// What a consent event says. The ledger only ever appends events; the state is derived.
// A restriction (HIPAA 164.522, asked for by the patient) stands until a later event lifts it or
// its end date passes; a grant or revocation never lifts it.
enum class ConsentKind { Granted, Revoked, Expired, Restricted, RestrictionLifted };

// The words used in the database, JSON and the CLI: "sms", "treatment", "granted", ...
QString channelName(Channel channel);
std::optional<Channel> channelFromName(const QString &name);
QString purposeName(Purpose purpose);
std::optional<Purpose> purposeFromName(const QString &name);
QString consentKindName(ConsentKind kind);
std::optional<ConsentKind> consentKindFromName(const QString &name);

QList<Channel> allChannels();
QList<Purpose> allPurposes();

// One row of the consent ledger.
struct ConsentEvent {
    qint64 id = 0; // ledger order among events of the same moment
    QString masterId;
    ConsentKind kind = ConsentKind::Granted;
    std::optional<Channel> channel; // empty: every channel
    std::optional<Purpose> purpose; // empty: every purpose
    // Where it came from: "patient-reply", "phone", "paper", "portal", "fhir", "enrollment".
    QString source;
    QString sourceId;   // the reply's Communication id, the FHIR Consent id, a form number
    QString rawText;    // the patient's words when it came from a reply
    QString capturedBy; // the user who recorded it ("automation" for replies)
    QString rule;       // which rule read a reply as this event ("opt-out keyword", "START")
    QString note;       // what a restriction covers, in the coordinator's words
    // When it took effect: a revocation counts from the moment it was received, never from when
    // CareDesk got round to recording it.
    QDateTime effectiveAt;
    QDateTime recordedAt;
    QDateTime expiresAt; // invalid: no end date
    // Names the event everywhere (the FHIR Consent's identifier when pushed); empty: the ledger
    // makes one when the event is appended.
    QString identifier;
    // The Consent record it was taken in from ("12@fhir1"); empty for an event recorded here.
    // Events taken in are never pushed back.
    QString receivedFrom;

    bool covers(Channel c) const { return !channel || *channel == c; }
    bool covers(Purpose p) const { return !purpose || *purpose == p; }
};

enum class ConsentStatus { None, Granted, Revoked, Expired };
QString consentStatusName(ConsentStatus status);

// The derived state of one channel for one purpose at one moment.
struct ConsentCell {
    Channel channel = Channel::Sms;
    Purpose purpose = Purpose::Treatment;
    ConsentStatus status = ConsentStatus::None;
    bool namedPurpose = false; // the grant in force named this purpose (not "every purpose")
    QDateTime since;
    QDateTime expiresAt;
    qint64 eventId = 0; // the event that decided status, 0 for none
    bool restricted = false;
    QDateTime restrictedSince;
    QDateTime restrictionEnds;
    qint64 restrictionEventId = 0;
    QString restrictionNote;
};

// Consent per channel and purpose, derived from the ledger as it stood at a moment.
class ConsentState
{
public:
    // Events that took effect after `at` are ignored; grants and restrictions whose end date
    // is at or before `at` have ended. Events of the same moment apply in ledger (id) order.
    static ConsentState derive(const QList<ConsentEvent> &events, const QDateTime &at);

    const ConsentCell &cell(Channel channel, Purpose purpose) const;
    const QList<ConsentCell> &cells() const { return m_cells; }
    QDateTime at() const { return m_at; }

private:
    QDateTime m_at;
    QList<ConsentCell> m_cells; // channel-major, in allChannels() x allPurposes() order
};

} // namespace CareDesk
