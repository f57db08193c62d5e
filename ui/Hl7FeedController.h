// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/hl7/Hl7DeadLetterStore.h"

#include <QObject>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace CareDesk {

class CacheDatabase;
class Hl7Inbox;

// Runs the HL7 interface's dead-letter work (list, load, replay, discard) off the UI thread, in
// order, and reports by signals. The inbox is made by the app layer with the interface's
// settings, so a replay reads messages the way the listener does.
class Hl7FeedController : public QObject
{
    Q_OBJECT
public:
    Hl7FeedController(std::shared_ptr<CacheDatabase> cache, std::unique_ptr<Hl7Inbox> inbox,
                      QObject *parent = nullptr);
    ~Hl7FeedController() override;

    void refresh(bool includeClosed);
    void load(qint64 id);
    void replay(qint64 id);
    void discard(qint64 id);
    // Waits for queued work and closes the worker thread's cache connection.
    void waitForIdle();

signals:
    void lettersListed(const QList<CareDesk::Hl7DeadLetter> &letters, int openCount);
    void letterLoaded(const CareDesk::Hl7DeadLetter &letter);
    // applied: the message is in the cache now (or was already); otherwise `message` says why not.
    void replayFinished(qint64 id, bool applied, const QString &message);
    void discarded(qint64 id);
    void failed(const QString &message);

private:
    std::shared_ptr<CacheDatabase> m_cache;
    std::shared_ptr<Hl7Inbox> m_inbox;
    QThreadPool m_pool;
};

} // namespace CareDesk
