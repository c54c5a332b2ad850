// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "errorclass.h"

#include <array>
#include <utility>

namespace llmops {

namespace {

const std::array<std::pair<ErrorClass, const char *>, 17> kKeys = {{
    {ErrorClass::None, "none"},
    {ErrorClass::Configuration, "configuration"},
    {ErrorClass::Dns, "dns"},
    {ErrorClass::ConnectionRefused, "connection_refused"},
    {ErrorClass::Tls, "tls"},
    {ErrorClass::Timeout, "timeout"},
    {ErrorClass::Network, "network"},
    {ErrorClass::HttpClientError, "http_client_error"},
    {ErrorClass::RateLimited, "rate_limited"},
    {ErrorClass::ServerError, "server_error"},
    {ErrorClass::UpstreamGateway, "upstream_gateway"},
    {ErrorClass::MalformedStream, "malformed_stream"},
    {ErrorClass::StreamError, "stream_error"},
    {ErrorClass::StreamCut, "stream_cut"},
    {ErrorClass::Cancelled, "cancelled"},
    {ErrorClass::Internal, "internal"},
    {ErrorClass::Reported, "reported"},
}};

} // namespace

const char *errorClassKeyLatin1(ErrorClass errorClass)
{
    for (const auto &[value, key] : kKeys) {
        if (value == errorClass)
            return key;
    }
    Q_UNREACHABLE();
    return "none";
}

QString errorClassKey(ErrorClass errorClass)
{
    return QString::fromLatin1(errorClassKeyLatin1(errorClass));
}

std::optional<ErrorClass> errorClassFromKey(const QString &key)
{
    for (const auto &[value, text] : kKeys) {
        if (key == QLatin1StringView(text))
            return value;
    }
    return std::nullopt;
}

bool isRetryable(ErrorClass errorClass)
{
    switch (errorClass) {
    case ErrorClass::Timeout:
    case ErrorClass::ConnectionRefused:
    case ErrorClass::Network:
    case ErrorClass::RateLimited:
    case ErrorClass::ServerError:
    case ErrorClass::UpstreamGateway:
    case ErrorClass::StreamCut:
        return true;
    default:
        return false;
    }
}

} // namespace llmops
