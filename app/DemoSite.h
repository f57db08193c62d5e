// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "ui/SignInDialog.h"

#include <QJsonArray>
#include <QObject>
#include <QTimer>

namespace CareDesk {

class AppContext;
class CacheDatabase;
class MainWindow;
class Settings;

// The embedded demo site: on the first run (a new, empty cache) it loads the demo data set that
// ships with CareDesk (real public Synthea and HL7 data plus replies written for the demo), then
// runs the embedded automation, which hands a new patient reply to the same import path every so
// often, as an SMS gateway would.
class DemoSite : public QObject
{
    Q_OBJECT
public:
    DemoSite(MainWindow &window, Settings &settings, QObject *parent = nullptr);

    static QString demoDir();
    // The files of the initial load, in dependency order.
    static QStringList initialFiles();
    // demo-replies.ndjson with each reply's receipt time moved to a few minutes before now.
    static QByteArray recentReplies(const QDateTime &now);

    // Before anyone signs in: a cache created by this run (or one that already is the demo
    // site) becomes the demo site and gets its make-believe users, each with a second factor,
    // whose credentials the sign-in screen shows under a DEMO banner. Any other cache: an empty
    // list, nothing changed.
    static Result<QList<DemoCredential>> prepareUsers(AppContext &context, bool cacheCreatedNow);

    // Turns a cache created by this run into the demo site (or resumes one that already is):
    // loads the demo data once and starts the automation. Returns false, doing nothing, for any
    // other cache: a real site never gets demo data or demo replies.
    bool start(CacheDatabase &cache, bool cacheCreatedNow);

private:
    void sendNextFeedReply();

    MainWindow &m_window;
    Settings &m_settings;
    QTimer m_feedTimer;
    QJsonArray m_feed;
    int m_nextFeed = 0;
};

} // namespace CareDesk
