// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/triage/ReplyClassifier.h"
#include "tests/unit/triage/TriageEvalSet.h"

#include <QStandardPaths>
#include <QTest>

#include <optional>

using namespace CareDesk;

Q_DECLARE_METATYPE(CareDesk::EvalCase)

// The labelled evaluation set (tests/data/triage/eval-set.tsv, issue 6): every reply labelled
// emergent must be read as emergent, every opt-out recognised and no other reply taken as one;
// urgent recall and emergent precision must meet their targets. Other misses are reported.
class TestTriageEvalSet : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void emergentReplies_data();
    void emergentReplies();
    void optOutReplies_data();
    void optOutReplies();
    void targets();

private:
    void addRows(bool (*select)(const EvalCase &));

    std::optional<ReplyClassifier> m_classifier;
    QList<EvalCase> m_cases;
};

void TestTriageEvalSet::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    auto classifier = ReplyClassifier::builtIn();
    QVERIFY2(classifier, qPrintable(classifier ? QString() : classifier.error().message));
    m_classifier.emplace(std::move(*classifier));

    const auto cases =
        loadEvalSet(QStringLiteral(CAREDESK_SOURCE_DIR "/tests/data/triage/eval-set.tsv"));
    QVERIFY2(cases, qPrintable(cases ? QString() : cases.error().message));
    m_cases = *cases;
    QVERIFY2(m_cases.size() >= 400, "the evaluation set must hold at least 400 replies");
}

void TestTriageEvalSet::addRows(bool (*select)(const EvalCase &))
{
    QTest::addColumn<EvalCase>("row");
    const QStringList read = m_classifier->languages();
    for (const EvalCase &row : std::as_const(m_cases)) {
        if (read.contains(row.language) && select(row))
            QTest::newRow(qPrintable(row.id + QLatin1Char(' ') + row.note)) << row;
    }
}

void TestTriageEvalSet::emergentReplies_data()
{
    addRows([](const EvalCase &row) { return row.tier == TriageTier::Emergent; });
}

void TestTriageEvalSet::emergentReplies()
{
    QFETCH(EvalCase, row);
    const Classification result = m_classifier->classify(row.text);
    QVERIFY2(
        result.tier == TriageTier::Emergent,
        qPrintable(
            QStringLiteral("\"%1\" read as %2").arg(row.text, describeClassification(result))));
}

void TestTriageEvalSet::optOutReplies_data()
{
    // Every reply: a missed opt-out breaks the law, a wrong one silences a patient's reminders.
    addRows([](const EvalCase &) { return true; });
}

void TestTriageEvalSet::optOutReplies()
{
    QFETCH(EvalCase, row);
    const Classification result = m_classifier->classify(row.text);
    QVERIFY2(
        result.optOut == row.optOut,
        qPrintable(
            QStringLiteral("\"%1\" read as %2").arg(row.text, describeClassification(result))));
}

void TestTriageEvalSet::targets()
{
    const EvalReport report = evaluate(*m_classifier, m_cases);
    for (const QString &line : report.describe())
        qInfo().noquote() << line;

    QVERIFY2(report.score(TriageTier::Emergent).recall() >= 1.0, "emergent recall below 100%");
    QVERIFY2(report.score(TriageTier::Urgent).recall() >= 0.98, "urgent recall below 98%");
    QVERIFY2(report.score(TriageTier::Emergent).precision() >= 0.85,
             "emergent precision below 85%");
    // CareDesk's own targets for possible adverse events (docs/triage.md).
    QVERIFY2(report.adverseEvents.labelled >= 50, "fewer than 50 adverse-event rows");
    QVERIFY2(report.adverseEvents.recall() >= 0.95, "adverse event recall below 95%");
    QVERIFY2(report.adverseEvents.precision() >= 0.80, "adverse event precision below 80%");
}

QTEST_GUILESS_MAIN(TestTriageEvalSet)
#include "tst_triageevalset.moc"
