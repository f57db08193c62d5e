// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/triage/Lexicon.h"

#include "services/triage/ReplyTokenizer.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <tuple>

namespace CareDesk {

namespace {

constexpr int kSupportedFormat = 1;
constexpr qsizetype kMinimumStemLength = 3;

// Reads the pack and remembers which file it came from, so every error can name it.
class PackReader
{
public:
    PackReader(const QString &source, Lexicon &lexicon)
        : m_source(source)
        , m_lexicon(lexicon)
    {}

    std::unexpected<Error> invalid(const QString &what) const
    {
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Lexicon file %1: %2.").arg(m_source, what));
    }

    // An optional array of strings; a missing key is an empty list, anything else an error.
    Result<QStringList> strings(const QJsonObject &object, const QString &key,
                                const QString &where) const
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined())
            return QStringList();
        if (!value.isArray())
            return invalid(QStringLiteral("\"%1\" must be a list of strings").arg(where));

        QStringList list;
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array) {
            if (!item.isString() || item.toString().isEmpty())
                return invalid(QStringLiteral("\"%1\" holds an entry that is not a non-empty "
                                              "string")
                                   .arg(where));
            list.append(item.toString());
        }
        return list;
    }

    Result<QList<Term>> terms(const QJsonObject &object, const QString &key,
                              const QString &where) const
    {
        const auto written = strings(object, key, where);
        if (!written)
            return std::unexpected(written.error());

        QList<Term> compiled;
        for (const QString &text : *written) {
            auto term = compileTerm(text);
            if (!term)
                return invalid(QStringLiteral("in \"%1\", %2").arg(where, term.error().message));
            compiled.append(std::move(*term));
        }
        return compiled;
    }

    // Single words only: used for sets looked up one token at a time.
    Result<QSet<QString>> words(const QJsonObject &object, const QString &key,
                                const QString &where) const
    {
        const auto written = strings(object, key, where);
        if (!written)
            return std::unexpected(written.error());

        QSet<QString> set;
        for (const QString &text : *written) {
            const QList<Token> tokens = ReplyTokenizer::tokenize(text);
            if (tokens.size() != 1 || tokens.front().kind != Token::Kind::Word)
                return invalid(
                    QStringLiteral("\"%1\" in \"%2\" must be a single word").arg(text, where));
            set.insert(tokens.front().text);
        }
        return set;
    }

    Result<QJsonObject> object(const QJsonObject &parent, const QString &key,
                               const QString &where) const
    {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined())
            return QJsonObject();
        if (!value.isObject())
            return invalid(QStringLiteral("\"%1\" must be an object").arg(where));
        return value.toObject();
    }

    Lexicon &lexicon() { return m_lexicon; }

private:
    QString m_source;
    Lexicon &m_lexicon;
};

QString cueKey(const Term &term)
{
    QStringList parts;
    for (const TermToken &token : term.tokens) {
        if (token.kind == TermToken::Kind::Gap)
            parts.append(QStringLiteral("*"));
        else if (token.kind == TermToken::Kind::Prefix)
            parts.append(token.text + QLatin1Char('*'));
        else
            parts.append(token.text);
    }
    return parts.join(QLatin1Char(' '));
}

QString categoryKey(CueCategory category)
{
    switch (category) {
    case CueCategory::Negation:
        return QStringLiteral("negation");
    case CueCategory::Uncertainty:
        return QStringLiteral("uncertainty");
    case CueCategory::Historical:
        return QStringLiteral("historical");
    case CueCategory::OtherPerson:
        return QStringLiteral("otherPerson");
    case CueCategory::Affirmation:
        return QStringLiteral("affirmation");
    case CueCategory::Recurrence:
        return QStringLiteral("recurrence");
    case CueCategory::Hypothetical:
        return QStringLiteral("hypothetical");
    case CueCategory::Pseudo:
        return QStringLiteral("pseudo");
    case CueCategory::Terminator:
        return QStringLiteral("terminators");
    case CueCategory::SelfReference:
        return QStringLiteral("selfReference");
    case CueCategory::StrongConnector:
        return QStringLiteral("connectors.strong");
    case CueCategory::WeakConnector:
        return QStringLiteral("connectors.weak");
    }
    return QString();
}

