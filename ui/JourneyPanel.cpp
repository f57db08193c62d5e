// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/JourneyPanel.h"

#include "models/JourneyTimeline.h"
#include "ui/JourneyController.h"
#include "ui/JourneyEditorDialog.h"
#include "ui/JourneyTimelineWidget.h"
#include "ui/SourceRecordDialog.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTimeZone>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace CareDesk {

namespace {

QString localDate(const QDateTime &when)
{
    return when.isValid() ? QLocale().toString(when.toLocalTime().date(), QLocale::ShortFormat)
                          : JourneyPanel::tr("undated");
}

QString percent(double fraction)
{
    return QStringLiteral("%1%").arg(qRound(fraction * 100));
}

} // namespace

JourneyPanel::JourneyPanel(JourneyController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_summary(new QLabel(this))
    , m_status(new QLabel(this))
    , m_zoom(new QComboBox(this))
    , m_moveTo(new QComboBox(this))
    , m_move(new QPushButton(tr("&Move"), this))
    , m_step(new QComboBox(this))
    , m_markStep(new QPushButton(tr("Mark &Done"), this))
    , m_edit(new QPushButton(tr("Edit &Program\u2026"), this))
    , m_timeline(new JourneyTimelineWidget(this))
    , m_eventList(new QTreeWidget(this))
{
    m_summary->setObjectName(QStringLiteral("journeySummary"));
    m_summary->setWordWrap(true);
    // The lines about stage, clocks, adherence and exceptions are never squeezed away.
    m_summary->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setObjectName(QStringLiteral("journeyStatus"));
    m_status->setWordWrap(true);

    m_zoom->setObjectName(QStringLiteral("journeyZoom"));
    m_zoom->setAccessibleName(tr("Timeline zoom"));
    m_zoom->addItem(tr("Week"), 7.0);
    m_zoom->addItem(tr("Month"), 30.0);
    m_zoom->addItem(tr("Quarter"), 91.0);
    m_zoom->addItem(tr("Year"), 365.0);
    m_zoom->addItem(tr("Two years"), 730.0);
    m_zoom->addItem(tr("Whole journey"), 0.0);
    connect(m_zoom, &QComboBox::activated, this, [this](int index) {
        const double days = m_zoom->itemData(index).toDouble();
        if (days > 0)
            m_timeline->setVisibleDays(days);
        else
            m_timeline->fit();
    });
    m_moveTo->setObjectName(QStringLiteral("journeyMoveTo"));
    m_moveTo->setAccessibleName(tr("Move the patient to stage"));
    m_step->setObjectName(QStringLiteral("journeyStep"));
    m_step->setAccessibleName(tr("Step to mark done"));
    m_move->setObjectName(QStringLiteral("journeyMoveButton"));
    m_markStep->setObjectName(QStringLiteral("journeyStepButton"));
    m_edit->setObjectName(QStringLiteral("journeyEditButton"));

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Zoom:"), this));
    controls->addWidget(m_zoom);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Move to:"), this));
    controls->addWidget(m_moveTo, 1);
    controls->addWidget(m_move);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Step:"), this));
    controls->addWidget(m_step, 1);
    controls->addWidget(m_markStep);
    controls->addSpacing(12);
    controls->addWidget(m_edit);

    m_timeline->setObjectName(QStringLiteral("journeyTimeline"));
    m_eventList->setObjectName(QStringLiteral("journeyEventList"));
    m_eventList->setHeaderLabels({tr("When"), tr("Kind"), tr("What"), tr("Status")});
    m_eventList->setRootIsDecorated(false);
    m_eventList->setAlternatingRowColors(true);
    m_eventList->setUniformRowHeights(true);
    m_eventList->setMinimumHeight(90);
    m_eventList->header()->setStretchLastSection(false);
    m_eventList->header()->setSectionResizeMode(2, QHeaderView::Stretch);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addLayout(controls);
    layout->addWidget(m_timeline);
    layout->addWidget(m_eventList, 1);
    layout->addWidget(m_status);

    connect(m_timeline, &JourneyTimelineWidget::eventSelected, this, [this](int index) {
        QTreeWidgetItem *row = m_eventList->topLevelItem(index);
        if (row && m_eventList->currentItem() != row)
            m_eventList->setCurrentItem(row);
        if (row)
            m_eventList->scrollToItem(row);
    });
    connect(m_timeline, &JourneyTimelineWidget::recordActivated, this, &JourneyPanel::openEvent);
    connect(m_timeline, &JourneyTimelineWidget::zoomChanged, this, &JourneyPanel::syncZoom);
    connect(m_eventList, &QTreeWidget::currentItemChanged, this, [this] {
        const int index = m_eventList->indexOfTopLevelItem(m_eventList->currentItem());
        if (index >= 0)
            m_timeline->setSelectedIndex(index);
    });
    connect(m_eventList, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem *item) { openEvent(m_eventList->indexOfTopLevelItem(item)); });
    connect(m_move, &QPushButton::clicked, this, [this] {
        const QString stage = m_moveTo->currentData().toString();
        if (!stage.isEmpty())
            m_controller->recordAction(m_masterId, {JourneyAction::Kind::Move, stage, {}});
    });
    connect(m_markStep, &QPushButton::clicked, this, [this] {
        const QString step = m_step->currentData().toString();
        if (!step.isEmpty())
            m_controller->recordAction(m_masterId, {JourneyAction::Kind::CompleteStep, {}, step});
    });
    connect(m_edit, &QPushButton::clicked, m_controller, &JourneyController::loadDefinition);

    connect(m_controller, &JourneyController::journeyLoaded, this, &JourneyPanel::onJourneyLoaded);
    connect(m_controller, &JourneyController::recordOpened, this, &JourneyPanel::onRecordOpened);
    connect(m_controller, &JourneyController::definitionLoaded, this,
            &JourneyPanel::onDefinitionLoaded);
    connect(m_controller, &JourneyController::definitionSaved, this, [this](int version) {
        if (m_editor)
            m_editor->accept();
        say(tr("Journey definition version %1 saved; journeys now follow it.").arg(version));
        m_controller->load(m_masterId);
    });
    connect(m_controller, &JourneyController::actionDone, this,
            [this](const QString &text) { say(text); });
    connect(m_controller, &JourneyController::failed, this,
            [this](const QString &text) { say(text, true); });
    clear();
}

