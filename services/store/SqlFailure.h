// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"

#include <QSqlError>
#include <QSqlQuery>

namespace CareDesk {

// A storage error that names what was being done and what the database said.
inline Error storageError(const QString &what, const QSqlError &error)
{
    return {Error::Code::Storage, QStringLiteral("%1: %2").arg(what, error.text())};
}

inline std::unexpected<Error> sqlFailure(const QString &what, const QSqlQuery &query)
{
    return std::unexpected(storageError(what, query.lastError()));
}

} // namespace CareDesk
