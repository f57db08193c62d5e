// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/TriageTier.h"

namespace CareDesk {

QString tierName(TriageTier tier)
{
    switch (tier) {
    case TriageTier::Emergent:
        return QStringLiteral("emergent");
    case TriageTier::Urgent:
        return QStringLiteral("urgent");
    case TriageTier::Routine:
        break;
    }
    return QStringLiteral("routine");
}

std::optional<TriageTier> tierFromName(const QString &name)
{
    if (name == QLatin1String("emergent"))
        return TriageTier::Emergent;
    if (name == QLatin1String("urgent"))
        return TriageTier::Urgent;
    if (name == QLatin1String("routine"))
        return TriageTier::Routine;
    return std::nullopt;
}

} // namespace CareDesk
