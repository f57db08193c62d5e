// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/JourneyTimelineWidget.h"

#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

namespace CareDesk {

namespace {

constexpr int kLaneHeight = 22;
constexpr int kLabelWidth = 96;
constexpr int kAxisHeight = 22;

QString laneTitle(const QString &kind)
{
    static const QHash<QString, const char *> titles{
        {QStringLiteral("encounter"), QT_TRANSLATE_NOOP("JourneyTimelineWidget", "Encounters")},
        {QStringLiteral("condition"), QT_TRANSLATE_NOOP("JourneyTimelineWidget", "Conditions")},
        {QStringLiteral("medication"), QT_TRANSLATE_NOOP("JourneyTimelineWidget", "Medications")},
        {QStringLiteral("dispense"), QT_TRANSLATE_NOOP("JourneyTimelineWidget", "Dispenses")},
        {QStringLiteral("appointment"), QT_TRANSLATE_NOOP("JourneyTimelineWidget", "Appointments")},
        {QStringLiteral("message"), QT_TRANSLATE_NOOP("JourneyTimelineWidget", "Messages")},
        {QStringLiteral("task"), QT_TRANSLATE_NOOP("JourneyTimelineWidget", "Tasks")},
        {QStringLiteral("consent"), QT_TRANSLATE_NOOP("JourneyTimelineWidget", "Consent")},
    };
    if (const char *title = titles.value(kind))
        return JourneyTimelineWidget::tr(title);
    return JourneyTimelineWidget::tr("Hospital (ADT)");
}

QColor laneColor(int lane)
{
    static const QList<QColor> colors{
        QColor(0x1f, 0x5f, 0xa8), QColor(0x7a, 0x3e, 0x9d), QColor(0x0b, 0x7a, 0x4b),
        QColor(0x2e, 0x8b, 0x57), QColor(0xb3, 0x5c, 0x00), QColor(0xa5, 0x10, 0x10),
        QColor(0x4a, 0x4a, 0x4a), QColor(0x00, 0x6d, 0x77), QColor(0x55, 0x3f, 0x00)};
    return colors.at(lane % colors.size());
}

} // namespace

JourneyTimelineWidget::JourneyTimelineWidget(QWidget *parent)
    : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Journey timeline"));
    setMouseTracking(false);
}

QSize JourneyTimelineWidget::sizeHint() const
{
    return QSize(560, kAxisHeight + 8 + int(qMax<qsizetype>(3, m_lanes.size())) * kLaneHeight);
}

QSize JourneyTimelineWidget::minimumSizeHint() const
{
    return QSize(300, kAxisHeight + 3 * kLaneHeight);
}

int JourneyTimelineWidget::laneOf(const QString &kind) const
{
    static const QStringList known{QStringLiteral("encounter"),   QStringLiteral("condition"),
                                   QStringLiteral("medication"),  QStringLiteral("dispense"),
                                   QStringLiteral("appointment"), QStringLiteral("message"),
                                   QStringLiteral("task"),        QStringLiteral("consent")};
    const QString lane = known.contains(kind) ? kind : QStringLiteral("adt");
    return int(m_lanes.indexOf(lane));
}

void JourneyTimelineWidget::setEvents(const QList<TimelineEvent> &events)
{
    m_events = events;
    m_lanes.clear();
    m_start = QDateTime();
    m_end = QDateTime();
    static const QStringList order{
        QStringLiteral("encounter"), QStringLiteral("condition"),   QStringLiteral("medication"),
        QStringLiteral("dispense"),  QStringLiteral("appointment"), QStringLiteral("message"),
        QStringLiteral("task"),      QStringLiteral("consent"),     QStringLiteral("adt")};
    QSet<QString> present;
    for (const TimelineEvent &event : events) {
        present.insert(order.contains(event.kind) ? event.kind : QStringLiteral("adt"));
        if (!event.when.isValid())
            continue;
        if (!m_start.isValid() || event.when < m_start)
            m_start = event.when;
        if (!m_end.isValid() || event.when > m_end)
            m_end = event.when;
    }
    for (const QString &lane : order) {
        if (present.contains(lane))
            m_lanes.append(lane);
    }
    if (m_start.isValid() && m_start == m_end) {
        m_start = m_start.addDays(-1);
        m_end = m_end.addDays(1);
    }
    m_selected = -1;
    updateGeometry();
    update();
}

