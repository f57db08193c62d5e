// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/hl7/Hl7Ack.h"

#include <QList>

namespace CareDesk {

namespace {

constexpr qsizetype kMaxEchoedField = 200; // a hostile MSH-3 is not echoed whole
constexpr qsizetype kMaxText = 400;

bool isUsableDelimiter(char c)
{
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return c > ' ' && c < '\x7f' && !alnum;
}

// Control bytes would end the ACK's segment or frame early; they never belong in MSH fields.
QByteArray echoable(QByteArrayView raw)
{
    QByteArray clean;
    clean.reserve(qMin(raw.size(), kMaxEchoedField));
    for (const char c : raw) {
        if (uchar(c) >= 0x20 && c != '\x7f' && clean.size() < kMaxEchoedField) {
            clean += c;
        }
    }
    return clean;
}

QByteArrayView firstPiece(QByteArrayView raw, char separator)
{
    if (separator == '\0') {
        return raw;
    }
    const qsizetype at = raw.indexOf(separator);
    return at < 0 ? raw : raw.first(at);
}

// "2.5.1" -> 251, "2.3" -> 230; 251 when the version cannot be read.
int versionNumber(QByteArrayView version)
{
    const QList<QByteArray> parts = version.toByteArray().split('.');
    bool majorOk = false;
    const int major = parts.value(0).toInt(&majorOk);
    if (!majorOk || major != 2) {
        return 251;
    }
    const int minor = qBound(0, parts.value(1).toInt(), 9);
    const int patch = qBound(0, parts.value(2).toInt(), 9);
    return 200 + minor * 10 + patch;
}

QByteArray codeText(Hl7ErrorCode code)
{
    switch (code) {
    case Hl7ErrorCode::SegmentSequence:
        return "Segment sequence error";
    case Hl7ErrorCode::RequiredFieldMissing:
        return "Required field missing";
    case Hl7ErrorCode::DataType:
        return "Data type error";
    case Hl7ErrorCode::TableValueNotFound:
        return "Table value not found";
    case Hl7ErrorCode::UnsupportedMessageType:
        return "Unsupported message type";
    case Hl7ErrorCode::UnsupportedEvent:
        return "Unsupported event code";
    case Hl7ErrorCode::UnsupportedProcessingId:
        return "Unsupported processing id";
    case Hl7ErrorCode::UnsupportedVersion:
        return "Unsupported version id";
    case Hl7ErrorCode::UnknownKey:
        return "Unknown key identifier";
    case Hl7ErrorCode::DuplicateKey:
        return "Duplicate key identifier";
    case Hl7ErrorCode::RecordLocked:
        return "Application record locked";
    case Hl7ErrorCode::InternalError:
        return "Application internal error";
    }
    return "Application internal error";
}

// Our own text in the sender's separators; ASCII only, so that it reads the same in any of the
// character sets the sender may have declared.
QByteArray escapedText(const QString &text, const Hl7Delimiters &delimiters)
{
    QString ascii = text.left(kMaxText);
    for (QChar &c : ascii) {
        if (c.unicode() >= 0x80 || c.unicode() < 0x20) {
            c = u'?';
        }
    }
    return hl7Escape(ascii, delimiters).toLatin1();
}

} // namespace

QByteArray hl7AckCodeText(Hl7AckCode code)
{
    switch (code) {
    case Hl7AckCode::Accept:
        return "AA";
    case Hl7AckCode::Error:
        return "AE";
    case Hl7AckCode::Reject:
        return "AR";
    }
    return "AE";
}

Hl7AckHeader readAckHeader(QByteArrayView received)
{
    Hl7AckHeader header;
    qsizetype pos = 0;
    const qsizetype size = received.size();
    while (pos < size) {
        const char c = received[pos];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\x0b' || c == '\x1c') {
            ++pos;
        } else if (size - pos >= 3 && received.sliced(pos).startsWith("\xEF\xBB\xBF")) {
            pos += 3;
        } else {
            break;
        }
    }
    // The first MSH, past any batch headers (FHS, BHS) in front of it.
    while (pos < size && !(size - pos >= 4 && received.sliced(pos).startsWith("MSH") &&
                           isUsableDelimiter(received[pos + 3]))) {
        while (pos < size && received[pos] != '\r' && received[pos] != '\n') {
            ++pos;
        }
        ++pos;
    }
    if (size - pos < 4) {
        return header;
    }
    header.found = true;
    qsizetype end = pos;
    while (end < size && received[end] != '\r' && received[end] != '\n') {
        ++end;
    }
    const QByteArrayView msh = received.sliced(pos, end - pos);
    const char field = msh[3];
    const QList<QByteArray> fields = msh.toByteArray().split(field); // [0] "MSH", [1] MSH-2

