// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/hl7/AdtEvent.h"

#include <QStringView>

namespace CareDesk {

// Reads an HL7 DTM / TS value "YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]". `raw` keeps the text as
// sent (trimmed); `iso` is the same value in ISO 8601 at the precision sent, with the offset
// copied as text and never applied ("200601021530-0500" -> "2006-01-02T15:30-05:00"). A date
// without a time drops its offset from `iso`, since ISO 8601 dates carry none. An impossible or
// malformed value (month 13, odd length, bad offset) gives an empty `iso`.
Hl7Timestamp parseHl7Timestamp(QStringView text);

} // namespace CareDesk
