// SPDX-License-Identifier: GPL-3.0-or-later
// The send-time gate as a table: every rule, their combinations, DST days and zones on both
// sides of the date line, each row with the clock set to one instant.
#include "services/comms/SendGate.h"

#include <QJsonArray>
#include <QTest>

using namespace CareDesk;

namespace {

QDateTime t(const char *iso)
{
    const QDateTime when = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    Q_ASSERT(when.isValid());
    return when.toUTC();
}

// One ledger event: channel and purpose "*" mean every channel or purpose.
ConsentEvent ev(qint64 id, ConsentKind kind, const char *channel, const char *purpose,
                const char *at, const char *expires = nullptr)
{
    ConsentEvent e;
    e.id = id;
    e.masterId = QStringLiteral("p1");
    e.kind = kind;
    if (qstrcmp(channel, "*") != 0)
        e.channel = channelFromName(QString::fromLatin1(channel));
    if (qstrcmp(purpose, "*") != 0)
        e.purpose = purposeFromName(QString::fromLatin1(purpose));
    e.source = QStringLiteral("phone");
    e.effectiveAt = t(at);
    e.recordedAt = e.effectiveAt;
    if (expires)
        e.expiresAt = t(expires);
    return e;
}

PriorMessage prior(const char *at, MessageKind kind = MessageKind::AppointmentReminder,
                   const char *program = "", const char *appointment = "", bool automated = true)
{
    PriorMessage message;
    static int serial = 0;
    message.key = QStringLiteral("prior-%1").arg(++serial);
    message.at = t(at);
    message.kind = kind;
    message.program = QString::fromLatin1(program);
    message.appointmentRef = QString::fromLatin1(appointment);
    message.automated = automated;
    return message;
}

struct GateCase {
    SendRequest request;
    GateFacts facts;
    SendPolicy policy;
    QDateTime now;
    Verdict verdict = Verdict::Allow;
    QDateTime deferUntil;
    QStringList heldBy; // rules that must defer or deny
    QString passedRule; // a rule that must be present and have passed (optional)
};

// Patient p1 in New York, SMS granted for every purpose since January, an automated treatment
// reminder by SMS, the clock at 10:00 local on a Wednesday.
GateCase base(const char *now = "2026-03-04T15:00:00Z")
{
    GateCase c;
    c.request.masterId = QStringLiteral("p1");
    c.request.messageKey = QStringLiteral("this-message");
    c.request.program = QStringLiteral("heart-failure");
    c.facts.patientZoneId = QStringLiteral("America/New_York");
    c.facts.consent.append(ev(1, ConsentKind::Granted, "sms", "*", "2026-01-01T12:00:00Z"));
    c.now = t(now);
    return c;
}

GateCase allow(GateCase c, const char *passed = nullptr)
{
    c.verdict = Verdict::Allow;
    c.passedRule = QString::fromLatin1(passed);
    return c;
}

GateCase deny(GateCase c, const QStringList &rules)
{
    c.verdict = Verdict::Deny;
    c.heldBy = rules;
    return c;
}

GateCase defer(GateCase c, const char *until, const QStringList &rules)
{
    c.verdict = Verdict::Defer;
    c.deferUntil = t(until);
    c.heldBy = rules;
    return c;
}

GateCase withZone(GateCase c, const char *zone)
{
    c.facts.patientZoneId = QString::fromLatin1(zone);
    return c;
}

GateCase on(GateCase c, Channel channel, Purpose purpose = Purpose::Treatment)
{
    c.request.channel = channel;
    c.request.purpose = purpose;
    return c;
}

GateCase path(GateCase c, SendPath sendPath, MessageKind kind = MessageKind::AppointmentReminder)
{
    c.request.path = sendPath;
    c.request.kind = kind;
    return c;
}

GateCase plus(GateCase c, const ConsentEvent &e)
{
    c.facts.consent.append(e);
    return c;
}

GateCase noConsent(GateCase c)
{
    c.facts.consent.clear();
    return c;
}

GateCase sent(GateCase c, const PriorMessage &message)
{
    c.facts.priorMessages.append(message);
    return c;
}

GateCase callback(GateCase c, TriageTier tier = TriageTier::Emergent, const char *patient = "p1",
                  bool resolved = false)
{
    c.request.kind = MessageKind::Callback;
    c.request.path = SendPath::Manual;
    c.request.callbackItemId = 42;
    c.facts.callbackItem = CallbackItem{42, QString::fromLatin1(patient), tier, resolved};
    return c;
}

GateCase keyword(GateCase c, MessageKind kind, const char *received, qint64 confirms = 0)
{
    c.request.kind = kind;
    c.request.purpose = Purpose::Operations;
    c.request.keywordReceivedAt = t(received);
    c.request.confirmsEventId = confirms;
    return c;
}

} // namespace

