// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "../store/TestCache.h"

#include "services/journey/JourneyExceptions.h"
#include "services/journey/JourneyService.h"
#include "services/journey/MentorService.h"
#include "services/store/PatientStore.h"

namespace CareDesk::Testing {

// A real encrypted cache with the journey scenarios of tests/data/journeys imported through
// the ordinary importer (FHIR NDJSON and an HL7 v2 admission and discharge).
struct JourneyFixture : TriageFixture {
    std::unique_ptr<JourneyService> journeys;
    std::unique_ptr<MentorService> mentors;
    // Who reads journeys in these tests: a nurse sees message text too.
    const Principal reader = nurse(QStringLiteral("nurse.ana"));

    bool startEmpty()
    {
        if (!start())
            return false;
        journeys = std::make_unique<JourneyService>(cache, *audit, *access, clock);
        mentors = std::make_unique<MentorService>(cache, *audit, *access, clock, *journeys);
        return true;
    }

    bool startWithScenarios()
    {
        if (!startEmpty())
            return false;
        const QString data = QStringLiteral(CAREDESK_SOURCE_DIR "/tests/data/journeys/");
        for (const QString &file :
             {QStringLiteral("journey-scenarios.ndjson"), QStringLiteral("journey-stay.hl7")}) {
            auto imported = importer->importFile(data + file);
            if (!imported) {
                qWarning("%s", qPrintable(imported.error().message));
                return false;
            }
        }
        return true;
    }

    QString master(const QString &patientId) const
    {
        return journeys->findPatient(patientId).value_or(QString());
    }

    JourneyExceptions exceptions() { return JourneyExceptions(cache, *audit, clock, *journeys); }
};

} // namespace CareDesk::Testing
