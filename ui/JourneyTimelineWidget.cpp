// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/JourneyTimelineWidget.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QTimeZone>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace CareDesk {

namespace {

constexpr int kLaneHeight = 22;
constexpr int kLabelWidth = 118;
constexpr int kAxisHeight = 22;
constexpr qint64 kDayMs = 24 * 3600 * 1000LL;
constexpr qint64 kHourMs = 3600 * 1000LL;
constexpr int kHitPixels = 6;

QString laneTitle(const QString &lane)
{
    static const QHash<QString, const char *> titles{
        {QStringLiteral("stage"), QT_TRANSLATE_NOOP("CareDesk::JourneyTimelineWidget", "Stages")},
        {QStringLiteral("payer"),
         QT_TRANSLATE_NOOP("CareDesk::JourneyTimelineWidget", "Benefits, PA")},
        {QStringLiteral("dispense"),
         QT_TRANSLATE_NOOP("CareDesk::JourneyTimelineWidget", "Dispenses")},
        {QStringLiteral("medication"),
         QT_TRANSLATE_NOOP("CareDesk::JourneyTimelineWidget", "Medications")},
        {QStringLiteral("task"), QT_TRANSLATE_NOOP("CareDesk::JourneyTimelineWidget", "Tasks")},
        {QStringLiteral("appointment"),
         QT_TRANSLATE_NOOP("CareDesk::JourneyTimelineWidget", "Appointments")},
        {QStringLiteral("message"),
         QT_TRANSLATE_NOOP("CareDesk::JourneyTimelineWidget", "Messages")},
        {QStringLiteral("consent"),
         QT_TRANSLATE_NOOP("CareDesk::JourneyTimelineWidget", "Consent")},
        {QStringLiteral("mentor"), QT_TRANSLATE_NOOP("CareDesk::JourneyTimelineWidget", "Mentors")},
        {QStringLiteral("action"),
         QT_TRANSLATE_NOOP("CareDesk::JourneyTimelineWidget", "Coordinator")},
        {QStringLiteral("encounter"),
         QT_TRANSLATE_NOOP("CareDesk::JourneyTimelineWidget", "Encounters")},
        {QStringLiteral("condition"),
         QT_TRANSLATE_NOOP("CareDesk::JourneyTimelineWidget", "Conditions")},
    };
    if (const char *title = titles.value(lane))
        return JourneyTimelineWidget::tr(title);
    return JourneyTimelineWidget::tr("Hospital (ADT)");
}

QColor laneColor(const QString &lane)
{
    static const QHash<QString, QColor> colors{
        {QStringLiteral("payer"), QColor(0x8a, 0x4b, 0x00)},
        {QStringLiteral("dispense"), QColor(0x0b, 0x7a, 0x4b)},
        {QStringLiteral("medication"), QColor(0x7a, 0x3e, 0x9d)},
        {QStringLiteral("task"), QColor(0x4a, 0x4a, 0x4a)},
        {QStringLiteral("appointment"), QColor(0xb3, 0x5c, 0x00)},
        {QStringLiteral("message"), QColor(0x1f, 0x5f, 0xa8)},
        {QStringLiteral("consent"), QColor(0x00, 0x6d, 0x77)},
        {QStringLiteral("mentor"), QColor(0xa0, 0x30, 0x70)},
        {QStringLiteral("action"), QColor(0x30, 0x30, 0x90)},
        {QStringLiteral("encounter"), QColor(0x1f, 0x5f, 0xa8)},
        {QStringLiteral("condition"), QColor(0x55, 0x3f, 0x00)},
    };
    return colors.value(lane, QColor(0xa5, 0x10, 0x10));
}

QColor bandColor(int index)
{
    static const QList<QColor> colors{QColor(0xdb, 0xe8, 0xf7), QColor(0xe6, 0xdc, 0xf2),
                                      QColor(0xfd, 0xeb, 0xd0), QColor(0xd8, 0xf0, 0xe0),
                                      QColor(0xd0, 0xea, 0xee), QColor(0xe4, 0xe4, 0xe4)};
    return colors.at(index % colors.size());
}

qint64 msOf(const QDateTime &when)
{
    return when.toMSecsSinceEpoch();
}

} // namespace

JourneyTimelineWidget::JourneyTimelineWidget(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Journey timeline"));
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    viewport()->setAutoFillBackground(false);
    rebuild();
}

