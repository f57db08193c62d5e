// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/SecurityCommands.h"

#include "app/AppContext.h"
#include "services/maintenance/CacheMaintenance.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditTrail.h"
#include "services/security/BreakGlassService.h"
#include "services/security/CredentialFile.h"
#include "services/security/PasswordHash.h"
#include "services/security/QrMatrix.h"
#include "services/security/SignInService.h"
#include "services/security/Totp.h"
#include "services/security/UserDirectory.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

#include <cstdio>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace CareDesk::SecurityCommands {

namespace {

const QCommandLineOption kCredentialFile(
    QStringLiteral("credential-file"),
    QStringLiteral("Sign in from an owner-only FILE of lines user=, password= and totp-secret= "
                   "(for scripts and services). Without it, the CLI asks on the terminal."),
    QStringLiteral("FILE"));
const QCommandLineOption kAdmin(QStringLiteral("admin"),
                                QStringLiteral("init: the first administrator's user name."),
                                QStringLiteral("NAME"));
const QCommandLineOption kPasswordFile(
    QStringLiteral("password-file"),
    QStringLiteral("init, user add: the new user's password, from an owner-only FILE."),
    QStringLiteral("FILE"));
const QCommandLineOption kRole(QStringLiteral("role"),
                               QStringLiteral("user add: coordinator, triage-nurse, supervisor, "
                                              "administrator or auditor."),
                               QStringLiteral("ROLE"));
const QCommandLineOption kNewCredentialFile(
    QStringLiteral("new-credential-file"),
    QStringLiteral("enroll: write a complete credential file (with the new TOTP secret) to "
                   "FILE, which must not exist."),
    QStringLiteral("FILE"));
const QCommandLineOption kFormat(QStringLiteral("format"),
                                 QStringLiteral("audit export: ndjson (FHIR AuditEvent) or csv."),
                                 QStringLiteral("FORMAT"));
const QCommandLineOption kUser(QStringLiteral("user"),
                               QStringLiteral("audit list/export: only this user's entries."),
                               QStringLiteral("NAME"));
const QCommandLineOption kPatient(QStringLiteral("patient"),
                                  QStringLiteral("audit list/export: only this patient's entries."),
                                  QStringLiteral("ID"));
const QCommandLineOption kAction(QStringLiteral("action"),
                                 QStringLiteral("audit list/export: only this action."),
                                 QStringLiteral("ACTION"));
const QCommandLineOption kOutcome(QStringLiteral("outcome"),
                                  QStringLiteral("audit list/export: success, denied, failure..."),
                                  QStringLiteral("OUTCOME"));
const QCommandLineOption kSince(QStringLiteral("since"),
                                QStringLiteral("audit list/export: from this ISO 8601 time."),
                                QStringLiteral("TIME"));
const QCommandLineOption kUntil(QStringLiteral("until"),
                                QStringLiteral("audit list/export: before this ISO 8601 time."),
                                QStringLiteral("TIME"));
const QCommandLineOption kMinutes(QStringLiteral("minutes"),
                                  QStringLiteral("break-glass: how long (1-120, default 30)."),
                                  QStringLiteral("N"));

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int failWith(const Error &error)
{
    err() << "caredesk-cli: " << error.message << Qt::endl;
    return exitCode(error);
}

int usage(const QString &message)
{
    err() << "caredesk-cli: " << message << Qt::endl;
    return 2;
}

// Reads one line from the terminal itself (not stdin, which a script may have redirected),
// without echo when secret.
std::optional<QByteArray> askTerminal(const QString &prompt, bool secret)
{
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    const QByteArray promptBytes = prompt.toLocal8Bit();
    (void)!::write(fd, promptBytes.constData(), size_t(promptBytes.size()));
    termios saved{};
    const bool isTerminal = ::tcgetattr(fd, &saved) == 0;
    if (secret && isTerminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    QByteArray line;
    char c = 0;
    while (::read(fd, &c, 1) == 1 && c != '\n')
        line += c;
    if (secret && isTerminal) {
        ::tcsetattr(fd, TCSAFLUSH, &saved);
        (void)!::write(fd, "\n", 1);
    }
    c = 0;
    ::close(fd);
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

Result<QByteArray> readPasswordFile(const QCommandLineParser &parser)
{
    if (!parser.isSet(kPasswordFile))
        return fail(Error::Code::InvalidInput, QStringLiteral("this needs --password-file FILE"));
    return readOwnerOnlySecret(parser.value(kPasswordFile), QStringLiteral("password"));
}

void showEnrolment(const MfaEnrolment &enrolment)
{
    err() << "Set up your second factor: scan this code with an authenticator app, or type the "
             "key below.\n"
          << QrMatrix::encode(enrolment.uri).toTerminalText()
          << "Key: " << Totp::toBase32(enrolment.secret) << Qt::endl;
}

void showRecoveryCodes(const QStringList &codes)
{
    out() << "Recovery codes (each works once instead of a code; keep them somewhere safe, "
             "they are not shown again):"
          << Qt::endl;
    for (const QString &code : codes)
        out() << "  " << code << Qt::endl;
}

Result<QDateTime> parseTime(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    if (!parser.isSet(option))
        return QDateTime();
    QDateTime when = QDateTime::fromString(parser.value(option), Qt::ISODateWithMs);
    if (!when.isValid())
        when = QDateTime::fromString(parser.value(option), Qt::ISODate);
    if (!when.isValid())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("--%1 needs an ISO 8601 time such as 2026-12-03T09:00:00Z")
                        .arg(option.names().constFirst()));
    return when.toUTC();
}

int runUser(AppContext &ctx, const QCommandLineParser &parser, const QStringList &args)
{
    const QString verb = args.value(1);
    const Principal me = ctx.principal();
    if (verb == QLatin1String("list") && args.size() == 2) {
        auto users = ctx.users().list(me);
        if (!users)
            return failWith(users.error());
        for (const UserAccount &user : *users) {
            out() << QStringLiteral("%1\t%2\t%3\t%4\trecovery codes left %5\tcreated %6 by %7")
                         .arg(user.name, user.role,
                              user.disabled ? QStringLiteral("disabled") : QStringLiteral("active"),
                              user.mfaEnrolled ? QStringLiteral("mfa")
                                               : QStringLiteral("mfa-pending"))
                         .arg(user.recoveryCodesLeft)
                         .arg(user.createdAt.toString(Qt::ISODate), user.createdBy)
                  << Qt::endl;
        }
        return 0;
    }
    if (args.size() != 3)
        return usage(QStringLiteral("usage: user add NAME --role ROLE --password-file FILE | "
                                    "user disable|enable|reset-mfa NAME | user list"));
    const QString name = args.at(2);
    VoidResult done;
    if (verb == QLatin1String("add")) {
        if (!parser.isSet(kRole))
            return usage(QStringLiteral("user add needs --role ROLE and --password-file FILE"));
        auto password = readPasswordFile(parser);
        if (!password)
            return failWith(password.error());
        done = ctx.users().addUser(me, name, parser.value(kRole), *password);
        wipeSecret(*password);
    } else if (verb == QLatin1String("disable") || verb == QLatin1String("enable")) {
        done = ctx.users().setDisabled(me, name, verb == QLatin1String("disable"));
    } else if (verb == QLatin1String("reset-mfa")) {
        done = ctx.users().resetMfa(me, name);
    } else {
        return usage(QStringLiteral("unknown user command \"%1\"").arg(verb));
    }
    if (!done)
        return failWith(done.error());
    out() << QStringLiteral("user %1: %2 done").arg(verb, name) << Qt::endl;
    return 0;
}

int runBreakGlass(AppContext &ctx, const QCommandLineParser &parser, const QStringList &args)
{
    const QString verb = args.value(1);
    if (verb == QLatin1String("review") && args.size() == 2) {
        auto queue = ctx.breakGlass().reviewQueue(ctx.principal());
        if (!queue)
            return failWith(queue.error());
        for (const BreakGlassGrant &grant : *queue) {
            out() << QStringLiteral("%1\t%2 (%3)\tpatient %4\t%5 to %6\t%7")
                         .arg(grant.id)
                         .arg(grant.user, grant.role, grant.masterId,
                              grant.startedAt.toString(Qt::ISODate),
                              grant.expiresAt.toString(Qt::ISODate), grant.reason)
                  << Qt::endl;
        }
        return 0;
    }
    if (verb == QLatin1String("close") && args.size() == 3) {
        bool ok = false;
        const qint64 id = args.at(2).toLongLong(&ok);
        if (!ok || !parser.isSet(QStringLiteral("note")))
            return usage(QStringLiteral("usage: break-glass close ID --note TEXT"));
        auto done =
            ctx.breakGlass().close(ctx.principal(), id, parser.value(QStringLiteral("note")));
        if (!done)
            return failWith(done.error());
        out() << QStringLiteral("break-glass %1 reviewed").arg(id) << Qt::endl;
        return 0;
    }
    if (verb == QLatin1String("start") && args.size() == 3) {
        int minutes = BreakGlassService::kDefaultMinutes;
        if (parser.isSet(kMinutes)) {
            bool ok = false;
            minutes = parser.value(kMinutes).toInt(&ok);
            if (!ok)
                return usage(QStringLiteral("--minutes needs a whole number"));
        }
        if (!parser.isSet(QStringLiteral("reason")))
            return usage(QStringLiteral("break-glass start PATIENT needs --reason TEXT"));
        auto grant = ctx.breakGlass().start(ctx.principal(), args.at(2),
                                            parser.value(QStringLiteral("reason")), minutes);
        if (!grant)
            return failWith(grant.error());
        out() << QStringLiteral("BREAK-GLASS %1: access to patient %2 until %3; supervisors "
                                "are notified and will review it.")
                     .arg(grant->id)
                     .arg(grant->masterId, grant->expiresAt.toString(Qt::ISODate))
              << Qt::endl;
        return 0;
    }
    return usage(QStringLiteral("usage: break-glass start PATIENT --reason TEXT [--minutes N] | "
                                "break-glass review | break-glass close ID --note TEXT"));
}

int runAudit(AppContext &ctx, const QCommandLineParser &parser, const QStringList &args)
{
    AuditTrail trail(ctx.access());
    const QString verb = args.value(1);
    const bool report = verb == QLatin1String("report");
    if (report ? args.size() != 3 : args.size() != 2) {
        return usage(report ? QStringLiteral("usage: audit report PATIENT [--user U] [--action A] "
                                             "[--outcome O] [--since T] [--until T]")
                            : QStringLiteral("unexpected arguments after \"audit %1\"").arg(verb));
    }
    AuditFilter filter;
    filter.user = parser.value(kUser);
    filter.masterId = report ? args.at(2) : parser.value(kPatient);
    filter.action = parser.value(kAction);
    filter.outcome = parser.value(kOutcome);
    auto from = parseTime(parser, kSince);
    auto to = parseTime(parser, kUntil);
    if (!from || !to)
        return failWith(!from ? from.error() : to.error());
    filter.from = *from;
    filter.to = *to;
    if (report) {
        auto rows = trail.patientAccess(ctx.principal(), filter);
        if (!rows)
            return failWith(rows.error());
        out() << "user\taction\toutcome\tcount\tfirst\tlast" << Qt::endl;
        for (const PatientAccessRow &row : *rows) {
            out() << QStringLiteral("%1\t%2\t%3\t%4\t%5\t%6")
                         .arg(row.user, row.action, row.outcome)
                         .arg(row.count)
                         .arg(row.first.toString(Qt::ISODate), row.last.toString(Qt::ISODate))
                  << Qt::endl;
        }
        return 0;
    }
    if (verb == QLatin1String("list")) {
        auto entries = trail.entries(ctx.principal(), filter);
        if (!entries)
            return failWith(entries.error());
        for (const AuditEntry &entry : *entries) {
            out() << QStringLiteral("%1\t%2\t%3\t%4\t%5\t%6\t%7")
                         .arg(entry.seq)
                         .arg(entry.at.toString(Qt::ISODateWithMs), entry.actor, entry.action,
                              entry.masterId, entry.object, entry.outcome)
                  << Qt::endl;
        }
        return 0;
    }
    const QString format = parser.value(kFormat);
    if (format != QLatin1String("ndjson") && format != QLatin1String("csv"))
        return usage(QStringLiteral("audit export needs --format ndjson or --format csv"));
    auto exported = trail.exportEntries(
        ctx.principal(), filter,
        format == QLatin1String("csv") ? AuditTrail::Format::Csv : AuditTrail::Format::Ndjson);
    if (!exported)
        return failWith(exported.error());
    out().flush();
    fwrite(exported->constData(), 1, size_t(exported->size()), stdout);
    fflush(stdout);
    return 0;
}

int runInit(AppContext &ctx, const QCommandLineParser &parser)
{
    if (!parser.isSet(kAdmin))
        return usage(QStringLiteral("init needs --admin NAME and --password-file FILE"));
    auto password = readPasswordFile(parser);
    if (!password)
        return failWith(password.error());
    auto done = ctx.users().createFirstAdministrator(parser.value(kAdmin), *password);
    wipeSecret(*password);
    if (!done)
        return failWith(done.error());
    out() << QStringLiteral("administrator %1 created; the second factor is set up at the first "
                            "sign-in (GUI, terminal, or \"caredesk-cli enroll\")")
                 .arg(parser.value(kAdmin))
          << Qt::endl;
    return 0;
}

Result<QString> writeNewCredentialFile(const QString &path, const Credentials &credentials,
                                       const QByteArray &secret)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Cannot create %1 (it must not exist yet).").arg(path));
    QByteArray text = "user=" + credentials.user.toUtf8() + "\npassword=" + credentials.password +
                      "\ntotp-secret=" + Totp::toBase32(secret).toLatin1() + '\n';
    const bool written =
        ::write(fd, text.constData(), size_t(text.size())) == text.size() && ::fsync(fd) == 0;
    ::close(fd);
    wipeSecret(text);
    if (!written)
        return fail(Error::Code::Storage, QStringLiteral("Cannot write %1.").arg(path));
    return path;
}

int runEnroll(AppContext &ctx, const QCommandLineParser &parser)
{
    if (!parser.isSet(kCredentialFile) || !parser.isSet(kNewCredentialFile))
        return usage(QStringLiteral("enroll needs --credential-file FILE (user= and password=) "
                                    "and --new-credential-file FILE"));
    auto credentials = readCredentialFile(parser.value(kCredentialFile));
    if (!credentials)
        return failWith(credentials.error());
    auto enrolment = ctx.signIn().beginEnrolment(credentials->user, credentials->password);
    if (!enrolment)
        return failWith(enrolment.error());
    QStringList codes;
    const QString code = Totp::code(enrolment->secret, ctx.clock().now().toSecsSinceEpoch());
    auto signedIn =
        ctx.signIn().completeEnrolment(credentials->user, credentials->password, code, &codes);
    if (!signedIn) {
        wipeSecret(enrolment->secret);
        return failWith(signedIn.error());
    }
    auto written =
        writeNewCredentialFile(parser.value(kNewCredentialFile), *credentials, enrolment->secret);
    wipeSecret(enrolment->secret);
    if (!written)
        return failWith(written.error());
    err() << "caredesk-cli: second factor enrolled; credential file written to " << *written
          << Qt::endl;
    showRecoveryCodes(codes);
    return 0;
}

} // namespace

