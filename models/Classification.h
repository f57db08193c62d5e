// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/TriageTier.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace CareDesk {

// How a matched term stands in its clause (NegEx/ConText style).
enum class EvidenceContext { Affirmed, Negated, Uncertain, Historical, OtherPerson };

QString evidenceContextName(EvidenceContext context);

// One piece of text that the classifier matched. start/length index the reply as received
// (UTF-16 code units of the original QString), so the UI can highlight exactly those words;
// matchedText holds only the words the lexicon named, with words a '*' of the term skipped
// shown as "…" (they are the patient's own, and evidence is printed where message text is not).
struct Evidence {
    qsizetype start = 0;
    qsizetype length = 0;
    QString matchedText;                   // the lexicon's words of [start, start + length)
    QString flag;                          // lexicon concept, e.g. "chest-pain", "opt-out"
    TriageTier tier = TriageTier::Routine; // tier this concept carries when affirmed
    EvidenceContext context = EvidenceContext::Affirmed;
};

struct Classification {
    TriageTier tier = TriageTier::Routine;
    bool optOut = false;
    bool needsReview = false; // uncertain or other-experiencer mentions: a person should look
    // The patient links a symptom of their own to the therapy ("rash since I started the
    // injection"): a possible adverse event for pharmacovigilance, whatever the tier.
    bool possibleAdverseEvent = false;
    QStringList adverseEventSymptoms; // the concept flags of the symptoms so tied
    QString language;                 // "en", "es", ... (best guess)
    QList<Evidence> evidence;         // affirmed and non-affirmed matches, in text order
};

} // namespace CareDesk
