// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "prompt.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace llmops {

/// A prompt's content as text, the one form it is read and compared in: each message as a
/// heading with its role and then its content, then its variables, its parameters as
/// indented JSON and its default endpoint, each section after a blank line. Placeholders
/// stay as written.
QStringList promptTextLines(const PromptContent &content);
QString promptText(const PromptContent &content);

/// One line of a diff, with its line numbers in the old and the new text (from 1; 0 where
/// the line is not in that text).
struct PromptDiffLine {
    enum class Kind { Same, Removed, Added };
    Kind kind = Kind::Same;
    QString text;
    int oldLine = 0;
    int newLine = 0;

    bool operator==(const PromptDiffLine &other) const = default;
};

/// The line diff of two versions' texts: every line of both, in order, each removed line of
/// a change before the lines added in its place.
struct PromptDiff {
    /// The references of both sides, `name@3`.
    QString fromName;
    QString toName;
    std::vector<PromptDiffLine> lines;

    bool hasChanges() const;
    /// The lines that were removed or added, in order.
    std::vector<PromptDiffLine> changes() const;
    /// As `diff -u` writes it: a `---`/`+++` header, then hunks of the changed lines with
    /// `contextLines` lines around them. Empty when nothing changed.
    QString unifiedText(int contextLines = 3) const;
};

PromptDiff diffPromptTexts(const QStringList &from, const QStringList &to);
PromptDiff diffPromptVersions(const PromptVersion &from, const PromptVersion &to);

} // namespace llmops
