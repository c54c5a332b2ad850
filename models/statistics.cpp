// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "statistics.h"

#include <QtGlobal>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace llmops {

std::optional<double> quantileInPlace(std::vector<double> &values, double q)
{
    Q_ASSERT(q >= 0.0 && q <= 1.0);
    if (values.empty())
        return std::nullopt;

    const double h = double(values.size() - 1) * q;
    const auto lowerRank = std::size_t(std::floor(h));
    const double fraction = h - double(lowerRank);

    const auto lower = values.begin() + std::ptrdiff_t(lowerRank);
    std::nth_element(values.begin(), lower, values.end());
    const double lowerValue = *lower;
    if (fraction == 0.0 || lowerRank + 1 >= values.size())
        return lowerValue;

    // After nth_element everything right of `lower` is ≥ it, so the next rank is their minimum.
    const double upperValue = *std::min_element(lower + 1, values.end());
    return lowerValue + fraction * (upperValue - lowerValue);
}

std::vector<std::optional<double>> quantilesInPlace(std::vector<double> &values, std::span<const double> qs)
{
    std::vector<std::optional<double>> result;
    result.reserve(qs.size());
    for (double q : qs)
        result.push_back(quantileInPlace(values, q));
    return result;
}

std::optional<double> mean(std::span<const double> values)
{
    if (values.empty())
        return std::nullopt;
    return std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
}

} // namespace llmops
