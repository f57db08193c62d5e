// SPDX-License-Identifier: GPL-3.0-or-later
// The consent panel offscreen over a real cache: state per channel and purpose, ledger history,
// the gate's decision and reasons for a draft, recording consent captured by phone, and the
// audited clinical callback. Saves a screenshot under the build tree.
#include "../unit/comms/CommsFixture.h"

#include "models/ConsentModels.h"
#include "services/comms/ConsentLedger.h"
#include "services/ingest/Importer.h"
#include "services/triage/ReplyClassifier.h"
#include "ui/ConsentPanel.h"
#include "ui/PatientZoneBox.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTextBrowser>
#include <QTreeWidget>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

struct Rig {
    CommsFixture f;
    std::unique_ptr<ReplyClassifier> classifier;
    std::unique_ptr<ConsentController> controller;
    QString master;
    qint64 emergentItem = 0;

    bool start()
    {
        auto built = ReplyClassifier::builtIn();
        auto templates = MessageTemplates::builtIn();
        if (!f.open() || !built || !templates)
            return false;
        classifier = std::make_unique<ReplyClassifier>(std::move(*built));
        master = f.addPatient(QStringLiteral("p-7"), QStringLiteral("America/Chicago"),
                              QStringLiteral("es"));
        QSqlDatabase db = f.cache->connection();
        db.transaction();
        ConsentEvent grant;
        grant.masterId = master;
        grant.source = QStringLiteral("enrollment");
        grant.effectiveAt = grant.recordedAt = utc("2026-01-05T15:00:00Z");
        ConsentEvent marketing = grant;
        marketing.kind = ConsentKind::Revoked;
        marketing.purpose = Purpose::Marketing;
        marketing.source = QStringLiteral("paper");
        marketing.capturedBy = QStringLiteral("coord.ruiz");
        marketing.effectiveAt = marketing.recordedAt = utc("2026-02-01T15:00:00Z");
        ConsentEvent restriction = grant;
        restriction.kind = ConsentKind::Restricted;
        restriction.channel = Channel::Phone;
        restriction.source = QStringLiteral("phone");
        restriction.capturedBy = QStringLiteral("coord.ruiz");
        restriction.note = QStringLiteral("No calls to the work number");
        restriction.effectiveAt = restriction.recordedAt = utc("2026-02-10T15:00:00Z");
        for (const ConsentEvent &event : {grant, marketing, restriction}) {
            if (!ConsentLedger::append(db, *f.audit, QStringLiteral("coord.ruiz"), event))
                return false;
        }
        db.commit();

        // A STOP by text, then an emergent reply, through the real intake.
        Importer importer(f.cache, *f.audit, *classifier, f.clock, TriageSettings{}, *f.access,
                          principalForAutomation());
        const QByteArray replies =
            "{\"resourceType\":\"Communication\",\"id\":\"s1\",\"received\":"
            "\"2026-03-01T15:00:00Z\",\"sender\":{\"reference\":\"Patient/p-7\"},\"payload\":"
            "[{\"contentString\":\"Stop. Thank you\"}]}\n"
            "{\"resourceType\":\"Communication\",\"id\":\"s2\",\"received\":"
            "\"2026-03-04T14:50:00Z\",\"sender\":{\"reference\":\"Patient/p-7\"},\"payload\":"
            "[{\"contentString\":\"my chest hurts and I can't breathe\"}]}\n";
        if (!importer.importBytes(replies, QStringLiteral("replies.ndjson"),
                                  Importer::Format::FhirNdjson))
            return false;
        emergentItem = f.count(QStringLiteral("SELECT id FROM triage_items WHERE tier = "
                                              "'emergent'"));

        ConsentWorkstation ws;
        ws.cache = f.cache;
        ws.audit = f.audit.get();
        ws.access = f.access.get();
        ws.clock = &f.clock;
        ws.principal = {QStringLiteral("nurse.ana"), QStringLiteral("triage-nurse")};
        ws.templates = std::make_shared<const MessageTemplates>(std::move(*templates));
        controller = std::make_unique<ConsentController>(ws);
        return emergentItem > 0;
    }
};

} // namespace

