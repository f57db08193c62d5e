// SPDX-License-Identifier: GPL-3.0-or-later
// The message templates: chosen by program, specialty and the patient's language, filled in the
// patient's zone, never sent with a placeholder left in.
#include "services/comms/MessageTemplates.h"

#include <QTest>
#include <QTimeZone>

using namespace CareDesk;

class TestMessageTemplates : public QObject
{
    Q_OBJECT

private:
    static TemplateFields fields()
    {
        TemplateFields f;
        f.given = QStringLiteral("Ana");
        f.when = QDateTime(QDate(2026, 3, 11), QTime(15, 30), QTimeZone::utc());
        f.zoneId = QStringLiteral("America/Chicago");
        f.location = QStringLiteral("North Clinic");
        return f;
    }

private slots:
    void builtInSetLoads()
    {
        auto templates = MessageTemplates::builtIn();
        QVERIFY2(templates, qPrintable(templates ? QString() : templates.error().message));
        QVERIFY(!templates->version().isEmpty());
        for (const char *id : {"appointment-reminder", "refill-reminder", "opt-out-confirmation",
                               "opt-in-confirmation", "help-reply", "callback"})
            QVERIFY2(templates->templateIds().contains(QString::fromLatin1(id)), id);
    }

    void chosenByProgramSpecialtyAndLanguage_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("specialty");
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("usedProgram");
        QTest::addColumn<QString>("usedSpecialty");
        QTest::addColumn<QString>("usedLanguage");
        QTest::addColumn<QString>("says");
        QTest::newRow("default in English")
            << QString::fromUtf8("appointment-reminder") << QString::fromUtf8("")
            << QString::fromUtf8("") << QString::fromUtf8("en") << QString::fromUtf8("*")
            << QString::fromUtf8("*") << QString::fromUtf8("en")
            << QString::fromUtf8(
                   "Hi Ana, this is CareDesk Patient Support: reminder of your appointment on "
                   "Wednesday, March 11 at 10:30 AM, North Clinic.");
        QTest::newRow("default in Spanish, es-MX")
            << QString::fromUtf8("appointment-reminder") << QString::fromUtf8("")
            << QString::fromUtf8("") << QString::fromUtf8("es-MX") << QString::fromUtf8("*")
            << QString::fromUtf8("*") << QString::fromUtf8("es")
            << QString::fromUtf8("le recordamos su cita el mi\u00e9rcoles 11 de marzo a las 10:30, "
                                 "North Clinic.");
        QTest::newRow("oncology specialty")
            << QString::fromUtf8("appointment-reminder") << QString::fromUtf8("oncology-support")
            << QString::fromUtf8("oncology") << QString::fromUtf8("en") << QString::fromUtf8("*")
            << QString::fromUtf8("oncology") << QString::fromUtf8("en")
            << QString::fromUtf8("Infusion Support Program: your visit is on");
        QTest::newRow("cardiology in Spanish")
            << QString::fromUtf8("appointment-reminder") << QString::fromUtf8("heart-failure")
            << QString::fromUtf8("cardiology") << QString::fromUtf8("spa") << QString::fromUtf8("*")
            << QString::fromUtf8("cardiology") << QString::fromUtf8("es")
            << QString::fromUtf8("Traiga su lista de medicinas");
        QTest::newRow("program's own refill reminder")
            << QString::fromUtf8("refill-reminder") << QString::fromUtf8("heart-failure")
            << QString::fromUtf8("cardiology") << QString::fromUtf8("en")
            << QString::fromUtf8("heart-failure") << QString::fromUtf8("*")
            << QString::fromUtf8("en")
            << QString::fromUtf8("Running out can make you feel worse fast; call +1-555-0110");
        QTest::newRow("unknown language falls back to English")
            << QString::fromUtf8("help-reply") << QString::fromUtf8("") << QString::fromUtf8("")
            << QString::fromUtf8("fr") << QString::fromUtf8("*") << QString::fromUtf8("*")
            << QString::fromUtf8("en") << QString::fromUtf8("In an emergency call 911");
        QTest::newRow("unknown program uses the default")
            << QString::fromUtf8("help-reply") << QString::fromUtf8("no-such-program")
            << QString::fromUtf8("") << QString::fromUtf8("es") << QString::fromUtf8("*")
            << QString::fromUtf8("*") << QString::fromUtf8("es")
            << QString::fromUtf8("Apoyo al Paciente CareDesk: para ayuda llame al +1-555-0100");
    }

    void chosenByProgramSpecialtyAndLanguage()
    {
        QFETCH(QString, id);
        QFETCH(QString, program);
        QFETCH(QString, specialty);
        QFETCH(QString, language);
        QFETCH(QString, usedProgram);
        QFETCH(QString, usedSpecialty);
        QFETCH(QString, usedLanguage);
        QFETCH(QString, says);
        auto templates = MessageTemplates::builtIn();
        auto message = templates->render(id, Channel::Sms, program, specialty, language, fields());
        QVERIFY2(message, qPrintable(message ? QString() : message.error().message));
        QCOMPARE(message->program, usedProgram);
        QCOMPARE(message->specialty, usedSpecialty);
        QCOMPARE(message->language, usedLanguage);
        QVERIFY2(message->body.contains(says), qPrintable(message->body));
        QVERIFY(!message->body.contains(u'{'));
    }

    void everySmsIsShortAndSaysHowToStop()
    {
        // Automated texts say how to opt out; none runs past two SMS segments (306 characters
        // of GSM text, fewer with accents: kept under 300).
        auto templates = MessageTemplates::builtIn();
        for (const QString &id : templates->templateIds()) {
            for (const char *language : {"en", "es"}) {
                for (const char *specialty : {"", "oncology", "cardiology"}) {
                    auto message = templates->render(
                        id, Channel::Sms, QStringLiteral("heart-failure"),
                        QString::fromLatin1(specialty), QString::fromLatin1(language), fields());
                    QVERIFY2(message, qPrintable(id));
                    QVERIFY2(message->body.size() < 300, qPrintable(message->body));
                    if (id != QLatin1String("opt-out-confirmation") &&
                        id != QLatin1String("callback"))
                        QVERIFY2(message->body.contains(QStringLiteral("STOP")),
                                 qPrintable(message->body));
                }
            }
        }
    }

    void emailHasASubject()
    {
        auto templates = MessageTemplates::builtIn();
        auto message = templates->render(QStringLiteral("refill-reminder"), Channel::Email,
                                         QString(), QString(), QStringLiteral("es"), fields());
        QCOMPARE(message->subject, QStringLiteral("Su resurtido vence alrededor del mi\u00e9rcoles "
                                                  "11 de marzo"));
        QVERIFY(message->body.startsWith(QStringLiteral("Hola Ana:")));
    }

    void missingFieldIsAnErrorNotABrace()
    {
        auto templates = MessageTemplates::builtIn();
        TemplateFields partial = fields();
        partial.location.clear();
        auto message = templates->render(QStringLiteral("appointment-reminder"), Channel::Sms,
                                         QString(), QString(), QStringLiteral("en"), partial);
        QVERIFY(!message);
        QVERIFY(message.error().message.contains(QStringLiteral("{location}")));
    }

    void badTemplateFilesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("says");
        const QByteArray programs =
            "\"programs\":{\"*\":{\"name\":{\"en\":\"P\"},\"phone\":\"1\"}}";
        QTest::newRow("not JSON") << QByteArray("{") << QStringLiteral("not a JSON object");
        QTest::newRow("no version")
            << QByteArray("{" + programs + "}") << QStringLiteral("need a version");
        QTest::newRow("unknown placeholder")
            << QByteArray("{\"version\":\"1\"," + programs +
                          ",\"templates\":[{\"id\":\"x\",\"language\":\"en\",\"sms\":\"{ssn}\","
                          "\"email\":{\"subject\":\"s\",\"body\":\"b\"}}]}")
            << QStringLiteral("{ssn}");
        QTest::newRow("no English default")
            << QByteArray("{\"version\":\"1\"," + programs +
                          ",\"templates\":[{\"id\":\"x\",\"language\":\"es\",\"sms\":\"a\","
                          "\"email\":{\"subject\":\"s\",\"body\":\"b\"}}]}")
            << QStringLiteral("no default English");
        QTest::newRow("twice")
            << QByteArray("{\"version\":\"1\"," + programs +
                          ",\"templates\":[{\"id\":\"x\",\"language\":\"en\",\"sms\":\"a\","
                          "\"email\":{\"subject\":\"s\",\"body\":\"b\"}},{\"id\":\"x\","
                          "\"language\":\"en\",\"sms\":\"a\",\"email\":{\"subject\":\"s\","
                          "\"body\":\"b\"}}]}")
            << QStringLiteral("given twice");
    }

    void badTemplateFilesAreRefused()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, says);
        auto templates = MessageTemplates::fromJson(json);
        QVERIFY(!templates);
        QVERIFY2(templates.error().message.contains(says), qPrintable(templates.error().message));
    }
};

QTEST_GUILESS_MAIN(TestMessageTemplates)
#include "tst_messagetemplates.moc"