int exitCode(const Error &error)
{
    switch (error.code) {
    case Error::Code::InvalidInput:
    case Error::Code::NotFound:
        return 2;
    case Error::Code::WrongKey:
    case Error::Code::NeedsMigration:
    case Error::Code::NotEncrypted:
    case Error::Code::KeychainUnavailable:
    case Error::Code::KeychainLocked:
    case Error::Code::KeychainDenied:
    case Error::Code::KeychainEntryMissing:
        return 3;
    case Error::Code::Conflict:
        return 4;
    case Error::Code::Integrity:
        return 5;
    case Error::Code::Damaged:
        return 6;
    case Error::Code::Permission:
        return 7;
    default:
        break;
    }
    return 1;
}

void addOptions(QCommandLineParser &parser)
{
    parser.addOptions({kCredentialFile, kAdmin, kPasswordFile, kRole, kNewCredentialFile, kFormat,
                       kUser, kPatient, kAction, kOutcome, kSince, kUntil, kMinutes});
}

void addSignInOption(QCommandLineParser &parser)
{
    parser.addOption(kCredentialFile);
}

QString helpText()
{
    return QStringLiteral(
        "  init --admin NAME --password-file F   first run: the cache and its administrator\n"
        "  enroll --credential-file F --new-credential-file G   scripts: set up TOTP\n"
        "  user add NAME --role ROLE --password-file F | user disable|enable|reset-mfa NAME\n"
        "  user list               users, roles and second-factor state\n"
        "  break-glass start PATIENT --reason TEXT [--minutes N]   access beyond your role\n"
        "  break-glass review | break-glass close ID --note TEXT   supervisors\n"
        "  audit list [filters]    entries; filters --user --patient --action --outcome\n"
        "                          --since --until\n"
        "  audit report PATIENT    who saw this patient\n"
        "  audit export --format ndjson|csv [filters]   FHIR AuditEvent NDJSON or CSV\n");
}

