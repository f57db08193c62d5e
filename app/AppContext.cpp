// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/AppContext.h"

#include "app/Settings.h"
#include "services/fhir/FhirTriageSink.h"
#include "services/ingest/Importer.h"
#include "services/journey/JourneyService.h"
#include "services/journey/MentorService.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/security/BreakGlassService.h"
#include "services/security/PatientRecords.h"
#include "services/security/RoleCatalogue.h"
#include "services/security/SignInService.h"
#include "services/security/UserDirectory.h"
#include "services/store/CacheDatabase.h"
#include "services/store/KeyVault.h"
#include "services/triage/ReplyClassifier.h"

#include <QDir>
#include <QStandardPaths>

#include <pwd.h>
#include <unistd.h>

namespace CareDesk {

AppContext::~AppContext() = default;

QString AppContext::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString AppContext::currentUser()
{
    // The account the process runs as, from the system's user database: $USER is only a
    // variable anyone can set, and the audit trail must not take its word.
    if (const passwd *entry = getpwuid(geteuid()); entry && entry->pw_name)
        return QString::fromLocal8Bit(entry->pw_name);
    return QStringLiteral("uid-%1").arg(geteuid());
}

std::unique_ptr<KeyVault> AppContext::makeVault(const QString &dataDir, const QString &keyFile)
{
    if (keyFile.isEmpty())
        return std::make_unique<SystemKeyVault>(dataDir);
    return std::make_unique<FileKeyVault>(keyFile);
}

Result<std::unique_ptr<AppContext>> AppContext::open(const QString &dataDir, OpenMode mode,
                                                     const QString &keyFile, PageCheck check)
{
    const QString dir = dataDir.isEmpty() ? defaultDataDir() : QDir(dataDir).absolutePath();
    std::unique_ptr<KeyVault> vault = makeVault(dir, keyFile);
    auto context = open(dir, *vault, mode, check);
    if (context) {
        (*context)->m_ownVault = std::move(vault);
        (*context)->m_vault = (*context)->m_ownVault.get();
    }
    return context;
}

Result<std::unique_ptr<AppContext>> AppContext::open(const QString &dataDir, KeyVault &vault,
                                                     OpenMode mode, PageCheck check)
{
    std::unique_ptr<AppContext> context(new AppContext);
    context->m_dataDir = dataDir.isEmpty() ? defaultDataDir() : QDir(dataDir).absolutePath();
    context->m_vault = &vault;
    context->m_settings = Settings(context->m_dataDir).triageSettings();

    auto classifier = ReplyClassifier::builtIn();
    if (!classifier)
        return std::unexpected(classifier.error());
    context->m_classifier = std::make_unique<ReplyClassifier>(std::move(*classifier));

    auto cache = CacheDatabase::open(context->m_dataDir, vault, mode, check);
    if (!cache)
        return std::unexpected(cache.error());
    context->m_cache = *cache;
    context->m_audit =
        std::make_unique<AuditLog>(context->m_cache, context->m_clock, context->m_vault);
    auto roles = RoleCatalogue::builtIn();
    if (!roles)
        return std::unexpected(roles.error());
    context->m_access = std::make_unique<AccessControl>(context->m_cache, *context->m_audit,
                                                        std::move(*roles), context->m_clock);
    context->m_users = std::make_unique<UserDirectory>(*context->m_access);
    context->m_signIn = std::make_unique<SignInService>(*context->m_access);
    context->m_breakGlass = std::make_unique<BreakGlassService>(*context->m_access);
    context->m_patients = std::make_unique<PatientRecords>(*context->m_access);
    context->m_triage = std::make_unique<TriageService>(context->m_cache, *context->m_audit,
                                                        *context->m_access, context->m_clock);
    context->m_fhirSink = std::make_unique<FhirTriageSink>(context->m_clock);
    context->m_triage->setCommandSink(context->m_fhirSink.get());
    context->m_journeys = std::make_unique<JourneyService>(context->m_cache, *context->m_audit,
                                                           *context->m_access, context->m_clock);
    context->m_mentors =
        std::make_unique<MentorService>(context->m_cache, *context->m_audit, *context->m_access,
                                        context->m_clock, *context->m_journeys);
    return context;
}

void AppContext::setOutboxWake(std::function<void()> wake)
{
    m_fhirSink = std::make_unique<FhirTriageSink>(m_clock, std::move(wake));
    m_triage->setCommandSink(m_fhirSink.get());
}

std::unique_ptr<Importer> AppContext::makeImporter() const
{
    return makeImporter(m_principal);
}

std::unique_ptr<Importer> AppContext::makeImporter(const Principal &who) const
{
    return std::make_unique<Importer>(m_cache, *m_audit, *m_classifier, m_clock, m_settings,
                                      *m_access, who);
}

} // namespace CareDesk
