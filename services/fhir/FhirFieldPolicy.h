// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QStringList>

namespace CareDesk {

// Minimum necessary: what of each synced resource a role needs, and which resource types it
// syncs at all. Everything else is dropped before it reaches the cache (a triage nurse's cache
// holds no addresses, photos, contacts or demographic extensions).
namespace FhirFieldPolicy {

QStringList roles(); // "triage-nurse" (default), "care-coordinator", "supervisor"
bool isKnownRole(const QString &role);
// Resource types the role syncs, in the order they are read (patients before their events).
QStringList syncedTypes(const QString &role);
// resource with only the top-level elements the role needs (resourceType, id, meta always).
QJsonObject minimumNecessary(const QJsonObject &resource, const QString &role);

} // namespace FhirFieldPolicy

} // namespace CareDesk
