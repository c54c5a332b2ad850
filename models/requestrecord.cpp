// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "requestrecord.h"

using namespace Qt::StringLiterals;

namespace llmops {

QString requestSourceKey(RequestSource source)
{
    switch (source) {
    case RequestSource::Probe:
        return u"probe"_s;
    case RequestSource::Playground:
        return u"playground"_s;
    case RequestSource::Trace:
        return u"trace"_s;
    case RequestSource::Eval:
        return u"eval"_s;
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<RequestSource> requestSourceFromKey(const QString &key)
{
    for (auto source : {RequestSource::Probe, RequestSource::Playground, RequestSource::Trace, RequestSource::Eval}) {
        if (requestSourceKey(source) == key)
            return source;
    }
    return std::nullopt;
}

QString requestStatusKey(RequestStatus status)
{
    switch (status) {
    case RequestStatus::Ok:
        return u"ok"_s;
    case RequestStatus::Error:
        return u"error"_s;
    case RequestStatus::Cancelled:
        return u"cancelled"_s;
    }
    Q_UNREACHABLE();
    return {};
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
