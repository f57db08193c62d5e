// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringView>

#include <functional>
#include <optional>

namespace CareDesk {

struct Hl7TextRun;

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

// How a message's text bytes become characters: MSH-18, or the interface's default when MSH-18
// is empty. Only character sets in which every separator byte means that separator (ASCII and
// its supersets that use bytes above 0x7F for everything else) can be read byte by byte.
enum class Hl7Charset : quint8 {
    Utf8,     // UNICODE UTF-8
    Latin1,   // 8859/1
    Latin2,   // 8859/2
    Latin3,   // 8859/3
    Latin4,   // 8859/4
    Cyrillic, // 8859/5
    Arabic,   // 8859/6
    Greek,    // 8859/7
    Hebrew,   // 8859/8
    Latin5,   // 8859/9
    Latin9,   // 8859/15
    EucKr,    // KS X 1001 (EUC-KR: both bytes of a character are above 0x7F)
};

// The character set an MSH-18 value names (HL7 table 0211 and common spellings such as
// "UTF-8", "ISO-8859-1", "ISO IR100"), or nullopt when this reader cannot read it.
std::optional<Hl7Charset> hl7CharsetFromName(QByteArrayView name);
// The table 0211 name ("UNICODE UTF-8", "8859/1").
QByteArray hl7CharsetName(Hl7Charset charset);
// The common encoding name ("UTF-8", "ISO-8859-1"), as messages to people and codecs use it.
const char *hl7CharsetEncodingName(Hl7Charset charset);
// Decodes bytes in the charset; false (and `out` untouched) when they are not valid in it.
bool hl7DecodeStrict(QByteArrayView bytes, Hl7Charset charset, QString &out);

// How to read messages that leave MSH-18 empty: a fixed character set configured for the
// interface, or (nullopt) UTF-8 when the bytes are valid UTF-8 and ISO-8859-1 otherwise, so
// that no byte ever becomes U+FFFD.
struct Hl7ReadOptions {
    std::optional<Hl7Charset> defaultCharset;
};

// Where a problem sits in a message, as an ERR-2 error location gives it: segment ID, which
// occurrence of that segment (1 for the first PID), field and component. Zero means "not
// narrower than that".
struct Hl7ErrorLocation {
    QString segment;
    int sequence = 0;
    int field = 0;
    int component = 0;
};

// HL7 table 0357 (message error condition codes), as ERR-3 and ERR-1.4 carry them.
enum class Hl7ErrorCode {
    SegmentSequence = 100,
    RequiredFieldMissing = 101,
    DataType = 102,
    TableValueNotFound = 103,
    UnsupportedMessageType = 200,
    UnsupportedEvent = 201,
    UnsupportedProcessingId = 202,
    UnsupportedVersion = 203,
    UnknownKey = 204,
    DuplicateKey = 205,
    RecordLocked = 206,
    InternalError = 207,
};

// Why a message was not taken, in the terms an ACK needs. `rejected` asks for AR (the message
// cannot be processed at all: no usable MSH, wrong type) rather than AE (its content is wrong).
// The text names places, never values, so it is safe to send back and to log.
struct Hl7Problem {
    QString text;
    Hl7ErrorLocation location;
    Hl7ErrorCode code = Hl7ErrorCode::InternalError;
    bool rejected = false;
};

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
    // The same text with formatting escapes kept, for a lossless round trip.
    QList<Hl7TextRun> runs() const;

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
    QByteArrayView raw() const;                       // the segment as sent, without its terminator
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

// One subcomponent of a message, located by its HL7 numbers: the whole message split eagerly,
// as a tree-building parser would, in one pass and one allocation. MSH-1 and MSH-2 are leaves
// of their own (never split). Numbers count as in Hl7Value: repetitions from 0, the others
// from 1; `segment` is the segment's index in the message.
struct Hl7Leaf {
    qint32 segment = 0;
    qint32 field = 0;
    qint32 repetition = 0;
    qint32 component = 1;
    qint32 subcomponent = 1;
    qsizetype begin = 0; // byte offsets in the message's bytes
    qsizetype end = 0;
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
    // The ERR-2 location of a segment of this message (and a field and component in it).
    Hl7ErrorLocation locate(qsizetype segmentIndex, int field = 0, int component = 0) const;
    // The message's bytes as received, from its MSH to the end of its last segment.
    QByteArray rawBytes() const;
    // Every subcomponent of every field of every segment, in order (see Hl7Leaf).
    QList<Hl7Leaf> leaves() const;
    // The text of a leaf, escapes decoded and the charset applied.
    QString leafText(const Hl7Leaf &leaf) const;

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
// On error, `problem` (when given) says where and which HL7 error code, for an ACK.
Result<QList<Hl7Message>> parseEr7Messages(const QByteArray &bytes,
                                           const Hl7ReadOptions &options = {},
                                           Hl7Problem *problem = nullptr);

// The same, handing each message to `visit` as soon as it is read and checked, so that only one
// message is held at a time. Stops at the first error, from the reader or from `visit`.
using Hl7MessageVisitor = std::function<VoidResult(const Hl7Message &)>;
VoidResult forEachEr7Message(const QByteArray &bytes, const Hl7MessageVisitor &visit,
                             const Hl7ReadOptions &options = {}, Hl7Problem *problem = nullptr);

// Offset of the first byte in `bytes` that is not well-formed UTF-8 (overlong forms and
// surrogates count as malformed), or -1 when all of it is UTF-8.
qsizetype firstInvalidUtf8(QByteArrayView bytes);

// Decodes HL7 escapes to plain text bytes: \F\ \S\ \T\ \R\ \E\ to the separators, \Xhh..\ to
// its bytes, \.br\ (and \.sp\ n, \.ce\) to line breaks, \.sk\ n to spaces; \H\, \N\, \.fi\,
// \.nf\, \.in\ and \.ti\ have no plain-text form and go. Characters are never lost: text between
// escape characters that is no escape, and an unterminated escape, stay as literal text, and
// \Zxx\, \Cxxyy\ and \Mxxyyzz\ stay as sent. hl7DecodeRuns keeps everything, for a lossless
// round trip.
QByteArray hl7Unescape(QByteArrayView raw, const Hl7Delimiters &delimiters);

// The inverse for plain text: separators and the escape character become \F\ \S\ \T\ \R\ \E\,
// and CR / LF become \X0D\ / \X0A\.
QString hl7Escape(QStringView text, const Hl7Delimiters &delimiters);

// One piece of a field's text that keeps what the sender's escapes meant, so that the field can
// be written again exactly: characters, or a formatting or other escape kept as sent.
struct Hl7TextRun {
    enum class Kind {
        Text,      // characters (plain bytes, \F\ \S\ \T\ \R\ \E\ and \Xhh\ decoded)
        LineBreak, // \.br\ (a line break that is formatting, not a CR or LF in the data)
        Highlight, // \H\ start of highlighted text
        Normal,    // \N\ end of highlighted text
        Escape,    // another escape (\.sp2\ \.in+4\ \Zxx\ \C2842\ ...): `text` is what stood
                   // between the escape characters
    };
    Kind kind = Kind::Text;
    QString text;

    bool operator==(const Hl7TextRun &other) const = default;
};

// Decodes a field (or any piece of one) into runs, the character set applied to Text runs.
QList<Hl7TextRun> hl7DecodeRuns(QByteArrayView raw, const Hl7Delimiters &delimiters,
                                Hl7Charset charset);
// Writes runs back with escapes: hl7EncodeRuns(hl7DecodeRuns(x)) is x in canonical form
// (separators and the escape character escaped, CR and LF as \X0D\ \X0A\, any other \Xhh\ of
// a printable character written as that character).
QString hl7EncodeRuns(const QList<Hl7TextRun> &runs, const Hl7Delimiters &delimiters);
// Plain text of runs, as Hl7Value::text() gives it.
QString hl7PlainText(const QList<Hl7TextRun> &runs, char escape = '\\');

// Decodes text bytes in a charset, never producing U+FFFD: bytes that are not valid there (which
// only \Xhh\ escapes can bring into a checked message) are read as ISO-8859-1.
QString hl7DecodeText(QByteArrayView bytes, Hl7Charset charset);

} // namespace CareDesk
