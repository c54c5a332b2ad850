// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmops {

/// What one model costs, in US dollars per million tokens. Prices that are absent fall back
/// to the plain input or output price.
struct ModelPrice {
    std::string provider;
    /// The model name, or its stem: "gpt-4o" prices "gpt-4o-2024-08-06" too.
    std::string model;
    double inputPerMillion = 0;
    double outputPerMillion = 0;
    std::optional<double> cachedInputPerMillion;
    std::optional<double> cacheWritePerMillion;
    std::optional<double> reasoningPerMillion;

    bool operator==(const ModelPrice &) const = default;
};

/// Token counts in the OpenTelemetry GenAI meaning: cache reads and cache writes are part
/// of the input tokens, reasoning tokens part of the output tokens. (OpenAI reports cached
/// tokens inside prompt_tokens, so its usage maps straight; Anthropic reports them beside
/// input_tokens, so they are added in first.)
struct BilledTokens {
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cacheReadTokens = 0;
    qint64 cacheWriteTokens = 0;
    qint64 reasoningTokens = 0;
};

/// The cost of a call at a price: each kind of token at its own rate, every token once.
double costOf(const ModelPrice &price, const BilledTokens &usage);

/// The prices of the models the console knows, with where they came from.
class PriceTable
{
public:
    /// Reads the table's JSON form: {"as_of", "sources": [...], "models": [{"provider",
    /// "model", "input", "output", "cached_input", "cache_write", "reasoning"}]}.
    /// Throws std::invalid_argument naming the entry that is wrong.
    static PriceTable fromJson(std::string_view text);
    /// The table shipped with the console.
    static PriceTable bundled();

    std::string toJson() const;

    /// The price of a model: the exact name first, then the longest stem it starts with
    /// (a dated snapshot is priced as its family). The provider narrows the search when
    /// given and known.
    const ModelPrice *find(std::string_view provider, std::string_view model) const;

    const std::vector<ModelPrice> &prices() const { return m_prices; }
    void setPrices(std::vector<ModelPrice> prices) { m_prices = std::move(prices); }
    QString asOf() const { return m_asOf; }
    void setAsOf(const QString &date) { m_asOf = date; }
    const std::vector<QString> &sources() const { return m_sources; }
    void setSources(std::vector<QString> sources) { m_sources = std::move(sources); }
    bool isEmpty() const { return m_prices.empty(); }

private:
    std::vector<ModelPrice> m_prices;
    QString m_asOf;
    std::vector<QString> m_sources;
};

} // namespace llmops
