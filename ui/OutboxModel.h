// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/outbox/OutboxCommand.h"

#include <QAbstractTableModel>
#include <QList>

namespace CareDesk {

// The outbox as a table: pending, in flight, failed and dead commands, each with its error.
// A value list (read on the sync thread, handed over by signal); no I/O here.
class OutboxModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        StatusColumn,
        WhatColumn,
        AttemptsColumn,
        NextColumn,
        ErrorColumn,
        ColumnCount
    };

    explicit OutboxModel(QObject *parent = nullptr);

    void setCommands(const QList<OutboxCommand> &commands);
    const OutboxCommand *commandAt(int row) const;
    int rowOfCommand(qint64 id) const;

    // "Claim of item 12", "Resolution of item 4", or the kind itself for other handlers.
    static QString describe(const OutboxCommand &command);
    static QString statusLabel(OutboxStatus status);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<OutboxCommand> m_commands;
};

} // namespace CareDesk
