// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/triage/OptOutDetector.h"

namespace CareDesk {

namespace {

const QString &optOutFlag()
{
    static const QString flag = QStringLiteral("opt-out");
    return flag;
}

} // namespace

OptOutResult OptOutDetector::detect(const QString &reply, const QList<Token> &tokens,
                                    const QList<bool> &clinical) const
{
    OptOutResult result;
    QList<Token> words;
    QList<bool> wordIsClinical;
    for (qsizetype i = 0; i <= tokens.size(); ++i) {
        if (i == tokens.size() || tokens.at(i).kind == Token::Kind::Punct) {
            if (!words.isEmpty())
                detectInClause(reply, words, wordIsClinical, result);
            words.clear();
            wordIsClinical.clear();
        } else {
            words.append(tokens.at(i));
            wordIsClinical.append(clinical.at(i));
        }
    }
    return result;
}

void OptOutDetector::detectInClause(const QString &reply, const QList<Token> &words,
                                    const QList<bool> &clinical, OptOutResult &result) const
{
    qsizetype at = 0;
    while (const auto prefix = m_index.optOutPrefixes.longestAt(words, at))
        at = prefix->last + 1;

    // Only a keyword that opens the clause counts: "I can't stop coughing" is no request.
    // The keyword is tried before a negator, so "no más mensajes" stays a keyword.
    bool negated = false;
    auto keyword = m_index.optOutKeywords.longestAt(words, at);
    if (!keyword) {
        const auto negator = m_index.optOutNegators.longestAt(words, at);
        if (!negator)
            return;
        keyword = m_index.optOutKeywords.longestAt(words, negator->last + 1);
        if (!keyword)
            return;
        negated = true;
    }

    bool onlyFiller = true;
    for (qsizetype i = keyword->first; i < words.size() && onlyFiller; ++i) {
        if (clinical.at(i))
            onlyFiller = false;
        else if (i > keyword->last)
            onlyFiller = m_index.optOutFillers.contains(words.at(i).text) ||
                         m_index.optOutFillers.contains(words.at(i).squeezed);
    }

    Evidence evidence;
    evidence.start = words.at(keyword->first).start;
    evidence.length = words.at(keyword->last).end - evidence.start;
    evidence.matchedText = reply.mid(evidence.start, evidence.length);
    evidence.flag = optOutFlag();
    evidence.tier = TriageTier::Routine;
    if (negated)
        evidence.context = EvidenceContext::Negated;
    else if (!onlyFiller)
        evidence.context = EvidenceContext::Uncertain;
    result.evidence.append(evidence);

    if (!negated && onlyFiller)
        result.optOut = true;
    else
        result.needsReview = true;
}

} // namespace CareDesk
