// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QStringList>

namespace CareDesk {

// Versioned schema migrations. Step N takes the cache from user_version N-1 to N; each step is a
// list of single statements run in one transaction. Steps are only ever appended.
const QList<QStringList> &schemaMigrations();

} // namespace CareDesk
