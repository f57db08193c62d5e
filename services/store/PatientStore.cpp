// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/store/PatientStore.h"

#include "models/Clock.h"
#include "services/store/SqlFailure.h"
#include "services/store/StatementCache.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QSqlError>
#include <QSqlQuery>

#include <openssl/rand.h>

namespace CareDesk {

namespace {

QVariant nullable(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

} // namespace

PatientStore::PatientStore(QSqlDatabase db, const Clock &clock,
                           std::shared_ptr<StatementCache> statements)
    : m_db(std::move(db))
    , m_clock(clock)
    , m_statements(statements ? std::move(statements) : std::make_shared<StatementCache>(m_db))
{}

Result<QString> PatientStore::newMasterId(const PatientAlias &seed)
{
    // Deterministic within this cache, so importing the same source twice yields the same
    // master ID; keyed with a secret kept in the cache, so a master ID in a log cannot be
    // turned back into the MRN it came from by hashing guesses.
    if (m_masterIdKey.isEmpty()) {
        QSqlQuery read(m_db);
        read.prepare(QStringLiteral("SELECT value FROM site WHERE key = 'master-id-key'"));
        if (!read.exec())
            return sqlFailure(QStringLiteral("Reading the master ID key"), read);
        if (read.next()) {
            m_masterIdKey = QByteArray::fromHex(read.value(0).toString().toLatin1());
        } else {
            m_masterIdKey = QByteArray(32, '\0');
            if (RAND_bytes(reinterpret_cast<unsigned char *>(m_masterIdKey.data()), 32) != 1)
                return fail(Error::Code::Storage,
                            QStringLiteral("The system random generator failed."));
            QSqlQuery write(m_db);
            write.prepare(
                QStringLiteral("INSERT INTO site (key, value) VALUES ('master-id-key', ?)"));
            write.addBindValue(QString::fromLatin1(m_masterIdKey.toHex()));
            if (!write.exec())
                return sqlFailure(QStringLiteral("Saving the master ID key"), write);
        }
    }
    const QByteArray digest = QMessageAuthenticationCode::hash(
        (seed.system + u'|' + seed.value).toUtf8(), m_masterIdKey, QCryptographicHash::Sha256);
    return QStringLiteral("MPI-") + QString::fromLatin1(digest.toHex().left(16)).toUpper();
}

Result<QString> PatientStore::find(const QList<PatientAlias> &aliases)
{
    QSqlQuery &query = m_statements->prepared(
        QStringLiteral("SELECT master_id FROM patient_aliases WHERE system = ? AND value = ?"));
    for (const PatientAlias &alias : aliases) {
        if (alias.value.isEmpty())
            continue;
        query.addBindValue(alias.system);
        query.addBindValue(alias.value);
        if (!query.exec())
            return sqlFailure(QStringLiteral("Looking up a patient"), query);
        if (query.next()) {
            const QString masterId = query.value(0).toString();
            query.finish();
            return masterId;
        }
    }
    query.finish();
    return QString();
}

Result<QString> PatientStore::resolve(const QList<PatientAlias> &aliases)
{
    if (aliases.isEmpty() || aliases.first().value.isEmpty())
        return fail(Error::Code::InvalidInput, QStringLiteral("The patient has no identifier."));
    auto found = find(aliases);
    if (!found)
        return found;
    QString masterId = *found;

    if (masterId.isEmpty()) {
        auto made = newMasterId(aliases.first());
        if (!made)
            return made;
        masterId = *made;
        QSqlQuery &insert = m_statements->prepared(
            QStringLiteral("INSERT OR IGNORE INTO patients (master_id, updated_at) VALUES (?, ?)"));
        insert.addBindValue(masterId);
        insert.addBindValue(toStorageTime(m_clock.now()));
        if (!insert.exec())
            return sqlFailure(QStringLiteral("Adding a patient"), insert);
    }

    QSqlQuery &alias = m_statements->prepared(QStringLiteral(
        "INSERT OR IGNORE INTO patient_aliases (system, value, master_id) VALUES (?, ?, ?)"));
    for (const PatientAlias &entry : aliases) {
        if (entry.value.isEmpty())
            continue;
        alias.addBindValue(entry.system);
        alias.addBindValue(entry.value);
        alias.addBindValue(masterId);
        if (!alias.exec())
            return sqlFailure(QStringLiteral("Recording a patient identifier"), alias);
    }
    return masterId;
}

VoidResult PatientStore::updateIdentity(const QString &masterId, const PatientIdentity &identity)
{
    // Empty fields never erase what another source already told us.
    QSqlQuery &query = m_statements->prepared(QStringLiteral(
        "UPDATE patients SET family = coalesce(?, family), given = coalesce(?, given), "
        "birth_date = coalesce(?, birth_date), gender = coalesce(?, gender), "
        "phone = coalesce(?, phone), language = coalesce(?, language), "
        "email = coalesce(?, email), time_zone = coalesce(?, time_zone), updated_at = ? "
        "WHERE master_id = ?"));
    query.addBindValue(nullable(identity.family));
    query.addBindValue(nullable(identity.given));
    query.addBindValue(nullable(identity.birthDate));
    query.addBindValue(nullable(identity.gender));
    query.addBindValue(nullable(identity.phone));
    query.addBindValue(nullable(identity.language));
    query.addBindValue(nullable(identity.email));
    query.addBindValue(nullable(identity.timeZone));
    query.addBindValue(toStorageTime(m_clock.now()));
    query.addBindValue(masterId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Updating a patient"), query);
    return {};
}

VoidResult PatientStore::upsertRecord(const RecordRow &row)
{
    // SQLite 3.15 (inside SQLCipher 3.4) has no UPSERT; records have no dependents to lose.
    QSqlQuery &query = m_statements->prepared(QStringLiteral(
        "INSERT OR REPLACE INTO records (resource_type, resource_id, master_id, kind, "
        "occurred_at, summary, status, source, body, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(row.resourceType);
    query.addBindValue(row.resourceId);
    query.addBindValue(nullable(row.masterId));
    query.addBindValue(row.kind);
    query.addBindValue(row.occurredAt.isValid() ? QVariant(toStorageTime(row.occurredAt))
                                                : QVariant());
    query.addBindValue(nullable(row.summary));
    query.addBindValue(nullable(row.status));
    query.addBindValue(row.source);
    query.addBindValue(row.body.isEmpty() ? QVariant() : QVariant(row.body));
    query.addBindValue(toStorageTime(m_clock.now()));
    if (!query.exec())
        return sqlFailure(QStringLiteral("Storing a %1 record").arg(row.resourceType), query);
    return {};
}

Result<int> PatientStore::merge(const QString &survivorMasterId, const QString &mergedMasterId)
{
    if (survivorMasterId == mergedMasterId)
        return 0;
    // A patient has one open reply item per episode. When both have one, the merged patient's
    // item keeps its own episode under the survivor, so neither is lost or combined unseen.
    QSqlQuery episodes(m_db);
    episodes.prepare(QStringLiteral(
        "UPDATE triage_items SET episode = 'merged-' || id WHERE master_id = ? AND source = "
        "'reply' AND status <> 'resolved' AND EXISTS (SELECT 1 FROM triage_items s WHERE "
        "s.master_id = ? AND s.source = 'reply' AND s.status <> 'resolved' AND s.episode = "
        "triage_items.episode)"));
    episodes.addBindValue(mergedMasterId);
    episodes.addBindValue(survivorMasterId);
    if (!episodes.exec())
        return sqlFailure(QStringLiteral("Keeping both patients' open items apart"), episodes);
    episodes.finish();

    // Every table that keys rows by patient, read from the schema so that tables added later
    // move too. The audit trail stays as it was written (it is history, and refuses changes);
    // the patients row itself is handled below.
    QSqlQuery tables(m_db);
    if (!tables.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                    "name NOT LIKE 'sqlite_%' ORDER BY name")))
        return sqlFailure(QStringLiteral("Listing the cache tables"), tables);
    QStringList names;
    while (tables.next())
        names.append(tables.value(0).toString());
    tables.finish();

    int moved = 0;
    for (const QString &table : std::as_const(names)) {
        if (table == QLatin1String("patients") || table == QLatin1String("audit_log"))
            continue;
        const QString quoted = u'"' + QString(table).replace(u'"', QStringLiteral("\"\"")) + u'"';
        QSqlQuery columns(m_db);
        if (!columns.exec(QStringLiteral("PRAGMA table_info(%1)").arg(quoted)))
            return sqlFailure(QStringLiteral("Reading the columns of %1").arg(table), columns);
        bool keyed = false;
        while (columns.next())
            keyed = keyed || columns.value(1).toString() == QLatin1String("master_id");
        columns.finish();
        if (!keyed)
            continue;

        QSqlQuery update(m_db);
        update.prepare(QStringLiteral("UPDATE OR IGNORE %1 SET master_id = ? WHERE master_id = ?")
                           .arg(quoted));
        update.addBindValue(survivorMasterId);
        update.addBindValue(mergedMasterId);
        if (!update.exec())
            return sqlFailure(QStringLiteral("Merging patient records (%1)").arg(table), update);
        moved += update.numRowsAffected();

        // A row the survivor already has its own of (one legal hold per patient) cannot move;
        // losing either would lose something, so the merge stops for a person to decide.
        QSqlQuery left(m_db);
        left.prepare(QStringLiteral("SELECT count(*) FROM %1 WHERE master_id = ?").arg(quoted));
        left.addBindValue(mergedMasterId);
        if (!left.exec() || !left.next())
            return sqlFailure(QStringLiteral("Checking the merge of %1").arg(table), left);
        if (left.value(0).toLongLong() > 0)
            return fail(Error::Code::Conflict,
                        QStringLiteral("Both patients have a %1 entry that cannot be combined; "
                                       "settle it for one of them, then replay the merge.")
                            .arg(table));
    }
    // What the survivor does not know of the person (name, birth date, phone) is kept from the
    // retired record, so a merge message carrying only ids erases nobody's identity.
    QSqlQuery keep(m_db);
    keep.prepare(QStringLiteral(
        "UPDATE patients SET "
        "family = coalesce(family, (SELECT family FROM patients WHERE master_id = ?1)), "
        "given = coalesce(given, (SELECT given FROM patients WHERE master_id = ?1)), "
        "birth_date = coalesce(birth_date, (SELECT birth_date FROM patients WHERE master_id = "
        "?1)), "
        "gender = coalesce(gender, (SELECT gender FROM patients WHERE master_id = ?1)), "
        "phone = coalesce(phone, (SELECT phone FROM patients WHERE master_id = ?1)), "
        "language = coalesce(language, (SELECT language FROM patients WHERE master_id = ?1)), "
        "email = coalesce(email, (SELECT email FROM patients WHERE master_id = ?1)), "
        "time_zone = coalesce(time_zone, (SELECT time_zone FROM patients WHERE master_id = ?1)), "
        "time_zone_local_by = CASE WHEN time_zone_local IS NULL THEN (SELECT time_zone_local_by "
        "FROM patients WHERE master_id = ?1) ELSE time_zone_local_by END, "
        "time_zone_local_at = CASE WHEN time_zone_local IS NULL THEN (SELECT time_zone_local_at "
        "FROM patients WHERE master_id = ?1) ELSE time_zone_local_at END, "
        "time_zone_local = coalesce(time_zone_local, (SELECT time_zone_local FROM patients WHERE "
        "master_id = ?1)) "
        "WHERE master_id = ?2"));
    keep.addBindValue(mergedMasterId);
    keep.addBindValue(survivorMasterId);
    if (!keep.exec())
        return sqlFailure(QStringLiteral("Keeping the merged patient's details"), keep);
    QSqlQuery drop(m_db);
    drop.prepare(QStringLiteral("DELETE FROM patients WHERE master_id = ?"));
    drop.addBindValue(mergedMasterId);
    if (!drop.exec())
        return sqlFailure(QStringLiteral("Retiring a merged patient"), drop);
    return moved;
}

Result<PatientSummary> PatientStore::summary(const QString &masterId) const
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT family, given, birth_date, gender, phone FROM patients "
                                 "WHERE master_id = ?"));
    query.addBindValue(masterId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading a patient"), query);
    if (!query.next())
        return fail(Error::Code::NotFound, QStringLiteral("No patient %1.").arg(masterId));

    PatientSummary summary;
    summary.masterId = masterId;
    const QString family = query.value(0).toString();
    const QString given = query.value(1).toString();
    summary.displayName = QStringList{given, family}.join(u' ').trimmed();
    summary.birthDate = query.value(2).toString();
    summary.gender = query.value(3).toString();
    summary.phone = query.value(4).toString();

    QSqlQuery aliases(m_db);
    aliases.prepare(QStringLiteral("SELECT system, value FROM patient_aliases WHERE master_id = ? "
                                   "ORDER BY system, value"));
    aliases.addBindValue(masterId);
    if (aliases.exec()) {
        while (aliases.next())
            summary.identifiers.append(aliases.value(0).toString() + u'|' +
                                       aliases.value(1).toString());
    }

    QSqlQuery consent(m_db);
    consent.prepare(QStringLiteral("SELECT kind FROM consent_events WHERE master_id = ? AND "
                                   "channel = 'sms' ORDER BY recorded_at DESC, id DESC LIMIT 1"));
    consent.addBindValue(masterId);
    if (consent.exec() && consent.next())
        summary.smsOptedOut = consent.value(0).toString() == QLatin1String("revoked");
    return summary;
}

Result<QList<TimelineEvent>> PatientStore::timeline(const QString &masterId) const
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT occurred_at, kind, summary, status, resource_type, "
                                 "resource_id FROM records WHERE master_id = ? "
                                 "ORDER BY occurred_at IS NULL, occurred_at, resource_id"));
    query.addBindValue(masterId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Reading the journey"), query);
    QList<TimelineEvent> events;
    while (query.next()) {
        TimelineEvent event;
        if (!query.value(0).isNull())
            event.when = fromStorageTime(query.value(0).toString());
        event.kind = query.value(1).toString();
        event.summary = query.value(2).toString();
        event.status = query.value(3).toString();
        event.resourceType = query.value(4).toString();
        event.resourceId = query.value(5).toString();
        events.append(event);
    }
    return events;
}

} // namespace CareDesk
