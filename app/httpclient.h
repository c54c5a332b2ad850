// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "errorclass.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <atomic>
#include <optional>

namespace llmops {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

struct HttpRequest {
    QByteArray method = "POST";
    QUrl url;
    HttpHeaders headers;
    QByteArray body;
    int connectTimeoutMs = 10'000;
    /// The whole exchange, from connecting to the last byte of the body.
    int totalTimeoutMs = 30'000;
};

/// Receives a response while it arrives, on the thread that called HttpClient::perform().
class HttpResponseHandler
{
public:
    virtual ~HttpResponseHandler() = default;
    /// The status line and headers of the final response (after any 1xx) are complete.
    virtual void onResponseStarted(int status, const HttpHeaders &headers) = 0;
    /// One read of the body, exactly as it came off the network.
    virtual void onBodyRead(QByteArrayView bytes) = 0;
};

/// How the transfer itself ended. A transfer that completed has ErrorClass::None even when
/// the HTTP status is an error: judging the status is the caller's business.
struct TransportResult {
    ErrorClass errorClass = ErrorClass::None;
    QString message;
    std::optional<int> httpStatus;
    bool responseStarted = false;
};

/// A blocking HTTP client over libcurl for one thread at a time: create it on the thread
/// that uses it. TLS peers are always verified. perform() returns within about 50 ms of
/// the cancel flag being set.
class HttpClient
{
public:
    HttpClient();
    ~HttpClient();
    HttpClient(const HttpClient &) = delete;
    HttpClient &operator=(const HttpClient &) = delete;

    TransportResult perform(const HttpRequest &request, HttpResponseHandler &handler,
                            const std::atomic<bool> *cancelRequested = nullptr);

    /// Header value by case-insensitive name, or an empty view.
    static QByteArrayView headerValue(const HttpHeaders &headers, QByteArrayView name);

private:
    struct Transfer;
    static void configure(const HttpRequest &request, Transfer &transfer, char *errorBuffer);
    void *m_easy = nullptr;
    void *m_multi = nullptr;
};

} // namespace llmops
