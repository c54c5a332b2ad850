// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QStringList>

#include <optional>

namespace llmops {

/// Exit codes of llmopsctl, as scripts and CI pipelines read them.
enum CtlExitCode {
    CtlSuccess = 0,
    CtlCheckFailed = 1, ///< the command ran and what it checked failed (a probe, a threshold)
    CtlUsageError = 2,  ///< bad arguments, a missing endpoint, an unreadable store or file
};

/// Runs one llmopsctl command line (without the program name). Writes results to standard
/// output and problems to standard error. Needs a QCoreApplication; `watch` runs its event
/// loop until SIGINT or SIGTERM.
int runCtl(const QStringList &arguments);

/// "90s", "15m", "1h", "7d", "2w" or plain seconds, in milliseconds.
std::optional<qint64> parseDurationMs(const QString &text);

} // namespace llmops