QSize JourneyTimelineWidget::sizeHint() const
{
    const int lanes = int(qMax<qsizetype>(3, m_lanes.size()));
    return QSize(720, 8 + lanes * kLaneHeight + kAxisHeight +
                          horizontalScrollBar()->sizeHint().height() + 2 * frameWidth());
}

QSize JourneyTimelineWidget::minimumSizeHint() const
{
    return QSize(320, 4 * kLaneHeight + kAxisHeight + horizontalScrollBar()->sizeHint().height());
}

void JourneyTimelineWidget::setEvents(const QList<TimelineEvent> &events)
{
    JourneyTimeline timeline;
    timeline.events = events;
    setTimeline(timeline);
}

void JourneyTimelineWidget::setTimeline(const JourneyTimeline &timeline)
{
    m_timeline = timeline;
    m_selected = -1;
    rebuild();
    fit();
    updateGeometry();
    viewport()->update();
}

void JourneyTimelineWidget::rebuild()
{
    const QStringList &order = JourneyTimeline::laneOrder();
    QSet<QString> present;
    if (!m_timeline.bands.isEmpty() || !m_timeline.markers.isEmpty())
        present.insert(QStringLiteral("stage"));
    for (const TimelineEvent &event : m_timeline.events)
        present.insert(JourneyTimeline::laneOf(event.kind));
    for (const TimelineSpan &span : m_timeline.spans)
        present.insert(span.lane);
    m_lanes.clear();
    for (const QString &lane : order) {
        if (present.contains(lane))
            m_lanes.append(lane);
    }

    m_laneOfEvent.clear();
    m_order.clear();
    m_positionOf = QList<int>(m_timeline.events.size(), -1);
    m_undated = 0;
    for (qsizetype i = 0; i < m_timeline.events.size(); ++i) {
        const TimelineEvent &event = m_timeline.events.at(i);
        m_laneOfEvent.append(int(m_lanes.indexOf(JourneyTimeline::laneOf(event.kind))));
        if (event.when.isValid())
            m_order.append(int(i));
        else
            ++m_undated;
    }
    std::stable_sort(m_order.begin(), m_order.end(), [this](int a, int b) {
        return m_timeline.events.at(a).when < m_timeline.events.at(b).when;
    });
    m_times.clear();
    m_times.reserve(size_t(m_order.size()));
    for (qsizetype p = 0; p < m_order.size(); ++p) {
        m_positionOf[m_order.at(p)] = int(p);
        m_times.push_back(msOf(m_timeline.events.at(m_order.at(p)).when));
    }

    // The scroll range: everything there is, and now, with a week either side.
    qint64 first = std::numeric_limits<qint64>::max();
    qint64 last = std::numeric_limits<qint64>::min();
    auto take = [&first, &last](const QDateTime &when) {
        if (!when.isValid())
            return;
        first = qMin(first, msOf(when));
        last = qMax(last, msOf(when));
    };
    if (!m_times.empty()) {
        first = m_times.front();
        last = m_times.back();
    }
    for (const TimelineBand &band : m_timeline.bands) {
        take(band.start);
        take(band.end);
    }
    for (const TimelineSpan &span : m_timeline.spans) {
        take(span.start);
        take(span.end);
    }
    for (const TimelineMarker &marker : m_timeline.markers)
        take(marker.when);
    take(m_timeline.now);
    if (first > last) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        first = now - 30 * kDayMs;
        last = now;
    }
    m_rangeStartMs = first - 7 * kDayMs;
    m_rangeEndMs = last + 7 * kDayMs;
    // Every lane stays in sight: a layout short of room shrinks what is beside the timeline.
    setMinimumHeight(sizeHint().height());
}

QRectF JourneyTimelineWidget::plotArea() const
{
    return QRectF(kLabelWidth, 4, qMax(10, viewport()->width() - kLabelWidth - 8),
                  m_lanes.size() * kLaneHeight);
}

QRectF JourneyTimelineWidget::laneRect(int lane) const
{
    const QRectF area = plotArea();
    return QRectF(area.left(), area.top() + lane * kLaneHeight, area.width(), kLaneHeight);
}

