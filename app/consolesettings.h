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

    /// The page the window showed last, by its place in the tabs (0 the dashboard).
    int currentPage() const;
    /// The playground's draft as JSON text (messages, variables, columns), empty for none.
    QByteArray playgroundDraft() const;
    void setPlaygroundDraft(const QByteArray &json);
    void setCurrentPage(int page);

    /// The Evaluations page's splitters, packed by the page; empty for its default layout.
    QByteArray evaluationsLayout() const;
    void setEvaluationsLayout(const QByteArray &state);
    /// The suite the Evaluations page had selected, by name; empty for none.
    QString evaluationsSuite() const;
    void setEvaluationsSuite(const QString &name);

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
