// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/fhir/FhirPager.h"

#include "services/fhir/FhirMapper.h"

#include <QJsonArray>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcFhirClient)

namespace CareDesk {

FhirPager::FhirPager(FhirClient &client, int pageCap, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_pageCap(qMax(1, pageCap))
{}

void FhirPager::run(const QUrl &first, PageFn onPage, DoneFn done)
{
    m_onPage = std::move(onPage);
    m_done = std::move(done);
    m_run = PageRun();
    m_visited.clear();
    m_finished = false;
    fetch(first);
}

void FhirPager::fetch(const QUrl &url)
{
    m_visited.insert(url.toEncoded());
    m_client.get(url, this, [this](const FhirResponse &response) { onPage(response); });
}

void FhirPager::onPage(const FhirResponse &response)
{
    if (m_finished)
        return;
    if (!response.ok()) {
        m_run.failure = response.failure;
        finish(false, response.failure->message());
        return;
    }
    if (response.json.value(QLatin1String("resourceType")).toString() != QLatin1String("Bundle")) {
        finish(false, QStringLiteral("The server answered a search with something that is not a "
                                     "Bundle."));
        return;
    }
    m_run.pages += 1;
    if (m_run.pages == 1) {
        m_run.firstServerDate = response.serverDate;
        m_run.snapshotAt = parseFhirDateTime(response.json.value(QLatin1String("meta"))
                                                 .toObject()
                                                 .value(QLatin1String("lastUpdated"))
                                                 .toString());
    }

    // The next page is asked for before this one is stored, so the server works on it while
    // CareDesk writes this one (Qt's HTTP runs on a thread of its own).
    QString next;
    for (const QJsonValue &link : response.json.value(QLatin1String("link")).toArray()) {
        const QJsonObject object = link.toObject();
        if (object.value(QLatin1String("relation")).toString() == QLatin1String("next"))
            next = object.value(QLatin1String("url")).toString();
    }
    QString stop;
    QUrl nextUrl;
    if (!next.isEmpty()) {
        nextUrl = m_client.resolve(next);
        if (!nextUrl.isValid() || !m_client.sameOrigin(nextUrl))
            stop = QStringLiteral("Page %1's next link leads away from the FHIR server; it was "
                                  "not followed.")
                       .arg(m_run.pages);
        else if (m_visited.contains(nextUrl.toEncoded()))
            stop = QStringLiteral("Page %1's next link leads back to a page already read (a "
                                  "cycle); paging stopped.")
                       .arg(m_run.pages);
        else if (m_run.pages >= m_pageCap)
            stop = QStringLiteral("The search has more than %1 pages, the limit; the rest was not "
                                  "read.")
                       .arg(m_pageCap);
        else
            fetch(nextUrl);
    }
    if (auto taken = m_onPage(response.json); !taken) {
        finish(false, taken.error().message);
        return;
    }
    if (!stop.isEmpty())
        finish(false, stop);
    else if (next.isEmpty())
        finish(true, QString());
}

void FhirPager::finish(bool complete, const QString &problem)
{
    if (m_finished)
        return;
    m_finished = true;
    m_run.complete = complete;
    m_run.problem = problem;
    if (!complete)
        qCWarning(lcFhirClient) << "search incomplete after" << m_run.pages << "pages";
    // The callback may delete this pager.
    DoneFn done = std::move(m_done);
    done(m_run);
}

} // namespace CareDesk
