// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/JourneyDefinition.h"
#include "models/JourneyEvent.h"

#include <QFile>
#include <QTimeZone>

namespace CareDesk::Testing {

// "a b c" -> {"a", "b", "c"}
inline QStringList words(const char *text)
{
    return QString::fromLatin1(text).split(u' ', Qt::SkipEmptyParts);
}

inline QDateTime day(int offset, int hour = 12)
{
    return QDateTime(QDate(2026, 1, 5).addDays(offset), QTime(hour, 0), QTimeZone::utc());
}

inline JourneyEvent fact(const QString &type, const QDateTime &when, const QString &status = {},
                         const QStringList &codes = {}, const QString &id = {})
{
    JourneyEvent e;
    e.type = type;
    e.when = when;
    e.status = status;
    e.codes = codes;
    e.text = type;
    e.resourceType = QStringLiteral("Test");
    e.resourceId = id.isEmpty() ? type + u'-' + when.toString(Qt::ISODate) : id;
    return e;
}

inline JourneyDefinition builtInDefinition()
{
    QFile file(QStringLiteral(":/journeys/specialty-therapy.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return JourneyDefinition::fromJson(file.readAll()).value_or(JourneyDefinition{});
}

} // namespace CareDesk::Testing