Q_DECLARE_METATYPE(GateCase)

class TestSendGate : public QObject
{
    Q_OBJECT

private slots:
    void decide_data();
    void decide();
    void everyRuleIsCovered();
    void decisionAsJson();
    void deferredMessageGoesAtTheDeferTime();

private:
    static QSet<QString> s_rulesSeen;
};

QSet<QString> TestSendGate::s_rulesSeen;

void TestSendGate::decide_data()
{
    QTest::addColumn<GateCase>("c");
    using K = ConsentKind;
    using P = Purpose;
    using C = Channel;
    using M = MessageKind;
    using S = SendPath;
    const QStringList auth{QStringLiteral("authorization")};
    const QStringList consent{QStringLiteral("channel-consent")};
    const QStringList restriction{QStringLiteral("restriction")};
    const QStringList quiet{QStringLiteral("quiet-hours")};
    const QStringList day{QStringLiteral("cap-day")};
    const QStringList week{QStringLiteral("cap-week")};

    // Purpose.
    QTest::newRow("treatment reminder by SMS with consent") << allow(base(), "channel-consent");
    QTest::newRow("payment message needs no authorization")
        << allow(on(base(), C::Sms, P::Payment), "authorization");
    QTest::newRow("operations message needs no authorization")
        << allow(on(base(), C::Sms, P::Operations), "authorization");
    QTest::newRow("marketing with only a grant for every purpose")
        << deny(on(base(), C::Sms, P::Marketing), auth);
    QTest::newRow("marketing with an authorization naming it")
        << allow(plus(on(base(), C::Sms, P::Marketing),
                      ev(2, K::Granted, "sms", "marketing", "2026-02-01T12:00:00Z")),
                 "authorization");
    QTest::newRow("marketing authorization expired") << deny(
        plus(on(base(), C::Sms, P::Marketing),
             ev(2, K::Granted, "sms", "marketing", "2025-02-01T12:00:00Z", "2026-02-01T12:00:00Z")),
        auth);
    QTest::newRow("marketing authorization then STOP")
        << deny(plus(plus(on(base(), C::Sms, P::Marketing),
                          ev(2, K::Granted, "sms", "marketing", "2026-02-01T12:00:00Z")),
                     ev(3, K::Revoked, "sms", "*", "2026-03-01T12:00:00Z")),
                auth + consent);
    QTest::newRow("research authorization on file")
        << allow(plus(on(base(), C::Email, P::Research),
                      ev(2, K::Granted, "*", "research", "2026-02-01T12:00:00Z")),
                 "authorization");
    QTest::newRow("research authorization with an end date still ahead") << allow(plus(
        on(base(), C::Email, P::Research),
        ev(2, K::Granted, "email", "research", "2026-02-01T12:00:00Z", "2026-06-01T00:00:00Z")));
    QTest::newRow("research by email without authorization")
        << deny(on(base(), C::Email, P::Research), auth);
    QTest::newRow("marketing authorization revoked for marketing only")
        << deny(plus(plus(on(base(), C::Sms, P::Marketing),
                          ev(2, K::Granted, "sms", "marketing", "2026-02-01T12:00:00Z")),
                     ev(3, K::Revoked, "*", "marketing", "2026-02-10T12:00:00Z")),
                auth + consent);
    QTest::newRow("research after STOP and START needs a new authorization")
        << deny(plus(plus(plus(on(base(), C::Sms, P::Research),
                               ev(2, K::Granted, "sms", "research", "2026-02-01T12:00:00Z")),
                          ev(3, K::Revoked, "sms", "*", "2026-02-02T12:00:00Z")),
                     ev(4, K::Granted, "sms", "*", "2026-02-03T12:00:00Z")),
                auth);

    // Restrictions (HIPAA 164.522): a hard stop.
    QTest::newRow("restriction on SMS for treatment")
        << deny(plus(base(), ev(2, K::Restricted, "sms", "treatment", "2026-02-01T12:00:00Z")),
                restriction);
    QTest::newRow("restriction on every channel stops email too")
        << deny(on(plus(base(), ev(2, K::Restricted, "*", "*", "2026-02-01T12:00:00Z")), C::Email),
                restriction);
    QTest::newRow("restriction on phone leaves SMS open")
        << allow(plus(base(), ev(2, K::Restricted, "phone", "*", "2026-02-01T12:00:00Z")));
    QTest::newRow("restriction lifted later")
        << allow(plus(plus(base(), ev(2, K::Restricted, "sms", "*", "2026-02-01T12:00:00Z")),
                      ev(3, K::RestrictionLifted, "sms", "*", "2026-02-15T12:00:00Z")));
    QTest::newRow("restriction whose end date passed") << allow(plus(
        base(), ev(2, K::Restricted, "sms", "*", "2026-02-01T12:00:00Z", "2026-03-01T00:00:00Z")));
    QTest::newRow("restriction is not lifted by a new grant")
        << deny(plus(plus(base(), ev(2, K::Restricted, "sms", "*", "2026-02-01T12:00:00Z")),
                     ev(3, K::Granted, "sms", "*", "2026-02-15T12:00:00Z")),
                restriction);
    QTest::newRow("restriction stops even the emergent callback")
        << deny(callback(plus(base("2026-03-05T03:15:00Z"),
                              ev(2, K::Restricted, "sms", "*", "2026-02-01T12:00:00Z"))),
                restriction);
    QTest::newRow("restriction stops the HELP reply")
        << deny(keyword(plus(base(), ev(2, K::Restricted, "sms", "*", "2026-02-01T12:00:00Z")),
                        M::HelpReply, "2026-03-04T14:59:00Z"),
                restriction);
    QTest::newRow("restriction on marketing leaves treatment open")
        << allow(plus(base(), ev(2, K::Restricted, "*", "marketing", "2026-02-01T12:00:00Z")));

    // Channel consent.
    QTest::newRow("automated SMS without express consent") << deny(noConsent(base()), consent);
    QTest::newRow("manual SMS without express consent")
        << deny(path(noConsent(base()), S::Manual, M::Education), consent);
    QTest::newRow("automated phone call without express consent")
        << deny(on(noConsent(base()), C::Phone), consent);
    QTest::newRow("coordinator's phone call needs no express consent")
        << allow(path(on(noConsent(base()), C::Phone), S::Manual, M::Outreach), "channel-consent");
    QTest::newRow("email needs no express consent")
        << allow(on(noConsent(base()), C::Email), "channel-consent");
    QTest::newRow("mail needs no express consent") << allow(on(noConsent(base()), C::Mail));
    QTest::newRow("email revoked")
        << deny(on(plus(base(), ev(2, K::Revoked, "email", "*", "2026-02-01T12:00:00Z")), C::Email),
                consent);
    QTest::newRow("SMS grant past its end date")
        << deny(plus(noConsent(base()),
                     ev(2, K::Granted, "sms", "*", "2025-03-01T12:00:00Z", "2026-03-01T12:00:00Z")),
                consent);
    QTest::newRow("SMS consent recorded as expired")
        << deny(plus(base(), ev(2, K::Expired, "sms", "*", "2026-02-01T12:00:00Z")), consent);
    QTest::newRow("STOP on SMS leaves email untouched")
        << allow(on(plus(base(), ev(2, K::Revoked, "sms", "*", "2026-03-01T12:00:00Z")), C::Email));
    GateCase lateRecorded = plus(base(), ev(2, K::Revoked, "sms", "*", "2026-03-04T14:00:00Z"));
    lateRecorded.facts.consent.last().recordedAt = t("2026-03-04T14:50:00Z");
    QTest::newRow("revocation counts from its receipt, not its recording")
        << deny(lateRecorded, consent);
    QTest::newRow("revocation received after the moment asked about")
        << allow(plus(base(), ev(2, K::Revoked, "sms", "*", "2026-03-04T15:30:00Z")));
    QTest::newRow("START after STOP")
        << allow(plus(plus(base(), ev(2, K::Revoked, "sms", "*", "2026-02-01T12:00:00Z")),
                      ev(3, K::Granted, "sms", "*", "2026-02-02T12:00:00Z")));
    QTest::newRow("revocation and grant at one moment: the later entry wins")
        << deny(plus(plus(noConsent(base()), ev(5, K::Granted, "sms", "*", "2026-02-01T12:00:00Z")),
                     ev(6, K::Revoked, "sms", "*", "2026-02-01T12:00:00Z")),
                consent);
    QTest::newRow("revocation for treatment leaves payment open")
        << allow(on(plus(base(), ev(2, K::Revoked, "sms", "treatment", "2026-02-01T12:00:00Z")),
                    C::Sms, P::Payment));

    // Caps on automated messages.
    QTest::newRow("second reminder within 24 hours waits, then quiet hours")
        << defer(sent(base(), prior("2026-03-04T12:00:00Z")), "2026-03-05T13:00:00Z", day + quiet);
    QTest::newRow("one reminder 25 hours ago")
        << allow(sent(base(), prior("2026-03-03T14:00:00Z")));
    QTest::newRow("three this week: held until the oldest is 7 days old") << defer(
        sent(sent(sent(base(), prior("2026-02-26T16:00:00Z")), prior("2026-02-28T16:00:00Z")),
             prior("2026-03-02T16:00:00Z")),
        "2026-03-05T16:00:00Z", week);
    QTest::newRow("two this week and none today")
        << allow(sent(sent(base(), prior("2026-02-28T16:00:00Z")), prior("2026-03-02T16:00:00Z")));
    QTest::newRow("manual message is not capped") << allow(
        path(sent(base(), prior("2026-03-04T12:00:00Z")), S::Manual, M::Education), "caps");
    GateCase retrySelf = path(base(), S::Retry);
    retrySelf.facts.priorMessages.append(prior("2026-03-04T14:00:00Z"));
    retrySelf.facts.priorMessages.last().key = QStringLiteral("this-message");
    QTest::newRow("retry does not count against itself") << allow(retrySelf);
    GateCase manualRetry = path(sent(base(), prior("2026-03-04T12:00:00Z")), S::Retry);
    manualRetry.request.firstPath = S::Manual;
    QTest::newRow("retry of a manual message is not capped") << allow(manualRetry);
    QTest::newRow("batch send is capped") << defer(
        path(sent(base(), prior("2026-03-04T14:00:00Z")), S::Batch), "2026-03-05T14:00:00Z", day);
    QTest::newRow("keyword reply is not capped") << allow(
        keyword(sent(base(), prior("2026-03-04T14:00:00Z")), M::HelpReply, "2026-03-04T14:58:00Z"));
    QTest::newRow("manual messages do not count toward the cap")
        << allow(sent(base(), prior("2026-03-04T14:00:00Z", M::Education, "", "", false)));
    QTest::newRow("fourth reminder for one appointment") << [&] {
        GateCase c = base();
        c.request.appointmentRef = QStringLiteral("Appointment/a1");
        for (const char *at :
             {"2026-02-01T15:00:00Z", "2026-02-10T15:00:00Z", "2026-02-20T15:00:00Z"})
            c = sent(c, prior(at, M::AppointmentReminder, "", "Appointment/a1"));
        return deny(c, {QStringLiteral("cap-appointment")});
    }();
    QTest::newRow("third reminder for one appointment") << [&] {
        GateCase c = base();
        c.request.appointmentRef = QStringLiteral("Appointment/a1");
        for (const char *at : {"2026-02-01T15:00:00Z", "2026-02-10T15:00:00Z"})
            c = sent(c, prior(at, M::AppointmentReminder, "", "Appointment/a1"));
        return allow(c);
    }();
    GateCase programOff = base();
    programOff.policy.programCaps.insert(QStringLiteral("heart-failure"), MessageCaps{0, 0});
    QTest::newRow("program with automated messages switched off") << deny(programOff, day + week);
    GateCase programWeek =
        sent(base(), prior("2026-03-01T15:00:00Z", M::Education, "heart-failure"));
    programWeek.policy.programCaps.insert(QStringLiteral("heart-failure"), MessageCaps{1, 1});
    QTest::newRow("program cap of one a week") << defer(programWeek, "2026-03-08T15:00:00Z", week);
    GateCase otherProgram = sent(base(), prior("2026-03-04T13:00:00Z", M::Education, "asthma"));
    otherProgram.policy.programCaps.insert(QStringLiteral("heart-failure"), MessageCaps{1, 1});
    QTest::newRow("another program's message counts for the patient cap only")
        << defer(otherProgram, "2026-03-05T13:00:00Z", day);
    GateCase noCaps =
        sent(sent(base(), prior("2026-03-04T13:00:00Z")), prior("2026-03-04T14:00:00Z"));
    noCaps.policy.patientCaps = MessageCaps{-1, -1};
    QTest::newRow("caps turned off") << allow(noCaps);
    GateCase tooLate = sent(base(), prior("2026-03-04T12:00:00Z"));
    tooLate.request.notAfter = t("2026-03-04T20:00:00Z");
    QTest::newRow("deferred past the appointment")
        << deny(tooLate, day + quiet + QStringList{QStringLiteral("not-after")});
    GateCase afterAppointment = base();
    afterAppointment.request.notAfter = t("2026-03-04T14:00:00Z");
    QTest::newRow("reminder checked after its appointment")
        << deny(afterAppointment, {QStringLiteral("not-after")});

    // Quiet hours in the patient's own zone (case 26).
    QTest::newRow("batch at 23:30 New York waits for 08:00")
        << defer(path(base("2026-03-05T04:30:00Z"), S::Batch), "2026-03-05T13:00:00Z", quiet);
    QTest::newRow("same batch, Los Angeles patient at 20:30 local")
        << allow(withZone(path(base("2026-03-05T04:30:00Z"), S::Batch), "America/Los_Angeles"),
                 "quiet-hours");
    QTest::newRow("00:30 is inside a window across midnight")
        << defer(base("2026-03-04T05:30:00Z"), "2026-03-04T13:00:00Z", quiet);
    QTest::newRow("07:59 local") << defer(base("2026-03-04T12:59:00Z"), "2026-03-04T13:00:00Z",
                                          quiet);
    QTest::newRow("08:00 local") << allow(base("2026-03-04T13:00:00Z"));
    QTest::newRow("21:00 local") << defer(base("2026-03-05T02:00:00Z"), "2026-03-05T13:00:00Z",
                                          quiet);
    QTest::newRow("20:59 local") << allow(base("2026-03-05T01:59:00Z"));
    QTest::newRow("coordinator's send at 22:15 local is deferred") << defer(
        path(base("2026-03-05T03:15:00Z"), S::Manual, M::Education), "2026-03-05T13:00:00Z", quiet);
    QTest::newRow("retry of a 20:55 send at 21:05 is deferred")
        << defer(path(base("2026-03-05T02:05:00Z"), S::Retry), "2026-03-05T13:00:00Z", quiet);
    QTest::newRow("quiet hours switched off") << [] {
        GateCase c = base("2026-03-04T07:00:00Z");
        c.policy.quietHours = QuietHours{QTime(0, 0), QTime(0, 0)};
        return allow(c);
    }();
    QTest::newRow("window within one day, 12:00-13:00") << [] {
        GateCase c = base("2026-03-04T17:30:00Z");
        c.policy.quietHours = QuietHours{QTime(12, 0), QTime(13, 0)};
        return defer(c, "2026-03-04T18:00:00Z", {QStringLiteral("quiet-hours")});
    }();
    QTest::newRow("unknown patient zone: the site's zone")
        << defer(withZone(base("2026-03-04T07:00:00Z"), ""), "2026-03-04T13:00:00Z", quiet);
    QTest::newRow("unreadable zone id: the site's zone") << defer(
        withZone(base("2026-03-04T07:00:00Z"), "Mars/Olympus_Mons"), "2026-03-04T13:00:00Z", quiet);

    // The clinical callback: the only bypass.
    QTest::newRow("emergent callback at 22:15 goes now")
        << allow(callback(base("2026-03-05T03:15:00Z")), "clinical-callback");
    QTest::newRow("callback after STOP still goes")
        << allow(callback(plus(base("2026-03-05T03:15:00Z"),
                               ev(2, K::Revoked, "sms", "*", "2026-03-04T12:00:00Z"))),
                 "clinical-callback");
    QTest::newRow("callback about an urgent item is no bypass")
        << deny(callback(base("2026-03-05T03:15:00Z"), TriageTier::Urgent),
                QStringList{QStringLiteral("clinical-callback")} + quiet);
    QTest::newRow("callback naming another patient's item") << deny(
        callback(base(), TriageTier::Emergent, "p2"), {QStringLiteral("clinical-callback")});
    QTest::newRow("callback about a resolved item") << deny(
        callback(base(), TriageTier::Emergent, "p1", true), {QStringLiteral("clinical-callback")});
    QTest::newRow("callback claimed for marketing")
        << deny(on(callback(base()), C::Sms, P::Marketing),
                {QStringLiteral("clinical-callback"), QStringLiteral("authorization")});
    GateCase missingItem = callback(base());
    missingItem.facts.callbackItem.reset();
    QTest::newRow("callback about an item that does not exist")
        << deny(missingItem, {QStringLiteral("clinical-callback")});

    // DST days: quiet hours end at 08:00 on the wall clock.
    QTest::newRow("New York spring-forward night: 08:00 EDT")
        << defer(base("2026-03-08T06:30:00Z"), "2026-03-08T12:00:00Z", quiet);
    QTest::newRow("New York fall-back night, first 01:30: 08:00 EST")
        << defer(base("2026-11-01T05:30:00Z"), "2026-11-01T13:00:00Z", quiet);
    QTest::newRow("New York fall-back night, second 01:30")
        << defer(base("2026-11-01T06:30:00Z"), "2026-11-01T13:00:00Z", quiet);
    QTest::newRow("evening before spring forward")
        << defer(base("2026-03-08T04:00:00Z"), "2026-03-08T12:00:00Z", quiet);
    QTest::newRow("Chicago after fall back: 08:00 CST is 14:00Z")
        << defer(withZone(plus(base("2025-11-02T07:30:00Z"),
                               ev(2, K::Granted, "sms", "*", "2025-01-01T12:00:00Z")),
                          "America/Chicago"),
                 "2025-11-02T14:00:00Z", quiet);
    QTest::newRow("Phoenix keeps MST all summer") << defer(
        withZone(base("2026-07-01T04:00:00Z"), "America/Phoenix"), "2026-07-01T15:00:00Z", quiet);
    QTest::newRow("London on the night clocks go forward") << defer(
        withZone(base("2026-03-29T00:30:00Z"), "Europe/London"), "2026-03-29T07:00:00Z", quiet);
    QTest::newRow("Sydney on the night clocks go back") << defer(
        withZone(base("2026-04-04T12:00:00Z"), "Australia/Sydney"), "2026-04-04T22:00:00Z", quiet);
    QTest::newRow("cap frees at 07:00 on a fall-back morning, quiet until 08:00 EST")
        << defer(sent(base("2026-10-31T16:00:00Z"), prior("2026-10-31T12:00:00Z")),
                 "2026-11-01T13:00:00Z", day + quiet);

    // Both sides of the date line.
    QTest::newRow("Kiritimati (UTC+14) at 22:30 local")
        << defer(withZone(base("2026-03-04T08:30:00Z"), "Pacific/Kiritimati"),
                 "2026-03-04T18:00:00Z", quiet);
    QTest::newRow("Pago Pago (UTC-11) at 21:30 local, the day before") << defer(
        withZone(base("2026-03-04T08:30:00Z"), "Pacific/Pago_Pago"), "2026-03-04T19:00:00Z", quiet);
    QTest::newRow("Auckland in summer time at 22:00") << defer(
        withZone(base("2026-03-04T09:00:00Z"), "Pacific/Auckland"), "2026-03-04T19:00:00Z", quiet);
    QTest::newRow("Apia at 07:00 local") << defer(
        withZone(base("2026-03-04T18:00:00Z"), "Pacific/Apia"), "2026-03-04T19:00:00Z", quiet);
    QTest::newRow("Honolulu at 20:30 local")
        << allow(withZone(base("2026-03-05T06:30:00Z"), "Pacific/Honolulu"));
    QTest::newRow("Kiritimati at 10:00 local, the next calendar day")
        << allow(withZone(base("2026-03-04T20:00:00Z"), "Pacific/Kiritimati"));
    QTest::newRow("Pago Pago at 09:00 local, the previous calendar day")
        << allow(withZone(base("2026-03-04T20:00:00Z"), "Pacific/Pago_Pago"));
    QTest::newRow("Chatham Islands (UTC+13:45) at 21:45 local") << defer(
        withZone(base("2026-03-04T08:00:00Z"), "Pacific/Chatham"), "2026-03-04T18:15:00Z", quiet);

    // Replies to the patient's own keyword (case 25).
    const ConsentEvent stopAt2300 = ev(7, K::Revoked, "sms", "*", "2026-03-05T04:00:00Z");
    QTest::newRow("opt-out confirmation at 23:01, within 5 minutes")
        << allow(keyword(plus(base("2026-03-05T04:01:00Z"), stopAt2300), M::OptOutConfirmation,
                         "2026-03-05T04:00:00Z", 7),
                 "opt-out-confirmation");
    QTest::newRow("opt-out confirmation 6 minutes late")
        << deny(keyword(plus(base("2026-03-05T04:06:00Z"), stopAt2300), M::OptOutConfirmation,
                        "2026-03-05T04:00:00Z", 7),
                {QStringLiteral("opt-out-confirmation")});
    GateCase second = keyword(plus(base("2026-03-05T04:02:00Z"), stopAt2300), M::OptOutConfirmation,
                              "2026-03-05T04:00:00Z", 7);
    second.facts.priorMessages.append(prior("2026-03-05T04:01:00Z", M::OptOutConfirmation));
    second.facts.priorMessages.last().confirmsEventId = 7;
    QTest::newRow("second opt-out confirmation")
        << deny(second, {QStringLiteral("opt-out-confirmation")});
    QTest::newRow("opt-out confirmation after START")
        << deny(keyword(plus(plus(base("2026-03-05T04:02:00Z"), stopAt2300),
                             ev(8, K::Granted, "sms", "*", "2026-03-05T04:01:00Z")),
                        M::OptOutConfirmation, "2026-03-05T04:00:00Z", 7),
                {QStringLiteral("opt-out-confirmation")});
    QTest::newRow("opt-out confirmation naming no revocation")
        << deny(keyword(base(), M::OptOutConfirmation, "2026-03-04T14:59:00Z", 99),
                {QStringLiteral("opt-out-confirmation")});
    QTest::newRow("HELP answered after STOP")
        << allow(keyword(plus(base("2026-03-05T04:03:00Z"), stopAt2300), M::HelpReply,
                         "2026-03-05T04:02:30Z"),
                 "help-reply");
    QTest::newRow("HELP read an hour late at 00:00 waits for 08:00")
        << defer(keyword(base("2026-03-05T05:00:00Z"), M::HelpReply, "2026-03-05T04:00:00Z"),
                 "2026-03-05T13:00:00Z", quiet);
    QTest::newRow("opt-in confirmation after START at night")
        << allow(keyword(plus(plus(base("2026-03-05T04:11:00Z"), stopAt2300),
                              ev(8, K::Granted, "sms", "*", "2026-03-05T04:10:00Z")),
                         M::OptInConfirmation, "2026-03-05T04:10:00Z"),
                 "keyword-reply");
    QTest::newRow("opt-in confirmation while still opted out")
        << deny(keyword(plus(base("2026-03-05T04:11:00Z"), stopAt2300), M::OptInConfirmation,
                        "2026-03-05T04:10:00Z"),
                consent);

    // Combinations: a denial outranks a deferral and both are explained.
    QTest::newRow("revoked during quiet hours: denied, both said") << deny(
        plus(base("2026-03-05T04:30:00Z"), ev(2, K::Revoked, "sms", "*", "2026-03-01T12:00:00Z")),
        consent + quiet);
    QTest::newRow("marketing authorised but quiet hours")
        << defer(plus(on(base("2026-03-05T04:30:00Z"), C::Sms, P::Marketing),
                      ev(2, K::Granted, "sms", "marketing", "2026-02-01T12:00:00Z")),
                 "2026-03-05T13:00:00Z", quiet);
    QTest::newRow("restricted, revoked, capped and quiet: every rule said")
        << deny(sent(plus(plus(base("2026-03-05T04:30:00Z"),
                               ev(2, K::Revoked, "sms", "*", "2026-03-01T12:00:00Z")),
                          ev(3, K::Restricted, "sms", "*", "2026-03-02T12:00:00Z")),
                     prior("2026-03-04T11:00:00Z")),
                restriction + consent + day + quiet);
    QTest::newRow("daily cap and weekly cap: the later wins") << defer(
        sent(sent(sent(base(), prior("2026-02-26T16:00:00Z")), prior("2026-03-01T16:00:00Z")),
             prior("2026-03-04T14:00:00Z")),
        "2026-03-05T16:00:00Z", day + week);
}

