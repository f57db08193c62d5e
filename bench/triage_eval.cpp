// SPDX-License-Identifier: GPL-3.0-or-later
// caredesk-triage-eval: scores the reply classifier against the labelled evaluation set and
// prints per-tier recall and precision and every miss. Exit code 1 when a target is missed.
#include "services/triage/ReplyClassifier.h"
#include "tests/unit/triage/TriageEvalSet.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

using namespace CareDesk;

namespace {

struct Target {
    const char *what;
    double value;
    double minimum;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Scores the triage classifier against a labelled evaluation set."));
    parser.addHelpOption();
    const QCommandLineOption setOption(
        QStringLiteral("set"), QStringLiteral("Evaluation set (TSV)."), QStringLiteral("file"),
        QStringLiteral(CAREDESK_SOURCE_DIR "/tests/data/triage/eval-set.tsv"));
    const QCommandLineOption lexiconOption(
        QStringLiteral("lexicon-dir"),
        QStringLiteral("Folder of reviewed triage-*.json packs that replace the built-in ones."),
        QStringLiteral("folder"));
    parser.addOption(setOption);
    parser.addOption(lexiconOption);
    parser.process(app);

    QTextStream out(stdout);
    QTextStream err(stderr);
    auto classifier = ReplyClassifier::withOverrides(parser.value(lexiconOption));
    if (!classifier) {
        err << classifier.error().message << Qt::endl;
        return 2;
    }
    const auto cases = loadEvalSet(parser.value(setOption));
    if (!cases) {
        err << cases.error().message << Qt::endl;
        return 2;
    }

    const EvalReport report = evaluate(*classifier, *cases);
    out << "lexicons " << classifier->lexiconVersion() << ", " << cases->size()
        << " labelled replies" << Qt::endl;
    for (const QString &line : report.describe())
        out << line << Qt::endl;

    const Target targets[] = {
        {"emergent recall", report.score(TriageTier::Emergent).recall(), 1.0},
        {"urgent recall", report.score(TriageTier::Urgent).recall(), 0.98},
        {"emergent precision", report.score(TriageTier::Emergent).precision(), 0.85},
        // CareDesk's own targets for possible adverse events (docs/triage.md).
        {"adverse event recall", report.adverseEvents.recall(), 0.95},
        {"adverse event precision", report.adverseEvents.precision(), 0.80},
    };
    bool met = true;
    for (const Target &target : targets) {
        const bool ok = target.value >= target.minimum;
        met = met && ok;
        out << "target " << target.what << " >= " << 100.0 * target.minimum
            << "%: " << (ok ? "met" : "MISSED") << Qt::endl;
    }
    return met ? 0 : 1;
}
