// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The prompt library as a file, to keep prompts in a repository or carry them to another
// store: {"format": "llmops-prompts/v1", "prompts": [{"name", "labels": {"production": 2},
// "versions": [{"version", "commit_message", "author", "created_at_ms", and the fields of
// promptContentToJson()}]}]}, versions oldest first.
#pragma once

#include "prompt.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <vector>

namespace llmops {

class Store;

inline constexpr const char *kPromptArchiveFormat = "llmops-prompts/v1";

/// A version as the archive writes it: number, commit message, author and time, then its
/// content's fields.
nlohmann::ordered_json promptVersionToJson(const PromptVersion &version);

/// The named prompts, or every prompt when none is named, with all their versions and
/// labels. Throws StoreError (NotFound for a name the store does not have).
nlohmann::ordered_json exportPrompts(const Store &store, const QStringList &names = {});

/// Something in an archive that was not imported, and where it stands in the file.
struct PromptImportProblem {
    enum class Kind {
        NotAnArchive,       ///< not JSON, or not this format: nothing was imported
        BadPrompt,          ///< a prompt without a usable name or versions, or named twice
        BadVersion,         ///< a version that cannot be read
        ConflictingVersion, ///< the store has this number with other content
        BadLabel,           ///< a label that is no label, or points at no version
        StoreFailed,        ///< the store refused the prompt
    };
    Kind kind = Kind::NotAnArchive;
    /// `prompts[2].versions[0]`, `prompts[1].labels.production`; empty for the whole file.
    QString position;
    QString message;

    /// "position: message", as llmopsctl prints it.
    QString toString() const;
};

/// A prompt the import took in: the versions it added and those the store already had with
/// the same content, and the labels it pointed.
struct ImportedPrompt {
    QString name;
    bool created = false;
    std::vector<int> addedVersions;
    std::vector<int> unchangedVersions;
    std::map<QString, int> labels;
};

struct PromptImportResult {
    std::vector<ImportedPrompt> imported;
    std::vector<PromptImportProblem> problems;
};

/// Imports an archive into the store, a prompt at a time. A new prompt keeps its version
/// numbers, authors, times and labels. For a prompt the store has, versions whose number
/// and content match are skipped and new numbers are added; a number the store has with
/// other content is a conflict. A prompt with any problem is left out whole (so its
/// history is never half taken in) and every problem is reported; the other prompts are
/// imported. Labels in the file are pointed as the file says. Never throws.
PromptImportResult importPrompts(Store &store, QByteArrayView document);

} // namespace llmops
