// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/QueuePanel.h"

#include "models/TriageQueueFilter.h"
#include "models/TriageQueueModel.h"
#include "ui/AlertBanner.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSet>
#include <QTableView>
#include <QVBoxLayout>

namespace CareDesk {

namespace {

// Owner filter entries: their data is the mode, and for a named owner the name after a tab.
QString ownerData(TriageQueueFilter::Owner owner, const QString &name = QString())
{
    return QString::number(int(owner)) + u'\t' + name;
}

} // namespace

QueuePanel::QueuePanel(TriageQueueModel *model, QString currentUser, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_filter(new TriageQueueFilter(this))
    , m_currentUser(std::move(currentUser))
    , m_banner(new AlertBanner(this))
    , m_siteBanner(new QLabel(this))
    , m_counts(new QLabel(this))
    , m_tier(new QComboBox(this))
    , m_program(new QComboBox(this))
    , m_owner(new QComboBox(this))
    , m_overdue(new QCheckBox(tr("Overd&ue only"), this))
    , m_view(new QTableView(this))
{
    m_filter->setSourceModel(m_model);
    m_filter->setCurrentUser(m_currentUser);

    m_siteBanner->setObjectName(QStringLiteral("siteBanner"));
    m_siteBanner->setStyleSheet(QStringLiteral("background-color:#1f5fa8;color:#ffffff;"
                                               "font-weight:bold;padding:4px"));
    m_siteBanner->setVisible(false);
    m_counts->setObjectName(QStringLiteral("queueCounts"));
    m_counts->setTextFormat(Qt::RichText);
    m_counts->setWordWrap(true); // a narrow queue wraps the counts rather than cutting them
    m_counts->setAccessibleName(tr("Items per tier"));

    m_tier->setObjectName(QStringLiteral("tierFilter"));
    m_tier->addItem(tr("All tiers"), -1);
    for (const TriageTier tier : {TriageTier::Emergent, TriageTier::Urgent, TriageTier::Routine})
        m_tier->addItem(TriageQueueModel::tierLabel(tier), int(tier));
    m_program->setObjectName(QStringLiteral("programFilter"));
    m_owner->setObjectName(QStringLiteral("ownerFilter"));
    m_overdue->setObjectName(QStringLiteral("overdueFilter"));
    updateChoices();

    auto *filters = new QHBoxLayout;
    const auto addFilter = [this, filters](const QString &label, QComboBox *box) {
        auto *caption = new QLabel(label, this);
        caption->setBuddy(box);
        filters->addWidget(caption);
        filters->addWidget(box);
    };
    addFilter(tr("&Tier:"), m_tier);
    addFilter(tr("&Program:"), m_program);
    addFilter(tr("O&wner:"), m_owner);
    filters->addWidget(m_overdue);
    filters->addStretch(1);

    m_view->setObjectName(QStringLiteral("triageQueueView"));
    m_view->setAccessibleName(tr("Triage queue"));
    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(false);
    m_view->verticalHeader()->setVisible(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Long names and many flags are cut with an ellipsis (the tooltip and the detail pane have
    // them whole), so the evidence stays in view.
    m_view->horizontalHeader()->setMaximumSectionSize(190);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setSectionResizeMode(TriageQueueModel::EvidenceColumn,
                                                     QHeaderView::Stretch);
    m_view->setTabKeyNavigation(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_siteBanner);
    layout->addWidget(m_banner);
    layout->addWidget(m_counts);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &QueuePanel::currentItemChanged);
    for (QComboBox *box : {m_tier, m_program, m_owner})
        connect(box, &QComboBox::activated, this, &QueuePanel::applyFilters);
    connect(m_overdue, &QCheckBox::toggled, this, &QueuePanel::applyFilters);
}

void QueuePanel::setSiteBanner(const QString &text)
{
    m_siteBanner->setText(text);
    m_siteBanner->setVisible(!text.isEmpty());
}

const TriageItem *QueuePanel::currentItem() const
{
    const QModelIndex index = m_view->currentIndex();
    if (!index.isValid())
        return nullptr;
    return m_model->itemAt(m_filter->mapToSource(index).row());
}

bool QueuePanel::selectItem(qint64 id)
{
    const int row = m_model->rowOfItem(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_filter->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false;
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    return true;
}

QList<qint64> QueuePanel::visibleOpenItems() const
{
    QList<qint64> ids;
    for (int row = 0; row < m_filter->rowCount(); ++row) {
        const TriageItem *item =
            m_model->itemAt(m_filter->mapToSource(m_filter->index(row, 0)).row());
        if (item && item->status == TriageStatus::Open)
            ids.append(item->id);
    }
    return ids;
}

void QueuePanel::clearFilters()
{
    m_tier->setCurrentIndex(0);
    m_program->setCurrentIndex(0);
    m_owner->setCurrentIndex(0);
    m_overdue->setChecked(false);
    applyFilters();
}

void QueuePanel::applyFilters()
{
    const int tier = m_tier->currentData().toInt();
    m_filter->setTier(tier < 0 ? std::nullopt : std::optional<TriageTier>(TriageTier(tier)));
    m_filter->setProgram(m_program->currentData().toString());
    const QStringList owner = m_owner->currentData().toString().split(u'\t');
    m_filter->setOwner(TriageQueueFilter::Owner(owner.value(0).toInt()), owner.value(1));
    m_filter->setOverdueOnly(m_overdue->isChecked());
    if (!m_view->currentIndex().isValid() && m_filter->rowCount() > 0)
        m_view->setCurrentIndex(m_filter->index(0, 0));
    updateCounts(m_now);
}

void QueuePanel::queueChanged(const QDateTime &now)
{
    m_now = now;
    updateChoices();
    m_filter->setNow(now);
    updateCounts(now);
}

void QueuePanel::updateChoices()
{
    // The programs and owners in the queue now, keeping what the nurse chose.
    QSet<QString> programs;
    QSet<QString> owners;
    bool unnamedProgram = false;
    for (const TriageItem &item : m_model->items()) {
        if (item.program.isEmpty())
            unnamedProgram = true;
        else
            programs.insert(item.program);
        if (!item.owner.isEmpty() && item.owner != m_currentUser)
            owners.insert(item.owner);
    }
    const QVariant program = m_program->currentData();
    m_program->clear();
    m_program->addItem(tr("All programs"), QString());
    QStringList sortedPrograms(programs.cbegin(), programs.cend());
    sortedPrograms.sort(Qt::CaseInsensitive);
    for (const QString &name : std::as_const(sortedPrograms))
        m_program->addItem(name, name);
    if (unnamedProgram)
        m_program->addItem(tr("(no program)"), TriageQueueFilter::noProgram());
    // A program chosen whose last item just left stays chosen (showing none) until changed.
    if (program.isValid() && !program.toString().isEmpty() && m_program->findData(program) < 0)
        m_program->addItem(program.toString() == TriageQueueFilter::noProgram()
                               ? tr("(no program)")
                               : program.toString(),
                           program);
    if (const int at = m_program->findData(program); at >= 0)
        m_program->setCurrentIndex(at);

    const QVariant owner = m_owner->currentData();
    m_owner->clear();
    m_owner->addItem(tr("Anyone"), ownerData(TriageQueueFilter::Owner::Anyone));
    m_owner->addItem(tr("Mine (%1)").arg(m_currentUser), ownerData(TriageQueueFilter::Owner::Me));
    m_owner->addItem(tr("Unassigned"), ownerData(TriageQueueFilter::Owner::Unassigned));
    QStringList sortedOwners(owners.cbegin(), owners.cend());
    sortedOwners.sort(Qt::CaseInsensitive);
    for (const QString &name : std::as_const(sortedOwners))
        m_owner->addItem(name, ownerData(TriageQueueFilter::Owner::Named, name));
    if (const int at = m_owner->findData(owner); at >= 0)
        m_owner->setCurrentIndex(at);
}

void QueuePanel::updateCounts(const QDateTime &now)
{
    int perTier[3] = {0, 0, 0};
    int overdue = 0;
    int adverse = 0;
    int unassigned = 0;
    for (const TriageItem &item : m_model->items()) {
        ++perTier[int(item.tier)];
        overdue += item.isOverdue(now) ? 1 : 0;
        adverse += item.possibleAdverseEvent ? 1 : 0;
        unassigned += item.owner.isEmpty() ? 1 : 0;
    }
    const int total = int(m_model->items().size());
    //: Counts above the queue; the shapes repeat the tier labels of the table.
    QString text = tr("<b>\u25B2 Emergent %1</b> &nbsp; \u25C6 Urgent %2 &nbsp; \u25CF Routine %3 "
                      "&nbsp;&middot;&nbsp; %4 overdue &nbsp;&middot;&nbsp; %5 unassigned "
                      "&nbsp;&middot;&nbsp; %6 possible adverse event(s)")
                       .arg(perTier[int(TriageTier::Emergent)])
                       .arg(perTier[int(TriageTier::Urgent)])
                       .arg(perTier[int(TriageTier::Routine)])
                       .arg(overdue)
                       .arg(unassigned)
                       .arg(adverse);
    if (m_filter->isFiltering())
        text += tr(" &nbsp;&mdash; <i>showing %1 of %2 (filtered)</i>")
                    .arg(m_filter->rowCount())
                    .arg(total);
    m_counts->setText(text);
}

} // namespace CareDesk
