// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace CareDesk {

// One word or punctuation mark of a reply after normalisation: NFKC, case fold, Latin accents
// dropped ("respiración" -> "respiracion"), apostrophes inside words dropped ("don't" -> "dont").
// start/end index the string as received, so evidence can highlight the patient's own words.
struct Token {
    enum class Kind { Word, Punct };

    Kind kind = Kind::Word;
    QString text;
    QString squeezed;         // runs of one character collapsed: "painnn" -> "pain"
    bool elongated = false;   // had a run of three or more of one character ("STOPPP", "sooo")
    quint64 hash = 0;         // wordHash(text), computed once for the lexicon indexes
    quint64 squeezedHash = 0; // wordHash(squeezed)
    qsizetype start = 0;
    qsizetype end = 0; // one past the last UTF-16 unit
};

// Splits replies and lexicon terms the same way, so that both sides of a match agree.
// Punctuation that can end a clause or join a list is kept as a token (runs such as "!!!"
// become one token); emoji, symbols, brackets and quotes only separate words.
class ReplyTokenizer
{
public:
    static QList<Token> tokenize(const QString &text);
    static QString squeeze(const QString &word);
    // FNV-1a over UTF-16 units: cheap enough to index every word of a reply by. Equal words
    // have equal hashes; indexes still compare the words themselves.
    static quint64 wordHash(QStringView word);
};

} // namespace CareDesk
