// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "dataset.h"
#include "playgroundrun.h"
#include "spanrecord.h"

#include <optional>
#include <vector>

namespace llmops {

/// Dataset items made from calls that happened, so that a case seen in production or tried
/// in the playground becomes a regression test. The answer given becomes the expected
/// output (to be reviewed and corrected in the dataset), and the metadata says where the
/// item came from.

/// An item from a traced model call: its input messages and its answer. Nothing when the
/// span holds no input messages.
std::optional<DatasetItem> datasetItemFromSpan(const SpanRecord &span);

/// An item from one column of a playground run: the prompt's variables and the messages
/// it sent, and the column's answer when it gave one.
DatasetItem datasetItemFromPlaygroundAnswer(const PlaygroundRun &run, const PlaygroundAnswer &answer);

/// Appends to `items` those of `gathered` whose key neither `items` nor an earlier one of
/// `gathered` holds, and returns how many it appended. A call gathered before is not a new
/// case: its key (span, or run and column) says so.
std::size_t appendNewDatasetItems(std::vector<DatasetItem> &items, std::vector<DatasetItem> gathered);

} // namespace llmops
