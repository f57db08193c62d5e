// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/hl7/Hl7DeadLetterStore.h"

#include <QAbstractTableModel>
#include <QList>

namespace CareDesk {

// HL7 dead letters as a table (newest first): when, from whom, which message, what the sender
// was told and why. A value list handed over by signal; no I/O here.
class Hl7DeadLetterModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        ReceivedColumn,
        StatusColumn,
        SenderColumn,
        MessageColumn,
        AckColumn,
        ReasonColumn,
        ColumnCount
    };

    explicit Hl7DeadLetterModel(QObject *parent = nullptr);

    void setLetters(const QList<Hl7DeadLetter> &letters);
    const Hl7DeadLetter *letterAt(int row) const;
    int rowOfLetter(qint64 id) const;
    static QString statusLabel(Hl7DeadLetter::Status status);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<Hl7DeadLetter> m_letters;
};

} // namespace CareDesk
