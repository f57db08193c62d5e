// SPDX-License-Identifier: GPL-3.0-or-later
// The generic outbox over a real encrypted cache: order per lane, backoff, Retry-After in every
// form, bounded attempts, dead letters, audited retry and discard, and the look-up by
// idempotency key after a crash (case 17). The handler here is scripted: the outbox's peer is a
// handler, and the FHIR handler is tested against the real server elsewhere.
#include "models/Clock.h"
#include "services/outbox/Outbox.h"
#include "services/outbox/OutboxStore.h"
#include "services/outbox/RetryPolicy.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/security/RoleCatalogue.h"
#include "services/store/CacheDatabase.h"
#include "services/store/KeyVault.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <deque>

using namespace CareDesk;

namespace {

// Answers each send with the next scripted outcome (Done when the script is empty).
class ScriptedHandler : public OutboxHandler
{
public:
    std::deque<OutboxAttempt> script;
    Reconciliation reconciliation = Reconciliation::NotApplied;
    QStringList sent;       // idempotency keys, in the order they were sent
    QStringList reconciled; // idempotency keys looked up

    void send(const OutboxCommand &command, AttemptCallback done) override
    {
        sent.append(command.idempotencyKey);
        OutboxAttempt attempt;
        if (!script.empty()) {
            attempt = script.front();
            script.pop_front();
        }
        done(attempt);
    }
    void reconcile(const OutboxCommand &command, ReconcileCallback done) override
    {
        reconciled.append(command.idempotencyKey);
        done(reconciliation, QString());
    }
};

OutboxAttempt retryable(std::optional<qint64> after = std::nullopt)
{
    return OutboxAttempt::failure(OutboxAttempt::Kind::Retry, QStringLiteral("503 from server"), {},
                                  after);
}

} // namespace

class tst_Outbox : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void retryAfterForms_data();
    void retryAfterForms();
    void backoff_data();
    void backoff();
    void fleetSpreadsOut();
    void drainsInLaneOrder();
    void retriesThenGivesUpIntoDeadLetter();
    void permanentAndConflictAreDeadAtOnce();
    void retryAndDiscardAreAudited();
    void sameKeyQueuesOnce();
    void crashInFlightIsReconciledBeforeResend_data();
    void crashInFlightIsReconciledBeforeResend();
    void pausedQueuesAndDrainsInOrder();

private:
    NewOutboxCommand command(const QString &key, const QString &lane) const;
    qint64 queue(const QString &key, const QString &lane);
    OutboxStatus statusOf(qint64 id);
    std::unique_ptr<Outbox> makeOutbox(ScriptedHandler &handler, int maxAttempts = 4);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MemoryKeyVault> m_vault;
    TestClock m_clock{QDateTime(QDate(2031, 1, 1), QTime(9, 58), QTimeZone::utc())};
    std::shared_ptr<CacheDatabase> m_cache;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<AccessControl> m_access;
    const Principal m_supervisor{QStringLiteral("supervisor"), QStringLiteral("supervisor")};
};

void tst_Outbox::init()
{
    // Under the build tree, never /tmp.
    m_dir =
        std::make_unique<QTemporaryDir>(QStringLiteral(CAREDESK_BINARY_DIR "/tst_outbox-XXXXXX"));
    QVERIFY(m_dir->isValid());
    m_vault = std::make_unique<MemoryKeyVault>();
    auto cache = CacheDatabase::open(m_dir->path(), *m_vault);
    QVERIFY2(cache, cache ? "" : qPrintable(cache.error().message));
    m_cache = *cache;
    m_audit = std::make_unique<AuditLog>(m_cache, m_clock);
    auto roles = RoleCatalogue::builtIn();
    QVERIFY(roles);
    m_access = std::make_unique<AccessControl>(m_cache, *m_audit, std::move(*roles), m_clock);
}

void tst_Outbox::cleanup()
{
    m_access.reset();
    m_audit.reset();
    m_cache.reset();
    m_dir.reset();
}

NewOutboxCommand tst_Outbox::command(const QString &key, const QString &lane) const
{
    NewOutboxCommand made;
    made.kind = QStringLiteral("test.kind");
    made.idempotencyKey = key;
    made.lane = lane;
    made.masterId = QStringLiteral("MPI-TEST");
    made.payload = QJsonObject{{QStringLiteral("key"), key}};
    made.requestedBy = QStringLiteral("nurse-a");
    return made;
}

