// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/triage/ReplyClassifier.h"

#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <optional>

using namespace CareDesk;

Q_DECLARE_METATYPE(CareDesk::TriageTier)
Q_DECLARE_METATYPE(CareDesk::EvidenceContext)

namespace {

// Writes one file into dir and returns its path.
QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QString();
    file.write(content);
    return path;
}

// The smallest pack that validates; tests replace one piece of it to break it.
QByteArray minimalPack(const QByteArray &language = "xx", const QByteArray &version = "\"9.9\"",
                       const QByteArray &tier = "emergent", const QByteArray &term = "purple spots")
{
    return "{ \"licence\": \"GPL-3.0-or-later\", \"format\": 1, \"language\": \"" + language +
           "\", \"version\": " + version +
           ", \"concepts\": [ { \"flag\": \"purple-spots\", \"tier\": \"" + tier +
           "\", \"terms\": [\"" + term +
           "\"] } ], \"cues\": { \"negation\": { \"pre\": [\"no\"] }, "
           "\"terminators\": [\".\", \"but\"] }, \"optOut\": { \"keywords\": [\"halt\"] } }";
}

QString describe(const Classification &result)
{
    QStringList parts{tierName(result.tier)};
    if (result.optOut)
        parts.append(QStringLiteral("opt-out"));
    if (result.needsReview)
        parts.append(QStringLiteral("review"));
    for (const Evidence &evidence : result.evidence) {
        parts.append(
            QStringLiteral("%1/%2 \"%3\"")
                .arg(evidence.flag, evidenceContextName(evidence.context), evidence.matchedText));
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace

class TestReplyClassifier : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void negationScope_data();
    void negationScope();
    void morphologyAndLanguages_data();
    void morphologyAndLanguages();
    void optOut_data();
    void optOut();
    void wordBoundaries_data();
    void wordBoundaries();
    void normalisation_data();
    void normalisation();
    void spanish_data();
    void spanish();
    void evidenceContext_data();
    void evidenceContext();
    void evidenceOffsets_data();
    void evidenceOffsets();
    void evidenceInTextOrder();
    void repliesCorpus_data();
    void repliesCorpus();

    void lexiconVersion();
    void unreadableScriptGoesToReview_data();
    void unreadableScriptGoesToReview();
    void fromFilesLoadsCustomPack();
    void fromFilesRejectsBrokenPack_data();
    void fromFilesRejectsBrokenPack();
    void fromFilesLoadsNothingWhenOneFileFails();
    void fromFilesReportsMissingFile();

    void classifiesQuickly();

private:
    Classification classify(const QString &reply) const { return m_classifier->classify(reply); }

    std::optional<ReplyClassifier> m_classifier;
};

void TestReplyClassifier::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    auto classifier = ReplyClassifier::builtIn();
    QVERIFY2(classifier.has_value(),
             qPrintable(classifier ? QString() : classifier.error().message));
    m_classifier.emplace(std::move(*classifier));
}

