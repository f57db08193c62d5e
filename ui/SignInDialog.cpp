// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/SignInDialog.h"

#include "models/Clock.h"
#include "services/security/PasswordHash.h"
#include "services/security/QrMatrix.h"
#include "services/security/Totp.h"
#include "services/store/CacheDatabase.h"

#include <QFormLayout>
#include <QFutureWatcher>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace CareDesk {

namespace {

QPixmap qrPixmap(const QString &text, int scale)
{
    const QrMatrix matrix = QrMatrix::encode(text);
    if (matrix.isEmpty())
        return {};
    constexpr int quiet = 4;
    const int side = (matrix.size() + 2 * quiet) * scale;
    QImage image(side, side, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    for (int y = 0; y < matrix.size(); ++y) {
        for (int x = 0; x < matrix.size(); ++x) {
            if (matrix.dark(x, y))
                painter.fillRect((x + quiet) * scale, (y + quiet) * scale, scale, scale, Qt::black);
        }
    }
    return QPixmap::fromImage(image);
}

} // namespace

SignInDialog::SignInDialog(SignInService &signIn, std::shared_ptr<CacheDatabase> cache,
                           const Clock &clock, QWidget *parent)
    : QDialog(parent)
    , m_signIn(signIn)
    , m_cache(std::move(cache))
    , m_clock(clock)
{
    setWindowTitle(tr("CareDesk Sign In"));
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1);
    m_pages = new QStackedWidget(this);
    buildSignInPage();
    buildEnrolPage();
    buildCodesPage();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages);
    m_demoTimer = new QTimer(this);
    connect(m_demoTimer, &QTimer::timeout, this, &SignInDialog::updateDemoCodes);
    resize(520, 420);
}

SignInDialog::~SignInDialog()
{
    auto cache = m_cache;
    m_pool.start([cache] { cache->releaseThreadConnection(); });
    m_pool.waitForDone();
    QString password = m_passwordEdit->text();
    wipeSecret(password);
}

int SignInDialog::page() const
{
    return m_pages->currentIndex();
}

void SignInDialog::buildSignInPage()
{
    auto *page = new QWidget(m_pages);
    auto *layout = new QVBoxLayout(page);
    m_title = new QLabel(tr("<h2>Sign in to CareDesk</h2>"), page);
    layout->addWidget(m_title);
    m_demoLabel = new QLabel(page);
    m_demoLabel->setObjectName(QStringLiteral("demoCredentials"));
    m_demoLabel->setWordWrap(true);
    m_demoLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_demoLabel->setStyleSheet(QStringLiteral("background-color:#1f5fa8;color:#ffffff;"
                                              "padding:6px"));
    m_demoLabel->setVisible(false);
    layout->addWidget(m_demoLabel);

    auto *form = new QFormLayout;
    m_userEdit = new QLineEdit(page);
    m_userEdit->setObjectName(QStringLiteral("userNameEdit"));
    m_passwordEdit = new QLineEdit(page);
    m_passwordEdit->setObjectName(QStringLiteral("passwordEdit"));
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    m_codeEdit = new QLineEdit(page);
    m_codeEdit->setObjectName(QStringLiteral("codeEdit"));
    m_codeEdit->setPlaceholderText(tr("6 digits from your app, or a recovery code"));
    form->addRow(tr("User name:"), m_userEdit);
    form->addRow(tr("Password:"), m_passwordEdit);
    form->addRow(tr("Code:"), m_codeEdit);
    layout->addLayout(form);
    m_message = new QLabel(page);
    m_message->setObjectName(QStringLiteral("signInMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color:#b00020"));
    layout->addWidget(m_message);
    layout->addStretch(1);
    m_switchButton = new QPushButton(tr("Sign In as Someone Else"), page);
    m_switchButton->setVisible(false);
    m_signInButton = new QPushButton(tr("Sign In"), page);
    m_signInButton->setObjectName(QStringLiteral("signInButton"));
    m_signInButton->setDefault(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_switchButton);
    buttons->addStretch(1);
    buttons->addWidget(m_signInButton);
    layout->addLayout(buttons);
    connect(m_signInButton, &QPushButton::clicked, this, &SignInDialog::submit);
    connect(m_passwordEdit, &QLineEdit::returnPressed, this, &SignInDialog::submit);
    connect(m_codeEdit, &QLineEdit::returnPressed, this, &SignInDialog::submit);
    connect(m_switchButton, &QPushButton::clicked, this, [this] {
        m_locked = Principal{};
        m_title->setText(tr("<h2>Sign in to CareDesk</h2><p>The locked session stays as it "
                            "was, hidden, until its user unlocks it.</p>"));
        m_userEdit->setEnabled(true);
        m_userEdit->clear();
        m_codeEdit->setVisible(true);
        m_switchButton->setVisible(false);
        m_userEdit->setFocus();
    });
    m_pages->addWidget(page);
}

