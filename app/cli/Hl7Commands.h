// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QStringList>
#include <QTextStream>

namespace CareDesk {

class AppContext;

// caredesk-cli hl7 ...: the HL7 v2 interface's dead letters.
//   hl7 dead-letters [all]   open dead letters (all: replayed and discarded too), newest first
//   hl7 show ID              one dead letter with its raw message (segments one per line)
//   hl7 replay ID            apply it again with today's settings (hl7/* keys)
//   hl7 discard ID           close it without applying it
bool isHl7Command(const QString &command);
QString hl7CommandHelp();
Result<int> runHl7Command(AppContext &ctx, const QStringList &args, bool json, QTextStream &out);

} // namespace CareDesk
