// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QStringList>

namespace llmops {

class LazyStore;

/// `eval suite save|list|show|remove`, `eval run SUITE --endpoint NAME [--repeats N]
/// [--concurrency N] [--requests-per-second R] [--tokens-per-minute T] [--max-attempts N]
/// [--fail-under SCORER=THRESHOLD]... [--junit FILE] [--json]`, `eval resume RUN [...]`,
/// `eval show RUN [...]`, `eval runs [--suite NAME] [--json]` and `eval import FILE`.
/// A run, resume or show exits 0 when every threshold holds, 1 when one fails, 2 on a
/// usage error or a run that could not finish (stopped by a signal: resume it).
int evalCommand(LazyStore &store, const QStringList &arguments);

} // namespace llmops