// Case 27: negation scope ends at conjunctions and clause breaks; uncertainty is not negation.
void TestReplyClassifier::negationScope_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<TriageTier>("tier");
    QTest::addColumn<bool>("needsReview");

    QTest::newRow("negated chest pain, scope ends at just")
        << QStringLiteral("no chest pain today, just tired") << TriageTier::Routine << false;
    QTest::newRow("negation ends at but")
        << QStringLiteral("No fever but chest pain since this morning") << TriageTier::Emergent
        << false;
    QTest::newRow("don't have ... anymore")
        << QStringLiteral("I don't have chest pain anymore") << TriageTier::Routine << false;
    QTest::newRow("denies a list joined by commas and or")
        << QStringLiteral("denies chest pain, shortness of breath or palpitations")
        << TriageTier::Routine << false;
    QTest::newRow("uncertain is not negated")
        << QStringLiteral("not sure if it's heartburn or chest pain") << TriageTier::Urgent << true;
    QTest::newRow("second sentence is affirmed")
        << QStringLiteral("No chest pain. Now I can't breathe") << TriageTier::Emergent << false;
    QTest::newRow("other experiencer in the past")
        << QStringLiteral("my husband had chest pain last year") << TriageTier::Routine << true;

    QTest::newRow("negation does not jump over other words")
        << QStringLiteral("I could not sleep chest pain all night") << TriageTier::Emergent
        << false;
    QTest::newRow("not ok is no negation")
        << QStringLiteral("not ok cant breathe") << TriageTier::Emergent << false;
    QTest::newRow("a comma after no ends the scope")
        << QStringLiteral("No, chest pain") << TriageTier::Emergent << false;
    QTest::newRow("I have ends the scope")
        << QStringLiteral("No I have chest pain") << TriageTier::Emergent << false;
    QTest::newRow("anymore does not negate a red flag")
        << QStringLiteral("I can't breathe anymore") << TriageTier::Emergent << false;
    QTest::newRow("post negation, then a new clause")
        << QStringLiteral("chest pain is gone but now I can't breathe") << TriageTier::Emergent
        << false;
    QTest::newRow("comma list without or may be two clauses")
        << QStringLiteral("no fever, chest pain since this morning") << TriageTier::Urgent << true;
    QTest::newRow("never had it like this is affirmed")
        << QStringLiteral("I've never had chest pain like this before") << TriageTier::Emergent
        << false;
    QTest::newRow("repeated negations")
        << QStringLiteral("no fever no chills no chest pain") << TriageTier::Routine << false;
    QTest::newRow("historical own mention goes to review")
        << QStringLiteral("used to have seizures as a kid") << TriageTier::Routine << true;
    // Someone else's current emergency, texted from the patient's phone, is as pressing.
    QTest::newRow("current emergency of another person")
        << QStringLiteral("My mom can't breathe") << TriageTier::Emergent << true;
    QTest::newRow("denied self-harm still reviewed")
        << QStringLiteral("no thoughts of hurting myself") << TriageTier::Routine << true;
    QTest::newRow("hedged negation is uncertain")
        << QStringLiteral("I don't think it's chest pain, more like heartburn")
        << TriageTier::Urgent << true;
    // A time phrase that starts a span reaching now keeps the symptom current.
    QTest::newRow("since last week is current")
        << QStringLiteral("chest pain since last week") << TriageTier::Emergent << false;
    QTest::newRow("in the past hour is current")
        << QStringLiteral("couldn't breathe twice in the past hour") << TriageTier::Emergent
        << false;
    QTest::newRow("since a year is current")
        << QStringLiteral("chest pain since 2019 and worse today") << TriageTier::Emergent << false;
    QTest::newRow("in a year is past")
        << QStringLiteral("I had a stroke in 2019, doing fine now") << TriageTier::Routine << true;
    QTest::newRow("died of is family history")
        << QStringLiteral("my father died of a heart attack") << TriageTier::Routine << true;
    // A hypothetical red flag needs a person only when the patient asks about it.
    QTest::newRow("hypothetical question goes to review")
        << QStringLiteral("what should I do if I get chest pain?") << TriageTier::Routine << true;
    QTest::newRow("hypothetical report does not")
        << QStringLiteral("the leaflet says to watch for chest pain") << TriageTier::Routine
        << false;
    // Pairs a pack names with withFlags: the second sign says the circulation is failing.
    QTest::newRow("black stool with feeling faint")
        << QStringLiteral("my stool is black and i feel faint") << TriageTier::Emergent << false;
    QTest::newRow("palpitations with fainting")
        << QStringLiteral("heart racing and i passed out") << TriageTier::Emergent << false;
    QTest::newRow("palpitations with feeling faint stay urgent")
        << QStringLiteral("feeling faint and my heart is racing") << TriageTier::Urgent << false;
    QTest::newRow("a denied partner does not raise")
        << QStringLiteral("bleeding a bit, no dizziness") << TriageTier::Urgent << false;
    QTest::newRow("described with a contracted negative")
        << QStringLiteral("she collapsed and isn't breathing") << TriageTier::Emergent << true;
}

void TestReplyClassifier::negationScope()
{
    QFETCH(QString, reply);
    QFETCH(TriageTier, tier);
    QFETCH(bool, needsReview);

    const Classification result = classify(reply);
    QVERIFY2(
        result.tier == tier && result.needsReview == needsReview,
        qPrintable(QStringLiteral("expected %1%2, got %3")
                       .arg(tierName(tier), needsReview ? QStringLiteral("; review") : QString(),
                            describe(result))));
}

