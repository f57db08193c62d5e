// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/journey/AuthorizationClocks.h"

#include "services/journey/JourneyEngine.h"

namespace CareDesk {

AuthorizationClocks::AuthorizationClocks(ClockSettings settings)
    : m_settings(settings)
{}

QList<AuthorizationRequest> AuthorizationClocks::compute(const QList<JourneyEvent> &input,
                                                         const QDateTime &now) const
{
    QList<JourneyEvent> events = input;
    JourneyEngine::sortEvents(events);
    QList<AuthorizationRequest> requests;

    auto findRequest = [&requests](const QString &ref) -> AuthorizationRequest * {
        for (AuthorizationRequest &request : requests) {
            if (!ref.isEmpty() && request.requestRef == ref)
                return &request;
        }
        return nullptr;
    };
    auto lastOfKind = [&requests](AuthorizationRequest::Kind kind) -> AuthorizationRequest * {
        for (qsizetype i = requests.size() - 1; i >= 0; --i) {
            if (requests.at(i).kind == kind)
                return &requests[i];
        }
        return nullptr;
    };

    for (const JourneyEvent &event : events) {
        const bool isRequest = event.type == QLatin1String("eligibility-request") ||
                               event.type == QLatin1String("preauth-request");
        const bool isResponse =
            event.type == QLatin1String("eligibility") || event.type == QLatin1String("preauth");
        if (!isRequest && !isResponse)
            continue;
        const auto kind = event.type.startsWith(QLatin1String("eligibility"))
                              ? AuthorizationRequest::Kind::Eligibility
                              : AuthorizationRequest::Kind::PriorAuthorization;

        if (isRequest) {
            if (findRequest(event.reference()))
                continue; // the same request seen twice
            AuthorizationRequest request;
            request.kind = kind;
            request.requestRef = event.reference();
            request.submittedAt = event.when;
            request.expedited = event.expedited;
            request.dueAt = event.when.addSecs(
                qint64(event.expedited ? m_settings.expeditedHours : m_settings.standardHours) *
                3600);
            request.status = QStringLiteral("pending");
            // A request after a denial (or one that names the denied request) resubmits it.
            AuthorizationRequest *previous =
                event.related.isEmpty() ? lastOfKind(kind) : findRequest(event.related);
            if (previous && previous->kind == kind && previous->status == QLatin1String("denied")) {
                request.resubmissionOf =
                    previous->requestRef.isEmpty() ? previous->responseRef : previous->requestRef;
                previous->resubmitted = true;
                request.attempt = previous->attempt + 1;
            } else if (AuthorizationRequest *earlier = lastOfKind(kind)) {
                request.attempt = earlier->attempt + 1;
            }
            requests.append(request);
            continue;
        }

        AuthorizationRequest *request = findRequest(event.related);
        if (!request) {
            // A decision for a request we never saw: its clock cannot be known.
            AuthorizationRequest unknown;
            unknown.kind = kind;
            requests.append(unknown);
            request = &requests.last();
        }
        request->responseRef = event.reference();
        request->status = event.status;
        request->decidedAt = event.when;
        request->denialReasons = event.reasons;
        request->decidedLate = request->dueAt.isValid() && event.when > request->dueAt &&
                               event.status != QLatin1String("pended");
    }

    for (AuthorizationRequest &request : requests) {
        const bool waiting =
            request.status == QLatin1String("pending") || request.status == QLatin1String("pended");
        if (waiting && request.dueAt.isValid() && now > request.dueAt)
            request.status = QStringLiteral("expired");
    }
    return requests;
}

} // namespace CareDesk
