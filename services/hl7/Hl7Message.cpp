// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/hl7/Hl7Message.h"

#include <array>
#include <cstring>

namespace CareDesk {

qsizetype firstInvalidUtf8(QByteArrayView bytes)
{
    const char *data = bytes.data();
    const qsizetype end = bytes.size();
    qsizetype pos = 0;
    while (pos < end) {
        // Eight ASCII bytes at a time: most messages are all ASCII.
        if (end - pos >= 8) {
            quint64 word;
            std::memcpy(&word, data + pos, 8);
            if ((word & 0x8080808080808080ULL) == 0) {
                pos += 8;
                continue;
            }
        }
        const uchar lead = uchar(data[pos]);
        if (lead < 0x80) {
            ++pos;
            continue;
        }
        int length = 0;
        uint codePoint = 0;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            codePoint = lead & 0x1Fu;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            codePoint = lead & 0x0Fu;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            codePoint = lead & 0x07u;
        } else {
            return pos;
        }
        if (end - pos < length) {
            return pos;
        }
        for (int i = 1; i < length; ++i) {
            const uchar next = uchar(data[pos + i]);
            if ((next & 0xC0u) != 0x80u) {
                return pos;
            }
            codePoint = (codePoint << 6) | (next & 0x3Fu);
        }
        // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
        const bool overlong =
            (length == 3 && codePoint < 0x800) || (length == 4 && codePoint < 0x10000);
        if (overlong || (codePoint >= 0xD800 && codePoint <= 0xDFFF) || codePoint > 0x10FFFF) {
            return pos;
        }
        pos += length;
    }
    return -1;
}

Hl7Value::Hl7Value(const QByteArray &bytes, qsizetype begin, qsizetype end, Level level,
                   const Hl7Delimiters &delimiters, Hl7Charset charset)
    : m_bytes(bytes)
    , m_begin(begin)
    , m_end(end)
    , m_level(level)
    , m_delimiters(delimiters)
    , m_charset(charset)
{}

QByteArrayView Hl7Value::raw() const
{
    return QByteArrayView(m_bytes.constData() + m_begin, m_end - m_begin);
}

bool Hl7Value::isHl7Null() const
{
    return raw() == QByteArrayView("\"\"");
}

QString Hl7Value::text() const
{
    if (m_level == Level::Literal) {
        return hl7DecodeText(raw(), m_charset);
    }
    return hl7DecodeText(hl7Unescape(raw(), m_delimiters), m_charset);
}

QList<Hl7TextRun> Hl7Value::runs() const
{
    if (m_level == Level::Literal) {
        return {{Hl7TextRun::Kind::Text, hl7DecodeText(raw(), m_charset)}};
    }
    return hl7DecodeRuns(raw(), m_delimiters, m_charset);
}

char Hl7Value::separatorBelow() const
{
    switch (m_level) {
    case Level::Field:
        return m_delimiters.repetition;
    case Level::Repetition:
        return m_delimiters.component;
    case Level::Component:
        return m_delimiters.subcomponent;
    case Level::Subcomponent:
    case Level::Literal:
        break;
    }
    return '\0';
}

Hl7Value::Level Hl7Value::levelBelow() const
{
    switch (m_level) {
    case Level::Field:
        return Level::Repetition;
    case Level::Repetition:
        return Level::Component;
    case Level::Component:
        return Level::Subcomponent;
    case Level::Subcomponent:
    case Level::Literal:
        break;
    }
    return Level::Literal;
}

QList<Hl7Value> Hl7Value::split() const
{
    const char separator = separatorBelow();
    const Level below = levelBelow();
    const char *data = m_bytes.constData();
    QList<Hl7Value> pieces;
    if (separator == '\0') {
        pieces.append(Hl7Value(m_bytes, m_begin, m_end, below, m_delimiters, m_charset));
        return pieces;
    }
    const QByteArrayView view(data + m_begin, m_end - m_begin);
    pieces.reserve(view.count(separator) + 1);
    qsizetype start = m_begin;
    for (;;) {
        const void *found = std::memchr(data + start, separator, size_t(m_end - start));
        const qsizetype end = found ? static_cast<const char *>(found) - data : m_end;
        pieces.append(Hl7Value(m_bytes, start, end, below, m_delimiters, m_charset));
        if (!found) {
            break;
        }
        start = end + 1;
    }
    return pieces;
}

