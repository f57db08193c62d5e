// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/ConsentModels.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace CareDesk {

ConsentStateModel::ConsentStateModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

QString ConsentStateModel::channelLabel(Channel channel)
{
    switch (channel) {
    case Channel::Sms:
        return tr("Text (SMS)");
    case Channel::Email:
        return tr("Email");
    case Channel::Phone:
        return tr("Phone");
    case Channel::Mail:
        return tr("Mail");
    }
    return {};
}

QString ConsentStateModel::purposeLabel(Purpose purpose)
{
    switch (purpose) {
    case Purpose::Treatment:
        return tr("Treatment");
    case Purpose::Payment:
        return tr("Payment");
    case Purpose::Operations:
        return tr("Operations");
    case Purpose::Marketing:
        return tr("Marketing");
    case Purpose::Research:
        return tr("Research");
    }
    return {};
}

QString ConsentStateModel::statusLabel(ConsentStatus status)
{
    switch (status) {
    case ConsentStatus::None:
        //: A consent state: nothing recorded on the ledger
        return tr("none on file");
    case ConsentStatus::Granted:
        return tr("granted");
    case ConsentStatus::Revoked:
        return tr("revoked");
    case ConsentStatus::Expired:
        return tr("expired");
    }
    return {};
}

void ConsentStateModel::setState(const ConsentState &state)
{
    beginResetModel();
    m_state = state;
    m_hasState = true;
    endResetModel();
}

const ConsentCell *ConsentStateModel::cellAt(const QModelIndex &index) const
{
    if (!m_hasState || !index.isValid() || index.row() >= rowCount() ||
        index.column() >= columnCount())
        return nullptr;
    return &m_state.cell(allChannels().at(index.row()), allPurposes().at(index.column()));
}

int ConsentStateModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_hasState ? 0 : int(allChannels().size());
}

int ConsentStateModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(allPurposes().size());
}

QVariant ConsentStateModel::data(const QModelIndex &index, int role) const
{
    const ConsentCell *cell = cellAt(index);
    if (!cell)
        return {};
    const QLocale locale;
    switch (role) {
    case Qt::DisplayRole:
        // The restriction is what decides; the consent under it is in the tooltip.
        if (cell->restricted)
            return tr("restricted");
        return statusLabel(cell->status);
    case Qt::ToolTipRole: {
        QStringList lines;
        if (cell->eventId)
            lines.append(tr("%1 since %2 (ledger event %3)")
                             .arg(statusLabel(cell->status),
                                  locale.toString(cell->since.toLocalTime(), QLocale::ShortFormat))
                             .arg(cell->eventId));
        if (cell->expiresAt.isValid())
            lines.append(tr("Ends %1").arg(
                locale.toString(cell->expiresAt.toLocalTime(), QLocale::ShortFormat)));
        if (cell->restricted)
            lines.append(
                tr("Restricted by the patient (HIPAA 164.522): %1")
                    .arg(cell->restrictionNote.isEmpty() ? tr("no note") : cell->restrictionNote));
        if ((cell->purpose == Purpose::Marketing || cell->purpose == Purpose::Research) &&
            cell->status == ConsentStatus::Granted && !cell->namedPurpose)
            lines.append(tr("A grant for every purpose does not authorize %1.")
                             .arg(purposeLabel(cell->purpose).toLower()));
        return lines.join(u'\n');
    }
    case Qt::BackgroundRole:
        if (cell->restricted || cell->status == ConsentStatus::Revoked)
            return QBrush(QColor(0xf8, 0xd7, 0xda));
        if (cell->status == ConsentStatus::Expired)
            return QBrush(QColor(0xff, 0xf3, 0xcd));
        if (cell->status == ConsentStatus::Granted)
            return QBrush(QColor(0xd4, 0xed, 0xda));
        return {};
    case Qt::TextAlignmentRole:
        return int(Qt::AlignCenter);
    default:
        return {};
    }
}

QVariant ConsentStateModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal && section >= 0 && section < allPurposes().size())
        return purposeLabel(allPurposes().at(section));
    if (orientation == Qt::Vertical && section >= 0 && section < allChannels().size())
        return channelLabel(allChannels().at(section));
    return {};
}

ConsentHistoryModel::ConsentHistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

QString ConsentHistoryModel::kindLabel(ConsentKind kind)
{
    switch (kind) {
    case ConsentKind::Granted:
        return tr("Granted");
    case ConsentKind::Revoked:
        return tr("Revoked");
    case ConsentKind::Expired:
        return tr("Expired");
    case ConsentKind::Restricted:
        return tr("Restricted");
    case ConsentKind::RestrictionLifted:
        return tr("Restriction lifted");
    }
    return {};
}

void ConsentHistoryModel::setEvents(const QList<ConsentEvent> &events)
{
    beginResetModel();
    m_events = events;
    endResetModel();
}

const ConsentEvent *ConsentHistoryModel::eventAt(int row) const
{
    return row >= 0 && row < m_events.size() ? &m_events.at(row) : nullptr;
}

int ConsentHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int ConsentHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConsentHistoryModel::data(const QModelIndex &index, int role) const
{
    const ConsentEvent *event = index.isValid() ? eventAt(index.row()) : nullptr;
    if (!event || index.column() >= ColumnCount)
        return {};
    const QLocale locale;
    if (role == Qt::ToolTipRole && index.column() == WhenColumn)
        return tr("Took effect %1; recorded %2")
            .arg(locale.toString(event->effectiveAt.toLocalTime(), QLocale::LongFormat),
                 locale.toString(event->recordedAt.toLocalTime(), QLocale::LongFormat));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case WhenColumn:
        return locale.toString(event->effectiveAt.toLocalTime(), QLocale::ShortFormat);
    case KindColumn:
        return kindLabel(event->kind);
    case ChannelColumn:
        return event->channel ? ConsentStateModel::channelLabel(*event->channel)
                              : tr("every channel");
    case PurposeColumn:
        return event->purpose ? ConsentStateModel::purposeLabel(*event->purpose)
                              : tr("every purpose");
    case SourceColumn:
        return event->source;
    case CapturedByColumn:
        if (event->capturedBy.isEmpty() && event->source == QLatin1String("patient-reply"))
            //: Who recorded a consent event read from a patient's reply
            return tr("automation");
        return event->capturedBy;
    case DetailColumn: {
        QStringList parts;
        if (!event->rawText.isEmpty())
            parts.append(tr("\u201c%1\u201d").arg(event->rawText));
        if (!event->note.isEmpty())
            parts.append(event->note);
        if (event->expiresAt.isValid())
            parts.append(tr("ends %1").arg(
                locale.toString(event->expiresAt.toLocalTime().date(), QLocale::ShortFormat)));
        return parts.join(QStringLiteral(" \u00b7 "));
    }
    default:
        return {};
    }
}

QVariant ConsentHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal)
        return {};
    switch (section) {
    case WhenColumn:
        return tr("When");
    case KindColumn:
        return tr("Event");
    case ChannelColumn:
        return tr("Channel");
    case PurposeColumn:
        return tr("Purpose");
    case SourceColumn:
        return tr("Source");
    case CapturedByColumn:
        //: Column header: the person who recorded a consent
        return tr("Captured by");
    case DetailColumn:
        return tr("Patient's words, note");
    default:
        return {};
    }
}

} // namespace CareDesk
