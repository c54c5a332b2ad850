// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "dashboardrange.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {
constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kHour = 60 * kMinute;
} // namespace

qint64 rangeLengthMs(DashboardRange range)
{
    switch (range) {
    case DashboardRange::Last15Minutes:
        return 15 * kMinute;
    case DashboardRange::LastHour:
        return kHour;
    case DashboardRange::Last24Hours:
        return 24 * kHour;
    case DashboardRange::Last7Days:
        return 7 * 24 * kHour;
    }
    Q_UNREACHABLE();
    return kHour;
}

qint64 rangeBucketMs(DashboardRange range)
{
    switch (range) {
    case DashboardRange::Last15Minutes:
        return 15 * 1000;
    case DashboardRange::LastHour:
        return kMinute;
    case DashboardRange::Last24Hours:
        return 15 * kMinute;
    case DashboardRange::Last7Days:
        return 2 * kHour;
    }
    Q_UNREACHABLE();
    return kMinute;
}

QString rangeKey(DashboardRange range)
{
    switch (range) {
    case DashboardRange::Last15Minutes:
        return u"15m"_s;
    case DashboardRange::LastHour:
        return u"1h"_s;
    case DashboardRange::Last24Hours:
        return u"24h"_s;
    case DashboardRange::Last7Days:
        return u"7d"_s;
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<DashboardRange> rangeFromKey(const QString &key)
{
    for (auto range : kDashboardRanges) {
        if (rangeKey(range) == key)
            return range;
    }
    return std::nullopt;
}

QString rangeLabel(DashboardRange range)
{
    switch (range) {
    case DashboardRange::Last15Minutes:
        return QCoreApplication::translate("DashboardRange", "Last 15 minutes");
    case DashboardRange::LastHour:
        return QCoreApplication::translate("DashboardRange", "Last hour");
    case DashboardRange::Last24Hours:
        return QCoreApplication::translate("DashboardRange", "Last 24 hours");
    case DashboardRange::Last7Days:
        return QCoreApplication::translate("DashboardRange", "Last 7 days");
    }
    Q_UNREACHABLE();
    return {};
}

} // namespace llmops
