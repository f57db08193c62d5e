// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/Hl7FeedController.h"

#include "services/hl7/Hl7Inbox.h"
#include "services/store/CacheDatabase.h"

#include <QtConcurrent/QtConcurrentRun>

namespace CareDesk {

namespace {

struct Listing {
    QList<Hl7DeadLetter> letters;
    int open = 0;
};

} // namespace

Hl7FeedController::Hl7FeedController(std::shared_ptr<CacheDatabase> cache,
                                     std::unique_ptr<Hl7Inbox> inbox, QObject *parent)
    : QObject(parent)
    , m_cache(std::move(cache))
    , m_inbox(std::move(inbox))
{
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1);
    qRegisterMetaType<CareDesk::Hl7DeadLetter>();
    qRegisterMetaType<QList<CareDesk::Hl7DeadLetter>>();
}

Hl7FeedController::~Hl7FeedController()
{
    waitForIdle();
}

void Hl7FeedController::waitForIdle()
{
    auto cache = m_cache;
    m_pool.start([cache] { cache->releaseThreadConnection(); });
    m_pool.waitForDone();
}

void Hl7FeedController::refresh(bool includeClosed)
{
    auto inbox = m_inbox;
    auto cache = m_cache;
    QtConcurrent::run(&m_pool, [inbox, cache, includeClosed]() -> Result<Listing> {
        auto letters = inbox->deadLetters(!includeClosed);
        if (!letters)
            return std::unexpected(letters.error());
        auto open = Hl7DeadLetterStore(cache->connection()).openCount();
        if (!open)
            return std::unexpected(open.error());
        return Listing{*letters, *open};
    }).then(this, [this](const Result<Listing> &listing) {
        if (!listing)
            emit failed(listing.error().message);
        else
            emit lettersListed(listing->letters, listing->open);
    });
}

void Hl7FeedController::load(qint64 id)
{
    auto inbox = m_inbox;
    QtConcurrent::run(&m_pool, [inbox, id] {
        return inbox->deadLetter(id);
    }).then(this, [this](const Result<Hl7DeadLetter> &letter) {
        if (!letter)
            emit failed(letter.error().message);
        else
            emit letterLoaded(*letter);
    });
}

void Hl7FeedController::replay(qint64 id)
{
    auto inbox = m_inbox;
    QtConcurrent::run(&m_pool, [inbox, id] {
        return inbox->replay(id);
    }).then(this, [this, id](const Result<Hl7Receipt> &receipt) {
        if (!receipt)
            emit replayFinished(id, false, receipt.error().message);
        else if (receipt->code == Hl7AckCode::Accept)
            emit replayFinished(id, true,
                                receipt->duplicate ? tr("The message was stored already.")
                                                   : tr("The message was applied."));
        else
            emit replayFinished(id, false, receipt->reason);
    });
}

void Hl7FeedController::discard(qint64 id)
{
    auto inbox = m_inbox;
    QtConcurrent::run(&m_pool, [inbox, id] {
        return inbox->discard(id);
    }).then(this, [this, id](const VoidResult &done) {
        if (!done)
            emit failed(done.error().message);
        else
            emit discarded(id);
    });
}

} // namespace CareDesk
