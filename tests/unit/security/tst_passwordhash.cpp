// SPDX-License-Identifier: GPL-3.0-or-later
// scrypt password hashes: verify, refuse, salt, tampered and malformed hashes, weak passwords.
#include "services/security/PasswordHash.h"

#include <QTest>

using namespace CareDesk;

class TestPasswordHash : public QObject
{
    Q_OBJECT

private slots:
    void hashAndVerify()
    {
        auto first = PasswordHash::hash("correct horse battery");
        auto second = PasswordHash::hash("correct horse battery");
        QVERIFY(first && second);
        QVERIFY(first->startsWith(QStringLiteral("scrypt$15$8$1$")));
        QVERIFY(*first != *second); // a fresh salt each time
        QVERIFY(PasswordHash::verify("correct horse battery", *first));
        QVERIFY(PasswordHash::verify("correct horse battery", *second));
        QVERIFY(!PasswordHash::verify("correct horse batterz", *first));
        QVERIFY(!PasswordHash::verify("", *first));
    }

    void malformedOrTamperedHashesNeverVerify_data()
    {
        QTest::addColumn<QString>("stored");
        auto good = PasswordHash::hash("correct horse battery", {12, 8, 1});
        QVERIFY(good);
        const QStringList parts = good->split(u'$');
        auto with = [&parts](int index, const QString &value) {
            QStringList changed = parts;
            changed[index] = value;
            return changed.join(u'$');
        };
        QTest::newRow("empty") << QString();
        QTest::newRow("other scheme") << with(0, QStringLiteral("pbkdf2"));
        QTest::newRow("cost too high") << with(1, QStringLiteral("30"));
        QTest::newRow("cost not a number") << with(1, QStringLiteral("x"));
        QTest::newRow("short salt") << with(4, QStringLiteral("AAA="));
        QTest::newRow("other hash") << with(5, QString::fromLatin1(QByteArray(32, 'a').toBase64()));
        QTest::newRow("other cost, same hash") << with(1, QStringLiteral("13"));
        QTest::newRow("missing part") << parts.mid(0, 5).join(u'$');
    }

    void malformedOrTamperedHashesNeverVerify()
    {
        QFETCH(QString, stored);
        QVERIFY(!PasswordHash::verify("correct horse battery", stored));
    }

    void weakPasswords_data()
    {
        QTest::addColumn<QByteArray>("password");
        QTest::addColumn<bool>("acceptable");
        QTest::newRow("eleven characters") << QByteArray("abcdefghijk") << false;
        QTest::newRow("twelve characters") << QByteArray("abcdefghijkl") << true;
        QTest::newRow("six accented letters (12 bytes)")
            << QByteArray("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9") << false;
        QTest::newRow("leading space") << QByteArray(" abcdefghijkl") << false;
    }

    void weakPasswords()
    {
        QFETCH(QByteArray, password);
        QFETCH(bool, acceptable);
        QCOMPARE(PasswordHash::weakness(password).isEmpty(), acceptable);
    }
};

QTEST_GUILESS_MAIN(TestPasswordHash)
#include "tst_passwordhash.moc"
