// SPDX-License-Identifier: GPL-3.0-or-later
// HL7 escape sequences and character sets: decoding fields to text and writing text back.
#include "services/hl7/Hl7Message.h"

#include <QStringDecoder>

#include <utility>

namespace CareDesk {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

bool allHex(QByteArrayView text)
{
    for (const char c : text) {
        if (hexValue(c) < 0) {
            return false;
        }
    }
    return true;
}

char orDefault(char delimiter, char standard)
{
    return delimiter != '\0' ? delimiter : standard;
}

// What one escape sequence (the text between two escape characters) is.
enum class Piece { Bytes, LineBreak, Highlight, Normal, Escape, NotAnEscape };

// The formatting commands of HL7 v2 chapter 2 (.sp .br .fi .nf .in .ti .sk .ce), with the
// signed number some of them take.
bool isFormattingCommand(QByteArrayView sequence)
{
    if (sequence.size() < 3 || sequence[0] != '.') {
        return false;
    }
    const QByteArrayView command = sequence.sliced(1, 2);
    static constexpr const char *known[] = {"sp", "br", "fi", "nf", "in", "ti", "sk", "ce"};
    bool isKnown = false;
    for (const char *name : known) {
        isKnown = isKnown || command == QByteArrayView(name);
    }
    if (!isKnown) {
        return false;
    }
    QByteArrayView number = sequence.sliced(3);
    if (!number.isEmpty() && (number[0] == '+' || number[0] == '-')) {
        number = number.sliced(1);
    }
    for (const char c : number) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

Piece classify(QByteArrayView sequence, const Hl7Delimiters &delimiters, QByteArray &bytes)
{
    if (sequence.size() == 1) {
        switch (sequence[0]) {
        case 'F':
            bytes += delimiters.field;
            return Piece::Bytes;
        case 'S':
            bytes += orDefault(delimiters.component, '^');
            return Piece::Bytes;
        case 'T':
            bytes += orDefault(delimiters.subcomponent, '&');
            return Piece::Bytes;
        case 'R':
            bytes += orDefault(delimiters.repetition, '~');
            return Piece::Bytes;
        case 'E':
            bytes += orDefault(delimiters.escape, '\\');
            return Piece::Bytes;
        case 'H':
            return Piece::Highlight;
        case 'N':
            return Piece::Normal;
        default:
            return Piece::NotAnEscape;
        }
    }
    if (sequence == QByteArrayView(".br")) {
        return Piece::LineBreak;
    }
    if (isFormattingCommand(sequence)) {
        return Piece::Escape;
    }
    const QByteArrayView rest = sequence.sliced(1);
    if (sequence[0] == 'X' && rest.size() % 2 == 0 && allHex(rest)) {
        for (qsizetype i = 0; i < rest.size(); i += 2) {
            bytes += char(hexValue(rest[i]) * 16 + hexValue(rest[i + 1]));
        }
        return Piece::Bytes;
    }
    // Charset switches (ISO 2022 escape sequences) and locally defined escapes: kept as sent.
    const bool charsetSwitch =
        (sequence[0] == 'C' && rest.size() == 4 && allHex(rest)) ||
        (sequence[0] == 'M' && (rest.size() == 4 || rest.size() == 6) && allHex(rest));
    if (charsetSwitch || sequence[0] == 'Z') {
        return Piece::Escape;
    }
    return Piece::NotAnEscape;
}

// Walks `raw`, handing each piece to `sink(piece, bytes)`: decoded bytes for Bytes, the
// sequence itself for Escape, nothing for the others. Consecutive bytes come in one piece.
template <typename Sink>
void scanEscapes(QByteArrayView raw, const Hl7Delimiters &delimiters, Sink &&sink)
{
    const char escape = delimiters.escape;
    const qsizetype size = raw.size();
    QByteArray bytes;
    bytes.reserve(size);
    qsizetype pos = 0;
    while (pos < size) {
        const qsizetype open = escape == '\0' ? -1 : raw.sliced(pos).indexOf(escape);
        if (open < 0) {
            bytes += raw.sliced(pos);
            break;
        }
        bytes += raw.sliced(pos, open);
        pos += open;
        const qsizetype length = raw.sliced(pos + 1).indexOf(escape);
        if (length < 0) {
            // Unterminated: the rest is data, escape character included.
            bytes += raw.sliced(pos);
            break;
        }
        const QByteArrayView sequence = raw.sliced(pos + 1, length);
        QByteArray decoded;
        const Piece piece =
            sequence.isEmpty() ? Piece::NotAnEscape : classify(sequence, delimiters, decoded);
        if (piece == Piece::NotAnEscape) {
            // Not an escape: keep the escape character as data and read on, so that a later
            // well-formed escape still decodes.
            bytes += escape;
            ++pos;
            continue;
        }
        pos += length + 2;
        if (piece == Piece::Bytes) {
            bytes += decoded;
            continue;
        }
        if (!bytes.isEmpty()) {
            sink(Piece::Bytes, std::exchange(bytes, QByteArray()));
        }
        sink(piece, piece == Piece::Escape ? sequence.toByteArray() : QByteArray());
    }
    if (!bytes.isEmpty()) {
        sink(Piece::Bytes, bytes);
    }
}

// The plain-text form of a formatting command: line breaks and spaces where it asks for them.
QByteArray plainFormatting(QByteArrayView sequence, char escape)
{
    if (!sequence.startsWith(".")) {
        // \Zxx\, \Cxxyy\, \Mxxyyzz\: no plain meaning known here, so kept as sent.
        return escape + sequence.toByteArray() + escape;
    }
    const QByteArrayView command = sequence.sliced(1, 2);
    const int count = qBound(1, sequence.sliced(3).toByteArray().toInt(), 100);
    if (command == QByteArrayView("sp")) {
        return QByteArray(count, '\n');
    }
    if (command == QByteArrayView("sk")) {
        return QByteArray(count, ' ');
    }
    if (command == QByteArrayView("ce")) {
        return QByteArray(1, '\n');
    }
    return QByteArray();
}

} // namespace

const char *hl7CharsetEncodingName(Hl7Charset charset)
{
    switch (charset) {
    case Hl7Charset::Utf8:
        return "UTF-8";
    case Hl7Charset::Latin1:
        return "ISO-8859-1";
    case Hl7Charset::Latin2:
        return "ISO-8859-2";
    case Hl7Charset::Latin3:
        return "ISO-8859-3";
    case Hl7Charset::Latin4:
        return "ISO-8859-4";
    case Hl7Charset::Cyrillic:
        return "ISO-8859-5";
    case Hl7Charset::Arabic:
        return "ISO-8859-6";
    case Hl7Charset::Greek:
        return "ISO-8859-7";
    case Hl7Charset::Hebrew:
        return "ISO-8859-8";
    case Hl7Charset::Latin5:
        return "ISO-8859-9";
    case Hl7Charset::Latin9:
        return "ISO-8859-15";
    case Hl7Charset::EucKr:
        return "EUC-KR";
    }
    return "UTF-8";
}

std::optional<Hl7Charset> hl7CharsetFromName(QByteArrayView name)
{
    const QByteArray key = name.toByteArray().trimmed().toUpper();
    static const QList<std::pair<QByteArray, Hl7Charset>> names = {
        {"UNICODE UTF-8", Hl7Charset::Utf8}, {"UTF-8", Hl7Charset::Utf8},
        {"UTF8", Hl7Charset::Utf8},          {"UNICODE", Hl7Charset::Utf8},
        {"ISO IR192", Hl7Charset::Utf8},     {"ISO_IR 192", Hl7Charset::Utf8},
        {"8859/1", Hl7Charset::Latin1},      {"ISO-8859-1", Hl7Charset::Latin1},
        {"ISO8859-1", Hl7Charset::Latin1},   {"ISO_8859-1", Hl7Charset::Latin1},
        {"ISO IR100", Hl7Charset::Latin1},   {"ISO_IR 100", Hl7Charset::Latin1},
        {"LATIN1", Hl7Charset::Latin1},      {"LATIN-1", Hl7Charset::Latin1},
        {"8859/2", Hl7Charset::Latin2},      {"ISO-8859-2", Hl7Charset::Latin2},
        {"8859/3", Hl7Charset::Latin3},      {"ISO-8859-3", Hl7Charset::Latin3},
        {"8859/4", Hl7Charset::Latin4},      {"ISO-8859-4", Hl7Charset::Latin4},
        {"8859/5", Hl7Charset::Cyrillic},    {"ISO-8859-5", Hl7Charset::Cyrillic},
        {"8859/6", Hl7Charset::Arabic},      {"ISO-8859-6", Hl7Charset::Arabic},
        {"8859/7", Hl7Charset::Greek},       {"ISO-8859-7", Hl7Charset::Greek},
        {"8859/8", Hl7Charset::Hebrew},      {"ISO-8859-8", Hl7Charset::Hebrew},
        {"8859/9", Hl7Charset::Latin5},      {"ISO-8859-9", Hl7Charset::Latin5},
        {"8859/15", Hl7Charset::Latin9},     {"ISO-8859-15", Hl7Charset::Latin9},
        {"KS X 1001", Hl7Charset::EucKr},    {"EUC-KR", Hl7Charset::EucKr},
    };
    for (const auto &[spelling, charset] : names) {
        if (key == spelling) {
            return charset;
        }
    }
    return std::nullopt;
}

QByteArray hl7CharsetName(Hl7Charset charset)
{
    switch (charset) {
    case Hl7Charset::Utf8:
        return "UNICODE UTF-8";
    case Hl7Charset::Latin9:
        return "8859/15";
    case Hl7Charset::EucKr:
        return "KS X 1001";
    default:
        break;
    }
    // 8859/1 to 8859/9 follow the enum order.
    return "8859/" + QByteArray::number(int(charset) - int(Hl7Charset::Latin1) + 1);
}

bool hl7DecodeStrict(QByteArrayView bytes, Hl7Charset charset, QString &out)
{
    if (charset == Hl7Charset::Latin1) {
        out = QString::fromLatin1(bytes);
        return true;
    }
    if (charset == Hl7Charset::Utf8) {
        if (firstInvalidUtf8(bytes) >= 0) {
            return false;
        }
        // In a field every U+FEFF is a character and stays: QString::fromUtf8 drops one at the
        // start (and putting back one is not enough when two or more lead).
        QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless |
                                                        QStringConverter::Flag::ConvertInitialBom);
        out = utf8.decode(bytes);
        return true;
    }
    QStringDecoder decoder(hl7CharsetEncodingName(charset), QStringConverter::Flag::Stateless);
    if (!decoder.isValid()) {
        return false;
    }
    const QString decoded = decoder.decode(bytes);
    if (decoder.hasError() || decoded.contains(QChar::ReplacementCharacter)) {
        return false;
    }
    out = decoded;
    return true;
}

