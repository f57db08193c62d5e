// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/triage/ReplyTokenizer.h"

namespace CareDesk {

namespace {

char32_t codePointAt(QStringView text, qsizetype index, qsizetype *width)
{
    const QChar c = text.at(index);
    if (c.isHighSurrogate() && index + 1 < text.size() && text.at(index + 1).isLowSurrogate()) {
        *width = 2;
        return QChar::surrogateToUcs4(c, text.at(index + 1));
    }
    *width = 1;
    return c.unicode();
}

bool isMark(char32_t c)
{
    const QChar::Category category = QChar::category(c);
    return category == QChar::Mark_NonSpacing || category == QChar::Mark_SpacingCombining ||
           category == QChar::Mark_Enclosing;
}

bool isNewline(char32_t c)
{
    return c == u'\n' || c == u'\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 ||
           c == 0x2029;
}

bool isApostrophe(char32_t c)
{
    return c == u'\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == u'`' || c == 0x00B4 ||
           c == 0x2032;
}

bool isDash(char32_t c)
{
    return c == u'-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE63;
}

// Punctuation kept as a token, mapped to one spelling; 0 when the character only separates.
char32_t keptPunctuation(char32_t c)
{
    switch (c) {
    case u'.':
    case u',':
    case u'!':
    case u'?':
    case u';':
    case u':':
    case u'/':
    case u'&':
    case u'+':
        return c;
    case 0x00BF: // inverted question mark opens a Spanish question: a sentence break
        return u'?';
    case 0x00A1:
        return u'!';
    case 0x3002: // ideographic full stop, not folded by NFKC
        return u'.';
    case 0x0964: // Devanagari danda and double danda end a sentence
    case 0x0965:
        return 0x0964;
    default:
        return 0;
    }
}

bool isWordChar(char32_t c)
{
    return QChar::isLetterOrNumber(c) || isMark(c);
}

// NFKC, case fold, and for Latin letters drop the accents people often leave out anyway.
QString normalizeCluster(const QString &cluster)
{
    // NFKC turns the acute accent some keyboards type for an apostrophe ("can´t") into a space
    // and a combining mark, which would split the word: every apostrophe becomes a plain one.
    if (cluster.size() == 1 && isApostrophe(cluster.at(0).unicode()))
        return QStringLiteral("'");
    QString folded = cluster.normalized(QString::NormalizationForm_KC).toCaseFolded();
    if (folded.isEmpty())
        return folded;

    qsizetype width = 0;
    if (QChar::script(codePointAt(folded, 0, &width)) != QChar::Script_Latin)
        return folded;

    const QString decomposed = folded.normalized(QString::NormalizationForm_D);
    QString stripped;
    stripped.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.category() != QChar::Mark_NonSpacing)
            stripped.append(c);
    }
    return stripped;
}

class TokenBuilder
{
public:
    // About one token for every five characters of a reply, so the list rarely grows.
    explicit TokenBuilder(qsizetype characters) { m_tokens.reserve(characters / 5 + 4); }

    void addWordChars(QStringView chars, qsizetype start, qsizetype end)
    {
        if (m_word.isEmpty())
            m_wordStart = start;
        m_word.append(chars);
        m_wordEnd = end;
    }

    bool inWord() const { return !m_word.isEmpty(); }
    bool wordEndsWithDigit() const { return inWord() && m_word.back().isDigit(); }

    void flushWord()
    {
        if (m_word.isEmpty())
            return;

        Token token;
        token.kind = Token::Kind::Word;
        token.squeezed = ReplyTokenizer::squeeze(m_word);
        token.elongated = hasRunOfThree(m_word);
        token.hash = ReplyTokenizer::wordHash(m_word);
        token.squeezedHash = ReplyTokenizer::wordHash(token.squeezed);
        token.text = std::move(m_word);
        token.start = m_wordStart;
        token.end = m_wordEnd;
        m_tokens.append(std::move(token));
        m_word.clear();
    }

    void addPunct(char32_t c, qsizetype start, qsizetype end)
    {
        flushWord();
        const QString text = QString::fromUcs4(&c, 1);
        // "!!!", "?!?" and ". . ." shout or trail off; one token is enough to end a clause.
        if (!m_tokens.isEmpty() && m_tokens.back().kind == Token::Kind::Punct &&
            m_tokens.back().text == text) {
            m_tokens.back().end = end;
            return;
        }

        Token token;
        token.kind = Token::Kind::Punct;
        token.text = text;
        token.squeezed = text;
        token.hash = ReplyTokenizer::wordHash(text);
        token.squeezedHash = token.hash;
        token.start = start;
        token.end = end;
        m_tokens.append(std::move(token));
    }

    QList<Token> take()
    {
        flushWord();
        return std::move(m_tokens);
    }

private:
    static bool hasRunOfThree(const QString &word)
    {
        for (qsizetype i = 2; i < word.size(); ++i) {
            if (word.at(i) == word.at(i - 1) && word.at(i) == word.at(i - 2))
                return true;
        }
        return false;
    }

    QList<Token> m_tokens;
    QString m_word;
    qsizetype m_wordStart = 0;
    qsizetype m_wordEnd = 0;
};

} // namespace

QString ReplyTokenizer::squeeze(const QString &word)
{
    // Most words have no doubled letter: they are their own squeezed form (shared, not copied).
    bool doubled = false;
    for (qsizetype i = 1; i < word.size() && !doubled; ++i)
        doubled = word.at(i) == word.at(i - 1);
    if (!doubled)
        return word;
    QString squeezed;
    squeezed.reserve(word.size());
    for (const QChar c : word) {
        if (squeezed.isEmpty() || squeezed.back() != c)
            squeezed.append(c);
    }
    return squeezed;
}

quint64 ReplyTokenizer::wordHash(QStringView word)
{
    quint64 hash = 14695981039346656037ULL;
    for (const QChar c : word) {
        hash ^= c.unicode();
        hash *= 1099511628211ULL;
    }
    return hash;
}

QList<Token> ReplyTokenizer::tokenize(const QString &text)
{
    TokenBuilder builder(text.size());
    const qsizetype size = text.size();
    qsizetype i = 0;

    while (i < size) {
        // A cluster is one base character with the combining marks that follow it, so that
        // NFKC can compose "e" + U+0301 and Devanagari vowel signs stay on their consonant.
        const qsizetype clusterStart = i;
        qsizetype width = 0;
        const char32_t base = codePointAt(text, i, &width);
        i += width;
        while (i < size) {
            const char32_t next = codePointAt(text, i, &width);
            if (!isMark(next) && next != 0x200C && next != 0x200D)
                break;
            i += width;
        }
        const qsizetype clusterEnd = i;

        qsizetype peekWidth = 0;
        const char32_t after = clusterEnd < size ? codePointAt(text, clusterEnd, &peekWidth) : 0;

        // Plain ASCII, most of every reply, is lower-cased in place; anything else is normalised.
        char16_t ascii = 0;
        QString normalized;
        QStringView piece;
        if (base < 0x80 && clusterEnd - clusterStart == 1) {
            ascii = base >= u'A' && base <= u'Z' ? char16_t(base + (u'a' - u'A')) : char16_t(base);
            piece = QStringView(&ascii, 1);
        } else {
            normalized = normalizeCluster(text.mid(clusterStart, clusterEnd - clusterStart));
            piece = normalized;
        }

        for (qsizetype p = 0; p < piece.size(); p += width) {
            const char32_t c = codePointAt(piece, p, &width);
            const QStringView chars = QStringView(piece).mid(p, width);

            if (isWordChar(c)) {
                builder.addWordChars(chars, clusterStart, clusterEnd);
            } else if (QChar::category(c) == QChar::Other_Format) {
                // Zero-width joiners and soft hyphens neither join nor split words.
            } else if (isApostrophe(c)) {
                // "don't" -> "dont"; a quote mark outside a word only separates.
                if (!(builder.inWord() && QChar::isLetter(after)))
                    builder.flushWord();
            } else if ((c == u'.' || c == u',') && builder.wordEndsWithDigit() &&
                       QChar::isDigit(after)) {
                builder.addWordChars(chars, clusterStart, clusterEnd); // "38.5", "1,000"
            } else if (isDash(c)) {
                // "short-of-breath" is three words; a dash standing alone is punctuation.
                const bool joinsWords = builder.inWord() && QChar::isLetterOrNumber(after);
                if (joinsWords)
                    builder.flushWord();
                else
                    builder.addPunct(u'-', clusterStart, clusterEnd);
            } else if (isNewline(c)) {
                builder.addPunct(u'\n', clusterStart, clusterEnd);
            } else if (const char32_t kept = keptPunctuation(c)) {
                builder.addPunct(kept, clusterStart, clusterEnd);
            } else {
                builder.flushWord(); // spaces, emoji, symbols, brackets, quotes
            }
        }
    }
    return builder.take();
}

} // namespace CareDesk
