// SPDX-License-Identifier: GPL-3.0-or-later
// The Spanish catalogue is built into the binary and used by the queue's labels, and it covers
// the whole interface: lupdate, run over today's ui/, models/ and app/ sources (and the mentor
// ranking, whose reasons are shown as they are computed), finds no text without a finished
// translation in translations/caredesk_es.ts; every translation keeps its source's
// placeholders, accelerator and edge spaces; and the compiled catalogue translates the journey,
// timeline and mentor screens.
#include "models/TriageQueueModel.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include <algorithm>

namespace {

struct Message {
    QString context;
    QString source;
    QString comment;         // disambiguation
    QStringList translation; // one entry, or one per numerus form
    bool numerus = false;
    bool finished = false;

    QString key() const { return context + u'\x1f' + source + u'\x1f' + comment; }
};

// Reads a Qt Linguist .ts file; an unreadable or malformed file is an empty list and a message.
QList<Message> readTs(const QString &path, QString *error)
{
    QList<Message> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open %1").arg(path);
        return messages;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    bool inMessage = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) {
            if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
                messages.append(current);
                inMessage = false;
            }
            continue;
        }
        const auto name = xml.name();
        if (name == QLatin1String("name") && !inMessage) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            current = Message{};
            current.context = context;
            current.numerus =
                xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            inMessage = true;
        } else if (inMessage && name == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (inMessage && name == QLatin1String("comment")) {
            current.comment = xml.readElementText();
        } else if (inMessage && name == QLatin1String("translation")) {
            const auto type = xml.attributes().value(QLatin1String("type"));
            current.finished = type.isEmpty();
            if (!current.numerus)
                current.translation = {xml.readElementText()};
        } else if (inMessage && name == QLatin1String("numerusform")) {
            current.translation.append(xml.readElementText());
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("%1: %2").arg(path, xml.errorString());
    return messages;
}

QString spanishCatalogue()
{
    return QStringLiteral(CAREDESK_SOURCE_DIR "/translations/caredesk_es.ts");
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("%(\\d+|n|v|m)"));
    QStringList found;
    for (const auto &match : pattern.globalMatch(text))
        found.append(match.captured());
    found.sort();
    found.removeDuplicates();
    return found;
}

// "&File" has one accelerator; "&&", "&amp;" and "&nbsp;" are not accelerators.
qsizetype accelerators(const QString &text)
{
    static const QRegularExpression entity(QStringLiteral("&([a-zA-Z]+|#\\d+);"));
    qsizetype count = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) != u'&')
            continue;
        if (i + 1 < text.size() && text.at(i + 1) == u'&')
            ++i;
        else if (!entity
                      .match(text, i, QRegularExpression::NormalMatch,
                             QRegularExpression::AnchorAtOffsetMatchOption)
                      .hasMatch())
            ++count;
    }
    return count;
}

QString shown(const Message &message)
{
    return QStringLiteral("%1: \"%2\"").arg(message.context, message.source);
}

} // namespace

