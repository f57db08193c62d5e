// SPDX-License-Identifier: GPL-3.0-or-later
// The issue 7 screens, offscreen, as a user meets them: first sign-in with the QR enrolment and
// recovery codes; the lock screen hiding everything and the same user unlocking with the
// password, or another user signing in without seeing the first user's half-written note;
// masked text for a coordinator; break-glass with its banner; the audit trail view (filters,
// verify, export, the review queue) with QAbstractItemModelTester on its models.
#include "../unit/store/TestCache.h"

#include "models/TriageQueueModel.h"
#include "services/security/AuditTrail.h"
#include "services/security/BreakGlassService.h"
#include "services/security/PatientRecords.h"
#include "services/security/SignInService.h"
#include "services/security/Totp.h"
#include "services/security/UserDirectory.h"
#include "ui/AuditTrailView.h"
#include "ui/MainWindow.h"
#include "ui/QueueController.h"
#include "ui/ResolveDialog.h"
#include "ui/SecurityBar.h"
#include "ui/SessionManager.h"
#include "ui/SignInDialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

struct Fixture : TriageFixture {
    std::unique_ptr<PatientRecords> patients;
    std::unique_ptr<UserDirectory> users;
    std::unique_ptr<SignInService> signIn;
    std::unique_ptr<BreakGlassService> breakGlass;
    QHash<QString, QByteArray> secrets;

    // withAdmin false: a cache without users, as a real site's first run meets it.
    bool begin(bool withAdmin = true)
    {
        if (!start())
            return false;
        patients = std::make_unique<PatientRecords>(*access);
        users = std::make_unique<UserDirectory>(*access);
        signIn = std::make_unique<SignInService>(*access);
        breakGlass = std::make_unique<BreakGlassService>(*access);
        const QString demo = QStringLiteral(CAREDESK_BINARY_DIR "/share/caredesk/demo/");
        for (const char *file : {"synthea-Patient.ndjson", "demo-replies.ndjson"}) {
            if (!importer->importFile(demo + QString::fromLatin1(file)))
                return false;
        }
        if (!withAdmin)
            return true;
        return users
            ->createFirstAdministrator(QStringLiteral("admin"), password(QStringLiteral("admin")))
            .has_value();
    }

    static QByteArray password(const QString &user) { return user.toUtf8() + "-password-long"; }

    bool addUser(const QString &user, const QString &role, bool enrol = true)
    {
        if (!users->addUser(admin(), user, role, password(user)))
            return false;
        if (!enrol)
            return true;
        auto enrolment = signIn->beginEnrolment(user, password(user));
        if (!enrolment)
            return false;
        secrets.insert(user, enrolment->secret);
        return bool(signIn->completeEnrolment(
            user, password(user), Totp::code(enrolment->secret, clock.now().toSecsSinceEpoch()),
            nullptr));
    }

    QString codeFor(const QString &user) const
    {
        return Totp::code(secrets.value(user), clock.now().toSecsSinceEpoch());
    }

    Workstation workstation(const Principal &who)
    {
        Workstation ws;
        ws.cache = cache;
        ws.triage = triage.get();
        ws.patients = patients.get();
        ws.access = access.get();
        ws.signIn = signIn.get();
        ws.breakGlass = breakGlass.get();
        ws.clock = &clock;
        ws.principal = who;
        ws.makeImporter = [this](const Principal &p) {
            return makeImporter(p);
        };
        return ws;
    }
};

void keepPicture(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("CAREDESK_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(widget->grab().save(dir + u'/' + name));
}

bool waitForItems(MainWindow &window)
{
    return QTest::qWaitFor([&window] { return window.queueModel()->rowCount() > 0; }, 10000);
}

} // namespace

