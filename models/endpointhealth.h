// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "requestrecord.h"

#include <QString>

#include <span>

namespace llmops {

enum class EndpointHealth { Unknown, Up, Degraded, Down };

/// How many of the newest probes the health looks at.
constexpr int kHealthWindow = 5;

/// Health from the newest probes, newest first: Down when the last three (or all, if fewer)
/// failed, Degraded when any of the last five failed, Up otherwise, Unknown without probes.
/// Cancelled probes say nothing about the endpoint and are skipped.
EndpointHealth healthFromRecentProbes(std::span<const RequestRecord> newestFirst);

QString endpointHealthLabel(EndpointHealth health);

} // namespace llmops
