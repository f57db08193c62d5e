// SPDX-License-Identifier: GPL-3.0-or-later
// caredesk: the triage workstation.
#include "app/AppContext.h"
#include "app/CacheIntegrityWatch.h"
#include "app/CommsThread.h"
#include "app/DemoSite.h"
#include "app/ProcessHardening.h"
#include "app/Settings.h"
#include "models/TriageQueueModel.h"
#include "services/ingest/Importer.h"
#include "ui/ConsentMenu.h"
#include "ui/JourneyTimelineWidget.h"
#include "ui/MainWindow.h"
#include "ui/QueueController.h"
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
    parser.addOptions({dataDirOption, noDemoOption, screenshotOption, keyFileOption});
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

    Workstation workstation;
    workstation.cache = ctx.cache();
    workstation.triage = &ctx.triage();
    workstation.clock = &ctx.clock();
    workstation.actor = ctx.actor();
    workstation.makeImporter = [&ctx] {
        return ctx.makeImporter();
    };
    workstation.audit = &ctx.audit();
    workstation.journeys = &ctx.journeys();
    workstation.mentors = &ctx.mentors();

    MainWindow window(workstation);
    window.show();
    // A rotation finished or abandoned at this open: the admin who started it wants to know.
    if (!ctx.cache()->keyNote().isEmpty())
        window.statusBar()->showMessage(ctx.cache()->keyNote());

    // Damage found after the start stops the workstation before it writes to the file.
    CacheIntegrityWatch integrity(ctx.cache());
    QObject::connect(&integrity, &CacheIntegrityWatch::finished, &window, [&] {
        const VoidResult checked = integrity.result();
        if (checked) {
            window.statusBar()->showMessage(QObject::tr("Cache file checked: every page is "
                                                        "intact."),
                                            5000);
            return;
        }
        fprintf(stderr, "caredesk: %s\n", qPrintable(checked.error().message));
        if (!parser.isSet(screenshotOption))
            QMessageBox::critical(&window, QObject::tr("CareDesk Cache Damaged"),
                                  checked.error().message);
        // Ends without closing the cache: closing its last connection would fold the
        // write-ahead log into the damaged file, which must stay as it was for a restore.
        std::fflush(stderr);
        std::_Exit(checked.error().code == Error::Code::Damaged ? 6 : 1);
    });
    integrity.start();

    Settings settings(ctx.dataDir());
    // FHIR sync on its own thread (issue 4); decisions on synced items wake its outbox.
    SyncController sync([&ctx](const FhirSyncConfig &config) {
        return std::make_unique<FhirSyncService>(ctx.cache(), ctx.audit(), ctx.classifier(),
                                                 ctx.clock(), ctx.triageSettings(), config);
    });
    sync.setThreadCleanup([&ctx] { ctx.cache()->releaseThreadConnection(); });
    ctx.setOutboxWake([&sync] { sync.wakeOutbox(); });
    SyncMenu syncMenu(
        window, *window.controller(), sync, ctx.clock(), ctx.actor(),
        [&settings](const FhirSyncConfig &config) { settings.setFhirSyncConfig(config); });
    if (const FhirSyncConfig config = settings.fhirSyncConfig(); !config.base.isEmpty())
        sync.start(config);
    // Patient messages and consent (issue 9): the consent panel and the message automation.
    CommsThread comms(ctx, settings);
    ConsentMenu consentMenu(window, comms.workstation());
    comms.start();
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
    window.controller()->waitForIdle();
    ctx.setOutboxWake({});
    return code;
}
