// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/hl7/Hl7DateTime.h"

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

} // namespace CareDesk
