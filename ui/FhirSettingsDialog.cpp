// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/FhirSettingsDialog.h"

#include "services/fhir/FhirFieldPolicy.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace CareDesk {

namespace {

QWidget *withBrowse(QLineEdit *edit, const QString &title, QWidget *parent)
{
    auto *row = new QWidget(parent);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto *browse = new QPushButton(FhirSettingsDialog::tr("Browse\u2026"), row);
    layout->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, edit, [edit, title, parent] {
        const QString file = QFileDialog::getOpenFileName(parent, title, edit->text());
        if (!file.isEmpty())
            edit->setText(file);
    });
    return row;
}

} // namespace

FhirSettingsDialog::FhirSettingsDialog(const FhirSyncConfig &config, QWidget *parent)
    : QDialog(parent)
    , m_config(config)
    , m_baseEdit(new QLineEdit(config.base.toString(), this))
    , m_clientIdEdit(new QLineEdit(config.clientId, this))
    , m_keyFileEdit(new QLineEdit(config.keyFile, this))
    , m_caFileEdit(new QLineEdit(config.caFile, this))
    , m_pollSpinBox(new QSpinBox(this))
    , m_roleComboBox(new QComboBox(this))
    , m_problemLabel(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("FHIR Server"));
    m_baseEdit->setObjectName(QStringLiteral("fhirBaseEdit"));
    m_baseEdit->setPlaceholderText(QStringLiteral("https://ehr.example.org/fhir/R4/"));
    m_clientIdEdit->setPlaceholderText(tr("as registered with the server; empty: no sign-in"));
    m_keyFileEdit->setPlaceholderText(tr("JWK file with the RS384 or ES384 private key"));
    m_caFileEdit->setPlaceholderText(tr("only when the site uses its own certificate authority"));
    m_pollSpinBox->setRange(1, 3600);
    m_pollSpinBox->setSuffix(tr(" s"));
    m_pollSpinBox->setValue(config.pollSeconds);
    m_roleComboBox->setObjectName(QStringLiteral("roleComboBox"));
    m_roleComboBox->addItem(tr("Triage nurse"), QStringLiteral("triage-nurse"));
    m_roleComboBox->addItem(tr("Care coordinator"), QStringLiteral("care-coordinator"));
    m_roleComboBox->addItem(tr("Supervisor"), QStringLiteral("supervisor"));
    m_roleComboBox->setCurrentIndex(qMax(0, m_roleComboBox->findData(config.sync.role)));
    m_problemLabel->setObjectName(QStringLiteral("settingsProblemLabel"));
    m_problemLabel->setStyleSheet(QStringLiteral("color:#b00020"));
    m_problemLabel->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Server &address:"), m_baseEdit);
    form->addRow(tr("&Client id:"), m_clientIdEdit);
    form->addRow(tr("&Key file:"), withBrowse(m_keyFileEdit, tr("Private Key (JWK)"), this));
    form->addRow(tr("Site &CA:"), withBrowse(m_caFileEdit, tr("CA Certificate (PEM)"), this));
    form->addRow(tr("&Poll every:"), m_pollSpinBox);
    form->addRow(tr("Cache for &role:"), m_roleComboBox);
    auto *hint = new QLabel(tr("CareDesk connects with TLS 1.2 or newer and checks the server's "
                               "certificate. Only the fields your role needs are kept in the "
                               "encrypted cache."),
                            this);
    hint->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(m_problemLabel);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *edit : {m_baseEdit, m_clientIdEdit, m_keyFileEdit})
        connect(edit, &QLineEdit::textChanged, this, &FhirSettingsDialog::update);
    update();
    resize(620, sizeHint().height());
}

FhirSyncConfig FhirSettingsDialog::config() const
{
    FhirSyncConfig config = m_config;
    config.base = QUrl(m_baseEdit->text().trimmed());
    config.clientId = m_clientIdEdit->text().trimmed();
    config.keyFile = m_keyFileEdit->text().trimmed();
    config.caFile = m_caFileEdit->text().trimmed();
    config.pollSeconds = m_pollSpinBox->value();
    config.sync.role = m_roleComboBox->currentData().toString();
    return config;
}

QString FhirSettingsDialog::problem() const
{
    const QUrl base(m_baseEdit->text().trimmed());
    if (m_baseEdit->text().trimmed().isEmpty())
        return tr("Enter the FHIR server's address.");
    if (!base.isValid() ||
        (base.scheme() != QLatin1String("https") && base.scheme() != QLatin1String("http")) ||
        base.host().isEmpty())
        return tr("The address must start with https:// and name a server.");
    if (base.scheme() == QLatin1String("http") && base.host() != QLatin1String("127.0.0.1") &&
        base.host() != QLatin1String("localhost"))
        return tr("Patient data goes over TLS only: use an https:// address.");
    if (m_clientIdEdit->text().trimmed().isEmpty() != m_keyFileEdit->text().trimmed().isEmpty())
        return tr("A client id needs its key file, and a key file its client id.");
    return QString();
}

void FhirSettingsDialog::update()
{
    const QString why = problem();
    m_problemLabel->setText(why);
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(why.isEmpty());
}

} // namespace CareDesk
