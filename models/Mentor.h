// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTime>

namespace CareDesk {

// A weekly window in which a mentor is free, in the mentor's own time zone.
struct MentorAvailability {
    int dayOfWeek = 1; // 1 = Monday ... 7 = Sunday
    QTime from;
    QTime to;
};

// Someone who completed a therapy and agreed to mentor patients starting it.
struct Mentor {
    QString mentorId;
    QString displayName; // how coordinators and patients know the mentor (first name or alias)
    QString therapy;
    QString condition;
    QString stageReached;  // journey stage id the mentor went through
    QStringList languages; // BCP 47 tags: "en", "es-MX"
    QString timeZone;      // IANA
    QString ageBand;       // "40-49"
    QList<MentorAvailability> availability;
    int capacity = 1; // introductions in progress at once
    QDateTime consentAt;
    QDateTime consentWithdrawnAt;
    bool active = true;
    int openIntroductions = 0; // computed: proposed or introduced, no outcome yet

    bool consents() const { return consentAt.isValid() && !consentWithdrawnAt.isValid(); }
};

// One factor of a mentor's score, with the sentence a coordinator reads.
struct MatchReason {
    QString factor; // "therapy", "condition", "stage", "language", "age", "availability"
    int points = 0;
    int maxPoints = 0;
    QString text;
};

struct MentorProposal {
    Mentor mentor;
    int score = 0;
    int rank = 0; // 1 = best; 0 when excluded
    QList<MatchReason> reasons;
    QString excludedBecause;      // empty when the mentor can be proposed
    double availabilityHours = 0; // weekly hours inside the patient's daytime
};

// What the matcher knows of the patient: from the journey and records, never the name.
struct PatientProfile {
    QString masterId;
    QStringList therapies;  // medication texts, lower case
    QStringList conditions; // condition texts and codes, lower case
    QString stageId;
    QString stageTitle;
    QString language; // BCP 47, empty when not recorded
    QString ageBand;  // empty when the birth date is not known
    QString timeZone;
};

// An introduction of a patient to a mentor: both must agree before it is made.
struct MentorIntroduction {
    qint64 id = 0;
    QString masterId;
    QString mentorId;
    QString mentorName;
    QString status; // "proposed", "introduced", "closed"
    int score = 0;
    QDateTime proposedAt;
    QString proposedBy;
    QString patientConsent; // "", "given", "refused"
    QDateTime patientConsentAt;
    QString mentorConsent;
    QDateTime mentorConsentAt;
    QDateTime introducedAt;
    QString outcome; // "", "met", "declined", "no-response"
    QDateTime outcomeAt;

    bool open() const { return status != QLatin1String("closed"); }
};

} // namespace CareDesk