JourneyEditorDialog *JourneyPanel::editor() const
{
    return m_editor;
}

void JourneyPanel::clear()
{
    m_masterId.clear();
    m_journey = PatientJourney{};
    m_summary->setText(tr("Select an item to see the patient's journey."));
    m_timeline->setEvents({});
    m_eventList->clear();
    m_status->clear();
    updateActions();
}

void JourneyPanel::showPatient(const QString &masterId, const QList<TimelineEvent> &records)
{
    if (masterId != m_masterId) {
        m_journey = PatientJourney{};
        m_status->clear();
        m_summary->setText(m_controller->available()
                               ? tr("Reading the journey\u2026")
                               : tr("Journeys are not available on this workstation."));
    }
    m_masterId = masterId;
    if (m_journey.masterId != masterId) {
        m_timeline->setEvents(records);
        m_zoom->setCurrentIndex(m_zoom->count() - 1); // the whole journey
        fillEventList(records);
    }
    updateActions();
    m_controller->load(masterId);
}

void JourneyPanel::fillEventList(const QList<TimelineEvent> &events)
{
    m_eventList->clear();
    QList<QTreeWidgetItem *> rows;
    rows.reserve(events.size());
    for (const TimelineEvent &event : events) {
        rows.append(
            new QTreeWidgetItem({localDate(event.when), JourneyTimeline::kindLabel(event.kind),
                                 event.summary, JourneyTimeline::statusLabel(event.status)}));
        rows.last()->setToolTip(2, event.resourceType + u'/' + event.resourceId);
    }
    m_eventList->addTopLevelItems(rows);
    m_eventList->resizeColumnToContents(0);
    m_eventList->resizeColumnToContents(1);
    m_eventList->scrollToBottom();
}

void JourneyPanel::onJourneyLoaded(const PatientJourney &journey)
{
    if (journey.masterId != m_masterId)
        return; // an answer for a patient no longer shown
    const bool samePatient = m_journey.masterId == journey.masterId;
    const int selected = m_timeline->selectedIndex();
    const double days = m_timeline->visibleDays();
    m_journey = journey;
    m_timeline->setTimeline(JourneyTimeline::fromJourney(journey));
    fillEventList(journey.timeline);
    if (samePatient) {
        // A reload after an action keeps the coordinator's view where it was.
        m_timeline->setVisibleDays(days);
        m_timeline->setSelectedIndex(selected);
    } else {
        m_zoom->setCurrentIndex(m_zoom->count() - 1);
    }
    showSummary();
    updateActions();
}

