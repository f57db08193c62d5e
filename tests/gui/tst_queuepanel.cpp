// SPDX-License-Identifier: GPL-3.0-or-later
// The queue as nurses use it (issue 6, item 7), offscreen: counts per tier stay in view whatever
// the filters; filters by tier, program, owner and overdue from the keyboard; claim next, assign
// and resolve without the mouse; the selection survives live updates (new items above it, a
// raise moving another item, an item leaving); the alert banner until acknowledged. Every model
// is checked by QAbstractItemModelTester while this happens.
#include "../unit/store/TestCache.h"

#include "models/TriageQueueFilter.h"
#include "models/TriageQueueModel.h"
#include "services/security/PatientRecords.h"
#include "services/sms/SmsIntake.h"
#include "ui/AlertBanner.h"
#include "ui/AlertPresenter.h"
#include "ui/AssignDialog.h"
#include "ui/AudibleAlert.h"
#include "ui/MainWindow.h"
#include "ui/QueueController.h"
#include "ui/QueuePanel.h"
#include "ui/ResolveDialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTextBrowser>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

const QString kNurse = QStringLiteral("nurse.ana");

QByteArray communication(const QString &id, const QString &patient, const QString &text)
{
    const QJsonObject object{
        {QStringLiteral("resourceType"), QStringLiteral("Communication")},
        {QStringLiteral("id"), id},
        {QStringLiteral("sender"),
         QJsonObject{{QStringLiteral("reference"), QString(QStringLiteral("Patient/") + patient)}}},
        {QStringLiteral("payload"),
         QJsonArray{QJsonObject{{QStringLiteral("contentString"), text}}}},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace

class TestQueuePanel : public QObject
{
    Q_OBJECT

private:
    struct Fixture : TriageFixture {
        std::unique_ptr<PatientRecords> patients;

        Workstation workstation()
        {
            patients = std::make_unique<PatientRecords>(*access);
            Workstation ws;
            ws.patients = patients.get();
            ws.cache = cache;
            ws.triage = triage.get();
            ws.clock = &clock;
            ws.principal = nurse(kNurse);
            ws.access = access.get();
            ws.audit = audit.get();
            ws.makeImporter = [this](const Principal &who) {
                return makeImporter(who);
            };
            return ws;
        }

        bool reply(const QString &id, const QString &patient, const QString &text)
        {
            return importer
                ->importBytes(communication(id, patient, text), id + QStringLiteral(".json"),
                              Importer::Format::FhirJson)
                .has_value();
        }

        // A text message through the SMS intake, which names the program by the number written
        // to.
        bool sms(const QString &id, const QString &from, const QString &text)
        {
            SmsIntake intake(
                cache, *audit, *access, *classifier, clock, TriageSettings{}, smsWebhookPrincipal(),
                {{QStringLiteral("+15550100900"), QStringLiteral("oncology-support")}});
            auto taken = intake.take({{id, from, QStringLiteral("+15550100900"), text, {}}});
            return taken && taken->first().error.isEmpty();
        }
    };

    // One window per test, with every model checked as it changes.
    struct Screen {
        explicit Screen(Fixture &f)
            : window(f.workstation())
            , modelTester(window.queueModel(),
                          QAbstractItemModelTester::FailureReportingMode::QtTest)
            , filterTester(window.queuePanel()->filter(),
                           QAbstractItemModelTester::FailureReportingMode::QtTest)
        {
            window.alertPresenter()->sound()->setMuted(true);
            window.resize(1400, 900);
            window.show();
        }
        ~Screen() { window.controller()->waitForIdle(); }

        void refresh() { window.controller()->refresh(); }
        // Only what the queue events name (the alert feed, the webhook, FHIR sync).
        void refreshChanged() { window.controller()->refreshChanged(); }
        QueuePanel *panel() const { return window.queuePanel(); }
        int rows() const { return panel()->filter()->rowCount(); }
        QString counts() const { return panel()->countsLabel()->text(); }

        MainWindow window;
        QAbstractItemModelTester modelTester;
        QAbstractItemModelTester filterTester;
    };

    static qint64 itemOf(Fixture &f, const QString &communicationId)
    {
        for (const TriageItem &item : f.triage->openItems(nurse()).value_or(QList<TriageItem>{})) {
            if (item.communicationId == communicationId)
                return item.id;
        }
        return 0;
    }

    static QString statusOf(Fixture &f, qint64 id)
    {
        QSqlQuery query(f.cache->connection());
        query.prepare(QStringLiteral("SELECT status, owner FROM triage_items WHERE id = ?"));
        query.addBindValue(id);
        if (!query.exec() || !query.next())
            return QString();
        return query.value(0).toString() + u'|' + query.value(1).toString();
    }

    // docs/screenshots/take.sh sets CAREDESK_SCREENSHOT_DIR to keep pictures of these states.
    static void keepPicture(QWidget *widget, const QString &name)
    {
        const QString dir = qEnvironmentVariable("CAREDESK_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QTest::qWait(300); // layouts and the detail pane settle, as a person would see them
        QVERIFY(widget->grab().save(dir + u'/' + name));
    }

    // Four items: two emergent (one from the oncology program's number), one urgent, one routine
    // held for review as a possible adverse event.
    static bool seed(Fixture &f)
    {
        return f.reply(QStringLiteral("e1"), QStringLiteral("p1"),
                       QStringLiteral("I can't breathe")) &&
               f.reply(QStringLiteral("u1"), QStringLiteral("p2"),
                       QStringLiteral("so much dizziness today")) &&
               f.reply(QStringLiteral("r1"), QStringLiteral("p3"),
                       QStringLiteral("I got a rash since I started the injection")) &&
               f.sms(QStringLiteral("SM1"), QStringLiteral("+1 555 777 0101"),
                     QStringLiteral("my lips are swelling and my throat is closing up"));
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // The counts are of the whole queue, whatever the filters show; each filter is reached from
    // the keyboard (Alt and its letter) and takes effect as it changes.
    void countsStayWhateverTheFilters()
    {
        Fixture f;
        QVERIFY(f.start());
        QVERIFY(seed(f));
        Screen screen(f);
        QVERIFY(QTest::qWaitForWindowExposed(&screen.window));
        QTRY_COMPARE(screen.rows(), 4);
        const QString all = screen.counts();
        QVERIFY2(all.contains(QStringLiteral("Emergent 2")) &&
                     all.contains(QStringLiteral("Urgent 1")) &&
                     all.contains(QStringLiteral("Routine 1")) &&
                     all.contains(QStringLiteral("1 possible adverse event")),
                 qPrintable(all));

        // Tier: Alt+T, then Down to "Emergent".
        QTest::keyClick(&screen.window, Qt::Key_T, Qt::AltModifier);
        QTRY_COMPARE(QApplication::focusWidget(), screen.panel()->tierFilter());
        QTest::keyClick(screen.panel()->tierFilter(), Qt::Key_Down);
        QTRY_COMPARE(screen.rows(), 2);
        QVERIFY(screen.counts().contains(QStringLiteral("Emergent 2")));
        QVERIFY2(screen.counts().contains(QStringLiteral("showing 2 of 4")),
                 qPrintable(screen.counts()));
        keepPicture(&screen.window, QStringLiteral("queue-filtered.png"));

        // Program, from what the items say: oncology-support shows the text message's item.
        QTest::keyClick(&screen.window, Qt::Key_P, Qt::AltModifier);
        QTRY_COMPARE(QApplication::focusWidget(), screen.panel()->programFilter());
        const int oncology =
            screen.panel()->programFilter()->findData(QStringLiteral("oncology-support"));
        QVERIFY(oncology > 0);
        for (int i = screen.panel()->programFilter()->currentIndex(); i < oncology; ++i)
            QTest::keyClick(screen.panel()->programFilter(), Qt::Key_Down);
        QTRY_COMPARE(screen.rows(), 1);
        QCOMPARE(screen.panel()
                     ->filter()
                     ->data(screen.panel()->filter()->index(0, TriageQueueModel::TierColumn),
                            TriageQueueModel::ItemIdRole)
                     .toLongLong(),
                 itemOf(f, QStringLiteral("sms:SM1")));

        // Back to everything; then overdue only, once the emergent deadlines have passed.
        screen.panel()->clearFilters();
        QTRY_COMPARE(screen.rows(), 4);
        f.clock.advanceSecs(6 * 60);
        screen.refresh();
        QTRY_VERIFY2(screen.counts().contains(QStringLiteral("2 overdue")),
                     qPrintable(screen.counts()));
        QTest::keyClick(&screen.window, Qt::Key_U, Qt::AltModifier);
        QTRY_VERIFY(screen.panel()->overdueFilter()->isChecked());
        QTRY_COMPARE(screen.rows(), 2);

        // Owner: Mine is empty until the nurse claims one.
        screen.panel()->clearFilters();
        QTest::keyClick(&screen.window, Qt::Key_W, Qt::AltModifier);
        QTRY_COMPARE(QApplication::focusWidget(), screen.panel()->ownerFilter());
        QTest::keyClick(screen.panel()->ownerFilter(), Qt::Key_Down); // "Mine (nurse.ana)"
        QTRY_COMPARE(screen.rows(), 0);
        QVERIFY(f.triage->claim(itemOf(f, QStringLiteral("u1")), nurse(kNurse)));
        screen.refresh();
        QTRY_COMPARE(screen.rows(), 1);
        QVERIFY(screen.counts().contains(QStringLiteral("3 unassigned")));
    }

    // Claim next (Ctrl+N) takes the most urgent open item and selects it; Ctrl+Enter, a
    // disposition, a note and Return resolve it: no mouse anywhere.
    void claimNextToResolveByKeyboard()
    {
        Fixture f;
        QVERIFY(f.start());
        QVERIFY(seed(f));
        Screen screen(f);
        QVERIFY(QTest::qWaitForWindowExposed(&screen.window));
        QTRY_COMPARE(screen.rows(), 4);
        screen.window.queueView()->setFocus();

        QTest::keyClick(&screen.window, Qt::Key_N, Qt::ControlModifier);
        const qint64 first = itemOf(f, QStringLiteral("e1")); // the longest-waiting emergent
        QTRY_COMPARE(statusOf(f, first), QStringLiteral("claimed|") + kNurse);
        QTRY_COMPARE(screen.window.currentItemId(), first);
        QTRY_VERIFY(screen.window.resolveAction()->isEnabled());

        QTest::keyClick(&screen.window, Qt::Key_Return, Qt::ControlModifier);
        ResolveDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = screen.window.findChild<ResolveDialog *>()) != nullptr);
        QTRY_VERIFY(dialog->isVisible());
        QTest::keyClick(dialog->dispositionComboBox(), Qt::Key_Down);
        QTest::keyClick(dialog->dispositionComboBox(), Qt::Key_Tab);
        QTest::keyClicks(dialog->noteEdit(), QStringLiteral("Called; ambulance on its way."));
        QTest::keyClick(dialog->noteEdit(), Qt::Key_Tab, Qt::ShiftModifier);
        QTest::keyClick(dialog->dispositionComboBox(), Qt::Key_Return);
        QTRY_COMPARE(statusOf(f, first).section(u'|', 0, 0), QStringLiteral("resolved"));
        QTRY_COMPARE(screen.window.queueModel()->rowOfItem(first), -1);

        // The next Ctrl+N takes the other emergent item, not the urgent one. (The offscreen
        // platform has no window manager to give the window back its focus after the dialog.)
        screen.window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&screen.window));
        QTest::keyClick(&screen.window, Qt::Key_N, Qt::ControlModifier);
        QTRY_COMPARE(statusOf(f, itemOf(f, QStringLiteral("sms:SM1"))),
                     QStringLiteral("claimed|") + kNurse);
        QVERIFY(f.audit->verify().intact);
    }

    // Assign from the keyboard (Ctrl+Shift+A, a name, Return): the item is the colleague's.
    void assignByKeyboard()
    {
        Fixture f;
        QVERIFY(f.start());
        QVERIFY(seed(f));
        Screen screen(f);
        QVERIFY(QTest::qWaitForWindowExposed(&screen.window));
        QTRY_COMPARE(screen.rows(), 4);
        screen.window.queueView()->setFocus();
        QTest::keyClick(screen.window.queueView(), Qt::Key_Home, Qt::ControlModifier);
        QTRY_VERIFY(screen.window.currentItemId() > 0);
        const qint64 id = screen.window.currentItemId();
        QTRY_VERIFY(screen.window.assignAction()->isEnabled());

        QTest::keyClick(&screen.window, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
        AssignDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = screen.window.findChild<AssignDialog *>()) != nullptr);
        QTRY_VERIFY(dialog->isVisible());
        QTest::keyClicks(dialog->assigneeComboBox(), QStringLiteral("nurse.ben"));
        keepPicture(dialog, QStringLiteral("assign-dialog.png"));
        QTest::keyClick(dialog->assigneeComboBox(), Qt::Key_Return);
        QTRY_COMPARE(statusOf(f, id), QStringLiteral("claimed|nurse.ben"));
        QTRY_COMPARE(screen.window.currentItemId(), id);
    }

    void selectionSurvivesLiveUpdates_data()
    {
        QTest::addColumn<bool>("onlyChanged");
        QTest::newRow("every open item read again") << false;
        QTest::newRow("only the items the queue events name") << true;
    }

    // The selected item stays selected while the queue changes under it: a new emergent item
    // above it, a raise that moves another item past it, an item resolved elsewhere, another
    // filter's worth of rows; none of them may move the nurse to another patient.
    void selectionSurvivesLiveUpdates()
    {
        QFETCH(bool, onlyChanged);
        const auto refresh = [](Screen &screen, bool changed) {
            if (changed)
                screen.refreshChanged();
            else
                screen.refresh();
        };
        Fixture f;
        QVERIFY(f.start());
        QVERIFY(seed(f));
        Screen screen(f);
        QVERIFY(QTest::qWaitForWindowExposed(&screen.window));
        QTRY_COMPARE(screen.rows(), 4);
        const qint64 urgent = itemOf(f, QStringLiteral("u1"));
        QVERIFY(screen.panel()->selectItem(urgent));
        QTRY_COMPARE(screen.window.currentItemId(), urgent);
        const int rowBefore = screen.panel()->view()->currentIndex().row();

        // A new emergent patient: a row above the selection.
        QVERIFY(f.reply(QStringLiteral("e2"), QStringLiteral("p9"),
                        QStringLiteral("my face is drooping and I can't lift my arm")));
        // The routine patient writes again, worse: the raise moves that row above ours.
        QVERIFY(f.reply(QStringLiteral("r2"), QStringLiteral("p3"),
                        QStringLiteral("now my throat is closing up")));
        // Another workstation resolves the first emergent item.
        const qint64 gone = itemOf(f, QStringLiteral("e1"));
        QVERIFY(f.triage->resolve(gone, nurse(QStringLiteral("nurse.ben")),
                                  QStringLiteral("sent-to-emergency"), QStringLiteral("911.")));
        refresh(screen, onlyChanged);
        QTRY_COMPARE(screen.window.queueModel()->rowOfItem(gone), -1);
        QTRY_COMPARE(screen.rows(), 4);

        QCOMPARE(screen.window.currentItemId(), urgent);
        const QModelIndex current = screen.panel()->view()->currentIndex();
        QCOMPARE(current.data(TriageQueueModel::ItemIdRole).toLongLong(), urgent);
        QVERIFY(current.row() != rowBefore); // it moved, and the selection moved with it
        QTRY_VERIFY(
            screen.window.replyBrowser()->toPlainText().contains(QStringLiteral("dizziness")));
        QCOMPARE(screen.panel()->view()->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(screen.panel()->currentItem()->id, urgent);

        // Many refreshes in a row (the alert feed ticks) change nothing either.
        for (int i = 0; i < 5; ++i)
            refresh(screen, onlyChanged);
        screen.window.controller()->waitForIdle();
        QTest::qWait(50);
        QCOMPARE(screen.window.currentItemId(), urgent);
        keepPicture(&screen.window, QStringLiteral("queue-live-update.png"));
    }

    // An emergent alert stays on the banner until the item is acknowledged (here: claimed),
    // and F8 selects its item whatever the filters show.
    void alertStaysUntilAcknowledged()
    {
        Fixture f;
        QVERIFY(f.start());
        QVERIFY(seed(f));
        Screen screen(f);
        QVERIFY(QTest::qWaitForWindowExposed(&screen.window));
        QTRY_COMPARE(screen.rows(), 4);
        const qint64 emergent = itemOf(f, QStringLiteral("e1"));
        QueueAlert alert;
        alert.reason = QueueAlert::Reason::Escalated;
        alert.itemId = emergent;
        alert.tier = TriageTier::Emergent;
        alert.level = 1;
        alert.role = QStringLiteral("charge nurse");
        alert.audible = true;
        alert.at = f.clock.now();
        screen.window.showQueueAlert(alert);
        AlertBanner *banner = screen.panel()->banner();
        QTRY_VERIFY(banner->isVisible());
        QVERIFY(banner->items().contains(emergent));
        QVERIFY2(banner->text().contains(QStringLiteral("charge nurse")),
                 qPrintable(banner->text()));
        // The first row is selected on its own, and its reply shown.
        QTRY_VERIFY(screen.window.currentItemId() > 0);
        QTRY_VERIFY(!screen.window.replyBrowser()->toPlainText().isEmpty());
        keepPicture(&screen.window, QStringLiteral("queue-alert.png"));

        // Filtered to routine items, F8 still finds the alerted item.
        QTest::keyClick(&screen.window, Qt::Key_T, Qt::AltModifier);
        QTest::keyClick(screen.panel()->tierFilter(), Qt::Key_End);
        QTRY_COMPARE(screen.rows(), 1);
        QTest::keyClick(&screen.window, Qt::Key_F8);
        QTRY_COMPARE(screen.window.currentItemId(), emergent);
        QCOMPARE(screen.rows(), 4); // the filter gave way to the alert

        // Acknowledged (claimed) here: the banner lets it go.
        QTest::keyClick(&screen.window, Qt::Key_M, Qt::ControlModifier);
        QTRY_COMPARE(statusOf(f, emergent), QStringLiteral("claimed|") + kNurse);
        screen.window.itemAcknowledged(emergent);
        QTRY_VERIFY(!banner->items().contains(emergent));
    }
};

QTEST_MAIN(TestQueuePanel)
#include "tst_queuepanel.moc"
