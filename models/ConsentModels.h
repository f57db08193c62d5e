// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Consent.h"

#include <QAbstractTableModel>

namespace CareDesk {

// The derived consent state as a grid: one row per channel, one column per purpose. The cell
// says granted, revoked, expired or nothing on file, and "restricted" in front when a
// restriction (HIPAA 164.522) holds it.
class ConsentStateModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit ConsentStateModel(QObject *parent = nullptr);

    void setState(const ConsentState &state);
    const ConsentCell *cellAt(const QModelIndex &index) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString channelLabel(Channel channel);
    static QString purposeLabel(Purpose purpose);
    static QString statusLabel(ConsentStatus status);

private:
    ConsentState m_state;
    bool m_hasState = false;
};

// The ledger's events, oldest first, as the panel's history.
class ConsentHistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        WhenColumn,
        KindColumn,
        ChannelColumn,
        PurposeColumn,
        SourceColumn,
        CapturedByColumn,
        DetailColumn,
        ColumnCount
    };

    explicit ConsentHistoryModel(QObject *parent = nullptr);

    void setEvents(const QList<ConsentEvent> &events);
    const ConsentEvent *eventAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString kindLabel(ConsentKind kind);

private:
    QList<ConsentEvent> m_events;
};

} // namespace CareDesk
