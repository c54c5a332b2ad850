// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "otlpreceiver.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <utility>

class QTimer;

namespace llmops {

class TraceIntake;

/// What the status bar says about trace intake.
struct TraceReceiverStatus {
    bool listening = false;
    QString url;
    /// Why the receiver is not listening, or the last request it refused.
    QString problem;
    qint64 spansStored = 0;
    qint64 spansRejected = 0;
    qint64 requestsRefused = 0;
};

/// Runs the OTLP receiver for the GUI on the collector thread: started and stopped on
/// request, its counters reported every second.
class TraceReceiverService : public QObject
{
    Q_OBJECT

public:
    explicit TraceReceiverService(QString storePath, QObject *parent = nullptr);
    ~TraceReceiverService() override;

public Q_SLOTS:
    /// Starts listening at HOST:PORT, or stops when `enabled` is false.
    void configure(bool enabled, const QString &address);
    void stop();

Q_SIGNALS:
    void statusChanged(const llmops::TraceReceiverStatus &status);
    /// New spans were committed since the last report.
    void spansArrived();

private:
    void report();

    QString m_storePath;
    std::unique_ptr<TraceIntake> m_intake;
    std::unique_ptr<OtlpReceiver> m_receiver;
    QTimer *m_reporter = nullptr;
    TraceReceiverStatus m_status;
};

/// "HOST:PORT", "[v6]:PORT" or ":PORT" (the loopback address) as a host and a port.
std::optional<std::pair<QString, int>> parseHostPort(const QString &text);

} // namespace llmops
