// SPDX-License-Identifier: GPL-3.0-or-later
// The sync views on the offscreen platform, against the real FHIR server: the status bar says
// online and how old the last good sync is, a claim that loses to another workstation's warns
// the nurse and lands in the outbox view as a dead letter with the server's words, retry and
// discard are audited, offline is shown, and the settings dialog refuses plain HTTP to a
// remote host. Pictures go to CAREDESK_SCREENSHOT_DIR (or the build folder).
#include "../integration/FhirPeer.h"

#include "models/Clock.h"
#include "models/TriageQueueModel.h"
#include "services/fhir/FhirSyncService.h"
#include "services/fhir/FhirTriageSink.h"
#include "services/outbox/OutboxStore.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/security/PatientRecords.h"
#include "services/security/RoleCatalogue.h"
#include "services/store/CacheDatabase.h"
#include "services/store/KeyVault.h"
#include "services/triage/ReplyClassifier.h"
#include "services/triage/TriageService.h"
#include "ui/FhirSettingsDialog.h"
#include "ui/MainWindow.h"
#include "ui/OutboxModel.h"
#include "ui/OutboxView.h"
#include "ui/QueueController.h"
#include "ui/SyncController.h"
#include "ui/SyncMenu.h"
#include "ui/SyncStatusLabel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QJsonArray>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTextBrowser>

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

QJsonObject reply(const QString &patient, const QString &text)
{
    return QJsonObject{
        {QStringLiteral("resourceType"), QStringLiteral("Communication")},
        {QStringLiteral("status"), QStringLiteral("completed")},
        {QStringLiteral("subject"),
         QJsonObject{{QStringLiteral("reference"), QString(QStringLiteral("Patient/") + patient)}}},
        {QStringLiteral("sender"),
         QJsonObject{{QStringLiteral("reference"), QString(QStringLiteral("Patient/") + patient)}}},
        {QStringLiteral("payload"),
         QJsonArray{QJsonObject{{QStringLiteral("contentString"), text}}}},
    };
}

} // namespace

class tst_SyncViews : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void outboxModelHoldsUp();
    void lostClaimIsShownAndRetryDiscardAudited();
    void settingsRefusePlainHttpToARemoteHost();

private:
    FhirPeer m_peer;
};

void tst_SyncViews::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_peer.start());
}

void tst_SyncViews::outboxModelHoldsUp()
{
    OutboxModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    OutboxCommand failed;
    failed.id = 3;
    failed.kind = QStringLiteral("fhir.triage.resolve");
    failed.status = OutboxStatus::Failed;
    failed.attempts = 2;
    failed.payload = {{QStringLiteral("itemId"), 7}};
    failed.lastError = QStringLiteral("The FHIR server answered 503.");
    OutboxCommand sms = failed;
    sms.id = 4;
    sms.kind = QStringLiteral("sms.send");
    sms.status = OutboxStatus::Dead;
    model.setCommands({failed, sms});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.data(model.index(0, OutboxModel::WhatColumn)).toString(),
             QStringLiteral("Resolution of item 7"));
    QCOMPARE(model.data(model.index(1, OutboxModel::WhatColumn)).toString(),
             QStringLiteral("sms.send"));
    QCOMPARE(model.data(model.index(1, OutboxModel::StatusColumn)).toString(),
             QStringLiteral("Dead letter"));
    QCOMPARE(model.rowOfCommand(4), 1);
    model.setCommands({});
    QCOMPARE(model.rowCount(), 0);
}

