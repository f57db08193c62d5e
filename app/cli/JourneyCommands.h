// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QStringList>
#include <QTextStream>

namespace CareDesk {

class AppContext;

// caredesk-cli's journey, adherence and mentor commands (listed by journeyCommandHelp()).
bool isJourneyCommand(const QString &command);
QString journeyCommandHelp();

// Runs args (the command and its words) against ctx, writing to out; returns the exit code,
// or the error for caredesk-cli to report with its exit code.
Result<int> runJourneyCommand(AppContext &ctx, const QStringList &args, bool json,
                              QTextStream &out);

} // namespace CareDesk
