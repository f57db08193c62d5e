// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/hl7/Hl7Message.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace CareDesk {

// A patient identifier as sent in PID-3 / MRG-1 (CX): value, assigning authority, type code.
struct Hl7Identifier {
    QString value;
    QString authority; // CX-4 first component, may be empty
    QString typeCode;  // CX-5, e.g. "MR", may be empty
};

// HL7 timestamps keep the precision they were sent with and are never shifted through a time
// zone: "2006" stays a year, "200601021530-0500" keeps its offset text.
struct Hl7Timestamp {
    QString raw; // digits as sent (TS/DTM first component), empty if absent
    // Same instant/date in ISO 8601 at the sent precision, e.g. "2006-01-02T15:30-05:00"; empty
    // when `raw` is not a valid DTM (month 13, odd length).
    QString iso;
};

struct AdtPatient {
    QList<Hl7Identifier> identifiers; // PID-3 repetitions (PID-2 / PID-4 appended when present)
    QString family;                   // PID-5.1 (first repetition)
    QString given;                    // PID-5.2
    Hl7Timestamp birthDate;           // PID-7
    QString sex;                      // PID-8 as sent (M, F, O, U, ...)
    QString phone;                    // PID-13 first repetition, first non-empty number
    QString accountNumber;            // PID-18 CX.1, may be empty
};

struct AdtEncounter {
    QString visitNumber;  // PV1-19 CX.1, else PID-18 (account) CX.1; may be empty
    QString patientClass; // PV1-2 (I, O, E, ...)
    // PV1-3 components joined with '^' trimmed of empties, e.g. "2000^2012^01"
    QString location;
    QString priorLocation;      // PV1-6, the same way (transfers)
    Hl7Timestamp admitTime;     // PV1-44
    Hl7Timestamp dischargeTime; // PV1-45
};

// One ADT message reduced to what CareDesk keeps. Produced by parseAdtMessages().
struct AdtEvent {
    QString controlId;          // MSH-10 (unique only per sender)
    QString sendingApplication; // MSH-3.1
    QString sendingFacility;    // MSH-4.1: scopes control ids and unqualified identifiers
    QString messageType;        // MSH-9.1, "ADT"
    QString triggerEvent;       // MSH-9.2 (or EVN-1 when MSH-9.2 is empty), e.g. "A01"
    QString version;            // MSH-12
    QString processingId;       // MSH-11 (P production, T training, D debugging)
    Hl7Timestamp messageTime;   // MSH-7
    // When the event happened: EVN-6 (event occurred), else EVN-2 (recorded), else MSH-7.
    Hl7Timestamp eventTime;
    AdtPatient patient;
    std::optional<AdtEncounter> encounter;  // when a PV1 segment with content is present
    QList<Hl7Identifier> mergedIdentifiers; // MRG-1 for A34/A35/A39/A40 (the non-surviving ids)
    QString mergedAccount;                  // MRG-3 CX.1 (A35, A36, A41), may be empty
    QString mergedVisit;                    // MRG-5 CX.1 (A42), may be empty
    qsizetype messageIndex = 0;             // 0-based position of the message in the file
    qsizetype groupIndex = 0;               // 0-based patient group within the message
};

// Result of reading one HL7 v2 file (single message, several messages, or FHS/BHS batch).
struct AdtParseResult {
    // ADT messages, in file order. One event per patient group: a message that repeats PID
    // (A40 with several PID/MRG pairs, A17 swaps) gives one event per PID, all with the same
    // messageIndex.
    QList<AdtEvent> events;
    // Well-formed messages that are not ADT (ORU, ORM, ...): counted, not kept.
    int skippedMessages = 0;
    QStringList skippedTypes; // their MSH-9 "TYPE^EVENT", same order
};

// One message read for ADT: its patient groups, or (for another message type) just the type.
struct AdtMessageRead {
    bool isAdt = false;
    QString type;           // MSH-9 "TYPE^EVENT" as sent
    QList<AdtEvent> groups; // ADT only: one per PID, in message order
};

// Reads one checked message. Errors name the place and, in `problem`, the ERR location and code.
Result<AdtMessageRead> readAdtMessage(const Hl7Message &message, Hl7Problem *problem = nullptr);

// Parses the bytes of an HL7 v2 ER7 file. On malformed input returns Error::Code::InvalidInput
// with a message naming the place ("message 2, segment 3 (PID), field 5: ..." or "byte 0: no MSH
// segment"), never a field value. Never crashes on garbage; bounded time and memory for any input.
// An ADT message must have a PID with an identifier in PID-3 and a name in PID-5; merges (A18,
// A30, A34-A36, A39-A42) only need the PID segment. One bad message rejects the whole file.
Result<AdtParseResult> parseAdtMessages(const QByteArray &bytes, const Hl7ReadOptions &options = {},
                                        Hl7Problem *problem = nullptr);

// Whether a trigger event merges or moves identities (A18, A30, A34-A36, A39-A42): such
// messages name the surviving patient in PID and the retired identifiers in MRG.
bool isMergeTrigger(const QString &trigger);

} // namespace CareDesk