void TestSendGate::decide()
{
    QFETCH(GateCase, c);
    const GateDecision decision = decideSend(c.request, c.facts, c.policy, c.now);
    QStringList held;
    QStringList passed;
    for (const GateReason &reason : decision.reasons) {
        (reason.effect == Verdict::Allow ? passed : held).append(reason.rule);
        s_rulesSeen.insert(reason.rule + u':' + verdictName(reason.effect));
    }
    const QString explained = decision.held().join(QStringLiteral(" | "));
    QVERIFY2(
        decision.verdict == c.verdict,
        qPrintable(QStringLiteral("got %1: %2").arg(verdictName(decision.verdict), explained)));
    if (c.verdict == Verdict::Defer)
        QCOMPARE(decision.deferUntil, c.deferUntil);
    else
        QVERIFY(!decision.deferUntil.isValid());
    for (const QString &rule : std::as_const(c.heldBy))
        QVERIFY2(held.contains(rule), qPrintable(rule + QStringLiteral(" missing: ") + explained));
    for (const QString &rule : std::as_const(held))
        QVERIFY2(c.heldBy.contains(rule),
                 qPrintable(rule + QStringLiteral(" held it unexpectedly: ") + explained));
    if (!c.passedRule.isEmpty())
        QVERIFY2(passed.contains(c.passedRule), qPrintable(passed.join(u',')));
    QCOMPARE(decision.bypassed, c.verdict == Verdict::Allow && c.request.callbackItemId != 0);
    // Every reason says something a coordinator can read.
    for (const GateReason &reason : decision.reasons)
        QVERIFY(reason.message.size() > 20);
}

