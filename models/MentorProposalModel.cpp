// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/MentorProposalModel.h"

#include <QBrush>
#include <QColor>
#include <QCoreApplication>

namespace CareDesk {

MentorProposalModel::MentorProposalModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int MentorProposalModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_proposals.size());
}

int MentorProposalModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString MentorProposalModel::reasonsText(const MentorProposal &proposal)
{
    QStringList parts;
    for (const MatchReason &reason : proposal.reasons)
        parts.append(tr("%1 (+%2)").arg(reason.text).arg(reason.points));
    return parts.join(QStringLiteral("; "));
}

QVariant MentorProposalModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return QVariant();
    const MentorProposal &proposal = m_proposals.at(index.row());
    const bool proposable = proposal.excludedBecause.isEmpty();
    switch (role) {
    case MentorIdRole:
        return proposal.mentor.mentorId;
    case ProposableRole:
        return proposable;
    case Qt::DisplayRole:
        switch (index.column()) {
        case RankColumn:
            return proposable ? QString::number(proposal.rank) : tr("\u2014");
        case MentorColumn:
            return proposal.mentor.displayName;
        case ScoreColumn:
            return proposal.score;
        case LanguagesColumn:
            return proposal.mentor.languages.join(QStringLiteral(", "));
        case RoomColumn:
            //: Mentor capacity column: introductions in progress of the mentor's capacity.
            return tr("%1 of %2")
                .arg(proposal.mentor.openIntroductions)
                .arg(proposal.mentor.capacity);
        case ReasonsColumn:
            return proposable ? reasonsText(proposal)
                              : tr("Not proposed: %1").arg(proposal.excludedBecause);
        default:
            return QVariant();
        }
    case Qt::ToolTipRole:
        if (index.column() == ReasonsColumn || index.column() == ScoreColumn)
            return reasonsText(proposal);
        if (index.column() == MentorColumn)
            return tr("%1, %2, %3")
                .arg(proposal.mentor.therapy, proposal.mentor.condition, proposal.mentor.timeZone);
        return QVariant();
    case Qt::ForegroundRole:
        return proposable ? QVariant() : QVariant(QBrush(QColor(0x70, 0x70, 0x70)));
    default:
        return QVariant();
    }
}

QVariant MentorProposalModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RankColumn:
        return tr("Rank");
    case MentorColumn:
        return tr("Mentor");
    case ScoreColumn:
        return tr("Score");
    case LanguagesColumn:
        return tr("Languages");
    case RoomColumn:
        return tr("In progress");
    case ReasonsColumn:
        return tr("Why");
    default:
        return QVariant();
    }
}

void MentorProposalModel::setProposals(const QList<MentorProposal> &proposals)
{
    beginResetModel();
    m_proposals = proposals;
    endResetModel();
}

const MentorProposal *MentorProposalModel::proposalAt(int row) const
{
    return row >= 0 && row < m_proposals.size() ? &m_proposals.at(row) : nullptr;
}

} // namespace CareDesk
