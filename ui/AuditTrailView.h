// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/security/AccessControl.h"
#include "services/security/AuditTrail.h"
#include "ui/Workstation.h"

#include <QThreadPool>
#include <QWidget>

#include <memory>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QStandardItemModel;
class QTabWidget;
class QTableView;

namespace CareDesk {

// The audit trail as a supervisor reads it: entries filtered by user, patient, action, time and
// outcome; "who saw this patient"; verification of the chain and its signed checkpoint; exports
// as FHIR AuditEvent NDJSON or CSV; and the break-glass review queue. Every read goes through
// AuditTrail or BreakGlassService on a worker thread, checked for the signed-in role there.
class AuditTrailView : public QWidget
{
    Q_OBJECT
public:
    explicit AuditTrailView(Workstation workstation, QWidget *parent = nullptr);
    ~AuditTrailView() override;

    QStandardItemModel *entriesModel() const { return m_entries; }
    QStandardItemModel *reportModel() const { return m_report; }
    QStandardItemModel *reviewModel() const { return m_reviews; }
    QLineEdit *userFilter() const { return m_user; }
    QLineEdit *patientFilter() const { return m_patient; }
    QComboBox *actionFilter() const { return m_action; }
    QComboBox *outcomeFilter() const { return m_outcome; }
    QLabel *verifyLabel() const { return m_verifyLabel; }
    QLabel *messageLabel() const { return m_message; }
    QTabWidget *tabs() const { return m_tabs; }

    void search();
    void verify();
    void patientReport();
    void loadReviews();
    // Writes the filtered entries to path (the file dialog is skipped when path is given).
    void exportTo(AuditTrail::Format format, const QString &path = QString());
    void closeReview(qint64 grantId, const QString &note);
    // Waits for the worker (tests).
    void waitForIdle();

signals:
    void searched(int rows);
    void verified(bool intact);
    void reported(int rows);
    void reviewsLoaded(int rows);
    void exported(bool ok);
    void reviewClosed(bool ok);

private:
    AuditFilter filter() const;
    template <typename T> void run(std::function<T()> work, std::function<void(T)> done);
    void showError(const QString &message);

    Workstation m_ws;
    std::unique_ptr<AuditTrail> m_trail;
    QThreadPool m_pool;
    QTabWidget *m_tabs = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_patient = nullptr;
    QComboBox *m_action = nullptr;
    QComboBox *m_outcome = nullptr;
    QDateTimeEdit *m_from = nullptr;
    QDateTimeEdit *m_to = nullptr;
    QLabel *m_verifyLabel = nullptr;
    QLabel *m_message = nullptr;
    QStandardItemModel *m_entries = nullptr;
    QStandardItemModel *m_report = nullptr;
    QStandardItemModel *m_reviews = nullptr;
    QTableView *m_reviewView = nullptr;
};

} // namespace CareDesk