void SignInDialog::buildEnrolPage()
{
    auto *page = new QWidget(m_pages);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(new QLabel(tr("<h2>Set up your second factor</h2><p>Scan this code with "
                                    "an authenticator app, then type the six digits it shows."
                                    "</p>"),
                                 page));
    m_qrLabel = new QLabel(page);
    m_qrLabel->setObjectName(QStringLiteral("enrolmentQrCode"));
    m_qrLabel->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_qrLabel);
    m_keyLabel = new QLabel(page);
    m_keyLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_keyLabel->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_keyLabel);
    auto *form = new QFormLayout;
    m_enrolCodeEdit = new QLineEdit(page);
    m_enrolCodeEdit->setObjectName(QStringLiteral("enrolmentCodeEdit"));
    form->addRow(tr("Code from the app:"), m_enrolCodeEdit);
    layout->addLayout(form);
    m_enrolMessage = new QLabel(page);
    m_enrolMessage->setWordWrap(true);
    m_enrolMessage->setStyleSheet(QStringLiteral("color:#b00020"));
    layout->addWidget(m_enrolMessage);
    auto *confirm = new QPushButton(tr("Confirm"), page);
    confirm->setObjectName(QStringLiteral("confirmEnrolmentButton"));
    layout->addWidget(confirm, 0, Qt::AlignRight);
    connect(confirm, &QPushButton::clicked, this, &SignInDialog::submitEnrolment);
    connect(m_enrolCodeEdit, &QLineEdit::returnPressed, this, &SignInDialog::submitEnrolment);
    m_pages->addWidget(page);
}

void SignInDialog::buildCodesPage()
{
    auto *page = new QWidget(m_pages);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(new QLabel(tr("<h2>Your recovery codes</h2><p>Each one signs you in "
                                    "once instead of a code, if you lose your phone. Write them "
                                    "down and keep them safe: they are not shown again.</p>"),
                                 page));
    m_codesLabel = new QLabel(page);
    m_codesLabel->setObjectName(QStringLiteral("recoveryCodesLabel"));
    m_codesLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_codesLabel->setStyleSheet(QStringLiteral("font-family:monospace;font-size:14pt"));
    layout->addWidget(m_codesLabel);
    layout->addStretch(1);
    auto *done = new QPushButton(tr("I Have Kept Them"), page);
    done->setObjectName(QStringLiteral("codesDoneButton"));
    layout->addWidget(done, 0, Qt::AlignRight);
    connect(done, &QPushButton::clicked, this, [this] {
        m_codesLabel->clear();
        finishSignIn(m_pendingPrincipal);
    });
    m_pages->addWidget(page);
}

void SignInDialog::setDemoCredentials(const QList<DemoCredential> &credentials)
{
    m_demo = credentials;
    m_demoLabel->setVisible(!m_demo.isEmpty());
    updateDemoCodes();
    if (!m_demo.isEmpty())
        m_demoTimer->start(1000);
}

void SignInDialog::updateDemoCodes()
{
    if (m_demo.isEmpty())
        return;
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    QString text = tr("<b>DEMO SITE: these make-believe accounts exist only here, for trying "
                      "CareDesk. Never on a real site.</b>");
    for (const DemoCredential &demo : std::as_const(m_demo)) {
        text += QStringLiteral("<br>%1 (%2): password <tt>%3</tt>, code <tt>%4</tt>")
                    .arg(demo.user.toHtmlEscaped(), demo.role.toHtmlEscaped(),
                         demo.password.toHtmlEscaped(), Totp::code(demo.totpSecret, now));
    }
    text += tr("<br><small>Codes change every 30 seconds.</small>");
    m_demoLabel->setText(text);
}

void SignInDialog::setLockedSession(const Principal &who)
{
    m_locked = who;
    setWindowTitle(tr("CareDesk Locked"));
    m_title->setText(tr("<h2>CareDesk is locked</h2><p>%1's session is hidden. Enter the "
                        "password to unlock it.</p>")
                         .arg(who.user.toHtmlEscaped()));
    m_userEdit->setText(who.user);
    m_userEdit->setEnabled(false);
    m_codeEdit->setVisible(false);
    m_switchButton->setVisible(true);
    m_passwordEdit->setFocus();
}

