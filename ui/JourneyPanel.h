// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/PatientJourney.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTreeWidget;

namespace CareDesk {

class JourneyController;
class JourneyEditorDialog;
class JourneyTimelineWidget;

// A patient's journey for the coordinator: where they are and for how long, payer clocks,
// adherence and exceptions in a few lines; the timeline; the list of every record (each opens
// its source record); coordinator actions (move to a stage the program allows, mark a step
// done) and the program editor.
class JourneyPanel : public QWidget
{
    Q_OBJECT
public:
    explicit JourneyPanel(JourneyController *controller, QWidget *parent = nullptr);

    // Shows the records at once, then the journey when it has been computed.
    void showPatient(const QString &masterId, const QList<TimelineEvent> &records);
    void clear();

    QString masterId() const { return m_masterId; }
    const PatientJourney &journey() const { return m_journey; }
    JourneyTimelineWidget *timeline() const { return m_timeline; }
    QTreeWidget *eventList() const { return m_eventList; }
    QLabel *summaryLabel() const { return m_summary; }
    QLabel *statusLabel() const { return m_status; }
    QComboBox *zoomCombo() const { return m_zoom; }
    QComboBox *moveCombo() const { return m_moveTo; }
    QPushButton *moveButton() const { return m_move; }
    QComboBox *stepCombo() const { return m_step; }
    QPushButton *stepButton() const { return m_markStep; }
    QPushButton *editButton() const { return m_edit; }
    JourneyEditorDialog *editor() const;

signals:
    void message(const QString &text);

private:
    void onJourneyLoaded(const PatientJourney &journey);
    void onRecordOpened(const SourceRecord &record);
    void onDefinitionLoaded(const JourneyDefinition &definition);
    void openEvent(int index);
    void fillEventList(const QList<TimelineEvent> &events);
    void showSummary();
    void updateActions();
    void syncZoom(double days);
    void say(const QString &text, bool problem = false);

    JourneyController *m_controller;
    QString m_masterId;
    PatientJourney m_journey;
    QLabel *m_summary;
    QLabel *m_status;
    QComboBox *m_zoom;
    QComboBox *m_moveTo;
    QPushButton *m_move;
    QComboBox *m_step;
    QPushButton *m_markStep;
    QPushButton *m_edit;
    JourneyTimelineWidget *m_timeline;
    QTreeWidget *m_eventList;
    QPointer<JourneyEditorDialog> m_editor;
};

} // namespace CareDesk
