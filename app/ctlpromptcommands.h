// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QStringList>

namespace llmops {

class LazyStore;

/// `prompt list [--search TEXT] [--json]`, `prompt show NAME[@VERSION|@LABEL] [--json]`,
/// `prompt save NAME --file FILE|- [--message TEXT] [--author NAME]`, `prompt label
/// NAME@VERSION LABEL`, `prompt diff NAME@A NAME@B` (or `NAME@A B`), `prompt export [NAME...]
/// [--output FILE]` and `prompt import FILE|-` (exit 1 when a prompt was left out).
int promptCommand(LazyStore &store, const QStringList &arguments);

} // namespace llmops
