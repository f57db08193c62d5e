// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/hl7/Hl7Inbox.h"
#include "services/store/PatientStore.h"
#include "tests/unit/store/TestCache.h"

#include <QHash>
#include <QSqlQuery>
#include <QVariant>

namespace CareDesk::Testing {

// ER7 from segments, CR between them.
inline QByteArray er7(const QList<QByteArray> &segments)
{
    return segments.join('\r') + '\r';
}

// An HL7 interface over a real encrypted test cache: the listener's inbox, storing as the
// embedded automation, and the dead-letter desk of a supervisor (hl7.read, hl7.manage) with the
// same settings.
struct Hl7TestFeed : TestCache {
    std::unique_ptr<Hl7Inbox> inbox;
    std::unique_ptr<Hl7Inbox> desk;

    bool start(Hl7InboxSettings settings = {})
    {
        if (!cache && !open())
            return false;
        inbox = std::make_unique<Hl7Inbox>(cache, *audit, *access, clock, principalForAutomation(),
                                           settings);
        desk = std::make_unique<Hl7Inbox>(cache, *audit, *access, clock,
                                          supervisor(QStringLiteral("hl7.desk")), settings);
        return true;
    }

    Hl7Receipt send(const QByteArray &bytes, const QString &peer = QStringLiteral("test"))
    {
        Hl7Frame frame;
        frame.bytes = bytes;
        frame.size = bytes.size();
        frame.peer = peer;
        return inbox->receiveOne(frame);
    }

    // The value of the first column of the first row, or an invalid QVariant.
    QVariant scalar(const QString &sql, const QVariantList &binds = {}) const
    {
        QSqlQuery query(cache->connection());
        query.prepare(sql);
        for (const QVariant &value : binds)
            query.addBindValue(value);
        if (!query.exec() || !query.next())
            return QVariant();
        return query.value(0);
    }

    QString masterOf(const QString &system, const QString &value) const
    {
        PatientStore store(cache->connection(), clock);
        return store.find({{system, value}}).value_or(QString());
    }

    // Everything an ADT feed leaves behind, as one string to compare two caches by.
    QString state() const
    {
        // Master IDs are keyed with a secret of each cache: name patients by their aliases.
        QHash<QString, QString> names;
        QSqlQuery aliases(cache->connection());
        aliases.exec(QStringLiteral("SELECT master_id, group_concat(value, '+') FROM (SELECT "
                                    "master_id, value FROM patient_aliases ORDER BY value) "
                                    "GROUP BY master_id"));
        while (aliases.next())
            names.insert(aliases.value(0).toString(), u'<' + aliases.value(1).toString() + u'>');
        QStringList lines;
        const QStringList queries = {
            QStringLiteral("SELECT master_id, family, given, birth_date, gender, phone FROM "
                           "patients ORDER BY master_id"),
            QStringLiteral("SELECT system, value, master_id FROM patient_aliases ORDER BY 1, 2"),
            QStringLiteral("SELECT resource_type, resource_id, master_id, kind, occurred_at, "
                           "summary, status, body FROM records ORDER BY 1, 2"),
            QStringLiteral("SELECT count(*) FROM hl7_messages"),
        };
        for (const QString &sql : queries) {
            QSqlQuery query(cache->connection());
            query.exec(sql);
            while (query.next()) {
                QStringList values;
                for (int i = 0; i < 8; ++i)
                    values.append(query.value(i).toString());
                lines.append(values.join(u'|'));
            }
        }
        QString text = lines.join(u'\n');
        for (auto it = names.cbegin(); it != names.cend(); ++it)
            text.replace(it.key(), it.value());
        return text;
    }
};

} // namespace CareDesk::Testing