void TestSendGate::everyRuleIsCovered()
{
    // The table above must exercise every rule both ways it can go.
    const QStringList expected{QStringLiteral("restriction:deny"),
                               QStringLiteral("authorization:allow"),
                               QStringLiteral("authorization:deny"),
                               QStringLiteral("channel-consent:allow"),
                               QStringLiteral("channel-consent:deny"),
                               QStringLiteral("cap-day:defer"),
                               QStringLiteral("cap-day:deny"),
                               QStringLiteral("cap-week:defer"),
                               QStringLiteral("cap-appointment:deny"),
                               QStringLiteral("caps:allow"),
                               QStringLiteral("quiet-hours:allow"),
                               QStringLiteral("quiet-hours:defer"),
                               QStringLiteral("not-after:deny"),
                               QStringLiteral("clinical-callback:allow"),
                               QStringLiteral("clinical-callback:deny"),
                               QStringLiteral("opt-out-confirmation:allow"),
                               QStringLiteral("opt-out-confirmation:deny"),
                               QStringLiteral("help-reply:allow"),
                               QStringLiteral("keyword-reply:allow"),
                               QStringLiteral("time-zone:allow")};
    for (const QString &rule : expected)
        QVERIFY2(s_rulesSeen.contains(rule), qPrintable(rule));
}

