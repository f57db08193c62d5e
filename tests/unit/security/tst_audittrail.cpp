// SPDX-License-Identifier: GPL-3.0-or-later
// The audit trail for supervisors: filters, the patient access report, FHIR AuditEvent NDJSON
// and CSV exports, and verification that catches an edited, deleted, reordered or truncated
// entry, a forged checkpoint, and the whole cache rolled back together with its checkpoint.
#include "../store/TestCache.h"

#include "services/security/AuditTrail.h"
#include "services/security/CheckpointSigner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

AuditFilter only(QString AuditFilter::*field, const QString &value)
{
    AuditFilter filter;
    filter.*field = value;
    return filter;
}

struct Fixture : TestCache {
    std::unique_ptr<AuditTrail> trail;

    bool begin()
    {
        if (!open())
            return false;
        trail = std::make_unique<AuditTrail>(*access);
        // Synthetic entries: master IDs and objects only, as the services write them.
        const QList<AuditRecord> records{
            {QStringLiteral("ana"), QStringLiteral("view-item"), QStringLiteral("MPI-1"),
             QStringLiteral("triage-item/1")},
            {QStringLiteral("ben"), QStringLiteral("view-patient"), QStringLiteral("MPI-1"),
             QStringLiteral("patient/MPI-1")},
            {QStringLiteral("ana"), QStringLiteral("claim"), QStringLiteral("MPI-2"),
             QStringLiteral("triage-item/2")},
            {QStringLiteral("cora"), QStringLiteral("access-denied"), QStringLiteral("MPI-1"),
             QStringLiteral("patient/MPI-1"), QStringLiteral("denied"),
             QStringLiteral("permission=patient.read;role=coordinator")},
            {QStringLiteral("=cmd|calc"), QStringLiteral("sign-in"), QString(),
             QStringLiteral("user/x,y"), QStringLiteral("failure"),
             QStringLiteral("reason=\"unknown-user\"")},
        };
        for (const AuditRecord &record : records) {
            if (!audit->append(record))
                return false;
            clock.advanceSecs(60);
        }
        return true;
    }

    bool exec(const QString &sql)
    {
        QSqlQuery query(cache->connection());
        return query.exec(sql);
    }
    bool dropTriggers()
    {
        return exec(QStringLiteral("DROP TRIGGER audit_log_no_update")) &&
               exec(QStringLiteral("DROP TRIGGER audit_log_no_delete"));
    }
};

} // namespace

