// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/TriageItem.h"

#include <QDateTime>
#include <QList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QTableView;

namespace CareDesk {

class AlertBanner;
class TriageQueueFilter;
class TriageQueueModel;

// The queue as a nurse works it: the alert banner, the counts per tier (of the whole queue,
// whatever the filters), the filters (tier, program, owner, overdue) and the table. Filters are
// reached with Alt and their underlined letter; the table keeps its selection as the queue
// changes under it.
class QueuePanel : public QWidget
{
    Q_OBJECT
public:
    QueuePanel(TriageQueueModel *model, QString currentUser, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    TriageQueueFilter *filter() const { return m_filter; }
    AlertBanner *banner() const { return m_banner; }
    QLabel *countsLabel() const { return m_counts; }
    QComboBox *tierFilter() const { return m_tier; }
    QComboBox *programFilter() const { return m_program; }
    QComboBox *ownerFilter() const { return m_owner; }
    QCheckBox *overdueFilter() const { return m_overdue; }

    void setSiteBanner(const QString &text);
    // The selected item, in the model's terms; null when nothing is selected.
    const TriageItem *currentItem() const;
    // Selects the item when a filter shows it; false when it is not in the queue or hidden.
    bool selectItem(qint64 id);
    // The open, unclaimed items the filters show, in queue order (what "claim next" takes from).
    QList<qint64> visibleOpenItems() const;
    // After the model changed or time passed: counts, filter choices, overdue filter.
    void queueChanged(const QDateTime &now);
    // Shows every item again (a hidden item the nurse asked for, or an alert's item).
    void clearFilters();

signals:
    void currentItemChanged();

private:
    void applyFilters();
    void updateChoices();
    void updateCounts(const QDateTime &now);

    TriageQueueModel *m_model;
    TriageQueueFilter *m_filter;
    QString m_currentUser;
    AlertBanner *m_banner;
    QLabel *m_siteBanner;
    QLabel *m_counts;
    QComboBox *m_tier;
    QComboBox *m_program;
    QComboBox *m_owner;
    QCheckBox *m_overdue;
    QTableView *m_view;
    QDateTime m_now;
};

} // namespace CareDesk
