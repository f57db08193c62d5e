// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ConsentPanel.h"

#include "models/Clock.h"
#include "models/ConsentModels.h"
#include "services/comms/ConsentLedger.h"
#include "services/comms/WallTime.h"
#include "ui/PatientZoneBox.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTimeZone>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace CareDesk {

namespace {

QString kindLabel(MessageKind kind)
{
    switch (kind) {
    case MessageKind::AppointmentReminder:
        return ConsentPanel::tr("Appointment reminder");
    case MessageKind::RefillReminder:
        return ConsentPanel::tr("Refill reminder");
    case MessageKind::Education:
        return ConsentPanel::tr("Education");
    case MessageKind::Outreach:
        return ConsentPanel::tr("Outreach");
    case MessageKind::Callback:
        return ConsentPanel::tr("Clinical callback");
    case MessageKind::OptOutConfirmation:
        return ConsentPanel::tr("Opt-out confirmation");
    case MessageKind::OptInConfirmation:
        return ConsentPanel::tr("Opt-in confirmation");
    case MessageKind::HelpReply:
        return ConsentPanel::tr("HELP answer");
    }
    return {};
}

QString pathLabel(SendPath path)
{
    switch (path) {
    case SendPath::Automated:
        return ConsentPanel::tr("Automated");
    case SendPath::Manual:
        return ConsentPanel::tr("Sent by me");
    case SendPath::Batch:
        return ConsentPanel::tr("Batch");
    case SendPath::Retry:
        return ConsentPanel::tr("Retry");
    }
    return {};
}

template <typename T> void selectData(QComboBox *combo, const T &value)
{
    const int index = combo->findData(QVariant::fromValue(int(value)));
    if (index >= 0)
        combo->setCurrentIndex(index);
}

QComboBox *channelCombo(QWidget *parent, bool withAny)
{
    auto *combo = new QComboBox(parent);
    if (withAny)
        combo->addItem(ConsentPanel::tr("Every channel"), -1);
    for (Channel channel : allChannels())
        combo->addItem(ConsentStateModel::channelLabel(channel), int(channel));
    return combo;
}

QComboBox *purposeCombo(QWidget *parent, bool withAny)
{
    auto *combo = new QComboBox(parent);
    if (withAny)
        combo->addItem(ConsentPanel::tr("Every purpose"), -1);
    for (Purpose purpose : allPurposes())
        combo->addItem(ConsentStateModel::purposeLabel(purpose), int(purpose));
    return combo;
}

} // namespace

