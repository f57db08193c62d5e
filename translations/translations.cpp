// SPDX-License-Identifier: GPL-3.0-or-later
// Holds the compiled .qm catalogues (":/i18n/caredesk_<lang>.qm") as a Qt resource.
namespace CareDesk {
int translationsLinked = 0;
} // namespace CareDesk