// Case 28: morphology, misspellings, run-together words, full-width text and other languages.
void TestReplyClassifier::morphologyAndLanguages_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<TriageTier>("tier");
    QTest::addColumn<QString>("language");

    QTest::newRow("suicidal, not suicide")
        << QStringLiteral("I feel suicidal") << TriageTier::Emergent << QStringLiteral("en");
    QTest::newRow("run together") << QStringLiteral("having chestpain") << TriageTier::Emergent
                                  << QStringLiteral("en");
    QTest::newRow("swapped letters")
        << QStringLiteral("chest pian and sweaty") << TriageTier::Emergent << QStringLiteral("en");
    QTest::newRow("shouting") << QStringLiteral("CHEST PAIN!!!") << TriageTier::Emergent
                              << QStringLiteral("en");
    QTest::newRow("described, not named")
        << QStringLiteral("my chest hurts") << TriageTier::Emergent << QStringLiteral("en");
    QTest::newRow("full width") << QStringLiteral("ｃｈｅｓｔ ｐａｉｎ") << TriageTier::Emergent
                                << QStringLiteral("en");
    QTest::newRow("spanish") << QStringLiteral("dolor de pecho desde anoche")
                             << TriageTier::Emergent << QStringLiteral("es");
    QTest::newRow("hindi") << QStringLiteral("सीने में दर्द") << TriageTier::Emergent
                           << QStringLiteral("hi");
    QTest::newRow("keystroke is no stroke") << QStringLiteral("the keystroke counter broke")
                                            << TriageTier::Routine << QStringLiteral("en");
    QTest::newRow("stroke of luck")
        << QStringLiteral("what a stroke of luck") << TriageTier::Routine << QStringLiteral("en");

    // One typo at the start of a long single word or a run-together term: the words are found
    // through their first or second letter (PatternSet's index of long words).
    QTest::newRow("long word, first letter changed")
        << QStringLiteral("so much xizziness today") << TriageTier::Urgent << QStringLiteral("en");
    QTest::newRow("long word, first letter lost")
        << QStringLiteral("so much izziness today") << TriageTier::Urgent << QStringLiteral("en");
    QTest::newRow("long word, letter added in front")
        << QStringLiteral("so much adizziness today") << TriageTier::Urgent << QStringLiteral("en");
    QTest::newRow("long word, first letters swapped")
        << QStringLiteral("so much idzziness today") << TriageTier::Urgent << QStringLiteral("en");
    QTest::newRow("run together, first letter lost")
        << QStringLiteral("having hestpain") << TriageTier::Emergent << QStringLiteral("en");
    QTest::newRow("run together, first letters swapped")
        << QStringLiteral("having cehstpain") << TriageTier::Emergent << QStringLiteral("en");
    QTest::newRow("typo in a long word of a phrase")
        << QStringLiteral("short of breathe since yesterday") << TriageTier::Emergent
        << QStringLiteral("en");
    QTest::newRow("hurting") << QStringLiteral("my chest is hurting") << TriageTier::Emergent
                             << QStringLiteral("en");
    QTest::newRow("stem meets suicide")
        << QStringLiteral("thinking about suicide") << TriageTier::Emergent << QStringLiteral("en");
    QTest::newRow("misspelled seizure")
        << QStringLiteral("siezure this morning") << TriageTier::Emergent << QStringLiteral("en");
    QTest::newRow("stroke signs described")
        << QStringLiteral("my face is drooping and my speech is slurred") << TriageTier::Emergent
        << QStringLiteral("en");
    QTest::newRow("one side weak") << QStringLiteral("my right side feels weak")
                                   << TriageTier::Emergent << QStringLiteral("en");
    QTest::newRow("hindi negated")
        << QStringLiteral("सीने में दर्द नहीं है") << TriageTier::Routine << QStringLiteral("hi");
    QTest::newRow("hindi breathing")
        << QStringLiteral("सांस नहीं ले पा रहा हूँ") << TriageTier::Emergent << QStringLiteral("hi");
}

void TestReplyClassifier::morphologyAndLanguages()
{
    QFETCH(QString, reply);
    QFETCH(TriageTier, tier);
    QFETCH(QString, language);

    const Classification result = classify(reply);
    QVERIFY2(result.tier == tier, qPrintable(describe(result)));
    QCOMPARE(result.language, language);
}

// Case 25: opt-out keywords alone or with filler; a keyword with a clinical object is no opt-out.
void TestReplyClassifier::optOut_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<bool>("optOut");
    QTest::addColumn<bool>("needsReview");
    QTest::addColumn<TriageTier>("tier");

    const auto plain = [](const char *name, const QString &reply) {
        QTest::newRow(name) << reply << true << false << TriageTier::Routine;
    };
    plain("STOP", QStringLiteral("STOP"));
    plain("stop", QStringLiteral("stop"));
    plain("STOP with spaces and shouting", QStringLiteral("  STOP!! "));
    plain("stop then thanks", QStringLiteral("Stop. Thank you"));
    plain("please stop texting me", QStringLiteral("Please stop texting me"));
    plain("opt out", QStringLiteral("Opt out"));
    plain("optout", QStringLiteral("OPTOUT"));
    plain("revoke", QStringLiteral("revoke"));
    plain("unsubscribe", QStringLiteral("Unsubscribe"));
    plain("quit", QStringLiteral("QUIT"));
    plain("end", QStringLiteral("END"));
    plain("cancel", QStringLiteral("cancel"));
    plain("stop please", QStringLiteral("STOP please"));
    plain("stop twice shouted", QStringLiteral("Stop!!"));
    plain("stop texting me", QStringLiteral("stop texting me"));
    plain("stop all", QStringLiteral("STOP ALL"));
    plain("stretched stop", QStringLiteral("STOPPPP"));
    plain("stop after thanks", QStringLiteral("Ok thanks, stop now"));
    plain("spanish alto", QStringLiteral("ALTO"));
    plain("spanish no more messages", QStringLiteral("No más mensajes por favor"));
    plain("spanish baja", QStringLiteral("baja por favor"));
    plain("hindi stop", QStringLiteral("बंद करो"));

    QTest::newRow("don't stop the reminders")
        << QStringLiteral("Don't stop the reminders, they help") << false << true
        << TriageTier::Routine;
    QTest::newRow("stop and chest pain")
        << QStringLiteral("stop. also i have chest pain") << true << false << TriageTier::Emergent;
    QTest::newRow("stop texting, then chest pain in the next clause")
        << QStringLiteral("stop texting me, I have chest pain") << true << false
        << TriageTier::Emergent;
    QTest::newRow("start is no opt-out")
        << QStringLiteral("START") << false << false << TriageTier::Routine;
    QTest::newRow("stop the meds is clinical") << QStringLiteral("stop the meds, they make me sick")
                                               << false << true << TriageTier::Routine;
    QTest::newRow("cancel an appointment") << QStringLiteral("cancel my appointment on friday")
                                           << false << true << TriageTier::Routine;
    QTest::newRow("end it all is a red flag")
        << QStringLiteral("end it all") << false << true << TriageTier::Emergent;
    QTest::newRow("keyword inside a sentence")
        << QStringLiteral("I can't stop coughing") << false << false << TriageTier::Routine;
}

