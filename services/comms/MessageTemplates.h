// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Consent.h"
#include "models/Error.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

namespace CareDesk {

// What a template is filled with. The date and time are shown in the patient's zone and
// language ("Tuesday, March 10" / "martes, 10 de marzo").
struct TemplateFields {
    QString given;
    QDateTime when; // the appointment, or the day a refill is due
    QString zoneId;
    QString location;
};

struct RenderedMessage {
    QString templateId;
    QString program;               // the program whose template was used ("*" for the default)
    QString specialty;             // likewise
    QString language;              // "en" or "es"
    bool languageFellBack = false; // the patient's language has no template: English was used
    QString subject;               // email only
    QString body;
    QString version; // of the template set
};

// Patient message templates per program and specialty, in English and Spanish
// (resources/templates/messages.json, built in as :/templates/messages.json). The most specific
// template wins: program and specialty, then program, then specialty, then the default; in the
// patient's preferred language, else English. A template that leaves a placeholder unfilled is
// an error, never a message with "{given}" in it.
class MessageTemplates
{
public:
    static Result<MessageTemplates> builtIn();
    static Result<MessageTemplates> fromJson(const QByteArray &json);

    // "es", "es-MX", "spa", "Spanish", "español" -> "es"; anything else -> "en".
    static QString languageFor(const QString &preferred);

    Result<RenderedMessage> render(const QString &templateId, Channel channel,
                                   const QString &program, const QString &specialty,
                                   const QString &preferredLanguage,
                                   const TemplateFields &fields) const;

    QString version() const { return m_version; }
    QStringList templateIds() const;
    QStringList programs() const { return m_programs.keys(); }

private:
    struct Entry {
        QString id;
        QString program;
        QString specialty;
        QString language;
        QString sms;
        QString emailSubject;
        QString emailBody;
    };
    struct Program {
        QHash<QString, QString> names; // by language
        QString phone;
    };
    const Entry *find(const QString &id, const QString &program, const QString &specialty,
                      const QString &language) const;

    QString m_version;
    QList<Entry> m_entries;
    QHash<QString, Program> m_programs;
};

} // namespace CareDesk
