// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/fhir/FhirClient.h"

#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QUrl>

#include <functional>
#include <optional>

namespace CareDesk {

// How a paged search ended. Complete only when the last page had no next link; a page cap, a
// cycle, a link to another server or any error leaves it incomplete, never "successful".
struct PageRun {
    int pages = 0;
    bool complete = false;
    QString problem;                    // why it stopped early, for people and the sync log
    std::optional<FhirFailure> failure; // the server's own words when a request failed
    QDateTime firstServerDate;          // Date of the first page's answer
    QDateTime snapshotAt;               // Bundle.meta.lastUpdated of the first page, if given
};

// Follows a FHIR search through Bundle.link[relation=next] only: relative links resolve
// against the base, host-relative against its origin, absolute ones are used as they are (and
// must stay on the base's origin, since they carry the bearer token). The link text goes back
// byte for byte.
class FhirPager : public QObject
{
    Q_OBJECT
public:
    using PageFn = std::function<VoidResult(const QJsonObject &bundle)>;
    using DoneFn = std::function<void(const PageRun &)>;

    FhirPager(FhirClient &client, int pageCap, QObject *parent = nullptr);

    void run(const QUrl &first, PageFn onPage, DoneFn done);

private:
    void fetch(const QUrl &url);
    void onPage(const FhirResponse &response);
    void finish(bool complete, const QString &problem);

    FhirClient &m_client;
    int m_pageCap;
    PageFn m_onPage;
    DoneFn m_done;
    PageRun m_run;
    QSet<QByteArray> m_visited;
    bool m_finished = false; // a page that arrives after a failure is dropped
};

} // namespace CareDesk
