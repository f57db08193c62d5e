// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/journey/MentorMatcher.h"

#include <QTimeZone>

#include <algorithm>

namespace CareDesk {

namespace {

constexpr int kDaytimeStartHour = 9;
constexpr int kDaytimeEndHour = 20;

bool mentions(const QStringList &haystack, const QString &needle)
{
    const QString term = needle.trimmed().toLower();
    if (term.isEmpty())
        return false;
    return std::any_of(haystack.cbegin(), haystack.cend(), [&term](const QString &entry) {
        // A short code or word inside the mentor's term is too weak a match to count.
        return entry.contains(term) || (entry.size() >= 4 && term.contains(entry));
    });
}

QString primaryLanguage(const QString &tag)
{
    return tag.section(u'-', 0, 0).section(u'_', 0, 0).toLower();
}

int bandStart(const QString &band)
{
    bool ok = false;
    const int start = band.section(u'-', 0, 0).toInt(&ok);
    return ok ? start : -100;
}

} // namespace

MentorMatcher::MentorMatcher(const JourneyDefinition &definition)
    : m_definition(definition)
{}

double MentorMatcher::overlapHours(const Mentor &mentor, const QString &patientZone,
                                   const QDateTime &now)
{
    const QTimeZone mentorZone(mentor.timeZone.toLatin1());
    const QTimeZone patient(patientZone.toLatin1());
    if (!mentorZone.isValid() || !patient.isValid())
        return 0;
    // Both sides as real instants over the next seven days, so time zones and daylight
    // saving changes in either place are taken as they are.
    const QDateTime until = now.addDays(7);
    qint64 seconds = 0;
    const QDate firstMentorDay = now.toTimeZone(mentorZone).date().addDays(-1);
    const QDate firstPatientDay = now.toTimeZone(patient).date().addDays(-1);
    for (int d = 0; d <= 8; ++d) {
        const QDate mentorDay = firstMentorDay.addDays(d);
        for (const MentorAvailability &slot : mentor.availability) {
            if (slot.dayOfWeek != mentorDay.dayOfWeek())
                continue;
            QDateTime from(mentorDay, slot.from, mentorZone);
            QDateTime to(mentorDay, slot.to, mentorZone);
            from = qMax(from, now);
            to = qMin(to, until);
            for (int p = 0; p <= 9 && from < to; ++p) {
                const QDate patientDay = firstPatientDay.addDays(p);
                const QDateTime dayStart(patientDay, QTime(kDaytimeStartHour, 0), patient);
                const QDateTime dayEnd(patientDay, QTime(kDaytimeEndHour, 0), patient);
                const QDateTime a = qMax(from, dayStart);
                const QDateTime b = qMin(to, dayEnd);
                if (a < b)
                    seconds += a.secsTo(b);
            }
        }
    }
    return seconds / 3600.0;
}

MentorProposal MentorMatcher::score(const PatientProfile &patient, const Mentor &mentor,
                                    const QDateTime &now) const
{
    MentorProposal proposal;
    proposal.mentor = mentor;
    auto add = [&proposal](const char *factor, int points, int max, const QString &text) {
        proposal.reasons.append({QString::fromLatin1(factor), points, max, text});
        proposal.score += points;
    };

    if (mentions(patient.therapies, mentor.therapy))
        add("therapy", kTherapyPoints, kTherapyPoints, tr("Same therapy: %1").arg(mentor.therapy));
    else
        add("therapy", 0, kTherapyPoints, tr("Different therapy (%1)").arg(mentor.therapy));

    if (mentions(patient.conditions, mentor.condition))
        add("condition", kConditionPoints, kConditionPoints,
            tr("Same condition: %1").arg(mentor.condition));
    else
        add("condition", 0, kConditionPoints, tr("Different condition (%1)").arg(mentor.condition));

    const int patientStage = m_definition.stageIndex(patient.stageId);
    const int mentorStage = m_definition.stageIndex(mentor.stageReached);
    const JourneyStage *reached = m_definition.stage(mentor.stageReached);
    const JourneyStage *current = m_definition.stage(patient.stageId);
    if (mentorStage >= 0 && patientStage >= 0 && mentorStage >= patientStage)
        add("stage", kStagePoints, kStagePoints,
            tr("Has been through %1 (reached %2)").arg(current->title, reached->title));
    else
        add("stage", 0, kStagePoints,
            reached ? tr("Reached only %1").arg(reached->title) : tr("Stage reached not known"));

    QString shared;
    for (const QString &language : mentor.languages) {
        if (!patient.language.isEmpty() &&
            primaryLanguage(language) == primaryLanguage(patient.language))
            shared = language;
    }
    if (patient.language.isEmpty())
        add("language", 0, kLanguagePoints,
            tr("Patient's language not recorded (mentor speaks %1)")
                .arg(mentor.languages.join(QStringLiteral(", "))));
    else if (shared.isEmpty())
        add("language", 0, kLanguagePoints,
            tr("No language in common (mentor speaks %1)")
                .arg(mentor.languages.join(QStringLiteral(", "))));
    else
        add("language", kLanguagePoints, kLanguagePoints,
            tr("Speaks the patient's language (%1)").arg(shared));

    const int patientBand = bandStart(patient.ageBand);
    const int mentorBand = bandStart(mentor.ageBand);
    if (patient.ageBand.isEmpty() || mentor.ageBand.isEmpty())
        add("age", 0, kAgePoints, tr("Age band not known"));
    else if (patientBand == mentorBand)
        add("age", kAgePoints, kAgePoints, tr("Same age band (%1)").arg(mentor.ageBand));
    else if (qAbs(patientBand - mentorBand) == 10)
        add("age", 2, kAgePoints, tr("Next age band (%1)").arg(mentor.ageBand));
    else
        add("age", 0, kAgePoints, tr("Age band %1").arg(mentor.ageBand));

    proposal.availabilityHours = overlapHours(mentor, patient.timeZone, now);
    const int availability = qMin(
        kAvailabilityPoints, int(proposal.availabilityHours * kAvailabilityPoints / 4.0 + 1e-9));
    add("availability", availability, kAvailabilityPoints,
        proposal.availabilityHours > 0
            ? tr("%1 h a week inside the patient's daytime (%2:00-%3:00 %4)")
                  .arg(QString::number(proposal.availabilityHours, 'f', 1))
                  .arg(kDaytimeStartHour, 2, 10, QLatin1Char('0'))
                  .arg(kDaytimeEndHour)
                  .arg(patient.timeZone)
            : tr("No time inside the patient's daytime this week"));
    return proposal;
}

QList<MentorProposal> MentorMatcher::rank(const PatientProfile &patient,
                                          const QList<Mentor> &mentors,
                                          const QList<MentorIntroduction> &patientIntroductions,
                                          const QDateTime &now) const
{
    QList<MentorProposal> proposals;
    for (const Mentor &mentor : mentors) {
        MentorProposal proposal = score(patient, mentor, now);
        for (const MentorIntroduction &intro : patientIntroductions) {
            if (intro.mentorId != mentor.mentorId)
                continue;
            if (intro.open())
                proposal.excludedBecause = tr("An introduction to this mentor is in "
                                              "progress");
            else if (intro.outcome == QLatin1String("declined"))
                proposal.excludedBecause =
                    tr("Declined on %1").arg(intro.outcomeAt.date().toString(Qt::ISODate));
        }
        if (!mentor.active)
            proposal.excludedBecause = tr("Not an active mentor");
        else if (!mentor.consents())
            proposal.excludedBecause = mentor.consentWithdrawnAt.isValid()
                                           ? tr("Withdrew consent to mentor")
                                           : tr("Has not agreed to mentor");
        else if (proposal.excludedBecause.isEmpty() && mentor.openIntroductions >= mentor.capacity)
            proposal.excludedBecause = tr("At capacity (%1 of %2 introductions in "
                                          "progress)")
                                           .arg(mentor.openIntroductions)
                                           .arg(mentor.capacity);
        proposals.append(proposal);
    }
    std::stable_sort(proposals.begin(), proposals.end(),
                     [](const MentorProposal &a, const MentorProposal &b) {
                         if (a.excludedBecause.isEmpty() != b.excludedBecause.isEmpty())
                             return a.excludedBecause.isEmpty();
                         if (a.score != b.score)
                             return a.score > b.score;
                         const int roomA = a.mentor.capacity - a.mentor.openIntroductions;
                         const int roomB = b.mentor.capacity - b.mentor.openIntroductions;
                         if (roomA != roomB)
                             return roomA > roomB;
                         return a.mentor.mentorId < b.mentor.mentorId;
                     });
    int rank = 0;
    for (MentorProposal &proposal : proposals)
        proposal.rank = proposal.excludedBecause.isEmpty() ? ++rank : 0;
    return proposals;
}

} // namespace CareDesk
