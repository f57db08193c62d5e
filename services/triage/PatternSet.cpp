// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/triage/PatternSet.h"

#include <algorithm>

namespace CareDesk {

namespace {

constexpr int kMaxGapWords = 2;
constexpr qsizetype kMinTypoWordLength = 4;
constexpr qsizetype kMinTypoSingleLength = 9;
constexpr qsizetype kMinRunTogetherTypoLength = 8;

// Optimal string alignment distance <= 1: one substitution, insertion, deletion or swap of
// neighbours ("pian" for "pain").
bool withinOneEdit(QStringView a, QStringView b)
{
    const qsizetype la = a.size();
    const qsizetype lb = b.size();
    if (la == lb) {
        qsizetype first = -1;
        for (qsizetype i = 0; i < la; ++i) {
            if (a[i] == b[i])
                continue;
            if (first >= 0) {
                const bool swapped = i == first + 1 && a[first] == b[i] && a[i] == b[first];
                return swapped && a.mid(i + 1) == b.mid(i + 1);
            }
            first = i;
        }
        return true;
    }
    if (qAbs(la - lb) != 1)
        return false;

    const QStringView longer = la > lb ? a : b;
    const QStringView shorter = la > lb ? b : a;
    qsizetype i = 0;
    while (i < shorter.size() && shorter[i] == longer[i])
        ++i;
    return shorter.mid(i) == longer.mid(i + 1);
}

// The first three UTF-16 units of a word as one number: stems are looked up by them.
quint64 headKey(const QString &word)
{
    quint64 key = 0;
    for (qsizetype i = 0; i < 3 && i < word.size(); ++i)
        key |= quint64(word.at(i).unicode()) << (16 * i);
    return key;
}

// Doubled letters do not tell words of four letters or more apart: "feverr", "bleding" and
// "dizy" meet "fever", "bleeding" and "dizzy"; "STOPPP" meets "stop" at any length.
bool squeezedMeets(const TermToken &termToken, const Token &token)
{
    constexpr qsizetype kMinSqueezedLength = 4;
    return (token.elongated || token.text.size() >= kMinSqueezedLength) &&
           token.squeezedHash == termToken.squeezedHash && token.squeezed == termToken.squeezed;
}

// A letter and a word length as one key, for the index of long single words.
quint64 letterKey(QChar letter, qsizetype length)
{
    return (quint64(letter.unicode()) << 32) | quint64(length);
}

bool tokenMeets(const TermToken &termToken, const Token &token)
{
    if (termToken.kind == TermToken::Kind::Exact) {
        return (token.hash == termToken.hash && token.text == termToken.text) ||
               squeezedMeets(termToken, token);
    }
    return token.kind == Token::Kind::Word &&
           (token.text.startsWith(termToken.text) ||
            (token.elongated && token.squeezed.startsWith(termToken.squeezed)));
}

qsizetype wordCount(const QList<TermToken> &tokens)
{
    return std::count_if(tokens.cbegin(), tokens.cend(),
                         [](const TermToken &token) { return token.kind != TermToken::Kind::Gap; });
}

} // namespace

void PatternSet::add(const Term &term, int payload, Matching matching)
{
    const bool tolerant = matching == Matching::Tolerant;
    const qsizetype words = wordCount(term.tokens);
    const bool singleLong = words == 1 && term.tokens.front().kind == TermToken::Kind::Exact &&
                            term.tokens.front().text.size() >= kMinTypoSingleLength;
    addEntry(Entry{term.tokens, payload, tolerant && (words > 1 || singleLong)});

    if (!tolerant || words < 2)
        return;

    // "chestpain", "shortofbreath": the words of the term typed without spaces.
    QString joined;
    for (const TermToken &token : term.tokens) {
        if (token.kind != TermToken::Kind::Exact || !token.text.front().isLetterOrNumber())
            return;
        joined += token.text;
    }
    const bool typoAllowed = joined.size() >= kMinRunTogetherTypoLength;
    addEntry(Entry{{makeTermToken(TermToken::Kind::Exact, joined)}, payload, typoAllowed});
}

void PatternSet::addEntry(Entry entry)
{
    const int id = int(m_entries.size());
    const TermToken &first = entry.tokens.front();

    if (first.kind == TermToken::Kind::Prefix) {
        m_stemFirst[headKey(first.text)].append(id);
        if (first.squeezed.left(3) != first.text.left(3))
            m_stemFirst[headKey(first.squeezed)].append(id);
    } else {
        m_byFirst[first.hash].append(id);
        if (first.squeezed != first.text)
            m_byFirst[first.squeezedHash].append(id);
    }

    if (entry.typoAllowed && entry.tokens.size() == 1) {
        // Within one edit, a word has the term's first letter at its first or second place, or
        // the term's second letter at its second or first place (a change, an insertion, a
        // deletion or a swap at the start), at a length one apart at most.
        const QString &word = first.text;
        QList<quint64> keys;
        for (qsizetype length = word.size() - 1; length <= word.size() + 1; ++length) {
            for (const QChar letter : {word.at(0), word.at(1)}) {
                if (const quint64 key = letterKey(letter, length); !keys.contains(key))
                    keys.append(key);
            }
        }
        for (const quint64 key : std::as_const(keys))
            m_longSingles[key].append(id);
    } else if (entry.typoAllowed && entry.tokens.at(1).kind == TermToken::Kind::Exact) {
        // A typo in the first word still leaves the second to find the term by.
        const TermToken &second = entry.tokens.at(1);
        m_bySecond[second.hash].append(id);
        if (second.squeezed != second.text)
            m_bySecond[second.squeezedHash].append(id);
    }
    m_entries.append(std::move(entry));
}

void PatternSet::candidatesAt(const QList<Token> &tokens, qsizetype at, Candidates &ids) const
{
    ids.clear();
    const Token &token = tokens.at(at);
    int lists = 0; // one list alone is in id order already, without repeats
    const auto collect = [&ids, &lists](const auto &index, const auto &key) {
        if (index.isEmpty())
            return;
        const auto found = index.constFind(key);
        if (found != index.constEnd()) {
            ids.append(found->constData(), found->size());
            ++lists;
        }
    };

    collect(m_byFirst, token.hash);
    if (token.squeezedHash != token.hash)
        collect(m_byFirst, token.squeezedHash);
    if (token.kind == Token::Kind::Word) {
        collect(m_stemFirst, headKey(token.text));
        if (token.elongated)
            collect(m_stemFirst, headKey(token.squeezed));
        const QString &word = token.text;
        if (!m_longSingles.isEmpty() && word.size() >= kMinRunTogetherTypoLength - 1) {
            collect(m_longSingles, letterKey(word.at(0), word.size()));
            if (word.at(1) != word.at(0))
                collect(m_longSingles, letterKey(word.at(1), word.size()));
        }
    }
    if (at + 1 < tokens.size() && !m_bySecond.isEmpty()) {
        const Token &next = tokens.at(at + 1);
        collect(m_bySecond, next.hash);
        if (next.squeezedHash != next.hash)
            collect(m_bySecond, next.squeezedHash);
    }

    if (lists > 1 && ids.size() > 1) {
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    }
}

bool PatternSet::matchFrom(const Entry &entry, qsizetype termPos, const QList<Token> &tokens,
                           qsizetype at, int typosLeft, Progress &progress) const
{
    if (termPos == entry.tokens.size()) {
        progress.last = at - 1;
        progress.typosLeftAtEnd = typosLeft;
        return true;
    }

    const TermToken &termToken = entry.tokens.at(termPos);
    if (termToken.kind == TermToken::Kind::Gap) {
        for (int skipped = 0; skipped <= kMaxGapWords; ++skipped) {
            if (skipped > 0) {
                const qsizetype gapIndex = at + skipped - 1;
                if (gapIndex >= tokens.size())
                    return false;
                const Token &gapToken = tokens.at(gapIndex);
                if (gapToken.kind != Token::Kind::Word || m_gapBlockers.contains(gapToken.text))
                    return false;
            }
            if (matchFrom(entry, termPos + 1, tokens, at + skipped, typosLeft, progress)) {
                // Only the path that matched marks its skipped words.
                for (qsizetype i = at; i < at + skipped && i - progress.start < 64; ++i)
                    progress.skipped |= quint64(1) << (i - progress.start);
                return true;
            }
        }
        return false;
    }

    if (at >= tokens.size())
        return false;
    const Token &token = tokens.at(at);
    if (tokenMeets(termToken, token))
        return matchFrom(entry, termPos + 1, tokens, at + 1, typosLeft, progress);

    const bool typoPossible = typosLeft > 0 && termToken.kind == TermToken::Kind::Exact &&
                              token.kind == Token::Kind::Word &&
                              termToken.text.size() >= kMinTypoWordLength &&
                              token.text.size() >= kMinTypoWordLength;
    if (typoPossible && withinOneEdit(token.text, termToken.text))
        return matchFrom(entry, termPos + 1, tokens, at + 1, typosLeft - 1, progress);
    return false;
}

std::optional<PatternMatch> PatternSet::matchEntry(int entryId, const QList<Token> &tokens,
                                                   qsizetype at) const
{
    const Entry &entry = m_entries.at(entryId);
    // Most candidates fail at their second word ("my" begins hundreds of terms): without a typo
    // to allow, its hashes say so before any string is compared.
    if (!entry.typoAllowed && entry.tokens.size() >= 2 &&
        entry.tokens.at(1).kind == TermToken::Kind::Exact) {
        if (at + 1 >= tokens.size())
            return std::nullopt;
        const Token &next = tokens.at(at + 1);
        const TermToken &second = entry.tokens.at(1);
        if (next.hash != second.hash && next.squeezedHash != second.squeezedHash)
            return std::nullopt;
    }
    const int typos = entry.typoAllowed ? 1 : 0;
    Progress progress;
    progress.start = at;
    if (!matchFrom(entry, 0, tokens, at, typos, progress))
        return std::nullopt;
    return PatternMatch{at, progress.last, entry.payload, progress.typosLeftAtEnd < typos,
                        progress.skipped};
}

QList<PatternMatch> PatternSet::findAll(const QList<Token> &tokens) const
{
    QList<PatternMatch> matches;
    Candidates ids;
    for (qsizetype at = 0; at < tokens.size(); ++at) {
        candidatesAt(tokens, at, ids);
        for (const int id : ids) {
            if (const auto match = matchEntry(id, tokens, at))
                matches.append(*match);
        }
    }
    return matches;
}

std::optional<PatternMatch> PatternSet::longestAt(const QList<Token> &tokens, qsizetype at) const
{
    std::optional<PatternMatch> best;
    if (at >= tokens.size())
        return best;

    Candidates ids;
    candidatesAt(tokens, at, ids);
    for (const int id : ids) {
        const auto match = matchEntry(id, tokens, at);
        if (!match)
            continue;
        const bool better = !best || match->last > best->last ||
                            (match->last == best->last && best->fuzzy && !match->fuzzy);
        if (better)
            best = match;
    }
    return best;
}

} // namespace CareDesk
