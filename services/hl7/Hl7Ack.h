// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/hl7/Hl7Message.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace CareDesk {

// MSA-1 acknowledgment codes (original acknowledgment mode).
enum class Hl7AckCode { Accept, Error, Reject }; // AA, AE, AR

QByteArray hl7AckCodeText(Hl7AckCode code);

// What the sender put in its MSH, read leniently enough to answer even a broken message: the
// separators (standard ones when MSH-1/MSH-2 are unusable) and the raw, still escaped, fields
// an acknowledgment echoes.
struct Hl7AckHeader {
    Hl7Delimiters delimiters;
    QByteArray encodingCharacters = "^~\\&"; // MSH-2 as sent, when usable
    QByteArray sendingApplication;           // MSH-3
    QByteArray sendingFacility;              // MSH-4
    QByteArray receivingApplication;         // MSH-5
    QByteArray receivingFacility;            // MSH-6
    QByteArray messageType;                  // MSH-9.1
    QByteArray triggerEvent;                 // MSH-9.2
    QByteArray controlId;                    // MSH-10
    QByteArray processingId;                 // MSH-11
    QByteArray version;                      // MSH-12.1
    QByteArray charset; // MSH-18.1 of the first repetition, when this reader knows the set
    bool found = false; // an MSH with a usable field separator was there
};

// Reads the first MSH of `received` (after any BOM, blanks or MLLP bytes). Never fails.
Hl7AckHeader readAckHeader(QByteArrayView received);

struct Hl7AckOptions {
    QByteArray application = "CareDesk"; // MSH-3 of the ACK when the sender named no MSH-5
    QByteArray facility;                 // MSH-4 of the ACK when the sender named no MSH-6
    QDateTime now;                       // MSH-7
    QByteArray controlId;                // MSH-10 of the ACK itself
};

// Builds the ACK for a received message, in the sender's separators: MSH (applications swapped,
// MSH-11/MSH-12 echoed), MSA (code, the sender's MSH-10, a short text), and for AE/AR an ERR
// saying where and what (ERR-2/3/4/8 from v2.5 on, ERR-1 before). Segments end with CR; the
// caller adds MLLP framing. Texts name places, never patient data.
QByteArray buildHl7Ack(const Hl7AckHeader &header, Hl7AckCode code, const Hl7Problem *problem,
                       const Hl7AckOptions &options, const QString &acceptText = QString());

} // namespace CareDesk