void JourneyPanel::showSummary()
{
    const JourneyDefinition &definition = m_journey.definition;
    const JourneyState &state = m_journey.state;
    if (!state.enrolled) {
        m_summary->setText(tr("Not on the %1 journey yet: no tasks, payer checks, dispenses or "
                              "appointments on file.")
                               .arg(definition.title.toHtmlEscaped()));
        return;
    }
    QStringList lines;
    const JourneyStage *current = definition.stage(state.currentStage);
    const qint64 days = state.currentSince.daysTo(m_journey.computedAt);
    QString stageLine = tr("<b>%1</b> for %n day(s), since %2", nullptr, int(days))
                            .arg(current ? current->title.toHtmlEscaped() : state.currentStage,
                                 localDate(state.currentSince));
    if (state.stalled)
        stageLine += tr(" &mdash; <b style=\"color:#a51010\">stalled</b> (expected %n day(s))",
                        nullptr, current ? current->expectedDays : 0);
    lines.append(stageLine + tr(" &nbsp; <small>(%1, version %2)</small>")
                                 .arg(definition.title.toHtmlEscaped())
                                 .arg(definition.version));

    QStringList clocks;
    for (const AuthorizationRequest &request : m_journey.authorizations) {
        const QString what = request.kind == AuthorizationRequest::Kind::Eligibility
                                 ? tr("Benefits")
                                 : tr("Prior auth. #%1").arg(request.attempt);
        QString status = JourneyTimeline::statusLabel(request.status).toHtmlEscaped();
        if (request.status == QLatin1String("expired"))
            status = tr("<b style=\"color:#a51010\">no decision, due %1</b>")
                         .arg(localDate(request.dueAt));
        else if (!request.decided() && request.dueAt.isValid())
            status +=
                tr(" (due %1)")
                    .arg(QLocale().toString(request.dueAt.toLocalTime(), QLocale::ShortFormat));
        if (!request.denialReasons.isEmpty())
            status +=
                tr(": %1").arg(request.denialReasons.join(QStringLiteral("; ")).toHtmlEscaped());
        clocks.append(tr("%1 %2").arg(what, status));
    }
    if (!clocks.isEmpty())
        lines.append(clocks.join(QStringLiteral(" &middot; ")));

    for (const AdherenceReport &report : m_journey.adherence) {
        QStringList windows;
        for (const PdcWindow &window : report.windows)
            windows.append(
                tr("%1 d %2%3")
                    .arg(window.days)
                    .arg(percent(window.pdc), window.complete ? QString() : tr(" so far")));
        QString line =
            tr("Adherence (%1): PDC %2")
                .arg(report.medication.toHtmlEscaped(), windows.join(QStringLiteral(", ")));
        if (report.refillOverdue)
            line += tr(" &mdash; <b style=\"color:#a51010\">refill overdue, %n day(s) without "
                       "supply</b>",
                       nullptr, report.daysWithoutSupply);
        lines.append(line);
    }
    if (!m_journey.exceptions.isEmpty()) {
        QStringList exceptions;
        for (const JourneyException &exception : m_journey.exceptions)
            exceptions.append(exception.summary.toHtmlEscaped() +
                              (exception.triageItemId > 0
                                   ? tr(" (item %1)").arg(exception.triageItemId)
                                   : tr(" (not in the queue yet)")));
        lines.append(tr("<b>Exceptions:</b> %1").arg(exceptions.join(QStringLiteral("; "))));
    }
    m_summary->setText(lines.join(QStringLiteral("<br/>")));
}

void JourneyPanel::updateActions()
{
    const bool ready = !m_masterId.isEmpty() && m_journey.masterId == m_masterId &&
                       m_journey.state.enrolled && m_controller->available();
    m_moveTo->clear();
    m_step->clear();
    if (ready) {
        const JourneyDefinition &definition = m_journey.definition;
        for (const QString &next : definition.nextStages(m_journey.state.currentStage))
            m_moveTo->addItem(definition.stage(next)->title, next);
        for (const StepState &step : m_journey.state.steps) {
            if (step.stageId == m_journey.state.currentStage && !step.doneAt.isValid() &&
                step.dueAt > m_journey.state.currentSince.addSecs(-1))
                m_step->addItem(step.overdue ? tr("%1 (overdue)").arg(step.title) : step.title,
                                step.stepId);
        }
    }
    // A button the user's role may not use is off and says which permission is missing.
    const QString noManage = m_controller->missingPermission(Permission::JourneyManage, m_masterId);
    const QString noDefine = m_controller->missingPermission(Permission::JourneyDefine);
    m_moveTo->setEnabled(m_moveTo->count() > 0 && noManage.isEmpty());
    m_move->setEnabled(m_moveTo->count() > 0 && noManage.isEmpty());
    m_move->setToolTip(noManage);
    m_step->setEnabled(m_step->count() > 0 && noManage.isEmpty());
    m_markStep->setEnabled(m_step->count() > 0 && noManage.isEmpty());
    m_markStep->setToolTip(noManage);
    m_edit->setEnabled(m_controller->available() && noDefine.isEmpty());
    m_edit->setToolTip(noDefine);
}

void JourneyPanel::syncZoom(double days)
{
    int best = 0;
    for (int i = 0; i < m_zoom->count() - 1; ++i) {
        if (qAbs(m_zoom->itemData(i).toDouble() - days) <
            qAbs(m_zoom->itemData(best).toDouble() - days))
            best = i;
    }
    const QSignalBlocker blocker(m_zoom);
    m_zoom->setCurrentIndex(best);
}

void JourneyPanel::openEvent(int index)
{
    const QList<TimelineEvent> &events = m_timeline->events();
    if (index < 0 || index >= events.size())
        return;
    m_controller->openRecord(events.at(index).resourceType, events.at(index).resourceId);
}

void JourneyPanel::onRecordOpened(const SourceRecord &record)
{
    auto *dialog = new SourceRecordDialog(record, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void JourneyPanel::onDefinitionLoaded(const JourneyDefinition &definition)
{
    if (m_editor)
        return;
    m_editor = new JourneyEditorDialog(definition, this);
    m_editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_editor, &JourneyEditorDialog::saveRequested, m_controller,
            &JourneyController::saveDefinition);
    m_editor->open();
}

void JourneyPanel::say(const QString &text, bool problem)
{
    m_status->setStyleSheet(problem ? QStringLiteral("color:#a51010") : QString());
    m_status->setText(text);
    emit message(text);
}

} // namespace CareDesk
