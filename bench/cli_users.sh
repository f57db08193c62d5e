# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the bench scripts that run caredesk-cli: every command but classify and
# backup-check signs in, so a new site first gets its users the way an administrator makes them
# (tests/integration/CliUsers.h does the same for the tests): init with the administrator, the
# administrator's second factor, then a triage nurse with theirs.
#   make_cli_users CLI SECRETS_DIR SITE_ARGS...
# sets admin_cred and nurse_cred to their credential files (owner-only, in SECRETS_DIR).
make_cli_users() {
    local cli=$1 secrets=$2
    shift 2
    (umask 077 && mkdir -p "$secrets" &&
        printf 'admin-password-long\n' >"$secrets/admin.pw" &&
        printf 'nurse-password-long\n' >"$secrets/nurse.pw" &&
        printf 'user=admin\npassword=admin-password-long\n' >"$secrets/admin.first" &&
        printf 'user=nurse\npassword=nurse-password-long\n' >"$secrets/nurse.first")
    "$cli" "$@" init --admin admin --password-file "$secrets/admin.pw" >/dev/null 2>&1 ||
        { echo "caredesk-cli init failed" >&2; return 1; }
    # enroll prints the recovery codes; a bench has no use for them.
    "$cli" "$@" enroll --credential-file "$secrets/admin.first" \
        --new-credential-file "$secrets/admin.cred" >/dev/null
    "$cli" "$@" --credential-file "$secrets/admin.cred" user add nurse --role triage-nurse \
        --password-file "$secrets/nurse.pw" >/dev/null
    "$cli" "$@" enroll --credential-file "$secrets/nurse.first" \
        --new-credential-file "$secrets/nurse.cred" >/dev/null
    admin_cred=$secrets/admin.cred
    nurse_cred=$secrets/nurse.cred
}