// Adds cues of one list; the same words may be both pre and post of one family, never of two.
std::expected<void, Error> addCues(PackReader &reader, QHash<QString, qsizetype> &seen,
                                   const QList<Term> &terms, CueCategory category, bool pre,
                                   bool post)
{
    QList<Cue> &cues = reader.lexicon().cues;
    for (const Term &term : terms) {
        const QString key = cueKey(term);
        const auto known = seen.constFind(key);
        if (known != seen.constEnd()) {
            Cue &existing = cues[*known];
            if (existing.category != category)
                return reader.invalid(
                    QStringLiteral("cue \"%1\" is listed under both \"%2\" "
                                   "and \"%3\"")
                        .arg(term.written, categoryKey(existing.category), categoryKey(category)));
            existing.pre = existing.pre || pre;
            existing.post = existing.post || post;
            continue;
        }
        seen.insert(key, cues.size());
        cues.append(Cue{category, pre, post, term});
    }
    return {};
}

// "numbers": {"after": ["temp", "temperature"], "ranges": [[38, 43], [100.4, 110]]}
Result<std::optional<NumberRule>> readNumbers(PackReader &reader, const QJsonObject &object,
                                              const QString &flag)
{
    const QString where = QStringLiteral("concepts/%1/numbers").arg(flag);
    const QJsonValue value = object.value(QLatin1String("numbers"));
    if (value.isUndefined())
        return std::optional<NumberRule>();
    if (!value.isObject())
        return reader.invalid(QStringLiteral("\"%1\" must be an object").arg(where));

    NumberRule rule;
    auto after =
        reader.words(value.toObject(), QStringLiteral("after"), where + QStringLiteral("/after"));
    if (!after)
        return std::unexpected(after.error());
    rule.after = std::move(*after);

    const QJsonValue ranges = value.toObject().value(QLatin1String("ranges"));
    const QString rangeError =
        QStringLiteral("\"%1/ranges\" must be a list of [lowest, highest] pairs").arg(where);
    if (!ranges.isArray())
        return reader.invalid(rangeError);
    for (const QJsonValue &range : ranges.toArray()) {
        const QJsonArray pair = range.toArray();
        if (pair.size() != 2 || !pair.at(0).isDouble() || !pair.at(1).isDouble() ||
            pair.at(0).toDouble() > pair.at(1).toDouble())
            return reader.invalid(rangeError);
        rule.ranges.append({pair.at(0).toDouble(), pair.at(1).toDouble()});
    }
    if (rule.after.isEmpty() || rule.ranges.isEmpty())
        return reader.invalid(QStringLiteral("\"%1\" needs words in \"after\" and at least "
                                             "one range")
                                  .arg(where));
    return std::optional<NumberRule>(std::move(rule));
}

// "withFlags": {"flags": ["fainting", "dizziness"], "tier": "emergent"}
Result<std::optional<FlagEscalation>> readWithFlags(PackReader &reader, const QJsonObject &object,
                                                    const QString &flag)
{
    const QString where = QStringLiteral("concepts/%1/withFlags").arg(flag);
    const QJsonValue value = object.value(QLatin1String("withFlags"));
    if (value.isUndefined())
        return std::optional<FlagEscalation>();
    if (!value.isObject())
        return reader.invalid(QStringLiteral("\"%1\" must be an object").arg(where));

    FlagEscalation escalation;
    auto flags =
        reader.strings(value.toObject(), QStringLiteral("flags"), where + QStringLiteral("/flags"));
    if (!flags)
        return std::unexpected(flags.error());
    escalation.flags = QSet<QString>(flags->cbegin(), flags->cend());

    const QString tierText = value.toObject().value(QLatin1String("tier")).toString();
    const std::optional<TriageTier> tier = tierFromName(tierText);
    if (escalation.flags.isEmpty() || !tier)
        return reader.invalid(QStringLiteral("\"%1\" needs a list of \"flags\" and a known "
                                             "\"tier\"")
                                  .arg(where));
    escalation.tier = *tier;
    return std::optional<FlagEscalation>(std::move(escalation));
}