void tst_SyncViews::lostClaimIsShownAndRetryDiscardAudited()
{
    m_peer.request("POST", QStringLiteral("/$peer/reset"));
    QStringList communications;
    for (const char *family : {"Rivera", "Okafor", "Lindqvist"}) {
        const QJsonObject person = m_peer.create(QJsonObject{
            {QStringLiteral("resourceType"), QStringLiteral("Patient")},
            {QStringLiteral("name"),
             QJsonArray{QJsonObject{{QStringLiteral("family"), QString::fromLatin1(family)},
                                    {QStringLiteral("given"), QJsonArray{QStringLiteral("Sam")}}}}},
        });
        const QString id = person.value(QLatin1String("id")).toString();
        communications.append(m_peer
                                  .create(reply(id, QStringLiteral("I have chest pain and "
                                                                   "feel dizzy")))
                                  .value(QLatin1String("id"))
                                  .toString());
        m_peer.create(reply(id, QStringLiteral("Can I take the pill with food?")));
    }

    QTemporaryDir dir(QStringLiteral(CAREDESK_BINARY_DIR "/tst_syncviews-XXXXXX"));
    MemoryKeyVault vault;
    SystemClock clock;
    auto cache = CacheDatabase::open(dir.path(), vault);
    QVERIFY(cache);
    AuditLog audit(*cache, clock, &vault);
    auto roles = RoleCatalogue::builtIn();
    QVERIFY(roles);
    AccessControl access(*cache, audit, std::move(*roles), clock);
    PatientRecords patients(access);
    auto classifier = ReplyClassifier::builtIn();
    QVERIFY(classifier);
    TriageService triage(*cache, audit, access, clock);
    // The polls run as the workstation's automation; Sync Now and the outbox as the nurse.
    SyncController sync([&](const FhirSyncConfig &config) {
        return std::make_unique<FhirSyncService>(*cache, audit, access, *classifier, clock,
                                                 TriageSettings{}, config,
                                                 principalForAutomation());
    });
    sync.setThreadCleanup([&cache] { (*cache)->releaseThreadConnection(); });
    FhirTriageSink sink(clock, [&sync] { sync.wakeOutbox(); });
    triage.setCommandSink(&sink);

    Workstation workstation;
    workstation.cache = *cache;
    workstation.triage = &triage;
    workstation.patients = &patients;
    workstation.access = &access;
    workstation.clock = &clock;
    workstation.principal = {QStringLiteral("nurse.ana"), QStringLiteral("triage-nurse")};
    MainWindow window(workstation);
    SyncMenu menu(window, *window.controller(), sync, clock, workstation.principal, {});
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    FhirSyncConfig config;
    config.base = m_peer.base();
    config.pollSeconds = 2;
    config.workstation = QStringLiteral("ws-ana");
    config.retry = {1, 2, 4};
    sync.start(config);
    QTRY_COMPARE_WITH_TIMEOUT(window.queueModel()->rowCount(), 3, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(sync.status().state == SyncStatus::State::Online &&
                                 sync.status().lastGoodSync.isValid(),
                             10000);
    QVERIFY(menu.statusLabel()->text().contains(QLatin1String("Online")));
    QVERIFY(menu.statusLabel()->text().contains(QLatin1String("last good sync")));
    keepPicture(&window, QStringLiteral("sync-online.png"));

    // Another workstation claims the first reply on the server between two polls.
    const QJsonObject task{
        {QStringLiteral("resourceType"), QStringLiteral("Task")},
        {QStringLiteral("status"), QStringLiteral("accepted")},
        {QStringLiteral("intent"), QStringLiteral("order")},
        {QStringLiteral("identifier"),
         QJsonArray{
             QJsonObject{{QStringLiteral("system"), QStringLiteral("urn:caredesk:triage-reply")},
                         {QStringLiteral("value"),
                          QString(QStringLiteral("Communication/") + communications.first())}}}},
        {QStringLiteral("owner"),
         QJsonObject{{QStringLiteral("display"), QStringLiteral("nurse.bea")},
                     {QStringLiteral("identifier"),
                      QJsonObject{{QStringLiteral("system"), QStringLiteral("urn:caredesk:user")},
                                  {QStringLiteral("value"), QStringLiteral("nurse.bea")}}}}},
    };
    qint64 itemId = 0;
    {
        QSqlQuery query((*cache)->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT id FROM triage_items WHERE communication_id "
                                          "LIKE '%1@%'")
                               .arg(communications.first())));
        QVERIFY(query.next());
        itemId = query.value(0).toLongLong();
    }
    QVERIFY(m_peer.create(task).value(QLatin1String("id")).isString());
    window.queueView()->setCurrentIndex(
        window.queueModel()->index(window.queueModel()->rowOfItem(itemId), 0));
    window.claimAction()->trigger();

    // The nurse is told, the item shows who has it, and the outbox keeps the dead letter.
    QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()) ||
                                 !window.findChildren<QMessageBox *>().isEmpty(),
                             15000);
    QMessageBox *warning = window.findChildren<QMessageBox *>().value(0);
    QVERIFY(warning);
    QVERIFY(warning->text().contains(QLatin1String("nurse.bea")));
    keepPicture(warning, QStringLiteral("sync-conflict-warning.png"));
    warning->accept();
    QTRY_VERIFY_WITH_TIMEOUT(
        window.queueModel()->itemAt(window.queueModel()->rowOfItem(itemId)) &&
            window.queueModel()->itemAt(window.queueModel()->rowOfItem(itemId))->owner ==
                QLatin1String("nurse.bea"),
        10000);

    menu.showOutbox();
    OutboxView *view = window.findChild<OutboxView *>();
    QVERIFY(view);
    QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, 5000);
    QAbstractItemModelTester tester(view->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(view->model()->commandAt(0)->status, OutboxStatus::Dead);
    QVERIFY(view->detail()->toPlainText().contains(QLatin1String("nurse.bea")));
    QVERIFY(view->findChild<QListWidget *>(QStringLiteral("conflictList"))->count() == 1);
    QVERIFY(view->retryButton()->isEnabled());
    view->resize(1100, 620);
    keepPicture(view, QStringLiteral("outbox-dead-letter.png"));

    // Retry: the claim is tried again and loses again (never overwritten); then discard.
    view->retryButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QSqlQuery query((*cache)->connection());
            return query.exec(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                             "'outbox-retry' AND actor = 'nurse.ana'")) &&
                   query.next() && query.value(0).toInt() == 1;
        }(),
        10000);
    // It dies again (a second dead letter on the record) and the view shows it.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QSqlQuery query((*cache)->connection());
            return query.exec(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                             "'outbox-dead-letter'")) &&
                   query.next() && query.value(0).toInt() == 2;
        }(),
        15000);
    QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() == 1 &&
                                 view->model()->commandAt(0)->status == OutboxStatus::Dead &&
                                 view->model()->commandAt(0)->attempts == 1,
                             15000);
    for (QMessageBox *box : window.findChildren<QMessageBox *>())
        box->accept();
    view->discardButton()->click();
    const bool emptied = QTest::qWaitFor([&] { return view->model()->rowCount() == 0; }, 10000);
    Q_UNUSED(emptied);
    if (view->model()->rowCount() != 0)
        qWarning() << window.statusBar()->currentMessage()
                   << outboxStatusName(view->model()->commandAt(0)->status);
    QCOMPARE(view->model()->rowCount(), 0);
    {
        QSqlQuery query((*cache)->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                          "'outbox-discard' AND actor = 'nurse.ana'")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 1);
    }
    view->close();

    // The server goes away: the status bar says so and actions still queue.
    m_peer.configure({{QStringLiteral("offline"), true}});
    sync.syncNow(workstation.principal);
    QTRY_VERIFY_WITH_TIMEOUT(sync.status().state == SyncStatus::State::Offline, 15000);
    QVERIFY(menu.statusLabel()->text().contains(QLatin1String("Offline")));
    const TriageItem *other =
        window.queueModel()->itemAt(window.queueModel()->rowOfItem(itemId) == 0 ? 1 : 0);
    QVERIFY(other);
    QVERIFY(triage.claim(other->id, workstation.principal));
    QTRY_VERIFY_WITH_TIMEOUT(sync.status().pending + sync.status().failed >= 1, 10000);
    keepPicture(&window, QStringLiteral("sync-offline.png"));
    m_peer.configure({{QStringLiteral("offline"), false}});
    sync.syncNow(workstation.principal);
    QTRY_VERIFY_WITH_TIMEOUT(OutboxStore((*cache)->connection())
                                     .counts()
                                     .value_or(QMap<OutboxStatus, int>())
                                     .value(OutboxStatus::Done) == 1,
                             30000);
    sync.stop();
    window.controller()->waitForIdle();
    QVERIFY(audit.verify().intact);
}

void tst_SyncViews::settingsRefusePlainHttpToARemoteHost()
{
    FhirSyncConfig config;
    config.base = QUrl(QStringLiteral("https://ehr.example.org/fhir/R4/"));
    FhirSettingsDialog dialog(config);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.problem().isEmpty());
    keepPicture(&dialog, QStringLiteral("fhir-settings.png"));
    dialog.baseEdit()->setText(QStringLiteral("http://ehr.example.org/fhir/R4/"));
    QVERIFY(dialog.problem().contains(QLatin1String("TLS")));
    dialog.baseEdit()->setText(QStringLiteral("http://127.0.0.1:8080/fhir/R4/"));
    QVERIFY(dialog.problem().isEmpty());
    dialog.baseEdit()->setText(QString());
    QVERIFY(!dialog.problem().isEmpty());
}

QTEST_MAIN(tst_SyncViews)
#include "tst_syncviews.moc"