class TestConsentPanel : public QObject
{
    Q_OBJECT

private slots:
    void panelShowsStateHistoryAndDecisions()
    {
        Rig rig;
        QVERIFY(rig.start());
        QSignalSpy loaded(rig.controller.get(), &ConsentController::loaded);
        ConsentPanel panel(*rig.controller, rig.master);
        QAbstractItemModelTester stateTester(
            panel.stateModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester historyTester(
            panel.historyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);

        // State: SMS revoked by the STOP, email granted, phone restricted, marketing revoked.
        ConsentStateModel *state = panel.stateModel();
        QCOMPARE(state->rowCount(), 4);
        QCOMPARE(state->columnCount(), 5);
        QCOMPARE(state->index(0, 0).data().toString(), QStringLiteral("revoked"));
        QCOMPARE(state->index(1, 0).data().toString(), QStringLiteral("granted"));
        QCOMPARE(state->index(1, 3).data().toString(), QStringLiteral("revoked"));
        QVERIFY(state->index(2, 0).data().toString().startsWith(QStringLiteral("restricted")));
        QVERIFY(state->index(2, 0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("work number")));
        QCOMPARE(state->headerData(0, Qt::Vertical, Qt::DisplayRole).toString(),
                 QStringLiteral("Text (SMS)"));

        // History, oldest first, with the patient's own words for the reply.
        ConsentHistoryModel *history = panel.historyModel();
        QCOMPARE(history->rowCount(), 4);
        QCOMPARE(history->index(3, ConsentHistoryModel::KindColumn).data().toString(),
                 QStringLiteral("Revoked"));
        QVERIFY(history->index(3, ConsentHistoryModel::DetailColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("Stop. Thank you")));
        QCOMPARE(history->index(2, ConsentHistoryModel::CapturedByColumn).data().toString(),
                 QStringLiteral("coord.ruiz"));

        // A draft SMS: denied, and it says why.
        QSignalSpy decided(rig.controller.get(), &ConsentController::decided);
        panel.setDraft(Channel::Sms, Purpose::Treatment, MessageKind::Education, SendPath::Manual);
        panel.checkButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(decided.count(), 1, 10000);
        QVERIFY2(panel.decisionLabel()->text().contains(QStringLiteral("Denied")),
                 qPrintable(panel.decisionLabel()->text()));
        QVERIFY(panel.reasonsBrowser()->toPlainText().contains(QStringLiteral("revoked")));

        // Email for marketing: denied by the purpose rule as well as the revocation.
        panel.setDraft(Channel::Email, Purpose::Marketing, MessageKind::Outreach,
                       SendPath::Automated);
        panel.checkButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(decided.count(), 2, 10000);
        QVERIFY(panel.reasonsBrowser()->toPlainText().contains(QStringLiteral("authorization")));

        // Email for treatment at 09:00 Chicago: allowed.
        panel.setDraft(Channel::Email, Purpose::Treatment, MessageKind::Education,
                       SendPath::Manual);
        panel.checkButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(decided.count(), 3, 10000);
        QVERIFY(panel.decisionLabel()->text().contains(QStringLiteral("Allowed")));
        panel.grab().save(QStringLiteral(CAREDESK_BINARY_DIR "/test-data/consent-panel.png"));
    }

    void coordinatorRecordsConsentCapturedByPhone()
    {
        Rig rig;
        QVERIFY(rig.start());
        QSignalSpy loaded(rig.controller.get(), &ConsentController::loaded);
        ConsentPanel panel(*rig.controller, rig.master);
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
        QCOMPARE(panel.capturedByEdit()->text(), QStringLiteral("nurse.ana"));

        panel.capturedByEdit()->clear();
        QVERIFY(!panel.recordButton()->isEnabled()); // who captured it is required
        panel.capturedByEdit()->setText(QStringLiteral("coord.lee"));
        panel.setRecord(ConsentKind::Granted, Channel::Sms, std::nullopt);
        QSignalSpy recorded(rig.controller.get(), &ConsentController::recorded);
        panel.recordButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, 10000);
        ConsentHistoryModel *history = panel.historyModel();
        QCOMPARE(history->rowCount(), 5);
        QCOMPARE(history->index(4, ConsentHistoryModel::CapturedByColumn).data().toString(),
                 QStringLiteral("coord.lee"));
        QCOMPARE(history->index(4, ConsentHistoryModel::SourceColumn).data().toString(),
                 QStringLiteral("phone"));
        QCOMPARE(panel.stateModel()->index(0, 0).data().toString(), QStringLiteral("granted"));
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                            "'consent-record' AND actor = 'nurse.ana'")),
                 1);
    }

    void clinicalCallbackNeedsConfirmationAndIsAudited()
    {
        Rig rig;
        QVERIFY(rig.start());
        rig.f.clock.set(utc("2026-03-05T04:15:00Z")); // 22:15 in Chicago, after the STOP
        QSignalSpy loaded(rig.controller.get(), &ConsentController::loaded);
        ConsentPanel panel(*rig.controller, rig.master);
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);

        // An ordinary message at this hour is held for the morning.
        QSignalSpy decided(rig.controller.get(), &ConsentController::decided);
        panel.setDraft(Channel::Email, Purpose::Treatment, MessageKind::Education,
                       SendPath::Manual);
        panel.checkButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(decided.count(), 1, 10000);
        QVERIFY(panel.decisionLabel()->text().contains(QStringLiteral("Deferred")));

        panel.setDraft(Channel::Sms, Purpose::Treatment, MessageKind::Callback, SendPath::Manual,
                       rig.emergentItem, QStringLiteral("Please call us now at 555-0100."));
        QVERIFY(!panel.sendButton()->isEnabled());
        panel.confirmCallback(true);
        QVERIFY(panel.sendButton()->isEnabled());
        QSignalSpy sent(rig.controller.get(), &ConsentController::sent);
        panel.sendButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(sent.count(), 1, 10000);
        const auto outcome = sent.first().first().value<DispatchOutcome>();
        QCOMPARE(outcome.status, QStringLiteral("queued"));
        QVERIFY(outcome.decision.bypassed);
        QVERIFY(panel.decisionLabel()->text().contains(QStringLiteral("clinical callback")));
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                            "'consent-bypass' AND actor = 'nurse.ana'")),
                 1);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, 10000);
        QCOMPARE(panel.messagesTree()->topLevelItemCount(), 1);
        panel.grab().save(QStringLiteral(CAREDESK_BINARY_DIR "/test-data/consent-callback.png"));
    }

    // The patient's own zone, set in the panel: validated (IANA places only), recorded with who
    // and when beside the FHIR one, audited, and read by the gate instead of the FHIR zone.
    void timeZoneIsEditedValidatedAndUsedByTheGate()
    {
        Rig rig;
        QVERIFY(rig.start());
        rig.f.clock.set(utc("2026-03-05T04:15:00Z")); // 22:15 in Chicago, 17:15 in Auckland
        QSignalSpy loaded(rig.controller.get(), &ConsentController::loaded);
        ConsentPanel panel(*rig.controller, rig.master);
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
        PatientZoneBox *box = panel.zoneBox();
        QVERIFY(box->currentLabel()->text().contains(QStringLiteral("America/Chicago")));
        QVERIFY(box->currentLabel()->text().contains(QStringLiteral("FHIR record")));
        QVERIFY(!box->clearButton()->isEnabled());
        QVERIFY(box->zoneCombo()->findText(QStringLiteral("Pacific/Auckland")) >= 0);
        QCOMPARE(box->zoneCombo()->findText(QStringLiteral("UTC+05:00")), -1);

        QSignalSpy decided(rig.controller.get(), &ConsentController::decided);
        panel.setDraft(Channel::Email, Purpose::Treatment, MessageKind::Education,
                       SendPath::Manual);
        panel.checkButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(decided.count(), 1, 10000);
        QVERIFY(panel.decisionLabel()->text().contains(QStringLiteral("Deferred")));

        // Not a zone, or a fixed offset: refused before anything is sent.
        for (const QString &bad : {QStringLiteral("Mars/Olympus"), QStringLiteral("UTC+05:00"),
                                   QStringLiteral("CST6")}) {
            box->setZoneText(bad);
            QVERIFY2(!box->saveButton()->isEnabled(), qPrintable(bad));
        }
        QVERIFY(box->statusLabel()->text().contains(QStringLiteral("not an IANA time zone")));
        const Principal auditor{QStringLiteral("aud.kim"), QStringLiteral("auditor")};
        ConsentService service(rig.f.cache, *rig.f.audit, *rig.f.access, rig.f.clock,
                               std::make_shared<MessageDispatcher>(
                                   rig.f.cache, *rig.f.audit, rig.f.clock, SendPolicy{},
                                   rig.controller->workstation().templates));
        QVERIFY(!service.setTimeZone(auditor, rig.master, QStringLiteral("Europe/Paris")));
        const Principal nurse = rig.controller->workstation().principal;
        QVERIFY(!service.setTimeZone(nurse, rig.master, QStringLiteral("Mars/Olympus")));

        QSignalSpy saved(rig.controller.get(), &ConsentController::zoneSaved);
        box->setZoneText(QStringLiteral("Pacific/Auckland"));
        QVERIFY(box->saveButton()->isEnabled());
        box->saveButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, 10000);
        QVERIFY2(box->currentLabel()->text().contains(QStringLiteral("set here by nurse.ana")),
                 qPrintable(box->currentLabel()->text()));
        QVERIFY(box->currentLabel()->text().contains(QStringLiteral("America/Chicago")));
        QVERIFY(box->clearButton()->isEnabled());
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM patients WHERE time_zone = "
                                            "'America/Chicago' AND time_zone_local = "
                                            "'Pacific/Auckland' AND time_zone_local_by = "
                                            "'nurse.ana' AND time_zone_local_at IS NOT NULL")),
                 1);
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                            "'patient-time-zone' AND actor = 'nurse.ana'")),
                 1);

        // 17:15 in Auckland: the same draft may go now, and the gate names the zone.
        panel.checkButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(decided.count(), 2, 10000);
        QVERIFY2(panel.decisionLabel()->text().contains(QStringLiteral("Allowed")),
                 qPrintable(panel.decisionLabel()->text()));
        QCOMPARE(decided.last().at(1).value<GateDecision>().zoneId,
                 QStringLiteral("Pacific/Auckland"));
        panel.grab().save(QStringLiteral(CAREDESK_BINARY_DIR "/test-data/consent-zone.png"));

        // Dropped again: back to the FHIR zone, audited too.
        box->clearButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 2, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 3, 10000);
        QVERIFY(box->currentLabel()->text().contains(QStringLiteral("from the FHIR record")));
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM patients WHERE "
                                            "time_zone_local IS NULL")),
                 1);
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                            "'patient-time-zone'")),
                 2);
        panel.checkButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(decided.count(), 3, 10000);
        QVERIFY(panel.decisionLabel()->text().contains(QStringLiteral("Deferred")));
    }
};

QTEST_MAIN(TestConsentPanel)
#include "tst_consentpanel.moc"
