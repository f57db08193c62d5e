// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/unit/triage/TriageEvalSet.h"

#include "services/triage/ReplyClassifier.h"

#include <QFile>
#include <QSet>
#include <QStringConverter>
#include <QTextStream>

namespace CareDesk {

namespace {

std::unexpected<Error> badLine(const QString &path, int line, const QString &why)
{
    return fail(Error::Code::InvalidInput,
                QStringLiteral("%1, line %2: %3.").arg(path).arg(line).arg(why));
}

QString percent(double value)
{
    return QString::number(100.0 * value, 'f', 1) + QLatin1Char('%');
}

QString kindName(EvalMiss::Kind kind)
{
    switch (kind) {
    case EvalMiss::Kind::UnderTriage:
        return QStringLiteral("UNDER");
    case EvalMiss::Kind::OverTriage:
        return QStringLiteral("over");
    case EvalMiss::Kind::OptOut:
        return QStringLiteral("opt-out");
    case EvalMiss::Kind::AdverseEvent:
        return QStringLiteral("adverse-event");
    case EvalMiss::Kind::Review:
        return QStringLiteral("review");
    }
    return QString();
}

QString expectedText(const EvalCase &row)
{
    QStringList parts{tierName(row.tier)};
    if (row.optOut)
        parts.append(QStringLiteral("opt-out"));
    if (row.review)
        parts.append(QStringLiteral("review"));
    if (row.adverseEvent)
        parts.append(QStringLiteral("adverse event"));
    return parts.join(QStringLiteral("; "));
}

} // namespace

int EvalReport::count(EvalMiss::Kind kind) const
{
    return int(std::count_if(misses.cbegin(), misses.cend(),
                             [kind](const EvalMiss &miss) { return miss.kind == kind; }));
}

QString describeClassification(const Classification &result)
{
    QStringList parts{tierName(result.tier)};
    if (result.optOut)
        parts.append(QStringLiteral("opt-out"));
    if (result.needsReview)
        parts.append(QStringLiteral("review"));
    if (result.possibleAdverseEvent)
        parts.append(QStringLiteral("adverse event"));
    for (const Evidence &evidence : result.evidence) {
        parts.append(
            QStringLiteral("%1/%2 \"%3\"")
                .arg(evidence.flag, evidenceContextName(evidence.context), evidence.matchedText));
    }
    return parts.join(QStringLiteral("; "));
}

Result<QList<EvalCase>> loadEvalSet(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return fail(Error::Code::NotFound,
                    QStringLiteral("%1 cannot be read: %2.").arg(path, file.errorString()));

    QTextStream in(&file);
    in.setEncoding(QStringConverter::Utf8);
    QList<EvalCase> cases;
    QSet<QString> ids;
    int lineNumber = 0;
    QString line;
    while (in.readLineInto(&line)) {
        ++lineNumber;
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;

        const QStringList columns = line.split(QLatin1Char('\t'));
        if (columns.size() != 6)
            return badLine(path, lineNumber, QStringLiteral("expected 6 tab-separated columns"));
        EvalCase row;
        row.id = columns.at(0);
        row.language = columns.at(1);
        const auto tier = tierFromName(columns.at(2));
        if (!tier)
            return badLine(path, lineNumber, QStringLiteral("unknown tier"));
        row.tier = *tier;
        if (columns.at(3) != QLatin1String("-")) {
            for (const QString &flag : columns.at(3).split(QLatin1Char(','))) {
                if (flag == QLatin1String("optout"))
                    row.optOut = true;
                else if (flag == QLatin1String("review"))
                    row.review = true;
                else if (flag == QLatin1String("ae"))
                    row.adverseEvent = true;
                else
                    return badLine(path, lineNumber, QStringLiteral("unknown flag %1").arg(flag));
            }
        }
        row.text = columns.at(4);
        row.note = columns.at(5);
        row.line = lineNumber;
        if (row.id.isEmpty() || row.text.isEmpty() || ids.contains(row.id))
            return badLine(path, lineNumber, QStringLiteral("empty or repeated id, or no text"));
        ids.insert(row.id);
        cases.append(row);
    }
    return cases;
}

EvalReport evaluate(const ReplyClassifier &classifier, const QList<EvalCase> &cases)
{
    EvalReport report;
    const QStringList read = classifier.languages();
    for (const EvalCase &row : cases) {
        const Classification result = classifier.classify(row.text);
        if (result.needsReview == row.review)
            ++report.reviewAgreed;
        else
            report.misses.append({EvalMiss::Kind::Review, row, result});

        if (!read.contains(row.language)) {
            ++report.unread;
            continue;
        }
        ++report.scored;

        ++report.tiers[std::size_t(row.tier)].labelled;
        ++report.tiers[std::size_t(result.tier)].predicted;
        if (result.tier == row.tier)
            ++report.tiers[std::size_t(row.tier)].correct;
        else if (result.tier < row.tier)
            report.misses.append({EvalMiss::Kind::UnderTriage, row, result});
        else
            report.misses.append({EvalMiss::Kind::OverTriage, row, result});

        report.optOutLabelled += row.optOut ? 1 : 0;
        report.optOutFound += result.optOut ? 1 : 0;
        if (row.optOut && result.optOut)
            ++report.optOutCorrect;
        if (row.optOut != result.optOut)
            report.misses.append({EvalMiss::Kind::OptOut, row, result});

        report.adverseEvents.labelled += row.adverseEvent ? 1 : 0;
        report.adverseEvents.predicted += result.possibleAdverseEvent ? 1 : 0;
        report.adverseEvents.correct += row.adverseEvent && result.possibleAdverseEvent ? 1 : 0;
        if (row.adverseEvent != result.possibleAdverseEvent)
            report.misses.append({EvalMiss::Kind::AdverseEvent, row, result});
    }

    // Safety misses first, then the rest, each in file order.
    std::stable_sort(report.misses.begin(), report.misses.end(),
                     [](const EvalMiss &a, const EvalMiss &b) { return a.kind < b.kind; });
    return report;
}

QStringList EvalReport::describe() const
{
    QStringList lines;
    lines.append(QStringLiteral("%1 replies scored, %2 in languages no pack reads (review only)")
                     .arg(scored)
                     .arg(unread));
    lines.append(QStringLiteral("tier      labelled predicted  recall  precision"));
    for (const TriageTier tier : {TriageTier::Emergent, TriageTier::Urgent, TriageTier::Routine}) {
        const TierScore &s = score(tier);
        lines.append(QStringLiteral("%1 %2 %3 %4 %5")
                         .arg(tierName(tier), -9)
                         .arg(s.labelled, 8)
                         .arg(s.predicted, 9)
                         .arg(percent(s.recall()), 7)
                         .arg(percent(s.precision()), 10));
    }
    const double optRecall = optOutLabelled ? double(optOutCorrect) / optOutLabelled : 1.0;
    const double optPrecision = optOutFound ? double(optOutCorrect) / optOutFound : 1.0;
    lines.append(QStringLiteral("%1 %2 %3 %4 %5")
                     .arg(QStringLiteral("opt-out"), -9)
                     .arg(optOutLabelled, 8)
                     .arg(optOutFound, 9)
                     .arg(percent(optRecall), 7)
                     .arg(percent(optPrecision), 10));
    lines.append(QStringLiteral("%1 %2 %3 %4 %5")
                     .arg(QStringLiteral("AE"), -9)
                     .arg(adverseEvents.labelled, 8)
                     .arg(adverseEvents.predicted, 9)
                     .arg(percent(adverseEvents.recall()), 7)
                     .arg(percent(adverseEvents.precision()), 10));
    const int all = scored + unread;
    lines.append(
        QStringLiteral("review flag agrees on %1 of %2 replies").arg(reviewAgreed).arg(all));
    lines.append(QStringLiteral("misses: %1 under-triaged, %2 over-triaged, %3 opt-out, %4 "
                                "adverse event, %5 review")
                     .arg(count(EvalMiss::Kind::UnderTriage))
                     .arg(count(EvalMiss::Kind::OverTriage))
                     .arg(count(EvalMiss::Kind::OptOut))
                     .arg(count(EvalMiss::Kind::AdverseEvent))
                     .arg(count(EvalMiss::Kind::Review)));

    for (const EvalMiss &miss : misses) {
        lines.append(QStringLiteral("%1\t%2\texpected %3\tgot %4\t%5\t(%6)")
                         .arg(kindName(miss.kind), miss.expected.id, expectedText(miss.expected),
                              describeClassification(miss.actual), miss.expected.text,
                              miss.expected.note));
    }
    return lines;
}

} // namespace CareDesk
