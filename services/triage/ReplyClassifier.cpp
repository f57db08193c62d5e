// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/triage/ReplyClassifier.h"

#include "services/triage/ContextAnnotator.h"
#include "services/triage/Lexicon.h"
#include "services/triage/LexiconIndex.h"
#include "services/triage/OptOutDetector.h"
#include "services/triage/PatternSet.h"
#include "services/triage/ReplyTokenizer.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QSet>

#include <algorithm>

Q_LOGGING_CATEGORY(lcReplyClassifier, "caredesk.triage.classifier", QtInfoMsg)

// Known limit: numbers are read only where a pack gives a concept a "numbers" rule (temperature);
// a blood pressure or a glucose reading is not. Known limit: "START" and other opt-in words are
// left to the consent ledger; this class only reports opt-out.

namespace CareDesk {

namespace {

// The words of a match that the lexicon named, as the reply wrote them; words a '*' of the term
// skipped are the patient's own and show as "…" ("face … drooping"), so evidence shown or
// printed anywhere carries no more of the message than the lexicon matched.
QString lexiconWords(const QString &reply, const QList<Token> &tokens, const PatternMatch &match)
{
    if (match.skipped == 0)
        return reply.mid(tokens.at(match.first).start,
                         tokens.at(match.last).end - tokens.at(match.first).start);
    QStringList runs;
    qsizetype runStart = -1;
    for (qsizetype i = match.first; i <= match.last + 1; ++i) {
        const bool kept = i <= match.last && !(match.skipped & (quint64(1) << (i - match.first)));
        if (kept && runStart < 0)
            runStart = i;
        if (!kept && runStart >= 0) {
            runs.append(reply.mid(tokens.at(runStart).start,
                                  tokens.at(i - 1).end - tokens.at(runStart).start));
            runStart = -1;
        }
    }
    return runs.join(QStringLiteral(" \u2026 "));
}

const QStringList &builtInPacks()
{
    static const QStringList paths{
        QStringLiteral(":/lexicons/triage-en.json"),
        QStringLiteral(":/lexicons/triage-es.json"),
        QStringLiteral(":/lexicons/triage-hi.json"),
    };
    return paths;
}

Result<Lexicon> readPack(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(
            Error::Code::NotFound,
            QStringLiteral("Lexicon file %1 cannot be read: %2.").arg(path, file.errorString()));
    return parseLexicon(file.readAll(), path);
}

// Keeps the strongest reading where matches overlap: an exclusion ("stroke of luck") before any
// concept, a higher tier before a lower ("severe chest pain" is chest pain, not severe pain),
// then the longer and the exact match.
QList<PatternMatch> selectConcepts(QList<PatternMatch> matches, const LexiconIndex &index,
                                   QList<bool> &occupied)
{
    std::stable_sort(matches.begin(), matches.end(),
                     [&index](const PatternMatch &a, const PatternMatch &b) {
                         const ConceptRef &ra = index.conceptRefs.at(a.payload);
                         const ConceptRef &rb = index.conceptRefs.at(b.payload);
                         if (ra.exclusion != rb.exclusion)
                             return ra.exclusion;
                         if (ra.tier != rb.tier)
                             return ra.tier > rb.tier;
                         if (a.size() != b.size())
                             return a.size() > b.size();
                         if (a.fuzzy != b.fuzzy)
                             return !a.fuzzy;
                         return a.first < b.first;
                     });

    QList<PatternMatch> concepts;
    for (const PatternMatch &match : std::as_const(matches)) {
        const auto taken = occupied.cbegin() + match.first;
        if (std::find(taken, taken + match.size(), true) != taken + match.size())
            continue;
        std::fill(occupied.begin() + match.first, occupied.begin() + match.last + 1, true);
        if (!index.conceptRefs.at(match.payload).exclusion)
            concepts.append(match);
    }
    std::sort(concepts.begin(), concepts.end(),
              [](const PatternMatch &a, const PatternMatch &b) { return a.first < b.first; });
    return concepts;
}

// Cues never overlap a concept ("no" inside "no puedo respirar"); the longest cue wins, so
// "not sure if" is uncertainty rather than "not" a negation.
QList<PatternMatch> selectCues(QList<PatternMatch> matches, QList<bool> occupied)
{
    std::stable_sort(matches.begin(), matches.end(),
                     [](const PatternMatch &a, const PatternMatch &b) {
                         if (a.size() != b.size())
                             return a.size() > b.size();
                         return a.first < b.first;
                     });

    QList<PatternMatch> cues;
    for (const PatternMatch &match : std::as_const(matches)) {
        const auto taken = occupied.cbegin() + match.first;
        if (std::find(taken, taken + match.size(), true) != taken + match.size())
            continue;
        std::fill(occupied.begin() + match.first, occupied.begin() + match.last + 1, true);
        cues.append(match);
    }
    std::sort(cues.begin(), cues.end(),
              [](const PatternMatch &a, const PatternMatch &b) { return a.first < b.first; });
    return cues;
}

// A hypothetical mention ("if I get chest pain") is shown as uncertain: it is not happening, but
// a person answers the question.
EvidenceContext contextOf(const ContextFlags &flags)
{
    if (flags.reaffirmed)
        return EvidenceContext::Affirmed;
    if (flags.negated)
        return EvidenceContext::Negated;
    if (flags.otherPerson)
        return EvidenceContext::OtherPerson;
    if (flags.historical)
        return EvidenceContext::Historical;
    if (flags.uncertain || flags.negationAmbiguous || flags.hypothetical)
        return EvidenceContext::Uncertain;
    return EvidenceContext::Affirmed;
}

// "39.5", "103", "38,2", "103f": the number a token starts with, if it is one.
std::optional<double> numberIn(const Token &token)
{
    if (token.kind != Token::Kind::Word || token.text.isEmpty() || !token.text.front().isDigit())
        return std::nullopt;
    QString text = token.text;
    text.replace(QLatin1Char(','), QLatin1Char('.'));
    while (!text.isEmpty() && text.back().isLetter())
        text.chop(1); // a unit: "39c", "103f"
    bool ok = false;
    const double value = text.toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

// Measurements a pack reads ("temp 39.5", "temperature is 103"): a number in range at most two
// words after one of the rule's words, with only a colon as punctuation on the way.
void addNumberMatches(const QList<Token> &tokens, const LexiconIndex &index,
                      QList<PatternMatch> &matches)
{
    constexpr qsizetype kMaxSkipped = 2;
    for (const IndexedNumberRule &indexed : index.numberRules) {
        for (qsizetype at = 0; at < tokens.size(); ++at) {
            if (tokens.at(at).kind != Token::Kind::Word ||
                !(indexed.rule.after.contains(tokens.at(at).text) ||
                  indexed.rule.after.contains(tokens.at(at).squeezed)))
                continue;
            for (qsizetype next = at + 1; next < tokens.size() && next <= at + kMaxSkipped + 1;
                 ++next) {
                const Token &token = tokens.at(next);
                if (const auto value = numberIn(token)) {
                    const bool inRange =
                        std::any_of(indexed.rule.ranges.cbegin(), indexed.rule.ranges.cend(),
                                    [&](const auto &range) {
                                        return *value >= range.first && *value <= range.second;
                                    });
                    if (inRange) {
                        // "temperature is 103": the words between are the patient's.
                        quint64 skipped = 0;
                        for (qsizetype gap = at + 1; gap < next; ++gap)
                            skipped |= quint64(1) << (gap - at);
                        matches.append(PatternMatch{at, next, indexed.ref, false, skipped});
                    }
                    break;
                }
                if (token.kind == Token::Kind::Punct && token.text != QLatin1String(":"))
                    break;
            }
        }
    }
}

// A reply in Latin letters mostly in words no pack knows, with words of another language among
// them (French, Portuguese, German share the script but not the words), or with almost no word
// known at all, was not read. read[i] is true where a concept or a cue matched token i.
bool inUnreadLatinLanguage(const QList<Token> &tokens, const QList<bool> &read,
                           const LexiconIndex &index)
{
    int words = 0;
    int known = 0;
    int foreign = 0;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const Token &token = tokens.at(i);
        if (token.kind != Token::Kind::Word || token.text.size() < 2 ||
            token.text.front().script() != QChar::Script_Latin)
            continue;
        ++words;
        if (read.at(i) || index.vocabulary.contains(token.hash) ||
            index.vocabulary.contains(token.squeezedHash))
            ++known;
        else if (index.otherLanguageWords.contains(token.hash))
            ++foreign;
    }

    constexpr int kMinimumWords = 3;
    const bool mostlyUnknown = 2 * known < words;
    const bool almostNothingKnown = words >= 4 && 5 * known < words;
    return words >= kMinimumWords && mostlyUnknown && (foreign >= 2 || almostNothingKnown);
}

// Adds one piece of evidence to the tier and the review flag.
void weigh(const Evidence &evidence, const ConceptRef &ref, const ContextFlags &flags,
           bool asksQuestion, Classification &result)
{
    const bool redFlag = ref.tier != TriageTier::Routine;
    const bool hedged = flags.uncertain || flags.negationAmbiguous;
    switch (evidence.context) {
    case EvidenceContext::Affirmed:
        result.tier = std::max(result.tier, ref.tier);
        break;
    case EvidenceContext::Uncertain:
        // Uncertain is not negated: a possible red flag is looked at soon, by a person. A
        // hypothetical one is not urgent; it needs a person only when the patient asks
        // ("what if I get chest pain?"), not in a report ("the leaflet says watch for chest pain").
        result.needsReview = result.needsReview || (redFlag && (hedged || asksQuestion));
        if (redFlag && hedged)
            result.tier = std::max(result.tier, TriageTier::Urgent);
        break;
    case EvidenceContext::OtherPerson:
        // Someone else's symptom is not the patient's, but a current emergency reported from
        // the patient's phone ("my baby is not breathing") needs the same few minutes: the
        // person texting is with someone who needs an ambulance.
        result.needsReview = result.needsReview || redFlag;
        if (ref.tier == TriageTier::Emergent && !flags.historical && !flags.hypothetical)
            result.tier = std::max(result.tier, TriageTier::Emergent);
        break;
    case EvidenceContext::Historical:
        result.needsReview = result.needsReview || redFlag;
        break;
    case EvidenceContext::Negated:
        result.needsReview = result.needsReview || ref.reviewWhenNegated;
        break;
    }
}

// "missed my doses and now I'm dizzy": a concept that matters more with another symptom.
// evidence[i] belongs to concepts[i].
void escalateWithOtherSymptom(const QList<PatternMatch> &concepts, const LexiconIndex &index,
                              const QSet<QString> &affirmedFlags, Classification &result)
{
    // An affirmed concept's own flag is in the set, so any second flag is another symptom.
    if (affirmedFlags.size() < 2)
        return;

    for (qsizetype i = 0; i < concepts.size(); ++i) {
        const ConceptRef &ref = index.conceptRefs.at(concepts.at(i).payload);
        Evidence &evidence = result.evidence[i];
        if (evidence.context != EvidenceContext::Affirmed)
            continue;
        if (ref.withOtherSymptom)
            evidence.tier = std::max(evidence.tier, *ref.withOtherSymptom);
        // "black stool and I feel faint": a pair the pack names, both the patient's own.
        if (ref.withFlags && ref.withFlags->flags.intersects(affirmedFlags))
            evidence.tier = std::max(evidence.tier, ref.withFlags->tier);
        result.tier = std::max(result.tier, evidence.tier);
    }
}

// A symptom of the patient's own (affirmed, or suspected) that the reply ties to the therapy
// ("rash since I started the injection", "creo que es por la medicina") is a possible adverse
// event, whatever its tier: pharmacovigilance wants every one, and a person confirms it. A
// symptom denied or someone else's is not. Some concepts are such a tie by themselves ("side
// effects"). The tie may stand in another sentence of the same reply; reporting errs on the side
// of a look by a person.
// A symptom followed in its clause by a word of improvement ("pain is much better", "nausea
// gone") is a benefit, not an adverse event.
bool improvesAfter(const Evidence &evidence, const QList<Token> &tokens, const LexiconIndex &index)
{
    constexpr int kWordsAfter = 3;
    int words = 0;
    for (const Token &token : tokens) {
        if (token.start < evidence.start + evidence.length)
            continue;
        if (token.kind == Token::Kind::Punct || ++words > kWordsAfter)
            return false;
        if (index.improvementWords.contains(token.text))
            return true;
    }
    return false;
}

void findAdverseEvent(const QString &reply, const QList<Token> &tokens, const LexiconIndex &index,
                      bool asksQuestion, Classification &result)
{
    QStringList symptoms;
    bool namedSymptom = false;
    bool tiedByConcept = false;
    for (const Evidence &evidence : std::as_const(result.evidence)) {
        if (evidence.context != EvidenceContext::Affirmed &&
            evidence.context != EvidenceContext::Uncertain)
            continue;
        if (evidence.flag == QLatin1String("opt-out") ||
            index.notSymptoms.contains(evidence.flag) || improvesAfter(evidence, tokens, index))
            continue;
        if (!symptoms.contains(evidence.flag))
            symptoms.append(evidence.flag);
        const bool tie = index.adverseEventConcepts.contains(evidence.flag);
        tiedByConcept = tiedByConcept || tie;
        namedSymptom = namedSymptom || !tie;
    }
    // "What are the side effects?" asks; "I have a rash, is this a side effect?" reports.
    if (symptoms.isEmpty() || (!namedSymptom && asksQuestion))
        return;

    QList<PatternMatch> links = index.therapyLinks.findAll(tokens);
    if (links.isEmpty() && !tiedByConcept)
        return;
    result.possibleAdverseEvent = true;
    result.adverseEventSymptoms = symptoms;
    // Overlapping links ("since i started" inside "ever since i started") are shown once.
    qsizetype shownUpTo = -1;
    for (const PatternMatch &link : std::as_const(links)) {
        if (link.first <= shownUpTo)
            continue;
        shownUpTo = link.last;
        Evidence evidence;
        evidence.start = tokens.at(link.first).start;
        evidence.length = tokens.at(link.last).end - evidence.start;
        evidence.matchedText = lexiconWords(reply, tokens, link);
        evidence.flag = QStringLiteral("therapy-link");
        evidence.tier = TriageTier::Routine;
        result.evidence.append(evidence);
    }
}

QString guessLanguage(const QList<Token> &tokens, const LexiconIndex &index)
{
    QList<int> scores(index.languages.size(), 0);
    for (const Token &token : tokens) {
        if (token.kind != Token::Kind::Word)
            continue;
        quint32 packs = index.vocabulary.value(token.hash);
        if (!packs && token.elongated)
            packs = index.vocabulary.value(token.squeezedHash);
        for (qsizetype pack = 0; pack < scores.size(); ++pack) {
            if (packs & (1u << pack))
                ++scores[pack];
        }
    }

    // Ties go to the pack loaded first, and so does a reply with no known word at all.
    const auto best = std::max_element(scores.cbegin(), scores.cend());
    if (best == scores.cend())
        return QString();
    return index.languages.at(best - scores.cbegin());
}

} // namespace

ReplyClassifier::ReplyClassifier(std::shared_ptr<const QList<Lexicon>> packs)
    : m_packs(std::move(packs))
    , m_index(std::make_shared<const LexiconIndex>(LexiconIndex::build(*m_packs)))
{}

Result<ReplyClassifier> ReplyClassifier::builtIn()
{
    return fromFiles(builtInPacks());
}

Result<ReplyClassifier> ReplyClassifier::fromFiles(const QStringList &paths)
{
    if (paths.isEmpty())
        return fail(Error::Code::InvalidInput, QStringLiteral("No lexicon files were given."));

    QList<Lexicon> packs;
    for (const QString &path : paths) {
        auto lexicon = readPack(path);
        if (!lexicon)
            return std::unexpected(lexicon.error());
        packs.append(std::move(*lexicon));
    }
    return fromPacks(std::move(packs));
}

Result<ReplyClassifier> ReplyClassifier::withOverrides(const QString &overrideDir)
{
    QList<Lexicon> packs;
    for (const QString &path : builtInPacks()) {
        auto lexicon = readPack(path);
        if (!lexicon)
            return std::unexpected(lexicon.error());
        packs.append(std::move(*lexicon));
    }
    if (overrideDir.isEmpty())
        return fromPacks(std::move(packs));

    const QDir dir(overrideDir);
    if (!dir.exists())
        return fail(Error::Code::NotFound,
                    QStringLiteral("The lexicon folder %1 does not exist.").arg(overrideDir));
    const QStringList names =
        dir.entryList({QStringLiteral("triage-*.json")}, QDir::Files | QDir::Readable, QDir::Name);
    QSet<QString> overridden;
    for (const QString &name : names) {
        auto lexicon = readPack(dir.filePath(name));
        if (!lexicon)
            return std::unexpected(lexicon.error());
        if (overridden.contains(lexicon->language))
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("Lexicon folder %1 holds two packs for language \"%2\".")
                            .arg(overrideDir, lexicon->language));
        overridden.insert(lexicon->language);

        const auto builtIn =
            std::find_if(packs.begin(), packs.end(), [&lexicon](const Lexicon &pack) {
                return pack.language == lexicon->language;
            });
        // The reviewer's pack is used even when its version is older: rolling a change back is
        // a reviewer's decision. The log says which file and version replaced which.
        if (builtIn != packs.end()) {
            qCInfo(lcReplyClassifier) << "Lexicon" << lexicon->source << "version"
                                      << lexicon->version << "replaces the built-in"
                                      << builtIn->language << "pack version" << builtIn->version;
            *builtIn = std::move(*lexicon);
        } else {
            qCInfo(lcReplyClassifier)
                << "Lexicon" << lexicon->source << "adds language" << lexicon->language;
            packs.append(std::move(*lexicon));
        }
    }
    return fromPacks(std::move(packs));
}

