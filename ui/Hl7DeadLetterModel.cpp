// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/Hl7DeadLetterModel.h"

#include <QBrush>
#include <QLocale>
#include <QPalette>

namespace CareDesk {

Hl7DeadLetterModel::Hl7DeadLetterModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void Hl7DeadLetterModel::setLetters(const QList<Hl7DeadLetter> &letters)
{
    beginResetModel();
    m_letters = letters;
    endResetModel();
}

const Hl7DeadLetter *Hl7DeadLetterModel::letterAt(int row) const
{
    return row >= 0 && row < m_letters.size() ? &m_letters.at(row) : nullptr;
}

int Hl7DeadLetterModel::rowOfLetter(qint64 id) const
{
    for (int row = 0; row < m_letters.size(); ++row) {
        if (m_letters.at(row).id == id)
            return row;
    }
    return -1;
}

QString Hl7DeadLetterModel::statusLabel(Hl7DeadLetter::Status status)
{
    switch (status) {
    case Hl7DeadLetter::Status::Open:
        return tr("Open");
    case Hl7DeadLetter::Status::Replayed:
        return tr("Replayed");
    case Hl7DeadLetter::Status::Discarded:
        return tr("Discarded");
    }
    return QString();
}

int Hl7DeadLetterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_letters.size());
}

int Hl7DeadLetterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant Hl7DeadLetterModel::data(const QModelIndex &index, int role) const
{
    const Hl7DeadLetter *letter = index.isValid() ? letterAt(index.row()) : nullptr;
    if (!letter || index.column() < 0 || index.column() >= ColumnCount)
        return QVariant();
    if (role == Qt::UserRole)
        return letter->id;
    if (role == Qt::ForegroundRole && letter->status != Hl7DeadLetter::Status::Open)
        return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
    if (role == Qt::ToolTipRole && index.column() == ReasonColumn)
        return letter->reason;
    if (role != Qt::DisplayRole)
        return QVariant();
    switch (Column(index.column())) {
    case IdColumn:
        return letter->id;
    case ReceivedColumn:
        return QLocale().toString(letter->receivedAt.toLocalTime(), QLocale::ShortFormat);
    case StatusColumn:
        return statusLabel(letter->status);
    case SenderColumn:
        return letter->sender.isEmpty() ? letter->peer : letter->sender;
    case MessageColumn:
        //: A message's type and its control ID, e.g. "ADT^A01 MSG0009"
        return tr("%1 %2").arg(letter->messageType.isEmpty() ? tr("(no MSH)") : letter->messageType,
                               letter->controlId);
    case AckColumn:
        //: What the sender was told: AE, AR, or none when the connection was gone
        return letter->ackCode == QLatin1String("none") ? tr("none (connection gone)")
                                                        : letter->ackCode;
    case ReasonColumn:
        return letter->attempts > 0 && !letter->lastError.isEmpty()
                   ? tr("%1 (replayed %n time(s), still failing)", nullptr, letter->attempts)
                         .arg(letter->lastError)
                   : letter->reason;
    case ColumnCount:
        break;
    }
    return QVariant();
}

QVariant Hl7DeadLetterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case IdColumn:
        return tr("No.");
    case ReceivedColumn:
        return tr("Received");
    case StatusColumn:
        return tr("Status");
    case SenderColumn:
        return tr("Sender");
    case MessageColumn:
        return tr("Message");
    case AckColumn:
        return tr("Answered");
    case ReasonColumn:
        return tr("Why it was not applied");
    case ColumnCount:
        break;
    }
    return QVariant();
}

} // namespace CareDesk
