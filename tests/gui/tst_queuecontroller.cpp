// SPDX-License-Identifier: GPL-3.0-or-later
// QueueController::refreshChanged (issue 6, item 9): the queue read again only where the queue
// events say it changed must be the queue a full read gives, row for row and in order, after
// every kind of change another workstation or worker makes; the model the window shows is
// checked by QAbstractItemModelTester while the rows move. No window and no timers, so no full
// read happens unless the test asks for one.
#include "../unit/store/TestCache.h"

#include "models/TriageQueueModel.h"
#include "services/triage/EscalationService.h"
#include "ui/QueueController.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

const QString kNurse = QStringLiteral("nurse.ana");

// What a row shows that a change can alter, one line per row in queue order.
QStringList rowsOf(const QList<TriageItem> &items)
{
    QStringList rows;
    for (const TriageItem &item : items) {
        rows.append(QStringLiteral("%1 %2 %3 owner=%4 replies=%5 level=%6 ack=%7 due=%8")
                        .arg(item.id)
                        .arg(tierName(item.tier), triageStatusName(item.status), item.owner)
                        .arg(item.replyCount)
                        .arg(item.escalationLevel)
                        .arg(item.awaitsAcknowledgement() ? QStringLiteral("owed")
                                                          : QStringLiteral("given"),
                             item.dueAt.toString(Qt::ISODate)));
    }
    return rows;
}

} // namespace

class tst_QueueController : public QObject
{
    Q_OBJECT

private:
    struct Fixture : TriageFixture {
        Workstation workstation()
        {
            Workstation ws;
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
            const QJsonObject object{
                {QStringLiteral("resourceType"), QStringLiteral("Communication")},
                {QStringLiteral("id"), id},
                {QStringLiteral("sender"),
                 QJsonObject{
                     {QStringLiteral("reference"), QString(QStringLiteral("Patient/") + patient)}}},
                {QStringLiteral("payload"),
                 QJsonArray{QJsonObject{{QStringLiteral("contentString"), text}}}},
            };
            return importer
                ->importBytes(QJsonDocument(object).toJson(QJsonDocument::Compact),
                              id + QStringLiteral(".json"), Importer::Format::FhirJson)
                .has_value();
        }

        qint64 itemOf(const QString &communicationId)
        {
            QSqlQuery query(cache->connection());
            query.prepare(QStringLiteral("SELECT id FROM triage_items WHERE communication_id = ?"));
            query.addBindValue(communicationId);
            return query.exec() && query.next() ? query.value(0).toLongLong() : 0;
        }
    };

    // The controller and the model the window would show, fed by its itemsChanged.
    struct Queue {
        explicit Queue(Fixture &f)
            : controller(f.workstation())
            , tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest)
        {
            QObject::connect(&controller, &QueueController::itemsChanged, &model,
                             &TriageQueueModel::setItems);
        }
        ~Queue() { controller.waitForIdle(); }

        // Asks for a read and waits for its answer.
        bool read(bool full)
        {
            QSignalSpy answered(&controller, &QueueController::itemsChanged);
            QSignalSpy failed(&controller, &QueueController::refreshFailed);
            if (full)
                controller.refresh();
            else
                controller.refreshChanged();
            QElapsedTimer took;
            took.start();
            const bool came = answered.wait(60000);
            if (took.elapsed() > 2000)
                qWarning("the read took %lld ms", took.elapsed());
            if (!came) {
                for (const QList<QVariant> &failure : std::as_const(failed))
                    qWarning("the read failed: %s", qPrintable(failure.at(0).toString()));
                return false;
            }
            return true;
        }

        QueueController controller;
        TriageQueueModel model;
        QAbstractItemModelTester tester;
    };

private slots:
    void changedReadEqualsFullRead_data();
    void changedReadEqualsFullRead();
    void changedReadWithoutEventsKeepsTheQueue();
};

