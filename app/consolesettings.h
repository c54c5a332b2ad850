// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "dashboardrange.h"

#include <QByteArray>
#include <QSettings>
#include <QString>

namespace llmops {

/// The console's user settings, each with its default, in one place. Backed by QSettings
/// under the application's identity; reads and writes are cheap and synchronous.
class ConsoleSettings
{
public:
    ConsoleSettings() = default;

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray &state);
    QByteArray splitterState() const;
    void setSplitterState(const QByteArray &state);

    /// The endpoint the dashboard shows, by name; empty for all endpoints.
    QString selectedEndpoint() const;
    void setSelectedEndpoint(const QString &name);

    /// The page the window showed last: 0 the dashboard, 1 the traces.
    int currentPage() const;
    /// The playground's draft as JSON text (messages, variables, columns), empty for none.
    QByteArray playgroundDraft() const;
    void setPlaygroundDraft(const QByteArray &json);
    void setCurrentPage(int page);

    DashboardRange dashboardRange() const;
    void setDashboardRange(DashboardRange range);

    /// Whether the console receives OTLP traces, and where it listens.
    bool traceReceiverEnabled() const;
    void setTraceReceiverEnabled(bool enabled);
    QString traceReceiverAddress() const;
    void setTraceReceiverAddress(const QString &address);

private:
    mutable QSettings m_settings;
};

} // namespace llmops