double JourneyTimelineWidget::xOfMs(qint64 ms) const
{
    const QRectF area = plotArea();
    return area.left() + area.width() * double(ms - m_startMs) / (m_days * kDayMs);
}

double JourneyTimelineWidget::xOf(const QDateTime &when) const
{
    return xOfMs(msOf(when));
}

qint64 JourneyTimelineWidget::msAt(double x) const
{
    const QRectF area = plotArea();
    return m_startMs + qint64((x - area.left()) / area.width() * m_days * kDayMs);
}

QDateTime JourneyTimelineWidget::visibleStart() const
{
    return QDateTime::fromMSecsSinceEpoch(m_startMs, QTimeZone::utc());
}

QDateTime JourneyTimelineWidget::visibleEnd() const
{
    return QDateTime::fromMSecsSinceEpoch(m_startMs + qint64(m_days * kDayMs), QTimeZone::utc());
}

void JourneyTimelineWidget::updateScrollBar()
{
    const qint64 visibleMs = qint64(m_days * kDayMs);
    const qint64 spanMs = qMax<qint64>(0, m_rangeEndMs - m_rangeStartMs - visibleMs);
    QScrollBar *bar = horizontalScrollBar();
    const QSignalBlocker blocker(bar);
    bar->setRange(0, int(spanMs / kHourMs));
    bar->setPageStep(int(visibleMs / kHourMs));
    bar->setSingleStep(qMax(1, int(visibleMs / kHourMs / 20)));
    bar->setValue(int((m_startMs - m_rangeStartMs) / kHourMs));
}

void JourneyTimelineWidget::setStartMs(qint64 startMs)
{
    const qint64 visibleMs = qint64(m_days * kDayMs);
    // Never scroll past either end of the journey (unless it is shorter than the view).
    const qint64 latest = qMax(m_rangeStartMs, m_rangeEndMs - visibleMs);
    m_startMs = qBound(m_rangeStartMs, startMs, latest);
    updateScrollBar();
    viewport()->update();
}

void JourneyTimelineWidget::scrollContentsBy(int, int)
{
    m_startMs = m_rangeStartMs + qint64(horizontalScrollBar()->value()) * kHourMs;
    viewport()->update();
}

void JourneyTimelineWidget::setVisibleDays(double days)
{
    days = qBound(kMinDays, days, kMaxDays);
    const qint64 centre = m_startMs + qint64(m_days * kDayMs / 2);
    const bool changed = !qFuzzyCompare(days, m_days);
    m_days = days;
    setStartMs(centre - qint64(m_days * kDayMs / 2));
    if (changed)
        emit zoomChanged(m_days);
}

void JourneyTimelineWidget::zoomIn()
{
    setVisibleDays(m_days / 2);
}

void JourneyTimelineWidget::zoomOut()
{
    setVisibleDays(m_days * 2);
}

void JourneyTimelineWidget::fit()
{
    const double span = double(m_rangeEndMs - m_rangeStartMs) / kDayMs;
    const double days = qBound(kMinDays, span, kMaxDays);
    const bool changed = !qFuzzyCompare(days, m_days);
    m_days = days;
    // The end is where the patient is now; a long journey shows its last two years.
    setStartMs(m_rangeEndMs - qint64(m_days * kDayMs));
    if (changed)
        emit zoomChanged(m_days);
}

void JourneyTimelineWidget::ensureVisible(int index)
{
    if (index < 0 || index >= m_timeline.events.size() ||
        !m_timeline.events.at(index).when.isValid())
        return;
    const qint64 at = msOf(m_timeline.events.at(index).when);
    const qint64 visibleMs = qint64(m_days * kDayMs);
    if (at < m_startMs + visibleMs / 20 || at > m_startMs + visibleMs * 19 / 20)
        setStartMs(at - visibleMs / 2);
}

void JourneyTimelineWidget::setSelectedIndex(int index)
{
    if (index < -1 || index >= m_timeline.events.size() || index == m_selected)
        return;
    m_selected = index;
    ensureVisible(index);
    viewport()->update();
    emit eventSelected(index);
}

QPoint JourneyTimelineWidget::markCenter(int index) const
{
    if (index < 0 || index >= m_timeline.events.size() || m_laneOfEvent.at(index) < 0)
        return QPoint(-1, -1);
    const TimelineEvent &event = m_timeline.events.at(index);
    const QRectF area = plotArea();
    const double x = event.when.isValid() ? xOf(event.when) : -1;
    if (x < area.left() || x > area.right())
        return QPoint(-1, -1);
    return QPointF(x, laneRect(m_laneOfEvent.at(index)).center().y()).toPoint();
}

