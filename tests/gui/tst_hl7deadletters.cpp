// SPDX-License-Identifier: GPL-3.0-or-later
// The HL7 dead-letter view on the offscreen platform: opened from the main window's HL7 menu,
// it lists what the interface could not apply, shows the raw message and the reason, replays one
// after the fix and discards another; the listener's state shows in the status bar.
#include "../unit/hl7/Hl7TestFeed.h"

#include "services/hl7/MllpListener.h"
#include "ui/Hl7DeadLetterModel.h"
#include "ui/Hl7DeadLetterView.h"
#include "ui/Hl7FeedController.h"
#include "ui/Hl7FeedMenu.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QLabel>
#include <QMainWindow>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTcpSocket>
#include <QTextBrowser>
#include <QTimer>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

void keepPicture(QWidget *widget, const QString &name)
{
    QString dir = qEnvironmentVariable("CAREDESK_SCREENSHOT_DIR");
    if (dir.isEmpty())
        dir = QStringLiteral(CAREDESK_BINARY_DIR "/screenshots");
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(dir + u'/' + name));
}

const QByteArray kMsh = "MSH|^~\\&|ADT|NORTH|CC-WS|CLINIC|20240105101500||";

} // namespace

class TestHl7DeadLetters : public QObject
{
    Q_OBJECT

private slots:
    void viewListsReplaysAndDiscards()
    {
        Hl7TestFeed feed;
        Hl7InboxSettings strict;
        strict.read.defaultCharset = Hl7Charset::Utf8;
        QVERIFY(feed.start(strict));
        // Four messages the interface could not apply, and one it did.
        feed.send(kMsh + "ADT^A01|MSG0009|P|2.5.1\rPID|1||MRN10", QStringLiteral("10.1.4.20:4410"));
        feed.send(kMsh + "ADT|MSG0010|P|2.5.1", QStringLiteral("10.1.4.20:4410"));
        feed.send(kMsh + "ORU^R01|LAB77|P|2.5.1\rPID|1||X^^^N^MR||A^B\rOBX|1|ST|K||5",
                  QStringLiteral("10.1.4.31:5120"));
        const Hl7Receipt latin1 = feed.send(
            kMsh + "ADT^A08|MSG0016|P|2.5.1\rPID|1||MRN1016^^^NORTH^MR||M\xDCLLER^JOS\xC9||"
                   "19720808|M\rPV1|1|I|WARD1^101^A",
            QStringLiteral("10.1.4.20:4410"));
        QCOMPARE(latin1.code, Hl7AckCode::Error);
        QCOMPARE(feed.send(er7({kMsh + "ADT^A01|OK1|P|2.5.1",
                                "PID|1||MRN1^^^NORTH^MR||TESTPATIENT^ALPHA"}))
                     .code,
                 Hl7AckCode::Accept);

        // The interface's fixed setting: ISO-8859-1 when MSH-18 is empty.
        Hl7InboxSettings fixed;
        fixed.read.defaultCharset = Hl7Charset::Latin1;
        Hl7FeedController controller(
            feed.cache,
            std::make_unique<Hl7Inbox>(feed.cache, *feed.audit, *feed.access, feed.clock,
                                       supervisor(QStringLiteral("sup.lee")), fixed));
        QMainWindow window;
        window.resize(900, 500);
        Hl7FeedMenu menu(window, controller, nullptr);
        window.show();
        QTRY_COMPARE(menu.deadLettersAction()->text(),
                     QStringLiteral("HL7 &Dead Letters (4)\u2026"));

        menu.deadLettersAction()->trigger();
        Hl7DeadLetterView *view = window.findChild<Hl7DeadLetterView *>();
        QVERIFY(view);
        view->setConfirmDiscard(false);
        QAbstractItemModelTester tester(view->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(view->model()->rowCount(), 4);
        QVERIFY(view->summary()->text().startsWith(QStringLiteral("4 HL7 message")));

        // Newest first: the ISO-8859-1 message; its raw text shows byte for byte, no U+FFFD.
        const QModelIndex top = view->model()->index(0, Hl7DeadLetterModel::ReasonColumn);
        QVERIFY(top.data().toString().contains(QLatin1StringView("is not valid UTF-8")));
        QTRY_VERIFY(view->detail()->toPlainText().contains(QStringLiteral("M\u00dcLLER")));
        QVERIFY(view->detail()->toPlainText().contains(QStringLiteral("<CR>")));
        QVERIFY(!view->detail()->toPlainText().contains(QChar::ReplacementCharacter));
        QVERIFY(view->replayButton()->isEnabled());
        QTest::qWait(200); // a moment for the last paint
        keepPicture(view, QStringLiteral("hl7-dead-letters.png"));

        // Replay: applied now, under the interface's fixed character set.
        view->replayButton()->click();
        QTRY_COMPARE(view->model()->rowCount(), 3);
        QVERIFY(
            feed.masterOf(QStringLiteral("urn:hl7v2:NORTH:MR"), QStringLiteral("MRN1016")).size() >
            0);
        QTRY_COMPARE(menu.deadLettersAction()->text(),
                     QStringLiteral("HL7 &Dead Letters (3)\u2026"));

        // A replay that still fails stays, and says why.
        view->table()->setCurrentIndex(view->model()->index(2, 0)); // the cut PID, oldest
        QTRY_VERIFY(view->detail()->toPlainText().contains(QLatin1StringView("PID-5")));
        view->replayButton()->click();
        QTRY_VERIFY(view->model()
                        ->index(2, Hl7DeadLetterModel::ReasonColumn)
                        .data()
                        .toString()
                        .contains(QLatin1StringView("still failing")));

        // Discard the ORU: gone from the open list, kept when closed ones are shown.
        view->table()->setCurrentIndex(view->model()->index(0, 0));
        QTRY_VERIFY(view->detail()->toPlainText().contains(QLatin1StringView("ORU")));
        view->discardButton()->click();
        QTRY_COMPARE(view->model()->rowCount(), 2);
        view->showClosedBox()->setChecked(true);
        QTRY_COMPARE(view->model()->rowCount(), 4);
        QStringList statuses;
        for (int row = 0; row < 4; ++row)
            statuses.append(
                view->model()->index(row, Hl7DeadLetterModel::StatusColumn).data().toString());
        statuses.sort();
        QCOMPARE(statuses, QStringList({QStringLiteral("Discarded"), QStringLiteral("Open"),
                                        QStringLiteral("Open"), QStringLiteral("Replayed")}));
        QCOMPARE(feed.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE actor = "
                                            "'sup.lee' AND action IN ('hl7-replay', "
                                            "'hl7-discard')")),
                 QVariant(3));
        view->close();
        controller.waitForIdle();
    }

    // With the listener inside the workstation, the status bar says what it does.
    void statusBarShowsTheListener()
    {
        Hl7TestFeed feed;
        QVERIFY(feed.open());
        MllpListenerSettings settings;
        settings.address = QHostAddress::LocalHost;
        MllpListener listener(
            settings, std::make_unique<Hl7Inbox>(feed.cache, *feed.audit, *feed.access, feed.clock,
                                                 principalForAutomation(), Hl7InboxSettings{}));
        QVERIFY(listener.listen());
        Hl7FeedController controller(
            feed.cache,
            std::make_unique<Hl7Inbox>(feed.cache, *feed.audit, *feed.access, feed.clock,
                                       supervisor(QStringLiteral("sup.lee")), Hl7InboxSettings{}));
        QMainWindow window;
        Hl7FeedMenu menu(window, controller, &listener);
        window.show();
        QVERIFY(menu.statusLabel());
        QTRY_VERIFY(menu.statusLabel()->text().startsWith(
            QStringLiteral("HL7 feed on port %1: 0 connection").arg(listener.port())));

        QTcpSocket sender;
        sender.connectToHost(QHostAddress::LocalHost, listener.port());
        QVERIFY(sender.waitForConnected(5000));
        sender.write(Mllp::frame(er7({kMsh + "ADT^A01|S1|P|2.5.1",
                                      "PID|1||MRN1^^^NORTH^MR||TESTPATIENT^ALPHA"})) +
                     Mllp::frame(QByteArray(kMsh + "ADT^A01|S2|P|2.5.1\rPID|1||MRN2")));
        QTRY_COMPARE(listener.stats().frames, 2);
        QTRY_VERIFY(menu.statusLabel()->text().contains(QLatin1StringView("1 message")));
        QTRY_VERIFY(menu.statusLabel()->text().contains(QLatin1StringView("1 dead letter")));
        QVERIFY(menu.statusLabel()->text().contains(QLatin1StringView("1 connection")));
        controller.waitForIdle();
    }
};

QTEST_MAIN(TestHl7DeadLetters)
#include "tst_hl7deadletters.moc"
