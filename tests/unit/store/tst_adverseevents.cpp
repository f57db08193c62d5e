// SPDX-License-Identifier: GPL-3.0-or-later
// Possible adverse events (issue 6, item 2): a reply tying a symptom to the therapy is recorded
// with the day CareDesk first received it and the 15-day report date, shown on its item, closed
// with the item, and exported for the pharmacovigilance team as CSV or NDJSON.
#include "TestCache.h"

#include "services/triage/AdverseEventLog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

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

// A minimal RFC 4180 reader, to check what a spreadsheet would see.
QList<QStringList> readCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field.append(u'"');
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field.append(c);
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            row.append(field);
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            row.append(field);
            rows.append(row);
            row.clear();
            field.clear();
            ++i;
        } else {
            field.append(c);
        }
    }
    return rows;
}

} // namespace

class TestAdverseEvents : public QObject
{
    Q_OBJECT

private:
    static bool send(TriageFixture &f, const QString &id, const QString &patient,
                     const QString &text)
    {
        auto summary =
            f.importer->importBytes(communication(id, patient, text),
                                    id + QStringLiteral(".ndjson"), Importer::Format::FhirNdjson);
        if (!summary)
            qWarning("%s", qPrintable(summary.error().message));
        return summary.has_value();
    }

    static QList<AdverseEventRecord> records(TriageFixture &f)
    {
        return AdverseEventLog::list(*f.access, supervisor(), f.cache->connection())
            .value_or(QList<AdverseEventRecord>{});
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // Only a symptom of the patient's own tied to the therapy is a possible adverse event.
    void therapyLinkedSymptomIsRecorded_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<bool>("adverseEvent");
        QTest::addColumn<TriageTier>("tier");
        QTest::newRow("rash since the injection")
            << QStringLiteral("I got a rash since I started the injection") << true
            << TriageTier::Routine;
        QTest::newRow("chest pain since the new medication")
            << QStringLiteral("chest pain since I started the new medication") << true
            << TriageTier::Emergent;
        QTest::newRow("spanish") << QStringLiteral("tengo sarpullido desde que empecé la inyección")
                                 << true << TriageTier::Routine;
        QTest::newRow("symptom without the therapy")
            << QStringLiteral("I have a rash on my arm") << false << TriageTier::Routine;
        QTest::newRow("a question, no symptom")
            << QStringLiteral("what are the side effects of the injection?") << false
            << TriageTier::Routine;
    }

    void therapyLinkedSymptomIsRecorded()
    {
        QFETCH(QString, reply);
        QFETCH(bool, adverseEvent);
        QFETCH(TriageTier, tier);
        TriageFixture f;
        QVERIFY(f.start());
        const QDateTime received = f.clock.now();
        QVERIFY(send(f, QStringLiteral("ae-1"), QStringLiteral("p1"), reply));

        const QList<AdverseEventRecord> found = records(f);
        QCOMPARE(found.size(), adverseEvent ? 1 : 0);
        if (!adverseEvent)
            return;
        const AdverseEventRecord &record = found.first();
        QCOMPARE(record.communicationId, QStringLiteral("ae-1"));
        QCOMPARE(record.firstReceivedAt, received);
        QCOMPARE(record.reportDueAt, received.addDays(15));
        QCOMPARE(record.daysLeft(received), qint64(15));
        QCOMPARE(record.status, QStringLiteral("open"));
        QCOMPARE(record.verbatim, reply);
        QVERIFY(!record.symptoms.isEmpty());
        QVERIFY(!record.therapyWords.isEmpty());

        // The item carries the report date; it is held for a person, whatever its tier.
        auto items = f.triage->openItems(nurse());
        QCOMPARE(items->size(), 1);
        QCOMPARE(items->first().tier, tier);
        QVERIFY(items->first().possibleAdverseEvent);
        QCOMPARE(items->first().adverseEventDueAt, received.addDays(15));
        QVERIFY(items->first().needsReview);
        QCOMPARE(record.itemId, items->first().id);
        QVERIFY(f.audit->verify().intact);
    }