void TestReplyClassifier::optOut()
{
    QFETCH(QString, reply);
    QFETCH(bool, optOut);
    QFETCH(bool, needsReview);
    QFETCH(TriageTier, tier);

    const Classification result = classify(reply);
    QVERIFY2(result.optOut == optOut, qPrintable(describe(result)));
    QVERIFY2(result.needsReview == needsReview, qPrintable(describe(result)));
    QVERIFY2(result.tier == tier, qPrintable(describe(result)));

    if (optOut) {
        const bool hasEvidence = std::any_of(
            result.evidence.cbegin(), result.evidence.cend(), [](const Evidence &evidence) {
                return evidence.flag == QLatin1String("opt-out") &&
                       evidence.context == EvidenceContext::Affirmed;
            });
        QVERIFY2(hasEvidence, qPrintable(describe(result)));
    }
}

void TestReplyClassifier::wordBoundaries_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<TriageTier>("tier");
    QTest::addColumn<bool>("needsReview");

    QTest::newRow("keystroke") << QStringLiteral("the keystroke counter broke")
                               << TriageTier::Routine << false;
    QTest::newRow("stroke of luck")
        << QStringLiteral("what a stroke of luck") << TriageTier::Routine << false;
    QTest::newRow("shouted stroke of luck")
        << QStringLiteral("What a STROKE of luck!") << TriageTier::Routine << false;
    QTest::newRow("backstroke") << QStringLiteral("backstroke practice went well")
                                << TriageTier::Routine << false;
    QTest::newRow("stroker") << QStringLiteral("Mr Stroker called about the bill")
                             << TriageTier::Routine << false;
    QTest::newRow("seizure medication")
        << QStringLiteral("I need a refill of my seizure meds") << TriageTier::Routine << false;
    QTest::newRow("chest of drawers") << QStringLiteral("moved the chest of drawers, my back hurts")
                                      << TriageTier::Routine << false;
    QTest::newRow("painting is no pain")
        << QStringLiteral("painting the chest today") << TriageTier::Routine << false;
    QTest::newRow("named stroke") << QStringLiteral("I think I'm having a stroke")
                                  << TriageTier::Emergent << false;
    QTest::newRow("a brace fitting well")
        << QStringLiteral("the new brace is fitting well") << TriageTier::Routine << false;
    QTest::newRow("a child fitting")
        << QStringLiteral("he is fitting and won't stop shaking") << TriageTier::Emergent << true;
    QTest::newRow("asking for information")
        << QStringLiteral("can you send me info about heart attack warning signs?")
        << TriageTier::Routine << true;
    QTest::newRow("point of living as a figure of speech")
        << QStringLiteral("the point of living healthy is to feel good") << TriageTier::Routine
        << false;
    QTest::newRow("no point of living") << QStringLiteral("i don't see the point of living anymore")
                                        << TriageTier::Emergent << false;
    QTest::newRow("band name") << QStringLiteral("the strokes concert was amazing")
                               << TriageTier::Routine << false;
}

void TestReplyClassifier::wordBoundaries()
{
    QFETCH(QString, reply);
    QFETCH(TriageTier, tier);
    QFETCH(bool, needsReview);

    const Classification result = classify(reply);
    QVERIFY2(result.tier == tier, qPrintable(describe(result)));
    QCOMPARE(result.needsReview, needsReview);
}

void TestReplyClassifier::normalisation_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QString>("flag");

    QTest::newRow("full width") << QStringLiteral("ｃｈｅｓｔ ｐａｉｎ")
                                << QStringLiteral("chest-pain");
    QTest::newRow("full width space and shouting")
        << QStringLiteral("ＣＨＥＳＴ　ＰＡＩＮ！！") << QStringLiteral("chest-pain");
    QTest::newRow("emoji between words")
        << QStringLiteral("chest😭😭pain") << QStringLiteral("chest-pain");
    QTest::newRow("emoji around") << QStringLiteral("🚨🚨 I can't breathe 🚨🚨")
                                  << QStringLiteral("breathing-difficulty");
    QTest::newRow("stretched letters")
        << QStringLiteral("CHEST PAAAAIN") << QStringLiteral("chest-pain");
    QTest::newRow("curly apostrophe")
        << QStringLiteral("I can’t breathe") << QStringLiteral("breathing-difficulty");
    QTest::newRow("no apostrophe")
        << QStringLiteral("i cant breathe") << QStringLiteral("breathing-difficulty");
    QTest::newRow("hyphenated") << QStringLiteral("very short-of-breath")
                                << QStringLiteral("breathing-difficulty");
    QTest::newRow("combining accent")
        << QStringLiteral("tengo opresio\u0301n en el pecho") << QStringLiteral("chest-pain");
    QTest::newRow("accent left out")
        << QStringLiteral("me desmaye hoy") << QStringLiteral("fainting");
    QTest::newRow("ligature") << QStringLiteral("di\uFB03culty breathing")
                              << QStringLiteral("breathing-difficulty");
}