Hl7Value Hl7Value::piece(qsizetype index) const
{
    const char separator = separatorBelow();
    const Level below = levelBelow();
    if (index >= 0 && (separator != '\0' || index == 0)) {
        const char *data = m_bytes.constData();
        qsizetype start = m_begin;
        for (qsizetype current = 0;; ++current) {
            const void *found = separator == '\0'
                                    ? nullptr
                                    : std::memchr(data + start, separator, size_t(m_end - start));
            const qsizetype end = found ? static_cast<const char *>(found) - data : m_end;
            if (current == index) {
                return Hl7Value(m_bytes, start, end, below, m_delimiters, m_charset);
            }
            if (!found) {
                break;
            }
            start = end + 1;
        }
    }
    return Hl7Value(m_bytes, m_end, m_end, below, m_delimiters, m_charset);
}

QList<Hl7Value> Hl7Value::repetitions() const
{
    if (m_level != Level::Field) {
        return {*this};
    }
    return split();
}

Hl7Value Hl7Value::repetition(qsizetype index) const
{
    if (m_level != Level::Field) {
        return index == 0 ? *this : Hl7Value();
    }
    return piece(index);
}

QList<Hl7Value> Hl7Value::components() const
{
    switch (m_level) {
    case Level::Field:
        return repetition(0).components();
    case Level::Repetition:
        return split();
    default:
        return {*this};
    }
}

Hl7Value Hl7Value::component(qsizetype number) const
{
    if (number < 1) {
        return Hl7Value();
    }
    switch (m_level) {
    case Level::Field:
        return repetition(0).component(number);
    case Level::Repetition:
        return piece(number - 1);
    default:
        return number == 1 ? *this : Hl7Value();
    }
}

QList<Hl7Value> Hl7Value::subcomponents() const
{
    switch (m_level) {
    case Level::Field:
    case Level::Repetition:
        return component(1).subcomponents();
    case Level::Component:
        return split();
    default:
        return {*this};
    }
}

Hl7Value Hl7Value::subcomponent(qsizetype number) const
{
    if (number < 1) {
        return Hl7Value();
    }
    switch (m_level) {
    case Level::Field:
    case Level::Repetition:
        return component(1).subcomponent(number);
    case Level::Component:
        return piece(number - 1);
    default:
        return number == 1 ? *this : Hl7Value();
    }
}

QByteArrayView Hl7Segment::raw() const
{
    return QByteArrayView(m_bytes.constData() + m_begin, m_end - m_begin);
}

qsizetype Hl7Segment::fieldCount() const
{
    if (m_isMsh) {
        return m_separators.isEmpty() ? 0 : m_separators.size() + 1;
    }
    return m_separators.size();
}

Hl7Value Hl7Segment::field(qsizetype number) const
{
    if (number < 1 || number > fieldCount()) {
        return Hl7Value();
    }
    if (m_isMsh && number == 1) {
        const qsizetype at = m_separators.first();
        return Hl7Value(m_bytes, at, at + 1, Hl7Value::Level::Literal, m_delimiters, m_charset);
    }
    const qsizetype piece = m_isMsh ? number - 1 : number;
    const qsizetype begin = m_separators.at(piece - 1) + 1;
    const qsizetype end = piece < m_separators.size() ? m_separators.at(piece) : m_end;
    // MSH-2 holds the separators themselves and is never split or unescaped.
    const auto level = (m_isMsh && number == 2) ? Hl7Value::Level::Literal : Hl7Value::Level::Field;
    return Hl7Value(m_bytes, begin, end, level, m_delimiters, m_charset);
}

bool Hl7Segment::hasContentFrom(qsizetype firstField) const
{
    for (qsizetype number = qMax<qsizetype>(firstField, 1); number <= fieldCount(); ++number) {
        const Hl7Value value = field(number);
        if (value.isHl7Null()) {
            continue;
        }
        for (const char c : value.raw()) {
            const bool separator = c == m_delimiters.component || c == m_delimiters.repetition ||
                                   c == m_delimiters.subcomponent;
            if (c != ' ' && c != '\t' && !(separator && c != '\0')) {
                return true;
            }
        }
    }
    return false;
}

qsizetype Hl7Message::byteOffset() const
{
    return m_segments.isEmpty() ? 0 : m_segments.first().begin;
}

QString Hl7Message::segmentName(qsizetype index) const
{
    if (index < 0 || index >= m_segments.size()) {
        return QString();
    }
    const Span span = m_segments.at(index);
    return QString::fromLatin1(m_bytes.constData() + span.begin,
                               qMin<qsizetype>(3, span.end - span.begin));
}