qint64 tst_Outbox::queue(const QString &key, const QString &lane)
{
    QSqlDatabase db = m_cache->connection();
    auto id = Outbox::enqueue(db, command(key, lane), m_clock.now());
    return id ? *id : -1;
}

OutboxStatus tst_Outbox::statusOf(qint64 id)
{
    auto command = OutboxStore(m_cache->connection()).get(id);
    return command && command->has_value() ? (*command)->status : OutboxStatus::Discarded;
}

std::unique_ptr<Outbox> tst_Outbox::makeOutbox(ScriptedHandler &handler, int maxAttempts)
{
    RetryPolicy policy({2, 300, maxAttempts}, [] { return 0.5; });
    auto outbox = std::make_unique<Outbox>(m_cache, *m_audit, *m_access, m_clock, policy);
    outbox->registerHandler(QStringLiteral("test.kind"), &handler);
    return outbox;
}

void tst_Outbox::retryAfterForms_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("serverDate");
    QTest::addColumn<qint64>("expected"); // -1: no usable value

    const QByteArray date = "Wed, 01 Jan 2031 09:58:00 GMT";
    QTest::newRow("delta seconds") << QByteArray("2") << date << qint64(2);
    QTest::newRow("delta seconds with spaces") << QByteArray(" 120 ") << date << qint64(120);
    QTest::newRow("IMF-fixdate, measured against the server Date")
        << QByteArray("Wed, 01 Jan 2031 10:00:00 GMT") << date << qint64(120);
    QTest::newRow("RFC 850 date") << QByteArray("Wednesday, 01-Jan-31 10:00:00 GMT") << date
                                  << qint64(120);
    QTest::newRow("asctime date") << QByteArray("Wed Jan  1 10:00:00 2031") << date << qint64(120);
    QTest::newRow("date in the past is now")
        << QByteArray("Wed, 01 Jan 2031 09:00:00 GMT") << date << qint64(0);
    QTest::newRow("huge delta is kept for the policy to clamp")
        << QByteArray("86400") << date << qint64(86400);
    QTest::newRow("garbage word") << QByteArray("soon") << date << qint64(-1);
    QTest::newRow("negative") << QByteArray("-5") << date << qint64(-1);
    QTest::newRow("empty") << QByteArray() << date << qint64(-1);
    QTest::newRow("fraction") << QByteArray("1.5") << date << qint64(-1);
    QTest::newRow("date without a server Date uses the local clock")
        << QByteArray("Wed, 01 Jan 2031 10:00:00 GMT") << QByteArray() << qint64(120);
}

void tst_Outbox::retryAfterForms()
{
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, serverDate);
    QFETCH(qint64, expected);
    // The local clock is wrong by a day when the server says what time it is: the server wins.
    const QDateTime local = serverDate.isEmpty() ? m_clock.now() : m_clock.now().addDays(-1);
    const auto parsed = parseRetryAfter(value, parseHttpDate(serverDate), local);
    QCOMPARE(parsed.value_or(-1), expected);
}

void tst_Outbox::backoff_data()
{
    QTest::addColumn<int>("attempts");
    QTest::addColumn<double>("random");
    QTest::addColumn<qint64>("retryAfter"); // -1: none
    QTest::addColumn<bool>("giveUp");
    QTest::addColumn<qint64>("minDelay");
    QTest::addColumn<qint64>("maxDelay");
    QTest::addColumn<bool>("deferred");

    QTest::newRow("first retry, no header, low jitter")
        << 1 << 0.0 << qint64(-1) << false << qint64(1) << qint64(1) << false;
    QTest::newRow("first retry, no header, high jitter")
        << 1 << 0.999 << qint64(-1) << false << qint64(2) << qint64(2) << false;
    QTest::newRow("fourth retry doubles thrice")
        << 4 << 0.0 << qint64(-1) << false << qint64(8) << qint64(8) << false;
    QTest::newRow("seventh retry")
        << 7 << 0.999 << qint64(-1) << false << qint64(128) << qint64(128) << false;
    QTest::newRow("backoff is capped")
        << 10 << 0.999 << qint64(-1) << false << qint64(300) << qint64(300) << false;
    QTest::newRow("Retry-After 2 s")
        << 1 << 0.0 << qint64(2) << false << qint64(2) << qint64(2) << false;
    QTest::newRow("Retry-After 120 s with jitter")
        << 1 << 0.999 << qint64(120) << false << qint64(120) << qint64(132) << false;
    QTest::newRow("Retry-After a day is clamped and deferred")
        << 1 << 0.0 << qint64(86400) << false << qint64(300) << qint64(300) << true;
    QTest::newRow("bounded attempts")
        << 12 << 0.5 << qint64(-1) << true << qint64(0) << qint64(0) << false;
}