void JourneyTimelineWidget::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBar();
}

void JourneyTimelineWidget::paintAxis(QPainter &painter, const QRectF &area) const
{
    const QLocale locale;
    // Ticks a readable distance apart: days, weeks (Mondays), months or quarters.
    const double pixelsPerDay = area.width() / m_days;
    const QDate first = visibleStart().date().addDays(-1);
    const QDate last = visibleEnd().date().addDays(1);
    QList<QDate> ticks;
    QString format;
    if (pixelsPerDay >= 52) {
        for (QDate day = first; day <= last; day = day.addDays(1))
            ticks.append(day);
        format = QStringLiteral("ddd d");
    } else if (pixelsPerDay * 7 >= 56) {
        for (QDate day = first.addDays(1 - first.dayOfWeek()); day <= last; day = day.addDays(7))
            ticks.append(day);
        format = QStringLiteral("d MMM");
    } else {
        // Months, as many as fit their labels: every 1, 2, 3, 6 or 12.
        format = QStringLiteral("MMM yyyy");
        const int label = painter.fontMetrics().horizontalAdvance(QStringLiteral("May 2026")) + 10;
        int step = 12;
        for (int candidate : {1, 2, 3, 6}) {
            if (pixelsPerDay * 30.4 * candidate >= label) {
                step = candidate;
                break;
            }
        }
        for (QDate day(first.year(), 1, 1); day <= last; day = day.addMonths(step)) {
            if (day >= first)
                ticks.append(day);
        }
    }
    const qreal axisY = area.bottom() + 2;
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawLine(QPointF(area.left(), axisY), QPointF(area.right(), axisY));
    for (const QDate &day : ticks) {
        const double x = xOf(QDateTime(day, QTime(0, 0), QTimeZone::utc()));
        if (x < area.left() || x > area.right())
            continue;
        painter.setPen(QPen(palette().color(QPalette::Midlight), 1, Qt::DotLine));
        painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRectF(x + 2, axisY, 90, kAxisHeight - 4),
                         Qt::AlignLeft | Qt::AlignVCenter, locale.toString(day, format));
    }
    if (m_undated > 0) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(QRectF(0, axisY, kLabelWidth - 4, kAxisHeight - 4),
                         Qt::AlignLeft | Qt::AlignVCenter, tr("%n undated", nullptr, m_undated));
    }
}

void JourneyTimelineWidget::paintBands(QPainter &painter, const QRectF &area) const
{
    const int lane = int(m_lanes.indexOf(QStringLiteral("stage")));
    if (lane < 0)
        return;
    const QRectF row = laneRect(lane).adjusted(0, 2, 0, -2);
    for (qsizetype i = 0; i < m_timeline.bands.size(); ++i) {
        const TimelineBand &band = m_timeline.bands.at(i);
        const double left = qMax(area.left(), xOf(band.start));
        const double right = qMin(area.right(), xOf(band.end));
        if (right < area.left() || left > area.right() || right - left < 0.5)
            continue;
        const QRectF rect(left, row.top(), right - left, row.height());
        painter.setPen(
            QPen(band.current ? palette().color(QPalette::Text) : QColor(0x90, 0x90, 0x90),
                 band.current ? 1.5 : 1));
        painter.setBrush(bandColor(int(i)));
        painter.drawRect(rect);
        if (band.overdueFrom.isValid()) {
            // The part of the stage past its expected time: stalled.
            const double from = qMax(left, xOf(band.overdueFrom));
            if (from < right) {
                painter.setPen(QPen(QColor(0xa5, 0x10, 0x10), 1));
                painter.setBrush(QBrush(QColor(0xa5, 0x10, 0x10), Qt::BDiagPattern));
                painter.drawRect(QRectF(from, row.top(), right - from, row.height()));
            }
        }
        if (rect.width() > 40) {
            painter.setPen(palette().color(QPalette::Text));
            const QString title =
                painter.fontMetrics().elidedText(band.title, Qt::ElideRight, int(rect.width()) - 6);
            painter.drawText(rect.adjusted(4, 0, -2, 0), Qt::AlignVCenter | Qt::AlignLeft, title);
        }
    }
    for (const TimelineMarker &marker : m_timeline.markers) {
        const double x = xOf(marker.when);
        if (x < area.left() - 8 || x > area.right() + 8)
            continue;
        const QPointF c(x, row.center().y());
        QPainterPath diamond;
        diamond.moveTo(c + QPointF(0, -7));
        diamond.lineTo(c + QPointF(6, 0));
        diamond.lineTo(c + QPointF(0, 7));
        diamond.lineTo(c + QPointF(-6, 0));
        diamond.closeSubpath();
        const QColor color =
            marker.state == TimelineMarker::State::Overdue ? QColor(0xa5, 0x10, 0x10)
            : marker.state == TimelineMarker::State::Done  ? QColor(0x0b, 0x7a, 0x4b)
                                                           : QColor(0x80, 0x80, 0x80);
        painter.setPen(QPen(color.darker(130), 1));
        painter.setBrush(marker.state == TimelineMarker::State::Pending ? QBrush(Qt::white)
                                                                        : QBrush(color));
        painter.drawPath(diamond);
        if (marker.state == TimelineMarker::State::Overdue) {
            painter.setPen(Qt::white);
            painter.drawText(QRectF(c.x() - 6, c.y() - 7, 12, 14), Qt::AlignCenter,
                             QStringLiteral("!"));
        }
    }
}

