// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace CareDesk {

// MLLP framing (HL7 v2 minimal lower layer protocol): <VT> message <FS><CR>.
namespace Mllp {
inline constexpr char kStartBlock = '\x0b';
inline constexpr char kEndBlock = '\x1c';
inline constexpr char kCarriageReturn = '\r';
// Enough for any ADT message seen in the field (they run to tens of KiB); configurable.
inline constexpr qsizetype kDefaultMaxFrameBytes = 4 * 1024 * 1024;
// How much of a frame that is too large is kept for its dead letter.
inline constexpr qsizetype kKeptPrefixBytes = 64 * 1024;

QByteArray frame(QByteArrayView payload);
} // namespace Mllp

// What the framer found in the byte stream.
struct MllpEvent {
    enum class Kind {
        Frame,       // a whole frame: `payload` is the message bytes
        Oversized,   // a frame past the size limit ended: `payload` holds its first bytes only
        Interrupted, // a start block arrived inside a frame: `payload` is the unfinished one
    };
    Kind kind = Kind::Frame;
    QByteArray payload;
    qsizetype size = 0; // bytes the frame really had (larger than payload when Oversized)
};

// Reassembles MLLP frames from a stream that arrives in arbitrary pieces: a frame split across
// reads is joined, several frames in one read come out one by one, in order. A frame ends at
// <FS>; the <CR> after it is expected and swallowed even when it arrives in a later read.
// Bytes outside frames (line feeds between frames, stray characters) are skipped and counted.
// Memory stays bounded by the frame size limit whatever the peer sends.
class MllpFramer
{
public:
    explicit MllpFramer(qsizetype maxFrameBytes = Mllp::kDefaultMaxFrameBytes);

    // Appends what `bytes` completes to `events`.
    void feed(QByteArrayView bytes, QList<MllpEvent> &events);

    bool inFrame() const { return m_state == State::InFrame; }
    // The unfinished frame (for a dead letter when the connection closes mid-frame).
    QByteArray pending() const { return m_buffer; }
    qsizetype pendingSize() const { return m_frameSize; }
    // Bytes seen outside any frame that were not blanks or line ends.
    qint64 strayBytes() const { return m_strayBytes; }
    qsizetype maxFrameBytes() const { return m_maxFrameBytes; }

private:
    enum class State { Outside, InFrame, AfterEnd };

    void startFrame();
    void append(QByteArrayView bytes);
    void finishFrame(QList<MllpEvent> &events);

    qsizetype m_maxFrameBytes;
    State m_state = State::Outside;
    QByteArray m_buffer;
    qsizetype m_frameSize = 0;
    qint64 m_strayBytes = 0;
};

} // namespace CareDesk
