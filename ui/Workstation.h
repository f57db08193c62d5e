// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>
#include <memory>

namespace CareDesk {

class CacheDatabase;
class Clock;
class Importer;
class TriageService;

// What the main window needs from the services; the app layer fills it in.
struct Workstation {
    std::shared_ptr<CacheDatabase> cache;
    TriageService *triage = nullptr;
    const Clock *clock = nullptr;
    QString actor;
    std::function<std::unique_ptr<Importer>()> makeImporter;
};

} // namespace CareDesk
