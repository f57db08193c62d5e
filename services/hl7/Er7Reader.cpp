// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/hl7/Hl7Message.h"

#include <array>
#include <cstring>
#include <utility>

namespace CareDesk {

namespace {

constexpr char kStartBlock = '\x0b'; // MLLP frame start (VT)
constexpr char kEndBlock = '\x1c';   // MLLP frame end (FS)

bool isUpperAscii(char c)
{
    return c >= 'A' && c <= 'Z';
}
bool isDigitAscii(char c)
{
    return c >= '0' && c <= '9';
}
bool isNameChar(char c)
{
    return isUpperAscii(c) || isDigitAscii(c);
}
bool isAlnumAscii(char c)
{
    return isNameChar(c) || (c >= 'a' && c <= 'z');
}

// Separators must be visible ASCII punctuation: a letter, digit, blank or control byte as a
// separator would make ordinary data ambiguous.
bool isUsableDelimiter(char c)
{
    return c > ' ' && c < '\x7f' && !isAlnumAscii(c);
}

// Bytes that may surround a segment without being part of it: blanks, stray line feeds and MLLP
// framing bytes.
bool isPadding(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == kStartBlock || c == kEndBlock;
}

bool hasBomAt(const char *data, qsizetype pos, qsizetype end)
{
    return end - pos >= 3 && uchar(data[pos]) == 0xEF && uchar(data[pos + 1]) == 0xBB &&
           uchar(data[pos + 2]) == 0xBF;
}

qsizetype skipPadding(const char *data, qsizetype pos, qsizetype end)
{
    while (pos < end) {
        if (isPadding(data[pos])) {
            ++pos;
        } else if (hasBomAt(data, pos, end)) {
            pos += 3;
        } else {
            break;
        }
    }
    return pos;
}

bool startsWith3(const char *data, qsizetype pos, qsizetype end, const char *name)
{
    return end - pos >= 3 && data[pos] == name[0] && data[pos + 1] == name[1] &&
           data[pos + 2] == name[2];
}

bool isHeaderName(const char *data, qsizetype pos, qsizetype end)
{
    return startsWith3(data, pos, end, "MSH") || startsWith3(data, pos, end, "FHS") ||
           startsWith3(data, pos, end, "BHS");
}

// Three name characters, then the end of the segment or a non-alphanumeric byte.
bool hasSegmentNameAt(const char *data, qsizetype pos, qsizetype end)
{
    if (end - pos < 3 || !isUpperAscii(data[pos]) || !isNameChar(data[pos + 1]) ||
        !isNameChar(data[pos + 2])) {
        return false;
    }
    return end - pos == 3 || !isAlnumAscii(data[pos + 3]);
}

// Whether an LF at pos - 1 ends a segment: only when a segment name and the field separator (or
// a line end) follow, so that a line break typed inside a note stays part of the note.
bool segmentStartsAt(const char *data, qsizetype pos, qsizetype end, char fieldSeparator)
{
    if (end - pos < 3 || !isUpperAscii(data[pos]) || !isNameChar(data[pos + 1]) ||
        !isNameChar(data[pos + 2])) {
        return false;
    }
    if (end - pos == 3) {
        return true;
    }
    const char next = data[pos + 3];
    if (next == fieldSeparator || next == '\r' || next == '\n') {
        return true;
    }
    return isHeaderName(data, pos, end) && isUsableDelimiter(next);
}

// Offset of the first byte that is not well-formed UTF-8, or -1.
// HL7 assigns MSH-2 by position. A short MSH-2 that keeps the standard characters in the
// standard order ("^~&" without escape, "^\\&" without repetition) is read by character instead,
// since that is what such senders mean; anything else stays positional.
Hl7Delimiters delimitersFrom(char field, QByteArrayView encoding)
{
    static constexpr std::array<char, 4> standard = {'^', '~', '\\', '&'};
    std::array<char, 5> roles = {'\0', '\0', '\0', '\0', '\0'};
    qsizetype next = 0;
    bool byCharacter = encoding.size() < 4;
    for (qsizetype i = 0; i < encoding.size() && byCharacter; ++i) {
        while (next < 4 && standard[next] != encoding[i]) {
            ++next;
        }
        byCharacter = next < 4;
        if (byCharacter) {
            roles[next++] = encoding[i];
        }
    }
    if (!byCharacter) {
        roles = {'\0', '\0', '\0', '\0', '\0'};
        for (qsizetype i = 0; i < encoding.size() && i < 5; ++i) {
            roles[i] = encoding[i];
        }
    }
    return Hl7Delimiters{field, roles[0], roles[1], roles[2], roles[3], roles[4]};
}

QString describeSegmentStart(const char *data, qsizetype pos, qsizetype end)
{
    // Only a well-formed segment name is quoted: other bytes may be patient data.
    if (hasSegmentNameAt(data, pos, end)) {
        return QStringLiteral("\"%1\"").arg(QString::fromLatin1(data + pos, 3));
    }
    return QStringLiteral("data that is not a segment");
}

} // namespace

// One pass over the bytes: cut segments, group them into messages, and check each message when
// it is complete, so that errors come out in file order.
class Er7Reader
{
public:
    Er7Reader(const QByteArray &bytes, const Hl7ReadOptions &options,
              const Hl7MessageVisitor &visit, Hl7Problem *problem)
        : m_bytes(bytes)
        , m_data(bytes.constData())
        , m_options(options)
        , m_visit(visit)
        , m_problem(problem)
    {}

