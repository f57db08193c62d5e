// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/AlertBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace CareDesk {

AlertBanner::AlertBanner(QWidget *parent)
    : QFrame(parent)
    , m_label(new QLabel(this))
    , m_showButton(new QPushButton(tr("Show Item (F8)"), this))
    , m_dismissDigest(new QPushButton(tr("Dismiss"), this))
{
    setObjectName(QStringLiteral("alertBanner"));
    setAccessibleName(tr("Alerts"));
    setFrameShape(QFrame::StyledPanel);
    m_label->setObjectName(QStringLiteral("alertText"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_showButton->setObjectName(QStringLiteral("alertShowButton"));
    m_showButton->setShortcut(QKeySequence(Qt::Key_F8));
    m_dismissDigest->setObjectName(QStringLiteral("alertDismissButton"));
    // The text across the whole banner and the buttons under it, so wrapped lines get the height
    // they need beside nothing.
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_label);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_dismissDigest);
    buttons->addWidget(m_showButton);
    layout->addLayout(buttons);
    connect(m_showButton, &QPushButton::clicked, this, [this] {
        for (const Line &line : std::as_const(m_lines)) {
            if (line.itemId > 0) {
                emit showItem(line.itemId);
                return;
            }
        }
    });
    // Only a digest line can be dismissed by hand; an item's line goes when it is acknowledged.
    connect(m_dismissDigest, &QPushButton::clicked, this, [this] { remove(0); });
    update();
}

void AlertBanner::show(qint64 itemId, TriageTier tier, const QString &text)
{
    const auto found = std::find_if(m_lines.begin(), m_lines.end(),
                                    [itemId](const Line &line) { return line.itemId == itemId; });
    if (found != m_lines.end()) {
        found->tier = std::max(found->tier, tier);
        found->text = text;
    } else {
        m_lines.append({itemId, tier, text});
    }
    std::stable_sort(m_lines.begin(), m_lines.end(),
                     [](const Line &a, const Line &b) { return a.tier > b.tier; });
    update();
}

void AlertBanner::remove(qint64 itemId)
{
    m_lines.removeIf([itemId](const Line &line) { return line.itemId == itemId; });
    update();
}

void AlertBanner::clear()
{
    m_lines.clear();
    update();
}

QString AlertBanner::text() const
{
    return m_label->text();
}

QList<qint64> AlertBanner::items() const
{
    QList<qint64> ids;
    for (const Line &line : m_lines) {
        if (line.itemId > 0)
            ids.append(line.itemId);
    }
    return ids;
}

void AlertBanner::update()
{
    setVisible(!m_lines.isEmpty());
    if (m_lines.isEmpty())
        return;
    QStringList texts;
    for (const Line &line : std::as_const(m_lines))
        texts.append(line.text);
    m_label->setText(texts.join(u'\n'));
    const bool emergent = m_lines.first().tier == TriageTier::Emergent;
    // Colour is not the only signal: the text says "EMERGENT" and the tier shapes lead each line.
    setStyleSheet(emergent ? QStringLiteral("QFrame#alertBanner{background:#a51010;}"
                                            "QLabel{color:#ffffff;font-weight:bold;}")
                           : QStringLiteral("QFrame#alertBanner{background:#fff3c4;}"
                                            "QLabel{color:#3d2e00;}"));
    m_showButton->setVisible(!items().isEmpty());
    m_dismissDigest->setVisible(std::any_of(m_lines.cbegin(), m_lines.cend(),
                                            [](const Line &line) { return line.itemId == 0; }));
}

} // namespace CareDesk
