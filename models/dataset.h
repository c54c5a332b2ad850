// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "prompt.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QtGlobal>

#include <optional>
#include <vector>

namespace llmops {

/// One case of an evaluation dataset: what goes in (the variables of a prompt, or whole
/// messages), what should come out when that is known, and anything else about it.
struct DatasetItem {
    /// The item's own id when the file gives one (`id`), else empty.
    QString key;
    /// The values of the prompt's placeholders, in the order the file gave them.
    std::vector<PromptVariable> inputs;
    /// Whole messages, for items that bring their conversation instead of variables.
    std::vector<ChatMessage> messages;
    std::optional<QString> expected;
    /// A JSON object: the file's `metadata` (or `meta`) and every field the item has besides
    /// the ones above; `{}` when there are none.
    QString metadataJson = QStringLiteral("{}");

    bool operator==(const DatasetItem &other) const = default;
};

/// A line (JSONL) or record (CSV) that could not be read: where it starts and why.
struct DatasetProblem {
    qint64 line = 0;
    QString message;
};

/// What a dataset file held: the items that could be read, in file order, and a problem
/// for each one that could not. One bad line never costs its neighbours.
struct DatasetReadResult {
    std::vector<DatasetItem> items;
    std::vector<DatasetProblem> problems;
};

/// JSON Lines: one JSON object an item. A UTF-8 byte order mark, CRLF line ends, blank and
/// whitespace-only lines and a missing final newline are all taken in stride. The fields:
/// `id`; `input` (text, the variable `input`; or an object of variables) or `inputs` /
/// `vars` / `variables` (an object); `messages` ([{"role", "content"}]); `expected` (or
/// `expected_output`, `ideal`); `metadata` (or `meta`). Numbers and booleans given as
/// values are read as their JSON text.
DatasetReadResult readJsonlDataset(QByteArrayView bytes);

/// CSV (RFC 4180) with a header row: `id`, `expected`, `messages` (JSON) and `metadata`
/// (JSON) are those fields, and every other column is an input variable of its name. Quoted
/// fields may hold commas, quotes and line breaks; spaces around fields are kept. A record
/// with a different number of fields than the header is a problem at the line it starts.
DatasetReadResult readCsvDataset(QByteArrayView bytes);

/// One version of a named dataset in the store.
struct DatasetVersionSummary {
    QString name;
    int version = 0;
    qint64 itemCount = 0;
    QString message;
    qint64 createdAtMs = 0;
};

/// The items written back in each format, so that reading them again gives the same items.
/// CSV takes the union of the items' variables as its columns, in first-seen order.
QByteArray writeJsonlDataset(const std::vector<DatasetItem> &items);
QByteArray writeCsvDataset(const std::vector<DatasetItem> &items);

/// Why the items cannot be written as CSV, or empty when they can: a variable named `id`,
/// `expected`, `messages` or `metadata` would read back as that field (JSONL keeps it).
QString csvExportProblem(const std::vector<DatasetItem> &items);

} // namespace llmops
