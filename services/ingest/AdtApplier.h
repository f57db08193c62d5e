// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/hl7/AdtEvent.h"

#include <QByteArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <memory>

namespace CareDesk {

class AuditLog;
class Clock;
class PatientStore;
class StatementCache;
struct AdtVisitState;

// What taking one ADT message did.
struct AdtApplied {
    bool duplicate = false; // the same message (sender, MSH-10, content) was stored before
    qint64 messageId = 0;   // hl7_messages row
    int merges = 0;         // patients merged into a survivor
    QStringList masterIds;  // patients the message spoke for, in group order
};

// Applies ADT messages to the cache inside the caller's transaction, so that the final state
// depends only on the set of messages taken, never on the order they arrived in or on how often:
//
// - A message is stored raw with its sender (MSH-3@MSH-4), MSH-10 and a digest of its content
//   (MSH-7 left out, so a resend stamped anew is still the same message). Taking it again is a
//   no-op. A different message that reuses an MSH-10 is a message of its own.
// - Each patient group updates identity and aliases, and adds a mark on the journey timeline.
//   Identity and each encounter (keyed by sender and visit number) are folded from every event
//   stored for them, in event-time order (EVN-6, else EVN-2, else MSH-7; then MSH-10 and the
//   digest), so a late A08 never overwrites a newer one and an A03 that overtook its A01 still
//   leaves the visit finished. An event newer than every other of its visit is laid over the
//   visit's stored state (which is that fold, with the newest order key in "asOf"); only a late
//   one makes the visit folded again from all its events.
// - A34, A35, A39, A40 (and the other merges) move everything of the patient named in MRG-1 to
//   the one in PID-3 (records, replies, open triage items, consent events, HL7 events), keep the
//   old identifiers as aliases of the survivor, and write a "merge-patient" audit entry.
class AdtApplier
{
public:
    AdtApplier(QSqlDatabase db, AuditLog &audit, const Clock &clock, QString actor);

    // `message` is the parsed message and `read` what readAdtMessage() made of it; `channel`
    // says how it came ("mllp", "file", "replay").
    Result<AdtApplied> apply(const Hl7Message &message, const AdtMessageRead &read,
                             const QString &channel);

    // The digest that identifies a message's content: SHA-256 over its segments as sent,
    // joined by CR, with MSH-7 left out.
    static QByteArray contentDigest(const Hl7Message &message);
    // "MSH-3.1@MSH-4.1": control IDs and identifiers without an authority are unique only there.
    static QString senderScope(const AdtEvent &event);

private:
    Result<QString> applyGroup(PatientStore &store, const AdtEvent &event, qint64 messageId,
                               const QString &digest, const QString &channel, int &merges);
    VoidResult moveEncounter(PatientStore &store, const QString &sender, const QString &from,
                             const QString &to);
    VoidResult foldIdentity(PatientStore &store, const QString &masterId);
    VoidResult foldEncounter(PatientStore &store, const QString &sender,
                             const QString &visitNumber);
    VoidResult addToEncounter(PatientStore &store, const QString &sender,
                              const QString &visitNumber, const QString &orderKey,
                              const QString &trigger, const QJsonObject &fields,
                              const QString &masterId);
    VoidResult writeVisit(PatientStore &store, const QString &sender, const QString &visitNumber,
                          const AdtVisitState &state, int events, const QString &asOf);

    QSqlDatabase m_db;
    AuditLog &m_audit;
    const Clock &m_clock;
    QString m_actor;
    // Prepared statements for the applier's life (a batch of frames), shared with the
    // PatientStore made for each message.
    std::shared_ptr<StatementCache> m_statements;
};

} // namespace CareDesk
