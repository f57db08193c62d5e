// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace CareDesk {

// Order matters: a higher value is more urgent, and priority only ever rises.
enum class TriageTier { Routine = 0, Urgent = 1, Emergent = 2 };

// The words used in JSON, the CLI and the database: "emergent", "urgent", "routine".
QString tierName(TriageTier tier);
std::optional<TriageTier> tierFromName(const QString &name);

} // namespace CareDesk
