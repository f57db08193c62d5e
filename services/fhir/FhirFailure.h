// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace CareDesk {

// One OperationOutcome.issue, kept whole.
struct FhirIssue {
    QString severity;
    QString code;
    QString diagnostics;
    QString details; // details.text, or the first coding's display
    QStringList expression;
};

// Why a FHIR request did not succeed, with everything the server said: the HTTP status, every
// OperationOutcome issue, or the first bytes of a body that was not FHIR (an HTML gateway
// page), and what the server asked for in Retry-After. Nothing is reduced to one string.
struct FhirFailure {
    enum class Kind {
        Network,      // no answer: refused, reset, timed out, DNS; retryable
        Tls,          // the server's certificate or TLS version was refused; not retried
        Unauthorized, // 401/403: the token or the client registration
        Conflict,     // 409/412: someone else's version won
        Retryable,    // 5xx, 429, 408
        Permanent,    // other 4xx: the request itself is wrong
        BadResponse,  // 2xx that is not the FHIR JSON it should be
    };
    Kind kind = Kind::Network;
    int httpStatus = 0;
    QString networkError; // Qt's words for a network or TLS failure
    QList<FhirIssue> issues;
    QByteArray bodySnippet; // at most kSnippetBytes of a non-FHIR body
    QString contentType;
    std::optional<qint64> retryAfterSeconds;
    QString url; // without query: queries may carry identifiers

    static constexpr qsizetype kSnippetBytes = 200;

    bool retryable() const { return kind == Kind::Network || kind == Kind::Retryable; }
    // A sentence for people, naming the status and the first error issue.
    QString message() const;
    // Everything, for the outbox row and the sync log.
    QJsonObject toJson() const;
    static FhirFailure fromJson(const QJsonObject &object);

    // Reads an HTTP error answer: status, content type, body (OperationOutcome or not).
    static FhirFailure fromHttp(int status, const QByteArray &contentType, const QByteArray &body);
    static Kind kindForStatus(int status);
};

} // namespace CareDesk
