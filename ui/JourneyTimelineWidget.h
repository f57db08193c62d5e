// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/JourneyTimeline.h"
#include "models/TimelineEvent.h"

#include <QAbstractScrollArea>

#include <vector>

namespace CareDesk {

// A patient's journey along one time axis: the program's stages as bands across the top
// (the part of a stage past its expected time hatched red, steps as diamonds, red when
// overdue), then one lane per kind of record with each record a mark, supply and refill gaps,
// hospital stays and payer clocks as spans. Zooms from a week to two years (Ctrl+wheel, + and
// -), scrolls along time (wheel, scroll bar, Page Up/Down). Clicking a mark or moving with the
// arrow keys selects it (eventSelected); double-click or Enter opens its source record
// (recordActivated). Only what is in view is painted, at most one mark per lane and pixel, so
// thousands of events stay smooth (bench/timeline_bench.sh).
class JourneyTimelineWidget : public QAbstractScrollArea
{
    Q_OBJECT
public:
    static constexpr double kMinDays = 7;
    static constexpr double kMaxDays = 730;

    explicit JourneyTimelineWidget(QWidget *parent = nullptr);

    // Records only (no stages yet); setTimeline adds what the journey knows.
    void setEvents(const QList<TimelineEvent> &events);
    void setTimeline(const JourneyTimeline &timeline);
    const QList<TimelineEvent> &events() const { return m_timeline.events; }
    const JourneyTimeline &timeline() const { return m_timeline; }

    void setSelectedIndex(int index);
    int selectedIndex() const { return m_selected; }

    double visibleDays() const { return m_days; }
    void setVisibleDays(double days); // clamped to a week .. two years, keeping the centre
    QDateTime visibleStart() const;
    QDateTime visibleEnd() const;
    void zoomIn();
    void zoomOut();
    // The whole journey when it fits in two years, else its last two years.
    void fit();
    void ensureVisible(int index);

    // Marks drawn by the last paint (the rest were out of view or on a pixel already drawn).
    int lastPaintedMarks() const { return m_painted; }
    // Where event index is drawn, in viewport coordinates; (-1, -1) when out of view.
    QPoint markCenter(int index) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void eventSelected(int index);
    void recordActivated(int index);
    void zoomChanged(double days);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    bool viewportEvent(QEvent *event) override;

private:
    void rebuild();
    void updateScrollBar();
    void setStartMs(qint64 startMs);
    QRectF plotArea() const;
    QRectF laneRect(int lane) const;
    double xOfMs(qint64 ms) const;
    double xOf(const QDateTime &when) const;
    qint64 msAt(double x) const;
    int hitTest(const QPoint &position) const;
    QString toolTipAt(const QPoint &position) const;
    void paintAxis(QPainter &painter, const QRectF &area) const;
    void paintBands(QPainter &painter, const QRectF &area) const;
    void paintSpans(QPainter &painter, const QRectF &area) const;
    int paintMarks(QPainter &painter, const QRectF &area) const;

    JourneyTimeline m_timeline;
    QStringList m_lanes;         // lanes with something in them, in laneOrder()
    QList<int> m_laneOfEvent;    // lane index per event
    QList<int> m_order;          // dated events' indices in time order
    QList<int> m_positionOf;     // event index -> position in m_order (-1 if undated)
    std::vector<qint64> m_times; // m_order's times, msecs since the epoch
    qint64 m_rangeStartMs = 0;   // what the scroll bar covers
    qint64 m_rangeEndMs = 0;
    qint64 m_startMs = 0; // left edge of the view
    double m_days = 90;
    int m_selected = -1;
    int m_undated = 0;
    int m_painted = 0;
};

} // namespace CareDesk
