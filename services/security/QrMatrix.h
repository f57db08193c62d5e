// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace CareDesk {

// The modules of a QR code (libqrencode), for the TOTP enrolment picture in the GUI and the
// text rendering in a terminal. Empty when the text does not fit.
class QrMatrix
{
public:
    static QrMatrix encode(const QString &text);

    bool isEmpty() const { return m_size == 0; }
    int size() const { return m_size; }
    bool dark(int x, int y) const { return m_modules.at(y * m_size + x); }
    // Two rows per line with half blocks, with the quiet zone, for a UTF-8 terminal.
    QString toTerminalText() const;

private:
    int m_size = 0;
    QList<bool> m_modules;
};

} // namespace CareDesk