void tst_Outbox::backoff()
{
    QFETCH(int, attempts);
    QFETCH(double, random);
    QFETCH(qint64, retryAfter);
    QFETCH(bool, giveUp);
    QFETCH(qint64, minDelay);
    QFETCH(qint64, maxDelay);
    QFETCH(bool, deferred);
    const RetryPolicy policy({2, 300, 12}, [random] { return random; });
    const auto decision =
        policy.next(attempts, retryAfter < 0 ? std::nullopt : std::optional<qint64>(retryAfter));
    QCOMPARE(decision.giveUp, giveUp);
    QVERIFY2(decision.delaySeconds >= minDelay && decision.delaySeconds <= maxDelay,
             qPrintable(QString::number(decision.delaySeconds)));
    QCOMPARE(decision.deferred, deferred);
}

void tst_Outbox::fleetSpreadsOut()
{
    // Case 11: fifty workstations told 503 at the same instant do not come back as one spike.
    const RetryPolicy policy({2, 300, 8});
    QMap<qint64, int> atSecond;
    for (int workstation = 0; workstation < 50; ++workstation)
        atSecond[policy.next(4, std::nullopt).delaySeconds] += 1;
    QVERIFY2(atSecond.size() >= 5, "retries land on at least five different seconds");
    for (int count : std::as_const(atSecond))
        QVERIFY2(count <= 25, "no second takes half the fleet");
    for (auto it = atSecond.cbegin(); it != atSecond.cend(); ++it)
        QVERIFY(it.key() >= 8 && it.key() <= 16);
}

void tst_Outbox::drainsInLaneOrder()
{
    ScriptedHandler handler;
    handler.script = {retryable(), OutboxAttempt::done(), OutboxAttempt::done()};
    const qint64 a1 = queue(QStringLiteral("a1"), QStringLiteral("item/1"));
    const qint64 b1 = queue(QStringLiteral("b1"), QStringLiteral("item/2"));
    const qint64 a2 = queue(QStringLiteral("a2"), QStringLiteral("item/1"));
    auto outbox = makeOutbox(handler);
    QSignalSpy idle(outbox.get(), &Outbox::idle);
    outbox->start();
    QVERIFY(idle.wait(5000));
    // a1 failed and waits; b1 (another lane) went ahead; a2 waits behind a1.
    QCOMPARE(handler.sent, (QStringList{QStringLiteral("a1"), QStringLiteral("b1")}));
    QCOMPARE(statusOf(a1), OutboxStatus::Failed);
    QCOMPARE(statusOf(b1), OutboxStatus::Done);
    QCOMPARE(statusOf(a2), OutboxStatus::Pending);

    m_clock.advanceSecs(10);
    outbox->wake();
    QVERIFY(idle.wait(5000));
    QCOMPARE(handler.sent, (QStringList{QStringLiteral("a1"), QStringLiteral("b1"),
                                        QStringLiteral("a1"), QStringLiteral("a2")}));
    QCOMPARE(statusOf(a1), OutboxStatus::Done);
    QCOMPARE(statusOf(a2), OutboxStatus::Done);
}