class TestAuditTrail : public QObject
{
    Q_OBJECT

private slots:
    void filters_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("patient");
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<int>("fromMinute");
        QTest::addColumn<int>("toMinute");
        QTest::addColumn<QList<qint64>>("seqs");
        QTest::newRow("everything") << QString() << QString() << QString() << QString() << -1 << -1
                                    << QList<qint64>{1, 2, 3, 4, 5};
        QTest::newRow("by user") << QStringLiteral("ana") << QString() << QString() << QString()
                                 << -1 << -1 << QList<qint64>{1, 3};
        QTest::newRow("by patient") << QString() << QStringLiteral("MPI-1") << QString()
                                    << QString() << -1 << -1 << QList<qint64>{1, 2, 4};
        QTest::newRow("by action") << QString() << QString() << QStringLiteral("claim") << QString()
                                   << -1 << -1 << QList<qint64>{3};
        QTest::newRow("by outcome") << QString() << QString() << QString()
                                    << QStringLiteral("denied") << -1 << -1 << QList<qint64>{4};
        QTest::newRow("time window")
            << QString() << QString() << QString() << QString() << 1 << 3 << QList<qint64>{2, 3};
        QTest::newRow("user and patient") << QStringLiteral("ana") << QStringLiteral("MPI-1")
                                          << QString() << QString() << -1 << -1 << QList<qint64>{1};
    }

    void filters()
    {
        QFETCH(QString, user);
        QFETCH(QString, patient);
        QFETCH(QString, action);
        QFETCH(QString, outcome);
        QFETCH(int, fromMinute);
        QFETCH(int, toMinute);
        QFETCH(QList<qint64>, seqs);
        Fixture f;
        const QDateTime start = f.clock.now();
        QVERIFY(f.begin());
        AuditFilter filter;
        filter.user = user;
        filter.masterId = patient;
        filter.action = action;
        filter.outcome = outcome;
        if (fromMinute >= 0)
            filter.from = start.addSecs(60 * fromMinute);
        if (toMinute >= 0)
            filter.to = start.addSecs(60 * toMinute);
        auto entries = f.trail->entries(supervisor(), filter);
        QVERIFY(entries);
        QList<qint64> got;
        for (const AuditEntry &entry : *entries)
            got.append(entry.seq);
        QCOMPARE(got, seqs);
    }

    void patientAccessReport()
    {
        Fixture f;
        QVERIFY(f.begin());
        auto rows =
            f.trail->patientAccess(supervisor(QStringLiteral("sue")), QStringLiteral("MPI-1"));
        QVERIFY(rows);
        QStringList who;
        for (const PatientAccessRow &row : *rows)
            who.append(QStringLiteral("%1:%2:%3:%4")
                           .arg(row.user, row.action, row.outcome)
                           .arg(row.count));
        who.sort();
        QCOMPARE(who, (QStringList{QStringLiteral("ana:view-item:success:1"),
                                   QStringLiteral("ben:view-patient:success:1"),
                                   QStringLiteral("cora:access-denied:denied:1")}));
        // The report is itself on the record.
        auto again =
            f.trail->entries(supervisor(), only(&AuditFilter::user, QStringLiteral("sue")));
        QVERIFY(again);
        QCOMPARE(again->size(), 1);
        QCOMPARE(again->at(0).action, QStringLiteral("view-access-report"));
    }

    void patientAccessReportKeepsTheFilters_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("outcome denied") << QStringLiteral("outcome") << QStringLiteral("denied")
                                        << QStringList{QStringLiteral("cora:access-denied:denied")};
        QTest::newRow("outcome success") << QStringLiteral("outcome") << QStringLiteral("success")
                                         << QStringList{QStringLiteral("ana:view-item:success"),
                                                        QStringLiteral("ben:view-patient:success")};
        QTest::newRow("user") << QStringLiteral("user") << QStringLiteral("ben")
                              << QStringList{QStringLiteral("ben:view-patient:success")};
        QTest::newRow("action") << QStringLiteral("action") << QStringLiteral("view-item")
                                << QStringList{QStringLiteral("ana:view-item:success")};
        QTest::newRow("period before the entries")
            << QStringLiteral("until") << QStringLiteral("2000-01-01T00:00:00Z") << QStringList{};
    }

    // The report groups what the audit view's filters keep; the patient is required.
    void patientAccessReportKeepsTheFilters()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QStringList, expected);
        Fixture f;
        QVERIFY(f.begin());
        AuditFilter filter;
        filter.masterId = QStringLiteral("MPI-1");
        if (field == QLatin1String("outcome"))
            filter.outcome = value;
        else if (field == QLatin1String("user"))
            filter.user = value;
        else if (field == QLatin1String("action"))
            filter.action = value;
        else
            filter.to = QDateTime::fromString(value, Qt::ISODate);
        auto rows = f.trail->patientAccess(supervisor(QStringLiteral("sue")), filter);
        QVERIFY2(rows, rows ? "" : qPrintable(rows.error().message));
        QStringList got;
        for (const PatientAccessRow &row : *rows)
            got.append(QStringLiteral("%1:%2:%3").arg(row.user, row.action, row.outcome));
        got.sort();
        QCOMPARE(got, expected);

        filter.masterId.clear();
        auto refused = f.trail->patientAccess(supervisor(QStringLiteral("sue")), filter);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, Error::Code::InvalidInput);
    }

    void ndjsonExportIsFhirAuditEvent()
    {
        Fixture f;
        QVERIFY(f.begin());
        auto exported = f.trail->exportEntries(supervisor(), {}, AuditTrail::Format::Ndjson);
        QVERIFY(exported);
        const QList<QByteArray> lines = exported->trimmed().split('\n');
        QCOMPARE(lines.size(), 5);
        for (const QByteArray &line : lines) {
            QJsonParseError error;
            const QJsonObject event = QJsonDocument::fromJson(line, &error).object();
            QCOMPARE(error.error, QJsonParseError::NoError);
            QCOMPARE(event.value(QLatin1String("resourceType")).toString(),
                     QStringLiteral("AuditEvent"));
            // R4 requires type, recorded, agent (with requestor) and source.observer.
            QVERIFY(event.value(QLatin1String("type")).toObject().contains(QLatin1String("code")));
            QVERIFY(fromStorageTime(event.value(QLatin1String("recorded")).toString()).isValid());
            QVERIFY(event.value(QLatin1String("agent"))
                        .toArray()
                        .at(0)
                        .toObject()
                        .value(QLatin1String("requestor"))
                        .toBool());
            QVERIFY(event.value(QLatin1String("source"))
                        .toObject()
                        .contains(QLatin1String("observer")));
            QVERIFY(QStringList({QStringLiteral("C"), QStringLiteral("R"), QStringLiteral("U"),
                                 QStringLiteral("D"), QStringLiteral("E")})
                        .contains(event.value(QLatin1String("action")).toString()));
        }
        const QJsonObject denied = QJsonDocument::fromJson(lines.at(3)).object();
        QCOMPARE(denied.value(QLatin1String("outcome")).toString(), QStringLiteral("4"));
        QCOMPARE(denied.value(QLatin1String("type")).toObject().value(QLatin1String("code")),
                 QJsonValue(QStringLiteral("110113")));
        const QJsonObject patient =
            denied.value(QLatin1String("entity")).toArray().at(0).toObject();
        QCOMPARE(patient.value(QLatin1String("what"))
                     .toObject()
                     .value(QLatin1String("identifier"))
                     .toObject()
                     .value(QLatin1String("value"))
                     .toString(),
                 QStringLiteral("MPI-1"));
        const QJsonObject viewed = QJsonDocument::fromJson(lines.at(0)).object();
        QCOMPARE(viewed.value(QLatin1String("outcome")).toString(), QStringLiteral("0"));
        QCOMPARE(viewed.value(QLatin1String("action")).toString(), QStringLiteral("R"));
    }

    void csvExportQuotesAndDefusesFormulas()
    {
        Fixture f;
        QVERIFY(f.begin());
        auto exported = f.trail->exportEntries(supervisor(), {}, AuditTrail::Format::Csv);
        QVERIFY(exported);
        const QList<QByteArray> lines = exported->split('\n');
        QCOMPARE(lines.first(), QByteArray("seq,recorded,user,action,patient,object,outcome,"
                                           "detail,hash\r"));
        QCOMPARE(lines.size(), 7); // header, five rows, the empty piece after the last CRLF
        const QByteArray odd = lines.at(5);
        QVERIFY2(odd.contains(",'=cmd|calc,sign-in,,\"user/x,y\",failure,"
                              "\"reason=\"\"unknown-user\"\"\","),
                 odd.constData());
        // An export is audited with its size.
        auto exports = f.trail->entries(supervisor(),
                                        only(&AuditFilter::action, QStringLiteral("audit-export")));
        QCOMPARE(exports->size(), 1);
        QCOMPARE(exports->at(0).detail, QStringLiteral("format=csv;entries=5"));
    }

    void verificationCatchesTampering_data()
    {
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<QString>("problem");
        QTest::newRow("edited entry")
            << QStringLiteral("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2")
            << QStringLiteral("Entry 2 was altered");
        QTest::newRow("deleted entry") << QStringLiteral("DELETE FROM audit_log WHERE seq = 3")
                                       << QStringLiteral("Entry 3 is missing");
        QTest::newRow("reordered entries")
            << QStringLiteral("UPDATE audit_log SET seq = 100 WHERE seq = 2;UPDATE audit_log SET "
                              "seq = 2 WHERE seq = 3;UPDATE audit_log SET seq = 3 WHERE seq = 100")
            << QStringLiteral("does not link");
        QTest::newRow("truncated tail") << QStringLiteral("DELETE FROM audit_log WHERE seq >= 4")
                                        << QStringLiteral("removed from the end");
    }

    void verificationCatchesTampering()
    {
        QFETCH(QString, tamper);
        QFETCH(QString, problem);
        Fixture f;
        QVERIFY(f.begin());
        QVERIFY(f.trail->verify(supervisor())->intact);
        // The triggers refuse the change as it stands; only someone who drops them gets past.
        const QStringList statements = tamper.split(u';');
        QVERIFY(!f.exec(statements.first()));
        QVERIFY(f.dropTriggers());
        for (const QString &statement : statements)
            QVERIFY(f.exec(statement));
        auto result = f.trail->verify(supervisor());
        QVERIFY(result);
        QVERIFY(!result->intact);
        QVERIFY2(result->problem.contains(problem), qPrintable(result->problem));
        // Verification is for roles with audit.verify only.
        QCOMPARE(f.trail->verify(nurse()).error().code, Error::Code::Permission);
    }

    void forgedCheckpointIsCaught()
    {
        // Someone with the cache key (and so the audit key) rewrites the tail and the
        // checkpoint's HMAC; without the signing key in the vault the signature gives them away.
        Fixture f;
        QVERIFY(f.begin());
        const QString path = f.audit->checkpointPath();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QList<QByteArray> parts = file.readAll().trimmed().split(' ');
        file.close();
        QCOMPARE(parts.size(), 4);
        parts[3] = CheckpointSigner::sign(CheckpointSigner::newSeed(), "anything").toHex();
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(parts.join(' ') + '\n');
        file.close();
        const AuditVerification result = f.audit->verify();
        QVERIFY(!result.intact);
        QVERIFY2(result.problem.contains(QStringLiteral("not signed")), qPrintable(result.problem));
        // Nor does a checkpoint without a signature pass.
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(parts.mid(0, 3).join(' ') + '\n');
        file.close();
        QVERIFY(!f.audit->verify().intact);
    }

    void wholeCacheRolledBackIsCaught()
    {
        Fixture f;
        QVERIFY(f.begin());
        // A copy of the cache and its checkpoint as they are now...
        const QString copyDir = f.dir.filePath(QStringLiteral("then"));
        QVERIFY(QDir().mkpath(copyDir));
        f.cache->releaseThreadConnection();
        const QString cacheFile = f.cache->filePath();
        for (const QString &suffix : {QString(), QStringLiteral("-wal")}) {
            QFile::remove(copyDir + QStringLiteral("/db") + suffix);
            if (QFile::exists(cacheFile + suffix))
                QVERIFY(QFile::copy(cacheFile + suffix, copyDir + QStringLiteral("/db") + suffix));
        }
        QVERIFY(QFile::copy(f.audit->checkpointPath(), copyDir + QStringLiteral("/head")));
        // ...then more happens...
        QVERIFY(f.audit->append({QStringLiteral("ana"), QStringLiteral("view-item"),
                                 QStringLiteral("MPI-3"), QStringLiteral("triage-item/3")}));
        QVERIFY(f.audit->verify().intact);
        // ...and both are put back: each is consistent with the other, the vault is not.
        f.audit.reset();
        f.access.reset();
        f.cache->releaseThreadConnection();
        f.cache.reset();
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(cacheFile + suffix);
        QVERIFY(QFile::copy(copyDir + QStringLiteral("/db"), cacheFile));
        if (QFile::exists(copyDir + QStringLiteral("/db-wal")))
            QVERIFY(QFile::copy(copyDir + QStringLiteral("/db-wal"),
                                cacheFile + QStringLiteral("-wal")));
        const QString head = QDir(f.dir.path()).filePath(QStringLiteral("audit-head"));
        QFile::remove(head);
        QVERIFY(QFile::copy(copyDir + QStringLiteral("/head"), head));
        QVERIFY(f.open());
        const AuditVerification result = f.audit->verify();
        QVERIFY(!result.intact);
        QVERIFY2(result.problem.contains(QStringLiteral("rolled back")),
                 qPrintable(result.problem));
        QVERIFY(result.problem.contains(QStringLiteral("entry 6")));
    }
};

QTEST_GUILESS_MAIN(TestAuditTrail)
#include "tst_audittrail.moc"
