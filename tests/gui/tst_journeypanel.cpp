// SPDX-License-Identifier: GPL-3.0-or-later
// The journey panel, its timeline and the mentor panel on the offscreen platform, over a real
// cache with the journey scenarios: stages, gaps and overdue steps drawn; zoom from a week to
// two years; a mark opens its source record; coordinator actions; the program editor refusing a
// broken definition; a mentor proposed, agreed by both, introduced and met.
#include "../unit/journey/JourneyFixture.h"

#include "models/MentorProposalModel.h"
#include "models/TriageQueueModel.h"
#include "services/security/PatientRecords.h"
#include "ui/JourneyController.h"
#include "ui/JourneyEditorDialog.h"
#include "ui/JourneyPanel.h"
#include "ui/JourneyTimelineWidget.h"
#include "ui/MainWindow.h"
#include "ui/MentorPanel.h"
#include "ui/QueueController.h"
#include "ui/SourceRecordDialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSet>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTranslator>
#include <QTreeWidget>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

struct Fixture : JourneyFixture {
    bool startGui()
    {
        if (!startWithScenarios())
            return false;
        QFile registry(QStringLiteral(CAREDESK_SOURCE_DIR "/tests/data/journeys/mentors.json"));
        return registry.open(QIODevice::ReadOnly) &&
               mentors->importRegistry(registry.readAll(), admin());
    }

    std::unique_ptr<PatientRecords> patients;

    Workstation workstation(const Principal &who = coordinator(QStringLiteral("coord.kim")))
    {
        patients = std::make_unique<PatientRecords>(*access);
        Workstation ws;
        ws.cache = cache;
        ws.triage = triage.get();
        ws.patients = patients.get();
        ws.access = access.get();
        ws.clock = &clock;
        ws.principal = who;
        ws.makeImporter = [this](const Principal &importer) {
            return makeImporter(importer);
        };
        ws.audit = audit.get();
        ws.journeys = journeys.get();
        ws.mentors = mentors.get();
        return ws;
    }

    QList<TimelineEvent> records(const QString &masterId)
    {
        return PatientStore(cache->connection(), clock)
            .timeline(masterId)
            .value_or(QList<TimelineEvent>{});
    }
};

// docs/screenshots/take.sh sets CAREDESK_SCREENSHOT_DIR to keep pictures of these states.
void keepPicture(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("CAREDESK_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(widget->grab().save(dir + u'/' + name));
}

int indexOf(const QList<TimelineEvent> &events, const QString &resourceId)
{
    for (qsizetype i = 0; i < events.size(); ++i) {
        if (events.at(i).resourceId == resourceId)
            return int(i);
    }
    return -1;
}

} // namespace

class TestJourneyPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void timelineShowsStagesGapsAndOverdueSteps()
    {
        Fixture f;
        QVERIFY(f.startGui());
        JourneyController controller(f.workstation());
        JourneyPanel panel(&controller);
        panel.resize(1180, 720);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const QString p1 = f.master(QStringLiteral("jp-1"));
        panel.showPatient(p1, f.records(p1));
        // The records at once, the computed journey when it arrives.
        QVERIFY(!panel.timeline()->events().isEmpty());
        QTRY_COMPARE(panel.journey().masterId, p1);

        const JourneyTimeline &timeline = panel.timeline()->timeline();
        QCOMPARE(timeline.bands.size(), 5);
        QCOMPARE(timeline.bands.last().title, QStringLiteral("Adherence follow-ups"));
        QVERIFY(timeline.bands.last().current);
        auto has = [&timeline](TimelineSpan::Style style) {
            return std::any_of(timeline.spans.cbegin(), timeline.spans.cend(),
                               [style](const TimelineSpan &span) { return span.style == style; });
        };
        QVERIFY(has(TimelineSpan::Style::Supply));
        QVERIFY(has(TimelineSpan::Style::Gap));
        QVERIFY(has(TimelineSpan::Style::Hospital));
        QVERIFY(has(TimelineSpan::Style::Clock));
        // The 90-day refill (due 13 Sep) never came: an overdue step.
        QVERIFY(std::any_of(timeline.markers.cbegin(), timeline.markers.cend(),
                            [](const TimelineMarker &marker) {
                                return marker.state == TimelineMarker::State::Overdue &&
                                       marker.label == QLatin1String("90-day refill");
                            }));
        QVERIFY(panel.summaryLabel()->text().contains(QStringLiteral("refill overdue")));
        QVERIFY(panel.summaryLabel()->text().contains(QStringLiteral("Step therapy")));
        QCOMPARE(panel.eventList()->topLevelItemCount(), int(panel.timeline()->events().size()));
        panel.timeline()->fit();
        keepPicture(&panel, QStringLiteral("journey-timeline.png"));

        // Zoom from a week to two years, and no further either way.
        JourneyTimelineWidget *widget = panel.timeline();
        panel.zoomCombo()->setCurrentIndex(0);
        emit panel.zoomCombo()->activated(0);
        QCOMPARE(widget->visibleDays(), 7.0);
        widget->setFocus();
        QTest::keyClick(widget, Qt::Key_Minus);
        QCOMPARE(widget->visibleDays(), 14.0);
        for (int i = 0; i < 10; ++i)
            QTest::keyClick(widget, Qt::Key_Minus);
        QCOMPARE(widget->visibleDays(), JourneyTimelineWidget::kMaxDays);
        QCOMPARE(panel.zoomCombo()->currentText(), QStringLiteral("Two years"));
        for (int i = 0; i < 10; ++i)
            QTest::keyClick(widget, Qt::Key_Plus);
        QCOMPARE(widget->visibleDays(), JourneyTimelineWidget::kMinDays);

        // A mark, clicked, is selected with its row; double-clicked, opens its record.
        widget->setVisibleDays(30);
        const int first = indexOf(widget->events(), QStringLiteral("jd-1-0"));
        QVERIFY(first >= 0);
        widget->ensureVisible(first);
        const QPoint at = widget->markCenter(first);
        QVERIFY2(at.x() >= 0, "the first fill is in view");
        QTest::mouseClick(widget->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(widget->selectedIndex(), first);
        QCOMPARE(panel.eventList()->indexOfTopLevelItem(panel.eventList()->currentItem()), first);
        QTest::mouseDClick(widget->viewport(), Qt::LeftButton, {}, at);
        SourceRecordDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = panel.findChild<SourceRecordDialog *>()) != nullptr);
        QCOMPARE(dialog->record().resourceId, QStringLiteral("jd-1-0"));
        QVERIFY(dialog->contentView()->toPlainText().contains(QStringLiteral("\"daysSupply\"")));
        keepPicture(dialog, QStringLiteral("journey-source-record.png"));
        dialog->close();

        // Keyboard: the next mark in time, and Enter opens it too.
        QTest::keyClick(widget, Qt::Key_Right);
        QVERIFY(widget->selectedIndex() != first);
        QTest::keyClick(widget, Qt::Key_Return);
        QTRY_VERIFY(panel.findChildren<SourceRecordDialog *>().size() == 1 &&
                    panel.findChild<SourceRecordDialog *>()->record().resourceId !=
                        QLatin1String("jd-1-0"));
        controller.waitForIdle();
    }

    // Every mark on the timeline, of every lane, opens the record it stands for: each stored
    // resource (FHIR and HL7), a coordinator's action and a mentor introduction.
    void everyMarkOpensItsSourceRecord()
    {
        Fixture f;
        QVERIFY(f.startGui());
        QVERIFY(f.importer->importFile(
            QStringLiteral(CAREDESK_SOURCE_DIR "/tests/data/journeys/journey-appointment.ndjson")));
        const QString p1 = f.master(QStringLiteral("jp-1"));
        const Principal kim = coordinator(QStringLiteral("coord.kim"));
        QVERIFY(f.journeys->recordAction(
            p1, {JourneyAction::Kind::CompleteStep, QString(), QStringLiteral("refill-90")}, kim));
        QVERIFY(f.mentors->propose(p1, QStringLiteral("m-ana"), kim));
        JourneyController controller(f.workstation());
        JourneyPanel panel(&controller);
        panel.resize(1180, 720);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.showPatient(p1, f.records(p1));
        QTRY_COMPARE(panel.journey().masterId, p1);
        JourneyTimelineWidget *widget = panel.timeline();
        QTRY_VERIFY(indexOf(widget->events(), QStringLiteral("1")) >= 0); // the introduction
        const QList<TimelineEvent> events = widget->events();
        QSet<QString> kinds;
        widget->setVisibleDays(JourneyTimelineWidget::kMinDays);
        for (int i = 0; i < int(events.size()); ++i) {
            const TimelineEvent &event = events.at(i);
            if (!event.when.isValid())
                continue; // listed below the timeline, not drawn
            widget->ensureVisible(i);
            const QPoint at = widget->markCenter(i);
            QVERIFY2(at.x() >= 0, qPrintable(event.resourceId));
            QTest::mouseDClick(widget->viewport(), Qt::LeftButton, {}, at);
            SourceRecordDialog *dialog = nullptr;
            QTRY_VERIFY((dialog = panel.findChild<SourceRecordDialog *>()) != nullptr);
            QCOMPARE(dialog->record().resourceType, event.resourceType);
            QCOMPARE(dialog->record().resourceId, event.resourceId);
            QVERIFY(!dialog->contentView()->toPlainText().isEmpty());
            kinds.insert(event.kind);
            delete dialog;
        }
        for (const char *kind :
             {"task", "eligibility", "authorization", "dispense", "appointment", "consent",
              "admission", "discharge", "encounter", "condition", "action", "mentor"})
            QVERIFY2(kinds.contains(QString::fromLatin1(kind)), kind);
        controller.waitForIdle();
    }

    void coordinatorMovesAndMarksSteps()
    {
        Fixture f;
        QVERIFY(f.startGui());
        JourneyController controller(f.workstation());
        JourneyPanel panel(&controller);
        panel.show();
        const QString p1 = f.master(QStringLiteral("jp-1"));
        panel.showPatient(p1, f.records(p1));
        QTRY_COMPARE(panel.journey().masterId, p1);
        // Only the stages the program allows from here, and the open steps.
        QCOMPARE(panel.moveCombo()->count(), 1);
        QCOMPARE(panel.moveCombo()->itemData(0).toString(), QStringLiteral("closed"));
        QVERIFY(panel.stepCombo()->findData(QStringLiteral("refill-90")) >= 0);
        QCOMPARE(panel.stepCombo()->findData(QStringLiteral("refill-30")), -1); // done

        panel.stepCombo()->setCurrentIndex(
            panel.stepCombo()->findData(QStringLiteral("refill-90")));
        QTest::mouseClick(panel.stepButton(), Qt::LeftButton);
        QTRY_COMPARE(f.count(QStringLiteral("journey_actions")), 1);
        QTRY_COMPARE(panel.stepCombo()->findData(QStringLiteral("refill-90")), -1);
        QTest::mouseClick(panel.moveButton(), Qt::LeftButton);
        QTRY_COMPARE(panel.journey().state.currentStage, QStringLiteral("closed"));
        QCOMPARE(f.count(QStringLiteral("journey_actions")), 2);
        QVERIFY(!panel.moveButton()->isEnabled()); // nothing leaves Closure
        QVERIFY(panel.statusLabel()->text().contains(QStringLiteral("closed")));
        controller.waitForIdle();
    }

    // The buttons follow AccessControl: a role without journey.manage (a triage nurse) cannot
    // move or mark steps, one without journey.define (a coordinator) cannot edit the program;
    // each disabled button names the missing permission.
    void actionsFollowTheRolesPermissions_data()
    {
        QTest::addColumn<Principal>("who");
        QTest::addColumn<bool>("manage");
        QTest::addColumn<bool>("define");
        QTest::newRow("triage nurse: no move, no step, no editor")
            << nurse(QStringLiteral("nurse.ana")) << false << false;
        QTest::newRow("coordinator: move and step, no editor")
            << coordinator(QStringLiteral("coord.kim")) << true << false;
        QTest::newRow("supervisor: everything")
            << supervisor(QStringLiteral("sup.lee")) << true << true;
    }

    void actionsFollowTheRolesPermissions()
    {
        QFETCH(Principal, who);
        QFETCH(bool, manage);
        QFETCH(bool, define);
        Fixture f;
        QVERIFY(f.startGui());
        JourneyController controller(f.workstation(who));
        JourneyPanel panel(&controller);
        panel.show();
        const QString p1 = f.master(QStringLiteral("jp-1"));
        panel.showPatient(p1, f.records(p1));
        QTRY_COMPARE(panel.journey().masterId, p1);
        // There is a stage to move to and an open step either way: only the role differs.
        QCOMPARE(panel.moveCombo()->count(), 1);
        QVERIFY(panel.stepCombo()->count() > 0);
        for (QPushButton *button : {panel.moveButton(), panel.stepButton()}) {
            QCOMPARE(button->isEnabled(), manage);
            QCOMPARE(button->toolTip().contains(QStringLiteral("journey.manage")), !manage);
        }
        QCOMPARE(panel.moveCombo()->isEnabled(), manage);
        QCOMPARE(panel.editButton()->isEnabled(), define);
        QCOMPARE(panel.editButton()->toolTip().contains(QStringLiteral("journey.define")), !define);
        if (who.role == QLatin1String("triage-nurse"))
            keepPicture(&panel, QStringLiteral("journey-as-nurse.png"));
        if (!manage)
            QVERIFY(
                panel.moveButton()->toolTip().contains(f.access->roles().role(who.role)->label));
        controller.waitForIdle();
    }

    void editorRefusesABrokenDefinitionAndSaves()
    {
        Fixture f;
        QVERIFY(f.startGui());
        // A new program version is a supervisor's (journey.define), not a coordinator's.
        JourneyController controller(f.workstation(supervisor(QStringLiteral("sup.lee"))));
        JourneyPanel panel(&controller);
        panel.show();
        QTest::mouseClick(panel.editButton(), Qt::LeftButton);
        QTRY_VERIFY(panel.editor() != nullptr);
        JourneyEditorDialog *editor = panel.editor();
        QTRY_VERIFY(editor->isVisible());
        QCOMPARE(editor->stageTable()->rowCount(), 6);
        QCOMPARE(editor->versionBox()->value(), 2);
        QVERIFY(editor->saveButton()->isEnabled());

        // A transition to a stage that does not exist: refused with the reason.
        QTableWidget *transitions = editor->transitionTable();
        transitions->item(0, 1)->setText(QStringLiteral("nowhere"));
        QVERIFY(!editor->saveButton()->isEnabled());
        QVERIFY(editor->problemList()->item(0)->text().contains(
            QStringLiteral("goes to unknown stage \"nowhere\"")));
        transitions->item(0, 1)->setText(QStringLiteral("benefits"));
        QVERIFY(editor->saveButton()->isEnabled());

        // A stage added with no transition to it cannot be reached (the closure from any stage
        // still leads out of it).
        QTableWidget *stages = editor->stageTable();
        QPushButton *addStage = nullptr;
        QPushButton *removeStage = nullptr;
        for (QPushButton *button : editor->findChildren<QPushButton *>()) {
            if (button->text() == QLatin1String("Add Stage"))
                addStage = button;
            if (button->text() == QLatin1String("Remove Stage"))
                removeStage = button;
        }
        QVERIFY(addStage && removeStage);
        QTest::mouseClick(addStage, Qt::LeftButton);
        QCOMPARE(stages->rowCount(), 7);
        QVERIFY(!editor->saveButton()->isEnabled());
        QVERIFY2(editor->problems().contains(QStringLiteral(
                     "Stage \"new-stage\" cannot be reached from the initial stage \"intake\".")),
                 qPrintable(editor->problems().join(u'\n')));
        stages->selectRow(6);
        QTest::mouseClick(removeStage, Qt::LeftButton);
        QCOMPARE(stages->rowCount(), 6);
        QVERIFY(editor->saveButton()->isEnabled());

        // Closure no longer terminal: nothing can ever end.
        stages->item(5, 3)->setCheckState(Qt::Unchecked);
        QVERIFY(!editor->saveButton()->isEnabled());
        keepPicture(editor, QStringLiteral("journey-editor.png"));
        QVERIFY(editor->problems().contains(QStringLiteral("Stage \"closed\" is a dead end: no "
                                                           "transition leaves it and it is not "
                                                           "terminal.")));
        stages->item(5, 3)->setCheckState(Qt::Checked);

        // Benefits verification may take 2 days from now on; the JSON tab shows the change.
        stages->item(1, 2)->setText(QStringLiteral("2"));
        editor->tabs()->setCurrentIndex(1);
        QVERIFY(editor->jsonEdit()->toPlainText().contains(QStringLiteral("\"expectedDays\": 2")));
        editor->tabs()->setCurrentIndex(0);
        QVERIFY(editor->saveButton()->isEnabled());
        QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(panel.editor() == nullptr);
        auto saved = f.journeys->definition();
        QCOMPARE(saved->version, 2);
        QCOMPARE(saved->stages.at(1).expectedDays, 2);
        controller.waitForIdle();
    }

    void mentorPanelProposesAndRecordsTheOutcome()
    {
        Fixture f;
        QVERIFY(f.startGui());
        JourneyController controller(f.workstation());
        JourneyPanel journey(&controller);
        MentorPanel panel(&controller);
        QAbstractItemModelTester tester(panel.proposalModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.resize(1000, 640);
        panel.show();
        const QString p1 = f.master(QStringLiteral("jp-1"));
        panel.showPatient(p1);
        journey.showPatient(p1, f.records(p1));
        QTRY_COMPARE(panel.proposalModel()->rowCount(), 3);
        QCOMPARE(panel.proposalModel()->index(0, MentorProposalModel::MentorColumn).data(),
                 QVariant(QStringLiteral("Ana")));
        QCOMPARE(panel.proposalModel()->index(0, MentorProposalModel::ScoreColumn).data(),
                 QVariant(100));
        QVERIFY(panel.proposalModel()
                    ->index(0, MentorProposalModel::ReasonsColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("Same therapy: adalimumab (+35)")));
        QVERIFY(panel.reasonsLabel()->text().contains(QStringLiteral("35 / 35")));
        QVERIFY(panel.proposeButton()->isEnabled());
        keepPicture(&panel, QStringLiteral("mentor-panel.png"));

        QTest::mouseClick(panel.proposeButton(), Qt::LeftButton);
        QTRY_COMPARE(panel.introductionList()->topLevelItemCount(), 1);
        // Ana's one place is taken now: she is listed, but cannot be proposed again.
        QTRY_VERIFY(!panel.proposalModel()
                         ->index(panel.proposalModel()->rowCount() - 1, 0)
                         .data(MentorProposalModel::ProposableRole)
                         .toBool());
        QVERIFY(!panel.introduceButton()->isEnabled());
        QTest::mouseClick(panel.patientAgreesButton(), Qt::LeftButton);
        QTRY_VERIFY(!panel.patientAgreesButton()->isEnabled());
        QVERIFY(!panel.introduceButton()->isEnabled());
        QTest::mouseClick(panel.mentorAgreesButton(), Qt::LeftButton);
        QTRY_VERIFY(panel.introduceButton()->isEnabled());
        QTest::mouseClick(panel.introduceButton(), Qt::LeftButton);
        QTRY_COMPARE(panel.introductionList()->topLevelItem(0)->text(1),
                     QStringLiteral("introduced"));
        panel.outcomeCombo()->setCurrentIndex(
            panel.outcomeCombo()->findData(QStringLiteral("met")));
        QTest::mouseClick(panel.outcomeButton(), Qt::LeftButton);
        QTRY_COMPARE(panel.introductionList()->topLevelItem(0)->text(4), QStringLiteral("met"));
        keepPicture(&panel, QStringLiteral("mentor-panel-introduced.png"));

        // The outcome is on the timeline.
        QTRY_VERIFY(indexOf(journey.timeline()->events(), QStringLiteral("1")) >= 0);
        const TimelineEvent &mark = journey.timeline()->events().at(
            indexOf(journey.timeline()->events(), QStringLiteral("1")));
        QCOMPARE(mark.kind, QStringLiteral("mentor"));
        QCOMPARE(mark.summary, QStringLiteral("Mentor Ana: met"));
        controller.waitForIdle();
    }

    // The journey and mentor screens in Spanish, with the catalogue the workstation loads for
    // an es locale: buttons, zoom levels, lanes, record kinds and statuses, the payer summary.
    void journeyAndMentorScreensInSpanish()
    {
        QTranslator spanish;
        QVERIFY(spanish.load(QStringLiteral(":/i18n/caredesk_es.qm")));
        QVERIFY(QCoreApplication::installTranslator(&spanish));
        const auto removeTranslator =
            qScopeGuard([&spanish] { QCoreApplication::removeTranslator(&spanish); });
        Fixture f;
        QVERIFY(f.startGui());
        JourneyController controller(f.workstation(coordinator(QStringLiteral("coord.kim"))));
        JourneyPanel journey(&controller);
        MentorPanel mentors(&controller);
        journey.resize(1180, 720);
        journey.show();
        mentors.resize(1000, 640);
        mentors.show();
        const QString p1 = f.master(QStringLiteral("jp-1"));
        mentors.showPatient(p1); // the journey panel's load brings the proposals
        journey.showPatient(p1, f.records(p1));
        QTRY_COMPARE(journey.journey().masterId, p1);
        journey.timeline()->fit();
        QCOMPARE(journey.moveButton()->text(), QStringLiteral("&Mover"));
        QCOMPARE(journey.editButton()->text(), QStringLiteral("Editar &programa…"));
        QCOMPARE(journey.zoomCombo()->itemText(0), QStringLiteral("Semana"));
        QCOMPARE(journey.zoomCombo()->itemText(4), QStringLiteral("Dos años"));
        const QString summary = journey.summaryLabel()->text();
        QVERIFY2(summary.contains(QStringLiteral("Autoriz. previa n.º 1: denegado")),
                 qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("reposición vencida")), qPrintable(summary));
        QStringList kinds;
        for (int row = 0; row < journey.eventList()->topLevelItemCount(); ++row)
            kinds.append(journey.eventList()->topLevelItem(row)->text(1));
        QVERIFY2(kinds.contains(QStringLiteral("dispensación")) &&
                     kinds.contains(QStringLiteral("ingreso")),
                 qPrintable(kinds.join(u',')));
        keepPicture(&journey, QStringLiteral("journey-timeline-es.png"));

        QTRY_COMPARE(mentors.proposalModel()->rowCount(), 3);
        QCOMPARE(mentors.proposeButton()->text(), QStringLiteral("&Proponer presentación"));
        QVERIFY2(mentors.reasonsLabel()->text().contains(
                     QStringLiteral("Mismo tratamiento: adalimumab")),
                 qPrintable(mentors.reasonsLabel()->text()));
        QCOMPARE(mentors.proposalModel()->headerData(0, Qt::Horizontal).toString(),
                 QStringLiteral("Puesto"));
        keepPicture(&mentors, QStringLiteral("mentor-panel-es.png"));
        controller.waitForIdle();
    }

    void fiveThousandEventsPaintOnlyWhatIsInView()
    {
        JourneyTimelineWidget widget;
        widget.resize(1200, 360);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        const QDateTime start(QDate(2025, 1, 1), QTime(0, 0), QTimeZone::utc());
        QList<TimelineEvent> events;
        const QStringList kinds{QStringLiteral("dispense"), QStringLiteral("message"),
                                QStringLiteral("task"), QStringLiteral("appointment")};
        for (int i = 0; i < 5000; ++i)
            events.append({start.addSecs(qint64(i) * 730 * 86400 / 5000), kinds.at(i % 4),
                           QStringLiteral("event %1").arg(i), QStringLiteral("completed"),
                           QStringLiteral("Test"), QString::number(i)});
        widget.setEvents(events);
        QCOMPARE(widget.visibleDays(), JourneyTimelineWidget::kMaxDays);
        widget.viewport()->repaint();
        // Two years in about 1,070 pixels: at most one mark per lane and pixel.
        QVERIFY(widget.lastPaintedMarks() > 0);
        QVERIFY2(widget.lastPaintedMarks() <= 4 * widget.viewport()->width(),
                 qPrintable(QString::number(widget.lastPaintedMarks())));
        widget.setVisibleDays(7);
        widget.viewport()->repaint();
        // A week holds about 48 of them; only those (and the neighbours at the edges) paint.
        QVERIFY2(widget.lastPaintedMarks() >= 40 && widget.lastPaintedMarks() <= 60,
                 qPrintable(QString::number(widget.lastPaintedMarks())));
        // Selecting the last event scrolls it into view.
        widget.setSelectedIndex(4999);
        QVERIFY(widget.markCenter(4999).x() >= 0);
        QVERIFY(widget.visibleEnd() >= events.last().when);
    }

    void exceptionsJoinTheQueueInTheMainWindow()
    {
        Fixture f;
        QVERIFY(f.startGui());
        MainWindow window(f.workstation());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // The window raises journey exceptions when it starts; they come in as queue items.
        QTRY_COMPARE_WITH_TIMEOUT(window.queueModel()->rowCount(), 5, 20000);
        for (int row = 0; row < 5; ++row)
            QVERIFY(window.queueModel()
                        ->index(row, TriageQueueModel::EvidenceColumn)
                        .data()
                        .toString()
                        .startsWith(QStringLiteral("Journey: ")));
        QTRY_VERIFY(window.currentItemId() > 0);
        QTRY_VERIFY(!window.journeyPanel()->journey().masterId.isEmpty());
        QTRY_VERIFY(window.mentorPanel()->proposalModel()->rowCount() > 0);
        keepPicture(&window, QStringLiteral("journey-in-main-window.png"));
        window.journeyController()->waitForIdle();
        window.controller()->waitForIdle();
    }
};

QTEST_MAIN(TestJourneyPanel)
#include "tst_journeypanel.moc"