    VoidResult read();

private:
    bool addSegment(qsizetype begin, qsizetype end);
    bool finishMessage();
    bool readDelimiters(Hl7Message &message);
    bool checkSegments(const Hl7Message &message);
    bool readCharset(Hl7Message &message);
    void noteFieldSeparator(qsizetype segmentStart);
    bool failWith(const QString &message, Hl7ErrorLocation location = {},
                  Hl7ErrorCode code = Hl7ErrorCode::SegmentSequence, bool rejected = true);
    QString where() const { return QStringLiteral("message %1").arg(m_messageCount + 1); }

    QByteArray m_bytes;
    const char *m_data = nullptr;
    Hl7ReadOptions m_options;
    char m_fieldSeparator = '|';
    bool m_open = false;
    QList<Hl7Message::Span> m_currentSegments;
    const Hl7MessageVisitor &m_visit;
    Hl7Problem *m_problem = nullptr;
    qsizetype m_messageCount = 0;
    Error m_error;
};

bool Er7Reader::failWith(const QString &message, Hl7ErrorLocation location, Hl7ErrorCode code,
                         bool rejected)
{
    m_error = Error::make(Error::Code::InvalidInput, message);
    if (m_problem) {
        *m_problem = Hl7Problem{message, std::move(location), code, rejected};
    }
    return false;
}

void Er7Reader::noteFieldSeparator(qsizetype segmentStart)
{
    const qsizetype end = m_bytes.size();
    const qsizetype pos = skipPadding(m_data, segmentStart, end);
    if (isHeaderName(m_data, pos, end) && end - pos > 3 && isUsableDelimiter(m_data[pos + 3])) {
        m_fieldSeparator = m_data[pos + 3];
    }
}

VoidResult Er7Reader::read()
{
    const qsizetype size = m_bytes.size();
    if (size > Hl7Limits::maxInputBytes) {
        failWith(QStringLiteral("the file is larger than %1 MiB")
                     .arg(Hl7Limits::maxInputBytes / (1024 * 1024)),
                 {}, Hl7ErrorCode::InternalError);
        return std::unexpected(m_error);
    }
    qsizetype pos = skipPadding(m_data, 0, size);
    while (pos < size && m_data[pos] == '\r') {
        pos = skipPadding(m_data, pos + 1, size);
    }
    if (pos >= size) {
        failWith(QStringLiteral("empty file"), {QStringLiteral("MSH"), 1});
        return std::unexpected(m_error);
    }

    qsizetype segmentStart = pos;
    noteFieldSeparator(segmentStart);
    // The next CR and LF, each found with memchr (vectorised) and kept until passed.
    const auto next = [this, size](char c, qsizetype from) -> qsizetype {
        const void *found = std::memchr(m_data + from, c, size_t(size - from));
        return found ? static_cast<const char *>(found) - m_data : size;
    };
    qsizetype nextCr = next('\r', pos);
    qsizetype nextLf = next('\n', pos);
    while (pos < size) {
        pos = qMin(nextCr, nextLf);
        if (pos >= size) {
            break;
        }
        const bool isCr = pos == nextCr;
        if (isCr) {
            nextCr = next('\r', pos + 1);
        } else {
            nextLf = next('\n', pos + 1);
        }
        if (!isCr && !segmentStartsAt(m_data, pos + 1, size, m_fieldSeparator)) {
            ++pos;
            continue;
        }
        if (!addSegment(segmentStart, pos)) {
            return std::unexpected(m_error);
        }
        segmentStart = pos + 1;
        noteFieldSeparator(segmentStart);
        ++pos;
    }
    if (!addSegment(segmentStart, size) || !finishMessage()) {
        return std::unexpected(m_error);
    }
    return {};
}

bool Er7Reader::addSegment(qsizetype begin, qsizetype end)
{
    begin = skipPadding(m_data, begin, end);
    while (end > begin && isPadding(m_data[end - 1]) && m_data[end - 1] != ' ' &&
           m_data[end - 1] != '\t') {
        --end;
    }
    // Blank lines and segments made only of field separators ("||||") carry nothing.
    bool empty = true;
    for (qsizetype pos = begin; pos < end && empty; ++pos) {
        empty = isPadding(m_data[pos]) || m_data[pos] == m_fieldSeparator;
    }
    if (empty) {
        return true;
    }

    if (startsWith3(m_data, begin, end, "MSH")) {
        if (!finishMessage()) {
            return false;
        }
        m_open = true;
        m_currentSegments = {{begin, end}};
        return true;
    }
    if (hasSegmentNameAt(m_data, begin, end) &&
        (startsWith3(m_data, begin, end, "FHS") || startsWith3(m_data, begin, end, "BHS") ||
         startsWith3(m_data, begin, end, "BTS") || startsWith3(m_data, begin, end, "FTS"))) {
        // Batch envelopes only wrap messages; what CareDesk keeps is inside them.
        return finishMessage();
    }
    if (!m_open) {
        return failWith(where() +
                            QStringLiteral(": the data does not start with an MSH segment (found "
                                           "%1 at byte %2)")
                                .arg(describeSegmentStart(m_data, begin, end))
                                .arg(begin),
                        {QStringLiteral("MSH"), 1});
    }
    if (m_currentSegments.size() >= Hl7Limits::maxSegmentsPerMessage) {
        return failWith(
            where() +
                QStringLiteral(": more than %1 segments").arg(Hl7Limits::maxSegmentsPerMessage),
            {}, Hl7ErrorCode::SegmentSequence, false);
    }
    m_currentSegments.append({begin, end});
    return true;
}

bool Er7Reader::finishMessage()
{
    if (!m_open) {
        return true;
    }
    m_open = false;
    if (m_messageCount >= Hl7Limits::maxMessages) {
        return failWith(
            QStringLiteral("the file holds more than %1 messages").arg(Hl7Limits::maxMessages), {},
            Hl7ErrorCode::InternalError);
    }

    Hl7Message message;
    message.m_bytes = m_bytes;
    message.m_segments = std::exchange(m_currentSegments, {});
    message.m_index = m_messageCount;
    if (!readDelimiters(message) || !checkSegments(message) || !readCharset(message)) {
        return false;
    }
    ++m_messageCount;
    const VoidResult visited = m_visit(message);
    if (!visited) {
        m_error = visited.error();
        return false;
    }
    return true;
}

bool Er7Reader::readDelimiters(Hl7Message &message)
{
    const Hl7Message::Span msh = message.m_segments.first();
    const Hl7ErrorLocation msh1{QStringLiteral("MSH"), 1, 1};
    const Hl7ErrorLocation msh2{QStringLiteral("MSH"), 1, 2};
    if (msh.end - msh.begin < 4) {
        return failWith(where() + QStringLiteral(": MSH-1 field separator missing"), msh1,
                        Hl7ErrorCode::RequiredFieldMissing);
    }
    const char field = m_data[msh.begin + 3];
    if (!isUsableDelimiter(field)) {
        return failWith(where() +
                            QStringLiteral(": MSH-1 field separator is not a usable separator "
                                           "(byte %1)")
                                .arg(msh.begin + 3),
                        msh1, Hl7ErrorCode::DataType);
    }
    QByteArray encoding;
    for (qsizetype pos = msh.begin + 4; pos < msh.end && m_data[pos] != field; ++pos) {
        if (encoding.size() == 5) {
            return failWith(where() +
                                QStringLiteral(": MSH-2 holds more than 5 encoding characters"),
                            msh2, Hl7ErrorCode::DataType);
        }
        encoding += m_data[pos];
    }
    if (encoding.isEmpty()) {
        return failWith(where() + QStringLiteral(": MSH-2 encoding characters missing"), msh2,
                        Hl7ErrorCode::RequiredFieldMissing);
    }
    for (qsizetype i = 0; i < encoding.size(); ++i) {
        if (!isUsableDelimiter(encoding[i])) {
            return failWith(where() + QStringLiteral(": MSH-2 encoding characters are not usable "
                                                     "separators"),
                            msh2, Hl7ErrorCode::DataType);
        }
        if (encoding[i] == field || encoding.indexOf(encoding[i], i + 1) >= 0) {
            return failWith(where() +
                                QStringLiteral(": MSH-2 encoding characters repeat a separator"),
                            msh2, Hl7ErrorCode::DataType);
        }
    }

    message.m_delimiters = delimitersFrom(field, encoding);
    return true;
}

bool Er7Reader::checkSegments(const Hl7Message &message)
{
    const Hl7Delimiters &delimiters = message.m_delimiters;
    // 1 marks the field separator, 2 the separators inside a field.
    std::array<uchar, 256> kind{};
    kind[uchar(delimiters.field)] = 1;
    for (const char c : {delimiters.repetition, delimiters.component, delimiters.subcomponent}) {
        if (c != '\0') {
            kind[uchar(c)] = 2;
        }
    }

    for (qsizetype i = 0; i < message.m_segments.size(); ++i) {
        const Hl7Message::Span span = message.m_segments.at(i);
        // Built only on error: this loop runs for every segment of the file.
        const auto place = [&]() -> QString {
            return where() + QStringLiteral(", segment %1").arg(i + 1);
        };
        const auto named = [&]() -> QString {
            return place() + QStringLiteral(" (%1)").arg(message.segmentName(i));
        };
        if (i > 0) {
            const bool hasName =
                span.end - span.begin >= 3 && isUpperAscii(m_data[span.begin]) &&
                isNameChar(m_data[span.begin + 1]) && isNameChar(m_data[span.begin + 2]) &&
                (span.end - span.begin == 3 || m_data[span.begin + 3] == delimiters.field);
            if (!hasName) {
                return failWith(place() +
                                    QStringLiteral(": the segment does not start with a name of "
                                                   "three capital letters or digits and the "
                                                   "field separator (byte %1)")
                                        .arg(span.begin),
                                {}, Hl7ErrorCode::SegmentSequence, false);
            }
        }
        // A segment shorter than the limits cannot pass them: only long ones are counted.
        if (span.end - span.begin <=
            qMin(Hl7Limits::maxFieldsPerSegment, Hl7Limits::maxSeparatorsPerField)) {
            continue;
        }
        qsizetype fields = 0;
        qsizetype separators = 0;
        for (qsizetype pos = span.begin; pos < span.end; ++pos) {
            const uchar k = kind[uchar(m_data[pos])];
            if (k == 1) {
                separators = 0;
                if (++fields > Hl7Limits::maxFieldsPerSegment) {
                    return failWith(named() + QStringLiteral(": more than %1 fields")
                                                  .arg(Hl7Limits::maxFieldsPerSegment),
                                    message.locate(i), Hl7ErrorCode::DataType, false);
                }
            } else if (k == 2 && ++separators > Hl7Limits::maxSeparatorsPerField) {
                const int field = int(i == 0 ? fields + 1 : fields);
                return failWith(named() + QStringLiteral(", field %1: more than %2 separators")
                                              .arg(field)
                                              .arg(Hl7Limits::maxSeparatorsPerField),
                                message.locate(i, field), Hl7ErrorCode::DataType, false);
            }
        }
    }
    return true;
}

bool Er7Reader::readCharset(Hl7Message &message)
{
    const QByteArray declared =
        message.segment(0).field(18).repetition(0).component(1).raw().toByteArray().trimmed();
    const qsizetype begin = message.m_segments.first().begin;
    const qsizetype end = message.m_segments.last().end;
    const QByteArrayView bytes(m_data + begin, end - begin);
    const QString place = where() + QStringLiteral(", segment 1 (MSH)");
    const Hl7ErrorLocation msh18{QStringLiteral("MSH"), 1, 18};

    const QByteArray upper = declared.toUpper();
    std::optional<Hl7Charset> charset;
    if (declared.isEmpty() || upper == "ASCII" || upper == "ISO IR6") {
        charset = m_options.defaultCharset;
        if (!charset) {
            // Nothing declared and no default for the interface: UTF-8 when the bytes are
            // UTF-8, else Latin-1, so that no byte ever becomes U+FFFD.
            message.m_charset = firstInvalidUtf8(bytes) < 0 ? Hl7Charset::Utf8 : Hl7Charset::Latin1;
            return true;
        }
    } else {
        charset = hl7CharsetFromName(declared);
    }
    if (!charset) {
        for (qsizetype pos = begin; pos < end; ++pos) {
            if (uchar(m_data[pos]) >= 0x80) {
                return failWith(place + QStringLiteral(": MSH-18 names a character set this reader "
                                                       "does not support, and byte %1 is not ASCII")
                                            .arg(pos),
                                msh18, Hl7ErrorCode::TableValueNotFound, false);
            }
        }
        message.m_charset = Hl7Charset::Utf8;
        return true;
    }

    const QString what = declared.isEmpty() || upper == "ASCII" || upper == "ISO IR6"
                             ? QStringLiteral("MSH-18 is empty and the interface's default is %1")
                                   .arg(QLatin1String(hl7CharsetEncodingName(*charset)))
                             : QStringLiteral("MSH-18 declares %1")
                                   .arg(QLatin1String(hl7CharsetEncodingName(*charset)));
    if (*charset == Hl7Charset::Utf8) {
        const qsizetype bad = firstInvalidUtf8(bytes);
        if (bad >= 0) {
            return failWith(place + QStringLiteral(": %1 but byte %2 is not valid UTF-8")
                                        .arg(what)
                                        .arg(begin + bad),
                            msh18, Hl7ErrorCode::DataType, false);
        }
    } else if (QString ignored; !hl7DecodeStrict(bytes, *charset, ignored)) {
        return failWith(place + QStringLiteral(": %1 but the message holds bytes that are not "
                                               "valid there")
                                    .arg(what),
                        msh18, Hl7ErrorCode::DataType, false);
    }
    message.m_charset = *charset;
    return true;
}

VoidResult forEachEr7Message(const QByteArray &bytes, const Hl7MessageVisitor &visit,
                             const Hl7ReadOptions &options, Hl7Problem *problem)
{
    return Er7Reader(bytes, options, visit, problem).read();
}

Result<QList<Hl7Message>> parseEr7Messages(const QByteArray &bytes, const Hl7ReadOptions &options,
                                           Hl7Problem *problem)
{
    QList<Hl7Message> messages;
    const VoidResult read = forEachEr7Message(
        bytes,
        [&messages](const Hl7Message &message) {
            messages.append(message);
            return VoidResult();
        },
        options, problem);
    if (!read) {
        return std::unexpected(read.error());
    }
    return messages;
}

} // namespace CareDesk
