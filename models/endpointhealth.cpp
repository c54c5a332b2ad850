// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "endpointhealth.h"

#include <QCoreApplication>

#include <vector>

namespace llmops {

EndpointHealth healthFromRecentProbes(std::span<const RequestRecord> newestFirst)
{
    std::vector<bool> failed;
    for (const auto &record : newestFirst) {
        if (record.status == RequestStatus::Cancelled)
            continue;
        failed.push_back(record.status == RequestStatus::Error);
        if (int(failed.size()) == kHealthWindow)
            break;
    }
    if (failed.empty())
        return EndpointHealth::Unknown;

    const std::size_t downWindow = std::min<std::size_t>(3, failed.size());
    if (std::all_of(failed.begin(), failed.begin() + std::ptrdiff_t(downWindow), [](bool f) { return f; }))
        return EndpointHealth::Down;
    if (std::any_of(failed.begin(), failed.end(), [](bool f) { return f; }))
        return EndpointHealth::Degraded;
    return EndpointHealth::Up;
}

QString endpointHealthLabel(EndpointHealth health)
{
    switch (health) {
    case EndpointHealth::Up:
        return QCoreApplication::translate("EndpointHealth", "up");
    case EndpointHealth::Degraded:
        return QCoreApplication::translate("EndpointHealth", "degraded");
    case EndpointHealth::Down:
        return QCoreApplication::translate("EndpointHealth", "down");
    case EndpointHealth::Unknown:
        break;
    }
    return QCoreApplication::translate("EndpointHealth", "no probes yet");
}

} // namespace llmops
