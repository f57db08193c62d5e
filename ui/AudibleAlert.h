// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

namespace CareDesk {

// The sound of an emergency. Qt Multimedia is not part of CareDesk's Debian dependencies, so the
// chime in resources/sounds is played by the desktop's own player (pw-play, paplay or aplay,
// started without waiting for it); where none is installed, the desktop bell rings instead.
class AudibleAlert : public QObject
{
    Q_OBJECT
public:
    enum class Method { Player, Bell, Muted };
    Q_ENUM(Method)

    explicit AudibleAlert(QObject *parent = nullptr);

    // Tests and quiet demo sessions turn the sound off; the banner and notification remain.
    void setMuted(bool muted) { m_muted = muted; }
    void play();
    // Which player play() would use, or empty when it rings the bell.
    QString player() const { return m_player; }

signals:
    void played(CareDesk::AudibleAlert::Method method);

private:
    QString soundFile();

    QString m_player;
    QString m_file;
    bool m_muted = false;
};

} // namespace CareDesk
