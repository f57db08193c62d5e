// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/CommsThread.h"

#include "app/AppContext.h"
#include "app/Settings.h"
#include "services/comms/CommsEngine.h"
#include "services/comms/MessageTemplates.h"
#include "services/store/CacheDatabase.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcCommsThread, "caredesk.app.comms", QtInfoMsg)

namespace CareDesk {

CommsThread::CommsThread(AppContext &context, const Settings &settings)
    : m_context(context)
    , m_policy(settings.sendPolicy())
    , m_channels(settings.channelSettings(&m_problems))
{
    auto templates = MessageTemplates::builtIn();
    if (templates)
        m_templates = std::make_shared<const MessageTemplates>(std::move(*templates));
    m_thread.setObjectName(QStringLiteral("comms"));
}

CommsThread::~CommsThread()
{
    if (!m_thread.isRunning())
        return;
    auto cache = m_context.cache();
    QMetaObject::invokeMethod(
        m_home,
        [this, cache] {
            delete m_engine;
            m_engine = nullptr;
            cache->releaseThreadConnection();
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_home;
}

void CommsThread::start()
{
    m_home = new QObject;
    m_home->moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(m_home, [this] {
        m_engine = new CommsEngine(m_context.cache(), m_context.audit(), m_context.access(),
                                   m_context.clock(), m_policy, m_channels);
        if (auto started = m_engine->start(5000); !started)
            qCWarning(lcCommsThread)
                << "message automation did not start:" << started.error().message;
    });
}

ConsentWorkstation CommsThread::workstation(const Principal &who) const
{
    ConsentWorkstation workstation;
    workstation.cache = m_context.cache();
    workstation.audit = &m_context.audit();
    workstation.access = &m_context.access();
    workstation.clock = &m_context.clock();
    workstation.principal = who;
    workstation.policy = m_policy;
    workstation.templates = m_templates;
    return workstation;
}

} // namespace CareDesk
