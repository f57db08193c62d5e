// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/TriageItem.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

namespace CareDesk {

// The live triage queue as a table: tier (text and shape, not only colour), patient, age,
// deadline countdown, status, owner, what stands out (adverse event clock, raised, escalated,
// replies) and the evidence. Rows keep the order given (tier, then age). A refresh moves,
// inserts and removes rows one by one, so views keep their selection and scroll position.
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
        FlagsColumn,
        EvidenceColumn,
        ColumnCount
    };
    enum Role {
        ItemIdRole = Qt::UserRole + 1,
        TierRole,
        OverdueRole,         // owes an acknowledgement past its deadline
        ProgramRole,         // the item's program, or an empty string
        OwnerRole,           // the owner's user name, or an empty string
        AwaitingAckRole,     // open and not acknowledged since opened, released or raised
        AdverseEventRole,    // a possible adverse event is open on the item
        EscalationLevelRole, // ladder steps taken
    };

    explicit TriageQueueModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Brings the rows to items: rows of items that left are removed, new ones inserted, moved
    // ones moved and changed ones updated, so selection and scrolling survive live updates.
    void setItems(const QList<TriageItem> &items);
    const QList<TriageItem> &items() const { return m_items; }
    // Moves the clock the countdown is measured against; only the deadline column changes.
    void setNow(const QDateTime &now);

    const TriageItem *itemAt(int row) const;
    int rowOfItem(qint64 id) const;

    static QString tierLabel(TriageTier tier); // "▲ Emergent", "◆ Urgent", "● Routine"
    static QString countdownText(qint64 secondsLeft);
    // "AE report in 14 d · raised · escalated to supervisor · 3 replies", what stands out.
    QString flagsText(const TriageItem &item) const;

private:
    QList<TriageItem> m_items;
    QDateTime m_now;
};

} // namespace CareDesk
