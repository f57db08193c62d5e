// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/security/Principal.h"
#include "services/security/SignInService.h"

#include <QDialog>
#include <QThreadPool>

#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTimer;

namespace CareDesk {

class CacheDatabase;
class Clock;

// A demo site's make-believe users, shown on the sign-in screen under a DEMO banner.
struct DemoCredential {
    QString user;
    QString role;
    QString password;
    QByteArray totpSecret;
};

// Sign-in, first-time TOTP enrolment by QR code with the recovery codes, and the lock screen
// (unlock with the password, or sign in as someone else). The password checks (scrypt) run on a
// worker thread; the screen stays live.
class SignInDialog : public QDialog
{
    Q_OBJECT
public:
    SignInDialog(SignInService &signIn, std::shared_ptr<CacheDatabase> cache, const Clock &clock,
                 QWidget *parent = nullptr);
    ~SignInDialog() override;

    void setDemoCredentials(const QList<DemoCredential> &credentials);
    // Lock screen for who: the password unlocks; "Sign in as someone else" switches.
    void setLockedSession(const Principal &who);

    Principal principal() const { return m_principal; }
    // True when the lock screen was unlocked by its own user (not a switch).
    bool unlockedSameUser() const { return m_unlockedSameUser; }

    QLineEdit *userEdit() const { return m_userEdit; }
    QLineEdit *passwordEdit() const { return m_passwordEdit; }
    QLineEdit *codeEdit() const { return m_codeEdit; }
    QLineEdit *enrolCodeEdit() const { return m_enrolCodeEdit; }
    QPushButton *signInButton() const { return m_signInButton; }
    QLabel *messageLabel() const { return m_message; }
    QLabel *qrLabel() const { return m_qrLabel; }
    // The enrolment's key in base 32 (tests type codes from it as a phone would).
    QString enrolmentKey() const { return m_enrolmentKey; }
    int page() const; // 0 sign-in, 1 enrolment, 2 recovery codes

signals:
    void busyChanged(bool busy);

private:
    void buildSignInPage();
    void buildEnrolPage();
    void buildCodesPage();
    void submit();
    void submitEnrolment();
    void finishSignIn(const Principal &who);
    void setBusy(bool busy);
    void updateDemoCodes();
    template <typename T> void runAsync(std::function<T()> work, std::function<void(T)> done);

    SignInService &m_signIn;
    std::shared_ptr<CacheDatabase> m_cache;
    const Clock &m_clock;
    QThreadPool m_pool;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_demoLabel = nullptr;
    QLineEdit *m_userEdit = nullptr;
    QLineEdit *m_passwordEdit = nullptr;
    QLineEdit *m_codeEdit = nullptr;
    QPushButton *m_signInButton = nullptr;
    QPushButton *m_switchButton = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_qrLabel = nullptr;
    QLabel *m_keyLabel = nullptr;
    QLineEdit *m_enrolCodeEdit = nullptr;
    QLabel *m_enrolMessage = nullptr;
    QLabel *m_codesLabel = nullptr;
    QTimer *m_demoTimer = nullptr;
    QList<DemoCredential> m_demo;
    Principal m_locked;
    Principal m_principal;
    Principal m_pendingPrincipal;
    bool m_unlockedSameUser = false;
    QString m_enrolmentKey;
};

} // namespace CareDesk
