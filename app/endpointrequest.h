// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "endpoint.h"
#include "httpclient.h"
#include "requestrecord.h"

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <exception>
#include <optional>

namespace llmops {

/// Any error body beyond this is of no use for classifying the error.
inline constexpr qsizetype kErrorBodyLimit = qsizetype{64} * 1024;

/// The request every call to a registered endpoint starts from, whatever it asks for (a chat,
/// embeddings): a POST to `path` under the endpoint's base URL, its timeouts, `Accept:
/// accept`, its API key as a bearer token and its extra headers; the caller sets the JSON
/// body. The key is read from its environment variable here and only here, so it never
/// travels further than the headers. Returns std::nullopt and sets `problem` when the
/// endpoint is invalid (a store written by another program may hold what the editors refuse)
/// or its key's variable is not set.
std::optional<HttpRequest> buildEndpointRequest(const Endpoint &endpoint, QStringView path, const QByteArray &accept,
                                                QString *problem);

/// Marks the record as failed: Cancelled for ErrorClass::Cancelled, Error otherwise.
void recordFailure(RequestRecord &record, ErrorClass errorClass, const QString &message);

/// The record of a call the console itself could not complete (an exception on the way):
/// ErrorClass::Internal with what went wrong, started now. Calls run on pool threads, where
/// nothing may escape.
RequestRecord internalFailureRecord(const Endpoint &endpoint, RequestSource source, const std::exception &error);

/// Records an unsuccessful HTTP response as classifyHttpError() reads it (class, message,
/// Retry-After), with where a redirect points, and with the request's key kept out of the
/// message. `body` is the start of the response body, up to kErrorBodyLimit.
void recordHttpError(RequestRecord &record, int status, const HttpHeaders &headers, QByteArray body,
                     const HttpRequest &request);

/// Replaces the request's bearer key in the record's error message: some gateways repeat it
/// in their error text, and it must not be stored or shown.
void redactRequestKey(RequestRecord &record, const HttpRequest &request);

} // namespace llmops
