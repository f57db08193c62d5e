// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/Classification.h"

namespace CareDesk {

QString evidenceContextName(EvidenceContext context)
{
    switch (context) {
    case EvidenceContext::Negated:
        return QStringLiteral("negated");
    case EvidenceContext::Uncertain:
        return QStringLiteral("uncertain");
    case EvidenceContext::Historical:
        return QStringLiteral("historical");
    case EvidenceContext::OtherPerson:
        return QStringLiteral("other-person");
    case EvidenceContext::Affirmed:
        break;
    }
    return QStringLiteral("affirmed");
}

} // namespace CareDesk
