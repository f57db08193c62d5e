// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Classification.h"
#include "services/triage/LexiconIndex.h"
#include "services/triage/ReplyTokenizer.h"

#include <QList>

namespace CareDesk {

struct OptOutResult {
    bool optOut = false;
    bool needsReview = false; // a keyword used in a way that may or may not revoke consent
    QList<Evidence> evidence;
};

// Finds opt-out requests (case 25). A clause (text between punctuation marks) revokes consent
// when it is an opt-out keyword, optionally after politeness ("please", "can you") and followed
// only by filler: "STOP please", "Stop!!", "stop texting me", "Stop. Thank you", "stop, I have
// chest pain" (the clinical clause is triaged as well). A keyword followed by something else
// ("stop the meds, they make me sick", "cancel my appointment") or negated ("don't stop the
// reminders") is not an opt-out; it is returned as evidence and sent to review. So is a clause
// with a clinical concept in it: "end it all" is a red flag, never a request to stop messages.
class OptOutDetector
{
public:
    explicit OptOutDetector(const LexiconIndex &index)
        : m_index(index)
    {}

    // clinical[i] is true when a concept or an exclusion covers token i.
    OptOutResult detect(const QString &reply, const QList<Token> &tokens,
                        const QList<bool> &clinical) const;

private:
    void detectInClause(const QString &reply, const QList<Token> &words,
                        const QList<bool> &clinical, OptOutResult &result) const;

    const LexiconIndex &m_index;
};

} // namespace CareDesk