void tst_QueueController::changedReadEqualsFullRead_data()
{
    QTest::addColumn<QString>("change");
    QTest::newRow("a new emergent item goes above the rest") << QStringLiteral("new");
    QTest::newRow("a raise moves a routine item to the top") << QStringLiteral("raise");
    QTest::newRow("a reply joins an item without raising it") << QStringLiteral("join");
    QTest::newRow("claimed at another workstation") << QStringLiteral("claim");
    QTest::newRow("released at another workstation") << QStringLiteral("release");
    QTest::newRow("resolved at another workstation: the row goes") << QStringLiteral("resolve");
    QTest::newRow("the escalation ladder took a step") << QStringLiteral("escalate");
    QTest::newRow("several of them at once") << QStringLiteral("all");
}

void tst_QueueController::changedReadEqualsFullRead()
{
    QFETCH(QString, change);
    Fixture f;
    QVERIFY(f.start());
    // An emergent, an urgent and a routine review item (a possible adverse event).
    QVERIFY(f.reply(QStringLiteral("e1"), QStringLiteral("p1"), QStringLiteral("I can't breathe")));
    QVERIFY(f.reply(QStringLiteral("u1"), QStringLiteral("p2"),
                    QStringLiteral("so much dizziness today")));
    QVERIFY(f.reply(QStringLiteral("r1"), QStringLiteral("p3"),
                    QStringLiteral("I got a rash since I started the injection")));
    Queue queue(f);
    QVERIFY(queue.read(true));
    QCOMPARE(queue.model.rowCount(), 3);
    const QStringList before = rowsOf(queue.model.items());

    const Principal ben = nurse(QStringLiteral("nurse.ben"));
    const bool all = change == QLatin1String("all");
    if (change == QLatin1String("new") || all)
        QVERIFY(f.reply(QStringLiteral("e2"), QStringLiteral("p9"),
                        QStringLiteral("my face is drooping and I can't lift my arm")));
    if (change == QLatin1String("raise") || all)
        QVERIFY(f.reply(QStringLiteral("r2"), QStringLiteral("p3"),
                        QStringLiteral("now my throat is closing up")));
    if (change == QLatin1String("join") || all)
        QVERIFY(f.reply(QStringLiteral("u2"), QStringLiteral("p2"),
                        QStringLiteral("still dizzy this evening")));
    if (change == QLatin1String("claim") || change == QLatin1String("release") || all)
        QVERIFY(f.triage->claim(f.itemOf(QStringLiteral("u1")), ben));
    if (change == QLatin1String("release") || all) {
        f.clock.advanceSecs(60); // released later: its deadline starts again from then
        QVERIFY(f.triage->release(f.itemOf(QStringLiteral("u1")), ben));
    }
    if (change == QLatin1String("resolve") || all)
        QVERIFY(f.triage->resolve(f.itemOf(QStringLiteral("e1")), ben,
                                  QStringLiteral("sent-to-emergency"), QStringLiteral("911.")));
    if (change == QLatin1String("escalate") || all) {
        EscalationService ladder(
            f.cache, *f.audit, *f.access, f.clock, EscalationSettings{},
            Principal{QStringLiteral("escalation-ladder"), QStringLiteral("automation")});
        f.clock.advanceSecs(5 * 60);
        QVERIFY(ladder.checkNow().value_or(0) > 0);
    }

    QVERIFY(queue.read(false));
    const QStringList changed = rowsOf(queue.model.items());
    QVERIFY(changed != before); // the change is on screen ...
    auto full = f.triage->openItems(nurse(kNurse));
    QVERIFY(full);
    QCOMPARE(changed, rowsOf(*full)); // ... exactly as a full read has it
    // A full read afterwards moves nothing.
    QVERIFY(queue.read(true));
    QCOMPARE(rowsOf(queue.model.items()), changed);
}

// Nothing written since the last read: the queue stays as it was, without reading any item.
void tst_QueueController::changedReadWithoutEventsKeepsTheQueue()
{
    Fixture f;
    QVERIFY(f.start());
    QVERIFY(f.reply(QStringLiteral("e1"), QStringLiteral("p1"), QStringLiteral("I can't breathe")));
    Queue queue(f);
    // The first read is a full one even when only what changed is asked for.
    QVERIFY(queue.read(false));
    QCOMPARE(queue.model.rowCount(), 1);
    const QStringList before = rowsOf(queue.model.items());
    QVERIFY(queue.read(false));
    QCOMPARE(rowsOf(queue.model.items()), before);
}

QTEST_MAIN(tst_QueueController)
#include "tst_queuecontroller.moc"