void TestSendGate::decisionAsJson()
{
    GateCase c = defer(base("2026-03-05T04:30:00Z"), "2026-03-05T13:00:00Z", {});
    const GateDecision decision = decideSend(c.request, c.facts, c.policy, c.now);
    const QJsonObject json = decision.toJson(c.request);
    QCOMPARE(json.value(QStringLiteral("decision")).toString(), QStringLiteral("defer"));
    QCOMPARE(json.value(QStringLiteral("deferUntil")).toString(),
             QStringLiteral("2026-03-05T13:00:00Z"));
    QCOMPARE(json.value(QStringLiteral("deferUntilLocal")).toString(),
             QStringLiteral("2026-03-05T08:00:00-05:00"));
    QCOMPARE(json.value(QStringLiteral("zone")).toString(), QStringLiteral("America/New_York"));
    QVERIFY(json.value(QStringLiteral("bypass")).isNull());
    QVERIFY(!json.value(QStringLiteral("reasons")).toArray().isEmpty());
}

void TestSendGate::deferredMessageGoesAtTheDeferTime()
{
    // Asking again at the moment it was deferred to lets it go: no deferral loop.
    const QList<GateCase> cases{sent(base(), prior("2026-03-04T12:00:00Z")),
                                base("2026-03-05T04:30:00Z"),
                                withZone(base("2026-04-04T12:00:00Z"), "Australia/Sydney"),
                                withZone(base("2026-03-04T08:30:00Z"), "Pacific/Kiritimati"),
                                base("2026-03-08T06:30:00Z"),
                                base("2026-11-01T06:30:00Z")};
    for (const GateCase &c : cases) {
        const GateDecision first = decideSend(c.request, c.facts, c.policy, c.now);
        QCOMPARE(first.verdict, Verdict::Defer);
        const GateDecision then = decideSend(c.request, c.facts, c.policy, first.deferUntil);
        QCOMPARE(then.verdict, Verdict::Allow);
    }
}

QTEST_GUILESS_MAIN(TestSendGate)
#include "tst_sendgate.moc"
