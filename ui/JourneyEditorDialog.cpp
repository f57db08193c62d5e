// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/JourneyEditorDialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace CareDesk {

namespace {

enum StageColumn { StageId, StageTitle, StageDays, StageTerminal, StageSteps, StageColumns };
enum TransitionColumn { From, To, Event, Codes, Statuses, MinCount, TransitionColumns };

QStringList splitList(const QString &text)
{
    QStringList parts = text.split(u',', Qt::SkipEmptyParts);
    for (QString &part : parts)
        part = part.trimmed();
    parts.removeAll(QString());
    return parts;
}

QTableWidgetItem *cell(const QString &text)
{
    return new QTableWidgetItem(text);
}

QString text(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

} // namespace

JourneyEditorDialog::JourneyEditorDialog(const JourneyDefinition &current, QWidget *parent)
    : QDialog(parent)
    , m_base(current)
    , m_currentVersion(current.version)
    , m_title(new QLineEdit(this))
    , m_version(new QSpinBox(this))
    , m_tabs(new QTabWidget(this))
    , m_stages(new QTableWidget(0, StageColumns, this))
    , m_transitions(new QTableWidget(0, TransitionColumns, this))
    , m_json(new QPlainTextEdit(this))
    , m_problems(new QListWidget(this))
    , m_save(nullptr)
{
    setWindowTitle(tr("Edit Program Journey \u2014 %1").arg(current.program));
    m_version->setRange(current.version + 1, 1000000);
    m_version->setValue(current.version + 1);
    m_title->setText(current.title);
    auto *form = new QFormLayout;
    form->addRow(tr("Program title:"), m_title);
    //: The new version of the journey definition; it must be higher than the one in use.
    form->addRow(tr("New version:"), m_version);

    m_stages->setObjectName(QStringLiteral("stageTable"));
    m_stages->setHorizontalHeaderLabels(
        {tr("Id"), tr("Title"), tr("Expected days"), tr("Terminal"), tr("Steps")});
    m_stages->horizontalHeader()->setSectionResizeMode(StageTitle, QHeaderView::Stretch);
    m_stages->verticalHeader()->setVisible(false);
    m_transitions->setObjectName(QStringLiteral("transitionTable"));
    m_transitions->setHorizontalHeaderLabels(
        {tr("From"), tr("To"), tr("Event"), tr("Codes"), tr("Statuses"), tr("From Nth")});
    m_transitions->horizontalHeader()->setSectionResizeMode(Codes, QHeaderView::Stretch);
    m_transitions->verticalHeader()->setVisible(false);
    m_transitions->setToolTip(tr("From: stage ids separated by commas, * for any open stage. "
                                 "Event: %1.")
                                  .arg(JourneyDefinition::eventTypes().join(QStringLiteral(", "))));

    auto *addStageButton = new QPushButton(tr("Add Stage"), this);
    auto *removeStageButton = new QPushButton(tr("Remove Stage"), this);
    auto *addTransitionButton = new QPushButton(tr("Add Transition"), this);
    auto *removeTransitionButton = new QPushButton(tr("Remove Transition"), this);
    connect(addStageButton, &QPushButton::clicked, this, &JourneyEditorDialog::addStage);
    connect(addTransitionButton, &QPushButton::clicked, this, &JourneyEditorDialog::addTransition);
    connect(removeStageButton, &QPushButton::clicked, this,
            [this] { removeSelectedRows(m_stages); });
    connect(removeTransitionButton, &QPushButton::clicked, this,
            [this] { removeSelectedRows(m_transitions); });

    auto *tablesPage = new QWidget(this);
    auto *tablesLayout = new QVBoxLayout(tablesPage);
    tablesLayout->addWidget(
        new QLabel(tr("Stages, in the order a patient goes through them:"), tablesPage));
    tablesLayout->addWidget(m_stages, 2);
    auto *stageButtons = new QHBoxLayout;
    stageButtons->addWidget(addStageButton);
    stageButtons->addWidget(removeStageButton);
    stageButtons->addStretch();
    tablesLayout->addLayout(stageButtons);
    tablesLayout->addWidget(new QLabel(
        tr("Transitions: the first that matches an event moves the patient:"), tablesPage));
    tablesLayout->addWidget(m_transitions, 3);
    auto *transitionButtons = new QHBoxLayout;
    transitionButtons->addWidget(addTransitionButton);
    transitionButtons->addWidget(removeTransitionButton);
    transitionButtons->addStretch();
    tablesLayout->addLayout(transitionButtons);

    m_json->setObjectName(QStringLiteral("definitionJson"));
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tabs->addTab(tablesPage, tr("Stages and Transitions"));
    m_tabs->addTab(m_json, tr("All Settings (JSON)"));
    connect(m_tabs, &QTabWidget::currentChanged, this, &JourneyEditorDialog::onTabChanged);

    m_problems->setObjectName(QStringLiteral("definitionProblems"));
    m_problems->setMaximumHeight(110);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_save, &QPushButton::clicked, this, [this] {
        auto edited = definition();
        if (edited && problems().isEmpty())
            emit saveRequested(edited->toJsonBytes());
    });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(new QLabel(tr("Problems that stop this definition from being saved:"), this));
    layout->addWidget(m_problems);
    layout->addWidget(buttons);

