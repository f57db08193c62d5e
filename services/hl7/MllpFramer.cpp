// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/hl7/MllpFramer.h"

#include <QtGlobal>

#include <utility>

namespace CareDesk {

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace

QByteArray Mllp::frame(QByteArrayView payload)
{
    QByteArray framed;
    framed.reserve(payload.size() + 3);
    framed += kStartBlock;
    framed += payload;
    framed += kEndBlock;
    framed += kCarriageReturn;
    return framed;
}

MllpFramer::MllpFramer(qsizetype maxFrameBytes)
    : m_maxFrameBytes(qMax<qsizetype>(16, maxFrameBytes))
{}

void MllpFramer::startFrame()
{
    m_state = State::InFrame;
    m_buffer.clear();
    m_frameSize = 0;
}

void MllpFramer::append(QByteArrayView bytes)
{
    m_frameSize += bytes.size();
    if (m_frameSize <= m_maxFrameBytes) {
        m_buffer += bytes;
        return;
    }
    // Past the limit only a prefix is kept, for the dead letter; the rest is only counted.
    const qsizetype keep = qMin(m_maxFrameBytes, Mllp::kKeptPrefixBytes);
    if (m_buffer.size() > keep) {
        m_buffer.truncate(keep);
        m_buffer.squeeze();
    }
    const qsizetype room = keep - m_buffer.size();
    if (room > 0) {
        m_buffer += bytes.first(qMin(room, bytes.size()));
    }
}

void MllpFramer::finishFrame(QList<MllpEvent> &events)
{
    MllpEvent event;
    event.kind =
        m_frameSize > m_maxFrameBytes ? MllpEvent::Kind::Oversized : MllpEvent::Kind::Frame;
    event.payload = std::exchange(m_buffer, QByteArray());
    event.size = m_frameSize;
    events.append(std::move(event));
    m_frameSize = 0;
    m_state = State::AfterEnd;
}

void MllpFramer::feed(QByteArrayView bytes, QList<MllpEvent> &events)
{
    qsizetype pos = 0;
    const qsizetype size = bytes.size();
    while (pos < size) {
        switch (m_state) {
        case State::AfterEnd:
            m_state = State::Outside;
            if (bytes[pos] == Mllp::kCarriageReturn) {
                ++pos;
            }
            break;
        case State::Outside: {
            const qsizetype start = bytes.sliced(pos).indexOf(Mllp::kStartBlock);
            const qsizetype end = start < 0 ? size : pos + start;
            for (qsizetype i = pos; i < end; ++i) {
                m_strayBytes += isBlank(bytes[i]) ? 0 : 1;
            }
            pos = end;
            if (start >= 0) {
                ++pos;
                startFrame();
            }
            break;
        }
        case State::InFrame: {
            const QByteArrayView rest = bytes.sliced(pos);
            // The frame ends at FS; a VT before it means the sender gave up on this frame and
            // started another.
            const qsizetype end = rest.indexOf(Mllp::kEndBlock);
            const qsizetype restart =
                rest.first(end < 0 ? rest.size() : end).indexOf(Mllp::kStartBlock);
            const qsizetype stop = restart >= 0 ? restart : end;
            if (stop < 0) {
                append(rest);
                pos = size;
                break;
            }
            append(rest.first(stop));
            pos += stop + 1;
            if (rest[stop] == Mllp::kEndBlock) {
                finishFrame(events);
            } else {
                events.append(MllpEvent{MllpEvent::Kind::Interrupted,
                                        std::exchange(m_buffer, QByteArray()), m_frameSize});
                startFrame();
            }
            break;
        }
        }
    }
}

} // namespace CareDesk
