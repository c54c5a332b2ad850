// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QString>
#include <QStringList>

namespace llmops {

class LazyStore;

/// `serve`: runs the OTLP/HTTP trace receiver until SIGINT or SIGTERM.
int serveCommand(const QString &storePath, const QStringList &arguments);
/// `traces list|show`.
int tracesCommand(LazyStore &store, const QStringList &arguments);
/// `prices list|import|export`.
int pricesCommand(LazyStore &store, const QStringList &arguments);

} // namespace llmops
