// SPDX-License-Identifier: GPL-3.0-or-later
// caredesk: the triage workstation.
#include "app/AppContext.h"
#include "app/CacheIntegrityWatch.h"
#include "app/CommsThread.h"
#include "app/DemoSite.h"
#include "app/Hl7Feed.h"
#include "app/ProcessHardening.h"
#include "app/Settings.h"
#include "app/TriageBackground.h"
#include "models/TriageQueueModel.h"
#include "services/hl7/Hl7Inbox.h"
#include "services/hl7/MllpListener.h"
#include "services/ingest/Importer.h"
#include "services/maintenance/CacheMaintenance.h"
#include "services/security/CredentialFile.h"
#include "services/security/SignInService.h"
#include "services/security/UserDirectory.h"
#include "ui/AlertPresenter.h"
#include "ui/AudibleAlert.h"
#include "ui/AuditTrailView.h"
#include "ui/ConsentMenu.h"
#include "ui/Hl7FeedController.h"
#include "ui/Hl7FeedMenu.h"
#include "ui/JourneyTimelineWidget.h"
#include "ui/MainWindow.h"
#include "ui/QueueController.h"
#include "ui/SecurityBar.h"
#include "ui/SessionManager.h"
#include "ui/SignInDialog.h"
#include "ui/SyncController.h"
#include "ui/SyncMenu.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QStatusBar>
#include <QTextBrowser>
#include <QTimer>
#include <QTranslator>

#include <cstdio>
#include <cstdlib>

using namespace CareDesk;

