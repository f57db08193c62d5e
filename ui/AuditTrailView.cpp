// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/AuditTrailView.h"

#include "models/Clock.h"
#include "services/security/BreakGlassService.h"
#include "services/store/CacheDatabase.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace CareDesk {

namespace {

QTableView *tableFor(QStandardItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->setVisible(false);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

QStandardItem *cell(const QString &text)
{
    auto *item = new QStandardItem(text);
    item->setEditable(false);
    return item;
}

} // namespace

AuditTrailView::AuditTrailView(Workstation workstation, QWidget *parent)
    : QWidget(parent)
    , m_ws(std::move(workstation))
    , m_trail(std::make_unique<AuditTrail>(*m_ws.access))
{
    setWindowTitle(tr("CareDesk Audit Trail"));
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1);
    m_entries = new QStandardItemModel(0, 8, this);
    m_entries->setHorizontalHeaderLabels({tr("Seq"), tr("When"), tr("User"), tr("Action"),
                                          tr("Patient"), tr("Object"), tr("Outcome"),
                                          tr("Detail")});
    m_report = new QStandardItemModel(0, 6, this);
    m_report->setHorizontalHeaderLabels(
        {tr("User"), tr("Action"), tr("Outcome"), tr("Times"), tr("First"), tr("Last")});
    m_reviews = new QStandardItemModel(0, 6, this);
    m_reviews->setHorizontalHeaderLabels(
        {tr("ID"), tr("User"), tr("Role"), tr("Patient"), tr("Until"), tr("Reason")});

    // Filters.
    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("auditUserFilter"));
    m_patient = new QLineEdit(this);
    m_patient->setObjectName(QStringLiteral("auditPatientFilter"));
    m_patient->setPlaceholderText(tr("master ID"));
    m_action = new QComboBox(this);
    m_action->setObjectName(QStringLiteral("auditActionFilter"));
    m_action->setEditable(true);
    m_action->addItems({QString(), QStringLiteral("view-item"), QStringLiteral("view-patient"),
                        QStringLiteral("claim"), QStringLiteral("release"),
                        QStringLiteral("resolve"), QStringLiteral("import"),
                        QStringLiteral("sign-in"), QStringLiteral("access-denied"),
                        QStringLiteral("break-glass"), QStringLiteral("break-glass-use"),
                        QStringLiteral("audit-export")});
    m_outcome = new QComboBox(this);
    m_outcome->setObjectName(QStringLiteral("auditOutcomeFilter"));
    m_outcome->addItems({QString(), QStringLiteral("success"), QStringLiteral("denied"),
                         QStringLiteral("failure"), QStringLiteral("refused")});
    const QDateTime now = m_ws.clock->now();
    m_from = new QDateTimeEdit(now.addDays(-7).toLocalTime(), this);
    m_from->setCalendarPopup(true);
    m_to = new QDateTimeEdit(now.addDays(1).toLocalTime(), this);
    m_to->setCalendarPopup(true);
    auto *filters = new QFormLayout;
    auto *who = new QHBoxLayout;
    who->addWidget(m_user);
    who->addWidget(new QLabel(tr("Patient:"), this));
    who->addWidget(m_patient);
    filters->addRow(tr("User:"), who);
    auto *what = new QHBoxLayout;
    what->addWidget(m_action);
    what->addWidget(new QLabel(tr("Outcome:"), this));
    what->addWidget(m_outcome);
    filters->addRow(tr("Action:"), what);
    auto *when = new QHBoxLayout;
    when->addWidget(m_from);
    when->addWidget(new QLabel(tr("to"), this));
    when->addWidget(m_to);
    filters->addRow(tr("From:"), when);

    auto *searchButton = new QPushButton(tr("Search"), this);
    searchButton->setObjectName(QStringLiteral("auditSearchButton"));
    auto *reportButton = new QPushButton(tr("Who Saw This Patient"), this);
    auto *verifyButton = new QPushButton(tr("Verify Trail"), this);
    verifyButton->setObjectName(QStringLiteral("auditVerifyButton"));
    auto *ndjsonButton = new QPushButton(tr("Export FHIR NDJSON\u2026"), this);
    auto *csvButton = new QPushButton(tr("Export CSV\u2026"), this);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : {searchButton, reportButton, verifyButton, ndjsonButton, csvButton})
        buttons->addWidget(button);
    buttons->addStretch(1);
    m_verifyLabel = new QLabel(tr("The trail has not been verified in this window yet."), this);
    m_verifyLabel->setObjectName(QStringLiteral("auditVerifyLabel"));
    m_verifyLabel->setWordWrap(true);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color:#b00020"));

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(tableFor(m_entries, this), tr("Entries"));
    m_tabs->addTab(tableFor(m_report, this), tr("Patient Access Report"));
    auto *reviewPage = new QWidget(this);
    auto *reviewLayout = new QVBoxLayout(reviewPage);
    m_reviewView = tableFor(m_reviews, reviewPage);
    reviewLayout->addWidget(m_reviewView);
    auto *closeButton = new QPushButton(tr("Close Review\u2026"), reviewPage);
    reviewLayout->addWidget(closeButton, 0, Qt::AlignRight);
    m_tabs->addTab(reviewPage, tr("Break-Glass Reviews"));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addLayout(buttons);
    layout->addWidget(m_verifyLabel);
    layout->addWidget(m_message);
    layout->addWidget(m_tabs, 1);

    connect(searchButton, &QPushButton::clicked, this, &AuditTrailView::search);
    connect(reportButton, &QPushButton::clicked, this, &AuditTrailView::patientReport);
    connect(verifyButton, &QPushButton::clicked, this, &AuditTrailView::verify);
    connect(ndjsonButton, &QPushButton::clicked, this,
            [this] { exportTo(AuditTrail::Format::Ndjson); });
    connect(csvButton, &QPushButton::clicked, this, [this] { exportTo(AuditTrail::Format::Csv); });
    connect(closeButton, &QPushButton::clicked, this, [this] {
        const QModelIndex index = m_reviewView->currentIndex();
        if (!index.isValid())
            return;
        const qint64 id = m_reviews->item(index.row(), 0)->text().toLongLong();
        const QString note =
            QInputDialog::getMultiLineText(this, tr("Close Break-Glass Review"),
                                           tr("What did you find? (at least %1 characters)")
                                               .arg(BreakGlassService::kMinimumReason));
        if (!note.isEmpty())
            closeReview(id, note);
    });
    resize(1100, 700);
    search();
    loadReviews();
}