class TestSecurityScreens : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void firstSignInEnrolsWithQrCode()
    {
        Fixture f;
        QVERIFY(f.begin());
        QVERIFY(f.addUser(QStringLiteral("ana"), QStringLiteral("triage-nurse"), false));
        SignInDialog dialog(*f.signIn, f.cache, f.clock);
        dialog.show();
        keepPicture(&dialog, QStringLiteral("sign-in.png"));

        // A wrong password says so and stays on the sign-in page.
        dialog.userEdit()->setText(QStringLiteral("ana"));
        dialog.passwordEdit()->setText(QStringLiteral("not the password"));
        QTest::mouseClick(dialog.signInButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !dialog.messageLabel()->text().isEmpty(); }, 10000));
        QVERIFY(dialog.messageLabel()->text().contains(QStringLiteral("not right")));
        QCOMPARE(dialog.page(), 0);

        // The right password: no second factor yet, so the QR code to enrol.
        dialog.passwordEdit()->setText(
            QString::fromLatin1(Fixture::password(QStringLiteral("ana"))));
        QTest::mouseClick(dialog.signInButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return dialog.page() == 1; }, 10000));
        QVERIFY(!dialog.qrLabel()->pixmap().isNull());
        QVERIFY(dialog.qrLabel()->pixmap().width() >= 150);
        QCOMPARE(dialog.enrolmentKey().size(), 32);
        keepPicture(&dialog, QStringLiteral("enrol-qr.png"));

        // The phone's code (made here from the key on screen) confirms it; codes are shown once.
        const QByteArray secret = *Totp::fromBase32(dialog.enrolmentKey());
        dialog.enrolCodeEdit()->setText(Totp::code(secret, f.clock.now().toSecsSinceEpoch()));
        QTest::keyClick(dialog.enrolCodeEdit(), Qt::Key_Return);
        QVERIFY(QTest::qWaitFor([&] { return dialog.page() == 2; }, 10000));
        auto *codes = dialog.findChild<QLabel *>(QStringLiteral("recoveryCodesLabel"));
        QCOMPARE(codes->text().split(u'\n').size(), SignInService::kRecoveryCodes);
        keepPicture(&dialog, QStringLiteral("recovery-codes.png"));
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("codesDoneButton")),
                          Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.principal(),
                 (Principal{QStringLiteral("ana"), QStringLiteral("triage-nurse")}));
        // The password field was cleared on the way out.
        QVERIFY(dialog.passwordEdit()->text().isEmpty());
    }

    // First run on a real site: the form names what is wrong, creates the administrator through
    // UserDirectory::createFirstAdministrator, enrols the second factor and signs in; the next
    // start shows the sign-in screen, where the new administrator signs in.
    void firstRunCreatesTheAdministrator()
    {
        Fixture f;
        QVERIFY(f.begin(false));
        const QString good = QStringLiteral("a long first password");
        {
            SignInDialog dialog(*f.signIn, f.cache, f.clock);
            const auto offered = dialog.offerFirstRun(*f.users);
            QVERIFY(offered);
            QVERIFY(*offered);
            QCOMPARE(dialog.page(), 3);
            dialog.show();

            struct Attempt {
                const char *name;
                QString user, password, repeated, expected;
            };
            const QList<Attempt> attempts = {
                {"passwords differ", QStringLiteral("admin.lee"), good,
                 QStringLiteral("a long first passw0rd"), QStringLiteral("passwords differ")},
                {"too short", QStringLiteral("admin.lee"), QStringLiteral("short"),
                 QStringLiteral("short"), QStringLiteral("at least 12 characters")},
                {"bad user name", QStringLiteral("Admin Lee"), good, good,
                 QStringLiteral("not a valid user name")},
            };
            for (const Attempt &attempt : attempts) {
                dialog.firstRunNameEdit()->setText(attempt.user);
                dialog.firstRunPasswordEdit()->setText(attempt.password);
                dialog.firstRunRepeatEdit()->setText(attempt.repeated);
                QTest::mouseClick(dialog.firstRunButton(), Qt::LeftButton);
                QVERIFY2(QTest::qWaitFor(
                             [&] {
                                 return dialog.firstRunMessageLabel()->text().contains(
                                     attempt.expected);
                             },
                             10000),
                         attempt.name);
                QCOMPARE(dialog.page(), 3);
                QCOMPARE(*f.users->hasUsers(), false);
            }

            dialog.firstRunNameEdit()->setText(QStringLiteral("admin.lee"));
            dialog.firstRunPasswordEdit()->setText(good);
            dialog.firstRunRepeatEdit()->setText(good);
            dialog.firstRunMessageLabel()->clear();
            keepPicture(&dialog, QStringLiteral("first-run.png"));
            QTest::mouseClick(dialog.firstRunButton(), Qt::LeftButton);
            // Created, then straight on to the QR enrolment as the new administrator.
            QVERIFY(QTest::qWaitFor([&] { return dialog.page() == 1; }, 20000));
            QVERIFY(dialog.firstRunPasswordEdit()->text().isEmpty());
            QVERIFY(!dialog.qrLabel()->pixmap().isNull());
            const QByteArray secret = *Totp::fromBase32(dialog.enrolmentKey());
            dialog.enrolCodeEdit()->setText(Totp::code(secret, f.clock.now().toSecsSinceEpoch()));
            QTest::keyClick(dialog.enrolCodeEdit(), Qt::Key_Return);
            QVERIFY(QTest::qWaitFor([&] { return dialog.page() == 2; }, 10000));
            QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("codesDoneButton")),
                              Qt::LeftButton);
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
            QCOMPARE(dialog.principal(),
                     (Principal{QStringLiteral("admin.lee"), QStringLiteral("administrator")}));
            f.secrets.insert(QStringLiteral("admin.lee"), secret);
        }
        auto accounts = f.users->list(admin(QStringLiteral("admin.lee")));
        QVERIFY(accounts);
        QCOMPARE(accounts->size(), 1);
        QCOMPARE(accounts->first().role, QStringLiteral("administrator"));
        QVERIFY(accounts->first().mfaEnrolled);

        // The second start: no form, the sign-in screen, and the administrator signs in.
        f.clock.advanceSecs(30); // a code is good once: the next step's code
        SignInDialog again(*f.signIn, f.cache, f.clock);
        const auto offered = again.offerFirstRun(*f.users);
        QVERIFY(offered);
        QVERIFY(!*offered);
        QCOMPARE(again.page(), 0);
        again.show();
        again.userEdit()->setText(QStringLiteral("admin.lee"));
        again.passwordEdit()->setText(good);
        again.codeEdit()->setText(f.codeFor(QStringLiteral("admin.lee")));
        QTest::mouseClick(again.signInButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return again.result() == QDialog::Accepted; }, 10000));
        QCOMPARE(again.principal(),
                 (Principal{QStringLiteral("admin.lee"), QStringLiteral("administrator")}));
    }

    void demoCredentialsAreMarkedDemo()
    {
        Fixture f;
        QVERIFY(f.begin());
        SignInDialog dialog(*f.signIn, f.cache, f.clock);
        dialog.setDemoCredentials(
            {{QStringLiteral("demo.nurse"), QStringLiteral("triage-nurse"),
              QStringLiteral("demo.nurse-password"), QByteArray("12345678901234567890")}});
        dialog.show();
        auto *label = dialog.findChild<QLabel *>(QStringLiteral("demoCredentials"));
        QVERIFY(label->isVisible());
        QVERIFY(label->text().contains(QStringLiteral("DEMO SITE")));
        QVERIFY(label->text().contains(
            Totp::code("12345678901234567890", f.clock.now().toSecsSinceEpoch())));
        keepPicture(&dialog, QStringLiteral("sign-in-demo.png"));
    }

    void lockHidesEverythingAndAnotherUserSeesNothingOfIt()
    {
        Fixture f;
        QVERIFY(f.begin());
        QVERIFY(f.addUser(QStringLiteral("ana"), QStringLiteral("triage-nurse")));
        QVERIFY(f.addUser(QStringLiteral("ben"), QStringLiteral("triage-nurse")));
        const Principal ana{QStringLiteral("ana"), QStringLiteral("triage-nurse")};
        SessionManager sessions(f.workstation(ana), std::chrono::milliseconds(400));
        MainWindow *first = sessions.start(ana);
        QVERIFY(waitForItems(*first));
        first->queueView()->setFocus();
        QTest::keyClick(first->queueView(), Qt::Key_M, Qt::ControlModifier); // claim
        QVERIFY(QTest::qWaitFor([first] { return first->resolveAction()->isEnabled(); }, 10000));
        // Ana starts a resolution note and is called away.
        first->resolveAction()->trigger();
        ResolveDialog *resolve = first->findChild<ResolveDialog *>();
        QVERIFY(resolve);
        auto *note = resolve->findChild<QPlainTextEdit *>();
        QVERIFY(note);
        note->setPlainText(QStringLiteral("Called the patient, advised"));

        // Idle: everything of Ana's is hidden and the lock screen shows.
        QVERIFY(QTest::qWaitFor([&sessions] { return sessions.isLocked(); }, 5000));
        QVERIFY(!first->isVisible());
        QVERIFY(!resolve->isVisible());
        SignInDialog *screen = sessions.lockScreen();
        QVERIFY(screen->isVisible());
        for (QWidget *widget : QApplication::topLevelWidgets())
            QVERIFY(!widget->isVisible() || widget == screen);
        keepPicture(screen, QStringLiteral("lock-screen.png"));

        // Ben signs in on the same workstation: his own window, not Ana's, and no note of hers.
        const QList<QPushButton *> buttons = screen->findChildren<QPushButton *>();
        QPushButton *switchButton = nullptr;
        for (QPushButton *button : buttons) {
            if (button->text().contains(QStringLiteral("Someone Else")))
                switchButton = button;
        }
        QVERIFY(switchButton);
        QTest::mouseClick(switchButton, Qt::LeftButton);
        f.clock.advanceSecs(30); // a code is good once: the next step's code
        screen->userEdit()->setText(QStringLiteral("ben"));
        screen->passwordEdit()->setText(
            QString::fromLatin1(Fixture::password(QStringLiteral("ben"))));
        screen->codeEdit()->setText(f.codeFor(QStringLiteral("ben")));
        QTest::mouseClick(screen->signInButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&sessions] { return !sessions.isLocked(); }, 10000));
        QCOMPARE(sessions.current().user, QStringLiteral("ben"));
        MainWindow *second = sessions.currentWindow();
        QVERIFY(second && second != first);
        QVERIFY(second->isVisible());
        QVERIFY(!first->isVisible());
        QVERIFY(!resolve->isVisible());
        for (QWidget *widget : QApplication::topLevelWidgets()) {
            if (!widget->isVisible())
                continue;
            for (QPlainTextEdit *edit : widget->findChildren<QPlainTextEdit *>())
                QVERIFY(!edit->toPlainText().contains(QStringLiteral("advised")));
        }
        QVERIFY(waitForItems(*second));

        // Ben locks; Ana unlocks with her password alone and finds her note as she left it.
        QTest::mouseClick(second->securityBar()->lockButton(), Qt::LeftButton);
        QVERIFY(sessions.isLocked());
        QVERIFY(!second->isVisible());
        screen = sessions.lockScreen();
        QVERIFY(QTest::qWaitFor([screen] { return screen->isVisible(); }, 2000));
        // Locked as Ben: unlocking needs Ben's password; switching lets Ana in.
        for (QPushButton *button : screen->findChildren<QPushButton *>()) {
            if (button->text().contains(QStringLiteral("Someone Else")))
                QTest::mouseClick(button, Qt::LeftButton);
        }
        f.clock.advanceSecs(30);
        screen->userEdit()->setText(QStringLiteral("ana"));
        screen->passwordEdit()->setText(QStringLiteral("wrong password!"));
        screen->codeEdit()->setText(f.codeFor(QStringLiteral("ana")));
        QTest::mouseClick(screen->signInButton(), Qt::LeftButton);
        QVERIFY(
            QTest::qWaitFor([screen] { return !screen->messageLabel()->text().isEmpty(); }, 10000));
        QVERIFY(sessions.isLocked());
        screen->passwordEdit()->setText(
            QString::fromLatin1(Fixture::password(QStringLiteral("ana"))));
        screen->codeEdit()->setText(f.codeFor(QStringLiteral("ana")));
        QTest::mouseClick(screen->signInButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&sessions] { return !sessions.isLocked(); }, 10000));
        QCOMPARE(sessions.current().user, QStringLiteral("ana"));
        QVERIFY(first->isVisible());
        QVERIFY(resolve->isVisible());
        QCOMPARE(note->toPlainText(), QStringLiteral("Called the patient, advised"));
        QVERIFY(!second->isVisible());

        // Same user, lock screen: the password alone unlocks.
        sessions.lock();
        screen = sessions.lockScreen();
        QVERIFY(!screen->codeEdit()->isVisible());
        screen->passwordEdit()->setText(
            QString::fromLatin1(Fixture::password(QStringLiteral("ana"))));
        QTest::mouseClick(screen->signInButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&sessions] { return !sessions.isLocked(); }, 10000));
        QVERIFY(resolve->isVisible());
        resolve->reject();

        // Each lock and unlock is on the record.
        QSqlQuery query(f.cache->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM audit_log WHERE action IN "
                                          "('lock', 'unlock')")) &&
                query.next());
        QVERIFY(query.value(0).toInt() >= 4);
    }

    void desktopScreenLockLocksCareDesk_data()
    {
        QTest::addColumn<QString>("interface");
        QTest::newRow("freedesktop") << QStringLiteral("org.freedesktop.ScreenSaver");
        QTest::newRow("gnome") << QStringLiteral("org.gnome.ScreenSaver");
    }

    void desktopScreenLockLocksCareDesk()
    {
        QFETCH(QString, interface);
        QDBusConnection bus = QDBusConnection::sessionBus();
        if (!bus.isConnected())
            QSKIP("No D-Bus session bus: run inside tests/with-keyring.sh");
        Fixture f;
        QVERIFY(f.begin());
        const Principal ana = nurse(QStringLiteral("ana"));
        SessionManager sessions(f.workstation(ana), std::chrono::minutes(30));
        MainWindow *window = sessions.start(ana);
        QVERIFY(window->isVisible());
        // The screen saver turning off does nothing; turning on locks, as a desktop would send.
        for (const bool active : {false, true}) {
            QDBusMessage signal =
                QDBusMessage::createSignal(QStringLiteral("/org/freedesktop/ScreenSaver"),
                                           interface, QStringLiteral("ActiveChanged"));
            signal << active;
            QVERIFY(bus.send(signal));
            if (!active) {
                QTest::qWait(300);
                QVERIFY(!sessions.isLocked());
            }
        }
        QVERIFY(QTest::qWaitFor([&sessions] { return sessions.isLocked(); }, 5000));
        QVERIFY(!window->isVisible());
    }

    void coordinatorSeesMaskedTextThenBreaksTheGlass()
    {
        Fixture f;
        QVERIFY(f.begin());
        const Principal cora{QStringLiteral("cora"), QStringLiteral("coordinator")};
        MainWindow window(f.workstation(cora));
        window.resize(1360, 820);
        window.show();
        QVERIFY(waitForItems(window));
        window.queueView()->setCurrentIndex(window.queueModel()->index(0, 0));
        QVERIFY(QTest::qWaitFor(
            [&window] {
                return window.replyBrowser()->toPlainText().contains(QStringLiteral("Masked"));
            },
            10000));
        QVERIFY(window.replyBrowser()->toPlainText().contains(
            QStringLiteral("only on items assigned to you")));
        keepPicture(&window, QStringLiteral("masked-reply.png"));

        SecurityBar *bar = window.securityBar();
        QVERIFY(bar->breakGlassButton()->isVisible());
        QVERIFY(!bar->auditButton()->isVisible());
        QSignalSpy changed(bar, &SecurityBar::accessChanged);
        bar->breakGlass(QStringLiteral("Patient on the phone, nurse in a call"), 20);
        QVERIFY(QTest::qWaitFor([&changed] { return !changed.isEmpty(); }, 10000));
        QVERIFY(bar->breakGlassBanner()->isVisible());
        QVERIFY(bar->breakGlassBanner()->text().startsWith(QStringLiteral("BREAK-GLASS ACCESS")));
        QVERIFY(QTest::qWaitFor(
            [&window] {
                return !window.replyBrowser()->toPlainText().contains(QStringLiteral("Masked"));
            },
            10000));
        QVERIFY(!window.replyBrowser()->toPlainText().isEmpty());
        keepPicture(&window, QStringLiteral("break-glass.png"));

        // The supervisor is told: the review count on their own screen.
        const Principal sue = supervisor(QStringLiteral("sue"));
        MainWindow supervisorWindow(f.workstation(sue));
        supervisorWindow.show();
        QVERIFY(QTest::qWaitFor(
            [&] { return supervisorWindow.securityBar()->reviewLabel()->isVisible(); }, 10000));
        QVERIFY(
            supervisorWindow.securityBar()->reviewLabel()->text().contains(QStringLiteral("1")));
    }

    void auditTrailViewForSupervisors()
    {
        Fixture f;
        QVERIFY(f.begin());
        const Principal cora{QStringLiteral("cora"), QStringLiteral("coordinator")};
        auto items = f.triage->openItems(nurse());
        QVERIFY(items && !items->isEmpty());
        const QString patient = items->at(0).masterId;
        QVERIFY(f.triage->viewItem(items->at(0).id, nurse(QStringLiteral("ana"))));
        QVERIFY(
            f.breakGlass->start(cora, patient, QStringLiteral("Patient called, urgent question")));
        (void)f.patients->open(admin(QStringLiteral("it.admin")), patient, QStringLiteral("test"));

        AuditTrailView view(f.workstation(supervisor(QStringLiteral("sue"))));
        QAbstractItemModelTester entriesTester(view.entriesModel());
        QAbstractItemModelTester reportTester(view.reportModel());
        QAbstractItemModelTester reviewTester(view.reviewModel());
        view.show();
        // The view searched once on opening (it may have finished already).
        QSignalSpy searched(&view, &AuditTrailView::searched);
        QVERIFY(QTest::qWaitFor([&view] { return view.entriesModel()->rowCount() > 0; }, 10000));
        searched.clear();
        searched.append(QList<QVariant>{}); // the opening search, counted
        QVERIFY(view.entriesModel()->rowCount() > 5);

        view.patientFilter()->setText(patient);
        view.outcomeFilter()->setCurrentText(QStringLiteral("denied"));
        view.search();
        QVERIFY(QTest::qWaitFor([&searched] { return searched.count() == 2; }, 10000));
        QCOMPARE(view.entriesModel()->rowCount(), 1);
        QCOMPARE(view.entriesModel()->item(0, 2)->text(), QStringLiteral("it.admin"));

        // The report groups what the filters keep: with "denied" chosen, only the refusal.
        QSignalSpy reported(&view, &AuditTrailView::reported);
        view.patientReport();
        QVERIFY(QTest::qWaitFor([&reported] { return !reported.isEmpty(); }, 10000));
        QCOMPARE(reported.takeFirst().at(0).toInt(), 1);
        QCOMPARE(view.reportModel()->item(0, 0)->text(), QStringLiteral("it.admin"));
        QCOMPARE(view.reportModel()->item(0, 2)->text(), QStringLiteral("denied"));

        view.outcomeFilter()->setCurrentText(QString());
        view.patientReport();
        QVERIFY(QTest::qWaitFor([&reported] { return !reported.isEmpty(); }, 10000));
        QStringList users;
        for (int row = 0; row < view.reportModel()->rowCount(); ++row)
            users.append(view.reportModel()->item(row, 0)->text());
        QVERIFY(users.contains(QStringLiteral("ana")));
        QVERIFY(users.contains(QStringLiteral("cora")));
        QVERIFY(users.contains(QStringLiteral("it.admin")));
        keepPicture(&view, QStringLiteral("audit-access-report.png"));

        QSignalSpy verified(&view, &AuditTrailView::verified);
        view.verify();
        QVERIFY(QTest::qWaitFor([&verified] { return !verified.isEmpty(); }, 10000));
        QCOMPARE(verified.takeFirst().at(0).toBool(), true);
        QVERIFY(view.verifyLabel()->text().contains(QStringLiteral("intact")));

        QSignalSpy exported(&view, &AuditTrailView::exported);
        const QString file = f.dir.filePath(QStringLiteral("audit.ndjson"));
        view.exportTo(AuditTrail::Format::Ndjson, file);
        QVERIFY(QTest::qWaitFor([&exported] { return !exported.isEmpty(); }, 10000));
        QCOMPARE(exported.takeFirst().at(0).toBool(), true);
        QFile written(file);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QVERIFY(written.readAll().contains("\"resourceType\":\"AuditEvent\""));

        // The review queue: one break-glass to close.
        QVERIFY(view.tabs()->isTabEnabled(2));
        QCOMPARE(view.reviewModel()->rowCount(), 1);
        view.tabs()->setCurrentIndex(2);
        keepPicture(&view, QStringLiteral("break-glass-review.png"));
        QSignalSpy closed(&view, &AuditTrailView::reviewClosed);
        view.closeReview(view.reviewModel()->item(0, 0)->text().toLongLong(),
                         QStringLiteral("Called Cora: the patient needed her refill date."));
        QVERIFY(QTest::qWaitFor([&closed] { return !closed.isEmpty(); }, 10000));
        QCOMPARE(closed.takeFirst().at(0).toBool(), true);
        QVERIFY(QTest::qWaitFor([&view] { return view.reviewModel()->rowCount() == 0; }, 10000));

        // A nurse opening the view gets refusals in words, not data.
        AuditTrailView nurseView(f.workstation(nurse(QStringLiteral("ana"))));
        QVERIFY(QTest::qWaitFor(
            [&nurseView] { return !nurseView.messageLabel()->text().isEmpty(); }, 10000));
        QCOMPARE(nurseView.entriesModel()->rowCount(), 0);
        QVERIFY(nurseView.messageLabel()->text().contains(QStringLiteral("does not allow")));
        QVERIFY(!nurseView.tabs()->isTabEnabled(2));
    }
};

QTEST_MAIN(TestSecurityScreens)
#include "tst_securityscreens.moc"
