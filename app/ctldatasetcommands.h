// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QStringList>

namespace llmops {

class LazyStore;

/// `dataset import NAME FILE|- [--format jsonl|csv] [--message TEXT]`: saves the file's items
/// as the dataset's next version and reports each line that could not be read (exit 1 when
/// any, 2 when no item could be read at all); `dataset export NAME[@VERSION] [--format
/// jsonl|csv] [--output FILE]`; `dataset list [--json]`.
int datasetCommand(LazyStore &store, const QStringList &arguments);

} // namespace llmops