AuditTrailView::~AuditTrailView()
{
    waitForIdle();
}

void AuditTrailView::waitForIdle()
{
    auto cache = m_ws.cache;
    m_pool.start([cache] { cache->releaseThreadConnection(); });
    m_pool.waitForDone();
}

template <typename T> void AuditTrailView::run(std::function<T()> work, std::function<void(T)> done)
{
    QtConcurrent::run(&m_pool, [work] { return work(); }).then(this, [done](T result) {
        done(std::move(result));
    });
}

void AuditTrailView::showError(const QString &message)
{
    m_message->setText(message);
}

AuditFilter AuditTrailView::filter() const
{
    AuditFilter filter;
    filter.user = m_user->text().trimmed();
    filter.masterId = m_patient->text().trimmed();
    filter.action = m_action->currentText().trimmed();
    filter.outcome = m_outcome->currentText().trimmed();
    filter.from = m_from->dateTime().toUTC();
    filter.to = m_to->dateTime().toUTC();
    return filter;
}

void AuditTrailView::search()
{
    AuditTrail *trail = m_trail.get();
    const Principal who = m_ws.principal;
    const AuditFilter wanted = filter();
    run<Result<QList<AuditEntry>>>(
        [trail, who, wanted] { return trail->entries(who, wanted); },
        [this](Result<QList<AuditEntry>> entries) {
            m_entries->removeRows(0, m_entries->rowCount());
            if (!entries) {
                showError(entries.error().message);
                emit searched(-1);
                return;
            }
            m_message->clear();
            const QLocale locale;
            for (const AuditEntry &entry : *entries) {
                m_entries->appendRow(
                    {cell(QString::number(entry.seq)),
                     cell(locale.toString(entry.at.toLocalTime(), QLocale::ShortFormat)),
                     cell(entry.actor), cell(entry.action), cell(entry.masterId),
                     cell(entry.object), cell(entry.outcome), cell(entry.detail)});
            }
            emit searched(int(entries->size()));
        });
}

void AuditTrailView::verify()
{
    AuditTrail *trail = m_trail.get();
    const Principal who = m_ws.principal;
    m_verifyLabel->setText(tr("Verifying\u2026"));
    run<Result<AuditVerification>>(
        [trail, who] { return trail->verify(who); },
        [this](Result<AuditVerification> result) {
            if (!result) {
                m_verifyLabel->setText(result.error().message);
                emit verified(false);
                return;
            }
            m_verifyLabel->setStyleSheet(result->intact
                                             ? QStringLiteral("color:#1b5e20;font-weight:bold")
                                             : QStringLiteral("color:#b71c1c;font-weight:bold"));
            m_verifyLabel->setText(
                result->intact
                    ? tr("Trail intact: %n entries, chain and signed checkpoint agree.", nullptr,
                         int(result->entries))
                    : tr("TRAIL BROKEN: %1 Tell the privacy officer; do not change anything.")
                          .arg(result->problem));
            emit verified(result->intact);
        });
}

