// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/TriageQueueFilter.h"

#include "models/TriageQueueModel.h"

namespace CareDesk {

TriageQueueFilter::TriageQueueFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // The queue is ordered by the service (tier, then time received); the view never re-sorts.
    setDynamicSortFilter(true);
}

void TriageQueueFilter::setTier(std::optional<TriageTier> tier)
{
    m_tier = tier;
    invalidateRowsFilter();
}

void TriageQueueFilter::setProgram(const QString &program)
{
    m_program = program;
    invalidateRowsFilter();
}

void TriageQueueFilter::setOwner(Owner owner, const QString &name)
{
    m_owner = owner;
    m_ownerName = name;
    invalidateRowsFilter();
}

void TriageQueueFilter::setCurrentUser(const QString &user)
{
    m_currentUser = user;
    if (m_owner == Owner::Me)
        invalidateRowsFilter();
}

void TriageQueueFilter::setOverdueOnly(bool overdueOnly)
{
    m_overdueOnly = overdueOnly;
    invalidateRowsFilter();
}

void TriageQueueFilter::setNow(const QDateTime &)
{
    // The source model answers OverdueRole at its own "now"; a row crossing its deadline
    // changes only the deadline column, so the filter is asked again here.
    if (m_overdueOnly)
        invalidateRowsFilter();
}

bool TriageQueueFilter::isFiltering() const
{
    return m_tier || !m_program.isEmpty() || m_owner != Owner::Anyone || m_overdueOnly;
}

bool TriageQueueFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_tier && index.data(TriageQueueModel::TierRole).toInt() != int(*m_tier))
        return false;
    const QString program = index.data(TriageQueueModel::ProgramRole).toString();
    if (!m_program.isEmpty() && program != (m_program == noProgram() ? QString() : m_program))
        return false;
    const QString owner = index.data(TriageQueueModel::OwnerRole).toString();
    switch (m_owner) {
    case Owner::Anyone:
        break;
    case Owner::Me:
        if (owner != m_currentUser)
            return false;
        break;
    case Owner::Unassigned:
        if (!owner.isEmpty())
            return false;
        break;
    case Owner::Named:
        if (owner != m_ownerName)
            return false;
        break;
    }
    return !m_overdueOnly || index.data(TriageQueueModel::OverdueRole).toBool();
}

} // namespace CareDesk
