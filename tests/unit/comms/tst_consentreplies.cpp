// SPDX-License-Identifier: GPL-3.0-or-later
// Opt-out and opt-in by reply (case 25): the reply goes through the real intake and classifier,
// the ledger keeps the raw text, one confirmation goes out, then the channel is suppressed.
#include "CommsFixture.h"

#include "services/comms/ConsentLedger.h"
#include "services/comms/ConsentReplies.h"
#include "services/comms/MessageDispatcher.h"
#include "services/ingest/Importer.h"
#include "services/triage/ReplyClassifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace CareDesk;
using namespace CareDesk::Testing;

namespace {

struct Rig {
    CommsFixture f;
    std::unique_ptr<ReplyClassifier> classifier;
    std::unique_ptr<Importer> importer;
    std::unique_ptr<MessageDispatcher> dispatcher;
    std::unique_ptr<ConsentReplies> replies;
    QString master;
    int serial = 0;

    bool start()
    {
        auto built = ReplyClassifier::builtIn();
        auto templates = MessageTemplates::builtIn();
        if (!f.open() || !built || !templates)
            return false;
        classifier = std::make_unique<ReplyClassifier>(std::move(*built));
        importer =
            std::make_unique<Importer>(f.cache, *f.audit, *classifier, f.clock, TriageSettings{},
                                       *f.access, principalForAutomation());
        dispatcher = std::make_unique<MessageDispatcher>(
            f.cache, *f.audit, f.clock, SendPolicy{},
            std::make_shared<const MessageTemplates>(std::move(*templates)));
        replies = std::make_unique<ConsentReplies>(f.cache, *f.audit, f.clock, *dispatcher);
        master = f.addPatient(QStringLiteral("p-103"), QStringLiteral("America/New_York"));
        ConsentEvent grant;
        grant.masterId = master;
        grant.channel = Channel::Sms;
        grant.source = QStringLiteral("enrollment");
        grant.effectiveAt = grant.recordedAt = utc("2026-01-01T00:00:00Z");
        QSqlDatabase db = f.cache->connection();
        db.transaction();
        const bool granted =
            ConsentLedger::append(db, *f.audit, QStringLiteral("coord"), grant).has_value();
        db.commit();
        return granted;
    }

    // A reply from the patient, received `agoSeconds` before the clock.
    bool reply(const QString &text, qint64 agoSeconds = 30, const char *medium = "SMSWRIT")
    {
        const QJsonObject communication{
            {QStringLiteral("resourceType"), QStringLiteral("Communication")},
            {QStringLiteral("id"), QStringLiteral("r%1").arg(++serial)},
            {QStringLiteral("received"), f.clock.now().addSecs(-agoSeconds).toString(Qt::ISODate)},
            {QStringLiteral("sender"),
             QJsonObject{{QStringLiteral("reference"), QStringLiteral("Patient/p-103")}}},
            {QStringLiteral("medium"),
             QJsonArray{QJsonObject{{QStringLiteral("text"), QString::fromLatin1(medium)}}}},
            {QStringLiteral("payload"),
             QJsonArray{QJsonObject{{QStringLiteral("contentString"), text}}}}};
        auto imported =
            importer->importBytes(QJsonDocument(communication).toJson(),
                                  QStringLiteral("reply.json"), Importer::Format::FhirJson);
        return imported && replies->processNewReplies();
    }

    QList<MessageRecord> sent(MessageKind kind)
    {
        QList<MessageRecord> found;
        const QList<MessageRecord> all =
            dispatcher->messages(master).value_or(QList<MessageRecord>());
        for (const MessageRecord &m : all) {
            if (m.request.kind == kind)
                found.append(m);
        }
        return found;
    }

    Result<DispatchOutcome> reminder(Channel channel)
    {
        MessageDraft draft;
        draft.request.masterId = master;
        draft.request.channel = channel;
        draft.request.kind = MessageKind::RefillReminder;
        draft.templateId = QStringLiteral("refill-reminder");
        draft.fields.when = f.clock.now().addDays(3);
        draft.requestedBy = QStringLiteral("automation");
        return dispatcher->submit(draft);
    }
};

} // namespace