using namespace CareDesk;

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void spanishCatalogueTranslatesTheQueue()
    {
        QCOMPARE(TriageQueueModel::tierLabel(TriageTier::Emergent),
                 QStringLiteral("\u25B2 Emergent"));
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/caredesk_es.qm")));
        QVERIFY(QCoreApplication::installTranslator(&translator));
        QCOMPARE(TriageQueueModel::tierLabel(TriageTier::Emergent),
                 QStringLiteral("\u25B2 Emergente"));
        QCOMPARE(TriageQueueModel::countdownText(-61), QStringLiteral("VENCIDO hace 1:01"));
        QCoreApplication::removeTranslator(&translator);
    }

    void englishCatalogueLoads()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/caredesk_en.qm")));
    }

    // Every text lupdate finds in a folder today has a finished Spanish translation: a new
    // tr() without running the lupdate target and translating it fails here.
    void everySourceTextHasASpanishTranslation_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::newRow("ui: widgets and dialogs") << QStringLiteral("ui");
        QTest::newRow("models: item models and timeline labels") << QStringLiteral("models");
        QTest::newRow("app: command line help and start-up messages") << QStringLiteral("app");
        QTest::newRow("services: the mentor ranking's reasons")
            << QStringLiteral("services/journey/MentorMatcher.cpp");
    }

    void everySourceTextHasASpanishTranslation()
    {
        QFETCH(QString, folder);
        QTemporaryDir work(QStringLiteral(CAREDESK_BINARY_DIR "/tst_translations-XXXXXX"));
        QVERIFY(work.isValid());
        const QString fresh = work.filePath(QStringLiteral("fresh_es.ts"));
        QProcess lupdate;
        lupdate.setProcessChannelMode(QProcess::MergedChannels);
        lupdate.start(QStringLiteral(CAREDESK_LUPDATE),
                      {QStringLiteral("-silent"), QStringLiteral("-no-obsolete"),
                       QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-I"),
                       QStringLiteral(CAREDESK_SOURCE_DIR),
                       QStringLiteral(CAREDESK_SOURCE_DIR "/") + folder, QStringLiteral("-ts"),
                       fresh});
        QVERIFY2(lupdate.waitForFinished(120000), "lupdate did not finish in 2 minutes");
        QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0,
                 lupdate.readAll().constData());

        QString error;
        const QList<Message> found = readTs(fresh, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(!found.isEmpty(),
                 qPrintable(QStringLiteral("lupdate found no texts in ") + folder));
        QHash<QString, Message> catalogue;
        for (const Message &message : readTs(spanishCatalogue(), &error))
            catalogue.insert(message.key(), message);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        QStringList missing;
        for (const Message &message : found) {
            const auto it = catalogue.constFind(message.key());
            if (it == catalogue.cend())
                missing.append(shown(message) + QStringLiteral(" is not in caredesk_es.ts"));
            else if (!it->finished ||
                     std::any_of(it->translation.cbegin(), it->translation.cend(),
                                 [](const QString &text) { return text.isEmpty(); }) ||
                     it->translation.isEmpty())
                missing.append(shown(message) + QStringLiteral(" has no finished translation"));
        }
        QVERIFY2(missing.isEmpty(),
                 qPrintable(QStringLiteral("%1 of %2 texts in %3/ need Spanish (build the "
                                           "caredesk_translations_lupdate target, translate "
                                           "them in translations/caredesk_es.ts):\n")
                                .arg(missing.size())
                                .arg(found.size())
                                .arg(folder) +
                            missing.mid(0, 25).join(u'\n')));
    }

    void translationsKeepPlaceholdersAcceleratorsAndSpaces()
    {
        QString error;
        const QList<Message> messages = readTs(spanishCatalogue(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(messages.size() > 500);
        QStringList wrong;
        for (const Message &message : messages) {
            if (message.numerus && message.translation.size() != 2)
                wrong.append(shown(message) + QStringLiteral(": Spanish has two plural forms"));
            for (const QString &text : message.translation) {
                if (placeholders(text) != placeholders(message.source))
                    wrong.append(shown(message) + QStringLiteral(": placeholders differ in \"") +
                                 text + u'"');
                if (accelerators(text) != accelerators(message.source))
                    wrong.append(shown(message) + QStringLiteral(": accelerators differ in \"") +
                                 text + u'"');
                const auto edge = [](const QString &s) {
                    return QPair<bool, bool>(!s.isEmpty() && s.front().isSpace(),
                                             !s.isEmpty() && s.back().isSpace());
                };
                if (!text.isEmpty() && edge(text) != edge(message.source))
                    wrong.append(shown(message) + QStringLiteral(": edge spaces differ in \"") +
                                 text + u'"');
            }
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.mid(0, 25).join(u'\n')));
    }

    void theCheckerSeesAWrongTranslation_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("translation");
        QTest::addColumn<bool>("same");
        QTest::newRow("placeholder kept")
            << QStringLiteral("Moved to %1.") << QStringLiteral("Pasado a %1.") << true;
        QTest::newRow("placeholder lost")
            << QStringLiteral("Moved to %1.") << QStringLiteral("Pasado.") << false;
        QTest::newRow("accelerator kept")
            << QStringLiteral("&Move") << QStringLiteral("&Mover") << true;
        QTest::newRow("accelerator lost")
            << QStringLiteral("&Move") << QStringLiteral("Mover") << false;
        QTest::newRow("HTML entity is no accelerator")
            << QStringLiteral("a &nbsp; b") << QStringLiteral("a &nbsp; b &mdash;") << true;
    }

    void theCheckerSeesAWrongTranslation()
    {
        QFETCH(QString, source);
        QFETCH(QString, translation);
        QFETCH(bool, same);
        QCOMPARE(placeholders(source) == placeholders(translation) &&
                     accelerators(source) == accelerators(translation),
                 same);
    }

    // The catalogue compiled into the binary (":/i18n") is today's .ts, journey screens
    // included.
    void compiledCatalogueTranslatesTheJourneyScreens_data()
    {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("n");
        QTest::addColumn<QString>("spanish");
        QTest::newRow("timeline zoom")
            << QStringLiteral("CareDesk::JourneyPanel") << QStringLiteral("Two years") << -1
            << QStringLiteral("Dos años");
        QTest::newRow("benefits and prior authorization lane")
            << QStringLiteral("CareDesk::JourneyTimelineWidget") << QStringLiteral("Benefits, PA")
            << -1 << QStringLiteral("Cobertura, AP");
        QTest::newRow("mentor action")
            << QStringLiteral("CareDesk::MentorPanel") << QStringLiteral("&Propose Introduction")
            << -1 << QStringLiteral("&Proponer presentación");
        QTest::newRow("editor") << QStringLiteral("CareDesk::JourneyEditorDialog")
                                << QStringLiteral(
                                       "Problems that stop this definition from being saved:")
                                << -1
                                << QStringLiteral("Problemas que impiden guardar esta definición:");
        QTest::newRow("plural, one") << QStringLiteral("CareDesk::JourneyEditorDialog")
                                     << QStringLiteral("%n step(s), edit as JSON") << 1
                                     << QStringLiteral("%n paso, editar como JSON");
        QTest::newRow("plural, several") << QStringLiteral("CareDesk::JourneyEditorDialog")
                                         << QStringLiteral("%n step(s), edit as JSON") << 4
                                         << QStringLiteral("%n pasos, editar como JSON");
    }

    void compiledCatalogueTranslatesTheJourneyScreens()
    {
        QFETCH(QString, context);
        QFETCH(QString, source);
        QFETCH(int, n);
        QFETCH(QString, spanish);
        QTranslator translator;
        QVERIFY2(translator.load(QStringLiteral(":/i18n/caredesk_es.qm")),
                 "the Spanish catalogue is not in the binary's resources");
        QCOMPARE(translator.translate(context.toUtf8().constData(), source.toUtf8().constData(),
                                      nullptr, n),
                 spanish);
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