std::expected<void, Error> readConcepts(PackReader &reader, const QJsonObject &root)
{
    const QJsonValue value = root.value(QLatin1String("concepts"));
    if (!value.isArray() || value.toArray().isEmpty())
        return reader.invalid(QStringLiteral("\"concepts\" must be a non-empty list"));

    QSet<QString> flags;
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject object = array.at(i).toObject();
        const QString flag = object.value(QLatin1String("flag")).toString();
        if (flag.isEmpty())
            return reader.invalid(QStringLiteral("concept number %1 has no \"flag\"").arg(i + 1));
        if (flags.contains(flag))
            return reader.invalid(QStringLiteral("concept \"%1\" is defined twice").arg(flag));
        flags.insert(flag);

        Concept entry;
        entry.flag = flag;
        const QString tierText = object.value(QLatin1String("tier")).toString();
        const std::optional<TriageTier> tier = tierFromName(tierText);
        if (!tier)
            return reader.invalid(QStringLiteral("concept \"%1\" has unknown tier \"%2\" "
                                                 "(expected emergent, urgent or routine)")
                                      .arg(flag, tierText));
        entry.tier = *tier;

        const QJsonValue escalation = object.value(QLatin1String("withOtherSymptom"));
        if (!escalation.isUndefined()) {
            entry.withOtherSymptom = tierFromName(escalation.toString());
            if (!entry.withOtherSymptom)
                return reader.invalid(QStringLiteral("concept \"%1\" has unknown tier \"%2\" in "
                                                     "\"withOtherSymptom\"")
                                          .arg(flag, escalation.toString()));
        }

        const QJsonValue review = object.value(QLatin1String("reviewWhenNegated"));
        if (!review.isUndefined() && !review.isBool())
            return reader.invalid(QStringLiteral("concept \"%1\" has a \"reviewWhenNegated\" "
                                                 "that is not true or false")
                                      .arg(flag));
        entry.reviewWhenNegated = review.toBool();

        if (auto numbers = readNumbers(reader, object, flag); !numbers)
            return std::unexpected(numbers.error());
        else
            entry.numbers = std::move(*numbers);

        if (auto withFlags = readWithFlags(reader, object, flag); !withFlags)
            return std::unexpected(withFlags.error());
        else
            entry.withFlags = std::move(*withFlags);

        auto terms = reader.terms(object, QStringLiteral("terms"),
                                  QStringLiteral("concepts/%1/terms").arg(flag));
        if (!terms)
            return std::unexpected(terms.error());
        if (terms->isEmpty())
            return reader.invalid(QStringLiteral("concept \"%1\" has no terms").arg(flag));
        entry.terms = std::move(*terms);
        reader.lexicon().concepts.append(std::move(entry));
    }
    return {};
}

std::expected<void, Error> readCues(PackReader &reader, const QJsonObject &root)
{
    const auto cues = reader.object(root, QStringLiteral("cues"), QStringLiteral("cues"));
    if (!cues)
        return std::unexpected(cues.error());

    struct Family {
        const char *key;
        CueCategory category;
    };
    static constexpr Family families[] = {
        {"negation", CueCategory::Negation},         {"uncertainty", CueCategory::Uncertainty},
        {"historical", CueCategory::Historical},     {"otherPerson", CueCategory::OtherPerson},
        {"affirmation", CueCategory::Affirmation},   {"recurrence", CueCategory::Recurrence},
        {"hypothetical", CueCategory::Hypothetical},
    };

    QHash<QString, qsizetype> seen;
    for (const Family &family : families) {
        const QString key = QLatin1String(family.key);
        const auto object = reader.object(*cues, key, QStringLiteral("cues/") + key);
        if (!object)
            return std::unexpected(object.error());

        for (const auto &[direction, pre, post] :
             {std::tuple{"pre", true, false}, std::tuple{"post", false, true},
              std::tuple{"either", true, true}}) {
            const QString listKey = QLatin1String(direction);
            const auto terms =
                reader.terms(*object, listKey, QStringLiteral("cues/%1/%2").arg(key, listKey));
            if (!terms)
                return std::unexpected(terms.error());
            if (auto added = addCues(reader, seen, *terms, family.category, pre, post); !added)
                return added;
        }
    }

    const auto otherPerson =
        reader.object(*cues, QStringLiteral("otherPerson"), QStringLiteral("cues/otherPerson"));
    const auto negation =
        reader.object(*cues, QStringLiteral("negation"), QStringLiteral("cues/negation"));
    const auto connectors =
        reader.object(*cues, QStringLiteral("connectors"), QStringLiteral("cues/connectors"));
    for (const Result<QJsonObject> *family : {&otherPerson, &negation, &connectors}) {
        if (!*family)
            return std::unexpected(family->error());
    }

    struct Plain {
        const QJsonObject &object;
        const char *key;
        const char *where;
        CueCategory category;
    };
    const Plain plainLists[] = {
        {*cues, "pseudo", "cues/pseudo", CueCategory::Pseudo},
        {*cues, "terminators", "cues/terminators", CueCategory::Terminator},
        {*otherPerson, "selfReference", "cues/otherPerson/selfReference",
         CueCategory::SelfReference},
        {*connectors, "strong", "cues/connectors/strong", CueCategory::StrongConnector},
        {*connectors, "weak", "cues/connectors/weak", CueCategory::WeakConnector},
    };
    for (const Plain &plain : plainLists) {
        const auto terms =
            reader.terms(plain.object, QLatin1String(plain.key), QLatin1String(plain.where));
        if (!terms)
            return std::unexpected(terms.error());
        if (auto added = addCues(reader, seen, *terms, plain.category, false, false); !added)
            return added;
    }

    auto gapWords = reader.words(*negation, QStringLiteral("gapWords"),
                                 QStringLiteral("cues/negation/gapWords"));
    if (!gapWords)
        return std::unexpected(gapWords.error());
    reader.lexicon().negationGapWords = std::move(*gapWords);
    return {};
}