Result<ReplyClassifier> ReplyClassifier::fromPacks(QList<Lexicon> loaded)
{
    constexpr qsizetype kMaxPacks = 32; // one bit per pack in LexiconIndex::vocabulary
    if (loaded.size() > kMaxPacks)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("At most %1 lexicon files can be loaded.").arg(kMaxPacks));

    QSet<QString> languages;
    for (const Lexicon &pack : std::as_const(loaded)) {
        if (languages.contains(pack.language))
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("Lexicon file %1: a pack for language \"%2\" is "
                                       "already loaded.")
                            .arg(pack.source, pack.language));
        languages.insert(pack.language);
    }

    for (const Lexicon &pack : std::as_const(loaded)) {
        qCInfo(lcReplyClassifier) << "Loaded triage lexicon" << pack.language << pack.version
                                  << "with" << pack.concepts.size() << "concepts and"
                                  << pack.cues.size() << "cues";
    }
    return ReplyClassifier(std::make_shared<const QList<Lexicon>>(std::move(loaded)));
}

QString ReplyClassifier::lexiconVersion() const
{
    return m_index->version;
}

QStringList ReplyClassifier::languages() const
{
    return m_index->languages;
}

Classification ReplyClassifier::classify(const QString &reply) const
{
    const LexiconIndex &index = *m_index;
    const QList<Token> tokens = ReplyTokenizer::tokenize(reply);

    QList<bool> occupied(tokens.size(), false);
    QList<PatternMatch> candidates = index.concepts.findAll(tokens);
    addNumberMatches(tokens, index, candidates);
    const QList<PatternMatch> concepts = selectConcepts(std::move(candidates), index, occupied);
    const QList<PatternMatch> cues = selectCues(index.cues.findAll(tokens), occupied);
    const QList<ContextFlags> flags =
        ContextAnnotator(tokens, concepts, cues, index.cueInfo, index.negationGapWords).annotate();

    Classification result;
    result.language = guessLanguage(tokens, index);
    // Words in a writing system no pack knows were not read at all, even a few of them inside an
    // English message ("I am fine but <Arabic>"): a person must read them.
    int unreadable = 0;
    for (const QChar c : reply) {
        if (c.isLetter() && !index.scripts.contains(c.script()))
            ++unreadable;
    }
    // Latin-script replies mostly in words no pack knows (French, Portuguese, German) were not
    // read either. Either kind is read by a person within the urgent deadline: it may say
    // anything, an emergency included.
    QList<bool> read(tokens.size(), false);
    for (const QList<PatternMatch> *matches : {&concepts, &cues}) {
        for (const PatternMatch &match : *matches)
            std::fill(read.begin() + match.first, read.begin() + match.last + 1, true);
    }
    if (unreadable >= 3 || inUnreadLatinLanguage(tokens, read, index)) {
        result.needsReview = true;
        result.tier = std::max(result.tier, TriageTier::Urgent);
        result.language = QStringLiteral("und");
    }

    const bool asksQuestion = std::any_of(tokens.cbegin(), tokens.cend(), [](const Token &token) {
        return token.kind == Token::Kind::Punct && token.text.contains(QLatin1Char('?'));
    });
    QSet<QString> affirmedFlags;
    for (qsizetype i = 0; i < concepts.size(); ++i) {
        const PatternMatch &match = concepts.at(i);
        const ConceptRef &ref = index.conceptRefs.at(match.payload);

        Evidence evidence;
        evidence.start = tokens.at(match.first).start;
        evidence.length = tokens.at(match.last).end - evidence.start;
        evidence.matchedText = lexiconWords(reply, tokens, match);
        evidence.flag = ref.flag;
        evidence.tier = ref.tier;
        evidence.context = contextOf(flags.at(i));
        weigh(evidence, ref, flags.at(i), asksQuestion, result);
        if (evidence.context == EvidenceContext::Affirmed)
            affirmedFlags.insert(ref.flag);
        result.evidence.append(evidence);
    }
    escalateWithOtherSymptom(concepts, index, affirmedFlags, result);

    const OptOutResult optOut = OptOutDetector(index).detect(reply, tokens, occupied);
    result.optOut = optOut.optOut;
    result.needsReview = result.needsReview || optOut.needsReview;
    result.evidence.append(optOut.evidence);
    findAdverseEvent(reply, tokens, index, asksQuestion, result);

    std::stable_sort(result.evidence.begin(), result.evidence.end(),
                     [](const Evidence &a, const Evidence &b) { return a.start < b.start; });
    return result;
}

} // namespace CareDesk