    // The same symptom again in the episode is a follow-up: the first date stands. Another
    // symptom is an event of its own, with its own date.
    void followUpKeepsTheFirstDate()
    {
        TriageFixture f;
        QVERIFY(f.start());
        const QDateTime first = f.clock.now();
        QVERIFY(send(f, QStringLiteral("r1"), QStringLiteral("p1"),
                     QStringLiteral("I got a rash since I started the injection")));
        f.clock.advanceSecs(3 * 24 * 3600);
        QVERIFY(send(f, QStringLiteral("r2"), QStringLiteral("p1"),
                     QStringLiteral("the rash from the injection is still there")));
        QCOMPARE(records(f).size(), 1);
        QCOMPARE(records(f).first().firstReceivedAt, first);

        const QDateTime later = f.clock.now();
        QVERIFY(send(f, QStringLiteral("r3"), QStringLiteral("p1"),
                     QStringLiteral("and now a headache since the injection too")));
        const QList<AdverseEventRecord> found = records(f);
        QCOMPARE(found.size(), 2);
        QCOMPARE(found.at(1).firstReceivedAt, later);
        QCOMPARE(found.at(1).itemId, found.at(0).itemId); // one item, one episode
        QCOMPARE(f.triage->openItems(nurse())->first().adverseEventDueAt, first.addDays(15));
    }

    // Resolving the item closes its events: reported when the nurse says so, otherwise judged
    // not reportable, with who and when.
    void resolvingClosesTheEvents_data()
    {
        QTest::addColumn<QString>("disposition");
        QTest::addColumn<QString>("status");
        QTest::newRow("reported") << QStringLiteral("adverse-event-reported")
                                  << QStringLiteral("reported");
        QTest::newRow("judged otherwise")
            << QStringLiteral("no-action-needed") << QStringLiteral("not-reported");
    }

    void resolvingClosesTheEvents()
    {
        QFETCH(QString, disposition);
        QFETCH(QString, status);
        TriageFixture f;
        QVERIFY(f.start());
        QVERIFY(send(f, QStringLiteral("r1"), QStringLiteral("p1"),
                     QStringLiteral("I got a rash since I started the injection")));
        const qint64 item = f.triage->openItems(nurse())->first().id;
        QVERIFY(f.triage->claim(item, nurse(kNurse)));
        f.clock.advanceSecs(3600);
        QVERIFY(
            f.triage->resolve(item, nurse(kNurse), disposition, QStringLiteral("Spoke with her.")));
        const AdverseEventRecord record = records(f).first();
        QCOMPARE(record.status, status);
        QCOMPARE(record.closedBy, kNurse);
        QCOMPARE(record.closedAt, f.clock.now());
    }

    // Whole calendar days (UTC) to the report date; negative once late.
    void daysLeftCountsCalendarDays_data()
    {
        QTest::addColumn<int>("hoursLater");
        QTest::addColumn<qint64>("daysLeft");
        QTest::newRow("day 0") << 0 << qint64(15);
        QTest::newRow("day 14") << 14 * 24 << qint64(1);
        QTest::newRow("due today") << 15 * 24 << qint64(0);
        QTest::newRow("a day late") << 16 * 24 << qint64(-1);
    }

    void daysLeftCountsCalendarDays()
    {
        QFETCH(int, hoursLater);
        QFETCH(qint64, daysLeft);
        AdverseEventRecord record;
        const QDateTime received(QDate(2026, 12, 3), QTime(23, 30), QTimeZone::utc());
        record.firstReceivedAt = received;
        record.reportDueAt = received.addDays(AdverseEventLog::kReportDays);
        QCOMPARE(record.daysLeft(received.addSecs(qint64(hoursLater) * 3600)), daysLeft);
    }

