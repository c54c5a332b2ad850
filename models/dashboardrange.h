// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QString>
#include <QtGlobal>

#include <array>
#include <optional>

namespace llmops {

/// The time ranges a dashboard offers, each with the bucket size its charts use
/// (60 to 100 points per chart, so every range reads at the same density).
enum class DashboardRange { Last15Minutes, LastHour, Last24Hours, Last7Days };

constexpr std::array<DashboardRange, 4> kDashboardRanges = {DashboardRange::Last15Minutes, DashboardRange::LastHour,
                                                            DashboardRange::Last24Hours, DashboardRange::Last7Days};

qint64 rangeLengthMs(DashboardRange range);
qint64 rangeBucketMs(DashboardRange range);
/// "15m", "1h", "24h", "7d": the same spelling llmopsctl --since takes.
QString rangeKey(DashboardRange range);
std::optional<DashboardRange> rangeFromKey(const QString &key);
QString rangeLabel(DashboardRange range);

} // namespace llmops