ConsentPanel::ConsentPanel(ConsentController &controller, QString masterId, QWidget *parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_masterId(std::move(masterId))
    , m_stateModel(new ConsentStateModel(this))
    , m_historyModel(new ConsentHistoryModel(this))
{
    setObjectName(QStringLiteral("consentPanel"));
    setWindowTitle(tr("Consent and Messages"));

    m_headerLabel = new QLabel(tr("Loading the consent ledger\u2026"), this);
    m_headerLabel->setObjectName(QStringLiteral("consentHeaderLabel"));
    m_headerLabel->setWordWrap(true);

    m_stateView = new QTableView(this);
    m_stateView->setObjectName(QStringLiteral("stateTableView"));
    m_stateView->setAccessibleName(tr("Current consent per channel and purpose"));
    m_stateView->setModel(m_stateModel);
    m_stateView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_stateView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_stateView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_stateView->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    auto *stateBox = new QGroupBox(tr("Consent now, per channel and purpose"), this);
    (new QVBoxLayout(stateBox))->addWidget(m_stateView);

    m_historyView = new QTableView(this);
    m_historyView->setObjectName(QStringLiteral("historyTableView"));
    m_historyView->setAccessibleName(tr("Consent ledger history"));
    m_historyView->setModel(m_historyModel);
    m_historyView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_historyView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_historyView->setAlternatingRowColors(true);
    m_historyView->verticalHeader()->setVisible(false);
    m_historyView->horizontalHeader()->setStretchLastSection(true);
    auto *historyBox =
        new QGroupBox(tr("Ledger history (nothing is ever edited or removed)"), this);
    (new QVBoxLayout(historyBox))->addWidget(m_historyView);

    m_messagesTree = new QTreeWidget(this);
    m_messagesTree->setObjectName(QStringLiteral("messagesTreeWidget"));
    m_messagesTree->setHeaderLabels(
        {tr("When"), tr("Message"), tr("Channel"), tr("Status"), tr("Why")});
    m_messagesTree->setRootIsDecorated(false);
    m_messagesTree->setAlternatingRowColors(true);
    m_messagesTree->header()->setStretchLastSection(true);
    auto *messagesBox = new QGroupBox(tr("Messages to this patient"), this);
    (new QVBoxLayout(messagesBox))->addWidget(m_messagesTree);

    auto *lists = new QSplitter(Qt::Vertical, this);
    lists->addWidget(historyBox);
    lists->addWidget(messagesBox);
    auto *left = new QWidget(this);
    left->setMinimumWidth(640);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(stateBox);
    leftLayout->addWidget(lists, 1);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(buildDraftBox(), 1);
    rightLayout->addWidget(buildRecordBox());
    m_zoneBox = new PatientZoneBox(right);
    rightLayout->addWidget(m_zoneBox);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({760, 500});

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_headerLabel);
    layout->addWidget(split, 1);

    connect(&m_controller, &ConsentController::loaded, this, &ConsentPanel::onLoaded);
    connect(&m_controller, &ConsentController::decided, this, &ConsentPanel::onDecided);
    connect(&m_controller, &ConsentController::recorded, this, [this](qint64 id) {
        m_recordStatusLabel->setText(tr("Recorded as ledger event %1.").arg(id));
        m_noteEdit->clear();
    });
    connect(&m_controller, &ConsentController::sent, this, [this](const DispatchOutcome &outcome) {
        onDecided(draftRequest(), outcome.decision);
        m_decisionLabel->setText(
            m_decisionLabel->text() + u' ' +
            tr("Saved as message %1 (%2).").arg(outcome.messageId).arg(outcome.status));
    });
    connect(m_zoneBox, &PatientZoneBox::saveRequested, this,
            [this](const QString &zone) { m_controller.setTimeZone(m_masterId, zone); });
    connect(&m_controller, &ConsentController::zoneSaved, this, [this](const QString &zone) {
        m_zoneBox->setStatus(zone.isEmpty() ? tr("The zone set here was dropped.")
                                            : tr("Saved: %1.").arg(zone));
    });
    connect(&m_controller, &ConsentController::failed, this, [this](const QString &message) {
        if (m_zoneBox->isSaving())
            m_zoneBox->setStatus(message);
        m_recordStatusLabel->setText(message);
        m_decisionLabel->setText(message);
    });
    resize(1280, 900);
    updateButtons();
    m_controller.load(m_masterId);
}

QWidget *ConsentPanel::buildDraftBox()
{
    auto *box = new QGroupBox(tr("Check a message before it goes"), this);
    m_draftChannelCombo = channelCombo(box, false);
    m_draftChannelCombo->setObjectName(QStringLiteral("draftChannelComboBox"));
    m_draftPurposeCombo = purposeCombo(box, false);
    m_draftPurposeCombo->setObjectName(QStringLiteral("draftPurposeComboBox"));
    m_draftKindCombo = new QComboBox(box);
    m_draftKindCombo->setObjectName(QStringLiteral("draftKindComboBox"));
    for (MessageKind kind :
         {MessageKind::Outreach, MessageKind::Education, MessageKind::AppointmentReminder,
          MessageKind::RefillReminder, MessageKind::Callback})
        m_draftKindCombo->addItem(kindLabel(kind), int(kind));
    m_draftPathCombo = new QComboBox(box);
    m_draftPathCombo->setObjectName(QStringLiteral("draftPathComboBox"));
    for (SendPath path : {SendPath::Manual, SendPath::Automated, SendPath::Batch, SendPath::Retry})
        m_draftPathCombo->addItem(pathLabel(path), int(path));
    m_callbackItemSpin = new QSpinBox(box);
    m_callbackItemSpin->setObjectName(QStringLiteral("callbackItemSpinBox"));
    m_callbackItemSpin->setRange(0, 999999999);
    m_callbackItemSpin->setSpecialValueText(tr("none"));
    m_callbackConfirmCheck =
        new QCheckBox(tr("I confirm: a clinical callback about this emergent item"), box);
    m_callbackConfirmCheck->setToolTip(
        tr("A clinical callback about an open emergent item is the only message that may go "
           "outside quiet hours, caps and a channel opt-out. A restriction still stops it. "
           "The bypass is audited with your name."));
    m_callbackConfirmCheck->setObjectName(QStringLiteral("callbackConfirmCheckBox"));
    m_callbackConfirmCheck->setStyleSheet(QStringLiteral("QCheckBox { font-weight: bold; }"));
    m_draftTextEdit = new QPlainTextEdit(box);
    m_draftTextEdit->setObjectName(QStringLiteral("draftTextEdit"));
    m_draftTextEdit->setPlaceholderText(tr("The message, as the patient will read it"));
    m_draftTextEdit->setMaximumHeight(80);
    m_checkButton = new QPushButton(tr("&Check"), box);
    m_checkButton->setObjectName(QStringLiteral("checkButton"));
    m_sendButton = new QPushButton(tr("&Send"), box);
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    m_decisionLabel = new QLabel(tr("Choose a channel and purpose, then Check."), box);
    m_decisionLabel->setObjectName(QStringLiteral("decisionLabel"));
    m_decisionLabel->setWordWrap(true);
    m_reasonsBrowser = new QTextBrowser(box);
    m_reasonsBrowser->setObjectName(QStringLiteral("reasonsBrowser"));
    m_reasonsBrowser->setAccessibleName(tr("Reasons for the gate's decision"));

    auto *form = new QFormLayout;
    form->addRow(tr("Channel:"), m_draftChannelCombo);
    form->addRow(tr("Purpose:"), m_draftPurposeCombo);
    form->addRow(tr("Message:"), m_draftKindCombo);
    form->addRow(tr("Sent as:"), m_draftPathCombo);
    form->addRow(tr("Emergent item:"), m_callbackItemSpin);
    form->addRow(QString(), m_callbackConfirmCheck);
    form->addRow(tr("Text:"), m_draftTextEdit);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_checkButton);
    buttons->addWidget(m_sendButton);
    auto *layout = new QVBoxLayout(box);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_decisionLabel);
    layout->addWidget(m_reasonsBrowser, 1);

    connect(m_checkButton, &QPushButton::clicked, this, &ConsentPanel::checkDraft);
    connect(m_sendButton, &QPushButton::clicked, this, &ConsentPanel::sendDraft);
    connect(m_callbackItemSpin, &QSpinBox::valueChanged, this, [this](int value) {
        if (value > 0)
            selectData(m_draftKindCombo, MessageKind::Callback);
        updateButtons();
    });
    connect(m_callbackConfirmCheck, &QCheckBox::toggled, this, &ConsentPanel::updateButtons);
    connect(m_draftTextEdit, &QPlainTextEdit::textChanged, this, &ConsentPanel::updateButtons);
    return box;
}

