// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QAction;
class QLabel;
class QMainWindow;

namespace CareDesk {

class Hl7FeedController;
class MllpListener;

// What the HL7 v2 interface adds to the main window: an HL7 menu with the dead-letter view, and,
// when the listener runs inside the workstation, its state in the status bar.
class Hl7FeedMenu : public QObject
{
    Q_OBJECT
public:
    // listener may be null (no interface configured here; dead letters are still shown).
    Hl7FeedMenu(QMainWindow &window, Hl7FeedController &controller, MllpListener *listener);

    QAction *deadLettersAction() const { return m_deadLettersAction; }
    QLabel *statusLabel() const { return m_statusLabel; }
    void showDeadLetters();

private:
    void updateStatus();

    QMainWindow &m_window;
    Hl7FeedController &m_controller;
    MllpListener *m_listener;
    QAction *m_deadLettersAction;
    QLabel *m_statusLabel = nullptr;
    int m_openDeadLetters = 0;
};

} // namespace CareDesk
