// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/comms/MessageTemplates.h"

#include "services/comms/WallTime.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

namespace CareDesk {

namespace {

const QStringList &knownPlaceholders()
{
    static const QStringList names{QStringLiteral("given"),   QStringLiteral("date"),
                                   QStringLiteral("time"),    QStringLiteral("location"),
                                   QStringLiteral("program"), QStringLiteral("phone")};
    return names;
}

const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression pattern(QStringLiteral("\\{([a-z_]+)\\}"));
    return pattern;
}

QStringList placeholdersIn(const QString &text)
{
    QStringList names;
    auto it = placeholderPattern().globalMatch(text);
    while (it.hasNext())
        names.append(it.next().captured(1));
    return names;
}

} // namespace

Result<MessageTemplates> MessageTemplates::builtIn()
{
    QFile file(QStringLiteral(":/templates/messages.json"));
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Code::NotFound,
                    QStringLiteral("The built-in message templates are missing."));
    return fromJson(file.readAll());
}

Result<MessageTemplates> MessageTemplates::fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (!document.isObject())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Message templates are not a JSON object: %1.")
                        .arg(error.errorString()));
    const QJsonObject root = document.object();
    MessageTemplates templates;
    templates.m_version = root.value(QLatin1String("version")).toString();
    if (templates.m_version.isEmpty())
        return fail(Error::Code::InvalidInput, QStringLiteral("Message templates need a version."));

    const QJsonObject programs = root.value(QLatin1String("programs")).toObject();
    for (auto it = programs.begin(); it != programs.end(); ++it) {
        const QJsonObject object = it.value().toObject();
        Program program;
        program.phone = object.value(QLatin1String("phone")).toString();
        const QJsonObject names = object.value(QLatin1String("name")).toObject();
        for (auto name = names.begin(); name != names.end(); ++name)
            program.names.insert(name.key(), name.value().toString());
        if (program.phone.isEmpty() || !program.names.contains(QStringLiteral("en")))
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("Program \"%1\" needs a phone number and an English name.")
                            .arg(it.key()));
        templates.m_programs.insert(it.key(), program);
    }
    if (!templates.m_programs.contains(QStringLiteral("*")))
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Message templates need a default program \"*\"."));

    QSet<QString> seen;
    for (const QJsonValue &value : root.value(QLatin1String("templates")).toArray()) {
        const QJsonObject object = value.toObject();
        Entry entry;
        entry.id = object.value(QLatin1String("id")).toString();
        entry.program = object.value(QLatin1String("program")).toString(QStringLiteral("*"));
        entry.specialty = object.value(QLatin1String("specialty")).toString(QStringLiteral("*"));
        entry.language = object.value(QLatin1String("language")).toString();
        entry.sms = object.value(QLatin1String("sms")).toString();
        const QJsonObject email = object.value(QLatin1String("email")).toObject();
        entry.emailSubject = email.value(QLatin1String("subject")).toString();
        entry.emailBody = email.value(QLatin1String("body")).toString();
        const QString name = QStringLiteral("%1 (%2, %3, %4)")
                                 .arg(entry.id, entry.program, entry.specialty, entry.language);
        if (entry.id.isEmpty() || entry.language.isEmpty() || entry.sms.isEmpty() ||
            entry.emailSubject.isEmpty() || entry.emailBody.isEmpty())
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("Template %1 needs an id, a language, an SMS text and an "
                                       "email subject and body.")
                            .arg(name));
        if (seen.contains(name))
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("Template %1 is given twice.").arg(name));
        seen.insert(name);
        for (const QString &text : {entry.sms, entry.emailSubject, entry.emailBody}) {
            for (const QString &placeholder : placeholdersIn(text)) {
                if (!knownPlaceholders().contains(placeholder))
                    return fail(Error::Code::InvalidInput,
                                QStringLiteral("Template %1 uses {%2}, which nothing fills.")
                                    .arg(name, placeholder));
            }
        }
        if (entry.program != QLatin1String("*") && !templates.m_programs.contains(entry.program))
            return fail(
                Error::Code::InvalidInput,
                QStringLiteral("Template %1 is for a program with no name or phone.").arg(name));
        templates.m_entries.append(entry);
    }
    for (const QString &id : templates.templateIds()) {
        if (!templates.find(id, QStringLiteral("*"), QStringLiteral("*"), QStringLiteral("en")))
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("Template %1 has no default English version.").arg(id));
    }
    return templates;
}