QWidget *ConsentPanel::buildRecordBox()
{
    auto *box = new QGroupBox(tr("Record consent captured by phone"), this);
    m_recordKindCombo = new QComboBox(box);
    m_recordKindCombo->setObjectName(QStringLiteral("recordKindComboBox"));
    for (ConsentKind kind : {ConsentKind::Granted, ConsentKind::Revoked, ConsentKind::Restricted,
                             ConsentKind::RestrictionLifted, ConsentKind::Expired})
        m_recordKindCombo->addItem(ConsentHistoryModel::kindLabel(kind), int(kind));
    m_recordChannelCombo = channelCombo(box, true);
    m_recordChannelCombo->setObjectName(QStringLiteral("recordChannelComboBox"));
    m_recordPurposeCombo = purposeCombo(box, true);
    m_recordPurposeCombo->setObjectName(QStringLiteral("recordPurposeComboBox"));
    m_recordSourceCombo = new QComboBox(box);
    m_recordSourceCombo->setObjectName(QStringLiteral("recordSourceComboBox"));
    m_recordSourceCombo->addItem(tr("Phone call"), QStringLiteral("phone"));
    m_recordSourceCombo->addItem(tr("Paper form"), QStringLiteral("paper"));
    m_recordSourceCombo->addItem(tr("In person"), QStringLiteral("in-person"));
    m_recordSourceCombo->addItem(tr("Patient portal"), QStringLiteral("portal"));
    m_capturedByEdit = new QLineEdit(m_controller.workstation().principal.user, box);
    m_capturedByEdit->setObjectName(QStringLiteral("capturedByLineEdit"));
    m_endsCheck = new QCheckBox(tr("Ends on"), box);
    m_endsEdit = new QDateEdit(m_controller.workstation().clock->now().date().addYears(1), box);
    m_endsEdit->setCalendarPopup(true);
    m_endsEdit->setEnabled(false);
    m_noteEdit = new QLineEdit(box);
    m_noteEdit->setObjectName(QStringLiteral("noteLineEdit"));
    m_noteEdit->setPlaceholderText(tr("What a restriction covers, in the patient's terms"));
    m_recordButton = new QPushButton(tr("&Record"), box);
    m_recordButton->setObjectName(QStringLiteral("recordButton"));
    m_recordStatusLabel = new QLabel(box);
    m_recordStatusLabel->setWordWrap(true);

    auto *ends = new QHBoxLayout;
    ends->addWidget(m_endsCheck);
    ends->addWidget(m_endsEdit, 1);
    auto *form = new QFormLayout;
    form->addRow(tr("Event:"), m_recordKindCombo);
    form->addRow(tr("Channel:"), m_recordChannelCombo);
    form->addRow(tr("Purpose:"), m_recordPurposeCombo);
    form->addRow(tr("Source:"), m_recordSourceCombo);
    //: Form label: the person who took the patient's consent
    form->addRow(tr("Captured by:"), m_capturedByEdit);
    form->addRow(QString(), ends);
    form->addRow(tr("Note:"), m_noteEdit);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_recordStatusLabel, 1);
    buttons->addWidget(m_recordButton);
    auto *layout = new QVBoxLayout(box);
    layout->addLayout(form);
    layout->addLayout(buttons);

    connect(m_endsCheck, &QCheckBox::toggled, m_endsEdit, &QWidget::setEnabled);
    connect(m_recordButton, &QPushButton::clicked, this, &ConsentPanel::recordConsent);
    connect(m_capturedByEdit, &QLineEdit::textChanged, this, &ConsentPanel::updateButtons);
    return box;
}