void AuditTrailView::patientReport()
{
    const QString masterId = m_patient->text().trimmed();
    if (masterId.isEmpty()) {
        showError(tr("Type the patient's master ID in the Patient filter first."));
        return;
    }
    AuditTrail *trail = m_trail.get();
    const Principal who = m_ws.principal;
    // The report groups what the filters keep: the patient, and any user, action, outcome and
    // period chosen above.
    const AuditFilter wanted = filter();
    run<Result<QList<PatientAccessRow>>>(
        [trail, who, wanted] { return trail->patientAccess(who, wanted); },
        [this](Result<QList<PatientAccessRow>> rows) {
            m_report->removeRows(0, m_report->rowCount());
            if (!rows) {
                showError(rows.error().message);
                emit reported(-1);
                return;
            }
            const QLocale locale;
            for (const PatientAccessRow &row : *rows) {
                m_report->appendRow(
                    {cell(row.user), cell(row.action), cell(row.outcome),
                     cell(QString::number(row.count)),
                     cell(locale.toString(row.first.toLocalTime(), QLocale::ShortFormat)),
                     cell(locale.toString(row.last.toLocalTime(), QLocale::ShortFormat))});
            }
            m_tabs->setCurrentIndex(1);
            emit reported(int(rows->size()));
        });
}

void AuditTrailView::loadReviews()
{
    BreakGlassService *service = m_ws.breakGlass;
    const Principal who = m_ws.principal;
    const RoleDefinition *role = m_ws.access->roles().role(who.role);
    if (!service || !role || !role->permissions.contains(Permission::BreakGlassReview)) {
        m_tabs->setTabEnabled(2, false);
        return;
    }
    run<Result<QList<BreakGlassGrant>>>(
        [service, who] { return service->reviewQueue(who); },
        [this](Result<QList<BreakGlassGrant>> grants) {
            m_reviews->removeRows(0, m_reviews->rowCount());
            if (!grants) {
                showError(grants.error().message);
                emit reviewsLoaded(-1);
                return;
            }
            const QLocale locale;
            for (const BreakGlassGrant &grant : *grants) {
                m_reviews->appendRow(
                    {cell(QString::number(grant.id)), cell(grant.user), cell(grant.role),
                     cell(grant.masterId),
                     cell(locale.toString(grant.expiresAt.toLocalTime(), QLocale::ShortFormat)),
                     cell(grant.reason)});
            }
            m_tabs->setTabText(2, tr("Break-Glass Reviews (%1)").arg(grants->size()));
            emit reviewsLoaded(int(grants->size()));
        });
}

void AuditTrailView::closeReview(qint64 grantId, const QString &note)
{
    BreakGlassService *service = m_ws.breakGlass;
    const Principal who = m_ws.principal;
    run<VoidResult>([service, who, grantId, note] { return service->close(who, grantId, note); },
                    [this](VoidResult done) {
                        if (!done)
                            showError(done.error().message);
                        emit reviewClosed(bool(done));
                        loadReviews();
                    });
}

void AuditTrailView::exportTo(AuditTrail::Format format, const QString &givenPath)
{
    QString path = givenPath;
    if (path.isEmpty())
        path = QFileDialog::getSaveFileName(
            this, tr("Export Audit Trail"),
            format == AuditTrail::Format::Csv ? QStringLiteral("audit.csv")
                                              : QStringLiteral("audit.ndjson"),
            format == AuditTrail::Format::Csv ? tr("CSV (*.csv)") : tr("NDJSON (*.ndjson)"));
    if (path.isEmpty())
        return;
    AuditTrail *trail = m_trail.get();
    const Principal who = m_ws.principal;
    const AuditFilter wanted = filter();
    // The export and the file are both written on the worker thread.
    run<VoidResult>(
        [trail, who, wanted, format, path]() -> VoidResult {
            auto bytes = trail->exportEntries(who, wanted, format);
            if (!bytes)
                return std::unexpected(bytes.error());
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(*bytes) != bytes->size() ||
                !file.commit())
                return fail(Error::Code::Storage, QStringLiteral("Cannot write %1.").arg(path));
            return {};
        },
        [this](VoidResult done) {
            if (!done)
                showError(done.error().message);
            emit exported(bool(done));
        });
}

} // namespace CareDesk
