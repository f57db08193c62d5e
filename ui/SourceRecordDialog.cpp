// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/SourceRecordDialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace CareDesk {

SourceRecordDialog::SourceRecordDialog(const SourceRecord &record, QWidget *parent)
    : QDialog(parent)
    , m_record(record)
    , m_content(new QPlainTextEdit(this))
{
    setWindowTitle(tr("Source Record %1/%2").arg(record.resourceType, record.resourceId));
    auto *header = new QLabel(this);
    header->setWordWrap(true);
    header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const QLocale locale;
    header->setText(
        tr("<b>%1</b><br/>%2 \u00b7 %3 \u00b7 status %4 \u00b7 from %5")
            .arg(record.summary.toHtmlEscaped(), record.kind.toHtmlEscaped(),
                 record.occurredAt.isValid()
                     ? locale.toString(record.occurredAt.toLocalTime(), QLocale::ShortFormat)
                     : tr("undated"),
                 record.status.isEmpty() ? tr("none") : record.status.toHtmlEscaped(),
                 record.source.toHtmlEscaped()));
    m_content->setObjectName(QStringLiteral("sourceRecordContent"));
    m_content->setReadOnly(true);
    m_content->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_content->setPlainText(record.content);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(header);
    layout->addWidget(m_content, 1);
    layout->addWidget(buttons);
    resize(640, 520);
}

} // namespace CareDesk