void TestReplyClassifier::normalisation()
{
    QFETCH(QString, reply);
    QFETCH(QString, flag);

    const Classification result = classify(reply);
    const bool found =
        std::any_of(result.evidence.cbegin(), result.evidence.cend(),
                    [&flag](const Evidence &evidence) { return evidence.flag == flag; });
    QVERIFY2(found, qPrintable(describe(result)));
}

void TestReplyClassifier::spanish_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<TriageTier>("tier");
    QTest::addColumn<bool>("needsReview");

    QTest::newRow("cannot breathe")
        << QStringLiteral("no puedo respirar") << TriageTier::Emergent << false;
    QTest::newRow("short of air") << QStringLiteral("me falta el aire desde ayer")
                                  << TriageTier::Emergent << false;
    QTest::newRow("negated chest pain")
        << QStringLiteral("no tengo dolor de pecho") << TriageTier::Routine << false;
    QTest::newRow("without ... but with")
        << QStringLiteral("sin fiebre pero con dolor de pecho") << TriageTier::Emergent << false;
    QTest::newRow("ni joins a negated list")
        << QStringLiteral("no tengo fiebre ni dolor de pecho") << TriageTier::Routine << false;
    QTest::newRow("negation ends at pero")
        << QStringLiteral("no tengo dolor de pecho pero me falta el aire") << TriageTier::Emergent
        << false;
    QTest::newRow("fever") << QStringLiteral("tengo fiebre") << TriageTier::Urgent << false;
    QTest::newRow("wants to die") << QStringLiteral("quiero morir") << TriageTier::Emergent
                                  << false;
    QTest::newRow("stroke signs") << QStringLiteral("tengo la cara caída y no puedo hablar bien")
                                  << TriageTier::Emergent << false;
    QTest::newRow("fainted") << QStringLiteral("me desmayé esta mañana") << TriageTier::Urgent
                             << false;
    QTest::newRow("uncertain") << QStringLiteral("no estoy segura si es dolor de pecho o acidez")
                               << TriageTier::Urgent << true;
    QTest::newRow("husband, now") << QStringLiteral("mi esposo tiene dolor de pecho")
                                  << TriageTier::Emergent << true;
    QTest::newRow("mother, last year")
        << QStringLiteral("mi mamá tuvo un derrame el año pasado") << TriageTier::Routine << true;
    QTest::newRow("gone away") << QStringLiteral("ya se me quitó el dolor de pecho")
                               << TriageTier::Routine << false;
    QTest::newRow("never like this")
        << QStringLiteral("nunca he tenido un dolor de pecho así") << TriageTier::Emergent << false;
    QTest::newRow("breathing fine")
        << QStringLiteral("respiro bien, gracias") << TriageTier::Routine << false;
    QTest::newRow("since last year is current")
        << QStringLiteral("tengo dolor de pecho desde el año pasado") << TriageTier::Emergent
        << false;
    QTest::newRow("regional: jalar aire")
        << QStringLiteral("no puedo jalar aire") << TriageTier::Emergent << false;
    QTest::newRow("mouth twisted, verb first")
        << QStringLiteral("se me torció la boca") << TriageTier::Emergent << false;
    QTest::newRow("throat swelling, verb first")
        << QStringLiteral("se me está hinchando la garganta") << TriageTier::Emergent << false;
    QTest::newRow("black stool with fainting")
        << QStringLiteral("tengo heces negras y me desmayé") << TriageTier::Emergent << false;
    QTest::newRow("father died of")
        << QStringLiteral("mi papá murió de un infarto") << TriageTier::Routine << true;
}

void TestReplyClassifier::spanish()
{
    QFETCH(QString, reply);
    QFETCH(TriageTier, tier);
    QFETCH(bool, needsReview);

    const Classification result = classify(reply);
    QVERIFY2(result.tier == tier, qPrintable(describe(result)));
    QCOMPARE(result.needsReview, needsReview);
    QCOMPARE(result.language, QStringLiteral("es"));
}

void TestReplyClassifier::evidenceContext_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QString>("flag");
    QTest::addColumn<EvidenceContext>("context");

    QTest::newRow("negated") << QStringLiteral("no chest pain today, just tired")
                             << QStringLiteral("chest-pain") << EvidenceContext::Negated;
    QTest::newRow("after just is affirmed")
        << QStringLiteral("no chest pain today, just tired") << QStringLiteral("tiredness")
        << EvidenceContext::Affirmed;
    QTest::newRow("uncertain") << QStringLiteral("not sure if it's heartburn or chest pain")
                               << QStringLiteral("chest-pain") << EvidenceContext::Uncertain;
    QTest::newRow("other person") << QStringLiteral("my husband had chest pain last year")
                                  << QStringLiteral("chest-pain") << EvidenceContext::OtherPerson;
    QTest::newRow("historical") << QStringLiteral("used to have seizures as a kid")
                                << QStringLiteral("seizure") << EvidenceContext::Historical;
    QTest::newRow("list item after or")
        << QStringLiteral("denies chest pain, shortness of "
                          "breath or palpitations")
        << QStringLiteral("palpitations") << EvidenceContext::Negated;
    QTest::newRow("post negation") << QStringLiteral("my chest pain went away")
                                   << QStringLiteral("chest-pain") << EvidenceContext::Negated;
    QTest::newRow("negated opt-out") << QStringLiteral("Don't stop the reminders, they help")
                                     << QStringLiteral("opt-out") << EvidenceContext::Negated;
    QTest::newRow("opt-out keyword with an object")
        << QStringLiteral("stop the meds, they make me sick") << QStringLiteral("opt-out")
        << EvidenceContext::Uncertain;
}

