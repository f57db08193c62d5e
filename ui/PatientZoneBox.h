// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGroupBox>

class QComboBox;
class QLabel;
class QPushButton;

namespace CareDesk {

struct ConsentView;

// The patient's own time zone in the consent panel: where the gate's quiet hours and new
// reminders are read. Shows the zone in use and where it comes from (set here, by whom and when;
// the FHIR timezone extension; or the site's), offers every IANA zone to pick from (type to
// search), refuses anything else before it is sent, and asks for the change to be saved, or for
// the zone set here to be dropped.
class PatientZoneBox : public QGroupBox
{
    Q_OBJECT
public:
    explicit PatientZoneBox(QWidget *parent = nullptr);

    void setView(const ConsentView &view);
    // Shows the outcome of a save (or anything else) and ends the wait for it.
    void setStatus(const QString &message);
    bool isSaving() const { return m_saving; }
    void setZoneText(const QString &zoneId); // as if typed (tests)

    QComboBox *zoneCombo() const { return m_zoneCombo; }
    QPushButton *saveButton() const { return m_saveButton; }
    QPushButton *clearButton() const { return m_clearButton; }
    QLabel *currentLabel() const { return m_currentLabel; }
    QLabel *statusLabel() const { return m_statusLabel; }

signals:
    // zoneId empty: drop the zone set here.
    void saveRequested(const QString &zoneId);

private:
    void validate();

    QLabel *m_currentLabel;
    QComboBox *m_zoneCombo;
    QPushButton *m_saveButton;
    QPushButton *m_clearButton;
    QLabel *m_statusLabel;
    QString m_inUse;
    bool m_hasLocal = false;
    bool m_saving = false;
};

} // namespace CareDesk
