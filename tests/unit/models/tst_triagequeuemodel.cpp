// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/TriageQueueModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace CareDesk;

namespace {

TriageItem makeItem(qint64 id, TriageTier tier, const QDateTime &due)
{
    TriageItem item;
    item.id = id;
    item.tier = tier;
    item.masterId = QStringLiteral("MPI-%1").arg(id);
    item.receivedAt = due.addSecs(-600);
    item.dueAt = due;
    item.evidence.append({0, 10, QStringLiteral("chest pain"), QStringLiteral("chest-pain"),
                          TriageTier::Emergent, EvidenceContext::Affirmed});
    return item;
}

} // namespace

class TestTriageQueueModel : public QObject
{
    Q_OBJECT

private slots:
    void tierIsShownByTextAndShape()
    {
        TriageQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QDateTime now(QDate(2026, 12, 3), QTime(9, 0), QTimeZone::utc());
        model.setNow(now);
        model.setItems({makeItem(1, TriageTier::Emergent, now.addSecs(125)),
                        makeItem(2, TriageTier::Urgent, now.addSecs(-61)),
                        makeItem(3, TriageTier::Routine, now.addSecs(4000))});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.data(model.index(0, TriageQueueModel::TierColumn)).toString(),
                 QStringLiteral("\u25B2 Emergent"));
        QCOMPARE(model.data(model.index(1, TriageQueueModel::TierColumn)).toString(),
                 QStringLiteral("\u25C6 Urgent"));
        QCOMPARE(model.data(model.index(2, TriageQueueModel::TierColumn)).toString(),
                 QStringLiteral("\u25CF Routine"));
        QCOMPARE(model.data(model.index(0, TriageQueueModel::DueColumn)).toString(),
                 QStringLiteral("2:05 left"));
        QCOMPARE(model.data(model.index(1, TriageQueueModel::DueColumn)).toString(),
                 QStringLiteral("OVERDUE 1:01"));
        QCOMPARE(model.data(model.index(2, TriageQueueModel::DueColumn)).toString(),
                 QStringLiteral("1:06:40 left"));
        QVERIFY(model.data(model.index(1, 0), TriageQueueModel::OverdueRole).toBool());
        QCOMPARE(model.data(model.index(0, TriageQueueModel::EvidenceColumn)).toString(),
                 QStringLiteral("chest pain"));
        QCOMPARE(model.rowOfItem(3), 2);

        // A review item shows what made it one, even when nothing is affirmed.
        TriageItem review = makeItem(4, TriageTier::Routine, now);
        review.needsReview = true;
        review.evidence.first().context = EvidenceContext::OtherPerson;
        model.setItems({review});
        QCOMPARE(model.data(model.index(0, TriageQueueModel::EvidenceColumn)).toString(),
                 QStringLiteral("review: chest pain"));
        QCOMPARE(model.rowOfItem(99), -1);
    }

    void countdownTicksOnlyTheDeadlineColumn()
    {
        TriageQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QDateTime now(QDate(2026, 12, 3), QTime(9, 0), QTimeZone::utc());
        model.setItems({makeItem(1, TriageTier::Emergent, now.addSecs(300))});
        QSignalSpy spy(&model, &QAbstractItemModel::dataChanged);
        model.setNow(now.addSecs(1));
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.at(0).at(0).toModelIndex().column(), int(TriageQueueModel::DueColumn));
        QCOMPARE(model.data(model.index(0, TriageQueueModel::DueColumn)).toString(),
                 QStringLiteral("4:59 left"));
    }

    void refreshWithSameItemsUpdatesInPlace()
    {
        TriageQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QDateTime now(QDate(2026, 12, 3), QTime(9, 0), QTimeZone::utc());
        QList<TriageItem> items{makeItem(1, TriageTier::Emergent, now),
                                makeItem(2, TriageTier::Urgent, now)};
        model.setItems(items);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);

        items[0].status = TriageStatus::Claimed;
        items[0].owner = QStringLiteral("nurse.ana");
        model.setItems(items);
        QCOMPARE(resets.size(), 0);
        QCOMPARE(changes.size(), 1);
        QCOMPARE(model.data(model.index(0, TriageQueueModel::OwnerColumn)).toString(),
                 QStringLiteral("nurse.ana"));

        // An item that leaves is a removed row, not a reset: the view keeps the other rows.
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.setItems({items.at(1)});
        QCOMPARE(resets.size(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(model.rowCount(), 1);
    }

    // Live updates as they come: new items above and below, items leaving, a raised item
    // moving to the top. Persistent indexes (what a selection holds) follow their item.
    void liveUpdatesKeepPersistentIndexes_data()
    {
        QTest::addColumn<QList<qint64>>("before");
        QTest::addColumn<QList<qint64>>("after");
        QTest::newRow("new item on top") << QList<qint64>{1, 2, 3} << QList<qint64>{9, 1, 2, 3};
        QTest::newRow("new item at the bottom")
            << QList<qint64>{1, 2, 3} << QList<qint64>{1, 2, 3, 9};
        QTest::newRow("item above leaves") << QList<qint64>{1, 2, 3} << QList<qint64>{2, 3};
        QTest::newRow("raised item moves to the top")
            << QList<qint64>{1, 2, 3, 4} << QList<qint64>{4, 1, 2, 3};
        QTest::newRow("reversed") << QList<qint64>{1, 2, 3, 4} << QList<qint64>{4, 3, 2, 1};
        QTest::newRow("everything at once")
            << QList<qint64>{1, 2, 3, 4, 5} << QList<qint64>{7, 5, 3, 8, 1, 6};
        QTest::newRow("emptied and refilled") << QList<qint64>{1, 2} << QList<qint64>{3, 4};
    }

    void liveUpdatesKeepPersistentIndexes()
    {
        QFETCH(QList<qint64>, before);
        QFETCH(QList<qint64>, after);
        TriageQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QDateTime now(QDate(2026, 12, 3), QTime(9, 0), QTimeZone::utc());
        const auto list = [&now](const QList<qint64> &ids) {
            QList<TriageItem> items;
            for (const qint64 id : ids)
                items.append(makeItem(id, TriageTier::Urgent, now));
            return items;
        };
        model.setItems(list(before));
        QList<QPersistentModelIndex> held;
        for (int row = 0; row < model.rowCount(); ++row)
            held.append(QPersistentModelIndex(model.index(row, 1)));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

        model.setItems(list(after));
        QCOMPARE(resets.size(), 0);
        QCOMPARE(model.rowCount(), int(after.size()));
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.itemAt(row)->id, after.at(row));
        for (qsizetype i = 0; i < held.size(); ++i) {
            const qint64 id = before.at(i);
            if (after.contains(id)) {
                QVERIFY(held.at(i).isValid());
                QCOMPARE(model.itemAt(held.at(i).row())->id, id);
                QCOMPARE(held.at(i).column(), 1);
            } else {
                QVERIFY(!held.at(i).isValid());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestTriageQueueModel)
#include "tst_triagequeuemodel.moc"