template <typename T>
void SignInDialog::runAsync(std::function<T()> work, std::function<void(T)> done)
{
    setBusy(true);
    auto cache = m_cache;
    QtConcurrent::run(&m_pool, [work, cache] { return work(); }).then(this, [this, done](T result) {
        setBusy(false);
        done(std::move(result));
    });
}

void SignInDialog::setBusy(bool busy)
{
    m_signInButton->setEnabled(!busy);
    m_enrolCodeEdit->setEnabled(!busy);
    emit busyChanged(busy);
}

void SignInDialog::submit()
{
    if (!m_signInButton->isEnabled())
        return;
    const QString user = m_userEdit->text().trimmed();
    QByteArray password = m_passwordEdit->text().toUtf8();
    const QString code = m_codeEdit->text();
    m_message->clear();
    SignInService *service = &m_signIn;
    if (m_locked.isValid()) {
        const Principal locked = m_locked;
        runAsync<VoidResult>(
            [service, locked, password]() mutable {
                auto result = service->confirmPassword(locked, password);
                wipeSecret(password);
                return result;
            },
            [this, locked](VoidResult result) {
                if (!result) {
                    m_message->setText(result.error().message);
                    m_passwordEdit->clear();
                    return;
                }
                m_unlockedSameUser = true;
                finishSignIn(locked);
            });
        wipeSecret(password);
        return;
    }
    struct Outcome {
        Result<SignInResult> result;
        Result<MfaEnrolment> enrolment = fail(Error::Code::Unknown, QString());
    };
    runAsync<std::shared_ptr<Outcome>>(
        [service, user, password, code]() mutable {
            auto outcome =
                std::make_shared<Outcome>(Outcome{service->signIn(user, password, code)});
            // No second factor yet: the enrolment starts in the same step, off the UI thread.
            if (outcome->result && outcome->result->needsEnrolment)
                outcome->enrolment = service->beginEnrolment(user, password);
            wipeSecret(password);
            return outcome;
        },
        [this](std::shared_ptr<Outcome> outcome) {
            if (!outcome->result) {
                m_message->setText(outcome->result.error().message);
                m_codeEdit->clear();
                return;
            }
            if (!outcome->result->needsEnrolment) {
                finishSignIn(outcome->result->principal);
                return;
            }
            if (!outcome->enrolment) {
                m_message->setText(outcome->enrolment.error().message);
                return;
            }
            m_qrLabel->setPixmap(qrPixmap(outcome->enrolment->uri, 5));
            m_enrolmentKey = Totp::toBase32(outcome->enrolment->secret);
            m_keyLabel->setText(tr("Key: %1").arg(m_enrolmentKey));
            wipeSecret(outcome->enrolment->secret);
            m_pages->setCurrentIndex(1);
            m_enrolCodeEdit->setFocus();
        });
    wipeSecret(password);
}

void SignInDialog::submitEnrolment()
{
    const QString user = m_userEdit->text().trimmed();
    QByteArray password = m_passwordEdit->text().toUtf8();
    const QString code = m_enrolCodeEdit->text();
    SignInService *service = &m_signIn;
    using Outcome = std::pair<Result<SignInResult>, QStringList>;
    runAsync<Outcome>(
        [service, user, password, code]() mutable {
            QStringList codes;
            auto result = service->completeEnrolment(user, password, code, &codes);
            wipeSecret(password);
            return Outcome{result, codes};
        },
        [this](Outcome outcome) {
            if (!outcome.first) {
                m_enrolMessage->setText(outcome.first.error().message);
                m_enrolCodeEdit->clear();
                return;
            }
            m_enrolmentKey.clear();
            m_keyLabel->clear();
            m_qrLabel->clear();
            m_pendingPrincipal = outcome.first->principal;
            m_codesLabel->setText(outcome.second.join(u'\n'));
            m_pages->setCurrentIndex(2);
        });
    wipeSecret(password);
}

void SignInDialog::finishSignIn(const Principal &who)
{
    QString password = m_passwordEdit->text();
    m_passwordEdit->clear();
    wipeSecret(password);
    m_codeEdit->clear();
    m_principal = who;
    accept();
}

} // namespace CareDesk
