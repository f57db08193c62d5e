// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Consent.h"

#include <QHash>
#include <QString>
#include <QTime>

namespace CareDesk {

// No patient message inside this window of the patient's own local day; start after end means
// the window runs across midnight (21:00 to 08:00). start == end turns quiet hours off.
struct QuietHours {
    QTime start{21, 0};
    QTime end{8, 0};

    bool enabled() const { return start != end; }
};

// At most perDay messages in any 24 hours and perWeek in any 7 days (rolling windows, so a
// burst cannot straddle midnight or a week boundary); a negative number means no cap.
struct MessageCaps {
    int perDay = 1;
    int perWeek = 3;
};

// When a channel needs the patient's express consent on the ledger before anything is sent.
enum class ExpressConsent { Always, AutomatedOnly, Never };

// The rules the send-time gate applies, with the defaults the issue asks for. caredesk.ini can
// change them (see app/Settings); the gate itself holds no defaults of its own.
struct SendPolicy {
    QuietHours quietHours;
    MessageCaps patientCaps;                 // automated messages to one patient, all programs
    QHash<QString, MessageCaps> programCaps; // stricter caps within one program
    int remindersPerAppointment = 3;
    // The zone for a patient whose own zone is unknown (the site's).
    QString siteZoneId = QStringLiteral("America/New_York");
    // How long after the patient's keyword (STOP, START, HELP) its one reply may still go out at
    // once; a confirmation of an opt-out later than this is not sent (FCC: within 5 minutes).
    int keywordReplyMinutes = 5;
    ExpressConsent sms = ExpressConsent::Always;
    ExpressConsent phone = ExpressConsent::AutomatedOnly;
    ExpressConsent email = ExpressConsent::Never;
    ExpressConsent mail = ExpressConsent::Never;

    ExpressConsent expressConsent(Channel channel) const
    {
        switch (channel) {
        case Channel::Sms:
            return sms;
        case Channel::Phone:
            return phone;
        case Channel::Email:
            return email;
        case Channel::Mail:
            return mail;
        }
        return ExpressConsent::Always;
    }
};

} // namespace CareDesk
