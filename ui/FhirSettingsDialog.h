// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/fhir/FhirSyncService.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace CareDesk {

// The FHIR server this workstation syncs with: its address, the SMART Backend Services client
// and key, the site's CA, the poll interval and the role whose fields are cached.
class FhirSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit FhirSettingsDialog(const FhirSyncConfig &config, QWidget *parent = nullptr);

    FhirSyncConfig config() const;
    // Empty when the form can be saved, else what to fix.
    QString problem() const;

    QLineEdit *baseEdit() const { return m_baseEdit; }

private:
    void update();

    FhirSyncConfig m_config;
    QLineEdit *m_baseEdit;
    QLineEdit *m_clientIdEdit;
    QLineEdit *m_keyFileEdit;
    QLineEdit *m_caFileEdit;
    QSpinBox *m_pollSpinBox;
    QComboBox *m_roleComboBox;
    QLabel *m_problemLabel;
    QDialogButtonBox *m_buttons;
};

} // namespace CareDesk