void ConsentPanel::setDraft(Channel channel, Purpose purpose, MessageKind kind, SendPath path,
                            qint64 callbackItemId, const QString &text)
{
    selectData(m_draftChannelCombo, channel);
    selectData(m_draftPurposeCombo, purpose);
    m_callbackItemSpin->setValue(int(callbackItemId));
    selectData(m_draftKindCombo, kind);
    selectData(m_draftPathCombo, path);
    m_draftTextEdit->setPlainText(text);
}

void ConsentPanel::setRecord(ConsentKind kind, std::optional<Channel> channel,
                             std::optional<Purpose> purpose, const QString &note)
{
    selectData(m_recordKindCombo, kind);
    m_recordChannelCombo->setCurrentIndex(channel ? m_recordChannelCombo->findData(int(*channel))
                                                  : 0);
    m_recordPurposeCombo->setCurrentIndex(purpose ? m_recordPurposeCombo->findData(int(*purpose))
                                                  : 0);
    m_noteEdit->setText(note);
}

void ConsentPanel::confirmCallback(bool confirmed)
{
    m_callbackConfirmCheck->setChecked(confirmed);
}

void ConsentPanel::updateButtons()
{
    const bool callback = m_callbackItemSpin->value() > 0;
    m_callbackConfirmCheck->setVisible(callback);
    m_sendButton->setEnabled(!m_draftTextEdit->toPlainText().trimmed().isEmpty() &&
                             (!callback || m_callbackConfirmCheck->isChecked()));
    m_recordButton->setEnabled(!m_capturedByEdit->text().trimmed().isEmpty());
}

SendRequest ConsentPanel::draftRequest() const
{
    SendRequest request;
    request.masterId = m_masterId;
    request.channel = Channel(m_draftChannelCombo->currentData().toInt());
    request.purpose = Purpose(m_draftPurposeCombo->currentData().toInt());
    request.kind = MessageKind(m_draftKindCombo->currentData().toInt());
    request.path = SendPath(m_draftPathCombo->currentData().toInt());
    request.firstPath = request.path == SendPath::Retry ? SendPath::Automated : request.path;
    request.callbackItemId = m_callbackItemSpin->value();
    return request;
}

void ConsentPanel::checkDraft()
{
    m_decisionLabel->setText(tr("Asking the gate\u2026"));
    m_controller.check(draftRequest());
}

void ConsentPanel::sendDraft()
{
    MessageDraft draft;
    draft.request = draftRequest();
    draft.body = m_draftTextEdit->toPlainText().trimmed();
    draft.subject = tr("A message from your care team");
    draft.requestedBy = m_controller.workstation().principal.user;
    m_decisionLabel->setText(tr("Sending through the gate\u2026"));
    m_controller.send(draft);
}

void ConsentPanel::recordConsent()
{
    ConsentEvent event;
    event.masterId = m_masterId;
    event.kind = ConsentKind(m_recordKindCombo->currentData().toInt());
    if (const int channel = m_recordChannelCombo->currentData().toInt(); channel >= 0)
        event.channel = Channel(channel);
    if (const int purpose = m_recordPurposeCombo->currentData().toInt(); purpose >= 0)
        event.purpose = Purpose(purpose);
    event.source = m_recordSourceCombo->currentData().toString();
    event.capturedBy = m_capturedByEdit->text().trimmed();
    event.note = m_noteEdit->text().trimmed();
    if (m_endsCheck->isChecked()) {
        const QTimeZone zone = zoneFromId(m_zoneId);
        event.expiresAt = WallTime::resolve(m_endsEdit->date(), QTime(23, 59),
                                            zone.isValid() ? zone : QTimeZone::systemTimeZone())
                              .utc;
    }
    m_recordStatusLabel->setText(tr("Recording\u2026"));
    m_controller.record(event);
}