void JourneyTimelineWidget::paintSpans(QPainter &painter, const QRectF &area) const
{
    for (const TimelineSpan &span : m_timeline.spans) {
        const int lane = int(m_lanes.indexOf(span.lane));
        if (lane < 0)
            continue;
        const double left = qMax(area.left(), xOf(span.start));
        const double right = qMin(area.right(), xOf(span.end));
        if (right <= area.left() || left >= area.right())
            continue;
        const QRectF row = laneRect(lane);
        const double width = qMax(1.0, right - left);
        switch (span.style) {
        case TimelineSpan::Style::Supply:
            painter.fillRect(QRectF(left, row.bottom() - 6, width, 4), QColor(0x8f, 0xd1, 0xa8));
            break;
        case TimelineSpan::Style::Gap:
            painter.fillRect(QRectF(left, row.top() + 1, width, row.height() - 2),
                             QColor(0xe5, 0x39, 0x35, 60));
            painter.fillRect(QRectF(left, row.bottom() - 6, width, 4), QColor(0xc6, 0x28, 0x28));
            break;
        case TimelineSpan::Style::Hospital:
            painter.fillRect(QRectF(left, row.top() + 1, width, row.height() - 2),
                             QColor(0x7a, 0x3e, 0x9d, 50));
            break;
        case TimelineSpan::Style::Clock:
            painter.fillRect(QRectF(left, row.bottom() - 6, width, 4), QColor(0xf0, 0xa2, 0x02));
            break;
        case TimelineSpan::Style::ClockOverdue:
            painter.fillRect(QRectF(left, row.bottom() - 7, width, 6),
                             QBrush(QColor(0xc6, 0x28, 0x28), Qt::Dense4Pattern));
            break;
        }
    }
}

int JourneyTimelineWidget::paintMarks(QPainter &painter, const QRectF &area) const
{
    // Only the marks in view, found by binary search on time, and in each lane none closer
    // than 2 pixels to the last one drawn (marks are 6 wide: it would only hide under it):
    // what makes 5,000 events cost about what 500 do. Plain rectangles, no antialiasing.
    const qint64 pad = msAt(area.left() + kHitPixels) - msAt(area.left());
    const auto begin = std::lower_bound(m_times.cbegin(), m_times.cend(), m_startMs - pad);
    const auto end =
        std::upper_bound(begin, m_times.cend(), m_startMs + qint64(m_days * kDayMs) + pad);
    const size_t lanes = size_t(m_lanes.size());
    std::vector<int> lastX(lanes, std::numeric_limits<int>::min());
    std::vector<QColor> fill(lanes);
    std::vector<QColor> edge(lanes);
    std::vector<int> top(lanes);
    for (size_t lane = 0; lane < lanes; ++lane) {
        fill[lane] = laneColor(m_lanes.at(qsizetype(lane)));
        edge[lane] = fill[lane].darker(130);
        top[lane] = int(laneRect(int(lane)).center().y()) - 7;
    }
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setBrush(Qt::NoBrush);
    int painted = 0;
    for (auto it = begin; it != end; ++it) {
        const int index = m_order.at(it - m_times.cbegin());
        const int lane = m_laneOfEvent.at(index);
        if (lane < 0)
            continue;
        const int x = int(std::lround(xOfMs(*it)));
        if (x < lastX[size_t(lane)] + 2)
            continue;
        lastX[size_t(lane)] = x;
        const QRect mark(x - 3, top[size_t(lane)], 6, 14);
        painter.fillRect(mark, fill[size_t(lane)]);
        painter.setPen(edge[size_t(lane)]);
        painter.drawRect(mark.adjusted(0, 0, -1, -1));
        ++painted;
    }
    painter.restore();
    return painted;
}

void JourneyTimelineWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    painter.fillRect(viewport()->rect(), palette().base());
    if (m_timeline.events.isEmpty() && m_timeline.bands.isEmpty()) {
        m_painted = 0;
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(viewport()->rect(), Qt::AlignCenter,
                         tr("No journey events for this patient yet."));
        return;
    }
    const QRectF area = plotArea();
    for (int lane = 0; lane < m_lanes.size(); ++lane) {
        const QRectF band(0, laneRect(lane).top(), viewport()->width(), kLaneHeight);
        if (lane % 2 == 1)
            painter.fillRect(band, palette().alternateBase());
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(band.adjusted(6, 0, 0, 0).toRect(), Qt::AlignVCenter | Qt::AlignLeft,
                         laneTitle(m_lanes.at(lane)));
    }
    paintAxis(painter, area);

    painter.save();
    painter.setClipRect(area.adjusted(-1, -2, 1, 2));
    painter.setRenderHint(QPainter::Antialiasing);
    paintSpans(painter, area);
    paintBands(painter, area);
    m_painted = paintMarks(painter, area);
    if (m_timeline.now.isValid()) {
        const double x = xOf(m_timeline.now);
        painter.setPen(QPen(QColor(0xc6, 0x28, 0x28), 1, Qt::DashLine));
        painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
    }
    if (m_selected >= 0) {
        const QPoint at = markCenter(m_selected);
        if (at.x() >= 0) {
            painter.setBrush(Qt::NoBrush);
            painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
            painter.drawEllipse(QPointF(at), 10, 10);
        }
    }
    painter.restore();
    if (hasFocus()) {
        painter.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DotLine));
        painter.drawRect(viewport()->rect().adjusted(0, 0, -1, -1));
    }
}

int JourneyTimelineWidget::hitTest(const QPoint &position) const
{
    const QRectF area = plotArea();
    if (!area.adjusted(-kHitPixels, 0, kHitPixels, 0).contains(position))
        return -1;
    const int lane = int((position.y() - area.top()) / kLaneHeight);
    const qint64 from = msAt(position.x() - kHitPixels);
    const qint64 to = msAt(position.x() + kHitPixels);
    const auto begin = std::lower_bound(m_times.cbegin(), m_times.cend(), from);
    const auto end = std::upper_bound(begin, m_times.cend(), to);
    int nearest = -1;
    double best = kHitPixels + 1;
    for (auto it = begin; it != end; ++it) {
        const int index = m_order.at(it - m_times.cbegin());
        if (m_laneOfEvent.at(index) != lane)
            continue;
        const double distance = qAbs(xOfMs(*it) - position.x());
        if (distance < best) {
            best = distance;
            nearest = index;
        }
    }
    return nearest;
}