QString hl7DecodeText(QByteArrayView bytes, Hl7Charset charset)
{
    bool plainAscii = true;
    for (const char c : bytes) {
        if (uchar(c) >= 0x80) {
            plainAscii = false;
            break;
        }
    }
    if (plainAscii) {
        return QString::fromLatin1(bytes);
    }
    QString text;
    if (hl7DecodeStrict(bytes, charset, text)) {
        return text;
    }
    // Latin-1 maps every byte to a character, so nothing turns into U+FFFD.
    return QString::fromLatin1(bytes);
}

QByteArray hl7Unescape(QByteArrayView raw, const Hl7Delimiters &delimiters)
{
    if (delimiters.escape == '\0' || !raw.contains(delimiters.escape)) {
        return raw.toByteArray();
    }
    QByteArray out;
    out.reserve(raw.size());
    scanEscapes(raw, delimiters, [&out, &delimiters](Piece piece, const QByteArray &bytes) {
        switch (piece) {
        case Piece::Bytes:
            out += bytes;
            break;
        case Piece::LineBreak:
            out += '\n';
            break;
        case Piece::Escape:
            out += plainFormatting(bytes, delimiters.escape);
            break;
        default:
            break;
        }
    });
    return out;
}

QList<Hl7TextRun> hl7DecodeRuns(QByteArrayView raw, const Hl7Delimiters &delimiters,
                                Hl7Charset charset)
{
    QList<Hl7TextRun> runs;
    scanEscapes(raw, delimiters, [&](Piece piece, const QByteArray &bytes) {
        switch (piece) {
        case Piece::Bytes:
            runs.append({Hl7TextRun::Kind::Text, hl7DecodeText(bytes, charset)});
            break;
        case Piece::LineBreak:
            runs.append({Hl7TextRun::Kind::LineBreak, QString()});
            break;
        case Piece::Highlight:
            runs.append({Hl7TextRun::Kind::Highlight, QString()});
            break;
        case Piece::Normal:
            runs.append({Hl7TextRun::Kind::Normal, QString()});
            break;
        case Piece::Escape:
            runs.append({Hl7TextRun::Kind::Escape, hl7DecodeText(bytes, charset)});
            break;
        case Piece::NotAnEscape:
            break;
        }
    });
    return runs;
}