bool runsBeforeSignIn(const QString &command)
{
    return command == QLatin1String("init") || command == QLatin1String("enroll");
}

bool isSecurityCommand(const QStringList &args)
{
    const QString command = args.value(0);
    if (command == QLatin1String("user") || command == QLatin1String("break-glass"))
        return true;
    return command == QLatin1String("audit") && args.value(1) != QLatin1String("verify");
}

QString misplacedOption(const QCommandLineParser &parser, const QString &command)
{
    const QList<std::pair<const QCommandLineOption *, QStringList>> owners{
        {&kAdmin, {QStringLiteral("init")}},
        {&kPasswordFile, {QStringLiteral("init"), QStringLiteral("user")}},
        {&kRole, {QStringLiteral("user")}},
        {&kNewCredentialFile, {QStringLiteral("enroll")}},
        {&kFormat, {QStringLiteral("audit")}},
        {&kUser, {QStringLiteral("audit")}},
        {&kPatient, {QStringLiteral("audit")}},
        {&kAction, {QStringLiteral("audit")}},
        {&kOutcome, {QStringLiteral("audit")}},
        {&kSince, {QStringLiteral("audit")}},
        {&kUntil, {QStringLiteral("audit")}},
        {&kMinutes, {QStringLiteral("break-glass")}},
    };
    for (const auto &[option, commands] : owners) {
        if (parser.isSet(*option) && !commands.contains(command))
            return QStringLiteral("--%1 belongs to %2")
                .arg(option->names().constFirst(), commands.join(QLatin1String(", ")));
    }
    return QString();
}