QString MessageTemplates::languageFor(const QString &preferred)
{
    const QString code = preferred.trimmed().toLower();
    if (code == QLatin1String("es") || code.startsWith(QLatin1String("es-")) ||
        code.startsWith(QLatin1String("es_")) || code == QLatin1String("spa") ||
        code == QLatin1String("spanish") || code == QStringLiteral("espa\u00f1ol") ||
        code == QLatin1String("espanol"))
        return QStringLiteral("es");
    return QStringLiteral("en");
}

QStringList MessageTemplates::templateIds() const
{
    QStringList ids;
    for (const Entry &entry : m_entries) {
        if (!ids.contains(entry.id))
            ids.append(entry.id);
    }
    return ids;
}

const MessageTemplates::Entry *MessageTemplates::find(const QString &id, const QString &program,
                                                      const QString &specialty,
                                                      const QString &language) const
{
    for (const Entry &entry : m_entries) {
        if (entry.id == id && entry.program == program && entry.specialty == specialty &&
            entry.language == language)
            return &entry;
    }
    return nullptr;
}

Result<RenderedMessage> MessageTemplates::render(const QString &templateId, Channel channel,
                                                 const QString &program, const QString &specialty,
                                                 const QString &preferredLanguage,
                                                 const TemplateFields &fields) const
{
    const QString wanted = languageFor(preferredLanguage);
    const QString star = QStringLiteral("*");
    const QList<QPair<QString, QString>> order{
        {program, specialty}, {program, star}, {star, specialty}, {star, star}};
    const Entry *entry = nullptr;
    for (const QString &language : {wanted, QStringLiteral("en")}) {
        for (const auto &[p, s] : order) {
            if (!entry && !p.isEmpty() && !s.isEmpty())
                entry = find(templateId, p, s, language);
        }
    }
    if (!entry)
        return fail(Error::Code::NotFound,
                    QStringLiteral("There is no message template \"%1\".").arg(templateId));

    RenderedMessage message;
    message.templateId = entry->id;
    message.program = entry->program;
    message.specialty = entry->specialty;
    message.language = entry->language;
    message.languageFellBack = entry->language != wanted;
    message.version = m_version;

    const Program info = m_programs.value(program, m_programs.value(star));
    const QLocale locale(message.language == QLatin1String("es") ? QLocale::Spanish
                                                                 : QLocale::English,
                         QLocale::UnitedStates);
    QHash<QString, QString> values{
        {QStringLiteral("given"), fields.given},
        {QStringLiteral("location"), fields.location},
        {QStringLiteral("program"),
         info.names.value(message.language, info.names.value(QStringLiteral("en")))},
        {QStringLiteral("phone"), info.phone},
    };
    if (fields.when.isValid()) {
        const QTimeZone zone = zoneFromId(fields.zoneId);
        const QDateTime local = zone.isValid() ? fields.when.toTimeZone(zone) : fields.when;
        values.insert(QStringLiteral("date"),
                      locale.toString(local.date(), message.language == QLatin1String("es")
                                                        ? QStringLiteral("dddd d 'de' MMMM")
                                                        : QStringLiteral("dddd, MMMM d")));
        values.insert(QStringLiteral("time"),
                      locale.toString(local.time(), message.language == QLatin1String("es")
                                                        ? QStringLiteral("H:mm")
                                                        : QStringLiteral("h:mm AP")));
    }

    auto fill = [&](const QString &text) -> Result<QString> {
        QString out;
        qsizetype from = 0;
        auto it = placeholderPattern().globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch match = it.next();
            const QString value = values.value(match.captured(1)).trimmed();
            if (value.isEmpty())
                return fail(Error::Code::InvalidInput,
                            QStringLiteral("Template %1 needs {%2}, which is not known for this "
                                           "message.")
                                .arg(templateId, match.captured(1)));
            out += text.mid(from, match.capturedStart() - from) + value;
            from = match.capturedEnd();
        }
        return out + text.mid(from);
    };

    const bool email = channel == Channel::Email || channel == Channel::Mail;
    auto body = fill(email ? entry->emailBody : entry->sms);
    if (!body)
        return std::unexpected(body.error());
    message.body = *body;
    if (email) {
        auto subject = fill(entry->emailSubject);
        if (!subject)
            return std::unexpected(subject.error());
        message.subject = *subject;
    }
    return message;
}

} // namespace CareDesk
