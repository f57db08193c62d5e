// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/journey/MentorService.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTreeWidget;

namespace CareDesk {

class JourneyController;
class MentorProposalModel;

// Mentors for the patient on screen: ranked proposals with every reason and its points (and
// those who cannot be proposed, with why); the patient's introductions with both consents, the
// introduction itself once both agreed, and the outcome.
class MentorPanel : public QWidget
{
    Q_OBJECT
public:
    explicit MentorPanel(JourneyController *controller, QWidget *parent = nullptr);

    void showPatient(const QString &masterId);
    void clear();

    MentorProposalModel *proposalModel() const { return m_model; }
    QTableView *proposalView() const { return m_proposals; }
    QLabel *reasonsLabel() const { return m_reasons; }
    QPushButton *proposeButton() const { return m_propose; }
    QTreeWidget *introductionList() const { return m_introductions; }
    QPushButton *patientAgreesButton() const { return m_patientAgrees; }
    QPushButton *mentorAgreesButton() const { return m_mentorAgrees; }
    QPushButton *declineButton() const { return m_decline; }
    QPushButton *introduceButton() const { return m_introduce; }
    QComboBox *outcomeCombo() const { return m_outcome; }
    QPushButton *outcomeButton() const { return m_recordOutcome; }
    const MentorMatch &match() const { return m_match; }

private:
    void onMentorsLoaded(const MentorMatch &match);
    void showReasons();
    void updateButtons();
    const MentorIntroduction *currentIntroduction() const;

    JourneyController *m_controller;
    QString m_masterId;
    MentorMatch m_match;
    QLabel *m_header;
    MentorProposalModel *m_model;
    QTableView *m_proposals;
    QLabel *m_reasons;
    QPushButton *m_propose;
    QTreeWidget *m_introductions;
    QPushButton *m_patientAgrees;
    QPushButton *m_mentorAgrees;
    QPushButton *m_decline;
    QPushButton *m_introduce;
    QComboBox *m_outcome;
    QPushButton *m_recordOutcome;
};

} // namespace CareDesk
