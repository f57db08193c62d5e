// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringView>

#include <functional>

namespace CareDesk {

// The separators a message declares in MSH-1 and MSH-2. A separator that a short MSH-2 leaves
// out is '\0': it never splits anything, and its escape (\R\ for repetition) decodes to the
// standard character.
struct Hl7Delimiters {
    char field = '|';
    char component = '^';
    char repetition = '~';
    char escape = '\\';
    char subcomponent = '&';
    char truncation = '\0'; // fifth MSH-2 character (v2.7+); plain data for this parser
};

// How a message's text bytes become characters (MSH-18, or detected when MSH-18 is empty).
enum class Hl7Charset { Utf8, Latin1 };

// Hard limits that keep time and memory bounded on hostile input. Exceeding one is an error.
namespace Hl7Limits {
inline constexpr qsizetype maxInputBytes = 64 * 1024 * 1024;
inline constexpr qsizetype maxMessages = 100'000;
inline constexpr qsizetype maxSegmentsPerMessage = 100'000;
inline constexpr qsizetype maxFieldsPerSegment = 100'000;
inline constexpr qsizetype maxSeparatorsPerField = 100'000; // repetition, component, subcomponent
} // namespace Hl7Limits

// One piece of a segment: a whole field, a repetition, a component or a subcomponent. It keeps a
// shared reference to the input bytes, so it stays valid on its own and copies cheaply.
// Repetitions count from 0; components and subcomponents count from 1, as in HL7 ("PID-3.4.1").
// Asking a field for a component reads its first repetition; asking for a piece that was not
// sent gives an empty value.
class Hl7Value
{
public:
    enum class Level { Field, Repetition, Component, Subcomponent, Literal };

    Hl7Value() = default;
    Hl7Value(const QByteArray &bytes, qsizetype begin, qsizetype end, Level level,
             const Hl7Delimiters &delimiters, Hl7Charset charset);

    QByteArrayView raw() const;
    Level level() const { return m_level; }
    bool isEmpty() const { return m_begin >= m_end; }
    bool isHl7Null() const; // sent as "" : "delete this value" in HL7

    // Escapes decoded and the message charset applied; separators below this level stay as
    // they were sent (a field's text still holds its '^').
    QString text() const;

    QList<Hl7Value> repetitions() const; // a field's repetitions, empty ones included
    Hl7Value repetition(qsizetype index) const;
    QList<Hl7Value> components() const;
    Hl7Value component(qsizetype number) const;
    QList<Hl7Value> subcomponents() const;
    Hl7Value subcomponent(qsizetype number) const;

private:
    char separatorBelow() const;
    Level levelBelow() const;
    QList<Hl7Value> split() const;
    Hl7Value piece(qsizetype index) const;

    QByteArray m_bytes;
    qsizetype m_begin = 0;
    qsizetype m_end = 0;
    Level m_level = Level::Literal;
    Hl7Delimiters m_delimiters;
    Hl7Charset m_charset = Hl7Charset::Utf8;
};

// One segment of a message, with its fields split. Field numbers follow HL7: PID-3 is field(3);
// in MSH, field(1) is the field separator itself and field(2) the encoding characters.
class Hl7Segment
{
public:
    Hl7Segment() = default;

    QString name() const { return m_name; }
    qsizetype index() const { return m_index; } // 0-based position in its message
    qsizetype byteOffset() const { return m_begin; }
    bool isBare() const { return fieldCount() == 0; } // "PV1" with no field separator
    qsizetype fieldCount() const;                     // number of the last field sent
    Hl7Value field(qsizetype number) const;

    // True when some field from `firstField` on holds anything other than blanks.
    bool hasContentFrom(qsizetype firstField) const;

private:
    friend class Hl7Message;

    QByteArray m_bytes;
    QString m_name;
    qsizetype m_index = 0;
    qsizetype m_begin = 0;
    qsizetype m_end = 0;
    bool m_isMsh = false;
    QList<qsizetype> m_separators; // byte offsets of the field separators in this segment
    Hl7Delimiters m_delimiters;
    Hl7Charset m_charset = Hl7Charset::Utf8;
};

// One message: MSH and the segments up to the next MSH, batch header or trailer.
class Hl7Message
{
public:
    struct Span {
        qsizetype begin = 0;
        qsizetype end = 0;
    };

    Hl7Message() = default;

    qsizetype index() const { return m_index; } // 0-based position in the file
    qsizetype byteOffset() const;
    const Hl7Delimiters &delimiters() const { return m_delimiters; }
    Hl7Charset charset() const { return m_charset; }

    qsizetype segmentCount() const { return m_segments.size(); }
    QString segmentName(qsizetype index) const; // without splitting fields
    Hl7Segment segment(qsizetype index) const;
    qsizetype indexOf(QLatin1StringView name, qsizetype from = 0) const; // -1 when absent

    // Decodes escapes and the charset of this message, e.g. for a piece read by hand.
    QString decode(QByteArrayView raw) const;

private:
    friend class Er7Reader;

    QByteArray m_bytes;
    QList<Span> m_segments;
    qsizetype m_index = 0;
    Hl7Delimiters m_delimiters;
    Hl7Charset m_charset = Hl7Charset::Utf8;
};

// Splits the bytes of an ER7 ("pipe and hat") file into messages. Handles a leading BOM, CR, LF
// or CRLF segment ends (an LF only ends a segment where a segment name follows, so an LF inside
// a field stays data), MLLP framing bytes, several messages per file, FHS/BHS/BTS/FTS batch
// envelopes (skipped), empty segments (skipped), and short MSH-2. Errors name the message,
// segment and byte offset, never the data.
Result<QList<Hl7Message>> parseEr7Messages(const QByteArray &bytes);

// The same, handing each message to `visit` as soon as it is read and checked, so that only one
// message is held at a time. Stops at the first error, from the reader or from `visit`.
using Hl7MessageVisitor = std::function<VoidResult(const Hl7Message &)>;
VoidResult forEachEr7Message(const QByteArray &bytes, const Hl7MessageVisitor &visit);

// Offset of the first byte in `bytes` that is not well-formed UTF-8 (overlong forms and
// surrogates count as malformed), or -1 when all of it is UTF-8.
qsizetype firstInvalidUtf8(QByteArrayView bytes);

// Decodes HL7 escapes (\F\ \S\ \T\ \R\ \E\ \Xhh..\ \.br\ ; \H\ \N\ dropped). Characters are
// never lost: an unknown or unterminated escape stays as literal text.
QByteArray hl7Unescape(QByteArrayView raw, const Hl7Delimiters &delimiters);

// The inverse for text: separators and the escape character become \F\ \S\ \T\ \R\ \E\, and
// CR / LF become \X0D\ / \X0A\.
QString hl7Escape(QStringView text, const Hl7Delimiters &delimiters);

} // namespace CareDesk
