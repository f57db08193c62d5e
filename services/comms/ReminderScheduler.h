// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Consent.h"
#include "models/Error.h"
#include "services/comms/WallTime.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QTime>

#include <memory>

namespace CareDesk {

class AuditLog;
class CacheDatabase;
class Clock;
class MessageDispatcher;

enum class ReminderKind { Appointment, Refill };

// A reminder is a local wall time in an IANA zone on each local date from firstDate to lastDate
// (one date for a one-off), never a fixed offset: 09:00 in America/Chicago is 15:00Z in winter
// and 14:00Z in summer. Each occurrence is the pair (reminder, local date) and is sent at most
// once; a wall time that does not exist or happens twice that day follows WallTime's rule.
struct ReminderSpec {
    QString key; // stable for what it reminds of: scheduling the same key again changes nothing
    QString masterId;
    ReminderKind kind = ReminderKind::Appointment;
    QString program;
    QString specialty;
    Channel channel = Channel::Sms;
    QString subjectRef; // "Appointment/123", "MedicationDispense/9"
    QDateTime eventAt;  // the appointment's start, or the day the refill is due
    QString location;
    QTime localTime;
    QString zoneId;
    QDate firstDate;
    QDate lastDate;
};

struct ReminderRow {
    qint64 id = 0;
    ReminderSpec spec;
    QString status; // active, cancelled
};

struct OccurrenceRow {
    qint64 reminderId = 0;
    QDate localDate;
    QDateTime dueAt;
    WallTime::Fit fit = WallTime::Fit::Exact;
    QString status; // the message's status, or "missed"
    QString messageKey;
};

// Schedules appointment and refill reminders (by hand or from the journey) and sends the due
// ones through the dispatcher. Claiming an occurrence is one INSERT on its (reminder, date) key
// in the same transaction as the message and its outbox command: two workstations, or a
// restart at any point, can never send one occurrence twice, and a distinct reminder (another
// appointment, another day) is never mistaken for a repeat.
class ReminderScheduler
{
public:
    struct Settings {
        QList<int> appointmentDaysBefore{2, 1}; // reminders per appointment, at localTime
        QTime appointmentTime{10, 0};
        int refillDaysBefore = 3; // and on the day it is due
        QTime refillTime{10, 0};
        // An occurrence more than this late (CareDesk was off) is recorded as missed rather
        // than sent hours out of context.
        int catchUpHours = 12;
    };

    ReminderScheduler(std::shared_ptr<CacheDatabase> cache, AuditLog &audit, const Clock &clock,
                      MessageDispatcher &dispatcher, Settings settings);

    // Adds the reminder, or returns the one already under spec.key.
    Result<qint64> schedule(const ReminderSpec &spec, const QString &actor);
    VoidResult cancel(qint64 id, const QString &actor);

    // Reminders for the booked future appointments and the refills due on the patient's (or,
    // masterId empty, every patient's) journey; reminders for an appointment that moved or was
    // cancelled are cancelled. Returns how many were added.
    Result<int> scheduleFromJourney(const QString &masterId, const QString &actor);

    struct RunReport {
        int claimed = 0;
        int queued = 0;
        int held = 0;
        int denied = 0;
        int missed = 0;
        int alreadyClaimed = 0;
    };
    // Claims and submits every occurrence due now.
    Result<RunReport> runDue(const QString &actor);

    Result<QList<ReminderRow>> reminders(const QString &masterId) const;
    Result<QList<OccurrenceRow>> occurrences(qint64 reminderId) const;

    static QString occurrenceKey(qint64 reminderId, const QDate &localDate);

private:
    std::shared_ptr<CacheDatabase> m_cache;
    AuditLog &m_audit;
    const Clock &m_clock;
    MessageDispatcher &m_dispatcher;
    Settings m_settings;
};

} // namespace CareDesk
