// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <optional>
#include <span>
#include <vector>

namespace llmops {

/// The q-quantile (0 ≤ q ≤ 1) of the values, by linear interpolation between the two
/// closest ranks: with the values sorted as x[0..n-1], h = (n-1)·q and the result is
/// x[⌊h⌋] + (h-⌊h⌋)·(x[⌊h⌋+1] - x[⌊h⌋]). This is Hyndman and Fan's definition 7, the
/// default of numpy.percentile, R's quantile() and spreadsheet PERCENTILE.INC. Empty input
/// has no quantile. The values are reordered in place (selection, not a full sort).
std::optional<double> quantileInPlace(std::vector<double> &values, double q);

/// Several quantiles of the same values, each by the definition above.
std::vector<std::optional<double>> quantilesInPlace(std::vector<double> &values, std::span<const double> qs);

std::optional<double> mean(std::span<const double> values);

} // namespace llmops
