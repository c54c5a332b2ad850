// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "requestrecord.h"

namespace llmops {

const char *requestSourceKeyLatin1(RequestSource source)
{
    switch (source) {
    case RequestSource::Probe:
        return "probe";
    case RequestSource::Playground:
        return "playground";
    case RequestSource::Trace:
        return "trace";
    case RequestSource::Eval:
        return "eval";
    }
    Q_UNREACHABLE();
    return "";
}

QString requestSourceKey(RequestSource source)
{
    return QString::fromLatin1(requestSourceKeyLatin1(source));
}

std::optional<RequestSource> requestSourceFromKey(const QString &key)
{
    for (auto source : {RequestSource::Probe, RequestSource::Playground, RequestSource::Trace, RequestSource::Eval}) {
        if (requestSourceKey(source) == key)
            return source;
    }
    return std::nullopt;
}

const char *requestStatusKeyLatin1(RequestStatus status)
{
    switch (status) {
    case RequestStatus::Ok:
        return "ok";
    case RequestStatus::Error:
        return "error";
    case RequestStatus::Cancelled:
        return "cancelled";
    }
    Q_UNREACHABLE();
    return "";
}

QString requestStatusKey(RequestStatus status)
{
    return QString::fromLatin1(requestStatusKeyLatin1(status));
}

std::optional<RequestStatus> requestStatusFromKey(const QString &key)
{
    for (auto status : {RequestStatus::Ok, RequestStatus::Error, RequestStatus::Cancelled}) {
        if (requestStatusKey(status) == key)
            return status;
    }
    return std::nullopt;
}

} // namespace llmops
