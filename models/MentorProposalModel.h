// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Mentor.h"

#include <QAbstractTableModel>

namespace CareDesk {

// Mentors proposed for a patient, best first, then those who cannot be proposed (greyed, with
// the reason). The reasons column says why each is where it is.
class MentorProposalModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        RankColumn,
        MentorColumn,
        ScoreColumn,
        LanguagesColumn,
        RoomColumn,
        ReasonsColumn,
        ColumnCount
    };
    enum Role { MentorIdRole = Qt::UserRole + 1, ProposableRole };

    explicit MentorProposalModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setProposals(const QList<MentorProposal> &proposals);
    const MentorProposal *proposalAt(int row) const;

    // "Same therapy: adalimumab (+35); ..." the reasons with their points.
    static QString reasonsText(const MentorProposal &proposal);

private:
    QList<MentorProposal> m_proposals;
};

} // namespace CareDesk
