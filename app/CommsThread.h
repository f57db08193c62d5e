// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/comms/CommsEngine.h"
#include "ui/ConsentController.h"

#include <QStringList>
#include <QThread>

namespace CareDesk {

class AppContext;
class CommsEngine;
class Settings;

// The workstation's message automation (CommsEngine) on a thread of its own: created, run and
// destroyed there, so its outbox, timers and cache connection all belong to that thread.
class CommsThread
{
public:
    CommsThread(AppContext &context, const Settings &settings);
    ~CommsThread();
    CommsThread(const CommsThread &) = delete;
    CommsThread &operator=(const CommsThread &) = delete;

    void start();
    // What a consent panel acting as who needs (the same policy and templates as the
    // automation).
    ConsentWorkstation workstation(const Principal &who) const;
    // Why a configured channel could not be set up (an unreadable secret file); empty if none.
    QStringList problems() const { return m_problems; }

private:
    AppContext &m_context;
    SendPolicy m_policy;
    ChannelSettings m_channels;
    QStringList m_problems;
    std::shared_ptr<const MessageTemplates> m_templates;
    QThread m_thread;
    QObject *m_home = nullptr; // lives on m_thread; work is queued to it
    CommsEngine *m_engine = nullptr;
};

} // namespace CareDesk
