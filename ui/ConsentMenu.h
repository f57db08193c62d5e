// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/ConsentController.h"
#include "ui/ConsentPanel.h"

#include <QObject>
#include <QPointer>

class QAction;

namespace CareDesk {

class MainWindow;

// What consent adds to the main window: Patient > Consent and Messages (Ctrl+Shift+K), opening
// the consent panel for the patient of the selected triage item.
class ConsentMenu : public QObject
{
    Q_OBJECT
public:
    ConsentMenu(MainWindow &window, ConsentWorkstation workstation);
    ~ConsentMenu() override;

    QAction *consentAction() const { return m_consentAction; }
    ConsentController *controller() const { return m_controller; }
    // Opens (or raises) the panel for a patient.
    ConsentPanel *showPanel(const QString &masterId);
    ConsentPanel *panel() const { return m_panel; }

private:
    void showForCurrentItem();

    MainWindow &m_window;
    ConsentController *m_controller;
    QAction *m_consentAction;
    QPointer<ConsentPanel> m_panel;
};

} // namespace CareDesk
