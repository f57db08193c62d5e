// SPDX-License-Identifier: GPL-3.0-or-later
// The encrypted cache on bad days (issue 3): key rotation and every point where one can stop,
// the headless key file, a damaged file told apart from a wrong key, backup and restore, and
// retention with legal holds. Real SQLCipher files throughout; the keychain is in memory here
// (tst_crashsafety and tst_endtoend use the real ones).
#include "TestCache.h"

#include "services/maintenance/CacheMaintenance.h"
#include "services/maintenance/Retention.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>

#include <sys/stat.h>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

const QString kReplies = QStringLiteral(CAREDESK_SOURCE_DIR "/resources/demo/demo-replies.ndjson");
const QString kPatients =
    QStringLiteral(CAREDESK_SOURCE_DIR "/resources/demo/synthea-Patient.ndjson");

// A demo patient's family name: it must never be readable in a file CareDesk writes.
QByteArray knownPatientName()
{
    QFile file(kPatients);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject patient = QJsonDocument::fromJson(file.readLine()).object();
    return patient.value(QStringLiteral("name"))
        .toArray()
        .at(0)
        .toObject()
        .value(QStringLiteral("family"))
        .toString()
        .toUtf8();
}

void overwrite(const QString &path, qint64 offset, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.seek(offset));
    QCOMPARE(file.write(bytes), bytes.size());
}

bool writeSecret(const QString &path, const QByteArray &secret)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    file.write(secret);
    file.close();
    return QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
}

qint64 countWhere(QSqlDatabase db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

} // namespace

class TestCacheMaintenance : public QObject
{
    Q_OBJECT

private:
    // The demo patients and their replies, imported: triage items, consent, records.
    static bool startWithData(TriageFixture &f)
    {
        if (!f.start())
            return false;
        return f.importer->importFile(kPatients) && f.importer->importFile(kReplies);
    }