void TestReplyClassifier::evidenceContext()
{
    QFETCH(QString, reply);
    QFETCH(QString, flag);
    QFETCH(EvidenceContext, context);

    const Classification result = classify(reply);
    const auto found =
        std::find_if(result.evidence.cbegin(), result.evidence.cend(),
                     [&flag](const Evidence &evidence) { return evidence.flag == flag; });
    QVERIFY2(found != result.evidence.cend(), qPrintable(describe(result)));
    QCOMPARE(evidenceContextName(found->context), evidenceContextName(context));
}

// Evidence must point at the patient's own words so the UI can highlight them.
void TestReplyClassifier::evidenceOffsets_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("words"); // the span highlighted
    QTest::addColumn<QString>("shown"); // the evidence's words, when not all of the span

    QTest::newRow("plain") << QStringLiteral("No fever but chest pain since this morning")
                           << QStringLiteral("chest-pain") << QStringLiteral("chest pain")
                           << QString();
    QTest::newRow("full width") << QStringLiteral("Since noon ｃｈｅｓｔ ｐａｉｎ!!")
                                << QStringLiteral("chest-pain")
                                << QStringLiteral("ｃｈｅｓｔ ｐａｉｎ") << QString();
    QTest::newRow("after emoji") << QStringLiteral("😭😭 my CHEST HURTS")
                                 << QStringLiteral("chest-pain") << QStringLiteral("CHEST HURTS")
                                 << QString();
    QTest::newRow("run together") << QStringLiteral("having chestpain")
                                  << QStringLiteral("chest-pain") << QStringLiteral("chestpain")
                                  << QString();
    QTest::newRow("typo") << QStringLiteral("chest pian and sweaty") << QStringLiteral("chest-pain")
                          << QStringLiteral("chest pian") << QString();
    QTest::newRow("words skipped inside the term")
        << QStringLiteral("oh my face is drooping") << QStringLiteral("stroke-signs")
        << QStringLiteral("face is drooping") << QStringLiteral("face \u2026 drooping");
    QTest::newRow("curly apostrophe")
        << QStringLiteral("I can’t breathe!") << QStringLiteral("breathing-difficulty")
        << QStringLiteral("can’t breathe") << QString();
    QTest::newRow("combining accent")
        << QStringLiteral("tengo opresio\u0301n en el pecho") << QStringLiteral("chest-pain")
        << QStringLiteral("opresio\u0301n en el pecho")
        << QStringLiteral("opresio\u0301n \u2026 pecho");
    QTest::newRow("hindi") << QStringLiteral("मुझे सीने में दर्द है") << QStringLiteral("chest-pain")
                           << QStringLiteral("सीने में दर्द") << QString();
    QTest::newRow("opt-out") << QStringLiteral("Please STOP texting me")
                             << QStringLiteral("opt-out") << QStringLiteral("STOP texting me")
                             << QString();
    QTest::newRow("negated evidence too")
        << QStringLiteral("I don't have chest pain anymore") << QStringLiteral("chest-pain")
        << QStringLiteral("chest pain") << QString();
    QTest::newRow("therapy link") << QStringLiteral("rash since the second injection")
                                  << QStringLiteral("therapy-link")
                                  << QStringLiteral("since the second injection")
                                  << QStringLiteral("since \u2026 injection");
    QTest::newRow("measurement") << QStringLiteral("my temperature is 103.5 tonight")
                                 << QStringLiteral("fever")
                                 << QStringLiteral("temperature is 103.5")
                                 << QStringLiteral("temperature \u2026 103.5");
}

void TestReplyClassifier::evidenceOffsets()
{
    QFETCH(QString, reply);
    QFETCH(QString, flag);
    QFETCH(QString, words);
    QFETCH(QString, shown);

    const Classification result = classify(reply);
    const auto found =
        std::find_if(result.evidence.cbegin(), result.evidence.cend(),
                     [&flag](const Evidence &evidence) { return evidence.flag == flag; });
    QVERIFY2(found != result.evidence.cend(), qPrintable(describe(result)));
    QCOMPARE(reply.mid(found->start, found->length), words);
    // Words a '*' skipped are the patient's own: the evidence shows "…" for them.
    QCOMPARE(found->matchedText, shown.isEmpty() ? words : shown);
}

