// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/hl7/Hl7DateTime.h"

#include <QTimeZone>

#include <algorithm>

namespace CareDesk {

namespace {

bool allDigits(QStringView text)
{
    for (const QChar c : text) {
        if (c < u'0' || c > u'9') {
            return false;
        }
    }
    return true;
}

int number(QStringView digits)
{
    return digits.toInt();
}

bool isLeapYear(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(int year, int month)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : days[month - 1];
}

QString isoFromDtm(QStringView text)
{
    // The offset starts at the first sign; the year before it is always four digits.
    qsizetype sign = -1;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == u'+' || text[i] == u'-') {
            sign = i;
            break;
        }
    }
    const QStringView value = sign < 0 ? text : text.first(sign);
    const QStringView offset = sign < 0 ? QStringView() : text.sliced(sign);

    const qsizetype dot = value.indexOf(u'.');
    const QStringView digits = dot < 0 ? value : value.first(dot);
    const QStringView fraction = dot < 0 ? QStringView() : value.sliced(dot + 1);
    const qsizetype length = digits.size();
    if (length < 4 || length > 14 || length % 2 != 0 || !allDigits(digits)) {
        return QString();
    }
    if (dot >= 0 &&
        (length != 14 || fraction.isEmpty() || fraction.size() > 9 || !allDigits(fraction))) {
        return QString();
    }
    if (!offset.isEmpty() &&
        (offset.size() != 5 || !allDigits(offset.sliced(1)) || number(offset.sliced(1, 2)) > 14 ||
         number(offset.sliced(3, 2)) > 59)) {
        return QString();
    }

    const int year = number(digits.first(4));
    QString iso = digits.first(4).toString();
    if (year < 1) {
        return QString();
    }
    if (length >= 6) {
        const int month = number(digits.sliced(4, 2));
        if (month < 1 || month > 12) {
            return QString();
        }
        iso += u'-' + digits.sliced(4, 2);
        if (length >= 8) {
            const int day = number(digits.sliced(6, 2));
            if (day < 1 || day > daysInMonth(year, month)) {
                return QString();
            }
            iso += u'-' + digits.sliced(6, 2);
        }
    }
    if (length >= 10) {
        const bool valid = number(digits.sliced(8, 2)) <= 23 &&
                           (length < 12 || number(digits.sliced(10, 2)) <= 59) &&
                           (length < 14 || number(digits.sliced(12, 2)) <= 59);
        if (!valid) {
            return QString();
        }
        iso += u'T' + digits.sliced(8, 2);
        if (length >= 12) {
            iso += u':' + digits.sliced(10, 2);
        }
        if (length >= 14) {
            iso += u':' + digits.sliced(12, 2);
        }
        if (!fraction.isEmpty()) {
            iso += u'.' + fraction;
        }
        if (!offset.isEmpty()) {
            iso += offset.first(3) + u':' + offset.sliced(3, 2);
        }
    }
    return iso;
}

} // namespace

Hl7Timestamp parseHl7Timestamp(QStringView text)
{
    Hl7Timestamp timestamp;
    timestamp.raw = text.trimmed().toString();
    timestamp.iso = isoFromDtm(timestamp.raw);
    return timestamp;
}

QDateTime hl7TimelineTime(const Hl7Timestamp &timestamp)
{
    const QString &iso = timestamp.iso;
    if (iso.size() < 4) {
        return QDateTime();
    }
    const int year = iso.first(4).toInt();
    const int month = iso.size() >= 7 ? iso.sliced(5, 2).toInt() : 1;
    const int day = iso.size() >= 10 ? iso.sliced(8, 2).toInt() : 1;
    const QDate date(year, month, day);
    if (iso.size() <= 10) {
        return QDateTime(date, QTime(0, 0), QTimeZone::utc());
    }
    // "YYYY-MM-DDTHH[:MM[:SS[.F+]]][+HH:MM]"
    QStringView rest = QStringView(iso).sliced(11);
    int offsetSeconds = 0;
    bool hasOffset = false;
    const qsizetype sign = rest.indexOf(u'+') >= 0 ? rest.indexOf(u'+') : rest.indexOf(u'-');
    if (sign >= 0) {
        const QStringView offset = rest.sliced(sign);
        offsetSeconds = (offset.sliced(1, 2).toInt() * 60 + offset.sliced(4, 2).toInt()) * 60;
        if (offset.startsWith(u'-')) {
            offsetSeconds = -offsetSeconds;
        }
        hasOffset = true;
        rest = rest.first(sign);
    }
    const int hour = rest.first(2).toInt();
    const int minute = rest.size() >= 5 ? rest.sliced(3, 2).toInt() : 0;
    const int second = rest.size() >= 8 ? rest.sliced(6, 2).toInt() : 0;
    int millisecond = 0;
    if (rest.size() > 9) {
        millisecond = QString(rest.sliced(9) + QStringLiteral("000")).first(3).toInt();
    }
    const QTime time(hour, minute, second, millisecond);
    // An offset the sender gave names one instant; it is applied as arithmetic, never through
    // a time zone database.
    return QDateTime(date, time, QTimeZone::utc()).addSecs(hasOffset ? -offsetSeconds : 0);
}

QString hl7SortKey(const Hl7Timestamp &timestamp)
{
    const QDateTime when = hl7TimelineTime(timestamp);
    if (!when.isValid()) {
        return QString();
    }
    // Four fraction digits: HL7 DTM carries up to four.
    QString fraction;
    const qsizetype dot = timestamp.iso.indexOf(u'.');
    if (dot >= 0) {
        QString digits = timestamp.iso.sliced(dot + 1);
        const qsizetype offset = std::max(digits.indexOf(u'+'), digits.indexOf(u'-'));
        if (offset >= 0) {
            digits.truncate(offset);
        }
        fraction = QString(digits + QStringLiteral("0000")).first(4);
    } else {
        fraction = QStringLiteral("0000");
    }
    return when.toString(QStringLiteral("yyyyMMddHHmmss")) + u'.' + fraction;
}

QString hl7DisplayTime(const Hl7Timestamp &timestamp)
{
    if (timestamp.iso.isEmpty()) {
        return timestamp.raw;
    }
    QString text = timestamp.iso;
    text.replace(u'T', u' ');
    // An offset reads better apart from the time it qualifies.
    const qsizetype time = text.indexOf(u' ');
    if (time >= 0) {
        for (qsizetype i = time; i < text.size(); ++i) {
            if (text[i] == u'+' || text[i] == u'-') {
                text.insert(i, u' ');
                break;
            }
        }
    }
    return text;
}

} // namespace CareDesk
