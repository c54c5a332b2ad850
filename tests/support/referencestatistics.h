// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace llmops::testing {

/// Hyndman–Fan definition 7 computed the plain way, by sorting: the independent check for
/// every percentile the console shows.
inline std::optional<double> referenceQuantile(std::vector<double> values, double q)
{
    if (values.empty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    const double position = q * double(values.size() - 1);
    const double below = std::floor(position);
    const double above = std::ceil(position);
    return values[std::size_t(below)] + (position - below) * (values[std::size_t(above)] - values[std::size_t(below)]);
}

inline std::optional<double> referenceMean(const std::vector<double> &values)
{
    if (values.empty())
        return std::nullopt;
    double sum = 0;
    for (double value : values)
        sum += value;
    return sum / double(values.size());
}

inline bool nearlyEqual(std::optional<double> a, std::optional<double> b)
{
    if (!a || !b)
        return a.has_value() == b.has_value();
    return std::abs(*a - *b) <= 1e-9 * std::max(1.0, std::abs(*b));
}

} // namespace llmops::testing
