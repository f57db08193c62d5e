// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/Adherence.h"

namespace CareDesk {

QString persistenceName(Persistence state)
{
    switch (state) {
    case Persistence::Persistent:
        return QStringLiteral("persistent");
    case Persistence::Discontinued:
        return QStringLiteral("discontinued");
    case Persistence::NotYetDue:
        break;
    }
    return QStringLiteral("not-yet-due");
}

} // namespace CareDesk
