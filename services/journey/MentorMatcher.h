// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/JourneyDefinition.h"
#include "models/Mentor.h"

#include <QCoreApplication>

namespace CareDesk {

// Ranks mentors for a patient, out of 100 points, and says why (docs/journeys.md):
// therapy 35, condition 25, journey stage reached 15, shared language 15, age band 5 (2 for
// the next band), availability 5 (weekly hours inside the patient's daytime, 09:00-20:00 in
// the patient's zone, full marks from 4 hours). Ties go to the mentor with more room, then by
// id. A mentor who is inactive, has not agreed to mentor (or withdrew), is at capacity, is
// already being introduced to this patient, or was declined by them is not proposed; the
// reason is given instead.
class MentorMatcher
{
    // The reasons are read by people: in the workstation's language (English on the command
    // line).
    Q_DECLARE_TR_FUNCTIONS(CareDesk::MentorMatcher)

public:
    static constexpr int kTherapyPoints = 35;
    static constexpr int kConditionPoints = 25;
    static constexpr int kStagePoints = 15;
    static constexpr int kLanguagePoints = 15;
    static constexpr int kAgePoints = 5;
    static constexpr int kAvailabilityPoints = 5;

    explicit MentorMatcher(const JourneyDefinition &definition);

    // Proposals first (rank 1, 2, ...), then the excluded mentors with their reason.
    QList<MentorProposal> rank(const PatientProfile &patient, const QList<Mentor> &mentors,
                               const QList<MentorIntroduction> &patientIntroductions,
                               const QDateTime &now) const;

    // Hours in the week from now that a mentor's windows overlap the patient's daytime.
    static double overlapHours(const Mentor &mentor, const QString &patientZone,
                               const QDateTime &now);

private:
    MentorProposal score(const PatientProfile &patient, const Mentor &mentor,
                         const QDateTime &now) const;

    const JourneyDefinition &m_definition;
};

} // namespace CareDesk
