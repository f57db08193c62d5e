// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/security/Principal.h"

#include <QString>

#include <functional>
#include <memory>

namespace CareDesk {

class AccessControl;
class AuditLog;
class BreakGlassService;
class CacheDatabase;
class Clock;
class Importer;
class JourneyService;
class MentorService;
class PatientRecords;
class SignInService;
class TriageService;

// What the main window needs from the services; the app layer fills it in.
struct Workstation {
    std::shared_ptr<CacheDatabase> cache;
    TriageService *triage = nullptr;
    PatientRecords *patients = nullptr;
    AccessControl *access = nullptr;
    SignInService *signIn = nullptr;
    BreakGlassService *breakGlass = nullptr;
    const Clock *clock = nullptr;
    // Journeys and mentors (the journey panel and mentor panel); null when not wired.
    AuditLog *audit = nullptr;
    JourneyService *journeys = nullptr;
    MentorService *mentors = nullptr;
    Principal principal; // who is signed in; every service call acts as them
    // An importer acting as who (the signed-in user, or the embedded automation).
    std::function<std::unique_ptr<Importer>(const Principal &who)> makeImporter;
};

} // namespace CareDesk
