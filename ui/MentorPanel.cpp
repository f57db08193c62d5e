// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/MentorPanel.h"

#include "models/JourneyTimeline.h"
#include "models/MentorProposalModel.h"
#include "ui/JourneyController.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace CareDesk {

namespace {

QString when(const QDateTime &at)
{
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : QString();
}

QString consentText(const QString &consent)
{
    if (consent == QLatin1String("given"))
        return MentorPanel::tr("agreed");
    if (consent == QLatin1String("refused"))
        return MentorPanel::tr("refused");
    return MentorPanel::tr("not asked");
}

} // namespace

MentorPanel::MentorPanel(JourneyController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_header(new QLabel(this))
    , m_model(new MentorProposalModel(this))
    , m_proposals(new QTableView(this))
    , m_reasons(new QLabel(this))
    , m_propose(new QPushButton(tr("&Propose Introduction"), this))
    , m_introductions(new QTreeWidget(this))
    , m_patientAgrees(new QPushButton(tr("Patient &Agrees"), this))
    , m_mentorAgrees(new QPushButton(tr("Mentor A&grees"), this))
    , m_decline(new QPushButton(tr("De&clined"), this))
    , m_introduce(new QPushButton(tr("&Introduce"), this))
    , m_outcome(new QComboBox(this))
    , m_recordOutcome(new QPushButton(tr("Record &Outcome"), this))
{
    m_header->setWordWrap(true);
    m_proposals->setObjectName(QStringLiteral("mentorProposalView"));
    m_proposals->setAccessibleName(tr("Proposed mentors"));
    m_proposals->setModel(m_model);
    m_proposals->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_proposals->setSelectionMode(QAbstractItemView::SingleSelection);
    m_proposals->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_proposals->verticalHeader()->setVisible(false);
    m_proposals->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_proposals->horizontalHeader()->setSectionResizeMode(MentorProposalModel::ReasonsColumn,
                                                          QHeaderView::Stretch);
    m_proposals->setWordWrap(false);
    m_reasons->setObjectName(QStringLiteral("mentorReasons"));
    m_reasons->setWordWrap(true);
    m_reasons->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_propose->setObjectName(QStringLiteral("mentorProposeButton"));

    m_introductions->setObjectName(QStringLiteral("mentorIntroductions"));
    m_introductions->setHeaderLabels({tr("Mentor"), tr("Status"), tr("Patient consent"),
                                      tr("Mentor consent"), tr("Outcome"), tr("Proposed")});
    m_introductions->setRootIsDecorated(false);
    m_outcome->addItem(tr("Met"), QStringLiteral("met"));
    m_outcome->addItem(tr("Declined"), QStringLiteral("declined"));
    m_outcome->addItem(tr("No response"), QStringLiteral("no-response"));

    auto *proposalBox = new QGroupBox(tr("Proposed mentors"), this);
    auto *proposalLayout = new QVBoxLayout(proposalBox);
    proposalLayout->addWidget(m_header);
    proposalLayout->addWidget(m_proposals, 1);
    proposalLayout->addWidget(m_reasons);
    auto *proposeRow = new QHBoxLayout;
    proposeRow->addStretch();
    proposeRow->addWidget(m_propose);
    proposalLayout->addLayout(proposeRow);

    auto *introBox = new QGroupBox(tr("Introductions"), this);
    auto *introLayout = new QVBoxLayout(introBox);
    introLayout->addWidget(m_introductions, 1);
    auto *introButtons = new QHBoxLayout;
    for (QPushButton *button : {m_patientAgrees, m_mentorAgrees, m_decline, m_introduce})
        introButtons->addWidget(button);
    introButtons->addStretch();
    introButtons->addWidget(m_outcome);
    introButtons->addWidget(m_recordOutcome);
    introLayout->addLayout(introButtons);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(proposalBox, 3);
    layout->addWidget(introBox, 2);

    connect(m_proposals->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        showReasons();
        updateButtons();
    });
    connect(m_introductions, &QTreeWidget::currentItemChanged, this, &MentorPanel::updateButtons);
    connect(m_propose, &QPushButton::clicked, this, [this] {
        const MentorProposal *proposal = m_model->proposalAt(m_proposals->currentIndex().row());
        if (proposal)
            m_controller->propose(m_masterId, proposal->mentor.mentorId);
    });
    auto consent = [this](const QString &party, bool given) {
        if (const MentorIntroduction *intro = currentIntroduction())
            m_controller->recordConsent(m_masterId, intro->id, party, given);
    };
    connect(m_patientAgrees, &QPushButton::clicked, this,
            [consent] { consent(QStringLiteral("patient"), true); });
    connect(m_mentorAgrees, &QPushButton::clicked, this,
            [consent] { consent(QStringLiteral("mentor"), true); });
    connect(m_decline, &QPushButton::clicked, this, [this, consent] {
        // Whoever has not agreed yet is the one who declined.
        const MentorIntroduction *intro = currentIntroduction();
        if (intro)
            consent(intro->patientConsent.isEmpty() ? QStringLiteral("patient")
                                                    : QStringLiteral("mentor"),
                    false);
    });
    connect(m_introduce, &QPushButton::clicked, this, [this] {
        if (const MentorIntroduction *intro = currentIntroduction())
            m_controller->introduce(m_masterId, intro->id);
    });
    connect(m_recordOutcome, &QPushButton::clicked, this, [this] {
        if (const MentorIntroduction *intro = currentIntroduction())
            m_controller->recordOutcome(m_masterId, intro->id, m_outcome->currentData().toString());
    });
    connect(m_controller, &JourneyController::mentorsLoaded, this, &MentorPanel::onMentorsLoaded);
    clear();
}