    loadTables(current);
    for (QTableWidget *table : {m_stages, m_transitions})
        connect(table, &QTableWidget::itemChanged, this, &JourneyEditorDialog::revalidate);
    connect(m_json, &QPlainTextEdit::textChanged, this, &JourneyEditorDialog::revalidate);
    connect(m_title, &QLineEdit::textChanged, this, &JourneyEditorDialog::revalidate);
    connect(m_version, &QSpinBox::valueChanged, this, &JourneyEditorDialog::revalidate);
    revalidate();
    resize(900, 680);
}

void JourneyEditorDialog::loadTables(const JourneyDefinition &definition)
{
    m_loading = true;
    m_stages->setRowCount(0);
    m_rowSteps.clear();
    for (const JourneyStage &stage : definition.stages) {
        const int row = m_stages->rowCount();
        m_stages->insertRow(row);
        m_stages->setItem(row, StageId, cell(stage.id));
        m_stages->setItem(row, StageTitle, cell(stage.title));
        m_stages->setItem(row, StageDays, cell(QString::number(stage.expectedDays)));
        auto *terminal = new QTableWidgetItem;
        terminal->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        terminal->setCheckState(stage.terminal ? Qt::Checked : Qt::Unchecked);
        m_stages->setItem(row, StageTerminal, terminal);
        auto *steps = cell(stage.steps.isEmpty()
                               ? tr("none")
                               : tr("%n step(s), edit as JSON", nullptr, int(stage.steps.size())));
        steps->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_stages->setItem(row, StageSteps, steps);
        m_rowSteps.append(stage.steps);
    }
    m_transitions->setRowCount(0);
    for (const JourneyTransition &transition : definition.transitions) {
        const int row = m_transitions->rowCount();
        m_transitions->insertRow(row);
        m_transitions->setItem(row, From, cell(transition.from.join(QStringLiteral(", "))));
        m_transitions->setItem(row, To, cell(transition.to));
        m_transitions->setItem(row, Event, cell(transition.on.event));
        m_transitions->setItem(row, Codes, cell(transition.on.codes.join(QStringLiteral(", "))));
        m_transitions->setItem(row, Statuses,
                               cell(transition.on.statuses.join(QStringLiteral(", "))));
        m_transitions->setItem(
            row, MinCount,
            cell(transition.on.minCount > 0 ? QString::number(transition.on.minCount) : QString()));
    }
    m_stages->resizeColumnsToContents();
    m_transitions->resizeColumnsToContents();
    m_loading = false;
}

