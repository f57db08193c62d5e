// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/PatientJourney.h"

#include <QDialog>

class QPlainTextEdit;

namespace CareDesk {

// A source record opened from the journey timeline: what it is and the stored resource.
class SourceRecordDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SourceRecordDialog(const SourceRecord &record, QWidget *parent = nullptr);

    const SourceRecord &record() const { return m_record; }
    QPlainTextEdit *contentView() const { return m_content; }

private:
    SourceRecord m_record;
    QPlainTextEdit *m_content;
};

} // namespace CareDesk
