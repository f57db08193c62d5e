// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/triage/TriageService.h"

#include <functional>

namespace CareDesk {

class Clock;

// Queues a FHIR write in the outbox for each claim, release and resolution of an item whose
// reply came from a synced FHIR server (file imports stay local). Runs in the thread of the
// TriageService call, on that thread's connection and transaction.
class FhirTriageSink : public TriageCommandSink
{
public:
    // wake: called after a commit, from the committing thread (it must be thread-safe).
    FhirTriageSink(const Clock &clock, std::function<void()> wake = {});

    VoidResult queue(QSqlDatabase &db, const QString &action, const TriageItem &item,
                     const QString &actor, const QString &disposition,
                     const QString &note) override;
    void committed() override;

private:
    const Clock &m_clock;
    std::function<void()> m_wake;
};

} // namespace CareDesk
