// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/ConsentController.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QTextBrowser;
class QTreeWidget;

namespace CareDesk {

class ConsentHistoryModel;
class ConsentStateModel;
class PatientZoneBox;

// A patient's consent: the current state per channel and purpose, the ledger's history, the
// messages that went or were held, the gate's decision and reasons for a draft message (and
// sending it), and recording consent a coordinator captured by phone, with who captured it.
class ConsentPanel : public QDialog
{
    Q_OBJECT
public:
    ConsentPanel(ConsentController &controller, QString masterId, QWidget *parent = nullptr);

    ConsentStateModel *stateModel() const { return m_stateModel; }
    ConsentHistoryModel *historyModel() const { return m_historyModel; }
    QLabel *decisionLabel() const { return m_decisionLabel; }
    QTextBrowser *reasonsBrowser() const { return m_reasonsBrowser; }
    QTreeWidget *messagesTree() const { return m_messagesTree; }
    QPushButton *checkButton() const { return m_checkButton; }
    QPushButton *sendButton() const { return m_sendButton; }
    QPushButton *recordButton() const { return m_recordButton; }
    QLineEdit *capturedByEdit() const { return m_capturedByEdit; }
    PatientZoneBox *zoneBox() const { return m_zoneBox; }

    // The draft's fields, for tests and for a caller that opens the panel on a callback.
    void setDraft(Channel channel, Purpose purpose, MessageKind kind, SendPath path,
                  qint64 callbackItemId = 0, const QString &text = QString());
    void setRecord(ConsentKind kind, std::optional<Channel> channel, std::optional<Purpose> purpose,
                   const QString &note = QString());
    void confirmCallback(bool confirmed);

private:
    QWidget *buildDraftBox();
    QWidget *buildRecordBox();
    void onLoaded(const ConsentView &view);
    void onDecided(const SendRequest &request, const GateDecision &decision);
    SendRequest draftRequest() const;
    void checkDraft();
    void sendDraft();
    void recordConsent();
    void updateButtons();

    ConsentController &m_controller;
    QString m_masterId;
    QString m_zoneId;
    ConsentStateModel *m_stateModel;
    ConsentHistoryModel *m_historyModel;
    QLabel *m_headerLabel = nullptr;
    QTableView *m_stateView = nullptr;
    QTableView *m_historyView = nullptr;
    QTreeWidget *m_messagesTree = nullptr;
    QComboBox *m_draftChannelCombo = nullptr;
    QComboBox *m_draftPurposeCombo = nullptr;
    QComboBox *m_draftKindCombo = nullptr;
    QComboBox *m_draftPathCombo = nullptr;
    QSpinBox *m_callbackItemSpin = nullptr;
    QCheckBox *m_callbackConfirmCheck = nullptr;
    QPlainTextEdit *m_draftTextEdit = nullptr;
    QPushButton *m_checkButton = nullptr;
    QPushButton *m_sendButton = nullptr;
    QLabel *m_decisionLabel = nullptr;
    QTextBrowser *m_reasonsBrowser = nullptr;
    QComboBox *m_recordKindCombo = nullptr;
    QComboBox *m_recordChannelCombo = nullptr;
    QComboBox *m_recordPurposeCombo = nullptr;
    QComboBox *m_recordSourceCombo = nullptr;
    QLineEdit *m_capturedByEdit = nullptr;
    QCheckBox *m_endsCheck = nullptr;
    QDateEdit *m_endsEdit = nullptr;
    QLineEdit *m_noteEdit = nullptr;
    QPushButton *m_recordButton = nullptr;
    QLabel *m_recordStatusLabel = nullptr;
    PatientZoneBox *m_zoneBox = nullptr;
};

} // namespace CareDesk
