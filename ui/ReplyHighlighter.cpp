// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ReplyHighlighter.h"

#include <algorithm>

namespace CareDesk {

QString highlightedReplyHtml(const QString &reply, const QList<Evidence> &evidence)
{
    QList<Evidence> spans;
    for (const Evidence &entry : evidence) {
        if (entry.start >= 0 && entry.length > 0 && entry.start + entry.length <= reply.size())
            spans.append(entry);
    }
    std::sort(spans.begin(), spans.end(),
              [](const Evidence &a, const Evidence &b) { return a.start < b.start; });

    QString html;
    qsizetype at = 0;
    for (const Evidence &span : spans) {
        if (span.start < at)
            continue; // overlapping match: the first one wins
        html += reply.mid(at, span.start - at).toHtmlEscaped();
        QString style;
        // Words that tie a symptom to the therapy (a possible adverse event) are marked apart.
        if (span.flag == QLatin1String("therapy-link")) {
            style = QStringLiteral("background-color:#ead7f5;color:#000000;"
                                   "text-decoration:underline");
        } else
            switch (span.context) {
            case EvidenceContext::Affirmed:
                style = QStringLiteral("background-color:#ffd54f;font-weight:bold;color:#000000");
                break;
            case EvidenceContext::Uncertain:
                style = QStringLiteral("background-color:#fff3c4;text-decoration:underline");
                break;
            default:
                style = QStringLiteral("color:#6b6b6b;text-decoration:line-through");
                break;
            }
        html += QStringLiteral("<span style=\"%1\" title=\"%2 (%3)\">%4</span>")
                    .arg(style, span.flag.toHtmlEscaped(), evidenceContextName(span.context),
                         reply.mid(span.start, span.length).toHtmlEscaped());
        at = span.start + span.length;
    }
    html += reply.mid(at).toHtmlEscaped();
    html.replace(u'\n', QStringLiteral("<br/>"));
    return html;
}

} // namespace CareDesk
