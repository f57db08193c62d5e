// SPDX-License-Identifier: GPL-3.0-or-later
// Frame time of the journey timeline with 5,000 events over two years, at each zoom from a
// week to two years, scrolling across the journey: what bench/timeline_bench.sh prints beside
// its baseline (a 60 Hz frame, 16.7 ms).
#include "models/JourneyTimeline.h"
#include "ui/JourneyTimelineWidget.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QThread>
#include <QTimeZone>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>

using namespace CareDesk;

namespace {

// CPU time of this thread: the work a frame costs, whatever else the machine is doing.
double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

double percentile(std::vector<double> values, int p)
{
    std::sort(values.begin(), values.end());
    return values.at(values.size() * size_t(p) / 100);
}

JourneyTimeline population(int events, const QDateTime &start)
{
    JourneyTimeline timeline;
    const QStringList kinds{QStringLiteral("dispense"),    QStringLiteral("message"),
                            QStringLiteral("task"),        QStringLiteral("appointment"),
                            QStringLiteral("eligibility"), QStringLiteral("encounter"),
                            QStringLiteral("admission"),   QStringLiteral("consent")};
    const qint64 span = 730LL * 86400;
    for (int i = 0; i < events; ++i)
        timeline.events.append({start.addSecs(span * i / events), kinds.at(i % kinds.size()),
                                QStringLiteral("event %1").arg(i), QStringLiteral("completed"),
                                QStringLiteral("Bench"), QString::number(i)});
    const QStringList stages{QStringLiteral("Referral and intake"),
                             QStringLiteral("Benefits verification"),
                             QStringLiteral("Prior authorization"), QStringLiteral("Therapy start"),
                             QStringLiteral("Adherence follow-ups")};
    for (int s = 0; s < stages.size(); ++s) {
        TimelineBand band;
        band.title = stages.at(s);
        band.start = start.addDays(s * 10);
        band.end = s + 1 < stages.size() ? start.addDays((s + 1) * 10) : start.addDays(730);
        band.current = s + 1 == stages.size();
        band.overdueFrom = s == 2 ? band.start.addDays(7) : QDateTime();
        timeline.bands.append(band);
    }
    for (int m = 0; m < 26; ++m) {
        timeline.spans.append({QStringLiteral("dispense"), start.addDays(40 + 28 * m),
                               start.addDays(40 + 28 * m + 26), TimelineSpan::Style::Supply,
                               QStringLiteral("supply")});
        timeline.spans.append({QStringLiteral("dispense"), start.addDays(66 + 28 * m),
                               start.addDays(68 + 28 * m), TimelineSpan::Style::Gap,
                               QStringLiteral("gap")});
        timeline.markers.append(
            {QStringLiteral("stage"), start.addDays(40 + 28 * m), QStringLiteral("step"),
             m % 5 == 0 ? TimelineMarker::State::Overdue : TimelineMarker::State::Done});
    }
    timeline.now = start.addDays(730);
    return timeline;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", QByteArrayLiteral("offscreen"));
    QApplication app(argc, argv);
    const int events = argc > 1 ? QByteArray(argv[1]).toInt() : 5000;
    const QDateTime start(QDate(2025, 1, 1), QTime(0, 0), QTimeZone::utc());

    JourneyTimelineWidget widget;
    widget.resize(1280, 420);
    widget.show();
    QElapsedTimer load;
    load.start();
    widget.setTimeline(population(events, start));
    const double loadMs = load.nsecsElapsed() / 1e6;
    QApplication::processEvents(); // once, before measuring: the window is laid out

    double worstCpuP95 = 0;
    double worstWallP95 = 0;
    std::printf("timeline: %d events over 2 years, %d x %d px; setTimeline %.1f ms\n", events,
                widget.viewport()->width(), widget.viewport()->height(), loadMs);
    for (double days : {7.0, 30.0, 91.0, 365.0, 730.0}) {
        widget.setVisibleDays(days);
        QScrollBar *bar = widget.horizontalScrollBar();
        std::vector<double> wall;
        std::vector<double> cpu;
        int painted = 0;
        const int steps = 120;
        for (int i = 0; i < steps; ++i) {
            bar->setValue(bar->minimum() + (bar->maximum() - bar->minimum()) * i / (steps - 1));
            QElapsedTimer frame;
            const double cpuStart = threadCpuMs();
            frame.start();
            widget.viewport()->repaint();
            wall.push_back(frame.nsecsElapsed() / 1e6);
            cpu.push_back(threadCpuMs() - cpuStart);
            painted = std::max(painted, widget.lastPaintedMarks());
        }
        worstCpuP95 = std::max(worstCpuP95, percentile(cpu, 95));
        worstWallP95 = std::max(worstWallP95, percentile(wall, 95));
        std::printf("  zoom %3.0f days: CPU per frame p50 %.2f ms, p95 %.2f ms; wall p50 %.2f ms, "
                    "p95 %.2f ms; at most %d marks painted\n",
                    days, percentile(cpu, 50), percentile(cpu, 95), percentile(wall, 50),
                    percentile(wall, 95), painted);
    }
    double loadAverage[1] = {0};
    getloadavg(loadAverage, 1);
    std::printf("wall times include waiting for a CPU: load average %.1f on %d cores\n",
                loadAverage[0], QThread::idealThreadCount());
    std::printf("timeline_frame_ms_p95 %.2f\n", worstCpuP95);
    std::printf("timeline_frame_wall_ms_p95 %.2f\n", worstWallP95);
    return 0;
}
