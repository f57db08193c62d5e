// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/triage/ContextAnnotator.h"

namespace CareDesk {

namespace {

// Words allowed between a cue and the nearest concept it reaches.
int windowFor(CueCategory category, bool forward)
{
    switch (category) {
    case CueCategory::Negation:
        return forward ? 4 : 3; // "don't have any kind of X" / "X is completely gone"
    case CueCategory::Uncertainty:
        return forward ? 5 : 3; // "not sure if what I feel is X"
    case CueCategory::Historical:
        return 4; // "used to get really bad X" / "had X at the gym last year"
    case CueCategory::OtherPerson:
        return forward ? 5 : 3; // "my mom has been having really bad X"
    case CueCategory::Affirmation:
        return 4; // "never had X this bad"
    case CueCategory::Recurrence:
        return 8; // "X went away for a while but came back"
    case CueCategory::Hypothetical:
        return forward ? 6 : 3; // "what should I do if I ever get X"
    default:
        return 0;
    }
}

bool isTrigger(CueCategory category)
{
    switch (category) {
    case CueCategory::Negation:
    case CueCategory::Uncertainty:
    case CueCategory::Historical:
    case CueCategory::OtherPerson:
    case CueCategory::Affirmation:
    case CueCategory::Recurrence:
    case CueCategory::Hypothetical:
        return true;
    default:
        return false;
    }
}

bool endsSentence(const Token &token)
{
    static const QStringList enders{QStringLiteral("."),  QStringLiteral("!"),
                                    QStringLiteral("?"),  QStringLiteral(";"),
                                    QStringLiteral("\n"), QStringLiteral("\u0964")};
    return token.kind == Token::Kind::Punct && enders.contains(token.text);
}

bool isConnector(CueCategory category)
{
    return category == CueCategory::StrongConnector || category == CueCategory::WeakConnector;
}

} // namespace

ContextAnnotator::ContextAnnotator(const QList<Token> &tokens, const QList<PatternMatch> &concepts,
                                   const QList<PatternMatch> &cues, const QList<CueInfo> &cueInfo,
                                   const QSet<QString> &negationGapWords)
    : m_tokens(tokens)
    , m_concepts(concepts)
    , m_cues(cues)
    , m_cueInfo(cueInfo)
    , m_negationGapWords(negationGapWords)
    , m_conceptStartAt(tokens.size(), -1)
    , m_conceptEndAt(tokens.size(), -1)
    , m_cueAt(tokens.size(), -1)
{
    for (qsizetype i = 0; i < concepts.size(); ++i) {
        m_conceptStartAt[concepts.at(i).first] = i;
        m_conceptEndAt[concepts.at(i).last] = i;
    }
    for (qsizetype i = 0; i < cues.size(); ++i) {
        for (qsizetype t = cues.at(i).first; t <= cues.at(i).last; ++t)
            m_cueAt[t] = i;
    }
}

const CueInfo &ContextAnnotator::infoAt(qsizetype token) const
{
    return m_cueInfo.at(m_cues.at(m_cueAt.at(token)).payload);
}

bool ContextAnnotator::endsScope(qsizetype token, CueCategory scope) const
{
    if (m_cueAt.at(token) < 0)
        return m_tokens.at(token).kind == Token::Kind::Punct;

    const CueCategory category = infoAt(token).category;
    if (category == CueCategory::Terminator || isTrigger(category))
        return true;
    if (category == CueCategory::SelfReference && scope == CueCategory::OtherPerson)
        return true;
    return m_tokens.at(token).kind == Token::Kind::Punct && !isConnector(category);
}

bool ContextAnnotator::isGapWord(qsizetype token, CueCategory scope) const
{
    const Token &word = m_tokens.at(token);
    if (word.kind != Token::Kind::Word)
        return false;
    if (scope != CueCategory::Negation)
        return true;
    return m_negationGapWords.contains(word.text);
}

std::optional<qsizetype> ContextAnnotator::nearestConcept(const PatternMatch &cue,
                                                          CueCategory category, bool forward) const
{
    const int window = windowFor(category, forward);
    const qsizetype step = forward ? 1 : -1;
    int words = 0;
    // A recurrence reaches back over clauses and other cues, to the start of its sentence.
    const bool wholeSentence = category == CueCategory::Recurrence;

    for (qsizetype t = forward ? cue.last + 1 : cue.first - 1; t >= 0 && t < m_tokens.size();
         t += step) {
        const qsizetype found = forward ? m_conceptStartAt.at(t) : m_conceptEndAt.at(t);
        if (found >= 0)
            return found;
        if (wholeSentence) {
            if (endsSentence(m_tokens.at(t)) || ++words > window)
                return std::nullopt;
            continue;
        }
        // A comma before the first concept ends the scope too: "No, I have chest pain".
        if (endsScope(t, category) || m_tokens.at(t).kind == Token::Kind::Punct)
            return std::nullopt;
        if (!isGapWord(t, category) || ++words > window)
            return std::nullopt;
    }
    return std::nullopt;
}

QList<qsizetype> ContextAnnotator::listFrom(qsizetype start, bool forward, QList<Link> *links) const
{
    QList<qsizetype> list{start};
    const qsizetype step = forward ? 1 : -1;

    for (;;) {
        const PatternMatch &current = m_concepts.at(list.back());
        qsizetype t = forward ? current.last + 1 : current.first - 1;
        bool strong = false;
        bool word = false;
        qsizetype next = -1;

        while (t >= 0 && t < m_tokens.size()) {
            next = forward ? m_conceptStartAt.at(t) : m_conceptEndAt.at(t);
            if (next >= 0)
                break;

            const qsizetype cue = m_cueAt.at(t);
            if (cue >= 0 && isConnector(m_cueInfo.at(m_cues.at(cue).payload).category)) {
                const PatternMatch &connector = m_cues.at(cue);
                strong = strong ||
                         m_cueInfo.at(connector.payload).category == CueCategory::StrongConnector;
                word = word || m_tokens.at(connector.first).kind == Token::Kind::Word;
                t = forward ? connector.last + 1 : connector.first - 1;
                continue;
            }
            // "or any shortness of breath": filler words may sit inside the list.
            if (cue < 0 && isGapWord(t, CueCategory::Negation)) {
                t += step;
                continue;
            }
            return list;
        }
        if (next < 0)
            return list;
        list.append(next);
        links->append(strong ? Link::Strong : word ? Link::Word : Link::PunctOnly);
    }
}

void ContextAnnotator::apply(CueCategory category, const QList<qsizetype> &list,
                             const QList<Link> &links, QList<ContextFlags> &flags) const
{
    const bool anyStrong = links.contains(Link::Strong);
    for (qsizetype k = 0; k < list.size(); ++k) {
        // Only a negation reads on past a bare comma, and then only as "ambiguous" (below):
        // "creo que es un derrame, no siento la pierna" keeps its second red flag affirmed.
        if (k > 0 && category != CueCategory::Negation && links.at(k - 1) == Link::PunctOnly)
            break;
        ContextFlags &f = flags[list.at(k)];
        switch (category) {
        case CueCategory::Negation:
            // "no chest pain, shortness of breath or palpitations" is one list; "no fever, chest
            // pain since noon" may be two clauses. Without an "or" only the first is sure.
            if (k == 0 || anyStrong)
                f.negated = true;
            else
                f.negationAmbiguous = true;
            break;
        case CueCategory::Uncertainty:
            f.uncertain = true;
            break;
        case CueCategory::Historical:
            f.historical = true;
            break;
        case CueCategory::OtherPerson:
            f.otherPerson = true;
            break;
        case CueCategory::Affirmation:
        case CueCategory::Recurrence:
            f.reaffirmed = true;
            break;
        case CueCategory::Hypothetical:
            f.hypothetical = true;
            break;
        default:
            break;
        }
    }
}

QList<ContextFlags> ContextAnnotator::annotate() const
{
    QList<ContextFlags> flags(m_concepts.size());
    for (const PatternMatch &cue : m_cues) {
        const CueInfo &info = m_cueInfo.at(cue.payload);
        if (!isTrigger(info.category))
            continue;

        for (const bool forward : {true, false}) {
            if (forward ? !info.pre : !info.post)
                continue;
            const auto nearest = nearestConcept(cue, info.category, forward);
            if (!nearest)
                continue;
            QList<Link> links;
            const QList<qsizetype> list = listFrom(*nearest, forward, &links);
            apply(info.category, list, links, flags);
        }
    }
    return flags;
}

} // namespace CareDesk
