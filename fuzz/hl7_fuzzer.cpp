// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer entry: one input goes through everything that reads bytes from a sender.
//  1. the ER7 reader and ADT reader (detected and strict UTF-8 charsets), every field decoded
//     to text and to runs, and the runs' round trip checked: decode(encode(runs)) == runs;
//  2. the MLLP framer, the input cut into reads at places the input itself chooses, with a
//     small frame limit; frames must never exceed it and the same bytes in one read must give
//     the same frames;
//  3. the ACK builder on the input as a received message.
// A broken invariant aborts, so libFuzzer reports it like a crash.
#include "services/hl7/AdtEvent.h"
#include "services/hl7/Hl7Ack.h"
#include "services/hl7/Hl7Message.h"
#include "services/hl7/MllpFramer.h"

#include <QLoggingCategory>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace CareDesk;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

void exercise(const Hl7Message &message)
{
    const Hl7Delimiters &delimiters = message.delimiters();
    for (qsizetype s = 0; s < qMin<qsizetype>(message.segmentCount(), 64); ++s) {
        const Hl7Segment segment = message.segment(s);
        for (qsizetype f = 1; f <= qMin<qsizetype>(segment.fieldCount(), 64); ++f) {
            const Hl7Value field = segment.field(f);
            (void)field.text();
            const QList<Hl7TextRun> runs = field.runs();
            const QString encoded = hl7EncodeRuns(runs, delimiters);
            if (field.level() != Hl7Value::Level::Literal && delimiters.escape != '\0') {
                const QList<Hl7TextRun> again =
                    hl7DecodeRuns(encoded.toUtf8(), delimiters, Hl7Charset::Utf8);
                check(again == runs);
            }
            for (const Hl7Value &repetition : field.repetitions()) {
                for (const Hl7Value &component : repetition.components())
                    (void)component.subcomponent(2).text();
            }
        }
    }
}

void frames(QByteArrayView bytes)
{
    constexpr qsizetype kLimit = 512;
    MllpFramer whole(kLimit);
    QList<MllpEvent> once;
    whole.feed(bytes, once);

    MllpFramer pieces(kLimit);
    QList<MllpEvent> split;
    const uint step = bytes.isEmpty() ? 1 : 1 + uchar(bytes[0]) % 37;
    for (qsizetype pos = 0; pos < bytes.size(); pos += step)
        pieces.feed(bytes.sliced(pos, qMin<qsizetype>(step, bytes.size() - pos)), split);

    check(once.size() == split.size());
    for (qsizetype i = 0; i < once.size(); ++i) {
        check(once.at(i).kind == split.at(i).kind);
        check(once.at(i).payload == split.at(i).payload);
        check(once.at(i).size == split.at(i).size);
        check(once.at(i).payload.size() <= kLimit);
    }
    check(whole.inFrame() == pieces.inFrame());
    check(whole.pending().size() <= kLimit);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    QLoggingCategory::setFilterRules(QStringLiteral("caredesk.*=false"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    Hl7Problem problem;
    (void)parseAdtMessages(bytes, {}, &problem);
    Hl7ReadOptions strict;
    strict.defaultCharset = Hl7Charset::Utf8;
    if (const Result<QList<Hl7Message>> messages = parseEr7Messages(bytes, strict)) {
        for (const Hl7Message &message : *messages) {
            exercise(message);
            (void)readAdtMessage(message, &problem);
        }
    }

    frames(bytes);

    const Hl7AckHeader header = readAckHeader(bytes);
    const QByteArray ack = buildHl7Ack(header, Hl7AckCode::Error, &problem,
                                       Hl7AckOptions{"CareDesk", "SITE", {}, "CD1"});
    // An ACK never carries bytes that would end its segment or frame early.
    for (const char c : ack)
        check(c != '\x0b' && c != '\x1c' && c != '\n');
    check(bool(parseEr7Messages(ack)));
    return 0;
}
