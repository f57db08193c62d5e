// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/TriageTier.h"

#include <QFrame>
#include <QList>

class QLabel;
class QPushButton;

namespace CareDesk {

// The on-screen alert above the queue: every item that was alerted and nobody has acknowledged
// yet, the most pressing first, with a button (and F8) that selects the first of them. It stays
// until each item is acknowledged, so an alert seen by no one is never lost.
class AlertBanner : public QFrame
{
    Q_OBJECT
public:
    explicit AlertBanner(QWidget *parent = nullptr);

    // Adds or updates the line for itemId (0: a digest line, replaced by the next digest).
    void show(qint64 itemId, TriageTier tier, const QString &text);
    void remove(qint64 itemId);
    void clear();

    QString text() const;
    QList<qint64> items() const;
    QPushButton *showButton() const { return m_showButton; }

signals:
    void showItem(qint64 itemId);

private:
    struct Line {
        qint64 itemId = 0;
        TriageTier tier = TriageTier::Routine;
        QString text;
    };
    void update();

    QList<Line> m_lines;
    QLabel *m_label;
    QPushButton *m_showButton;
    QPushButton *m_dismissDigest;
};

} // namespace CareDesk
