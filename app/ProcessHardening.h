// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

namespace CareDesk {

// Run first in both executables. Files CareDesk creates are readable by its user only, and a
// crash leaves no core dump: a dump would hold decrypted records and the cache key in plain
// text, wherever the system's core pattern puts it. Not dumpable also keeps other processes of
// the same user from attaching a debugger to read the key.
inline void hardenProcess()
{
    ::umask(S_IRWXG | S_IRWXO);
    const rlimit noCore{0, 0};
    ::setrlimit(RLIMIT_CORE, &noCore);
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

} // namespace CareDesk
