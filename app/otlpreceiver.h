// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QString>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

namespace httplib {
class Server;
struct Request;
struct Response;
class ContentReader;
} // namespace httplib

namespace llmops {

class TraceIntake;

/// The OTLP/HTTP trace receiver: `POST /v1/traces` in protobuf or JSON, gzip or not.
///
/// Answers as the OTLP specification says: 200 with an ExportTraceServiceResponse (its
/// partial_success names the spans that were rejected), 400 for a body that cannot be
/// decoded, 401 without the bearer token when one is set, 413 over the size limit (counted
/// after decompression, so a small gzip bomb is refused too), 415 for another content type,
/// 503 with Retry-After when the intake is full or the store fails. A 200 is sent only once
/// the spans are committed.
///
/// Memory stays bounded: a fixed number of connection threads, each holding at most one
/// body of the size limit, and the intake's bounded queue.
class OtlpReceiver
{
public:
    struct Options {
        QString host = QStringLiteral("127.0.0.1");
        /// 0 picks a free port; port() tells which.
        int port = 4318;
        /// Requests must carry "Authorization: Bearer <token>" when it is set.
        QString bearerToken;
        qint64 maxBodyBytes = 16 * 1024 * 1024;
        /// Connections served at once; each holds at most one body of maxBodyBytes.
        int connectionThreads = 8;
    };

    struct Counters {
        qint64 requests = 0;
        qint64 spansAccepted = 0;
        qint64 spansRejected = 0;
        qint64 requestsRefused = 0;
        QString lastProblem;
    };

    OtlpReceiver(TraceIntake &intake, Options options);
    ~OtlpReceiver();
    OtlpReceiver(const OtlpReceiver &) = delete;
    OtlpReceiver &operator=(const OtlpReceiver &) = delete;

    /// Binds the address and starts serving; false with the reason when the address cannot
    /// be bound.
    bool start(QString *error);
    void stop();
    bool isRunning() const;
    int port() const { return m_port; }
    QString url() const;

    Counters counters() const;

    /// True for addresses only this machine can reach.
    static bool isLoopback(const QString &host);

private:
    void handleExport(const httplib::Request &request, httplib::Response &response,
                      const httplib::ContentReader &reader);
    void noteRefusal(const QString &problem);

    TraceIntake &m_intake;
    Options m_options;
    std::unique_ptr<httplib::Server> m_server;
    std::thread m_listener;
    int m_port = 0;

    mutable std::mutex m_mutex;
    Counters m_counters;
};

} // namespace llmops
