// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/triage/LexiconIndex.h"

#include "services/triage/ReplyTokenizer.h"

namespace CareDesk {

LexiconIndex LexiconIndex::build(const QList<Lexicon> &packs)
{
    LexiconIndex index;
    QSet<QString> gapBlockers;
    QStringList versions;

    for (const Lexicon &pack : packs) {
        for (const Concept &entry : pack.concepts) {
            const int ref = int(index.conceptRefs.size());
            index.conceptRefs.append(ConceptRef{entry.flag, entry.tier, entry.withOtherSymptom,
                                                entry.reviewWhenNegated, false, entry.withFlags});
            // Only red flags tolerate typos: a missed emergency costs more than a false alarm.
            const auto matching = entry.tier == TriageTier::Routine
                                      ? PatternSet::Matching::Exact
                                      : PatternSet::Matching::Tolerant;
            for (const Term &term : entry.terms)
                index.concepts.add(term, ref, matching);
            if (entry.numbers)
                index.numberRules.append(IndexedNumberRule{*entry.numbers, ref});
        }
        for (const Term &term : pack.exclusions) {
            const int ref = int(index.conceptRefs.size());
            index.conceptRefs.append(
                ConceptRef{QString(), TriageTier::Routine, {}, false, true, {}});
            index.concepts.add(term, ref);
        }
        gapBlockers.unite(pack.gapBlockers);

        for (const Cue &cue : pack.cues) {
            const int info = int(index.cueInfo.size());
            index.cueInfo.append(CueInfo{cue.category, cue.pre, cue.post});
            index.cues.add(cue.term, info);
        }
        index.negationGapWords.unite(pack.negationGapWords);

        // Opt-out is a legal record: keywords match exactly as listed ("optout" is listed too).
        for (const Term &term : pack.optOutKeywords)
            index.optOutKeywords.add(term, 0);
        for (const Term &term : pack.optOutPrefixes)
            index.optOutPrefixes.add(term, 0);
        for (const Term &term : pack.optOutNegators)
            index.optOutNegators.add(term, 0);
        index.optOutFillers.unite(pack.optOutFillers);

        for (const Term &term : pack.therapyLinks)
            index.therapyLinks.add(term, 0);
        index.adverseEventConcepts.unite(pack.adverseEventConcepts);
        index.notSymptoms.unite(pack.notSymptoms);
        index.improvementWords.unite(pack.improvementWords);

        const quint32 packBit = 1u << index.languages.size();
        for (const QString &word : pack.vocabulary) {
            index.vocabulary[ReplyTokenizer::wordHash(word)] |= packBit;
            for (const QChar c : word) {
                if (c.isLetter())
                    index.scripts.insert(c.script());
            }
        }
        index.languages.append(pack.language);
        versions.append(pack.language + QLatin1Char(':') + pack.version);
    }

    for (const Lexicon &pack : packs) {
        for (const QString &word : pack.otherLanguageWords) {
            const quint64 hash = ReplyTokenizer::wordHash(word);
            if (!index.vocabulary.contains(hash))
                index.otherLanguageWords.insert(hash);
        }
    }
    index.concepts.setGapBlockers(gapBlockers);
    index.therapyLinks.setGapBlockers(gapBlockers);
    index.version = versions.join(QLatin1Char(','));
    return index;
}

} // namespace CareDesk
