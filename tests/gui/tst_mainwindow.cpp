// SPDX-License-Identifier: GPL-3.0-or-later
// The main window on the offscreen platform: a nurse claims by keyboard and resolves by mouse.
#include "../unit/store/TestCache.h"

#include "models/TriageQueueModel.h"
#include "services/journey/JourneyService.h"
#include "services/journey/MentorService.h"
#include "services/security/PatientRecords.h"
#include "ui/JourneyController.h"
#include "ui/JourneyTimelineWidget.h"
#include "ui/MainWindow.h"
#include "ui/QueueController.h"
#include "ui/ResolveDialog.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTextBrowser>
#include <QToolBar>

using namespace CareDesk;
using namespace CareDesk::Testing;

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    struct Fixture : TriageFixture {
        std::unique_ptr<JourneyService> journeys;
        std::unique_ptr<MentorService> mentors;
        std::unique_ptr<PatientRecords> patients;

        Workstation workstation()
        {
            journeys = std::make_unique<JourneyService>(cache, *audit, *access, clock);
            mentors = std::make_unique<MentorService>(cache, *audit, *access, clock, *journeys);
            patients = std::make_unique<PatientRecords>(*access);
            Workstation ws;
            ws.cache = cache;
            ws.triage = triage.get();
            ws.clock = &clock;
            ws.patients = patients.get();
            ws.access = access.get();
            ws.principal = nurse(QStringLiteral("nurse.ana"));
            ws.makeImporter = [this](const Principal &who) {
                return makeImporter(who);
            };
            ws.audit = audit.get();
            ws.journeys = journeys.get();
            ws.mentors = mentors.get();
            return ws;
        }
    };

    QString itemStatus(Fixture &f, qint64 id)
    {
        QSqlQuery query(f.cache->connection());
        query.prepare(QStringLiteral("SELECT status, owner, disposition, note FROM triage_items "
                                     "WHERE id = ?"));
        query.addBindValue(id);
        if (!query.exec() || !query.next())
            return QString();
        return QStringList{query.value(0).toString(), query.value(1).toString(),
                           query.value(2).toString(), query.value(3).toString()}
            .join(u'|');
    }

    // docs/screenshots/take.sh sets CAREDESK_SCREENSHOT_DIR to keep pictures of these states.
    static void keepPicture(QWidget *widget, const QString &name)
    {
        const QString dir = qEnvironmentVariable("CAREDESK_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            QVERIFY(widget->grab().save(dir + u'/' + name));
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // A site's own files and mentor registry (the demo site's first load) are imported as the
    // automation, whoever signed in: an auditor may not import, and a person's name does not
    // belong on the site's setup in the audit trail.
    void siteDataLoadsAsTheAutomationWhoeverSignedIn()
    {
        Fixture f;
        QVERIFY(f.start());
        const QString demo = QStringLiteral(CAREDESK_BINARY_DIR "/share/caredesk/demo/");
        Workstation ws = f.workstation();
        ws.principal = Principal{QStringLiteral("audrey"), QStringLiteral("auditor")};
        MainWindow window(ws);
        QSignalSpy finished(window.controller(), &QueueController::importFinished);

        // As the auditor the import is refused (the window would say so in a message box).
        QVERIFY(!f.makeImporter(ws.principal)
                     ->importFile(demo + QStringLiteral("synthea-Patient.ndjson")));
        QCOMPARE(f.count(QStringLiteral("patients")), 0);

        window.importFiles({demo + QStringLiteral("synthea-Patient.ndjson")},
                           principalForAutomation());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QVERIFY(finished.first().at(1).toBool());
        QVERIFY(f.count(QStringLiteral("patients")) > 0);

        QFile mentors(demo + QStringLiteral("demo-mentors.json"));
        QVERIFY(mentors.open(QIODevice::ReadOnly));
        QSignalSpy done(window.journeyController(), &JourneyController::actionDone);
        QSignalSpy failed(window.journeyController(), &JourneyController::failed);
        window.journeyController()->importMentors(mentors.readAll(), principalForAutomation());
        QTRY_COMPARE_WITH_TIMEOUT(done.size() + failed.size(), 1, 30000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));

        QSqlQuery query(f.cache->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT DISTINCT actor FROM audit_log WHERE action IN "
                                          "('import', 'mentor-registry') OR object = "
                                          "'mentor-registry'")));
        QStringList actors;
        while (query.next())
            actors.append(query.value(0).toString());
        QVERIFY(!actors.isEmpty());
        QVERIFY2(!actors.contains(QStringLiteral("audrey")), qPrintable(actors.join(u',')));
    }

    void claimByKeyboardResolveByMouse()
    {
        Fixture f;
        QVERIFY(f.start());
        const QString demo = QStringLiteral(CAREDESK_BINARY_DIR "/share/caredesk/demo/");

        MainWindow window(f.workstation());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // A long import reports progress while the window keeps running its event loop.
        QSignalSpy progress(window.controller(), &QueueController::importProgress);
        QSignalSpy finished(window.controller(), &QueueController::importFinished);
        window.importFiles({demo + QStringLiteral("synthea-Patient.ndjson"),
                            demo + QStringLiteral("synthea-Encounter.ndjson"),
                            demo + QStringLiteral("demo-journey.ndjson"),
                            demo + QStringLiteral("demo-replies.ndjson")});
        // Off the UI thread: the call returns long before 1,215 encounters are in the cache.
        QVERIFY(f.count(QStringLiteral("records")) < 1215);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QVERIFY(finished.first().at(1).toBool());
        QVERIFY(progress.size() >= 5);
        QCOMPARE(progress.last().at(0), progress.last().at(1)); // ends at done == total
        QTRY_VERIFY_WITH_TIMEOUT(window.queueModel()->rowCount() >= 6, 30000);

        // Keyboard: focus the queue, go to the top row, claim with Ctrl+M.
        window.queueView()->setFocus();
        QTest::keyClick(window.queueView(), Qt::Key_Home, Qt::ControlModifier);
        QTRY_VERIFY(window.currentItemId() > 0);
        const qint64 id = window.currentItemId();
        QCOMPARE(window.queueModel()->itemAt(0)->tier, TriageTier::Emergent);
        QTRY_VERIFY(!window.replyBrowser()->toPlainText().isEmpty());
        QVERIFY(window.replyBrowser()->toHtml().contains(QStringLiteral("#ffd54f")));
        QTRY_VERIFY(!window.timelineWidget()->events().isEmpty());
        QVERIFY(window.claimAction()->isEnabled());
        QTest::keyClick(&window, Qt::Key_M, Qt::ControlModifier);
        QTRY_COMPARE(itemStatus(f, id).section(u'|', 0, 1), QStringLiteral("claimed|nurse.ana"));
        QTRY_VERIFY(window.releaseAction()->isEnabled());
        QTRY_VERIFY(window.replyBrowser()->toPlainText().size() > 0);
        keepPicture(&window, QStringLiteral("claimed-item.png"));

        // Mouse: the Resolve toolbar button, a disposition, a note, the Resolve button.
        auto *toolBar = window.findChild<QToolBar *>(QStringLiteral("triageToolBar"));
        QVERIFY(toolBar);
        QWidget *resolveButton = toolBar->widgetForAction(window.resolveAction());
        QVERIFY(resolveButton);
        QTest::mouseClick(resolveButton, Qt::LeftButton);
        ResolveDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<ResolveDialog *>()) != nullptr);
        QTRY_VERIFY(dialog->isVisible());
        const int emergency =
            dialog->dispositionComboBox()->findData(QStringLiteral("sent-to-emergency"));
        QVERIFY(emergency >= 0);
        dialog->dispositionComboBox()->setCurrentIndex(emergency);
        auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled()); // no note yet
        QTest::mouseClick(dialog->noteEdit()->viewport(), Qt::LeftButton);
        QTest::keyClicks(dialog->noteEdit(), QStringLiteral("Called; advised 911."));
        QVERIFY(ok->isEnabled());
        keepPicture(dialog, QStringLiteral("resolve-dialog.png"));
        QTest::mouseClick(ok, Qt::LeftButton);

        QTRY_COMPARE(itemStatus(f, id),
                     QStringLiteral("resolved|nurse.ana|sent-to-emergency|Called; advised 911."));
        QTRY_COMPARE(window.queueModel()->rowOfItem(id), -1);
        QVERIFY(f.audit->verify().intact);
        window.controller()->waitForIdle();
    }

    void keyboardOnlyResolve()
    {
        Fixture f;
        QVERIFY(f.start());
        MainWindow window(f.workstation());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.controller()->importData(
            "{\"resourceType\":\"Communication\",\"id\":\"k1\",\"sender\":{\"reference\":"
            "\"Patient/p1\"},\"payload\":[{\"contentString\":\"I can't breathe\"}]}",
            QStringLiteral("k.json"));
        QTRY_COMPARE(window.queueModel()->rowCount(), 1);
        window.queueView()->setFocus();
        QTRY_VERIFY(window.currentItemId() > 0);
        const qint64 id = window.currentItemId();

        QTest::keyClick(&window, Qt::Key_Return, Qt::ControlModifier);
        ResolveDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<ResolveDialog *>()) != nullptr);
        QTRY_VERIFY(dialog->isVisible());
        QTest::keyClick(dialog->dispositionComboBox(), Qt::Key_Down);
        QTest::keyClick(dialog->dispositionComboBox(), Qt::Key_Tab);
        QTest::keyClicks(dialog->noteEdit(), QStringLiteral("Spoke with patient."));
        // Back to the disposition list, where Return triggers the dialog's default button.
        QTest::keyClick(dialog->noteEdit(), Qt::Key_Tab, Qt::ShiftModifier);
        QTRY_COMPARE(QApplication::focusWidget(), dialog->dispositionComboBox());
        QTest::keyClick(dialog->dispositionComboBox(), Qt::Key_Return);
        QTRY_COMPARE(itemStatus(f, id).section(u'|', 0, 0), QStringLiteral("resolved"));
        QCOMPARE(itemStatus(f, id).section(u'|', 2, 2), QStringLiteral("called-patient"));
        window.controller()->waitForIdle();
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
