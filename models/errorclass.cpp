// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "errorclass.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

const std::array<std::pair<ErrorClass, QStringView>, 15> kKeys = {{
    {ErrorClass::None, u"none"},
    {ErrorClass::Configuration, u"configuration"},
    {ErrorClass::Dns, u"dns"},
    {ErrorClass::ConnectionRefused, u"connection_refused"},
    {ErrorClass::Tls, u"tls"},
    {ErrorClass::Timeout, u"timeout"},
    {ErrorClass::Network, u"network"},
    {ErrorClass::HttpClientError, u"http_client_error"},
    {ErrorClass::RateLimited, u"rate_limited"},
    {ErrorClass::ServerError, u"server_error"},
    {ErrorClass::UpstreamGateway, u"upstream_gateway"},
    {ErrorClass::MalformedStream, u"malformed_stream"},
    {ErrorClass::StreamError, u"stream_error"},
    {ErrorClass::StreamCut, u"stream_cut"},
    {ErrorClass::Cancelled, u"cancelled"},
}};

} // namespace

QString errorClassKey(ErrorClass errorClass)
{
    for (const auto &[value, key] : kKeys) {
        if (value == errorClass)
            return key.toString();
    }
    Q_UNREACHABLE();
    return u"none"_s;
}

std::optional<ErrorClass> errorClassFromKey(const QString &key)
{
    for (const auto &[value, text] : kKeys) {
        if (text == key)
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
