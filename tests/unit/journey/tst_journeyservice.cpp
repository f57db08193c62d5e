// SPDX-License-Identifier: GPL-3.0-or-later
// Journeys over a real encrypted cache: imported FHIR Task, CoverageEligibility*, Claim and
// ClaimResponse (preauthorization), MedicationDispense, Consent and an HL7 ADT stay become
// stages, payer clocks, adherence and exceptions; exceptions reach the triage queue once;
// coordinator actions and definition changes are checked and audited.
#include "JourneyFixture.h"

#include <QStandardPaths>
#include <QThread>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

QStringList kinds(const QList<JourneyException> &exceptions)
{
    QStringList found;
    for (const JourneyException &exception : exceptions)
        found.append(exception.kind);
    found.sort();
    return found;
}

QString path(const JourneyState &state)
{
    QStringList stages;
    for (const StageVisit &visit : state.visits)
        stages.append(visit.stageId);
    return stages.join(QStringLiteral(" > "));
}

QDateTime utc(const char *text)
{
    return QDateTime::fromString(QString::fromLatin1(text), Qt::ISODate);
}

} // namespace

class TestJourneyService : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void importKeepsPayerRecordsAndSkipsPaymentClaims()
    {
        JourneyFixture f;
        QVERIFY(f.startEmpty());
        auto summary = f.importer->importFile(
            QStringLiteral(CAREDESK_SOURCE_DIR "/tests/data/journeys/journey-scenarios.ndjson"));
        QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
        QCOMPARE(summary->stored.value(QStringLiteral("ClaimResponse")), 2);
        QCOMPARE(summary->stored.value(QStringLiteral("Claim")), 3);
        QCOMPARE(summary->stored.value(QStringLiteral("CoverageEligibilityResponse")), 2);
        QCOMPARE(summary->skipped.value(QStringLiteral("Claim")), 1); // use=claim
    }

    void wholePathWithDenialResubmissionAndHospitalStay()
    {
        JourneyFixture f;
        QVERIFY(f.startWithScenarios());
        const QString p1 = f.master(QStringLiteral("jp-1"));
        QVERIFY(p1.startsWith(QStringLiteral("MPI-")));
        // The HL7 admission found the same patient through the MRN on the FHIR Patient.
        QCOMPARE(f.master(QStringLiteral("Patient/jp-1")), p1);

        auto journey = f.journeys->journey(f.reader, p1);
        QVERIFY2(journey, journey ? "" : qPrintable(journey.error().message));
        const JourneyState &state = journey->state;
        QCOMPARE(path(state),
                 QStringLiteral("intake > benefits > prior-auth > therapy-start > adherence"));
        QCOMPARE(state.visits.at(1).enteredAt, utc("2026-06-01T10:00:00Z"));
        QCOMPARE(state.visits.at(2).resourceId, QStringLiteral("jer-1"));  // eligible
        QCOMPARE(state.visits.at(3).resourceId, QStringLiteral("jpr-2"));  // approved
        QCOMPARE(state.visits.at(4).resourceId, QStringLiteral("jd-1-0")); // first fill

        // Payer clocks: eligibility answered in a day; the first prior authorization denied
        // with its reason and resubmitted as an expedited request, approved in time.
        QCOMPARE(journey->authorizations.size(), 3);
        const AuthorizationRequest &eligibility = journey->authorizations.at(0);
        QCOMPARE(eligibility.status, QStringLiteral("eligible"));
        QCOMPARE(eligibility.dueAt, utc("2026-06-09T10:00:00Z"));
        const AuthorizationRequest &denied = journey->authorizations.at(1);
        QCOMPARE(denied.status, QStringLiteral("denied"));
        QCOMPARE(denied.denialReasons,
                 QStringList{QStringLiteral("Step therapy with methotrexate not documented")});
        QVERIFY(denied.resubmitted);
        const AuthorizationRequest &approved = journey->authorizations.at(2);
        QCOMPARE(approved.status, QStringLiteral("approved"));
        QVERIFY(approved.expedited);
        QCOMPARE(approved.dueAt, utc("2026-06-11T10:00:00Z"));
        QCOMPARE(approved.attempt, 2);
        QCOMPARE(approved.resubmissionOf, QStringLiteral("Claim/jpa-1"));
        QVERIFY(!approved.decidedLate);

        // Adherence, by hand: fills 15 Jun, 13 Jul, 10 Aug x 28 days; in hospital 20-24 Jul
        // (admitted 20 Jul, home 25 Jul). Supply: 15 Jun-12 Jul; 13-19 Jul and 25 Jul-14 Aug;
        // the third fill waits until 15 Aug and lasts to 11 Sep. Today is 3 Dec: 83 days
        // without supply. The cancelled dispense does not count.
        QCOMPARE(journey->adherence.size(), 1);
        const AdherenceReport &report = journey->adherence.first();
        QCOMPARE(report.medication, QStringLiteral("adalimumab 40 mg/0.4 ml pen"));
        QCOMPARE(report.fills, 3);
        QCOMPARE(report.hospital, (QList<DaySpan>{{QDate(2026, 7, 20), QDate(2026, 7, 24)}}));
        QCOMPARE(report.supplyEndsOn, QDate(2026, 9, 11));
        QCOMPARE(report.daysWithoutSupply, 83);
        QVERIFY(report.refillOverdue);
        QVERIFY(report.belowThreshold);
        QCOMPARE(report.discontinuedOn, QDate(2026, 9, 11));
        QCOMPARE(report.windows.first().pdc, 1.0);

        // Exceptions: the overdue refill and the low PDC; the denial was resubmitted and
        // consent is on file, so neither of those.
        QCOMPARE(kinds(journey->exceptions),
                 (QStringList{QStringLiteral("low-adherence"), QStringLiteral("refill-overdue")}));
        for (const JourneyException &exception : journey->exceptions)
            QCOMPARE(exception.triageItemId, 0);

        // The timeline has every record, with the ADT events and the visit.
        QStringList timelineKinds;
        for (const TimelineEvent &event : journey->timeline)
            timelineKinds.append(event.kind);
        for (const char *kind : {"authorization", "eligibility", "dispense", "task", "consent",
                                 "admission", "discharge", "encounter", "condition"})
            QVERIFY2(timelineKinds.contains(QString::fromLatin1(kind)), kind);
    }

    void expiredClockMissingConsentAndIneligibility()
    {
        JourneyFixture f;
        QVERIFY(f.startWithScenarios());
        auto p2 = f.journeys->journey(f.reader, f.master(QStringLiteral("jp-2")));
        QVERIFY(p2);
        QCOMPARE(p2->state.currentStage, QStringLiteral("prior-auth"));
        QCOMPARE(p2->authorizations.first().status, QStringLiteral("expired"));
        QCOMPARE(kinds(p2->exceptions), (QStringList{QStringLiteral("authorization-expired"),
                                                     QStringLiteral("missing-consent")}));

        auto p3 = f.journeys->journey(f.reader, f.master(QStringLiteral("jp-3")));
        QVERIFY(p3);
        QCOMPARE(p3->authorizations.first().status, QStringLiteral("ineligible"));
        QCOMPARE(p3->authorizations.first().denialReasons,
                 QStringList{QStringLiteral("Coverage not in force: Demo Health Plan HMO")});
        QCOMPARE(kinds(p3->exceptions), QStringList{QStringLiteral("eligibility-failed")});

        // Move the clock back to before the payer's deadline (72 h from 29 Nov 09:00) but past
        // the 3 days the program gives for a consent (from 28 Nov 10:00).
        f.clock.set(utc("2026-12-01T12:00:00Z"));
        auto earlier = f.journeys->journey(f.reader, f.master(QStringLiteral("jp-2")));
        QCOMPARE(earlier->authorizations.first().status, QStringLiteral("pending"));
        QCOMPARE(kinds(earlier->exceptions), QStringList{QStringLiteral("missing-consent")});
    }

    void exceptionsReachTheQueueOnce()
    {
        JourneyFixture f;
        QVERIFY(f.startWithScenarios());
        auto report = f.exceptions().raise(principalForAutomation());
        QVERIFY2(report, report ? "" : qPrintable(report.error().message));
        QCOMPARE(report->patients, 3);
        QCOMPARE(report->raised, 5);

        auto items = f.triage->openItems(f.reader);
        QVERIFY(items);
        QCOMPARE(items->size(), 5);
        QHash<QString, TriageItem> byKind;
        for (const TriageItem &item : *items) {
            QCOMPARE(item.source, QStringLiteral("journey"));
            QVERIFY(item.communicationId.startsWith(QStringLiteral("journey-exception/")));
            QVERIFY(!item.summary.isEmpty());
            byKind.insert(item.summary.section(u':', 0, 0), item);
        }
        // Urgent ones first (tier from the definition), each with its own deadline.
        QCOMPARE(items->first().tier, TriageTier::Urgent);
        const TriageItem expired = byKind.value(QStringLiteral("Payer decision overdue"));
        QCOMPARE(expired.tier, TriageTier::Urgent);
        QCOMPARE(expired.dueAt, f.clock.now().addSecs(4 * 3600));
        const TriageItem refill = byKind.value(QStringLiteral("Refill overdue"));
        QCOMPARE(refill.tier, TriageTier::Routine);
        QCOMPARE(refill.dueAt, f.clock.now().addSecs(48 * 3600));

        // Raising again finds them all in the queue already, resolved or not.
        QVERIFY(f.triage->resolve(refill.id, f.reader, QStringLiteral("called-patient"),
                                  QStringLiteral("Refill scheduled with the pharmacy.")));
        auto again = f.exceptions().raise(principalForAutomation());
        QVERIFY(again);
        QCOMPARE(again->raised, 0);
        QCOMPARE(again->alreadyRaised, 5);
        auto journey = f.journeys->journey(f.reader, f.master(QStringLiteral("jp-1")));
        for (const JourneyException &exception : journey->exceptions)
            QVERIFY(exception.triageItemId > 0);

        // A nurse reads an exception item like a reply; the audit trail agrees with the queue.
        auto detail = f.triage->viewItem(expired.id, f.reader);
        QVERIFY2(detail, detail ? "" : qPrintable(detail.error().message));
        QVERIFY(detail->replyText.startsWith(QStringLiteral("Payer decision overdue")));
        QVERIFY(f.audit->verify().intact);
        auto problem = f.triage->verifyAgainstAudit();
        QVERIFY(problem);
        QCOMPARE(*problem, QString());
    }

    // Issue 8, point 3: a denial that is not resubmitted is an urgent exception in the queue,
    // with the payer's reason and the definition's deadline (24 hours).
    void denialArrivesAsAnUrgentQueueItem()
    {
        JourneyFixture f;
        QVERIFY(f.startEmpty());
        auto imported = f.importer->importFile(
            QStringLiteral(CAREDESK_SOURCE_DIR "/tests/data/journeys/journey-denial.ndjson"));
        QVERIFY2(imported, imported ? "" : qPrintable(imported.error().message));
        const QString p4 = f.master(QStringLiteral("jp-4"));
        auto journey = f.journeys->journey(f.reader, p4);
        QVERIFY2(journey, journey ? "" : qPrintable(journey.error().message));
        QCOMPARE(journey->state.currentStage, QStringLiteral("prior-auth"));
        QCOMPARE(journey->authorizations.size(), 1);
        const AuthorizationRequest &denied = journey->authorizations.first();
        QCOMPARE(denied.status, QStringLiteral("denied"));
        QCOMPARE(denied.denialReasons, QStringList{QStringLiteral("Not on the plan's formulary")});
        QVERIFY(!denied.resubmitted);
        QCOMPARE(kinds(journey->exceptions), QStringList{QStringLiteral("authorization-denied")});

        auto report = f.exceptions().raise(principalForAutomation());
        QVERIFY2(report, report ? "" : qPrintable(report.error().message));
        QCOMPARE(report->raised, 1);
        auto items = f.triage->openItems(f.reader);
        QVERIFY(items);
        QCOMPARE(items->size(), 1);
        const TriageItem &item = items->first();
        QCOMPARE(item.source, QStringLiteral("journey"));
        QCOMPARE(item.tier, TriageTier::Urgent);
        QCOMPARE(item.dueAt, f.clock.now().addSecs(24 * 3600));
        QVERIFY2(item.summary.startsWith(QStringLiteral("Prior authorization denied (attempt 1): "
                                                        "Not on the plan's formulary")),
                 qPrintable(item.summary));
    }

    void twoWorkstationsRaiseEachExceptionOnce()
    {
        JourneyFixture f;
        QVERIFY(f.startWithScenarios());
        // Two raisers on their own connections, at the same time.
        QList<int> raised(2, -1);
        QList<QThread *> threads;
        for (int i = 0; i < 2; ++i) {
            threads.append(QThread::create([&f, &raised, i] {
                JourneyService journeys(f.cache, *f.audit, *f.access, f.clock);
                auto report = JourneyExceptions(f.cache, *f.audit, f.clock, journeys)
                                  .raise(Principal{QStringLiteral("workstation-%1").arg(i),
                                                   QStringLiteral("automation")});
                raised[i] = report ? report->raised : -100;
                f.cache->releaseThreadConnection();
            }));
        }
        for (QThread *thread : threads)
            thread->start();
        for (QThread *thread : threads) {
            QVERIFY(thread->wait(60000));
            delete thread;
        }
        QVERIFY(raised.at(0) >= 0 && raised.at(1) >= 0);
        QCOMPARE(raised.at(0) + raised.at(1), 5);
        QCOMPARE(f.count(QStringLiteral("triage_items")), 5);
        QCOMPARE(f.count(QStringLiteral("journey_exceptions")), 5);
        QVERIFY(f.audit->verify().intact);
    }

    void coordinatorActionsAreCheckedAndAudited()
    {
        JourneyFixture f;
        QVERIFY(f.startWithScenarios());
        const QString p1 = f.master(QStringLiteral("jp-1"));
        auto refused =
            f.journeys->recordAction(p1, {JourneyAction::Kind::Move, QStringLiteral("intake"), {}},
                                     coordinator(QStringLiteral("ana")));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, Error::Code::Conflict);
        QVERIFY(refused.error().message.contains(QStringLiteral("no path from \"adherence\"")));
        auto unknown =
            f.journeys->recordAction(p1, {JourneyAction::Kind::Move, QStringLiteral("nowhere"), {}},
                                     coordinator(QStringLiteral("ana")));
        QCOMPARE(unknown.error().code, Error::Code::InvalidInput);
        auto noStep = f.journeys->recordAction(
            p1, {JourneyAction::Kind::CompleteStep, {}, QStringLiteral("refill-30")},
            coordinator(QStringLiteral("ana"))); // done by the second fill already
        QCOMPARE(noStep.error().code, Error::Code::Conflict);

        auto step = f.journeys->recordAction(
            p1, {JourneyAction::Kind::CompleteStep, {}, QStringLiteral("refill-180")},
            coordinator(QStringLiteral("ana")));
        QVERIFY2(step, step ? "" : qPrintable(step.error().message));
        auto closed =
            f.journeys->recordAction(p1, {JourneyAction::Kind::Move, QStringLiteral("closed"), {}},
                                     coordinator(QStringLiteral("ana")));
        QVERIFY(closed);
        auto journey = f.journeys->journey(f.reader, p1);
        QCOMPARE(journey->state.currentStage, QStringLiteral("closed"));
        QCOMPARE(journey->state.visits.last().resourceType, QStringLiteral("JourneyAction"));
        QVERIFY(journey->exceptions.isEmpty()); // a closed journey raises nothing

        QSqlQuery audit(f.cache->connection());
        QVERIFY(audit.exec(QStringLiteral("SELECT actor, master_id, detail FROM audit_log WHERE "
                                          "action = 'journey-action' ORDER BY seq")));
        QVERIFY(audit.next());
        QCOMPARE(audit.value(0).toString(), QStringLiteral("ana"));
        QCOMPARE(audit.value(1).toString(), p1);
        QCOMPARE(audit.value(2).toString(), QStringLiteral("step=refill-180;stage=adherence"));
        QVERIFY(audit.next());
        QCOMPARE(audit.value(2).toString(), QStringLiteral("move=closed;from=adherence"));
        QVERIFY(!audit.next());
    }

    // Issue 8, point 1: each record type named moves a journey when a program says so. One
    // program per row whose only way from "a" to "b" is that trigger, over the imported records.
    void eachEventSourceMovesAStage_data()
    {
        QTest::addColumn<QString>("trigger");
        QTest::addColumn<QString>("resourceType");
        QTest::addColumn<QString>("resourceId"); // empty: any of that type
        QTest::newRow("FHIR Task") << R"({"event": "task", "codes": ["benefits-verification"]})"
                                   << "Task"
                                   << "jt-bv-1";
        QTest::newRow("CoverageEligibilityResponse")
            << R"({"event": "eligibility", "statuses": ["eligible"]})"
            << "CoverageEligibilityResponse"
            << "jer-1";
        QTest::newRow("ClaimResponse use=preauthorization, approved")
            << R"({"event": "preauth", "statuses": ["approved"]})"
            << "ClaimResponse"
            << "jpr-2";
        QTest::newRow("ClaimResponse use=preauthorization, denied")
            << R"({"event": "preauth", "statuses": ["denied"]})"
            << "ClaimResponse"
            << "jpr-1";
        QTest::newRow("MedicationDispense") << R"({"event": "dispense", "statuses": ["completed"]})"
                                            << "MedicationDispense"
                                            << "jd-1-0";
        QTest::newRow("Appointment")
            << R"({"event": "appointment", "codes": ["injection-training"]})"
            << "Appointment"
            << "jap-1";
        QTest::newRow("HL7 ADT admission (A01)") << R"({"event": "adt", "codes": ["admission"]})"
                                                 << "HL7v2"
                                                 << "";
        QTest::newRow("HL7 ADT discharge by trigger (A03)")
            << R"({"event": "adt", "codes": ["a03"]})"
            << "HL7v2"
            << "";
    }

    void eachEventSourceMovesAStage()
    {
        QFETCH(QString, trigger);
        QFETCH(QString, resourceType);
        QFETCH(QString, resourceId);
        JourneyFixture f;
        QVERIFY(f.startWithScenarios());
        auto appointment = f.importer->importFile(
            QStringLiteral(CAREDESK_SOURCE_DIR "/tests/data/journeys/journey-appointment.ndjson"));
        QVERIFY2(appointment, appointment ? "" : qPrintable(appointment.error().message));
        const QString program = QStringLiteral(R"({"format": "caredesk-journey", "version": 2,
                "program": "specialty-therapy", "timeZone": "America/New_York",
                "initialStage": "a",
                "stages": [{"id": "a"}, {"id": "b"}, {"id": "done", "terminal": true}],
                "transitions": [{"from": "a", "to": "b", "on": %1},
                                {"from": "*", "to": "done", "on": {"event": "action"}}]})")
                                    .arg(trigger);
        auto saved = f.journeys->saveDefinition(program.toUtf8(), admin());
        QVERIFY2(saved, saved ? "" : qPrintable(saved.error().message));

        auto journey = f.journeys->journey(f.reader, f.master(QStringLiteral("jp-1")));
        QVERIFY2(journey, journey ? "" : qPrintable(journey.error().message));
        const JourneyState &state = journey->state;
        QCOMPARE(path(state), QStringLiteral("a > b"));
        QCOMPARE(state.visits.at(1).resourceType, resourceType);
        if (!resourceId.isEmpty())
            QCOMPARE(state.visits.at(1).resourceId, resourceId);
    }

    void definitionVersionsOnlyRise()
    {
        JourneyFixture f;
        QVERIFY(f.startEmpty());
        auto builtIn = f.journeys->definition();
        QVERIFY(builtIn);
        QCOMPARE(builtIn->version, 1);

        auto same = f.journeys->saveDefinition(builtIn->toJsonBytes(), admin());
        QCOMPARE(same.error().code, Error::Code::Conflict);

        JourneyDefinition edited = *builtIn;
        edited.version = 2;
        edited.stages[1].expectedDays = 2;
        auto saved = f.journeys->saveDefinition(edited.toJsonBytes(), admin());
        QVERIFY2(saved, saved ? "" : qPrintable(saved.error().message));
        QCOMPARE(*saved, 2);
        QCOMPARE(f.journeys->definition()->stages.at(1).expectedDays, 2);

        // A dead end is refused and changes nothing.
        JourneyDefinition broken = edited;
        broken.version = 3;
        broken.transitions.clear();
        auto refused = f.journeys->saveDefinition(broken.toJsonBytes(), admin());
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QStringLiteral("dead end")));
        QCOMPARE(f.journeys->definition()->version, 2);
        QCOMPARE(f.count(QStringLiteral("journey_definitions")), 1);

        QSqlQuery audit(f.cache->connection());
        QVERIFY(audit.exec(QStringLiteral("SELECT object FROM audit_log WHERE action = "
                                          "'journey-definition-save'")));
        QVERIFY(audit.next());
        QCOMPARE(audit.value(0).toString(),
                 QStringLiteral("journey-definition/specialty-therapy/v2"));
    }

    void stalledStageUnderTheEditedDefinition()
    {
        JourneyFixture f;
        QVERIFY(f.startWithScenarios());
        // Patient 3 has been in benefits verification since 30 Nov: not stalled at 5 days,
        // stalled once an administrator shortens the stage to 2 days.
        const QString p3 = f.master(QStringLiteral("jp-3"));
        QVERIFY(!f.journeys->journey(f.reader, p3)->state.stalled);
        JourneyDefinition edited = *f.journeys->definition();
        edited.version = 2;
        edited.stages[1].expectedDays = 2;
        QVERIFY(f.journeys->saveDefinition(edited.toJsonBytes(), admin()));
        auto journey = f.journeys->journey(f.reader, p3);
        QVERIFY(journey->state.stalled);
        QVERIFY(kinds(journey->exceptions).contains(QStringLiteral("stalled-stage")));

        // In the queue with the definition's tier and deadline (routine, 72 hours).
        QVERIFY(f.exceptions().raise(principalForAutomation()));
        auto items = f.triage->openItems(f.reader);
        QVERIFY(items);
        const auto stalled = std::find_if(items->cbegin(), items->cend(), [](const auto &item) {
            return item.summary.startsWith(QLatin1String("Stalled in Benefits verification"));
        });
        QVERIFY(stalled != items->cend());
        QCOMPARE(stalled->source, QStringLiteral("journey"));
        QCOMPARE(stalled->tier, TriageTier::Routine);
        QCOMPARE(stalled->dueAt, f.clock.now().addSecs(72 * 3600));
    }

    void sourceRecordsOpenAndAreAudited()
    {
        JourneyFixture f;
        QVERIFY(f.startWithScenarios());
        auto record =
            f.journeys->sourceRecord(QStringLiteral("ClaimResponse"), QStringLiteral("jpr-1"),
                                     coordinator(QStringLiteral("ana")));
        QVERIFY2(record, record ? "" : qPrintable(record.error().message));
        QCOMPARE(record->kind, QStringLiteral("authorization"));
        QVERIFY(record->content.contains(QStringLiteral("Step therapy with methotrexate")));
        auto missing =
            f.journeys->sourceRecord(QStringLiteral("ClaimResponse"), QStringLiteral("nope"),
                                     coordinator(QStringLiteral("ana")));
        QCOMPARE(missing.error().code, Error::Code::NotFound);
        QSqlQuery audit(f.cache->connection());
        QVERIFY(audit.exec(QStringLiteral("SELECT object FROM audit_log WHERE action = "
                                          "'view-record'")));
        QVERIFY(audit.next());
        QCOMPARE(audit.value(0).toString(), QStringLiteral("ClaimResponse/jpr-1"));
        QVERIFY(!audit.next());
    }

    void findPatient()
    {
        JourneyFixture f;
        QVERIFY(f.startWithScenarios());
        const QString p1 = f.master(QStringLiteral("jp-1"));
        QCOMPARE(f.journeys->findPatient(p1).value_or(QString()), p1);
        QCOMPARE(f.journeys->findPatient(QStringLiteral("MPI-0000")).error().code,
                 Error::Code::NotFound);
        QCOMPARE(f.journeys->findPatient(QStringLiteral("  ")).error().code,
                 Error::Code::InvalidInput);
        auto enrolled = f.journeys->enrolledPatients();
        QVERIFY(enrolled);
        QCOMPARE(enrolled->size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestJourneyService)
#include "tst_journeyservice.moc"
