// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/hl7/Hl7StorageWorker.h"

#include <QMetaObject>

namespace CareDesk {

Hl7StorageWorker::Hl7StorageWorker(std::unique_ptr<Hl7Inbox> inbox, int maxBatch)
    : m_inbox(std::move(inbox))
    , m_maxBatch(qMax(1, maxBatch))
    , m_thread([this] { run(); })
{}

Hl7StorageWorker::~Hl7StorageWorker()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void Hl7StorageWorker::submit(Hl7Frame frame, QObject *context, Done done)
{
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(Job{std::move(frame), context, std::move(done)});
    }
    m_wake.notify_one();
}

qsizetype Hl7StorageWorker::backlog() const
{
    std::lock_guard lock(m_mutex);
    return qsizetype(m_queue.size()) + m_inProgress;
}

qint64 Hl7StorageWorker::batches() const
{
    std::lock_guard lock(m_mutex);
    return m_batches;
}

qsizetype Hl7StorageWorker::largestBatch() const
{
    std::lock_guard lock(m_mutex);
    return m_largestBatch;
}

void Hl7StorageWorker::run()
{
    for (;;) {
        std::deque<Job> jobs;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty())
                break;
            while (!m_queue.empty() && qsizetype(jobs.size()) < m_maxBatch) {
                jobs.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
            m_inProgress = qsizetype(jobs.size());
        }

        QList<Hl7Frame> frames;
        frames.reserve(qsizetype(jobs.size()));
        for (const Job &job : jobs)
            frames.append(job.frame);
        const QList<Hl7Receipt> receipts = m_inbox->receive(frames);

        {
            std::lock_guard lock(m_mutex);
            m_inProgress = 0;
            ++m_batches;
            m_largestBatch = qMax(m_largestBatch, frames.size());
        }
        for (qsizetype i = 0; i < receipts.size(); ++i) {
            Job &job = jobs[size_t(i)];
            if (!job.context || !job.done)
                continue;
            QMetaObject::invokeMethod(
                job.context,
                [done = std::move(job.done), receipt = receipts.at(i)] { done(receipt); },
                Qt::QueuedConnection);
        }
    }
    // Qt SQL connections belong to their thread and must be closed there.
    m_inbox->releaseConnection();
}

} // namespace CareDesk
