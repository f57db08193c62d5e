// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/security/QrMatrix.h"

#include <qrencode.h>

namespace CareDesk {

QrMatrix QrMatrix::encode(const QString &text)
{
    QrMatrix matrix;
    const QByteArray utf8 = text.toUtf8();
    QRcode *code = QRcode_encodeString8bit(utf8.constData(), 0, QR_ECLEVEL_M);
    if (!code)
        return matrix;
    matrix.m_size = code->width;
    matrix.m_modules.reserve(qsizetype(code->width) * code->width);
    for (int i = 0; i < code->width * code->width; ++i)
        matrix.m_modules.append((code->data[i] & 1) != 0);
    QRcode_free(code);
    return matrix;
}

QString QrMatrix::toTerminalText() const
{
    // Light modules are drawn dark-on-light terminals would invert, so draw the dark ones as
    // spaces on a full-block background: readable on dark and light themes alike.
    constexpr int quiet = 2;
    const int total = m_size + 2 * quiet;
    auto at = [this](int x, int y) {
        x -= quiet;
        y -= quiet;
        return x >= 0 && y >= 0 && x < m_size && y < m_size && dark(x, y);
    };
    QString out;
    for (int y = 0; y < total; y += 2) {
        for (int x = 0; x < total; ++x) {
            const bool top = at(x, y);
            const bool bottom = y + 1 < total && at(x, y + 1);
            out += top ? (bottom ? u' ' : QChar(0x2584)) : (bottom ? QChar(0x2580) : QChar(0x2588));
        }
        out += u'\n';
    }
    return out;
}

} // namespace CareDesk
