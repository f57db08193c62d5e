// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QString>

#include <memory>

namespace CareDesk {

class AuditLog;
class CacheDatabase;
class Clock;
class MessageDispatcher;

// What patients' replies ask of their consent, after the reply intake has stored them:
// - an opt-out the intake recorded in the ledger (ReplyIntake, from the triage classifier's
//   OptOutDetector) gets its one confirmation message; the gate suppresses the channel after;
// - START or UNSTOP, alone in a reply, is recorded as a grant on that channel with the raw text,
//   and confirmed;
// - HELP, INFO or AYUDA, alone in a reply, is answered with how to reach the program.
// Replies are taken in the order they were stored, past a cursor kept in the cache, each in a
// transaction of its own with its messages, so two workstations or a restart never answer one
// twice.
class ConsentReplies
{
public:
    ConsentReplies(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, const Clock &clock,
                   MessageDispatcher &dispatcher);

    enum class Keyword { None, OptIn, Help };
    // The keyword a whole reply is, ignoring case, punctuation and spaces ("  START!! ").
    static Keyword keywordOf(const QString &reply);

    struct Report {
        int replies = 0;
        int optOutConfirmations = 0;
        int optIns = 0;
        int helpReplies = 0;
    };
    Result<Report> processNewReplies(const QString &actor = QStringLiteral("automation"));

private:
    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    const Clock &m_clock;
    MessageDispatcher &m_dispatcher;
};

} // namespace CareDesk
