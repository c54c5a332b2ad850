// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QString>

#include <optional>

namespace llmops {

/// What went wrong with one request, as the console records it. Stored as its key text,
/// so the order of the enumerators is free to change.
enum class ErrorClass {
    None,
    Configuration,     ///< the request could not be made as configured (a missing API key variable)
    Dns,               ///< the host name did not resolve
    ConnectionRefused, ///< nothing listens on the address
    Tls,               ///< handshake or certificate verification failed
    Timeout,           ///< connect or total timeout elapsed
    Network,           ///< any other transport failure (reset, send/receive error)
    HttpClientError,   ///< 4xx other than 429: the request itself is wrong
    RateLimited,       ///< 429
    ServerError,       ///< 5xx with a JSON (provider) error body
    UpstreamGateway,   ///< 5xx whose body is not JSON: a proxy or CDN page, not the model server
    MalformedStream,   ///< the body could not be decoded as the protocol says
    StreamError,       ///< the server sent an error event in the middle of the stream
    StreamCut,         ///< the transfer ended before the stream's end marker
    Cancelled,         ///< the user or the program stopped the request
    Internal,          ///< the console itself could not handle the response (out of memory)
    Reported,          ///< a traced application reported the call failed (its error.type says how)
};

QString errorClassKey(ErrorClass errorClass);
/// The same key without a copy, for binding into SQL.
const char *errorClassKeyLatin1(ErrorClass errorClass);
std::optional<ErrorClass> errorClassFromKey(const QString &key);

/// Whether trying the same request again later can succeed.
bool isRetryable(ErrorClass errorClass);

} // namespace llmops
