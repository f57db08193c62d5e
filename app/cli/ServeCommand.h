// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace CareDesk {

// caredesk-cli serve: the headless interfaces of a site, until SIGINT or SIGTERM.
//   serve --mllp-port N [--mllp-bind ADDR] [--mllp-tls-cert PEM --mllp-tls-key PEM]
//         [--mllp-tls-client-ca PEM] [--hl7-charset NAME] [--mllp-max-frame BYTES]
//         [--mllp-max-connections N]
// Options left out come from the hl7/* keys of caredesk.ini. Also takes --data-dir, --key-file
// and --verbose. Prints "MLLP listening on ADDRESS:PORT" once it listens, and what it took when
// it stops. Exit codes: 0 stopped by a signal, 1 cannot listen, 2 bad arguments, 3 key or
// keychain, 6 damaged cache.
int runServeCommand(const QStringList &arguments);
// True when the command line's command word is "serve" (its options are its own).
bool isServeCommand(const QStringList &arguments);

} // namespace CareDesk