void JourneyTimelineWidget::setSelectedIndex(int index)
{
    if (index < -1 || index >= m_events.size() || index == m_selected)
        return;
    m_selected = index;
    update();
    emit eventSelected(index);
}

QRectF JourneyTimelineWidget::plotArea() const
{
    return QRectF(kLabelWidth, 4, qMax(10, width() - kLabelWidth - 12),
                  m_lanes.size() * kLaneHeight);
}

QPointF JourneyTimelineWidget::markPosition(int index) const
{
    const TimelineEvent &event = m_events.at(index);
    const QRectF area = plotArea();
    const int lane = laneOf(event.kind);
    const qreal y = area.top() + lane * kLaneHeight + kLaneHeight / 2.0;
    if (!event.when.isValid() || !m_start.isValid())
        return QPointF(area.left(), y);
    const qreal span = qMax<qreal>(1, m_start.secsTo(m_end));
    return QPointF(area.left() + area.width() * m_start.secsTo(event.when) / span, y);
}

void JourneyTimelineWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), palette().base());
    const QRectF area = plotArea();

    if (m_events.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No journey events for this patient yet."));
        return;
    }

    for (int lane = 0; lane < m_lanes.size(); ++lane) {
        const QRectF band(0, area.top() + lane * kLaneHeight, width(), kLaneHeight);
        if (lane % 2 == 1)
            painter.fillRect(band, palette().alternateBase());
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(band.adjusted(6, 0, 0, 0).toRect(), Qt::AlignVCenter | Qt::AlignLeft,
                         laneTitle(m_lanes.at(lane)));
    }

    // Axis with the first and last date.
    const qreal axisY = area.bottom() + 4;
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawLine(QPointF(area.left(), axisY), QPointF(area.right(), axisY));
    painter.setPen(palette().color(QPalette::Text));
    const QLocale locale;
    if (m_start.isValid()) {
        painter.drawText(QRectF(area.left(), axisY + 2, 200, kAxisHeight - 4),
                         Qt::AlignLeft | Qt::AlignVCenter,
                         locale.toString(m_start.toLocalTime().date(), QLocale::ShortFormat));
        painter.drawText(QRectF(area.right() - 200, axisY + 2, 200, kAxisHeight - 4),
                         Qt::AlignRight | Qt::AlignVCenter,
                         locale.toString(m_end.toLocalTime().date(), QLocale::ShortFormat));
    }

    for (int i = 0; i < m_events.size(); ++i) {
        const QPointF at = markPosition(i);
        const QColor color = laneColor(laneOf(m_events.at(i).kind));
        painter.setPen(QPen(color.darker(130), 1));
        painter.setBrush(color);
        painter.drawRoundedRect(QRectF(at.x() - 3, at.y() - 7, 6, 14), 2, 2);
    }
    if (m_selected >= 0) {
        const QPointF at = markPosition(m_selected);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
        painter.drawEllipse(at, 10, 10);
    }
    if (hasFocus()) {
        painter.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DotLine));
        painter.drawRect(rect().adjusted(0, 0, -1, -1));
    }
}

void JourneyTimelineWidget::mousePressEvent(QMouseEvent *event)
{
    int nearest = -1;
    qreal best = 12;
    for (int i = 0; i < m_events.size(); ++i) {
        const QPointF delta = markPosition(i) - event->position();
        const qreal distance = qAbs(delta.x()) + qAbs(delta.y());
        if (distance < best) {
            best = distance;
            nearest = i;
        }
    }
    if (nearest >= 0)
        setSelectedIndex(nearest);
    QWidget::mousePressEvent(event);
}

void JourneyTimelineWidget::keyPressEvent(QKeyEvent *event)
{
    if (m_events.isEmpty())
        return QWidget::keyPressEvent(event);
    switch (event->key()) {
    case Qt::Key_Right:
        setSelectedIndex(qMin(int(m_events.size()) - 1, m_selected + 1));
        break;
    case Qt::Key_Left:
        setSelectedIndex(qMax(0, m_selected - 1));
        break;
    case Qt::Key_Home:
        setSelectedIndex(0);
        break;
    case Qt::Key_End:
        setSelectedIndex(int(m_events.size()) - 1);
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}

} // namespace CareDesk