class TestConsentReplies : public QObject
{
    Q_OBJECT

private slots:
    void optOutReplies_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("optOut");
        for (const char *text :
             {"STOP", "stop", "  STOP!! ", "Stop. Thank you", "Please stop texting me", "Opt out",
              "OPTOUT", "revoke", "Unsubscribe", "QUIT", "END", "cancel"})
            QTest::newRow(text) << QString::fromLatin1(text) << true;
        QTest::newRow("Don't stop the reminders, they help")
            << QStringLiteral("Don't stop the reminders, they help") << false;
    }

    void optOutReplies()
    {
        QFETCH(QString, text);
        QFETCH(bool, optOut);
        Rig rig;
        QVERIFY(rig.start());
        QVERIFY(rig.reply(text));

        auto history = *ConsentLedger::history(rig.f.cache->connection(), rig.master);
        const QList<MessageRecord> confirmations = rig.sent(MessageKind::OptOutConfirmation);
        if (!optOut) {
            QCOMPARE(history.size(), 1); // the enrollment grant only
            QVERIFY(confirmations.isEmpty());
            QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM triage_items")), 1);
            QCOMPARE(rig.reminder(Channel::Sms)->status, QStringLiteral("queued"));
            return;
        }
        QCOMPARE(history.size(), 2);
        const ConsentEvent &stop = history.last();
        QCOMPARE(stop.kind, ConsentKind::Revoked);
        QCOMPARE(stop.channel, std::optional<Channel>(Channel::Sms));
        QCOMPARE(stop.rawText, text);
        QCOMPARE(stop.source, QStringLiteral("patient-reply"));
        QCOMPARE(stop.effectiveAt, rig.f.clock.now().addSecs(-30));

        // Exactly one confirmation, in the outbox, to the patient's number.
        QCOMPARE(confirmations.size(), 1);
        QCOMPARE(confirmations.first().status, QStringLiteral("queued"));
        QCOMPARE(confirmations.first().recipient, QStringLiteral("+1-555-0103"));
        QVERIFY(confirmations.first().body.contains(QStringLiteral("START")));
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = "
                                            "'comms.sms'")),
                 1);
        // Reading the replies again sends nothing more; a second STOP is not confirmed again.
        QVERIFY(rig.replies->processNewReplies());
        QCOMPARE(rig.sent(MessageKind::OptOutConfirmation).size(), 1);

        // Suppressed on SMS only: email is untouched.
        auto sms = rig.reminder(Channel::Sms);
        QCOMPARE(sms->status, QStringLiteral("denied"));
        QVERIFY(sms->decision.held().join(u' ').contains(QStringLiteral("revoked")));
        QCOMPARE(rig.reminder(Channel::Email)->status, QStringLiteral("queued"));
    }

    void optOutWithChestPainIsTriagedToo()
    {
        // Case 25: "stop. also i have chest pain" is an opt-out AND a triage item.
        Rig rig;
        QVERIFY(rig.start());
        QVERIFY(rig.reply(QStringLiteral("stop. also i have chest pain")));
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM triage_items WHERE tier = "
                                            "'emergent'")),
                 1);
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM consent_events WHERE kind = "
                                            "'revoked'")),
                 1);
    }

    void stopThenStart()
    {
        Rig rig;
        QVERIFY(rig.start());
        QVERIFY(rig.reply(QStringLiteral("STOP")));
        rig.f.clock.advanceSecs(3600);
        QVERIFY(rig.reply(QStringLiteral("START")));
        auto history = *ConsentLedger::history(rig.f.cache->connection(), rig.master);
        QCOMPARE(history.size(), 3);
        QCOMPARE(history.at(1).kind, ConsentKind::Revoked);
        QCOMPARE(history.at(2).kind, ConsentKind::Granted);
        QCOMPARE(history.at(2).rawText, QStringLiteral("START"));
        QCOMPARE(history.at(2).rule, QStringLiteral("opt-in keyword"));
        QCOMPARE(history.at(2).capturedBy, QStringLiteral("automation"));
        QCOMPARE(rig.sent(MessageKind::OptOutConfirmation).size(), 1);
        QCOMPARE(rig.sent(MessageKind::OptInConfirmation).size(), 1);
        QCOMPARE(rig.sent(MessageKind::OptInConfirmation).first().status, QStringLiteral("queued"));
        // Opted back in: the caps still hold (the confirmation is not counted) and SMS goes.
        QCOMPARE(rig.reminder(Channel::Sms)->status, QStringLiteral("queued"));
    }

    void unstopAndHelp_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("kind");
        QTest::newRow("UNSTOP") << QStringLiteral("unstop") << int(MessageKind::OptInConfirmation);
        QTest::newRow("START!") << QStringLiteral(" Start! ")
                                << int(MessageKind::OptInConfirmation);
        QTest::newRow("HELP") << QStringLiteral("HELP") << int(MessageKind::HelpReply);
        QTest::newRow("info") << QStringLiteral("info") << int(MessageKind::HelpReply);
        QTest::newRow("AYUDA") << QStringLiteral("AYUDA") << int(MessageKind::HelpReply);
    }

    void unstopAndHelp()
    {
        QFETCH(QString, text);
        QFETCH(int, kind);
        Rig rig;
        QVERIFY(rig.start());
        QVERIFY(rig.reply(text));
        const QList<MessageRecord> answers = rig.sent(MessageKind(kind));
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers.first().status, QStringLiteral("queued"));
        if (kind == int(MessageKind::HelpReply))
            QVERIFY(answers.first().body.contains(QStringLiteral("911")));
    }

    void helpIsAnsweredAfterStopAndInSpanish()
    {
        Rig rig;
        QVERIFY(rig.start());
        QSqlQuery spanish(rig.f.cache->connection());
        QVERIFY(spanish.exec(QStringLiteral("UPDATE patients SET language = 'es-MX'")));
        QVERIFY(rig.reply(QStringLiteral("STOP")));
        QVERIFY(rig.reply(QStringLiteral("AYUDA")));
        const QList<MessageRecord> help = rig.sent(MessageKind::HelpReply);
        QCOMPARE(help.size(), 1);
        QCOMPARE(help.first().status, QStringLiteral("queued"));
        QCOMPARE(help.first().language, QStringLiteral("es"));
        QVERIFY(help.first().body.contains(QStringLiteral("emergencia")));
        QVERIFY(rig.sent(MessageKind::OptOutConfirmation)
                    .first()
                    .body.contains(QStringLiteral("ya no recibir")));
    }

    void keywordsInsideSentencesAreNotKeywords()
    {
        for (const char *text : {"I can't start my new meds", "help me understand my bill",
                                 "start 2", "helpful, thanks"})
            QCOMPARE(ConsentReplies::keywordOf(QString::fromLatin1(text)),
                     ConsentReplies::Keyword::None);
        QCOMPARE(ConsentReplies::keywordOf(QStringLiteral("\tSTART.\n")),
                 ConsentReplies::Keyword::OptIn);
    }

    void confirmationAtNightGoesAtOnce()
    {
        // STOP at 23:00 New York: the confirmation answers it at once, quiet hours or not.
        Rig rig;
        QVERIFY(rig.start());
        rig.f.clock.set(utc("2026-03-05T04:00:30Z"));
        QVERIFY(rig.reply(QStringLiteral("STOP")));
        QCOMPARE(rig.sent(MessageKind::OptOutConfirmation).first().status,
                 QStringLiteral("queued"));
    }

    void lateStopIsSuppressedButNotConfirmed()
    {
        // A STOP taken in two hours after it arrived: it revokes from its receipt, and its
        // confirmation is no longer sent (FCC: within 5 minutes).
        Rig rig;
        QVERIFY(rig.start());
        QVERIFY(rig.reply(QStringLiteral("STOP"), 7200));
        const QList<MessageRecord> confirmations = rig.sent(MessageKind::OptOutConfirmation);
        QCOMPARE(confirmations.size(), 1);
        QCOMPARE(confirmations.first().status, QStringLiteral("denied"));
        QCOMPARE(rig.f.count(QStringLiteral("SELECT count(*) FROM outbox")), 0);
        QCOMPARE(rig.reminder(Channel::Sms)->status, QStringLiteral("denied"));
    }

    void emailStopSuppressesEmailOnly()
    {
        Rig rig;
        QVERIFY(rig.start());
        QVERIFY(rig.reply(QStringLiteral("unsubscribe"), 30, "EMAILWRIT email"));
        const QList<MessageRecord> confirmations = rig.sent(MessageKind::OptOutConfirmation);
        QCOMPARE(confirmations.size(), 1);
        QCOMPARE(confirmations.first().request.channel, Channel::Email);
        QCOMPARE(rig.reminder(Channel::Email)->status, QStringLiteral("denied"));
        QCOMPARE(rig.reminder(Channel::Sms)->status, QStringLiteral("queued"));
    }
};

QTEST_GUILESS_MAIN(TestConsentReplies)
#include "tst_consentreplies.moc"
