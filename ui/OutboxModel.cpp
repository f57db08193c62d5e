// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/OutboxModel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace CareDesk {

OutboxModel::OutboxModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void OutboxModel::setCommands(const QList<OutboxCommand> &commands)
{
    beginResetModel();
    m_commands = commands;
    endResetModel();
}

const OutboxCommand *OutboxModel::commandAt(int row) const
{
    return row >= 0 && row < m_commands.size() ? &m_commands.at(row) : nullptr;
}

int OutboxModel::rowOfCommand(qint64 id) const
{
    for (int row = 0; row < m_commands.size(); ++row) {
        if (m_commands.at(row).id == id)
            return row;
    }
    return -1;
}

QString OutboxModel::describe(const OutboxCommand &command)
{
    const qint64 item = command.payload.value(QLatin1String("itemId")).toInteger();
    if (command.kind == QLatin1String("fhir.triage.claim"))
        return tr("Claim of item %1").arg(item);
    if (command.kind == QLatin1String("fhir.triage.release"))
        return tr("Release of item %1").arg(item);
    if (command.kind == QLatin1String("fhir.triage.resolve"))
        return tr("Resolution of item %1").arg(item);
    return command.kind;
}

QString OutboxModel::statusLabel(OutboxStatus status)
{
    switch (status) {
    case OutboxStatus::Pending:
        return tr("Waiting");
    case OutboxStatus::InFlight:
        return tr("Sending");
    case OutboxStatus::Failed:
        return tr("Failed, will retry");
    case OutboxStatus::Dead:
        return tr("Dead letter");
    case OutboxStatus::Done:
        return tr("Done");
    case OutboxStatus::Discarded:
        return tr("Discarded");
    }
    return QString();
}

int OutboxModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_commands.size());
}

int OutboxModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OutboxModel::data(const QModelIndex &index, int role) const
{
    const OutboxCommand *command = index.isValid() ? commandAt(index.row()) : nullptr;
    if (!command)
        return QVariant();
    if (role == Qt::ForegroundRole && index.column() == StatusColumn) {
        if (command->status == OutboxStatus::Dead)
            return QBrush(QColor(0xb0, 0x00, 0x20));
        if (command->status == OutboxStatus::Failed)
            return QBrush(QColor(0x9a, 0x5b, 0x00));
        return QVariant();
    }
    if (role == Qt::ToolTipRole && index.column() == ErrorColumn)
        return command->lastError;
    if (role != Qt::DisplayRole)
        return QVariant();
    const QLocale locale;
    switch (index.column()) {
    case IdColumn:
        return command->id;
    case StatusColumn:
        return statusLabel(command->status);
    case WhatColumn:
        return describe(*command);
    case AttemptsColumn:
        return tr("%1 of %2").arg(command->attempts).arg(command->maxAttempts);
    case NextColumn:
        return command->status == OutboxStatus::Failed
                   ? locale.toString(command->nextAttemptAt.toLocalTime(), QLocale::ShortFormat)
                   : QString();
    case ErrorColumn:
        return command->lastError;
    default:
        return QVariant();
    }
}

QVariant OutboxModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case IdColumn:
        //: Column of the outbox table: the command's number
        return tr("#");
    case StatusColumn:
        return tr("Status");
    case WhatColumn:
        return tr("Command");
    case AttemptsColumn:
        return tr("Attempts");
    case NextColumn:
        return tr("Next attempt");
    case ErrorColumn:
        return tr("Last error");
    default:
        return QVariant();
    }
}

} // namespace CareDesk
