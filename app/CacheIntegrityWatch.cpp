// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/CacheIntegrityWatch.h"

#include "services/store/CacheDatabase.h"

#include <QThread>

namespace CareDesk {

CacheIntegrityWatch::CacheIntegrityWatch(std::shared_ptr<CacheDatabase> cache, QObject *parent)
    : QObject(parent)
    , m_cache(std::move(cache))
{}

CacheIntegrityWatch::~CacheIntegrityWatch()
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void CacheIntegrityWatch::start()
{
    if (m_thread)
        return;
    // The thread only reads the file; m_result is read in this object's thread once the
    // queued finished signal arrives.
    m_thread = QThread::create([this] { m_result = m_cache->verifyAllPages(); });
    connect(m_thread, &QThread::finished, this, &CacheIntegrityWatch::finished,
            Qt::QueuedConnection);
    m_thread->start(QThread::LowPriority);
}

} // namespace CareDesk
