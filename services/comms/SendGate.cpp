// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/comms/SendGate.h"

#include "services/comms/WallTime.h"

#include <QJsonArray>

#include <algorithm>
#include <array>

namespace CareDesk {

namespace {

constexpr std::array<const char *, 4> kPathNames{"automated", "manual", "batch", "retry"};
constexpr std::array<const char *, 8> kKindNames{
    "appointment-reminder", "refill-reminder",     "education", "outreach", "callback",
    "opt-out-confirmation", "opt-in-confirmation", "help-reply"};
constexpr std::array<const char *, 3> kVerdictNames{"allow", "defer", "deny"};

template <std::size_t N> int indexOf(const QString &name, const std::array<const char *, N> &names)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (name == QLatin1String(names[i]))
            return int(i);
    }
    return -1;
}

QString local(const QDateTime &when, const QTimeZone &zone)
{
    return when.toTimeZone(zone).toString(QStringLiteral("yyyy-MM-dd HH:mm t"));
}

// How a channel is named in a sentence.
QString channelText(Channel channel)
{
    return channel == Channel::Sms ? QStringLiteral("SMS") : channelName(channel);
}

QString capitalized(QString text)
{
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

QString utc(const QDateTime &when)
{
    return when.toUTC().toString(Qt::ISODate);
}

bool inQuietHours(const QDateTime &when, const QuietHours &quiet, const QTimeZone &zone)
{
    if (!quiet.enabled())
        return false;
    const QTime time = when.toTimeZone(zone).time();
    if (quiet.start > quiet.end)
        return time >= quiet.start || time < quiet.end;
    return time >= quiet.start && time < quiet.end;
}

// The first instant after `when` at which the quiet window ends, in the patient's zone. The end
// is a wall time, so it stays 08:00 local across a DST change.
QDateTime quietHoursEnd(const QDateTime &when, const QuietHours &quiet, const QTimeZone &zone)
{
    const QDateTime localNow = when.toTimeZone(zone);
    QDate date = localNow.date();
    if (quiet.start > quiet.end && localNow.time() >= quiet.start)
        date = date.addDays(1);
    QDateTime end = WallTime::resolve(date, quiet.end, zone).utc;
    // Only a zone that jumps across the end time itself could land here: take the next day's.
    if (end <= when)
        end = WallTime::resolve(date.addDays(1), quiet.end, zone).utc;
    return end;
}

struct CapWindow {
    QString rule;
    QString scope; // "", or the program
    int limit = 0;
    qint64 seconds = 0;
    QList<QDateTime> sends; // ascending
};

// When the window next has room for one more message, or invalid when it has room at `when`.
QDateTime capFreesAt(const CapWindow &cap, const QDateTime &when)
{
    QList<QDateTime> inWindow;
    for (const QDateTime &at : cap.sends) {
        if (at > when.addSecs(-cap.seconds) && at <= when)
            inWindow.append(at);
    }
    if (inWindow.size() < cap.limit)
        return {};
    return inWindow.at(inWindow.size() - cap.limit).addSecs(cap.seconds);
}

void add(GateDecision &decision, const QString &rule, Verdict effect, const QString &message,
         const QDateTime &until = {}, qint64 eventId = 0)
{
    decision.reasons.append(GateReason{rule, effect, message, until, eventId});
}

const ConsentEvent *findEvent(const GateFacts &facts, qint64 id)
{
    for (const ConsentEvent &event : facts.consent) {
        if (event.id == id)
            return &event;
    }
    return nullptr;
}

QString since(const ConsentCell &cell)
{
    return utc(cell.since) +
           (cell.eventId ? QStringLiteral(" (ledger event %1)").arg(cell.eventId) : QString());
}

} // namespace

QString sendPathName(SendPath path)
{
    return QString::fromLatin1(kPathNames.at(std::size_t(path)));
}