std::expected<void, Error> readOptOut(PackReader &reader, const QJsonObject &root)
{
    const auto optOut = reader.object(root, QStringLiteral("optOut"), QStringLiteral("optOut"));
    if (!optOut)
        return std::unexpected(optOut.error());

    Lexicon &lexicon = reader.lexicon();
    const std::pair<const char *, QList<Term> *> lists[] = {
        {"keywords", &lexicon.optOutKeywords},
        {"prefixes", &lexicon.optOutPrefixes},
        {"negators", &lexicon.optOutNegators},
    };
    for (const auto &[key, target] : lists) {
        auto terms = reader.terms(*optOut, QLatin1String(key),
                                  QStringLiteral("optOut/") + QLatin1String(key));
        if (!terms)
            return std::unexpected(terms.error());
        *target = std::move(*terms);
    }

    auto fillers =
        reader.words(*optOut, QStringLiteral("fillers"), QStringLiteral("optOut/fillers"));
    if (!fillers)
        return std::unexpected(fillers.error());
    lexicon.optOutFillers = std::move(*fillers);
    return {};
}

// Optional: a pack without it finds no adverse events. Flags it names must be its own concepts.
std::expected<void, Error> readAdverseEvent(PackReader &reader, const QJsonObject &root)
{
    const auto section =
        reader.object(root, QStringLiteral("adverseEvent"), QStringLiteral("adverseEvent"));
    if (!section)
        return std::unexpected(section.error());

    Lexicon &lexicon = reader.lexicon();
    auto links = reader.terms(*section, QStringLiteral("therapyLinks"),
                              QStringLiteral("adverseEvent/therapyLinks"));
    if (!links)
        return std::unexpected(links.error());
    lexicon.therapyLinks = std::move(*links);

    QSet<QString> flags;
    for (const Concept &entry : std::as_const(lexicon.concepts))
        flags.insert(entry.flag);
    const std::pair<const char *, QSet<QString> *> lists[] = {
        {"linkConcepts", &lexicon.adverseEventConcepts},
        {"notSymptoms", &lexicon.notSymptoms},
    };
    for (const auto &[key, target] : lists) {
        const QString where = QStringLiteral("adverseEvent/") + QLatin1String(key);
        auto named = reader.strings(*section, QLatin1String(key), where);
        if (!named)
            return std::unexpected(named.error());
        for (const QString &flag : std::as_const(*named)) {
            if (!flags.contains(flag))
                return reader.invalid(
                    QStringLiteral("\"%1\" names \"%2\", which is no concept of this pack")
                        .arg(where, flag));
            target->insert(flag);
        }
    }
    auto improvement = reader.words(*section, QStringLiteral("improvementWords"),
                                    QStringLiteral("adverseEvent/improvementWords"));
    if (!improvement)
        return std::unexpected(improvement.error());
    lexicon.improvementWords = std::move(*improvement);
    return {};
}

void addVocabulary(QSet<QString> &vocabulary, const QList<Term> &terms)
{
    for (const Term &term : terms) {
        for (const TermToken &token : term.tokens) {
            if (token.kind == TermToken::Kind::Exact && token.text.front().isLetter())
                vocabulary.insert(token.text);
        }
    }
}

void buildVocabulary(Lexicon &lexicon, const QSet<QString> &commonWords)
{
    lexicon.vocabulary = commonWords;
    for (const Concept &entry : std::as_const(lexicon.concepts))
        addVocabulary(lexicon.vocabulary, entry.terms);
    for (const Cue &cue : std::as_const(lexicon.cues))
        addVocabulary(lexicon.vocabulary, {cue.term});
    addVocabulary(lexicon.vocabulary, lexicon.optOutKeywords);
    addVocabulary(lexicon.vocabulary, lexicon.therapyLinks);
    lexicon.vocabulary.unite(lexicon.optOutFillers);
}

} // namespace

TermToken makeTermToken(TermToken::Kind kind, const QString &text)
{
    TermToken token;
    token.kind = kind;
    token.text = text;
    token.squeezed = ReplyTokenizer::squeeze(text);
    token.hash = ReplyTokenizer::wordHash(token.text);
    token.squeezedHash = ReplyTokenizer::wordHash(token.squeezed);
    return token;
}