void ConsentPanel::onLoaded(const ConsentView &view)
{
    if (view.masterId != m_masterId)
        return;
    m_zoneId = view.zoneId;
    m_zoneBox->setView(view);
    m_headerLabel->setText(
        tr("<b>%1</b> &nbsp; master ID %2 &middot; time zone %3 &middot; language %4")
            .arg((view.displayName.isEmpty() ? tr("(no name on file)") : view.displayName)
                     .toHtmlEscaped(),
                 view.masterId.toHtmlEscaped(),
                 view.zoneId.isEmpty() ? tr("unknown (the site's is used)") : view.zoneId,
                 view.language.isEmpty() ? tr("not given") : view.language.toHtmlEscaped()));
    m_stateModel->setState(view.state);
    // Four channels fit without a scroll bar or empty space.
    m_stateView->resizeRowsToContents();
    m_stateView->setFixedHeight(m_stateView->horizontalHeader()->sizeHint().height() +
                                m_stateView->verticalHeader()->length() +
                                2 * m_stateView->frameWidth());
    m_historyModel->setEvents(view.events);
    m_historyView->resizeColumnsToContents();
    m_historyView->scrollToBottom();

    const QLocale locale;
    m_messagesTree->clear();
    QList<QTreeWidgetItem *> rows;
    for (const MessageRecord &message : view.messages) {
        QStringList why;
        for (const QJsonValue &reason :
             message.decision.value(QLatin1String("reasons")).toArray()) {
            const QJsonObject object = reason.toObject();
            if (object.value(QLatin1String("effect")).toString() != QLatin1String("allow"))
                why.append(object.value(QLatin1String("message")).toString());
        }
        if (!message.lastError.isEmpty())
            why.append(message.lastError);
        auto *row = new QTreeWidgetItem(
            {locale.toString(message.createdAt.toLocalTime(), QLocale::ShortFormat),
             kindLabel(message.request.kind),
             ConsentStateModel::channelLabel(message.request.channel), message.status,
             why.join(QStringLiteral(" "))});
        row->setToolTip(4, why.join(u'\n'));
        rows.append(row);
    }
    m_messagesTree->addTopLevelItems(rows);
    for (int column = 0; column < 4; ++column)
        m_messagesTree->resizeColumnToContents(column);
}

void ConsentPanel::onDecided(const SendRequest &request, const GateDecision &decision)
{
    Q_UNUSED(request);
    const QTimeZone zone = zoneFromId(decision.zoneId);
    const QLocale locale;
    QString verdict;
    QString colour;
    switch (decision.verdict) {
    case Verdict::Allow:
        verdict = decision.bypassed ? tr("Allowed now, as a clinical callback (audited).")
                                    : tr("Allowed: it may go now.");
        colour = QStringLiteral("#1e7b34");
        break;
    case Verdict::Defer:
        verdict = tr("Deferred until %1, the patient's time (%2).")
                      .arg(locale.toString(decision.deferUntil.toTimeZone(
                                               zone.isValid() ? zone : QTimeZone::utc()),
                                           QLocale::LongFormat),
                           decision.zoneId);
        colour = QStringLiteral("#a15c00");
        break;
    case Verdict::Deny:
        verdict = tr("Denied: it may not go.");
        colour = QStringLiteral("#b00020");
        break;
    }
    m_decisionLabel->setText(QStringLiteral("<span style=\"font-size:large;font-weight:bold;"
                                            "color:%1\">%2</span>")
                                 .arg(colour, verdict.toHtmlEscaped()));
    QString html = QStringLiteral("<ul>");
    for (const GateReason &reason : decision.reasons) {
        const QString mark = reason.effect == Verdict::Deny    ? QStringLiteral("#b00020")
                             : reason.effect == Verdict::Defer ? QStringLiteral("#a15c00")
                                                               : QStringLiteral("#1e7b34");
        const QString label = reason.effect == Verdict::Deny    ? tr("denies")
                              : reason.effect == Verdict::Defer ? tr("defers")
                                                                : tr("passes");
        html += QStringLiteral("<li><b style=\"color:%1\">%2</b> <i>%3</i>: %4</li>")
                    .arg(mark, label, reason.rule.toHtmlEscaped(), reason.message.toHtmlEscaped());
    }
    html += QStringLiteral("</ul>");
    m_reasonsBrowser->setHtml(html);
}

} // namespace CareDesk