void TestReplyClassifier::evidenceInTextOrder()
{
    const QString reply = QStringLiteral("STOP. I have a fever, no chest pain, but I feel dizzy");
    const Classification result = classify(reply);

    QStringList flags;
    for (qsizetype i = 0; i < result.evidence.size(); ++i) {
        flags.append(result.evidence.at(i).flag);
        if (i > 0)
            QVERIFY(result.evidence.at(i - 1).start < result.evidence.at(i).start);
    }
    QCOMPARE(flags, (QStringList{QStringLiteral("opt-out"), QStringLiteral("fever"),
                                 QStringLiteral("chest-pain"), QStringLiteral("dizziness")}));
    QCOMPARE(result.tier, TriageTier::Urgent);
    QVERIFY(result.optOut);
}

// tests/data/triage/replies.tsv: reply, expected tier, expected opt-out. An emergent reply that
// comes out lower is a missed red flag and fails with its own message.
void TestReplyClassifier::repliesCorpus_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QString>("tier");
    QTest::addColumn<bool>("optOut");

    QFile file(QStringLiteral(CAREDESK_SOURCE_DIR "/tests/data/triage/replies.tsv"));
    QVERIFY2(file.open(QIODevice::ReadOnly | QIODevice::Text), qPrintable(file.fileName()));

    int lineNumber = 0;
    int rows = 0;
    while (!file.atEnd()) {
        ++lineNumber;
        const QString line = QString::fromUtf8(file.readLine()).chopped(1);
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;

        const QStringList columns = line.split(QLatin1Char('\t'));
        QVERIFY2(columns.size() == 3, qPrintable(QStringLiteral("line %1").arg(lineNumber)));
        QVERIFY2(tierFromName(columns.at(1)).has_value(),
                 qPrintable(QStringLiteral("line %1: unknown tier").arg(lineNumber)));
        QTest::addRow("line %d: %s", lineNumber, qPrintable(columns.at(0)))
            << columns.at(0) << columns.at(1) << (columns.at(2) == QLatin1String("true"));
        ++rows;
    }
    QVERIFY2(rows >= 60, "the corpus must hold at least 60 replies");
}

void TestReplyClassifier::repliesCorpus()
{
    QFETCH(QString, reply);
    QFETCH(QString, tier);
    QFETCH(bool, optOut);

    const Classification result = classify(reply);
    if (tier == QLatin1String("emergent") && result.tier != TriageTier::Emergent)
        QFAIL(qPrintable(QStringLiteral("emergent miss: %1").arg(describe(result))));
    QCOMPARE(tierName(result.tier), tier);
    QCOMPARE(result.optOut, optOut);
}

// A reply written in a script no pack knows was not read: it must reach a person.
void TestReplyClassifier::unreadableScriptGoesToReview_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<bool>("needsReview");
    QTest::newRow("arabic") << QStringLiteral("\u0623\u0644\u0645 \u0641\u064A "
                                              "\u0627\u0644\u0635\u062F\u0631")
                            << true;
    QTest::newRow("hebrew") << QStringLiteral("\u05DB\u05D0\u05D1 \u05D1\u05D7\u05D6\u05D4")
                            << true;
    QTest::newRow("hindi is read")
        << QStringLiteral("\u0938\u0940\u0928\u0947 \u092E\u0947\u0902") << false;
    QTest::newRow("english with a few arabic words")
        << QStringLiteral("Hello, I am fine thanks, but \u0623\u0631\u064A\u062F "
                          "\u0623\u0646 \u0623\u0645\u0648\u062A")
        << true;
    QTest::newRow("english with an accent and emoji")
        << QStringLiteral("caf\u00E9 was fine \U0001F600 thanks") << false;
}

void TestReplyClassifier::unreadableScriptGoesToReview()
{
    QFETCH(QString, reply);
    QFETCH(bool, needsReview);
    const Classification result = m_classifier->classify(reply);
    QCOMPARE(result.needsReview, needsReview);
    QCOMPARE(result.language == QLatin1String("und"), needsReview);
}

void TestReplyClassifier::lexiconVersion()
{
    QCOMPARE(m_classifier->lexiconVersion(),
             QStringLiteral("en:2026.12.7,es:2026.12.5,hi:2026.12.1"));
}

void TestReplyClassifier::fromFilesLoadsCustomPack()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = writeFile(dir, QStringLiteral("triage-xx.json"), minimalPack());

    const auto classifier = ReplyClassifier::fromFiles({path});
    QVERIFY2(classifier.has_value(),
             qPrintable(classifier ? QString() : classifier.error().message));
    QCOMPARE(classifier->lexiconVersion(), QStringLiteral("xx:9.9"));

    QCOMPARE(classifier->classify(QStringLiteral("purple spots on my legs")).tier,
             TriageTier::Emergent);
    QCOMPARE(classifier->classify(QStringLiteral("no purple spots")).tier, TriageTier::Routine);
    QCOMPARE(classifier->classify(QStringLiteral("chest pain")).tier, TriageTier::Routine);
    QVERIFY(classifier->classify(QStringLiteral("HALT")).optOut);
}

