// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/TriageItem.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

namespace CareDesk {

// The live triage queue as a table: tier (text and shape, not only colour), patient, age,
// deadline countdown, status and owner. Rows keep the order given (tier, then age).
class TriageQueueModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TierColumn,
        PatientColumn,
        ReceivedColumn,
        DueColumn,
        StatusColumn,
        OwnerColumn,
        EvidenceColumn,
        ColumnCount
    };
    enum Role { ItemIdRole = Qt::UserRole + 1, TierRole, OverdueRole };

    explicit TriageQueueModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Replaces the rows; when the same items come back in the same order they are updated in
    // place, so selection and scrolling survive the periodic refresh.
    void setItems(const QList<TriageItem> &items);
    // Moves the clock the countdown is measured against; only the deadline column changes.
    void setNow(const QDateTime &now);

    const TriageItem *itemAt(int row) const;
    int rowOfItem(qint64 id) const;

    static QString tierLabel(TriageTier tier); // "▲ Emergent", "◆ Urgent", "● Routine"
    static QString countdownText(qint64 secondsLeft);

private:
    QList<TriageItem> m_items;
    QDateTime m_now;
};

} // namespace CareDesk
