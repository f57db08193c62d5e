// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Classification.h"

#include <QString>

namespace CareDesk {

// The reply as HTML with the evidence marked: red flags affirmed in bold on amber, uncertain
// ones underlined, negated or not-about-the-patient ones struck through in grey, words tying a
// symptom to the therapy (possible adverse event) underlined on lilac. Text is
// escaped; offsets outside the text are ignored.
QString highlightedReplyHtml(const QString &reply, const QList<Evidence> &evidence);

} // namespace CareDesk