    // The separators as the parser would read them; the standard ones when MSH-2 is unusable.
    const Result<QList<Hl7Message>> parsed =
        parseEr7Messages("MSH" + QByteArray(1, field) + fields.value(1));
    if (parsed && !parsed->isEmpty()) {
        header.delimiters = parsed->first().delimiters();
        // As the parser read them (MLLP or blank bytes after MSH-2 are not part of it).
        header.encodingCharacters = parsed->first().segment(0).field(2).raw().toByteArray();
    } else {
        header.delimiters = Hl7Delimiters{};
        header.delimiters.field = field;
        bool clash = false;
        for (const char c : QByteArrayView("^~\\&")) {
            clash = clash || c == field;
        }
        if (clash) {
            // A field separator that is one of the standard encoding characters leaves no
            // safe set to answer in but the standard one.
            header.delimiters = Hl7Delimiters{};
        }
        header.encodingCharacters = "^~\\&";
    }
    const auto mshField = [&fields](int number) -> QByteArray {
        return number >= 2 ? fields.value(number - 1) : QByteArray();
    };
    const Hl7Delimiters &d = header.delimiters;
    header.sendingApplication = echoable(mshField(3));
    header.sendingFacility = echoable(mshField(4));
    header.receivingApplication = echoable(mshField(5));
    header.receivingFacility = echoable(mshField(6));
    const QByteArray type = mshField(9);
    header.messageType = echoable(firstPiece(firstPiece(type, d.repetition), d.component));
    const QByteArrayView firstType = firstPiece(type, d.repetition);
    if (d.component != '\0' && firstType.contains(d.component)) {
        const QByteArrayView afterType = firstType.sliced(firstType.indexOf(d.component) + 1);
        header.triggerEvent = echoable(firstPiece(afterType, d.component));
    }
    header.controlId = echoable(mshField(10));
    header.processingId = echoable(firstPiece(mshField(11), d.component));
    header.version = echoable(firstPiece(firstPiece(mshField(12), d.repetition), d.component));
    header.charset = echoable(firstPiece(firstPiece(mshField(18), d.repetition), d.component));

    // Fields split by a separator the ACK cannot use say nothing reliable: none is echoed. And
    // no echoed byte may be the ACK's own field separator.
    const bool sameSeparator = header.delimiters.field == field;
    for (QByteArray *echoed :
         {&header.sendingApplication, &header.sendingFacility, &header.receivingApplication,
          &header.receivingFacility, &header.messageType, &header.triggerEvent, &header.controlId,
          &header.processingId, &header.version, &header.charset}) {
        if (!sameSeparator)
            echoed->clear();
        echoed->replace(header.delimiters.field, "");
    }