std::optional<SendPath> sendPathFromName(const QString &name)
{
    const int index = indexOf(name, kPathNames);
    return index < 0 ? std::nullopt : std::optional<SendPath>(SendPath(index));
}

QString messageKindName(MessageKind kind)
{
    return QString::fromLatin1(kKindNames.at(std::size_t(kind)));
}

std::optional<MessageKind> messageKindFromName(const QString &name)
{
    const int index = indexOf(name, kKindNames);
    return index < 0 ? std::nullopt : std::optional<MessageKind>(MessageKind(index));
}

bool isKeywordReply(MessageKind kind)
{
    return kind == MessageKind::OptOutConfirmation || kind == MessageKind::OptInConfirmation ||
           kind == MessageKind::HelpReply;
}

bool isReminder(MessageKind kind)
{
    return kind == MessageKind::AppointmentReminder || kind == MessageKind::RefillReminder;
}

QString verdictName(Verdict verdict)
{
    return QString::fromLatin1(kVerdictNames.at(std::size_t(verdict)));
}

QStringList GateDecision::held() const
{
    QStringList messages;
    for (const GateReason &reason : reasons) {
        if (reason.effect != Verdict::Allow)
            messages.append(reason.message);
    }
    return messages;
}

QJsonObject GateDecision::toJson(const SendRequest &request) const
{
    QJsonArray reasonArray;
    for (const GateReason &reason : reasons) {
        QJsonObject object{{QStringLiteral("rule"), reason.rule},
                           {QStringLiteral("effect"), verdictName(reason.effect)},
                           {QStringLiteral("message"), reason.message}};
        if (reason.until.isValid())
            object.insert(QStringLiteral("until"), utc(reason.until));
        if (reason.eventId)
            object.insert(QStringLiteral("consentEvent"), reason.eventId);
        reasonArray.append(object);
    }
    QJsonObject json{
        {QStringLiteral("decision"), verdictName(verdict)},
        {QStringLiteral("patient"), request.masterId},
        {QStringLiteral("channel"), channelName(request.channel)},
        {QStringLiteral("purpose"), purposeName(request.purpose)},
        {QStringLiteral("kind"), messageKindName(request.kind)},
        {QStringLiteral("path"), sendPathName(request.path)},
        {QStringLiteral("at"), utc(at)},
        {QStringLiteral("zone"), zoneId},
        {QStringLiteral("bypass"),
         bypassed ? QJsonValue(QStringLiteral("clinical-callback")) : QJsonValue()},
        {QStringLiteral("reasons"), reasonArray},
    };
    if (verdict == Verdict::Defer) {
        json.insert(QStringLiteral("deferUntil"), utc(deferUntil));
        const QTimeZone zone = zoneFromId(zoneId);
        if (zone.isValid())
            json.insert(QStringLiteral("deferUntilLocal"),
                        deferUntil.toTimeZone(zone).toString(Qt::ISODate));
    }
    return json;
}