int runBeforeSignIn(AppContext &context, const QCommandLineParser &parser, const QStringList &args)
{
    if (args.size() != 1)
        return usage(QStringLiteral("unexpected arguments after \"%1\"").arg(args.first()));
    return args.first() == QLatin1String("init") ? runInit(context, parser)
                                                 : runEnroll(context, parser);
}

Result<Principal> signIn(AppContext &ctx, const QCommandLineParser &parser)
{
    auto any = ctx.users().hasUsers();
    if (!any)
        return std::unexpected(any.error());
    if (!*any)
        return fail(Error::Code::Permission,
                    QStringLiteral("This cache has no users yet: create the administrator with "
                                   "\"caredesk-cli init --admin NAME --password-file FILE\"."));
    if (parser.isSet(kCredentialFile)) {
        auto credentials = readCredentialFile(parser.value(kCredentialFile));
        if (!credentials)
            return std::unexpected(credentials.error());
        if (credentials->totpSecret.isEmpty())
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("The credential file has no totp-secret= line; set up the "
                                       "second factor with \"caredesk-cli enroll\" first."));
        auto result = ctx.signIn().signInWithSecret(credentials->user, credentials->password,
                                                    credentials->totpSecret);
        if (!result)
            return std::unexpected(result.error());
        if (result->needsEnrolment)
            return fail(Error::Code::Permission,
                        QStringLiteral("%1 has no second factor yet; set it up with "
                                       "\"caredesk-cli enroll\".")
                            .arg(credentials->user));
        return result->principal;
    }

    if (!::isatty(STDIN_FILENO) && !::isatty(STDERR_FILENO))
        return fail(Error::Code::Permission,
                    QStringLiteral("Sign in first: give --credential-file FILE, or run on a "
                                   "terminal to type your name, password and code."));
    const auto name = askTerminal(QStringLiteral("CareDesk user: "), false);
    auto password = askTerminal(QStringLiteral("Password: "), true);
    if (!name || !password)
        return fail(Error::Code::Permission,
                    QStringLiteral("Sign in first: no terminal to ask on; give --credential-file "
                                   "FILE."));
    const QString user = QString::fromUtf8(name->trimmed());
    // The code is asked with the password, so a wrong one counts as one failed sign-in; a user
    // who has no second factor yet leaves it empty and sets one up next.
    const auto code = askTerminal(
        QStringLiteral("Code from your authenticator app, or a recovery code (empty if you have "
                       "none yet): "),
        true);
    auto result =
        ctx.signIn().signIn(user, *password, QString::fromLatin1(code.value_or(QByteArray())));
    if (result && result->needsEnrolment) {
        auto enrolment = ctx.signIn().beginEnrolment(user, *password);
        if (!enrolment) {
            wipeSecret(*password);
            return std::unexpected(enrolment.error());
        }
        showEnrolment(*enrolment);
        wipeSecret(enrolment->secret);
        const auto confirm = askTerminal(QStringLiteral("Code the app shows now: "), false);
        QStringList codes;
        result = ctx.signIn().completeEnrolment(
            user, *password, QString::fromLatin1(confirm.value_or(QByteArray())), &codes);
        if (result)
            showRecoveryCodes(codes);
    }
    wipeSecret(*password);
    if (!result)
        return std::unexpected(result.error());
    return result->principal;
}

int run(AppContext &context, const QCommandLineParser &parser, const QStringList &args)
{
    const QString command = args.first();
    if (command == QLatin1String("user"))
        return runUser(context, parser, args);
    if (command == QLatin1String("break-glass"))
        return runBreakGlass(context, parser, args);
    return runAudit(context, parser, args);
}

} // namespace CareDesk::SecurityCommands