    // The ACK must read in the character set it declares: a set this reader does not know is
    // not echoed, and echoed bytes that are not valid in the declared set are replaced, so
    // that no answer is ever itself unreadable.
    if (!header.charset.isEmpty()) {
        const QByteArray upper = header.charset.trimmed().toUpper();
        const bool ascii = upper == "ASCII" || upper == "ISO IR6";
        const std::optional<Hl7Charset> known = hl7CharsetFromName(header.charset);
        if (!known && !ascii)
            header.charset.clear();
        for (QByteArray *echoed :
             {&header.sendingApplication, &header.sendingFacility, &header.receivingApplication,
              &header.receivingFacility, &header.messageType, &header.triggerEvent,
              &header.controlId, &header.processingId, &header.version}) {
            QString ignored;
            if (known && hl7DecodeStrict(*echoed, *known, ignored))
                continue;
            for (char &c : *echoed) {
                if (uchar(c) >= 0x80)
                    c = '?';
            }
        }
    }
    return header;
}

QByteArray buildHl7Ack(const Hl7AckHeader &header, Hl7AckCode code, const Hl7Problem *problem,
                       const Hl7AckOptions &options, const QString &acceptText)
{
    const Hl7Delimiters &d = header.delimiters;
    const QByteArray f(1, d.field);
    const QByteArray c(1, d.component != '\0' ? d.component : '^');
    const int version = versionNumber(header.version);

    QByteArray type = "ACK";
    if (version >= 230 && !header.triggerEvent.isEmpty()) {
        type += c + header.triggerEvent;
    }
    if (version >= 231) {
        type += (header.triggerEvent.isEmpty() ? c : QByteArray()) + c + "ACK";
    }
    const QByteArray application =
        header.receivingApplication.isEmpty() ? options.application : header.receivingApplication;
    const QByteArray facility =
        header.receivingFacility.isEmpty() ? options.facility : header.receivingFacility;
    const QDateTime now = options.now.isValid() ? options.now : QDateTime::currentDateTimeUtc();
    const QByteArray stamp =
        now.toUTC().toString(QStringLiteral("yyyyMMddHHmmss")).toLatin1() + "+0000";

    QByteArray ack = "MSH" + f + header.encodingCharacters + f + application + f + facility + f +
                     header.sendingApplication + f + header.sendingFacility + f + stamp + f + f +
                     type + f + options.controlId + f +
                     (header.processingId.isEmpty() ? QByteArray("P") : header.processingId) + f +
                     (header.version.isEmpty() ? QByteArray("2.5.1") : header.version);
    if (!header.charset.isEmpty()) {
        ack += f + f + f + f + f + f + header.charset;
    }
    ack += '\r';

    QString text = acceptText;
    if (code != Hl7AckCode::Accept && problem) {
        text = problem->text;
    }
    ack += "MSA" + f + hl7AckCodeText(code) + f + header.controlId;
    if (!text.isEmpty()) {
        ack += f + escapedText(text, d);
    }
    ack += '\r';

    if (code == Hl7AckCode::Accept || !problem) {
        return ack;
    }
    const Hl7ErrorLocation &where = problem->location;
    const QByteArray number = QByteArray::number(int(problem->code));
    QByteArray location;
    if (!where.segment.isEmpty()) {
        location = where.segment.toLatin1() + c + QByteArray::number(qMax(1, where.sequence));
        if (where.field > 0) {
            location += c + QByteArray::number(where.field);
            if (where.component > 0 && version >= 250) {
                location += c + c + QByteArray::number(where.component);
            }
        }
    }
    if (version >= 250) {
        // ERR-2 location, ERR-3 code (CWE), ERR-4 severity, ERR-8 user message.
        ack += "ERR" + f + f + location + f + number + c + codeText(problem->code) + c + "HL70357" +
               f + "E" + f + f + f + f + escapedText(problem->text, d) + '\r';
        return ack;
    }
    // Before v2.5, ERR-1 holds the location and the code (ELD), the code as a CE in
    // subcomponents when the sender has a subcomponent separator.
    QByteArray coded = number;
    if (d.subcomponent != '\0') {
        const QByteArray s(1, d.subcomponent);
        coded += s + codeText(problem->code) + s + "HL70357";
    }
    if (location.isEmpty()) {
        location = c + c;
    } else if (where.field <= 0) {
        location += c;
    }
    ack += "ERR" + f + location + c + coded + '\r';
    return ack;
}

} // namespace CareDesk
