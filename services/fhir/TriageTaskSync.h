// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace CareDesk {

class AuditLog;

// The server Task behind a triage item: one per patient reply, found by an identifier that names
// the reply ("urn:caredesk:triage-reply" | "Communication/<id>"), so every workstation and the
// automation find the same Task. Its status and owner are the shared truth about who works the
// item; the local item follows them unless a command of this workstation is still on its way.
namespace TriageTask {

inline const QString kReplySystem = QStringLiteral("urn:caredesk:triage-reply");
inline const QString kCommandTagSystem = QStringLiteral("urn:caredesk:command");
inline const QString kUserSystem = QStringLiteral("urn:caredesk:user");
inline const QString kDispositionSystem = QStringLiteral("urn:caredesk:disposition");

struct Remote {
    QString taskId;
    QString versionId;
    QString status; // FHIR Task.status
    QString owner;  // the user, from owner.identifier (else owner.display)
    QString disposition;
    QString note;
    QString replyReference;  // "Communication/<server id>"
    QStringList commandKeys; // idempotency keys on this version's meta.tag
};

// Reads a Task that is a triage task; empty for any other Task.
std::optional<Remote> read(const QJsonObject &task);

struct Link {
    QString communicationId; // local (scoped) id of the reply
    qint64 sourceId = 0;
    QString taskId;
    QString versionId;
    QString status;
    QString owner;
};
Result<std::optional<Link>> link(QSqlDatabase &db, const QString &communicationId);
VoidResult saveLink(QSqlDatabase &db, const Link &link, const QDateTime &now);

// Brings the local item of the reply in line with the server's Task (status, owner, resolution),
// audited as done by that owner through FHIR, and records the Task's version. Leaves the item
// alone while this workstation has a command for it waiting or in flight. Runs in the caller's
// transaction; true when the item changed.
// evenWithCommandsWaiting: the answer to this workstation's own command (a lost conflict).
Result<bool> applyToItem(QSqlDatabase &db, AuditLog &audit, qint64 sourceId, const QString &scope,
                         const Remote &remote, const QDateTime &now,
                         bool evenWithCommandsWaiting = false);

} // namespace TriageTask

} // namespace CareDesk