GateDecision decideSend(const SendRequest &request, const GateFacts &facts,
                        const SendPolicy &policy, const QDateTime &now)
{
    GateDecision decision;
    decision.at = now.toUTC();
    const ConsentState state = ConsentState::derive(facts.consent, now);
    const ConsentCell &cell = state.cell(request.channel, request.purpose);
    const QString channel = channelText(request.channel);
    const QString purpose = purposeName(request.purpose);

    QTimeZone zone = zoneFromId(facts.patientZoneId);
    decision.zoneId = facts.patientZoneId;
    if (!zone.isValid()) {
        zone = zoneFromId(policy.siteZoneId);
        decision.zoneId = zone.isValid() ? policy.siteZoneId : QStringLiteral("UTC");
        if (!zone.isValid())
            zone = QTimeZone::utc();
        add(decision, QStringLiteral("time-zone"), Verdict::Allow,
            QStringLiteral("The patient's time zone is unknown; quiet hours were read in the "
                           "site's zone %1.")
                .arg(decision.zoneId));
    }

    // 1. A restriction the patient asked for is a hard stop on every path, the callback too.
    if (cell.restricted) {
        add(decision, QStringLiteral("restriction"), Verdict::Deny,
            QStringLiteral("The patient restricted %1 messages for %2 (HIPAA 164.522) since "
                           "%3%4%5. This is a hard stop.")
                .arg(channel, purpose, utc(cell.restrictedSince),
                     cell.restrictionEnds.isValid()
                         ? QStringLiteral(" until %1").arg(utc(cell.restrictionEnds))
                         : QString(),
                     cell.restrictionNote.isEmpty()
                         ? QString()
                         : QStringLiteral(": \"%1\"").arg(cell.restrictionNote)),
            {}, cell.restrictionEventId);
    }

    // The bypass is honoured only when every part of it holds; a claim that does not hold is
    // refused outright rather than quietly treated as an ordinary message.
    bool bypass = false;
    if (request.callbackItemId != 0) {
        const auto &item = facts.callbackItem;
        QString problem;
        if (!item || item->id != request.callbackItemId)
            problem = QStringLiteral("there is no triage item %1").arg(request.callbackItemId);
        else if (item->masterId != request.masterId)
            problem = QStringLiteral("triage item %1 is about another patient").arg(item->id);
        else if (item->tier != TriageTier::Emergent)
            problem = QStringLiteral("triage item %1 is %2, not emergent")
                          .arg(item->id)
                          .arg(tierName(item->tier));
        else if (item->resolved)
            problem = QStringLiteral("triage item %1 is already resolved").arg(item->id);
        else if (request.purpose != Purpose::Treatment || request.kind != MessageKind::Callback)
            problem = QStringLiteral("only a treatment callback may use it");
        if (problem.isEmpty()) {
            bypass = true;
            add(decision, QStringLiteral("clinical-callback"), Verdict::Allow,
                QStringLiteral("Clinical callback about emergent triage item %1: channel "
                               "consent, caps and quiet hours do not hold it (audited).")
                    .arg(item->id));
        } else {
            add(decision, QStringLiteral("clinical-callback"), Verdict::Deny,
                QStringLiteral("The clinical callback bypass does not apply: %1.").arg(problem));
        }
    }
    decision.bypassed = bypass;

    // 2. Purpose: marketing and research need an authorization that names them.
    if (request.purpose == Purpose::Marketing || request.purpose == Purpose::Research) {
        if (cell.status == ConsentStatus::Granted && cell.namedPurpose) {
            add(decision, QStringLiteral("authorization"), Verdict::Allow,
                QStringLiteral("%1 authorization on file since %2%3.")
                    .arg(capitalized(purpose), since(cell),
                         cell.expiresAt.isValid()
                             ? QStringLiteral(", until %1").arg(utc(cell.expiresAt))
                             : QString()),
                {}, cell.eventId);
        } else if (cell.status == ConsentStatus::Expired) {
            add(decision, QStringLiteral("authorization"), Verdict::Deny,
                QStringLiteral("The %1 authorization for %2 ended %3.")
                    .arg(purpose, channel, since(cell)),
                {}, cell.eventId);
        } else if (cell.status == ConsentStatus::Revoked) {
            add(decision, QStringLiteral("authorization"), Verdict::Deny,
                QStringLiteral("%1 messages on %2 were revoked %3.")
                    .arg(capitalized(purpose), channel, since(cell)),
                {}, cell.eventId);
        } else {
            add(decision, QStringLiteral("authorization"), Verdict::Deny,
                QStringLiteral("%1 needs a valid authorization that names it; none is on file "
                               "for %2%3.")
                    .arg(capitalized(purpose), channel,
                         cell.status == ConsentStatus::Granted
                             ? QStringLiteral(" (a grant for every purpose does not count)")
                             : QString()),
                {}, cell.eventId);
        }
    } else {
        add(decision, QStringLiteral("authorization"), Verdict::Allow,
            QStringLiteral("%1 needs no authorization (HIPAA treatment, payment and "
                           "operations).")
                .arg(capitalized(purpose)));
    }

    // 3. Channel consent, or the keyword reply's own rule.
    const bool keywordReply = isKeywordReply(request.kind);
    bool keywordInWindow = false;
    if (keywordReply) {
        const QDateTime received = request.keywordReceivedAt;
        keywordInWindow = received.isValid() && received <= now &&
                          received.secsTo(now) <= qint64(policy.keywordReplyMinutes) * 60;
    }
    if (request.kind == MessageKind::OptOutConfirmation) {
        const ConsentEvent *revocation = findEvent(facts, request.confirmsEventId);
        bool already = false;
        for (const PriorMessage &prior : facts.priorMessages) {
            already = already || (prior.kind == MessageKind::OptOutConfirmation &&
                                  prior.confirmsEventId == request.confirmsEventId &&
                                  prior.key != request.messageKey);
        }
        if (!revocation || revocation->kind != ConsentKind::Revoked ||
            !revocation->covers(request.channel))
            add(decision, QStringLiteral("opt-out-confirmation"), Verdict::Deny,
                QStringLiteral("There is no revocation %1 on %2 to confirm.")
                    .arg(request.confirmsEventId)
                    .arg(channel));
        else if (cell.eventId != revocation->id)
            add(decision, QStringLiteral("opt-out-confirmation"), Verdict::Deny,
                QStringLiteral("A later consent event (%1) replaced the revocation; no "
                               "confirmation is sent.")
                    .arg(cell.eventId));
        else if (already)
            add(decision, QStringLiteral("opt-out-confirmation"), Verdict::Deny,
                QStringLiteral("The opt-out was already confirmed once; nothing more is sent "
                               "on %1.")
                    .arg(channel));
        else if (!keywordInWindow)
            add(decision, QStringLiteral("opt-out-confirmation"), Verdict::Deny,
                QStringLiteral("The opt-out was received more than %1 minutes ago; its "
                               "confirmation is no longer sent.")
                    .arg(policy.keywordReplyMinutes));
        else
            add(decision, QStringLiteral("opt-out-confirmation"), Verdict::Allow,
                QStringLiteral("The one confirmation of the opt-out received %1; %2 is "
                               "suppressed after it.")
                    .arg(utc(revocation->effectiveAt), channel),
                {}, revocation->id);
    } else if (request.kind == MessageKind::HelpReply) {
        add(decision, QStringLiteral("help-reply"), Verdict::Allow,
            QStringLiteral("HELP is always answered, even after an opt-out."));
    } else if (bypass) {
        if (cell.status == ConsentStatus::Revoked || cell.status == ConsentStatus::Expired)
            add(decision, QStringLiteral("channel-consent"), Verdict::Allow,
                QStringLiteral("%1 consent is %2 since %3; the clinical callback goes anyway.")
                    .arg(capitalized(channel), consentStatusName(cell.status), since(cell)),
                {}, cell.eventId);
    } else if (cell.status == ConsentStatus::Revoked) {
        add(decision, QStringLiteral("channel-consent"), Verdict::Deny,
            QStringLiteral("The patient revoked %1 messages%2; the revocation counts from its "
                           "receipt at %3.")
                .arg(channel,
                     findEvent(facts, cell.eventId) && findEvent(facts, cell.eventId)->purpose
                         ? QStringLiteral(" for %1").arg(purpose)
                         : QString(),
                     since(cell)),
            {}, cell.eventId);
    } else if (cell.status == ConsentStatus::Expired) {
        add(decision, QStringLiteral("channel-consent"), Verdict::Deny,
            QStringLiteral("Consent to %1 messages for %2 expired %3.")
                .arg(channel, purpose, since(cell)),
            {}, cell.eventId);
    } else if (cell.status == ConsentStatus::None) {
        const ExpressConsent rule = policy.expressConsent(request.channel);
        const bool needed = rule == ExpressConsent::Always ||
                            (rule == ExpressConsent::AutomatedOnly && request.automated());
        if (needed)
            add(decision, QStringLiteral("channel-consent"), Verdict::Deny,
                QStringLiteral("%1 messages need the patient's express consent%2, and none is "
                               "on the ledger.")
                    .arg(capitalized(channel), rule == ExpressConsent::AutomatedOnly
                                                   ? QStringLiteral(" when automated")
                                                   : QString()));
        else
            add(decision, QStringLiteral("channel-consent"), Verdict::Allow,
                QStringLiteral("%1 needs no express consent and the patient has not "
                               "opted out.")
                    .arg(capitalized(channel)));
    } else {
        add(decision, QStringLiteral("channel-consent"), Verdict::Allow,
            QStringLiteral("Consent to %1 messages granted %2%3.")
                .arg(channel, since(cell),
                     cell.expiresAt.isValid()
                         ? QStringLiteral(", until %1").arg(utc(cell.expiresAt))
                         : QString()),
            {}, cell.eventId);
    }

    // 4. Caps, for automated messages only.
    QList<CapWindow> caps;
    const bool capped =
        request.automated() && !bypass && !keywordReply && request.kind != MessageKind::Callback;
    if (capped) {
        auto counts = [&](const PriorMessage &prior) {
            return prior.automated && !isKeywordReply(prior.kind) &&
                   prior.kind != MessageKind::Callback && prior.key != request.messageKey;
        };
        auto window = [&](const QString &rule, const QString &scope, int limit, qint64 seconds) {
            if (limit < 0)
                return;
            CapWindow cap{rule, scope, limit, seconds, {}};
            for (const PriorMessage &prior : facts.priorMessages) {
                if (counts(prior) && (scope.isEmpty() || prior.program == scope))
                    cap.sends.append(prior.at);
            }
            std::sort(cap.sends.begin(), cap.sends.end());
            caps.append(cap);
        };
        window(QStringLiteral("cap-day"), {}, policy.patientCaps.perDay, 86400);
        window(QStringLiteral("cap-week"), {}, policy.patientCaps.perWeek, 7 * 86400);
        if (policy.programCaps.contains(request.program) && !request.program.isEmpty()) {
            const MessageCaps program = policy.programCaps.value(request.program);
            window(QStringLiteral("cap-day"), request.program, program.perDay, 86400);
            window(QStringLiteral("cap-week"), request.program, program.perWeek, 7 * 86400);
        }
        for (const CapWindow &cap : std::as_const(caps)) {
            if (cap.limit == 0)
                add(decision, cap.rule, Verdict::Deny,
                    QStringLiteral("Automated messages are switched off%1 (cap 0).")
                        .arg(cap.scope.isEmpty() ? QString()
                                                 : QStringLiteral(" in %1").arg(cap.scope)));
        }

        if (request.kind == MessageKind::AppointmentReminder && !request.appointmentRef.isEmpty() &&
            policy.remindersPerAppointment >= 0) {
            int sent = 0;
            for (const PriorMessage &prior : facts.priorMessages) {
                sent += prior.kind == MessageKind::AppointmentReminder &&
                                prior.appointmentRef == request.appointmentRef &&
                                prior.key != request.messageKey
                            ? 1
                            : 0;
            }
            if (sent >= policy.remindersPerAppointment)
                add(decision, QStringLiteral("cap-appointment"), Verdict::Deny,
                    QStringLiteral("%1 reminders already went out for %2 (at most %3).")
                        .arg(sent)
                        .arg(request.appointmentRef)
                        .arg(policy.remindersPerAppointment));
        }
    } else if (!request.automated()) {
        add(decision, QStringLiteral("caps"), Verdict::Allow,
            QStringLiteral("Caps count automated messages; a %1 message is not capped.")
                .arg(sendPathName(request.path == SendPath::Retry ? request.firstPath
                                                                  : request.path)));
    }

    // 4 and 5 together: the earliest moment at which every window has room and it is not quiet
    // in the patient's zone. Each step only moves later, and a few rounds settle it.
    // An opt-out's confirmation goes at once or never: it is not kept for the morning.
    const bool quietApplies = !bypass && !(keywordReply && keywordInWindow) &&
                              request.kind != MessageKind::OptOutConfirmation;
    QDateTime when = now;
    QList<QPair<QString, QDateTime>> holds;
    for (int round = 0; round < 16; ++round) {
        QDateTime next = when;
        for (const CapWindow &cap : std::as_const(caps)) {
            if (cap.limit <= 0)
                continue;
            const QDateTime frees = capFreesAt(cap, next);
            if (frees.isValid() && frees > next) {
                holds.append({cap.rule + u'|' + cap.scope, frees});
                next = frees;
            }
        }
        if (quietApplies && inQuietHours(next, policy.quietHours, zone)) {
            const QDateTime end = quietHoursEnd(next, policy.quietHours, zone);
            holds.append({QStringLiteral("quiet-hours|"), end});
            next = end;
        }
        if (next == when)
            break;
        when = next;
    }

    QStringList explained;
    for (const auto &[key, until] : std::as_const(holds)) {
        if (explained.contains(key))
            continue;
        explained.append(key);
        const QString rule = key.section(u'|', 0, 0);
        const QString scope = key.section(u'|', 1);
        const QString in = scope.isEmpty() ? QString() : QStringLiteral(" in %1").arg(scope);
        if (rule == QLatin1String("quiet-hours")) {
            add(decision, rule, Verdict::Defer,
                QStringLiteral("Quiet hours %1-%2 in the patient's zone %3: held until %4.")
                    .arg(policy.quietHours.start.toString(QStringLiteral("HH:mm")),
                         policy.quietHours.end.toString(QStringLiteral("HH:mm")), decision.zoneId,
                         local(until, zone)),
                until);
        } else {
            for (const CapWindow &cap : std::as_const(caps)) {
                if (cap.rule != rule || cap.scope != scope)
                    continue;
                add(decision, rule, Verdict::Defer,
                    QStringLiteral("At most %1 automated message(s) %2%3: held until %4.")
                        .arg(cap.limit)
                        .arg(rule == QLatin1String("cap-day") ? QStringLiteral("in 24 hours")
                                                              : QStringLiteral("in 7 days"),
                             in, local(until, zone)),
                    until);
                break;
            }
        }
    }
    if (holds.isEmpty() && quietApplies && policy.quietHours.enabled())
        add(decision, QStringLiteral("quiet-hours"), Verdict::Allow,
            QStringLiteral("Outside quiet hours in the patient's zone %1 (%2 there).")
                .arg(decision.zoneId, local(now, zone)));
    if (keywordReply && keywordInWindow)
        add(decision, QStringLiteral("keyword-reply"), Verdict::Allow,
            QStringLiteral("Answers the patient's own message of %1 at once.")
                .arg(utc(request.keywordReceivedAt)));

    // 6. Held past the point where the message still means anything.
    if (request.notAfter.isValid() && when > request.notAfter)
        add(decision, QStringLiteral("not-after"), Verdict::Deny,
            QStringLiteral("It could only go at %1, after %2, when it no longer applies.")
                .arg(local(when, zone), local(request.notAfter, zone)),
            request.notAfter);

    bool denied = false;
    for (const GateReason &reason : std::as_const(decision.reasons))
        denied = denied || reason.effect == Verdict::Deny;
    if (denied) {
        decision.verdict = Verdict::Deny;
    } else if (when > now) {
        decision.verdict = Verdict::Defer;
        decision.deferUntil = when;
    } else {
        decision.verdict = Verdict::Allow;
    }
    if (decision.verdict != Verdict::Allow)
        decision.bypassed = false;
    return decision;
}

} // namespace CareDesk