void TestReplyClassifier::fromFilesRejectsBrokenPack_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("complaint");

    QTest::newRow("bad JSON") << QByteArray("{ \"format\": 1, \"version\": ")
                              << QStringLiteral("not valid JSON");
    QTest::newRow("bad JSON offset")
        << QByteArray("{ \"format\": 1,, }") << QStringLiteral("at offset 15");
    QTest::newRow("not an object")
        << QByteArray("[1, 2]") << QStringLiteral("must be a JSON object");
    QTest::newRow("missing version")
        << minimalPack("xx", "null") << QStringLiteral("missing \"version\"");
    QTest::newRow("unknown tier") << minimalPack("xx", "\"1\"", "critical")
                                  << QStringLiteral("unknown tier \"critical\"");
    QTest::newRow("star inside a word")
        << minimalPack("xx", "\"1\"", "urgent", "pur*ple") << QStringLiteral("'*' inside a word");
    QTest::newRow("term of only a gap") << minimalPack("xx", "\"1\"", "urgent", "*")
                                        << QStringLiteral("may not begin or end with '*'");
    QTest::newRow("no language") << minimalPack("") << QStringLiteral("missing \"language\"");
    QTest::newRow("wrong format")
        << QByteArray("{ \"format\": 2, \"language\": \"xx\", \"version\": \"1\" }")
        << QStringLiteral("\"format\" must be 1");
    QTest::newRow("cue in two families")
        << QByteArray("{ \"format\": 1, \"language\": \"xx\", \"version\": \"1\", "
                      "\"concepts\": [ { \"flag\": \"a\", \"tier\": \"urgent\", \"terms\": "
                      "[\"a b\"] } ], \"cues\": { \"negation\": { \"pre\": [\"no\"] }, "
                      "\"uncertainty\": { \"pre\": [\"no\"] } } }")
        << QStringLiteral("cue \"no\" is listed under both \"negation\" and \"uncertainty\"");
    QTest::newRow("withFlags without a tier")
        << QByteArray("{ \"format\": 1, \"language\": \"xx\", \"version\": \"1\", "
                      "\"concepts\": [ { \"flag\": \"a\", \"tier\": \"urgent\", \"terms\": "
                      "[\"a b\"], \"withFlags\": { \"flags\": [\"b\"] } } ] }")
        << QStringLiteral("needs a list of \"flags\" and a known \"tier\"");
}

void TestReplyClassifier::fromFilesRejectsBrokenPack()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, complaint);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = writeFile(dir, QStringLiteral("triage-broken.json"), content);

    const auto classifier = ReplyClassifier::fromFiles({path});
    QVERIFY(!classifier.has_value());
    QCOMPARE(classifier.error().code, Error::Code::InvalidInput);
    QVERIFY2(classifier.error().message.contains(path), qPrintable(classifier.error().message));
    QVERIFY2(classifier.error().message.contains(complaint),
             qPrintable(classifier.error().message));
}

void TestReplyClassifier::fromFilesLoadsNothingWhenOneFileFails()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString good = writeFile(dir, QStringLiteral("triage-xx.json"), minimalPack());
    const QString bad =
        writeFile(dir, QStringLiteral("triage-yy.json"), minimalPack("yy", "\"1\"", "severe"));
    const QString twin = writeFile(dir, QStringLiteral("triage-xx-copy.json"), minimalPack());

    const auto broken = ReplyClassifier::fromFiles({good, bad});
    QVERIFY(!broken.has_value());
    QVERIFY2(broken.error().message.contains(bad), qPrintable(broken.error().message));

    const auto duplicate = ReplyClassifier::fromFiles({good, twin});
    QVERIFY(!duplicate.has_value());
    QVERIFY2(duplicate.error().message.contains(QStringLiteral("\"xx\" is already loaded")),
             qPrintable(duplicate.error().message));

    QVERIFY(!ReplyClassifier::fromFiles({}).has_value());
}

void TestReplyClassifier::fromFilesReportsMissingFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("absent.json"));

    const auto classifier = ReplyClassifier::fromFiles({path});
    QVERIFY(!classifier.has_value());
    QCOMPARE(classifier.error().code, Error::Code::NotFound);
    QVERIFY2(classifier.error().message.contains(path), qPrintable(classifier.error().message));
}

// A 300-character reply must classify well under a millisecond: terms are compiled once.
void TestReplyClassifier::classifiesQuickly()
{
    const QString reply = QStringLiteral(
        "Hi, I took my meds this morning but I'm not sure if it's heartburn or chest pain. No "
        "fever but I feel dizzy and my husband said I look pale. I don't have any shortness of "
        "breath, though I did vomit twice after lunch. Should I come in today or wait until "
        "tomorrow? My daughter can drive me after work. Thanks so much, see you soon!!! 🙏");
    QVERIFY(reply.size() >= 300);

    constexpr int runs = 500;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < runs; ++i)
        QCOMPARE(classify(reply).tier, TriageTier::Urgent);
    const double microseconds = double(timer.nsecsElapsed()) / runs / 1000.0;

    qInfo("classify: %.1f us per %lld-character reply", microseconds,
          static_cast<long long>(reply.size()));
    QVERIFY2(microseconds < 1000.0, qPrintable(QString::number(microseconds)));
}

QTEST_GUILESS_MAIN(TestReplyClassifier)
#include "tst_replyclassifier.moc"
