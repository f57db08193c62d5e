// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Consent.h"
#include "models/TriageTier.h"
#include "services/comms/SendPolicy.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace CareDesk {

// How a message came to be sent. Every one of them passes the gate.
enum class SendPath { Automated, Manual, Batch, Retry };
QString sendPathName(SendPath path);
std::optional<SendPath> sendPathFromName(const QString &name);

enum class MessageKind {
    AppointmentReminder,
    RefillReminder,
    Education,
    Outreach,
    Callback,           // a clinician calling or writing back about a patient's reply
    OptOutConfirmation, // the one message after STOP
    OptInConfirmation,  // after START or UNSTOP
    HelpReply,          // the answer to HELP
};
QString messageKindName(MessageKind kind);
std::optional<MessageKind> messageKindFromName(const QString &name);
bool isKeywordReply(MessageKind kind);
bool isReminder(MessageKind kind);

struct SendRequest {
    QString masterId;
    Channel channel = Channel::Sms;
    Purpose purpose = Purpose::Treatment;
    MessageKind kind = MessageKind::AppointmentReminder;
    SendPath path = SendPath::Automated;
    SendPath firstPath = SendPath::Automated; // for a retry: how the message was first sent
    QString program;
    QString appointmentRef; // the appointment a reminder is about
    QString messageKey;     // idempotency key; a retry does not count against itself
    QDateTime notAfter;     // a deferral past this is pointless: deny instead
    // The only documented bypass: a clinical callback about this emergent triage item.
    qint64 callbackItemId = 0;
    // A keyword reply answers the patient's message received at this moment; an opt-out
    // confirmation names the revocation it confirms.
    QDateTime keywordReceivedAt;
    qint64 confirmsEventId = 0;

    bool automated() const
    {
        const SendPath first = path == SendPath::Retry ? firstPath : path;
        return first == SendPath::Automated || first == SendPath::Batch;
    }
};

// A message to this patient that went out or is on its way (queued, sending, sent).
struct PriorMessage {
    QString key;
    QDateTime at; // when the gate let it go
    Channel channel = Channel::Sms;
    MessageKind kind = MessageKind::AppointmentReminder;
    bool automated = true;
    QString program;
    QString appointmentRef;
    qint64 confirmsEventId = 0;
};

struct CallbackItem {
    qint64 id = 0;
    QString masterId;
    TriageTier tier = TriageTier::Routine;
    bool resolved = false; // resolved before the callback was let go
};

// What the gate needs to know about the patient, read from the cache by SendGateService.
struct GateFacts {
    QList<ConsentEvent> consent;
    QString patientZoneId; // IANA id; empty when unknown
    QList<PriorMessage> priorMessages;
    std::optional<CallbackItem> callbackItem;
};

enum class Verdict { Allow, Defer, Deny };
QString verdictName(Verdict verdict);

// One rule's finding. effect Allow is a rule that was checked and passed (shown as the reason a
// message may go); Defer and Deny are rules that held it.
struct GateReason {
    QString rule; // "restriction", "authorization", "channel-consent", "quiet-hours", ...
    Verdict effect = Verdict::Allow;
    QString message;
    QDateTime until;
    qint64 eventId = 0;
};

struct GateDecision {
    Verdict verdict = Verdict::Deny;
    QDateTime at;
    QDateTime deferUntil;  // set when verdict is Defer
    QString zoneId;        // the zone quiet hours were read in
    bool bypassed = false; // the clinical callback bypass was used (audit it)
    QList<GateReason> reasons;

    bool allowed() const { return verdict == Verdict::Allow; }
    QStringList held() const; // the messages of the rules that deferred or denied
    QJsonObject toJson(const SendRequest &request) const;
};

// The send-time gate: ONE function that answers "may this message go to this patient on this
// channel now?" Pure: all it knows comes in through its arguments, so a table of cases with an
// injected clock drives every rule. Rules, in the order they are explained:
// 1. a restriction the patient asked for (HIPAA 164.522) on the channel and purpose: deny, a hard
//    stop that nothing bypasses;
// 2. marketing and research need a grant naming that purpose, unexpired and not revoked since;
//    treatment, payment and operations need none;
// 3. channel consent: a revocation denies from its moment of receipt, an expired grant denies,
//    and a channel that needs express consent (SMS) denies without a grant;
// 4. caps on automated messages (per patient, per program, per appointment): defer to when the
//    window frees, or deny for the appointment cap;
// 5. quiet hours in the patient's own zone: defer to the end of the window;
// 6. a deferral past notAfter is a denial.
// A clinical callback about an open emergent triage item of this patient skips rules 3 to 5 and
// says so (bypassed); keyword replies (an opt-out's one confirmation, opt-in confirmation, HELP)
// answer the patient's own message and go at once within policy.keywordReplyMinutes.
GateDecision decideSend(const SendRequest &request, const GateFacts &facts,
                        const SendPolicy &policy, const QDateTime &now);

} // namespace CareDesk