QString JourneyTimelineWidget::toolTipAt(const QPoint &position) const
{
    const QLocale locale;
    const int index = hitTest(position);
    if (index >= 0) {
        const TimelineEvent &event = m_timeline.events.at(index);
        return tr("%1\n%2 \u00b7 %3\n%4/%5 (double-click to open)")
            .arg(event.summary.isEmpty() ? JourneyTimeline::kindLabel(event.kind) : event.summary,
                 locale.toString(event.when.toLocalTime(), QLocale::ShortFormat),
                 JourneyTimeline::statusLabel(event.status), event.resourceType, event.resourceId);
    }
    const qint64 at = msAt(position.x());
    const QRectF area = plotArea();
    const int lane = int((position.y() - area.top()) / kLaneHeight);
    if (lane < 0 || lane >= m_lanes.size())
        return QString();
    for (const TimelineMarker &marker : m_timeline.markers) {
        if (m_lanes.at(lane) == marker.lane && qAbs(xOf(marker.when) - position.x()) <= 7)
            return tr("%1, due %2%3")
                .arg(marker.label,
                     locale.toString(marker.when.toLocalTime().date(), QLocale::ShortFormat),
                     marker.state == TimelineMarker::State::Overdue ? tr(" \u2014 OVERDUE")
                     : marker.state == TimelineMarker::State::Done  ? tr(" \u2014 done")
                                                                    : QString());
    }
    for (const TimelineSpan &span : m_timeline.spans) {
        if (m_lanes.at(lane) == span.lane && at >= msOf(span.start) && at <= msOf(span.end) &&
            span.style != TimelineSpan::Style::Supply)
            return span.label;
    }
    for (const TimelineBand &band : m_timeline.bands) {
        if (m_lanes.at(lane) == QLatin1String("stage") && at >= msOf(band.start) &&
            at <= msOf(band.end))
            return tr("%1 from %2%3")
                .arg(band.title,
                     locale.toString(band.start.toLocalTime().date(), QLocale::ShortFormat),
                     band.overdueFrom.isValid() && at >= msOf(band.overdueFrom)
                         ? tr(" \u2014 stalled since %1")
                               .arg(locale.toString(band.overdueFrom.toLocalTime().date(),
                                                    QLocale::ShortFormat))
                         : QString());
    }
    return QString();
}

bool JourneyTimelineWidget::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, viewport());
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void JourneyTimelineWidget::mousePressEvent(QMouseEvent *event)
{
    const int index = hitTest(event->position().toPoint());
    if (index >= 0)
        setSelectedIndex(index);
    QAbstractScrollArea::mousePressEvent(event);
}

void JourneyTimelineWidget::mouseDoubleClickEvent(QMouseEvent *event)
{
    const int index = hitTest(event->position().toPoint());
    if (index >= 0) {
        setSelectedIndex(index);
        emit recordActivated(index);
    }
}

void JourneyTimelineWidget::wheelEvent(QWheelEvent *event)
{
    const int steps = event->angleDelta().y() / 120;
    if (steps == 0)
        return QAbstractScrollArea::wheelEvent(event);
    if (event->modifiers() & Qt::ControlModifier) {
        // Zoom about the time under the pointer.
        const qint64 anchor = msAt(event->position().x());
        const double fraction = (anchor - m_startMs) / (m_days * kDayMs);
        const double days = qBound(kMinDays, m_days * std::pow(0.8, steps), kMaxDays);
        if (!qFuzzyCompare(days, m_days)) {
            m_days = days;
            setStartMs(anchor - qint64(fraction * m_days * kDayMs));
            emit zoomChanged(m_days);
        }
    } else {
        setStartMs(m_startMs - qint64(steps * m_days * kDayMs / 10));
    }
    event->accept();
}

void JourneyTimelineWidget::keyPressEvent(QKeyEvent *event)
{
    const int position = m_selected >= 0 ? m_positionOf.value(m_selected, -1) : -1;
    const int count = int(m_order.size());
    switch (event->key()) {
    case Qt::Key_Right:
        if (count > 0)
            setSelectedIndex(m_order.at(qMin(count - 1, position + 1)));
        break;
    case Qt::Key_Left:
        if (count > 0)
            setSelectedIndex(m_order.at(qMax(0, position < 0 ? count - 1 : position - 1)));
        break;
    case Qt::Key_Home:
        if (count > 0)
            setSelectedIndex(m_order.first());
        break;
    case Qt::Key_End:
        if (count > 0)
            setSelectedIndex(m_order.last());
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_Minus:
        zoomOut();
        break;
    case Qt::Key_PageUp:
        setStartMs(m_startMs - qint64(m_days * kDayMs * 0.9));
        break;
    case Qt::Key_PageDown:
        setStartMs(m_startMs + qint64(m_days * kDayMs * 0.9));
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_selected >= 0)
            emit recordActivated(m_selected);
        break;
    default:
        QAbstractScrollArea::keyPressEvent(event);
    }
}

} // namespace CareDesk
