// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Error.h"
#include "services/security/Principal.h"

#include <QStringList>

class QCommandLineParser;

namespace CareDesk {

class AppContext;

// caredesk-cli's sign-in and its security commands: init, enroll, user, break-glass and the
// audit trail's list, report and export. cli_main.cpp dispatches here.
namespace SecurityCommands {

// Adds this file's options to the parser.
void addOptions(QCommandLineParser &parser);
// Adds --credential-file alone, for commands with parsers of their own (sync, serve, consent);
// signIn() then reads it from that parser.
void addSignInOption(QCommandLineParser &parser);
// Help lines for these commands.
QString helpText();
// Commands handled here that need no signed-in user (they sign in themselves or create one).
bool runsBeforeSignIn(const QString &command);
// Commands handled here after sign-in.
bool isSecurityCommand(const QStringList &args);
// Options of this file given to a command that has no use for them, or an empty string.
QString misplacedOption(const QCommandLineParser &parser, const QString &command);

// init / enroll: exit code.
int runBeforeSignIn(AppContext &context, const QCommandLineParser &parser, const QStringList &args);
// The CLI signs in like the GUI: --credential-file FILE (owner-only), or on a terminal the user
// name, password (no echo) and code. A user without a second factor enrols on the terminal.
Result<Principal> signIn(AppContext &context, const QCommandLineParser &parser);
// user, break-glass, audit list|report|export: exit code.
int run(AppContext &context, const QCommandLineParser &parser, const QStringList &args);
// 2 bad input, 3 key, 4 conflict, 5 audit, 6 damaged, 7 not allowed, 1 other.
int exitCode(const Error &error);

} // namespace SecurityCommands

} // namespace CareDesk
