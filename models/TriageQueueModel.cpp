// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/TriageQueueModel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>
#include <QSet>

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
        return item.isOverdue(m_now);
    case ProgramRole:
        return item.program;
    case OwnerRole:
        return item.owner;
    case AwaitingAckRole:
        return item.awaitsAcknowledgement();
    case AdverseEventRole:
        return item.possibleAdverseEvent;
    case EscalationLevelRole:
        return item.escalationLevel;
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
            return open && !item.awaitsAcknowledgement() ? tr("Acknowledged")
                                                         : countdownText(secondsLeft);
        case StatusColumn:
            if (item.status == TriageStatus::Claimed)
                return item.awaitsAcknowledgement() ? tr("Claimed, raised") : tr("Claimed");
            return item.status == TriageStatus::Resolved ? tr("Resolved") : tr("Open");
        case OwnerColumn:
            return item.owner.isEmpty() ? tr("\u2014") : item.owner;
        case FlagsColumn:
            return flagsText(item);
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
            // The words tying a symptom to the therapy show as the AE clock under Attention.
            for (const Evidence &evidence : item.evidence) {
                if ((evidence.context == EvidenceContext::Affirmed ||
                     evidence.context == EvidenceContext::Uncertain) &&
                    evidence.flag != QLatin1String("therapy-link"))
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
        if (index.column() == FlagsColumn && item.possibleAdverseEvent)
            return tr("Possible adverse event: the report is due %1 (15 days after CareDesk "
                      "first received it).")
                .arg(QLocale().toString(item.adverseEventDueAt.toLocalTime().date(),
                                        QLocale::ShortFormat));
        if (index.column() == TierColumn && !item.program.isEmpty())
            return tr("Program: %1").arg(item.program);
        return QVariant();
    case Qt::ForegroundRole:
        if (index.column() == TierColumn && item.tier == TriageTier::Emergent)
            return QBrush(QColor(0xa5, 0x10, 0x10));
        if (index.column() == TierColumn && item.tier == TriageTier::Urgent)
            return QBrush(QColor(0x8a, 0x4b, 0x00));
        if (index.column() == DueColumn && item.isOverdue(m_now))
            return QBrush(QColor(0xa5, 0x10, 0x10));
        if (index.column() == FlagsColumn && item.possibleAdverseEvent)
            return QBrush(QColor(0x6a, 0x1b, 0x9a));
        return QVariant();
    case Qt::BackgroundRole:
        if (item.tier == TriageTier::Emergent && item.awaitsAcknowledgement())
            return QBrush(QColor(0xfd, 0xe8, 0xe8));
        return QVariant();
    case Qt::FontRole:
        if ((index.column() == TierColumn || index.column() == DueColumn) &&
            item.awaitsAcknowledgement() && item.tier == TriageTier::Emergent) {
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
    case FlagsColumn:
        //: Queue column: adverse-event clock, raised tier, escalation, number of replies.
        return tr("Attention");
    case EvidenceColumn:
        return tr("Evidence");
    default:
        return QVariant();
    }
}

namespace {

// Everything a row shows or a filter reads; the version alone misses a patient's new name.
bool sameOnScreen(const TriageItem &a, const TriageItem &b)
{
    return a.version == b.version && a.tier == b.tier && a.status == b.status &&
           a.owner == b.owner && a.dueAt == b.dueAt && a.acknowledgedAt == b.acknowledgedAt &&
           a.escalationLevel == b.escalationLevel && a.escalatedTo == b.escalatedTo &&
           a.replyCount == b.replyCount && a.patientName == b.patientName &&
           a.needsReview == b.needsReview && a.reviewReason == b.reviewReason &&
           a.possibleAdverseEvent == b.possibleAdverseEvent &&
           a.adverseEventDueAt == b.adverseEventDueAt && a.program == b.program &&
           a.evidence.size() == b.evidence.size() && a.raisedAt == b.raisedAt;
}

} // namespace

QString TriageQueueModel::flagsText(const TriageItem &item) const
{
    QStringList parts;
    if (item.possibleAdverseEvent) {
        const qint64 days =
            m_now.toLocalTime().date().daysTo(item.adverseEventDueAt.toLocalTime().date());
        parts.append(days >= 0 ? tr("AE report in %n d", nullptr, int(days))
                               : tr("AE report %n d late", nullptr, int(-days)));
    }
    if (item.escalationLevel > 0 && item.awaitsAcknowledgement())
        parts.append(tr("escalated to %1").arg(item.escalatedTo));
    if (item.raisedAt.isValid())
        parts.append(tr("raised"));
    if (item.replyCount > 1)
        parts.append(tr("%n replies", nullptr, item.replyCount));
    return parts.join(QStringLiteral(" \u00B7 "));
}

void TriageQueueModel::setItems(const QList<TriageItem> &items)
{
    // Rows whose item left the queue go first, from the bottom up.
    QSet<qint64> wanted;
    for (const TriageItem &item : items)
        wanted.insert(item.id);
    for (int row = int(m_items.size()) - 1; row >= 0; --row) {
        if (wanted.contains(m_items.at(row).id))
            continue;
        int first = row;
        while (first > 0 && !wanted.contains(m_items.at(first - 1).id))
            --first;
        beginRemoveRows(QModelIndex(), first, row);
        m_items.remove(first, row - first + 1);
        endRemoveRows();
        row = first;
    }

    // Then each position takes its item: already there, moved up from below, or new.
    for (int row = 0; row < items.size(); ++row) {
        const TriageItem &item = items.at(row);
        int from = row;
        while (from < m_items.size() && m_items.at(from).id != item.id)
            ++from;
        if (from == m_items.size()) {
            beginInsertRows(QModelIndex(), row, row);
            m_items.insert(row, item);
            endInsertRows();
            continue;
        }
        if (from != row) {
            beginMoveRows(QModelIndex(), from, from, QModelIndex(), row);
            m_items.move(from, row);
            endMoveRows();
        }
        if (!sameOnScreen(m_items.at(row), item)) {
            m_items[row] = item;
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
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