JourneyDefinition JourneyEditorDialog::fromTables() const
{
    JourneyDefinition definition = m_base;
    definition.title = m_title->text().trimmed();
    definition.version = m_version->value();
    definition.stages.clear();
    for (int row = 0; row < m_stages->rowCount(); ++row) {
        JourneyStage stage;
        stage.id = text(m_stages, row, StageId);
        stage.title = text(m_stages, row, StageTitle);
        if (stage.title.isEmpty())
            stage.title = stage.id;
        stage.expectedDays = qMax(0, text(m_stages, row, StageDays).toInt());
        const QTableWidgetItem *terminal = m_stages->item(row, StageTerminal);
        stage.terminal = terminal && terminal->checkState() == Qt::Checked;
        stage.steps = m_rowSteps.value(row);
        definition.stages.append(stage);
    }
    definition.transitions.clear();
    for (int row = 0; row < m_transitions->rowCount(); ++row) {
        JourneyTransition transition;
        transition.from = splitList(text(m_transitions, row, From));
        transition.to = text(m_transitions, row, To);
        transition.on.event = text(m_transitions, row, Event);
        transition.on.codes = splitList(text(m_transitions, row, Codes).toLower());
        transition.on.statuses = splitList(text(m_transitions, row, Statuses).toLower());
        transition.on.minCount = qMax(0, text(m_transitions, row, MinCount).toInt());
        definition.transitions.append(transition);
    }
    if (definition.stage(definition.initialStage) == nullptr && !definition.stages.isEmpty())
        definition.initialStage = definition.stages.first().id;
    return definition;
}

Result<JourneyDefinition> JourneyEditorDialog::definition() const
{
    if (m_tabs->currentWidget() != m_json)
        return fromTables();
    auto parsed = JourneyDefinition::parse(m_json->toPlainText().toUtf8());
    if (parsed) {
        parsed->version = m_version->value();
        parsed->title = m_title->text().trimmed();
    }
    return parsed;
}

QStringList JourneyEditorDialog::problems() const
{
    auto current = definition();
    if (!current)
        return {current.error().message};
    QStringList found = current->problems();
    if (current->program != m_base.program)
        found.append(tr("The program id cannot change here (it is \"%1\").").arg(m_base.program));
    if (current->version <= m_currentVersion)
        found.append(tr("The version must be higher than %1.").arg(m_currentVersion));
    return found;
}

void JourneyEditorDialog::revalidate()
{
    if (m_loading)
        return;
    const QStringList found = problems();
    m_problems->clear();
    if (found.isEmpty())
        m_problems->addItem(
            tr("None: this definition can be saved as version %1.").arg(m_version->value()));
    else
        m_problems->addItems(found);
    m_save->setEnabled(found.isEmpty());
}

void JourneyEditorDialog::onTabChanged(int index)
{
    if (m_tabs->widget(index) == m_json) {
        m_loading = true;
        m_json->setPlainText(QString::fromUtf8(fromTables().toJsonBytes()));
        m_loading = false;
    } else {
        auto parsed = JourneyDefinition::parse(m_json->toPlainText().toUtf8());
        if (parsed) {
            m_base = *parsed;
            loadTables(*parsed);
        } else {
            // Stay on the JSON until it reads; the problem list says where it is wrong.
            const QSignalBlocker blocker(m_tabs);
            m_tabs->setCurrentWidget(m_json);
        }
    }
    revalidate();
}

void JourneyEditorDialog::addStage()
{
    const int row = m_stages->rowCount();
    m_loading = true;
    m_stages->insertRow(row);
    m_stages->setItem(row, StageId, cell(tr("new-stage")));
    m_stages->setItem(row, StageTitle, cell(tr("New stage")));
    m_stages->setItem(row, StageDays, cell(QStringLiteral("0")));
    auto *terminal = new QTableWidgetItem;
    terminal->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    terminal->setCheckState(Qt::Unchecked);
    m_stages->setItem(row, StageTerminal, terminal);
    m_stages->setItem(row, StageSteps, cell(tr("none")));
    m_rowSteps.append(QList<JourneyStep>());
    m_loading = false;
    revalidate();
}

void JourneyEditorDialog::addTransition()
{
    const int row = m_transitions->rowCount();
    m_loading = true;
    m_transitions->insertRow(row);
    for (int column = 0; column < TransitionColumns; ++column)
        m_transitions->setItem(row, column, cell(QString()));
    m_transitions->item(row, Event)->setText(QStringLiteral("task"));
    m_loading = false;
    revalidate();
}

void JourneyEditorDialog::removeSelectedRows(QTableWidget *table)
{
    QList<int> rows;
    for (const QModelIndex &index : table->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty() && table->currentRow() >= 0)
        rows.append(table->currentRow());
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (int row : rows) {
        table->removeRow(row);
        if (table == m_stages && row < m_rowSteps.size())
            m_rowSteps.removeAt(row);
    }
    revalidate();
}

} // namespace CareDesk
