// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/TriageTier.h"

#include <QDateTime>
#include <QSortFilterProxyModel>
#include <QString>

#include <optional>

namespace CareDesk {

// The nurse's view of the queue: only the tier, program and owner asked for, or only the items
// past their deadline. Keeps the queue's own order (it never sorts), and follows the live model
// row by row, so a filtered view keeps its selection too.
class TriageQueueFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class Owner { Anyone, Me, Unassigned, Named };

    explicit TriageQueueFilter(QObject *parent = nullptr);

    void setTier(std::optional<TriageTier> tier);
    // Empty: every program. kNoProgram: items the source named no program for.
    void setProgram(const QString &program);
    void setOwner(Owner owner, const QString &name = QString());
    // Whose queue "Me" means.
    void setCurrentUser(const QString &user);
    void setOverdueOnly(bool overdueOnly);
    // The time "overdue" is measured at; re-filters only when the overdue filter is on.
    void setNow(const QDateTime &now);

    bool isFiltering() const;
    static QString noProgram() { return QStringLiteral("\x1f(none)"); }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    std::optional<TriageTier> m_tier;
    QString m_program;
    Owner m_owner = Owner::Anyone;
    QString m_ownerName;
    QString m_currentUser;
    bool m_overdueOnly = false;
};

} // namespace CareDesk
