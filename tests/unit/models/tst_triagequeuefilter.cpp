// SPDX-License-Identifier: GPL-3.0-or-later
// The nurse's filters over the live queue (issue 6, item 7): tier, program, owner, overdue.
#include "models/TriageQueueFilter.h"
#include "models/TriageQueueModel.h"

#include <QAbstractItemModelTester>
#include <QTest>
#include <QTimeZone>

using namespace CareDesk;

Q_DECLARE_METATYPE(CareDesk::TriageQueueFilter::Owner)

namespace {

const QDateTime kNow(QDate(2026, 12, 3), QTime(9, 0), QTimeZone::utc());

TriageItem item(qint64 id, TriageTier tier, const QString &program, const QString &owner,
                qint64 dueInSeconds)
{
    TriageItem made;
    made.id = id;
    made.tier = tier;
    made.program = program;
    made.owner = owner;
    made.status = owner.isEmpty() ? TriageStatus::Open : TriageStatus::Claimed;
    if (!owner.isEmpty())
        made.acknowledgedAt = kNow.addSecs(-60);
    made.masterId = QStringLiteral("MPI-%1").arg(id);
    made.dueAt = kNow.addSecs(dueInSeconds);
    return made;
}

QList<TriageItem> queue()
{
    return {
        item(1, TriageTier::Emergent, QStringLiteral("oncology"), QString(), -30),
        item(2, TriageTier::Emergent, QStringLiteral("cardiology"), QStringLiteral("ana"), -30),
        item(3, TriageTier::Urgent, QStringLiteral("oncology"), QStringLiteral("ben"), 300),
        item(4, TriageTier::Urgent, QString(), QString(), -5),
        item(5, TriageTier::Routine, QStringLiteral("oncology"), QStringLiteral("ana"), 9000),
    };
}

QList<qint64> shown(const TriageQueueFilter &filter)
{
    QList<qint64> ids;
    for (int row = 0; row < filter.rowCount(); ++row)
        ids.append(filter.index(row, 0).data(TriageQueueModel::ItemIdRole).toLongLong());
    return ids;
}

} // namespace

class TestTriageQueueFilter : public QObject
{
    Q_OBJECT

private slots:
    void filters_data()
    {
        QTest::addColumn<int>("tier"); // -1: any
        QTest::addColumn<QString>("program");
        QTest::addColumn<TriageQueueFilter::Owner>("owner");
        QTest::addColumn<QString>("ownerName");
        QTest::addColumn<bool>("overdue");
        QTest::addColumn<QList<qint64>>("expected");
        using O = TriageQueueFilter::Owner;
        QTest::newRow("nothing filtered")
            << -1 << QString() << O::Anyone << QString() << false << QList<qint64>{1, 2, 3, 4, 5};
        QTest::newRow("emergent only") << int(TriageTier::Emergent) << QString() << O::Anyone
                                       << QString() << false << QList<qint64>{1, 2};
        QTest::newRow("one program") << -1 << QStringLiteral("oncology") << O::Anyone << QString()
                                     << false << QList<qint64>{1, 3, 5};
        QTest::newRow("no program named") << -1 << TriageQueueFilter::noProgram() << O::Anyone
                                          << QString() << false << QList<qint64>{4};
        QTest::newRow("mine") << -1 << QString() << O::Me << QString() << false
                              << QList<qint64>{2, 5};
        QTest::newRow("unassigned")
            << -1 << QString() << O::Unassigned << QString() << false << QList<qint64>{1, 4};
        QTest::newRow("someone else's")
            << -1 << QString() << O::Named << QStringLiteral("ben") << false << QList<qint64>{3};
        // Overdue means an acknowledgement is owed past its deadline: 2 was acknowledged.
        QTest::newRow("overdue") << -1 << QString() << O::Anyone << QString() << true
                                 << QList<qint64>{1, 4};
        QTest::newRow("overdue urgent without program")
            << int(TriageTier::Urgent) << TriageQueueFilter::noProgram() << O::Unassigned
            << QString() << true << QList<qint64>{4};
        QTest::newRow("nothing matches") << int(TriageTier::Routine) << QStringLiteral("cardiology")
                                         << O::Anyone << QString() << false << QList<qint64>{};
    }

    void filters()
    {
        QFETCH(int, tier);
        QFETCH(QString, program);
        QFETCH(TriageQueueFilter::Owner, owner);
        QFETCH(QString, ownerName);
        QFETCH(bool, overdue);
        QFETCH(QList<qint64>, expected);
        TriageQueueModel model;
        model.setNow(kNow);
        model.setItems(queue());
        TriageQueueFilter filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setCurrentUser(QStringLiteral("ana"));
        filter.setTier(tier < 0 ? std::nullopt : std::optional<TriageTier>(TriageTier(tier)));
        filter.setProgram(program);
        filter.setOwner(owner, ownerName);
        filter.setOverdueOnly(overdue);
        QCOMPARE(shown(filter), expected);
        QCOMPARE(filter.isFiltering(), tier >= 0 || !program.isEmpty() ||
                                           owner != TriageQueueFilter::Owner::Anyone || overdue);
    }

    // A filtered view follows live updates row by row: the selected item stays selected.
    void filteredSelectionSurvivesUpdates()
    {
        TriageQueueModel model;
        model.setNow(kNow);
        model.setItems(queue());
        TriageQueueFilter filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setProgram(QStringLiteral("oncology"));
        const QPersistentModelIndex selected(filter.index(1, 0)); // item 3
        QCOMPARE(selected.data(TriageQueueModel::ItemIdRole).toLongLong(), qint64(3));

        QList<TriageItem> updated = queue();
        updated.prepend(item(6, TriageTier::Emergent, QStringLiteral("oncology"), QString(), 60));
        updated.removeAt(1); // item 1 resolved
        model.setItems(updated);
        QVERIFY(selected.isValid());
        QCOMPARE(selected.data(TriageQueueModel::ItemIdRole).toLongLong(), qint64(3));
        QCOMPARE(shown(filter), (QList<qint64>{6, 3, 5}));
    }

    // With "overdue only", an item that passes its deadline appears as time goes by.
    void overdueFilterFollowsTheClock()
    {
        TriageQueueModel model;
        model.setNow(kNow);
        model.setItems({item(1, TriageTier::Urgent, QString(), QString(), 30)});
        TriageQueueFilter filter;
        filter.setSourceModel(&model);
        filter.setOverdueOnly(true);
        QCOMPARE(filter.rowCount(), 0);
        model.setNow(kNow.addSecs(31));
        filter.setNow(kNow.addSecs(31));
        QCOMPARE(filter.rowCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestTriageQueueFilter)
#include "tst_triagequeuefilter.moc"
