// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer entry: one input goes through everything that reads bytes from a sender.
//  1. the ER7 reader and ADT reader (detected or strict UTF-8 charset, chosen by the input),
//     fields decoded to text and to runs, the runs' round trip checked (decode(encode(runs)) ==
//     runs), every subcomponent split eagerly;
//  2. the MLLP framer, the input cut into reads at places the input itself chooses, with a
//     small frame limit; frames must never exceed it and the same bytes in one read must give
//     the same frames;
//  3. the ACK builder on the input as a received message.
// A broken invariant aborts, so libFuzzer reports it like a crash.
#include "services/hl7/AdtEvent.h"
#include "services/hl7/Hl7Ack.h"
#include "services/hl7/Hl7Message.h"
#include "services/hl7/MllpFramer.h"

#include <QDateTime>
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
    for (qsizetype s = 0; s < qMin<qsizetype>(message.segmentCount(), 32); ++s) {
        const Hl7Segment segment = message.segment(s);
        for (qsizetype f = 1; f <= qMin<qsizetype>(segment.fieldCount(), 32); ++f) {
            const Hl7Value field = segment.field(f);
            (void)field.text();
            // Escapes round trip: decode(encode(runs)) == runs.
            if (field.level() != Hl7Value::Level::Literal && delimiters.escape != '\0' &&
                field.raw().contains(delimiters.escape)) {
                const QList<Hl7TextRun> runs = field.runs();
                const QString encoded = hl7EncodeRuns(runs, delimiters);
                check(hl7DecodeRuns(encoded.toUtf8(), delimiters, Hl7Charset::Utf8) == runs);
            }
        }
    }
    // Every piece, through the eager split; each leaf's text as the lazy API reads it.
    const QList<Hl7Leaf> leaves = message.leaves();
    for (qsizetype i = 0; i < qMin<qsizetype>(leaves.size(), 256); ++i) {
        const Hl7Leaf &leaf = leaves.at(i);
        check(leaf.begin <= leaf.end);
        (void)message.leafText(leaf);
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

    // The input's length picks the interface default: detected, or strict UTF-8.
    Hl7Problem problem;
    Hl7ReadOptions options;
    if (size % 2 == 1)
        options.defaultCharset = Hl7Charset::Utf8;
    if (const Result<QList<Hl7Message>> messages = parseEr7Messages(bytes, options, &problem)) {
        for (const Hl7Message &message : *messages) {
            exercise(message);
            (void)readAdtMessage(message, &problem);
        }
    }

    frames(bytes);

    const Hl7AckHeader header = readAckHeader(bytes);
    static const QDateTime now = QDateTime::currentDateTimeUtc();
    const QByteArray ack = buildHl7Ack(header, Hl7AckCode::Error, &problem,
                                       Hl7AckOptions{"CareDesk", "SITE", now, "CD1"});
    // An ACK never carries bytes that would end its segment or frame early.
    for (const char c : ack)
        check(c != '\x0b' && c != '\x1c' && c != '\n');
    check(bool(parseEr7Messages(ack)));
    return 0;
}
