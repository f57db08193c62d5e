// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/fhir/FhirFailure.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace CareDesk {

namespace {

QString kindName(FhirFailure::Kind kind)
{
    switch (kind) {
    case FhirFailure::Kind::Network:
        return QStringLiteral("network");
    case FhirFailure::Kind::Tls:
        return QStringLiteral("tls");
    case FhirFailure::Kind::Unauthorized:
        return QStringLiteral("unauthorized");
    case FhirFailure::Kind::Conflict:
        return QStringLiteral("conflict");
    case FhirFailure::Kind::Retryable:
        return QStringLiteral("retryable");
    case FhirFailure::Kind::Permanent:
        return QStringLiteral("permanent");
    case FhirFailure::Kind::BadResponse:
        return QStringLiteral("bad-response");
    }
    return QStringLiteral("network");
}

} // namespace

FhirFailure::Kind FhirFailure::kindForStatus(int status)
{
    if (status == 409 || status == 412)
        return Kind::Conflict;
    if (status == 401 || status == 403)
        return Kind::Unauthorized;
    if (status == 408 || status == 429 || status >= 500)
        return Kind::Retryable;
    if (status >= 400)
        return Kind::Permanent;
    return Kind::BadResponse;
}

FhirFailure FhirFailure::fromHttp(int status, const QByteArray &contentType, const QByteArray &body)
{
    FhirFailure failure;
    failure.httpStatus = status;
    failure.kind = kindForStatus(status);
    failure.contentType = QString::fromLatin1(contentType.left(100));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    const QJsonObject outcome = document.object();
    if (error.error != QJsonParseError::NoError ||
        outcome.value(QLatin1String("resourceType")).toString() !=
            QLatin1String("OperationOutcome")) {
        // Not FHIR (a gateway's HTML page, plain text): keep its start, valid UTF-8 or not.
        failure.bodySnippet = body.left(kSnippetBytes);
        return failure;
    }
    for (const QJsonValue &value : outcome.value(QLatin1String("issue")).toArray()) {
        const QJsonObject object = value.toObject();
        FhirIssue issue;
        issue.severity = object.value(QLatin1String("severity")).toString();
        issue.code = object.value(QLatin1String("code")).toString();
        issue.diagnostics = object.value(QLatin1String("diagnostics")).toString();
        const QJsonObject details = object.value(QLatin1String("details")).toObject();
        issue.details = details.value(QLatin1String("text")).toString();
        if (issue.details.isEmpty())
            issue.details = details.value(QLatin1String("coding"))
                                .toArray()
                                .first()
                                .toObject()
                                .value(QLatin1String("display"))
                                .toString();
        for (const QJsonValue &path : object.value(QLatin1String("expression")).toArray())
            issue.expression.append(path.toString());
        failure.issues.append(issue);
    }
    return failure;
}

QString FhirFailure::message() const
{
    if (kind == Kind::Network)
        return QStringLiteral("The FHIR server could not be reached (%1).").arg(networkError);
    if (kind == Kind::Tls)
        return QStringLiteral("The FHIR server's TLS connection was refused: %1").arg(networkError);
    QString text = httpStatus > 0 ? QStringLiteral("The FHIR server answered %1").arg(httpStatus)
                                  : QStringLiteral("The FHIR server's answer was not usable");
    // The first error (else the first issue) says most; the rest stay in the detail.
    const FhirIssue *shown = nullptr;
    for (const FhirIssue &issue : issues) {
        if (!shown || (shown->severity != QLatin1String("error") &&
                       (issue.severity == QLatin1String("error") ||
                        issue.severity == QLatin1String("fatal"))))
            shown = &issue;
    }
    if (shown) {
        const QString what = shown->diagnostics.isEmpty() ? shown->details : shown->diagnostics;
        text += QStringLiteral(": %1").arg(what.isEmpty() ? shown->code : what);
        if (!shown->expression.isEmpty())
            text += QStringLiteral(" (at %1)").arg(shown->expression.join(QStringLiteral(", ")));
        if (issues.size() > 1)
            text += QStringLiteral(" and %1 more issue(s)").arg(issues.size() - 1);
    } else if (!bodySnippet.isEmpty()) {
        text += QStringLiteral(", not in FHIR: \"%1\"")
                    .arg(QString::fromUtf8(bodySnippet).simplified().left(120));
    }
    return text + u'.';
}

QJsonObject FhirFailure::toJson() const
{
    QJsonArray issueArray;
    for (const FhirIssue &issue : issues) {
        issueArray.append(QJsonObject{
            {QStringLiteral("severity"), issue.severity},
            {QStringLiteral("code"), issue.code},
            {QStringLiteral("diagnostics"), issue.diagnostics},
            {QStringLiteral("details"), issue.details},
            {QStringLiteral("expression"), QJsonArray::fromStringList(issue.expression)},
        });
    }
    QJsonObject object{{QStringLiteral("kind"), kindName(kind)},
                       {QStringLiteral("status"), httpStatus},
                       {QStringLiteral("issues"), issueArray},
                       {QStringLiteral("url"), url}};
    if (!networkError.isEmpty())
        object.insert(QStringLiteral("networkError"), networkError);
    if (!bodySnippet.isEmpty())
        object.insert(QStringLiteral("bodySnippet"), QString::fromUtf8(bodySnippet));
    if (!contentType.isEmpty())
        object.insert(QStringLiteral("contentType"), contentType);
    if (retryAfterSeconds)
        object.insert(QStringLiteral("retryAfterSeconds"), *retryAfterSeconds);
    return object;
}

FhirFailure FhirFailure::fromJson(const QJsonObject &object)
{
    FhirFailure failure;
    const QString kind = object.value(QLatin1String("kind")).toString();
    for (auto candidate : {Kind::Network, Kind::Tls, Kind::Unauthorized, Kind::Conflict,
                           Kind::Retryable, Kind::Permanent, Kind::BadResponse}) {
        if (kindName(candidate) == kind)
            failure.kind = candidate;
    }
    failure.httpStatus = object.value(QLatin1String("status")).toInt();
    failure.networkError = object.value(QLatin1String("networkError")).toString();
    failure.bodySnippet = object.value(QLatin1String("bodySnippet")).toString().toUtf8();
    failure.contentType = object.value(QLatin1String("contentType")).toString();
    failure.url = object.value(QLatin1String("url")).toString();
    for (const QJsonValue &value : object.value(QLatin1String("issues")).toArray()) {
        const QJsonObject entry = value.toObject();
        FhirIssue issue{entry.value(QLatin1String("severity")).toString(),
                        entry.value(QLatin1String("code")).toString(),
                        entry.value(QLatin1String("diagnostics")).toString(),
                        entry.value(QLatin1String("details")).toString(),
                        {}};
        for (const QJsonValue &path : entry.value(QLatin1String("expression")).toArray())
            issue.expression.append(path.toString());
        failure.issues.append(issue);
    }
    if (object.contains(QLatin1String("retryAfterSeconds")))
        failure.retryAfterSeconds = object.value(QLatin1String("retryAfterSeconds")).toInteger();
    return failure;
}

} // namespace CareDesk
