// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/hl7/AdtEvent.h"

#include <QDateTime>
#include <QStringView>

namespace CareDesk {

// Reads an HL7 DTM / TS value "YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]". `raw` keeps the text as
// sent (trimmed); `iso` is the same value in ISO 8601 at the precision sent, with the offset
// copied as text and never applied ("200601021530-0500" -> "2006-01-02T15:30-05:00"). A date
// without a time drops its offset from `iso`, since ISO 8601 dates carry none. An impossible or
// malformed value (month 13, odd length, bad offset) gives an empty `iso`.
Hl7Timestamp parseHl7Timestamp(QStringView text);

// A key that sorts timestamps in time order: "YYYYMMDDHHMMSS.FFFF", missing parts as zeros,
// a value with an offset moved to UTC, one without taken as sent (the sender's wall clock,
// never converted through this machine's time zone). Empty when the value is not valid.
QString hl7SortKey(const Hl7Timestamp &timestamp);

// The timestamp as a QDateTime for ordering on a timeline: with an offset, that instant; without
// one, the sender's wall-clock reading kept as it is (labelled UTC, never shifted through this
// machine's zone); a date alone at midnight. Invalid when the value is not valid.
QDateTime hl7TimelineTime(const Hl7Timestamp &timestamp);

// The value as a person reads it, at the precision sent: "2006", "2006-01-02 15:30 -05:00".
QString hl7DisplayTime(const Hl7Timestamp &timestamp);

} // namespace CareDesk