    static void close(TriageFixture &f)
    {
        f.importer.reset();
        f.triage.reset();
        f.access.reset();
        f.audit.reset();
        f.cache.reset();
    }

private slots:
    void rotationReencryptsAndKeepsEveryRow()
    {
        TriageFixture f;
        QVERIFY(startWithData(f));
        const QByteArray oldKey = f.vault.readKey().key;
        const qint64 items = f.count(QStringLiteral("triage_items"));
        const qint64 replies = f.count(QStringLiteral("replies"));
        QVERIFY(items > 0);

        auto rotated = CacheMaintenance(f.cache, *f.audit, *f.access, admin()).rotateKey(f.vault);
        QVERIFY2(rotated, qPrintable(rotated ? QString() : rotated.error().message));
        const QByteArray newKey = f.vault.readKey().key;
        QVERIFY(newKey.size() == 32 && newKey != oldKey);
        QCOMPARE(f.vault.readKey(KeyVault::Slot::Pending).state, KeyVault::State::Missing);
        QCOMPARE(CacheDatabase::readKeyRecord(f.dir.path()).current, keyFingerprint(newKey));
        QVERIFY(CacheDatabase::readKeyRecord(f.dir.path()).next.isEmpty());
        // The running cache keeps working, and the trail stays one chain across the change.
        QCOMPARE(f.count(QStringLiteral("replies")), replies);
        QVERIFY(f.audit->verify().intact);
        close(f);

        const QString file = QDir(f.dir.path()).filePath(CacheDatabase::cacheFileName());
        QCOMPARE(CacheDatabase::probe(file, oldKey), CacheDatabase::Probe::WrongKey);
        QCOMPARE(CacheDatabase::probe(file, newKey), CacheDatabase::Probe::Opens);
        QVERIFY(f.open());
        QCOMPARE(f.count(QStringLiteral("triage_items")), items);
        const AuditVerification trail = f.audit->verify();
        QVERIFY2(trail.intact, qPrintable(trail.problem));
        QCOMPARE(countWhere(f.cache->connection(),
                            QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                           "'rotate-key' AND outcome = 'success'")),
                 1);
    }

    void rotationRefusedWhileAnotherUserHasTheCacheOpen()
    {
        TriageFixture f;
        QVERIFY(startWithData(f));
        const QByteArray oldKey = f.vault.readKey().key;
        // A second workstation process on the same folder (a second open in this process
        // takes its own lock, as another process would).
        MemoryKeyVault other;
        QVERIFY(other.storeKey(oldKey));
        auto second =
            CacheDatabase::open(f.dir.path(), other, CacheDatabase::OpenMode::ExistingOnly);
        QVERIFY2(second, qPrintable(second ? QString() : second.error().message));

        auto rotated = CacheMaintenance(f.cache, *f.audit, *f.access, admin()).rotateKey(f.vault);
        QVERIFY(!rotated);
        QCOMPARE(rotated.error().code, Error::Code::Conflict);
        QCOMPARE(f.vault.readKey().key, oldKey);
        QCOMPARE(f.vault.readKey(KeyVault::Slot::Pending).state, KeyVault::State::Missing);
        QVERIFY(f.count(QStringLiteral("replies")) > 0);
    }

    // Every point at which a rotation can stop, as the keychain, the key record and the file
    // are left there; the next open must find the key that opens the file and say what it did.
    void interruptedRotationOpensWithOneOfTheKeys_data()
    {
        QTest::addColumn<bool>("pendingStored");
        QTest::addColumn<bool>("recorded");
        QTest::addColumn<bool>("fileRekeyed");
        QTest::addColumn<bool>("promoted");
        QTest::addColumn<bool>("expectNewKey");
        QTest::addColumn<QString>("note");
        QTest::newRow("pending stored, not recorded") << true << false << false << false << false
                                                      << QStringLiteral("before the cache changed");
        QTest::newRow("recorded, file untouched") << true << true << false << false << false
                                                  << QStringLiteral("before the cache changed");
        QTest::newRow("file re-encrypted, keychain not told")
            << true << true << true << false << true << QStringLiteral("now complete");
        QTest::newRow("promoted, pending not yet removed")
            << true << true << true << true << true << QStringLiteral("before the cache changed");
    }

    void interruptedRotationOpensWithOneOfTheKeys()
    {
        QFETCH(bool, pendingStored);
        QFETCH(bool, recorded);
        QFETCH(bool, fileRekeyed);
        QFETCH(bool, promoted);
        QFETCH(bool, expectNewKey);
        QFETCH(QString, note);

        TriageFixture f;
        QVERIFY(startWithData(f));
        const qint64 replies = f.count(QStringLiteral("replies"));
        const QByteArray oldKey = f.vault.readKey().key;
        const QByteArray newKey = CacheDatabase::newKey();
        if (pendingStored)
            QVERIFY(f.vault.storeKey(newKey, KeyVault::Slot::Pending));
        if (recorded)
            QVERIFY(CacheDatabase::writeKeyRecord(
                f.dir.path(), {keyFingerprint(oldKey), keyFingerprint(newKey)}));
        if (fileRekeyed)
            QVERIFY(f.cache->rekey(newKey));
        if (promoted)
            QVERIFY(f.vault.storeKey(newKey));
        close(f);

        QVERIFY(f.open());
        const QByteArray expected = expectNewKey ? newKey : oldKey;
        QCOMPARE(f.vault.readKey().key, expected);
        QCOMPARE(f.vault.readKey(KeyVault::Slot::Pending).state, KeyVault::State::Missing);
        QCOMPARE(CacheDatabase::readKeyRecord(f.dir.path()).current, keyFingerprint(expected));
        QVERIFY(CacheDatabase::readKeyRecord(f.dir.path()).next.isEmpty());
        QVERIFY2(f.cache->keyNote().contains(note), qPrintable(f.cache->keyNote()));
        QCOMPARE(f.cache->openedWith(),
                 fileRekeyed && !promoted ? KeyVault::Slot::Pending : KeyVault::Slot::Current);
        QCOMPARE(f.count(QStringLiteral("replies")), replies);
        QVERIFY(f.audit->verify().intact);
    }

    void fileKeyVaultIsOwnerOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cache.key"));
        FileKeyVault vault(path);
        QCOMPARE(vault.readKey().state, KeyVault::State::Missing);
        const QByteArray key = CacheDatabase::newKey();
        QVERIFY(vault.storeKey(key));
        QCOMPARE(QFileInfo(path).permissions() &
                     ~(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser),
                 QFile::Permissions());
        const KeyVault::Lookup found = vault.readKey();
        QCOMPARE(found.state, KeyVault::State::Found);
        QCOMPARE(found.key, key);

        // Readable by the group: refused, with what to do, and the key not handed out.
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0640) == 0);
        const KeyVault::Lookup open = vault.readKey();
        QCOMPARE(open.state, KeyVault::State::Denied);
        QVERIFY(open.key.isEmpty());
        QVERIFY2(vault.failure(open).message.contains(QStringLiteral("chmod 600")),
                 qPrintable(vault.failure(open).message));
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0600) == 0);

        // A link is not followed, even to the right file.
        const QString link = dir.filePath(QStringLiteral("link.key"));
        QVERIFY(QFile::link(path, link));
        const KeyVault::Lookup linked = FileKeyVault(link).readKey();
        QVERIFY(linked.state != KeyVault::State::Found);
        QVERIFY(linked.key.isEmpty());

        // Not a key: named as such, never taken as one.
        const QString bad = dir.filePath(QStringLiteral("bad.key"));
        QVERIFY(writeSecret(bad, "not a key at all\n"));
        const KeyVault::Lookup malformed = FileKeyVault(bad).readKey();
        QVERIFY(malformed.state != KeyVault::State::Found);
        QVERIFY(!FileKeyVault(bad).failure(malformed).message.isEmpty());

        // The pending slot is its own file and goes away when removed.
        QVERIFY(vault.storeKey(CacheDatabase::newKey(), KeyVault::Slot::Pending));
        QVERIFY(QFileInfo::exists(vault.path(KeyVault::Slot::Pending)));
        QVERIFY(vault.removeKey(KeyVault::Slot::Pending));
        QVERIFY(!QFileInfo::exists(vault.path(KeyVault::Slot::Pending)));
        QCOMPARE(vault.readKey().key, key);
    }

    void ownerOnlySecretFilesAreChecked()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("passphrase"));
        QVERIFY(writeSecret(path, "a long enough passphrase\n"));
        auto secret = readOwnerOnlySecret(path, QStringLiteral("passphrase"));
        QVERIFY(secret);
        QCOMPARE(*secret, QByteArray("a long enough passphrase"));
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
        auto open = readOwnerOnlySecret(path, QStringLiteral("passphrase"));
        QVERIFY(!open);
        QCOMPARE(open.error().code, Error::Code::Permission);
        QVERIFY(!readOwnerOnlySecret(dir.filePath(QStringLiteral("absent")),
                                     QStringLiteral("passphrase")));
    }

    // A damaged file is reported as damage, with the way back, and is never changed; a key
    // that is not this cache's is reported as a wrong key.
    void damageIsNotAWrongKey_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::newRow("a page in the middle") << QStringLiteral("middle");
        QTest::newRow("the first page") << QStringLiteral("first");
        QTest::newRow("cut short mid-page") << QStringLiteral("truncated");
        QTest::newRow("last pages gone") << QStringLiteral("shortened");
    }

    void damageIsNotAWrongKey()
    {
        QFETCH(QString, damage);
        TriageFixture f;
        QVERIFY(startWithData(f));
        // Enough pages that the middle one holds data.
        QVERIFY(f.importer->importFile(
            QStringLiteral(CAREDESK_SOURCE_DIR "/resources/demo/synthea-Encounter.ndjson")));
        close(f);
        const QString file = QDir(f.dir.path()).filePath(CacheDatabase::cacheFileName());
        // Fold the write-ahead log in, as a clean shutdown does, so the damage is in the file.
        {
            auto direct = CacheDatabase::openFile(file, f.vault.readKey().key, false);
            QVERIFY(direct);
            QSqlQuery(direct->get()->connection())
                .exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        const qint64 size = QFileInfo(file).size();
        QVERIFY(size > 40 * CacheDatabase::kPageSize);
        if (damage == QLatin1String("middle"))
            overwrite(file, (size / CacheDatabase::kPageSize / 2) * CacheDatabase::kPageSize + 100,
                      QByteArray(24, 'X'));
        else if (damage == QLatin1String("first"))
            overwrite(file, 200, QByteArray(16, 'X'));
        else if (damage == QLatin1String("truncated"))
            QVERIFY(QFile::resize(file, size - 1000)); // not whole pages
        else
            QVERIFY(QFile::resize(file, size - 8 * CacheDatabase::kPageSize));
        const QByteArray before = fileDigest(file);

        auto opened =
            CacheDatabase::open(f.dir.path(), f.vault, CacheDatabase::OpenMode::ExistingOnly);
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, Error::Code::Damaged);
        QVERIFY2(opened.error().message.contains(QStringLiteral("not a key problem")),
                 qPrintable(opened.error().message));
        QVERIFY(opened.error().message.contains(QStringLiteral("caredesk-cli restore")));
        QCOMPARE(fileDigest(file), before);
        QCOMPARE(f.vault.readKey().state, KeyVault::State::Found);

        // The same file with another key in the keychain is a key problem, not damage.
        MemoryKeyVault other;
        QVERIFY(other.storeKey(CacheDatabase::newKey()));
        auto wrong =
            CacheDatabase::open(f.dir.path(), other, CacheDatabase::OpenMode::ExistingOnly);
        QVERIFY(!wrong);
        if (damage == QLatin1String("truncated"))
            QCOMPARE(wrong.error().code, Error::Code::Damaged); // not whole pages: any key
        else
            QCOMPARE(wrong.error().code, Error::Code::WrongKey);
        QCOMPARE(fileDigest(file), before);
    }

    void backupIsEncryptedVerifiedAndRestores()
    {
        TriageFixture f;
        QVERIFY(startWithData(f));
        const QByteArray passphrase("correct horse battery staple");
        const QString backupFile =
            f.dir.filePath(QStringLiteral("../") + QFileInfo(f.dir.path()).fileName() +
                           QStringLiteral("-backup.cdb"));
        auto removeBackup = qScopeGuard([&backupFile] { QFile::remove(backupFile); });
        const qint64 items = f.count(QStringLiteral("triage_items"));

        auto maintenance =
            std::make_unique<CacheMaintenance>(f.cache, *f.audit, *f.access, admin());
        QVERIFY(!maintenance->backup(backupFile, "too short"));
        QVERIFY(!QFileInfo::exists(backupFile));
        auto report = maintenance->backup(backupFile, passphrase);
        QVERIFY2(report, qPrintable(report ? QString() : report.error().message));
        QVERIFY(report->rows > items);
        QVERIFY(report->auditEntries > 0);
        QCOMPARE(report->schemaVersion, CacheDatabase::kSchemaVersion);
        QCOMPARE(QFileInfo(backupFile).permissions() & (QFile::ReadOther | QFile::ReadGroup),
                 QFile::Permissions());
        // Encrypted: no SQLite header and no patient's name anywhere in it.
        QFile raw(backupFile);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        const QByteArray bytes = raw.readAll();
        raw.close();
        QVERIFY(!bytes.startsWith("SQLite format 3"));
        QVERIFY(!knownPatientName().isEmpty());
        QVERIFY(!bytes.contains(knownPatientName()));
        // A backup is never written over another file.
        auto again = maintenance->backup(backupFile, passphrase);
        QVERIFY(!again);
        QCOMPARE(fileDigest(backupFile),
                 QCryptographicHash::hash(bytes, QCryptographicHash::Sha256));

        // Work after the backup, then the restore takes the cache back to the backup's state.
        const qint64 first = f.triage->openItems(nurse())->at(0).id;
        QVERIFY(f.triage->claim(first, nurse(QStringLiteral("nurse.ana"))));
        QVERIFY(f.triage->resolve(first, nurse(QStringLiteral("nurse.ana")),
                                  QStringLiteral("called-patient"),
                                  QStringLiteral("spoke to her")));
        // Not while the cache is open.
        auto busy = CacheMaintenance::restore(f.dir.path(), f.vault, backupFile, passphrase,
                                              QStringLiteral("admin"), f.clock);
        QVERIFY(!busy);
        QCOMPARE(busy.error().code, Error::Code::Conflict);
        maintenance.reset();
        close(f);

        auto wrong =
            CacheMaintenance::restore(f.dir.path(), f.vault, backupFile, "another passphrase",
                                      QStringLiteral("admin"), f.clock);
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().code, Error::Code::WrongKey);

        auto restored = CacheMaintenance::restore(f.dir.path(), f.vault, backupFile, passphrase,
                                                  QStringLiteral("admin"), f.clock);
        QVERIFY2(restored, qPrintable(restored ? QString() : restored.error().message));
        QVERIFY(f.open());
        QCOMPARE(countWhere(f.cache->connection(),
                            QStringLiteral("SELECT count(*) FROM triage_items WHERE status = "
                                           "'resolved'")),
                 0);
        QCOMPARE(f.count(QStringLiteral("triage_items")), items);
        const AuditVerification trail = f.audit->verify();
        QVERIFY2(trail.intact, qPrintable(trail.problem));
        QCOMPARE(countWhere(f.cache->connection(),
                            QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                           "'restore'")),
                 1);
        // The cache it replaced is kept beside it.
        QCOMPARE(
            QDir(f.dir.path())
                .entryList({CacheDatabase::cacheFileName() + QStringLiteral(".before-restore-*")})
                .size(),
            1);
    }

    // A bad backup never replaces a good cache: damaged, cut short, or not a backup at all.
    void badBackupNeverReplacesTheCache_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<Error::Code>("code");
        QTest::newRow("page damaged") << QStringLiteral("middle") << Error::Code::Damaged;
        QTest::newRow("cut short") << QStringLiteral("truncated") << Error::Code::Damaged;
        QTest::newRow("header damaged") << QStringLiteral("first") << Error::Code::WrongKey;
        QTest::newRow("plaintext file") << QStringLiteral("plain") << Error::Code::NotEncrypted;
    }

    void badBackupNeverReplacesTheCache()
    {
        QFETCH(QString, damage);
        QFETCH(Error::Code, code);
        TriageFixture f;
        QVERIFY(startWithData(f));
        QVERIFY(f.importer->importFile(
            QStringLiteral(CAREDESK_SOURCE_DIR "/resources/demo/synthea-Encounter.ndjson")));
        QTemporaryDir elsewhere;
        const QString backupFile = elsewhere.filePath(QStringLiteral("b.cdb"));
        const QByteArray passphrase("correct horse battery staple");
        QVERIFY(
            CacheMaintenance(f.cache, *f.audit, *f.access, admin()).backup(backupFile, passphrase));
        close(f);
        const qint64 size = QFileInfo(backupFile).size();
        if (damage == QLatin1String("middle"))
            overwrite(backupFile,
                      (size / CacheDatabase::kPageSize / 2) * CacheDatabase::kPageSize + 64,
                      QByteArray(32, 'Z'));
        else if (damage == QLatin1String("truncated"))
            QVERIFY(QFile::resize(backupFile, size - 1000));
        else if (damage == QLatin1String("first"))
            overwrite(backupFile, 300, QByteArray(8, 'Z'));
        else
            overwrite(backupFile, 0, QByteArray("SQLite format 3\0", 16));

        const QString cacheFile = QDir(f.dir.path()).filePath(CacheDatabase::cacheFileName());
        const QByteArray before = fileDigest(cacheFile);
        const QStringList filesBefore = QDir(f.dir.path()).entryList(QDir::Files | QDir::Hidden);
        auto check = CacheMaintenance::inspectBackup(backupFile, passphrase);
        QVERIFY(!check);
        QCOMPARE(check.error().code, code);
        auto restored = CacheMaintenance::restore(f.dir.path(), f.vault, backupFile, passphrase,
                                                  QStringLiteral("admin"), f.clock);
        QVERIFY(!restored);
        QCOMPARE(restored.error().code, code);
        QVERIFY2(restored.error().message.contains(QStringLiteral("not changed")),
                 qPrintable(restored.error().message));
        QCOMPARE(fileDigest(cacheFile), before);
        QCOMPARE(QDir(f.dir.path()).entryList(QDir::Files | QDir::Hidden), filesBefore);
        QVERIFY(f.open());
        QVERIFY(f.count(QStringLiteral("records")) > 1000);
    }

    void restoreOntoANewMachineMakesItsKey()
    {
        TriageFixture f;
        QVERIFY(startWithData(f));
        QTemporaryDir elsewhere;
        const QString backupFile = elsewhere.filePath(QStringLiteral("b.cdb"));
        const QByteArray passphrase("correct horse battery staple");
        QVERIFY(
            CacheMaintenance(f.cache, *f.audit, *f.access, admin()).backup(backupFile, passphrase));
        const qint64 replies = f.count(QStringLiteral("replies"));

        QTemporaryDir machine;
        MemoryKeyVault newVault;
        auto restored = CacheMaintenance::restore(machine.path(), newVault, backupFile, passphrase,
                                                  QStringLiteral("admin"), f.clock);
        QVERIFY2(restored, qPrintable(restored ? QString() : restored.error().message));
        QCOMPARE(newVault.readKey().state, KeyVault::State::Found);
        QVERIFY(newVault.readKey().key != f.vault.readKey().key);
        auto opened =
            CacheDatabase::open(machine.path(), newVault, CacheDatabase::OpenMode::ExistingOnly);
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        QCOMPARE(
            countWhere((*opened)->connection(), QStringLiteral("SELECT count(*) FROM replies")),
            replies);
        AuditLog audit(*opened, f.clock);
        QVERIFY(audit.verify().intact);

        // A keychain that cannot be read is not a missing entry: no key is made.
        QTemporaryDir locked;
        MemoryKeyVault lockedVault(KeyVault::State::Locked);
        auto refused = CacheMaintenance::restore(locked.path(), lockedVault, backupFile, passphrase,
                                                 QStringLiteral("admin"), f.clock);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, Error::Code::KeychainLocked);
        QVERIFY(!QFileInfo::exists(QDir(locked.path()).filePath(CacheDatabase::cacheFileName())));
    }

    void purgeKeepsWhatALegalHoldKeeps()
    {
        TriageFixture f;
        QVERIFY(startWithData(f));
        auto items = f.triage->openItems(nurse());
        QVERIFY(items && items->size() >= 3);
        // Three items of three patients closed today; one patient is under a legal hold.
        QList<TriageItem> closed;
        for (const TriageItem &item : *items) {
            if (std::none_of(closed.cbegin(), closed.cend(),
                             [&](const TriageItem &c) { return c.masterId == item.masterId; }))
                closed.append(item);
            if (closed.size() == 3)
                break;
        }
        QCOMPARE(closed.size(), 3);
        for (const TriageItem &item : closed) {
            QVERIFY(f.triage->claim(item.id, nurse(QStringLiteral("nurse.ana"))));
            QVERIFY(f.triage->resolve(item.id, nurse(QStringLiteral("nurse.ana")),
                                      QStringLiteral("called-patient"), QStringLiteral("done")));
        }
        Retention retention(f.cache, *f.audit, *f.access, f.clock);
        QVERIFY(
            retention.placeHold(closed.at(0).masterId, QStringLiteral("litigation 44"), admin()));
        QVERIFY(!retention.placeHold(QStringLiteral("MPI-NOBODY"), QStringLiteral("x"), admin()));
        QVERIFY(!retention.purge(0, admin()));
        const qint64 open = f.count(QStringLiteral("triage_items")) - 3;

        // Within the period nothing goes.
        f.clock.advanceSecs(10 * 86400);
        auto early = retention.purge(30, admin());
        QVERIFY(early);
        QCOMPARE(early->itemsPurged, 0);

        f.clock.advanceSecs(25 * 86400);
        auto purged = retention.purge(30, admin());
        QVERIFY2(purged, qPrintable(purged ? QString() : purged.error().message));
        QCOMPARE(purged->itemsPurged, 2);
        QCOMPARE(purged->itemsHeld, 1);
        QCOMPARE(f.count(QStringLiteral("triage_items")), open + 1);
        for (int i = 1; i < 3; ++i) {
            QCOMPARE(countWhere(f.cache->connection(),
                                QStringLiteral("SELECT count(*) FROM replies WHERE "
                                               "communication_id = '%1'")
                                    .arg(closed.at(i).communicationId)),
                     0);
            QCOMPARE(countWhere(f.cache->connection(),
                                QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                               "'purge' AND object = 'triage-item/%1'")
                                    .arg(closed.at(i).id)),
                     1);
        }
        QCOMPARE(countWhere(f.cache->connection(),
                            QStringLiteral("SELECT count(*) FROM replies WHERE communication_id "
                                           "= '%1'")
                                .arg(closed.at(0).communicationId)),
                 1);
        // Open items are never purged, whatever their age.
        QCOMPARE(countWhere(f.cache->connection(),
                            QStringLiteral("SELECT count(*) FROM triage_items WHERE status <> "
                                           "'resolved'")),
                 open);
        // The trail is whole and the queue check knows the purged items went by purge.
        QVERIFY(f.audit->verify().intact);
        auto crossCheck = f.triage->verifyAgainstAudit();
        QVERIFY(crossCheck);
        QVERIFY2(crossCheck->isEmpty(), qPrintable(*crossCheck));

        // Lifting the hold lets the next purge take the last one.
        QVERIFY(
            retention.releaseHold(closed.at(0).masterId, QStringLiteral("case closed"), admin()));
        QVERIFY(retention.holds(admin())->isEmpty());
        QCOMPARE(retention.purge(30, admin())->itemsPurged, 1);
        QVERIFY(f.audit->verify().intact);
    }

    void everyConnectionOverwritesDeletedRowsAndKeepsTempInMemory()
    {
        TriageFixture f;
        QVERIFY(startWithData(f));
        QSqlDatabase db = f.cache->connection();
        QCOMPARE(countWhere(db, QStringLiteral("PRAGMA secure_delete")), 1);
        QCOMPARE(countWhere(db, QStringLiteral("PRAGMA temp_store")), 2); // MEMORY
        auto side = f.cache->openExportConnection(QStringLiteral("side"));
        QVERIFY(side);
        QCOMPARE(countWhere(*side, QStringLiteral("PRAGMA secure_delete")), 1);
        QCOMPARE(countWhere(*side, QStringLiteral("PRAGMA temp_store")), 2);
        side->close();
        *side = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("side"));
    }
};

QTEST_GUILESS_MAIN(TestCacheMaintenance)
#include "tst_cachemaintenance.moc"
