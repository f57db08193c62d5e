// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QObject>

#include <memory>

class QThread;

namespace CareDesk {

class CacheDatabase;

// Checks every page of the open cache on a thread of its own, so that the workstation can show
// its queue at once: the open itself checked only the first, second and last pages.
class CacheIntegrityWatch : public QObject
{
    Q_OBJECT

public:
    explicit CacheIntegrityWatch(std::shared_ptr<CacheDatabase> cache, QObject *parent = nullptr);
    ~CacheIntegrityWatch() override;

    void start();
    // The outcome once finished() was emitted.
    VoidResult result() const { return m_result; }

signals:
    void finished();

private:
    std::shared_ptr<CacheDatabase> m_cache;
    QThread *m_thread = nullptr;
    VoidResult m_result;
};

} // namespace CareDesk