void tst_Outbox::retriesThenGivesUpIntoDeadLetter()
{
    ScriptedHandler handler;
    handler.script = {retryable(), retryable(2), retryable(), retryable()};
    const qint64 id = queue(QStringLiteral("k"), QStringLiteral("item/1"));
    auto outbox = makeOutbox(handler, 4);
    QSignalSpy finished(outbox.get(), &Outbox::commandFinished);
    outbox->start();
    for (int attempt = 1; attempt <= 4; ++attempt) {
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), attempt, 5000);
        auto row = OutboxStore(m_cache->connection()).get(id);
        QCOMPARE((*row)->attempts, attempt);
        if (attempt < 4) {
            QCOMPARE((*row)->status, OutboxStatus::Failed);
            // Never again at once: the next attempt waits (2 s after Retry-After: 2).
            QVERIFY((*row)->nextAttemptAt > m_clock.now());
            if (attempt == 2)
                QCOMPARE(m_clock.now().secsTo((*row)->nextAttemptAt), qint64(2));
            m_clock.set((*row)->nextAttemptAt);
            outbox->wake();
        }
    }
    auto dead = OutboxStore(m_cache->connection()).get(id);
    QCOMPARE((*dead)->status, OutboxStatus::Dead);
    QVERIFY((*dead)->lastError.contains(QLatin1String("Gave up after 4 attempts")));
    QCOMPARE(handler.sent.size(), 4);

    QSqlQuery audit(m_cache->connection());
    QVERIFY(audit.exec(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                      "'outbox-dead-letter' AND object = 'outbox/%1'")
                           .arg(id)));
    QVERIFY(audit.next());
    QCOMPARE(audit.value(0).toInt(), 1);
}

void tst_Outbox::permanentAndConflictAreDeadAtOnce()
{
    ScriptedHandler handler;
    QJsonObject detail{{QStringLiteral("status"), 422}};
    handler.script = {
        OutboxAttempt::failure(OutboxAttempt::Kind::Permanent, QStringLiteral("422"), detail),
        OutboxAttempt::failure(OutboxAttempt::Kind::Conflict, QStringLiteral("412"), {})};
    const qint64 permanent = queue(QStringLiteral("p"), QStringLiteral("item/1"));
    const qint64 conflict = queue(QStringLiteral("c"), QStringLiteral("item/2"));
    auto outbox = makeOutbox(handler);
    QSignalSpy conflicts(outbox.get(), &Outbox::conflictFound);
    QSignalSpy idle(outbox.get(), &Outbox::idle);
    outbox->start();
    QVERIFY(idle.wait(5000));
    QCOMPARE(statusOf(permanent), OutboxStatus::Dead);
    QCOMPARE(statusOf(conflict), OutboxStatus::Dead);
    QCOMPARE(conflicts.size(), 1);
    QCOMPARE(conflicts.first().at(0).toLongLong(), conflict);
    auto row = OutboxStore(m_cache->connection()).get(permanent);
    QCOMPARE((*row)->lastErrorDetail.value(QLatin1String("status")).toInt(), 422);
    QCOMPARE((*row)->attempts, 1);
}

void tst_Outbox::retryAndDiscardAreAudited()
{
    ScriptedHandler handler;
    handler.script = {OutboxAttempt::failure(OutboxAttempt::Kind::Permanent, QStringLiteral("x")),
                      OutboxAttempt::failure(OutboxAttempt::Kind::Permanent, QStringLiteral("y")),
                      OutboxAttempt::done()};
    const qint64 first = queue(QStringLiteral("r"), QStringLiteral("item/1"));
    const qint64 second = queue(QStringLiteral("d"), QStringLiteral("item/2"));
    auto outbox = makeOutbox(handler);
    QSignalSpy idle(outbox.get(), &Outbox::idle);
    outbox->start();
    QVERIFY(idle.wait(5000));
    QCOMPARE(statusOf(first), OutboxStatus::Dead);

    QVERIFY(outbox->retry(first, m_supervisor));
    QVERIFY(idle.wait(5000));
    QCOMPARE(statusOf(first), OutboxStatus::Done);
    QVERIFY(outbox->discard(second, m_supervisor));
    QCOMPARE(statusOf(second), OutboxStatus::Discarded);
    // Finished commands can be neither retried nor discarded.
    QCOMPARE(outbox->retry(first, m_supervisor).error().code, Error::Code::Conflict);
    QCOMPARE(outbox->discard(first, m_supervisor).error().code, Error::Code::Conflict);
    QCOMPARE(outbox->retry(999, m_supervisor).error().code, Error::Code::NotFound);
    // A role without outbox.manage is refused before anything is looked at (and audited).
    const Principal coordinator{QStringLiteral("coord"), QStringLiteral("coordinator")};
    QCOMPARE(outbox->retry(second, coordinator).error().code, Error::Code::Permission);
    QCOMPARE(outbox->discard(second, coordinator).error().code, Error::Code::Permission);

    QSqlQuery audit(m_cache->connection());
    QVERIFY(audit.exec(QStringLiteral("SELECT action, actor, object FROM audit_log WHERE action "
                                      "IN ('outbox-retry', 'outbox-discard') ORDER BY seq")));
    QVERIFY(audit.next());
    QCOMPARE(audit.value(0).toString(), QStringLiteral("outbox-retry"));
    QCOMPARE(audit.value(1).toString(), QStringLiteral("supervisor"));
    QCOMPARE(audit.value(2).toString(), QStringLiteral("outbox/%1").arg(first));
    QVERIFY(audit.next());
    QCOMPARE(audit.value(0).toString(), QStringLiteral("outbox-discard"));
    QVERIFY(!audit.next());
    QVERIFY(m_audit->verify().intact);
}