void MentorPanel::clear()
{
    m_masterId.clear();
    m_match = MentorMatch{};
    m_model->setProposals({});
    m_introductions->clear();
    m_header->setText(tr("Select an item to see mentors for the patient."));
    m_reasons->clear();
    updateButtons();
}

void MentorPanel::showPatient(const QString &masterId)
{
    if (masterId != m_masterId) {
        clear();
        m_header->setText(tr("Ranking mentors\u2026"));
    }
    m_masterId = masterId; // the journey panel's load brings the proposals
}

void MentorPanel::onMentorsLoaded(const MentorMatch &match)
{
    if (match.patient.masterId != m_masterId)
        return;
    const QString keep =
        m_proposals->currentIndex().data(MentorProposalModel::MentorIdRole).toString();
    const qint64 keepIntro = currentIntroduction() ? currentIntroduction()->id : 0;
    m_match = match;
    m_model->setProposals(match.proposals);
    int proposable = 0;
    for (const MentorProposal &proposal : match.proposals)
        proposable += proposal.excludedBecause.isEmpty() ? 1 : 0;
    m_header->setText(
        tr("%n mentor(s) can be proposed, ranked by therapy, condition, stage reached, language, "
           "age band and availability.",
           nullptr, proposable) +
        tr(" Patient: %1, language %2, age band %3, time zone %4.")
            .arg(match.patient.stageTitle.isEmpty() ? tr("no journey yet")
                                                    : match.patient.stageTitle,
                 match.patient.language.isEmpty() ? tr("not recorded") : match.patient.language,
                 match.patient.ageBand.isEmpty() ? tr("not known") : match.patient.ageBand,
                 match.patient.timeZone));
    int row = 0;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        if (m_model->index(r, 0).data(MentorProposalModel::MentorIdRole).toString() == keep)
            row = r;
    }
    if (m_model->rowCount() > 0)
        m_proposals->setCurrentIndex(m_model->index(row, 0));

    m_introductions->clear();
    for (const MentorIntroduction &intro : match.introductions) {
        auto *item = new QTreeWidgetItem(
            {intro.mentorName, JourneyTimeline::statusLabel(intro.status),
             consentText(intro.patientConsent), consentText(intro.mentorConsent),
             JourneyTimeline::statusLabel(intro.outcome), when(intro.proposedAt)});
        item->setData(0, Qt::UserRole, intro.id);
        m_introductions->addTopLevelItem(item);
        if (intro.id == keepIntro || (keepIntro == 0 && intro.open()))
            m_introductions->setCurrentItem(item);
    }
    for (int column = 0; column < m_introductions->columnCount(); ++column)
        m_introductions->resizeColumnToContents(column);
    showReasons();
    updateButtons();
}

void MentorPanel::showReasons()
{
    const MentorProposal *proposal = m_model->proposalAt(m_proposals->currentIndex().row());
    if (!proposal) {
        m_reasons->clear();
        return;
    }
    QStringList lines{tr("<b>%1</b>: %2 of 100 points%3")
                          .arg(proposal->mentor.displayName.toHtmlEscaped())
                          .arg(proposal->score)
                          .arg(proposal->excludedBecause.isEmpty()
                                   ? tr(", rank %1").arg(proposal->rank)
                                   : tr(" &mdash; not proposed: %1")
                                         .arg(proposal->excludedBecause.toHtmlEscaped()))};
    for (const MatchReason &reason : proposal->reasons)
        lines.append(tr("%1 / %2 &nbsp; %3")
                         .arg(reason.points)
                         .arg(reason.maxPoints)
                         .arg(reason.text.toHtmlEscaped()));
    m_reasons->setText(lines.join(QStringLiteral("<br/>")));
}

const MentorIntroduction *MentorPanel::currentIntroduction() const
{
    const QTreeWidgetItem *item = m_introductions->currentItem();
    if (!item)
        return nullptr;
    const qint64 id = item->data(0, Qt::UserRole).toLongLong();
    for (const MentorIntroduction &intro : m_match.introductions) {
        if (intro.id == id)
            return &intro;
    }
    return nullptr;
}

void MentorPanel::updateButtons()
{
    const MentorProposal *proposal = m_model->proposalAt(m_proposals->currentIndex().row());
    m_propose->setEnabled(proposal && proposal->excludedBecause.isEmpty());
    const MentorIntroduction *intro = currentIntroduction();
    const bool proposed = intro && intro->status == QLatin1String("proposed");
    m_patientAgrees->setEnabled(proposed && intro->patientConsent.isEmpty());
    m_mentorAgrees->setEnabled(proposed && intro->mentorConsent.isEmpty());
    m_decline->setEnabled(proposed);
    m_introduce->setEnabled(proposed && intro->patientConsent == QLatin1String("given") &&
                            intro->mentorConsent == QLatin1String("given"));
    m_outcome->setEnabled(intro && intro->open());
    m_recordOutcome->setEnabled(intro && intro->open());
}

} // namespace CareDesk