Hl7Segment Hl7Message::segment(qsizetype index) const
{
    Hl7Segment segment;
    if (index < 0 || index >= m_segments.size()) {
        return segment;
    }
    const Span span = m_segments.at(index);
    segment.m_bytes = m_bytes;
    segment.m_name = segmentName(index);
    segment.m_index = index;
    segment.m_begin = span.begin;
    segment.m_end = span.end;
    segment.m_isMsh = index == 0;
    segment.m_delimiters = m_delimiters;
    segment.m_charset = m_charset;

    const char *data = m_bytes.constData();
    const char field = m_delimiters.field;
    qsizetype pos = span.begin;
    segment.m_separators.reserve(16);
    while (pos < span.end) {
        const void *found = std::memchr(data + pos, field, size_t(span.end - pos));
        if (!found) {
            break;
        }
        pos = static_cast<const char *>(found) - data;
        segment.m_separators.append(pos);
        ++pos;
    }
    return segment;
}

qsizetype Hl7Message::indexOf(QLatin1StringView name, qsizetype from) const
{
    const char *data = m_bytes.constData();
    for (qsizetype i = qMax<qsizetype>(from, 0); i < m_segments.size(); ++i) {
        const Span span = m_segments.at(i);
        if (QLatin1StringView(data + span.begin, qMin<qsizetype>(3, span.end - span.begin)) ==
            name) {
            return i;
        }
    }
    return -1;
}

Hl7ErrorLocation Hl7Message::locate(qsizetype segmentIndex, int field, int component) const
{
    const QString name = segmentName(segmentIndex);
    int sequence = 0;
    for (qsizetype i = 0; i <= segmentIndex && i < m_segments.size(); ++i) {
        sequence += segmentName(i) == name ? 1 : 0;
    }
    return Hl7ErrorLocation{name, sequence, field, component};
}

QByteArray Hl7Message::rawBytes() const
{
    if (m_segments.isEmpty()) {
        return QByteArray();
    }
    return m_bytes.sliced(m_segments.first().begin,
                          m_segments.last().end - m_segments.first().begin);
}

QList<Hl7Leaf> Hl7Message::leaves() const
{
    // 1 field, 2 repetition, 3 component, 4 subcomponent separator.
    std::array<uchar, 256> kind{};
    kind[uchar(m_delimiters.field)] = 1;
    if (m_delimiters.repetition != '\0') {
        kind[uchar(m_delimiters.repetition)] = 2;
    }
    if (m_delimiters.component != '\0') {
        kind[uchar(m_delimiters.component)] = 3;
    }
    if (m_delimiters.subcomponent != '\0') {
        kind[uchar(m_delimiters.subcomponent)] = 4;
    }
    const char *data = m_bytes.constData();
    QList<Hl7Leaf> leaves;
    leaves.reserve((m_segments.last().end - m_segments.first().begin) / 4 + 8);
    for (qsizetype s = 0; s < m_segments.size(); ++s) {
        const Span span = m_segments.at(s);
        Hl7Leaf leaf;
        leaf.segment = qint32(s);
        qsizetype pos = span.begin + qMin<qsizetype>(3, span.end - span.begin);
        if (s == 0 && span.end - span.begin > 3) {
            // MSH-1 is the field separator, MSH-2 the encoding characters: leaves as they are.
            leaves.append({0, 1, 0, 1, 1, pos, pos + 1});
            qsizetype end = pos + 1;
            while (end < span.end && data[end] != m_delimiters.field) {
                ++end;
            }
            leaves.append({0, 2, 0, 1, 1, pos + 1, end});
            leaf.field = 2;
            pos = end;
        }
        if (pos >= span.end) {
            continue;
        }
        // pos is at a field separator: each separator ends one leaf and starts the next.
        leaf.begin = pos + 1;
        ++leaf.field;
        for (++pos; pos <= span.end; ++pos) {
            const uchar k = pos < span.end ? kind[uchar(data[pos])] : 1;
            if (k == 0) {
                continue;
            }
            leaf.end = pos;
            leaves.append(leaf);
            leaf.begin = pos + 1;
            switch (k) {
            case 1:
                ++leaf.field;
                leaf.repetition = 0;
                leaf.component = 1;
                leaf.subcomponent = 1;
                break;
            case 2:
                ++leaf.repetition;
                leaf.component = 1;
                leaf.subcomponent = 1;
                break;
            case 3:
                ++leaf.component;
                leaf.subcomponent = 1;
                break;
            default:
                ++leaf.subcomponent;
                break;
            }
        }
    }
    return leaves;
}

QString Hl7Message::leafText(const Hl7Leaf &leaf) const
{
    const QByteArrayView raw(m_bytes.constData() + leaf.begin, leaf.end - leaf.begin);
    if (leaf.segment == 0 && leaf.field <= 2) {
        return hl7DecodeText(raw, m_charset);
    }
    return hl7DecodeText(hl7Unescape(raw, m_delimiters), m_charset);
}

QString Hl7Message::decode(QByteArrayView raw) const
{
    return hl7DecodeText(hl7Unescape(raw, m_delimiters), m_charset);
}

} // namespace CareDesk