void tst_Outbox::sameKeyQueuesOnce()
{
    const qint64 first = queue(QStringLiteral("same"), QStringLiteral("item/1"));
    const qint64 again = queue(QStringLiteral("same"), QStringLiteral("item/1"));
    QVERIFY(first > 0);
    QCOMPARE(again, first);
    auto all = OutboxStore(m_cache->connection()).list({});
    QCOMPARE(all->size(), 1);
    QSqlDatabase db = m_cache->connection();
    NewOutboxCommand incomplete = command(QStringLiteral("x"), QString());
    QCOMPARE(Outbox::enqueue(db, incomplete, m_clock.now()).error().code,
             Error::Code::InvalidInput);
}

void tst_Outbox::crashInFlightIsReconciledBeforeResend_data()
{
    QTest::addColumn<int>("found");
    QTest::addColumn<int>("expectedSends");
    QTest::addColumn<int>("expectedStatus");
    QTest::newRow("far side has it: marked done, not sent again")
        << int(Reconciliation::Applied) << 0 << int(OutboxStatus::Done);
    QTest::newRow("far side has no trace: sent once")
        << int(Reconciliation::NotApplied) << 1 << int(OutboxStatus::Done);
    QTest::newRow("no look-up possible: held for a person, not resent")
        << int(Reconciliation::Unsupported) << 0 << int(OutboxStatus::Dead);
}

void tst_Outbox::crashInFlightIsReconciledBeforeResend()
{
    QFETCH(int, found);
    QFETCH(int, expectedSends);
    QFETCH(int, expectedStatus);
    const qint64 id = queue(QStringLiteral("R-1001"), QStringLiteral("sms/R-1001"));
    // The process that sent it died before it could record the answer.
    QVERIFY(OutboxStore(m_cache->connection()).markInFlight(id, m_clock.now()));

    ScriptedHandler handler;
    handler.reconciliation = Reconciliation(found);
    auto outbox = makeOutbox(handler);
    QSignalSpy idle(outbox.get(), &Outbox::idle);
    outbox->start();
    QVERIFY(idle.wait(5000));
    QCOMPARE(handler.reconciled, QStringList{QStringLiteral("R-1001")});
    QCOMPARE(handler.sent.size(), expectedSends);
    QCOMPARE(int(statusOf(id)), expectedStatus);
}

void tst_Outbox::pausedQueuesAndDrainsInOrder()
{
    ScriptedHandler handler;
    auto outbox = makeOutbox(handler);
    QSignalSpy idle(outbox.get(), &Outbox::idle);
    outbox->setPaused(true);
    outbox->start();
    QStringList keys;
    for (int i = 0; i < 20; ++i) {
        keys.append(QStringLiteral("k%1").arg(i));
        queue(keys.last(), QStringLiteral("item/%1").arg(i % 3));
        outbox->wake();
    }
    QTest::qWait(100);
    QVERIFY(handler.sent.isEmpty());
    outbox->setPaused(false);
    QVERIFY(idle.wait(5000));
    QCOMPARE(handler.sent, keys);
}

QTEST_GUILESS_MAIN(tst_Outbox)
#include "tst_outbox.moc"
