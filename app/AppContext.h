// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Clock.h"
#include "models/Error.h"
#include "services/security/Principal.h"
#include "services/store/CacheDatabase.h"
#include "services/triage/TriageService.h"

#include <QString>

#include <memory>
#include <optional>

namespace CareDesk {

class AccessControl;
class AuditLog;
class BreakGlassService;
class FhirTriageSink;
class Importer;
class JourneyService;
class KeyVault;
class MentorService;
class PatientRecords;
class ReplyClassifier;
class SignInService;
class UserDirectory;

// The composition root shared by caredesk and caredesk-cli: finds the data folder, unlocks the
// cache with the key from the keychain, and builds the services over it.
class AppContext
{
public:
    ~AppContext();

    // dataDir empty: the platform's app data folder. keyFile empty: the key is in the system
    // keychain; otherwise (headless servers) in that owner-only file.
    using OpenMode = CacheDatabase::OpenMode;
    using PageCheck = CacheDatabase::PageCheck;
    static Result<std::unique_ptr<AppContext>> open(const QString &dataDir, OpenMode mode,
                                                    const QString &keyFile = QString(),
                                                    PageCheck check = PageCheck::Full);
    static Result<std::unique_ptr<AppContext>>
    open(const QString &dataDir, KeyVault &vault, OpenMode mode, PageCheck check = PageCheck::Full);
    static QString defaultDataDir();
    // The vault an open with these arguments uses: the system keychain entry for dataDir, or
    // the owner-only key file.
    static std::unique_ptr<KeyVault> makeVault(const QString &dataDir, const QString &keyFile);
    static QString currentUser();

    std::shared_ptr<CacheDatabase> cache() const { return m_cache; }
    KeyVault &vault() const { return *m_vault; }
    AuditLog &audit() const { return *m_audit; }
    AccessControl &access() const { return *m_access; }
    UserDirectory &users() const { return *m_users; }
    SignInService &signIn() const { return *m_signIn; }
    BreakGlassService &breakGlass() const { return *m_breakGlass; }
    PatientRecords &patients() const { return *m_patients; }
    TriageService &triage() const { return *m_triage; }
    JourneyService &journeys() const { return *m_journeys; }
    MentorService &mentors() const { return *m_mentors; }
    const ReplyClassifier &classifier() const { return *m_classifier; }
    const Clock &clock() const { return m_clock; }
    TriageSettings triageSettings() const { return m_settings; }
    // Who is signed in (set after a sign-in); every service call acts as this principal.
    Principal principal() const { return m_principal; }
    void setPrincipal(const Principal &principal) { m_principal = principal; }
    QString actor() const { return m_principal.user; }
    QString dataDir() const { return m_dataDir; }

    // A new importer over this context acting as who (one per import; cheap).
    std::unique_ptr<Importer> makeImporter(const Principal &who) const;
    std::unique_ptr<Importer> makeImporter() const;
    // Decisions on items synced from a FHIR server are queued for it in the outbox; wake is
    // called (from the deciding thread) after each, to send at once.
    void setOutboxWake(std::function<void()> wake);

private:
    AppContext() = default;

    QString m_dataDir;
    Principal m_principal;
    SystemClock m_clock;
    std::unique_ptr<KeyVault> m_ownVault;
    KeyVault *m_vault = nullptr;
    TriageSettings m_settings;
    std::shared_ptr<CacheDatabase> m_cache;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<AccessControl> m_access;
    std::unique_ptr<UserDirectory> m_users;
    std::unique_ptr<SignInService> m_signIn;
    std::unique_ptr<BreakGlassService> m_breakGlass;
    std::unique_ptr<PatientRecords> m_patients;
    std::unique_ptr<ReplyClassifier> m_classifier;
    std::unique_ptr<FhirTriageSink> m_fhirSink;
    std::unique_ptr<TriageService> m_triage;
    std::unique_ptr<JourneyService> m_journeys;
    std::unique_ptr<MentorService> m_mentors;
};

} // namespace CareDesk
