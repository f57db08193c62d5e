// SPDX-License-Identifier: GPL-3.0-or-later
// The Spanish catalogue is built into the binary and used by the queue's labels.
#include "models/TriageQueueModel.h"

#include <QCoreApplication>
#include <QTest>
#include <QTranslator>

using namespace CareDesk;

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void spanishCatalogueTranslatesTheQueue()
    {
        QCOMPARE(TriageQueueModel::tierLabel(TriageTier::Emergent),
                 QStringLiteral("\u25B2 Emergent"));
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/caredesk_es.qm")));
        QVERIFY(QCoreApplication::installTranslator(&translator));
        QCOMPARE(TriageQueueModel::tierLabel(TriageTier::Emergent),
                 QStringLiteral("\u25B2 Emergente"));
        QCOMPARE(TriageQueueModel::countdownText(-61), QStringLiteral("VENCIDO hace 1:01"));
        QCoreApplication::removeTranslator(&translator);
    }

    void englishCatalogueLoads()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/caredesk_en.qm")));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
