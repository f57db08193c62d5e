// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/TimelineEvent.h"

#include <QWidget>

namespace CareDesk {

// A patient's journey drawn as lanes (encounters, medications, dispenses, appointments,
// messages, tasks, ...) along one time axis; each event is a mark. Clicking a mark, or moving
// with the arrow keys, selects it and emits eventSelected with its index in events().
class JourneyTimelineWidget : public QWidget
{
    Q_OBJECT
public:
    explicit JourneyTimelineWidget(QWidget *parent = nullptr);

    void setEvents(const QList<TimelineEvent> &events);
    const QList<TimelineEvent> &events() const { return m_events; }
    void setSelectedIndex(int index);
    int selectedIndex() const { return m_selected; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void eventSelected(int index);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QRectF plotArea() const;
    QPointF markPosition(int index) const;
    int laneOf(const QString &kind) const;

    QList<TimelineEvent> m_events;
    QStringList m_lanes;
    QDateTime m_start;
    QDateTime m_end;
    int m_selected = -1;
};

} // namespace CareDesk
