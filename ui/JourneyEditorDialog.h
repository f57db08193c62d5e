// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/JourneyDefinition.h"

#include <QDialog>

class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableWidget;

namespace CareDesk {

// An administrator's editor for the program's journey: stages and transitions in tables,
// every setting (steps, payer clocks, adherence, exception tiers) as JSON, the problems that
// stop a definition from being used listed as one edits (unreachable stages, dead ends,
// unknown events...). Save stays disabled until there are none; the new version must be
// higher than the one in use.
class JourneyEditorDialog : public QDialog
{
    Q_OBJECT
public:
    explicit JourneyEditorDialog(const JourneyDefinition &current, QWidget *parent = nullptr);

    // The definition as the dialog now holds it; an error when the JSON does not read.
    Result<JourneyDefinition> definition() const;
    QStringList problems() const;

    QTableWidget *stageTable() const { return m_stages; }
    QTableWidget *transitionTable() const { return m_transitions; }
    QPlainTextEdit *jsonEdit() const { return m_json; }
    QListWidget *problemList() const { return m_problems; }
    QPushButton *saveButton() const { return m_save; }
    QSpinBox *versionBox() const { return m_version; }
    QTabWidget *tabs() const { return m_tabs; }

signals:
    void saveRequested(const QByteArray &json);

private:
    void loadTables(const JourneyDefinition &definition);
    JourneyDefinition fromTables() const;
    void revalidate();
    void onTabChanged(int index);
    void addStage();
    void addTransition();
    void removeSelectedRows(QTableWidget *table);

    JourneyDefinition m_base; // what the tables do not show
    int m_currentVersion;
    QList<QList<JourneyStep>> m_rowSteps; // steps of each stage row
    QLineEdit *m_title;
    QSpinBox *m_version;
    QTabWidget *m_tabs;
    QTableWidget *m_stages;
    QTableWidget *m_transitions;
    QPlainTextEdit *m_json;
    QListWidget *m_problems;
    QPushButton *m_save;
    bool m_loading = false;
};

} // namespace CareDesk
