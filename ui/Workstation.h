// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>
#include <memory>

namespace CareDesk {

class AuditLog;
class CacheDatabase;
class Clock;
class Importer;
class JourneyService;
class MentorService;
class TriageService;

// What the main window needs from the services; the app layer fills it in.
struct Workstation {
    std::shared_ptr<CacheDatabase> cache;
    TriageService *triage = nullptr;
    const Clock *clock = nullptr;
    QString actor;
    std::function<std::unique_ptr<Importer>()> makeImporter;
    // Journeys and mentors (the journey panel and mentor panel); null when not wired.
    AuditLog *audit = nullptr;
    JourneyService *journeys = nullptr;
    MentorService *mentors = nullptr;
};

} // namespace CareDesk