int main(int argc, char *argv[])
{
    hardenProcess();
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("CareDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("CareDesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CAREDESK_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("caredesk"));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("caredesk"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QObject::tr("CareDesk triage workstation"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDirOption(QStringLiteral("data-dir"),
                                           QObject::tr("Cache folder (default: app data)."),
                                           QStringLiteral("DIR"));
    const QCommandLineOption noDemoOption(QStringLiteral("no-demo"),
                                          QObject::tr("Do not load the embedded demo site."));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QObject::tr("Save a picture of the main window to FILE once the queue and the top "
                    "item are shown, then quit."),
        QStringLiteral("FILE"));
    const QCommandLineOption keyFileOption(
        QStringLiteral("key-file"),
        QObject::tr("Take the cache key from FILE (owner-only) instead of the system keychain."),
        QStringLiteral("FILE"));
    const QCommandLineOption credentialFileOption(
        QStringLiteral("credential-file"),
        QObject::tr("Sign in from an owner-only FILE (user=, password=, totp-secret=) instead "
                    "of the sign-in screen."),
        QStringLiteral("FILE"));
    parser.addOptions(
        {dataDirOption, noDemoOption, screenshotOption, keyFileOption, credentialFileOption});
    parser.process(app);

    // The open checks a sample of pages; the watch below checks all of them once the queue
    // is on screen.
    auto context =
        AppContext::open(parser.value(dataDirOption), AppContext::OpenMode::CreateIfMissing,
                         parser.value(keyFileOption), AppContext::PageCheck::Sampled);
    if (!context) {
        // Refuse to start: without its key the cache stays closed, and there is no fallback.
        // Said on stderr too, for a session without anyone watching the screen.
        const bool damaged = context.error().code == Error::Code::Damaged;
        fprintf(stderr, "caredesk: %s\n", qPrintable(context.error().message));
        if (!parser.isSet(screenshotOption))
            QMessageBox::critical(nullptr,
                                  damaged ? QObject::tr("CareDesk Cache Damaged")
                                          : QObject::tr("CareDesk Cannot Start"),
                                  context.error().message);
        return damaged ? 6 : 3;
    }
    AppContext &ctx = **context;
    auto cannotStart = [&parser, &screenshotOption](const QString &message, int code) {
        fprintf(stderr, "caredesk: %s\n", qPrintable(message));
        if (!parser.isSet(screenshotOption))
            QMessageBox::critical(nullptr, QObject::tr("CareDesk Cannot Start"), message);
        return code;
    };

    // Damage found after the start stops the workstation before it writes to the file. The
    // check starts before the sign-in, which writes too (the attempt goes on the audit trail).
    MainWindow *shown = nullptr;
    CacheIntegrityWatch integrity(ctx.cache());
    QObject::connect(&integrity, &CacheIntegrityWatch::finished, &app, [&] {
        const VoidResult checked = integrity.result();
        if (checked) {
            if (shown)
                shown->statusBar()->showMessage(
                    QObject::tr("Cache file checked: every page is intact."), 5000);
            return;
        }
        fprintf(stderr, "caredesk: %s\n", qPrintable(checked.error().message));
        if (!parser.isSet(screenshotOption))
            QMessageBox::critical(shown, QObject::tr("CareDesk Cache Damaged"),
                                  checked.error().message);
        // Ends without closing the cache: closing its last connection would fold the
        // write-ahead log into the damaged file, which must stay as it was for a restore.
        std::fflush(stderr);
        std::_Exit(checked.error().code == Error::Code::Damaged ? 6 : 1);
    });
    integrity.start();

    // A new cache becomes the demo site (with make-believe users) unless --no-demo.
    QList<DemoCredential> demoUsers;
    if (!parser.isSet(noDemoOption)) {
        auto prepared = DemoSite::prepareUsers(ctx, ctx.cache()->createdNow());
        if (!prepared)
            return cannotStart(prepared.error().message, 1);
        demoUsers = *prepared;
    }
    auto hasUsers = ctx.users().hasUsers();
    if (!hasUsers)
        return cannotStart(hasUsers.error().message, 2);
    // Without users, the sign-in screen below starts with the first-run form; a session
    // nobody watches (credential file, screenshot) cannot fill it in.
    const bool unattended = parser.isSet(credentialFileOption) || parser.isSet(screenshotOption);
    if (!*hasUsers && unattended)
        return cannotStart(QObject::tr("This cache has no users yet. Create the administrator "
                                       "in CareDesk's first-run form, or with \"caredesk-cli "
                                       "--data-dir %1 init --admin NAME --password-file FILE\".")
                               .arg(ctx.dataDir()),
                           2);

    // Sign in: a credential file (scripts), the demo nurse for a demo screenshot, or the screen.
    if (parser.isSet(credentialFileOption) ||
        (parser.isSet(screenshotOption) && !demoUsers.isEmpty())) {
        Result<SignInResult> signedIn = fail(Error::Code::Permission, QString());
        if (parser.isSet(credentialFileOption)) {
            auto credentials = readCredentialFile(parser.value(credentialFileOption));
            if (!credentials)
                return cannotStart(credentials.error().message, 7);
            signedIn = ctx.signIn().signInWithSecret(credentials->user, credentials->password,
                                                     credentials->totpSecret);
        } else {
            // The demo picture shows the queue as the demo nurse sees it.
            const auto nurseAt =
                std::find_if(demoUsers.cbegin(), demoUsers.cend(), [](const DemoCredential &demo) {
                    return demo.role == QLatin1String("triage-nurse");
                });
            const DemoCredential &nurse =
                nurseAt == demoUsers.cend() ? demoUsers.first() : *nurseAt;
            signedIn = ctx.signIn().signInWithSecret(nurse.user, nurse.password.toUtf8(),
                                                     nurse.totpSecret);
        }
        if (!signedIn || !signedIn->principal.isValid())
            return cannotStart(signedIn ? QObject::tr("Set up the second factor first.")
                                        : signedIn.error().message,
                               7);
        ctx.setPrincipal(signedIn->principal);
    } else {
        SignInDialog dialog(ctx.signIn(), ctx.cache(), ctx.clock());
        dialog.setDemoCredentials(demoUsers);
        if (!*hasUsers) {
            if (auto offered = dialog.offerFirstRun(ctx.users()); !offered)
                return cannotStart(offered.error().message, 2);
        }
        if (dialog.exec() != QDialog::Accepted)
            return 0;
        ctx.setPrincipal(dialog.principal());
    }

    Workstation workstation;
    workstation.cache = ctx.cache();
    workstation.triage = &ctx.triage();
    workstation.patients = &ctx.patients();
    workstation.access = &ctx.access();
    workstation.signIn = &ctx.signIn();
    workstation.breakGlass = &ctx.breakGlass();
    workstation.clock = &ctx.clock();
    workstation.principal = ctx.principal();
    workstation.makeImporter = [&ctx](const Principal &who) {
        return ctx.makeImporter(who);
    };
    workstation.audit = &ctx.audit();
    workstation.journeys = &ctx.journeys();
    workstation.mentors = &ctx.mentors();

    // Sessions: the idle and desktop locks, and other users signing in on this workstation.
    Settings settings(ctx.dataDir());
    // FHIR sync on its own thread (issue 4); decisions on synced items wake its outbox. Its
    // polls run as the embedded automation; Sync Now and the outbox act as the user asking.
    SyncController sync([&ctx](const FhirSyncConfig &config) {
        return std::make_unique<FhirSyncService>(
            ctx.cache(), ctx.audit(), ctx.access(), ctx.classifier(), ctx.clock(),
            ctx.triageSettings(), config, principalForAutomation());
    });
    sync.setThreadCleanup([&ctx] { ctx.cache()->releaseThreadConnection(); });
    ctx.setOutboxWake([&sync] { sync.wakeOutbox(); });
    const auto saveSyncConfig = [&settings](const FhirSyncConfig &config) {
        settings.setFhirSyncConfig(config);
    };
    // Patient messages and consent (issue 9): the message automation on its own thread; each
    // window's consent panel acts as that window's user.
    CommsThread comms(ctx, settings);
    // The HL7 v2 ADT interface (issue 5): a listener inside the workstation when hl7/mllpPort is
    // set (it stores as the embedded automation), and the dead letters in any case.
    const Hl7FeedConfig hl7Config = settings.hl7FeedConfig();
    std::unique_ptr<MllpListener> hl7Listener;
    QString hl7Problem;
    if (hl7Config.port != 0) {
        auto made = makeMllpListener(ctx, hl7Config);
        const VoidResult started =
            made ? (*made)->listen() : VoidResult(std::unexpected(made.error()));
        if (started)
            hl7Listener = std::move(*made);
        else
            hl7Problem = started.error().message;
    }
    const Hl7InboxSettings hl7Inbox = makeHl7InboxSettings(hl7Config).value_or(Hl7InboxSettings{});

    // Issue 6's background work (started below, once a window can show its alerts).
    TriageBackground background(ctx, settings.escalationSettings(), settings.alertSettings());

    SessionManager sessions(workstation, std::chrono::minutes(settings.idleLockMinutes()));
    sessions.setDemoCredentials(demoUsers);
    // Each user's windows get the menus of every area, acting as that user.
    QObject::connect(&sessions, &SessionManager::windowOpened, &sessions, [&](MainWindow *opened) {
        QObject::connect(opened->securityBar(), &SecurityBar::auditTrailRequested, opened,
                         [opened] {
                             auto *view = new AuditTrailView(opened->controller()->workstation());
                             view->setAttribute(Qt::WA_DeleteOnClose);
                             view->show();
                         });
        const Principal who = opened->controller()->workstation().principal;
        new SyncMenu(*opened, *opened->controller(), sync, ctx.clock(), who, saveSyncConfig);
        new ConsentMenu(*opened, comms.workstation(who));
        auto *hl7Controller =
            new Hl7FeedController(ctx.cache(),
                                  std::make_unique<Hl7Inbox>(ctx.cache(), ctx.audit(), ctx.access(),
                                                             ctx.clock(), who, hl7Inbox),
                                  opened);
        new Hl7FeedMenu(*opened, *hl7Controller, hl7Listener.get());
        // Every window shows the queue's alerts (tier and item number, nothing of the patient)
        // and reads what the queue events say changed, wherever it changed.
        QObject::connect(&background, &TriageBackground::alert, opened,
                         &MainWindow::showQueueAlert);
        QObject::connect(&background, &TriageBackground::acknowledged, opened,
                         &MainWindow::itemAcknowledged);
        QObject::connect(&background, &TriageBackground::queueChanged, opened->controller(),
                         &QueueController::refreshChanged);
        QObject::connect(&background, &TriageBackground::replyArrived, opened->controller(),
                         &QueueController::refreshChanged);
        QObject::connect(
            &background, &TriageBackground::failed, opened, [opened](const QString &message) {
                opened->statusBar()->showMessage(QObject::tr("Alerts: %1").arg(message), 15000);
            });
        if (parser.isSet(screenshotOption))
            opened->alertPresenter()->sound()->setMuted(true);
        if (!hl7Problem.isEmpty())
            opened->statusBar()->showMessage(
                QObject::tr("The HL7 feed did not start: %1").arg(hl7Problem));
    });
    MainWindow &window = *sessions.start(ctx.principal());
    shown = &window;
    if (const FhirSyncConfig config = settings.fhirSyncConfig(); !config.base.isEmpty())
        sync.start(config);

    // The escalation ladder, the alert feed and the SMS webhook, off the UI thread (issue 6).
    background.start();
    // The SMS gateway's webhook, when caredesk.ini gives it a port (docs/sms-gateway.md).
    if (SmsWebhookConfig sms = settings.smsWebhookConfig(); sms.port > 0) {
        Result<quint16> listening = std::unexpected(Error{});
        if (auto secret = readOwnerOnlySecret(settings.smsWebhookSecretFile(),
                                              QObject::tr("SMS webhook secret"));
            secret) {
            sms.secret = secret->trimmed();
            listening = background.startSmsWebhook(sms);
        } else {
            listening = std::unexpected(secret.error());
        }
        window.statusBar()->showMessage(
            listening
                ? QObject::tr("Taking text messages from the SMS gateway on port %1.")
                      .arg(*listening)
                : QObject::tr("The SMS webhook is not running: %1").arg(listening.error().message),
            30000);
    }
    if (!settings.problems().isEmpty())
        window.statusBar()->showMessage(settings.problems().join(u' '), 30000);
    comms.start();
    // A rotation finished or abandoned at this open: the admin who started it wants to know.
    if (!ctx.cache()->keyNote().isEmpty())
        window.statusBar()->showMessage(ctx.cache()->keyNote());

    DemoSite demo(window, settings);
    const bool demoSite =
        !parser.isSet(noDemoOption) && demo.start(*ctx.cache(), ctx.cache()->createdNow());

    QTimer screenshotTimer;
    int screenshotTicks = 0;
    bool queueShown = false;
    QObject::connect(window.controller(), &QueueController::itemsChanged, &window,
                     [&queueShown] { queueShown = true; });
    if (parser.isSet(screenshotOption)) {
        const QString file = parser.value(screenshotOption);
        QObject::connect(&screenshotTimer, &QTimer::timeout, &window, [&] {
            ++screenshotTicks;
            // The demo site is ready once its queue and top item are on screen; another site
            // once its queue has been read.
            const bool ready = demoSite ? window.queueModel()->rowCount() >= 3 &&
                                              !window.replyBrowser()->toPlainText().isEmpty() &&
                                              !window.timelineWidget()->events().isEmpty()
                                        : queueShown;
            if (!ready && screenshotTicks < 240)
                return;
            screenshotTimer.stop();
            // A moment for the last paint, then the picture.
            QTimer::singleShot(1500, &window, [&window, file, ready] {
                const bool saved = window.grab().save(file);
                QCoreApplication::exit(saved && ready ? 0 : 1);
            });
        });
        screenshotTimer.start(500);
    }
    const int code = app.exec();
    // No decision may wake a sync thread that is gone.
    for (MainWindow *opened : sessions.windows())
        opened->controller()->waitForIdle();
    ctx.setOutboxWake({});
    return code;
}