QString hl7PlainText(const QList<Hl7TextRun> &runs, char escape)
{
    QString text;
    for (const Hl7TextRun &run : runs) {
        switch (run.kind) {
        case Hl7TextRun::Kind::Text:
            text += run.text;
            break;
        case Hl7TextRun::Kind::LineBreak:
            text += u'\n';
            break;
        case Hl7TextRun::Kind::Escape:
            if (run.text.startsWith(u'.'))
                text += QString::fromLatin1(plainFormatting(run.text.toLatin1(), escape));
            else
                text += QLatin1Char(escape) + run.text + QLatin1Char(escape);
            break;
        case Hl7TextRun::Kind::Highlight:
        case Hl7TextRun::Kind::Normal:
            break;
        }
    }
    return text;
}

QString hl7Escape(QStringView text, const Hl7Delimiters &delimiters)
{
    const QChar escape = QLatin1Char(orDefault(delimiters.escape, '\\'));
    const auto sequence = [&escape](QLatin1StringView code) -> QString {
        return escape + QString(code) + escape;
    };
    QString out;
    out.reserve(text.size());
    for (const QChar ch : text) {
        const char16_t c = ch.unicode();
        if (c == u'\r') {
            out += sequence(QLatin1StringView("X0D"));
        } else if (c == u'\n') {
            out += sequence(QLatin1StringView("X0A"));
        } else if (c >= 0x80 || c == 0) {
            out += ch;
        } else if (char(c) == delimiters.field) {
            out += sequence(QLatin1StringView("F"));
        } else if (char(c) == orDefault(delimiters.component, '^')) {
            out += sequence(QLatin1StringView("S"));
        } else if (char(c) == orDefault(delimiters.subcomponent, '&')) {
            out += sequence(QLatin1StringView("T"));
        } else if (char(c) == orDefault(delimiters.repetition, '~')) {
            out += sequence(QLatin1StringView("R"));
        } else if (ch == escape) {
            out += sequence(QLatin1StringView("E"));
        } else {
            out += ch;
        }
    }
    return out;
}

QString hl7EncodeRuns(const QList<Hl7TextRun> &runs, const Hl7Delimiters &delimiters)
{
    const QChar escape = QLatin1Char(orDefault(delimiters.escape, '\\'));
    QString out;
    for (const Hl7TextRun &run : runs) {
        switch (run.kind) {
        case Hl7TextRun::Kind::Text:
            out += hl7Escape(run.text, delimiters);
            break;
        case Hl7TextRun::Kind::LineBreak:
            out += escape + QStringLiteral(".br") + escape;
            break;
        case Hl7TextRun::Kind::Highlight:
            out += escape + QStringLiteral("H") + escape;
            break;
        case Hl7TextRun::Kind::Normal:
            out += escape + QStringLiteral("N") + escape;
            break;
        case Hl7TextRun::Kind::Escape:
            out += escape + run.text + escape;
            break;
        }
    }
    return out;
}

} // namespace CareDesk
