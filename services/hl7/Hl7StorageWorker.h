// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/hl7/Hl7Inbox.h"

#include <QObject>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace CareDesk {

// Runs an Hl7Inbox on a thread of its own, so that the event loop that reads sockets never
// waits for the database. Frames queue up while a batch is being committed and go into the next
// batch together (group commit): under load many messages share one fsync, and still no ACK is
// made before the commit that stored its message.
class Hl7StorageWorker
{
public:
    using Done = std::function<void(const Hl7Receipt &)>;

    explicit Hl7StorageWorker(std::unique_ptr<Hl7Inbox> inbox, int maxBatch = 512);
    // Finishes what is queued, then stops; callbacks still pending are dropped with their
    // context.
    ~Hl7StorageWorker();
    Hl7StorageWorker(const Hl7StorageWorker &) = delete;
    Hl7StorageWorker &operator=(const Hl7StorageWorker &) = delete;

    // Thread-safe. `done` runs on the thread of `context`, which must outlive this worker (the
    // listener that owns it); answers still queued when the context is destroyed are dropped
    // with its events.
    void submit(Hl7Frame frame, QObject *context, Done done);
    // Frames waiting or being stored.
    qsizetype backlog() const;
    // Batches committed and the largest one, for the log and the benchmark.
    qint64 batches() const;
    qsizetype largestBatch() const;

private:
    struct Job {
        Hl7Frame frame;
        QObject *context = nullptr;
        Done done;
    };
    void run();

    std::unique_ptr<Hl7Inbox> m_inbox;
    const int m_maxBatch;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_queue;
    qsizetype m_inProgress = 0;
    bool m_stopping = false;
    qint64 m_batches = 0;
    qsizetype m_largestBatch = 0;
    std::thread m_thread;
};

} // namespace CareDesk