    // CSV for a spreadsheet: one header, quoting by RFC 4180, and a patient's text that starts
    // like a formula is written as text.
    void csvExportIsSafeToOpen()
    {
        AdverseEventRecord record;
        record.id = 7;
        record.masterId = QStringLiteral("MPI-1");
        record.itemId = 3;
        record.communicationId = QStringLiteral("c-1");
        record.symptoms = {QStringLiteral("rash"), QStringLiteral("headache")};
        record.symptomWords = {QStringLiteral("rash")};
        record.therapyWords = {QStringLiteral("since I started")};
        record.firstReceivedAt = QDateTime(QDate(2026, 12, 3), QTime(9, 0), QTimeZone::utc());
        record.reportDueAt = record.firstReceivedAt.addDays(15);
        record.status = QStringLiteral("open");
        AdverseEventRecord formula = record;
        formula.id = 8;
        formula.verbatim = QStringLiteral("=HYPERLINK(\"http://x\",\"rash\")");
        record.verbatim = QStringLiteral("rash, \"itchy\"\nsince I started");

        const QByteArray csv = AdverseEventLog::exportAs(
            {record, formula}, AdverseEventLog::Format::Csv, record.firstReceivedAt.addDays(2));
        const QList<QStringList> rows = readCsv(QString::fromUtf8(csv));
        QCOMPARE(rows.size(), 3);
        const QStringList header = rows.first();
        QCOMPARE(header.first(), QStringLiteral("adverse_event_id"));
        QCOMPARE(rows.at(1).size(), header.size());
        QCOMPARE(rows.at(2).size(), header.size());
        const auto column = [&header](const QString &name) {
            return header.indexOf(name);
        };
        QCOMPARE(rows.at(1).at(column(QStringLiteral("verbatim"))), record.verbatim);
        QCOMPARE(rows.at(1).at(column(QStringLiteral("first_received"))),
                 QStringLiteral("2026-12-03T09:00:00Z"));
        QCOMPARE(rows.at(1).at(column(QStringLiteral("report_due"))), QStringLiteral("2026-12-18"));
        QCOMPARE(rows.at(1).at(column(QStringLiteral("days_left"))), QStringLiteral("13"));
        QCOMPARE(rows.at(1).at(column(QStringLiteral("symptoms"))),
                 QStringLiteral("rash;headache"));
        QCOMPARE(rows.at(2).at(column(QStringLiteral("verbatim"))), u'\'' + formula.verbatim);
    }

    // NDJSON from a real cache: one object per event, oldest first, every field typed.
    void ndjsonExportHasEveryField()
    {
        TriageFixture f;
        QVERIFY(f.start());
        QVERIFY(send(f, QStringLiteral("r1"), QStringLiteral("p1"),
                     QStringLiteral("I got a rash since I started the injection")));
        QVERIFY(send(f, QStringLiteral("r2"), QStringLiteral("p2"),
                     QStringLiteral("chest pain since I started the new medication")));
        const QByteArray ndjson = AdverseEventLog::exportAs(
            records(f), AdverseEventLog::Format::Ndjson, f.clock.now().addDays(20));
        const QList<QByteArray> lines = ndjson.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        for (const QByteArray &line : lines) {
            QJsonParseError error;
            const QJsonObject object = QJsonDocument::fromJson(line, &error).object();
            QCOMPARE(error.error, QJsonParseError::NoError);
            QVERIFY(object.value(QLatin1String("patientMasterId")).toString().startsWith(u'M'));
            QVERIFY(object.value(QLatin1String("triageItemId")).toInteger() > 0);
            QCOMPARE(object.value(QLatin1String("status")).toString(), QStringLiteral("open"));
            QCOMPARE(object.value(QLatin1String("daysLeft")).toInteger(), -5); // 5 days late
            QVERIFY(object.value(QLatin1String("symptoms")).toArray().size() >= 1);
            QVERIFY(object.value(QLatin1String("therapyWords")).toArray().size() >= 1);
            QVERIFY(!object.value(QLatin1String("verbatim")).toString().isEmpty());
            QCOMPARE(object.value(QLatin1String("reportDue")).toString(),
                     f.clock.now().addDays(15).date().toString(Qt::ISODate));
        }
    }
};

QTEST_GUILESS_MAIN(TestAdverseEvents)
#include "tst_adverseevents.moc"
