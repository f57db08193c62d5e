// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/Classification.h"
#include "models/Error.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace CareDesk {

struct Lexicon;
struct LexiconIndex;

// Classifies one patient reply into emergent / urgent / routine, plus opt-out, with the evidence
// it matched. Lexicon-driven: the terms, their tiers and the context cues (negation, uncertainty,
// history, other person) come from versioned JSON language packs in resources/lexicons/, so a
// clinical reviewer can change them without a rebuild. Pure and thread-safe once built.
class ReplyClassifier
{
public:
    // The packs compiled into the binary (":/lexicons/triage-*.json").
    static Result<ReplyClassifier> builtIn();
    // Packs loaded from files; each must parse and validate, or nothing is loaded.
    static Result<ReplyClassifier> fromFiles(const QStringList &paths);
    // The built-in packs, each replaced by a reviewed pack of the same language found in
    // overrideDir as triage-*.json; a pack for a language not built in is added. A file that
    // does not validate fails the whole load rather than being skipped. An empty overrideDir,
    // or one with no triage-*.json, gives builtIn(). See docs/triage.md.
    static Result<ReplyClassifier> withOverrides(const QString &overrideDir);

    Classification classify(const QString &reply) const;

    // "en:2026.12.1,es:2026.12.1": which packs and versions produced a classification.
    QString lexiconVersion() const;
    // Languages the loaded packs read ("en", "es", ...), in load order.
    QStringList languages() const;

private:
    explicit ReplyClassifier(std::shared_ptr<const QList<Lexicon>> packs);
    static Result<ReplyClassifier> fromPacks(QList<Lexicon> packs);
    std::shared_ptr<const QList<Lexicon>> m_packs;
    std::shared_ptr<const LexiconIndex> m_index; // the packs' terms compiled for matching
};

} // namespace CareDesk
