// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QStringList>

namespace llmops {

class LazyStore;

/// `run (--prompt NAME[@VERSION|@LABEL] | --message TEXT) [--var NAME=VALUE]... [--endpoint NAME]
/// [--max-tokens N] [--temperature T] [--seed N] [--json]`: renders the prompt, streams the
/// answer to standard output as it arrives, and stores the run as the playground does (a
/// trace and a request row). Exit 0 when the answer completed, 1 when the request failed or
/// was stopped (SIGINT, SIGTERM or SIGHUP), 2 on a usage error.
int runCommand(LazyStore &store, const QStringList &arguments);

} // namespace llmops
