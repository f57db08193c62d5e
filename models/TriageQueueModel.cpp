// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/TriageQueueModel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>

#include <algorithm>

namespace CareDesk {

TriageQueueModel::TriageQueueModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_now(QDateTime::currentDateTimeUtc())
{}

int TriageQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int TriageQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TriageQueueModel::tierLabel(TriageTier tier)
{
    switch (tier) {
    case TriageTier::Emergent:
        return tr("\u25B2 Emergent");
    case TriageTier::Urgent:
        return tr("\u25C6 Urgent");
    case TriageTier::Routine:
        break;
    }
    return tr("\u25CF Routine");
}

QString TriageQueueModel::countdownText(qint64 secondsLeft)
{
    const qint64 magnitude = qAbs(secondsLeft);
    const QString clock = magnitude >= 3600
                              ? QStringLiteral("%1:%2:%3")
                                    .arg(magnitude / 3600)
                                    .arg((magnitude % 3600) / 60, 2, 10, QLatin1Char('0'))
                                    .arg(magnitude % 60, 2, 10, QLatin1Char('0'))
                              : QStringLiteral("%1:%2")
                                    .arg(magnitude / 60)
                                    .arg(magnitude % 60, 2, 10, QLatin1Char('0'));
    //: Deadline column: time left to acknowledge, or how long ago the deadline passed.
    return secondsLeft >= 0 ? tr("%1 left").arg(clock) : tr("OVERDUE %1").arg(clock);
}

QVariant TriageQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return QVariant();
    const TriageItem &item = m_items.at(index.row());
    const qint64 secondsLeft = m_now.secsTo(item.dueAt);
    const bool open = item.status != TriageStatus::Resolved;

    switch (role) {
    case ItemIdRole:
        return item.id;
    case TierRole:
        return int(item.tier);
    case OverdueRole:
        return open && secondsLeft < 0;
    case Qt::DisplayRole:
        switch (index.column()) {
        case TierColumn:
            return tierLabel(item.tier);
        case PatientColumn:
            return item.patientName.isEmpty() ? item.masterId : item.patientName;
        case ReceivedColumn: {
            // When CareDesk received it (the deadline counts from here); today's by time alone.
            const QDateTime local = item.ingestedAt.toLocalTime();
            if (local.date() == m_now.toLocalTime().date())
                return QLocale().toString(local.time(), QLocale::ShortFormat);
            return QLocale().toString(local, QLocale::ShortFormat);
        }
        case DueColumn:
            return item.status == TriageStatus::Claimed ? tr("Acknowledged")
                                                        : countdownText(secondsLeft);
        case StatusColumn:
            if (item.status == TriageStatus::Claimed)
                return tr("Claimed");
            return item.status == TriageStatus::Resolved ? tr("Resolved") : tr("Open");
        case OwnerColumn:
            return item.owner.isEmpty() ? tr("\u2014") : item.owner;
        case EvidenceColumn: {
            if (item.source == QLatin1String("journey"))
                return tr("Journey: %1").arg(item.summary);
            // The reader may not see the patient's words: the flags say why the item is here.
            if (item.textMasked) {
                QStringList flags;
                for (const Evidence &evidence : item.evidence) {
                    if (!flags.contains(evidence.flag))
                        flags.append(evidence.flag);
                }
                return tr("[masked] %1").arg(flags.join(QStringLiteral(", ")));
            }
            // Red flags first; for an item held for review, whatever made the classifier unsure.
            QStringList words;
            for (const Evidence &evidence : item.evidence) {
                if (evidence.context == EvidenceContext::Affirmed ||
                    evidence.context == EvidenceContext::Uncertain)
                    words.append(evidence.matchedText);
            }
            if (words.isEmpty()) {
                for (const Evidence &evidence : item.evidence)
                    words.append(evidence.matchedText);
            }
            if (!item.reviewReason.isEmpty())
                words.append(item.reviewReason);
            const QString text = words.join(QStringLiteral(", "));
            return item.needsReview ? tr("review: %1").arg(text) : text;
        }
        default:
            return QVariant();
        }
    case Qt::AccessibleTextRole:
        if (index.column() == TierColumn)
            return tierName(item.tier);
        return data(index, Qt::DisplayRole);
    case Qt::ToolTipRole:
        if (index.column() == PatientColumn)
            return tr("Master ID %1").arg(item.masterId);
        if (index.column() == ReceivedColumn)
            return tr("Sent by the patient: %1")
                .arg(QLocale().toString(item.receivedAt.toLocalTime(), QLocale::ShortFormat));
        return QVariant();
    case Qt::ForegroundRole:
        if (index.column() == TierColumn && item.tier == TriageTier::Emergent)
            return QBrush(QColor(0xa5, 0x10, 0x10));
        if (index.column() == TierColumn && item.tier == TriageTier::Urgent)
            return QBrush(QColor(0x8a, 0x4b, 0x00));
        if (index.column() == DueColumn && item.status == TriageStatus::Open && secondsLeft < 0)
            return QBrush(QColor(0xa5, 0x10, 0x10));
        return QVariant();
    case Qt::BackgroundRole:
        if (item.tier == TriageTier::Emergent && item.status == TriageStatus::Open)
            return QBrush(QColor(0xfd, 0xe8, 0xe8));
        return QVariant();
    case Qt::FontRole:
        if ((index.column() == TierColumn || index.column() == DueColumn) &&
            item.status == TriageStatus::Open && item.tier == TriageTier::Emergent) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return QVariant();
    default:
        return QVariant();
    }
}

QVariant TriageQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TierColumn:
        return tr("Tier");
    case PatientColumn:
        return tr("Patient");
    case ReceivedColumn:
        return tr("Received");
    case DueColumn:
        return tr("Acknowledge within");
    case StatusColumn:
        return tr("Status");
    case OwnerColumn:
        return tr("Owner");
    case EvidenceColumn:
        return tr("Evidence");
    default:
        return QVariant();
    }
}

void TriageQueueModel::setItems(const QList<TriageItem> &items)
{
    // The usual refresh finds the same items in the same order: update them in place so the
    // view keeps its selection and scroll position. Otherwise reset (the queue is small).
    const bool sameRows =
        std::equal(m_items.cbegin(), m_items.cend(), items.cbegin(), items.cend(),
                   [](const TriageItem &a, const TriageItem &b) { return a.id == b.id; });
    if (!sameRows) {
        beginResetModel();
        m_items = items;
        endResetModel();
        return;
    }
    m_items = items;
    if (!m_items.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_items.size()) - 1, ColumnCount - 1));
}

void TriageQueueModel::setNow(const QDateTime &now)
{
    m_now = now;
    if (!m_items.isEmpty())
        emit dataChanged(index(0, DueColumn), index(int(m_items.size()) - 1, DueColumn));
}

const TriageItem *TriageQueueModel::itemAt(int row) const
{
    if (row < 0 || row >= m_items.size())
        return nullptr;
    return &m_items.at(row);
}

int TriageQueueModel::rowOfItem(qint64 id) const
{
    for (int row = 0; row < m_items.size(); ++row) {
        if (m_items.at(row).id == id)
            return row;
    }
    return -1;
}

} // namespace CareDesk
