// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/PatientZoneBox.h"

#include "services/comms/ConsentService.h"

#include <QComboBox>
#include <QCompleter>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTimeZone>
#include <QVBoxLayout>

namespace CareDesk {

namespace {

// Every zone a patient can live in: IANA ids of places (no fixed offsets), sorted.
QStringList placeZones()
{
    QStringList zones;
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds()) {
        const QString name = QString::fromLatin1(id);
        if (ConsentService::validZoneId(name))
            zones.append(name);
    }
    zones.sort();
    return zones;
}

// The zone's offset at the moment the panel shows (UTC+13:00 in an Auckland summer).
QString offsetText(const QString &zoneId, const QDateTime &at)
{
    const QTimeZone zone(zoneId.toLatin1());
    if (!zone.isValid())
        return {};
    return zone.displayName(at, QTimeZone::OffsetName);
}

} // namespace

PatientZoneBox::PatientZoneBox(QWidget *parent)
    : QGroupBox(tr("Patient's time zone (quiet hours, reminders)"), parent)
{
    setObjectName(QStringLiteral("patientZoneBox"));
    m_currentLabel = new QLabel(this);
    m_currentLabel->setObjectName(QStringLiteral("zoneCurrentLabel"));
    m_currentLabel->setWordWrap(true);
    m_currentLabel->setTextFormat(Qt::RichText);

    m_zoneCombo = new QComboBox(this);
    m_zoneCombo->setObjectName(QStringLiteral("zoneComboBox"));
    m_zoneCombo->setAccessibleName(tr("Patient's IANA time zone"));
    m_zoneCombo->setEditable(true);
    m_zoneCombo->setInsertPolicy(QComboBox::NoInsert);
    m_zoneCombo->setMaxVisibleItems(20);
    m_zoneCombo->addItems(placeZones());
    m_zoneCombo->setCurrentIndex(-1);
    m_zoneCombo->lineEdit()->setPlaceholderText(tr("Type a place, e.g. Chicago or Auckland"));
    auto *completer = new QCompleter(m_zoneCombo->model(), m_zoneCombo);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_zoneCombo->setCompleter(completer);

    m_saveButton = new QPushButton(tr("Set &zone"), this);
    m_saveButton->setObjectName(QStringLiteral("zoneSaveButton"));
    m_clearButton = new QPushButton(tr("Use FHIR/site zone"), this);
    m_clearButton->setObjectName(QStringLiteral("zoneClearButton"));
    m_clearButton->setToolTip(tr("Drop the zone set here: the FHIR record's zone, or else the "
                                 "site's, is used again."));
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("zoneStatusLabel"));
    m_statusLabel->setWordWrap(true);

    auto *row = new QHBoxLayout;
    row->addWidget(m_zoneCombo, 1);
    row->addWidget(m_saveButton);
    row->addWidget(m_clearButton);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_currentLabel);
    layout->addLayout(row);
    layout->addWidget(m_statusLabel);

    connect(m_zoneCombo, &QComboBox::currentTextChanged, this, &PatientZoneBox::validate);
    connect(m_saveButton, &QPushButton::clicked, this, [this] {
        const QString zone = m_zoneCombo->currentText().trimmed();
        if (auto valid = ConsentService::validZoneId(zone); !valid) {
            setStatus(valid.error().message);
            return;
        }
        setStatus(tr("Saving\u2026"));
        m_saving = true;
        emit saveRequested(zone);
    });
    connect(m_clearButton, &QPushButton::clicked, this, [this] {
        setStatus(tr("Saving\u2026"));
        m_saving = true;
        emit saveRequested(QString());
    });
    validate();
}

void PatientZoneBox::setView(const ConsentView &view)
{
    const QLocale locale;
    m_inUse = view.zoneId;
    m_hasLocal = !view.localZoneId.isEmpty();
    QString text;
    if (m_hasLocal) {
        text = tr("<b>%1</b> (%2), set here by %3 on %4.")
                   .arg(view.localZoneId.toHtmlEscaped(),
                        offsetText(view.localZoneId, view.state.at()),
                        view.localZoneBy.toHtmlEscaped(),
                        locale.toString(view.localZoneAt.toLocalTime(), QLocale::ShortFormat));
        text += u' ' + (view.fhirZoneId.isEmpty()
                            ? tr("The FHIR record names none.")
                            : tr("The FHIR record says %1.").arg(view.fhirZoneId.toHtmlEscaped()));
    } else if (!view.fhirZoneId.isEmpty()) {
        text =
            tr("<b>%1</b> (%2), from the FHIR record.")
                .arg(view.fhirZoneId.toHtmlEscaped(), offsetText(view.fhirZoneId, view.state.at()));
    } else {
        text = tr("<b>Not known</b>: the site's zone is used, and the gate's reasons say so.");
    }
    m_currentLabel->setText(text);
    validate();
}

void PatientZoneBox::setStatus(const QString &message)
{
    m_saving = false;
    m_statusLabel->setText(message);
}

void PatientZoneBox::setZoneText(const QString &zoneId)
{
    m_zoneCombo->setEditText(zoneId);
    validate();
}

void PatientZoneBox::validate()
{
    const QString zone = m_zoneCombo->currentText().trimmed();
    const bool valid = bool(ConsentService::validZoneId(zone));
    m_saveButton->setEnabled(valid && zone != m_inUse);
    m_clearButton->setEnabled(m_hasLocal);
    if (!zone.isEmpty() && !valid)
        m_statusLabel->setText(tr("\"%1\" is not an IANA time zone.").arg(zone.toHtmlEscaped()));
    else if (m_statusLabel->text().contains(QLatin1String("is not an IANA")))
        m_statusLabel->clear();
}

} // namespace CareDesk
