// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/TriageItem.h"

#include <QCoreApplication>

namespace CareDesk {

QString triageStatusName(TriageStatus status)
{
    switch (status) {
    case TriageStatus::Claimed:
        return QStringLiteral("claimed");
    case TriageStatus::Resolved:
        return QStringLiteral("resolved");
    case TriageStatus::Open:
        break;
    }
    return QStringLiteral("open");
}

TriageStatus triageStatusFromName(const QString &name)
{
    if (name == QLatin1String("claimed"))
        return TriageStatus::Claimed;
    if (name == QLatin1String("resolved"))
        return TriageStatus::Resolved;
    return TriageStatus::Open;
}

qint64 TriageItem::secondsToAcknowledge() const
{
    return firstAcknowledgedAt.isValid() ? ingestedAt.secsTo(firstAcknowledgedAt) : -1;
}

qint64 TriageItem::secondsToResolve() const
{
    return status == TriageStatus::Resolved && resolvedAt.isValid() ? ingestedAt.secsTo(resolvedAt)
                                                                    : -1;
}

const QList<Disposition> &dispositions()
{
    static const QList<Disposition> list{
        {QStringLiteral("sent-to-emergency"),
         QT_TRANSLATE_NOOP("Disposition", "Directed to emergency services")},
        {QStringLiteral("called-patient"),
         QT_TRANSLATE_NOOP("Disposition", "Called the patient, advice given")},
        {QStringLiteral("escalated-to-prescriber"),
         QT_TRANSLATE_NOOP("Disposition", "Escalated to the prescriber")},
        {QStringLiteral("scheduled-visit"),
         QT_TRANSLATE_NOOP("Disposition", "Visit or callback scheduled")},
        {QStringLiteral("adverse-event-reported"),
         QT_TRANSLATE_NOOP("Disposition", "Reported as a possible adverse event")},
        {QStringLiteral("no-action-needed"),
         QT_TRANSLATE_NOOP("Disposition", "Reviewed, no action needed")},
        {QStringLiteral("could-not-reach"),
         QT_TRANSLATE_NOOP("Disposition", "Could not reach the patient")},
    };
    return list;
}

bool isKnownDisposition(const QString &code)
{
    for (const Disposition &disposition : dispositions()) {
        if (disposition.code == code)
            return true;
    }
    return false;
}

} // namespace CareDesk