Result<Term> compileTerm(const QString &written)
{
    const auto invalidTerm = [&written](const QString &why) {
        return fail(Error::Code::InvalidInput, QStringLiteral("term \"%1\" %2").arg(written, why));
    };

    Term term;
    term.written = written;
    if (!written.contains(QLatin1Char('*'))) {
        for (const Token &token : ReplyTokenizer::tokenize(written))
            term.tokens.append(makeTermToken(TermToken::Kind::Exact, token.text));
    } else {
        const QStringList pieces = written.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (const QString &piece : pieces) {
            if (piece == QLatin1String("*")) {
                term.tokens.append(makeTermToken(TermToken::Kind::Gap, QString()));
                continue;
            }
            const bool stem = piece.endsWith(QLatin1Char('*'));
            const QString body = stem ? piece.chopped(1) : piece;
            if (body.contains(QLatin1Char('*')))
                return invalidTerm(QStringLiteral("has a '*' inside a word; it may only end a "
                                                  "word or stand alone"));

            const QList<Token> tokens = ReplyTokenizer::tokenize(body);
            for (qsizetype i = 0; i < tokens.size(); ++i) {
                const bool prefix = stem && i == tokens.size() - 1;
                if (prefix && (tokens.at(i).kind != Token::Kind::Word ||
                               tokens.at(i).text.size() < kMinimumStemLength))
                    return invalidTerm(QStringLiteral("has a stem shorter than %1 letters")
                                           .arg(kMinimumStemLength));
                const TermToken::Kind kind =
                    prefix ? TermToken::Kind::Prefix : TermToken::Kind::Exact;
                term.tokens.append(makeTermToken(kind, tokens.at(i).text));
            }
        }
    }

    if (term.tokens.isEmpty())
        return invalidTerm(QStringLiteral("has no words"));
    if (term.tokens.front().kind == TermToken::Kind::Gap ||
        term.tokens.back().kind == TermToken::Kind::Gap)
        return invalidTerm(QStringLiteral("may not begin or end with '*'"));
    return term;
}

Result<Lexicon> parseLexicon(const QByteArray &json, const QString &source)
{
    Lexicon lexicon;
    lexicon.source = source;
    PackReader reader(source, lexicon);

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return reader.invalid(QStringLiteral("not valid JSON: %1 at offset %2")
                                  .arg(parseError.errorString())
                                  .arg(parseError.offset));
    if (!document.isObject())
        return reader.invalid(QStringLiteral("the top level must be a JSON object"));
    const QJsonObject root = document.object();

    const int format = root.value(QLatin1String("format")).toInt(-1);
    if (format != kSupportedFormat)
        return reader.invalid(QStringLiteral("\"format\" must be %1").arg(kSupportedFormat));

    lexicon.version = root.value(QLatin1String("version")).toString().trimmed();
    if (lexicon.version.isEmpty())
        return reader.invalid(QStringLiteral("missing \"version\" (a string such as "
                                             "\"2026.12.1\")"));
    lexicon.language = root.value(QLatin1String("language")).toString().trimmed();
    if (lexicon.language.isEmpty())
        return reader.invalid(QStringLiteral("missing \"language\" (a code such as \"en\")"));

    if (auto done = readConcepts(reader, root); !done)
        return std::unexpected(done.error());

    auto exclusions =
        reader.terms(root, QStringLiteral("exclusions"), QStringLiteral("exclusions"));
    if (!exclusions)
        return std::unexpected(exclusions.error());
    lexicon.exclusions = std::move(*exclusions);

    auto gapBlockers =
        reader.words(root, QStringLiteral("gapBlockers"), QStringLiteral("gapBlockers"));
    if (!gapBlockers)
        return std::unexpected(gapBlockers.error());
    lexicon.gapBlockers = std::move(*gapBlockers);

    if (auto done = readCues(reader, root); !done)
        return std::unexpected(done.error());
    if (auto done = readOptOut(reader, root); !done)
        return std::unexpected(done.error());
    if (auto done = readAdverseEvent(reader, root); !done)
        return std::unexpected(done.error());

    auto commonWords =
        reader.words(root, QStringLiteral("commonWords"), QStringLiteral("commonWords"));
    if (!commonWords)
        return std::unexpected(commonWords.error());
    buildVocabulary(lexicon, *commonWords);

    auto otherLanguageWords = reader.words(root, QStringLiteral("otherLanguageWords"),
                                           QStringLiteral("otherLanguageWords"));
    if (!otherLanguageWords)
        return std::unexpected(otherLanguageWords.error());
    lexicon.otherLanguageWords = std::move(*otherLanguageWords);
    return lexicon;
}

} // namespace CareDesk
