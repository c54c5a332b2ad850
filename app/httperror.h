// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "errorclass.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QString>
#include <QtGlobal>

#include <nlohmann/json_fwd.hpp>

#include <optional>

namespace llmops {

/// Reads a Retry-After header value: delay-seconds, or an HTTP-date in IMF-fixdate or the
/// obsolete RFC 850 and asctime forms (RFC 9110, 10.2.3 and 5.6.7). Returns the delay in
/// milliseconds from @p now; a date in the past gives 0, and any wait is capped at one day.
/// Nothing for an unreadable value.
std::optional<qint64> parseRetryAfterMs(QByteArrayView headerValue, const QDateTime &now);

/// Parses an HTTP-date in any of its three forms; an invalid QDateTime when it is none.
/// RFC 850's two-digit year is read relative to @p now, as RFC 9110 asks.
QDateTime parseHttpDate(QByteArrayView text, const QDateTime &now);

/// The message and type a provider put in its error object.
struct ProviderError {
    QString message;
    QString type; ///< `type`, or `code` when there is no type; empty when neither
};

/// Finds the error in a provider's JSON: OpenAI `{"error":{"message","type","code"}}`,
/// Anthropic `{"type":"error","error":{...}}`, Ollama `{"error":"text"}` and vLLM's
/// `{"object":"error","message",...}`. Nothing when @p body is no error object.
std::optional<ProviderError> readProviderError(const nlohmann::ordered_json &body);

/// What an unsuccessful HTTP response means, ready to record and show.
struct HttpErrorInfo {
    ErrorClass errorClass = ErrorClass::None;
    QString message;      ///< one line for people: the provider's message or the page title
    QString providerType; ///< the provider's error type or code, when the body names one
    std::optional<qint64> retryAfterMs;
    QString bodyExcerpt; ///< at most 500 characters; markup stripped from HTML bodies
    bool retryable = false;
};

/// Classifies an HTTP error response. 429 is RateLimited and any other 4xx HttpClientError,
/// whatever the body. Any other status is ServerError when the body is JSON and
/// UpstreamGateway when it is not (a proxy or CDN page, an empty body): the model server did
/// not answer. The message comes from the provider's error object, else the HTML `<title>`,
/// else the first 200 characters of the text without tags. Never throws.
HttpErrorInfo classifyHttpError(int status, QByteArrayView contentType, QByteArrayView body,
                                QByteArrayView retryAfterHeader, const QDateTime &now);

} // namespace llmops
