// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "pricetable.h"

#include <QFile>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace llmops {

namespace {

using nlohmann::json;

std::optional<double> optionalPrice(const json &entry, const char *key, const std::string &where)
{
    const auto found = entry.find(key);
    if (found == entry.end() || found->is_null())
        return std::nullopt;
    if (!found->is_number() || !std::isfinite(found->get<double>()) || found->get<double>() < 0)
        throw std::invalid_argument(where + ": \"" + key + "\" is not a price of zero or more");
    return found->get<double>();
}

double requiredPrice(const json &entry, const char *key, const std::string &where)
{
    const auto price = optionalPrice(entry, key, where);
    if (!price)
        throw std::invalid_argument(where + ": \"" + key + "\" is missing");
    return *price;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](char x, char y) { return std::tolower(uchar(x)) == std::tolower(uchar(y)); });
}

/// True when the model is the stem followed by a version: "gpt-4o-2024-08-06" is of the
/// stem "gpt-4o", "gpt-4o" is not of the stem "gpt-4".
bool isVersionOf(std::string_view model, std::string_view stem)
{
    if (model.size() <= stem.size() || !equalsIgnoringCase(model.substr(0, stem.size()), stem))
        return false;
    const char next = model[stem.size()];
    return next == '-' || next == '@' || next == ':' || next == '.' || next == '_';
}

} // namespace

double costOf(const ModelPrice &price, const BilledTokens &usage)
{
    const qint64 cacheRead = std::clamp<qint64>(usage.cacheReadTokens, 0, usage.inputTokens);
    const qint64 cacheWrite = std::clamp<qint64>(usage.cacheWriteTokens, 0, usage.inputTokens - cacheRead);
    const qint64 plainInput = usage.inputTokens - cacheRead - cacheWrite;
    const qint64 reasoning = std::clamp<qint64>(usage.reasoningTokens, 0, usage.outputTokens);
    const qint64 plainOutput = usage.outputTokens - reasoning;

    const double dollarsPerMillion = double(plainInput) * price.inputPerMillion
        + double(cacheRead) * price.cachedInputPerMillion.value_or(price.inputPerMillion)
        + double(cacheWrite) * price.cacheWritePerMillion.value_or(price.inputPerMillion)
        + double(plainOutput) * price.outputPerMillion
        + double(reasoning) * price.reasoningPerMillion.value_or(price.outputPerMillion);
    return dollarsPerMillion / 1e6;
}

PriceTable PriceTable::fromJson(std::string_view text)
{
    const json document = json::parse(text, nullptr, false);
    if (document.is_discarded() || !document.is_object())
        throw std::invalid_argument("the price table is not a JSON object");
    const auto models = document.find("models");
    if (models == document.end() || !models->is_array())
        throw std::invalid_argument("the price table has no \"models\" array");

    PriceTable table;
    if (const auto asOf = document.find("as_of"); asOf != document.end() && asOf->is_string())
        table.m_asOf = QString::fromStdString(asOf->get<std::string>());
    if (const auto sources = document.find("sources"); sources != document.end() && sources->is_array()) {
        for (const auto &source : *sources) {
            if (source.is_string())
                table.m_sources.push_back(QString::fromStdString(source.get<std::string>()));
        }
    }

    if (models->empty())
        throw std::invalid_argument("the price table lists no models");
    int number = 0;
    for (const auto &entry : *models) {
        ++number;
        const std::string where = "model entry " + std::to_string(number);
        if (!entry.is_object() || !entry.contains("model") || !entry["model"].is_string()
            || entry["model"].get<std::string>().empty())
            throw std::invalid_argument(where + ": \"model\" is missing");
        ModelPrice price;
        price.model = entry["model"].get<std::string>();
        price.provider = entry.value("provider", std::string());
        price.inputPerMillion = requiredPrice(entry, "input", where + " (" + price.model + ")");
        price.outputPerMillion = requiredPrice(entry, "output", where + " (" + price.model + ")");
        price.cachedInputPerMillion = optionalPrice(entry, "cached_input", where);
        price.cacheWritePerMillion = optionalPrice(entry, "cache_write", where);
        price.reasoningPerMillion = optionalPrice(entry, "reasoning", where);
        const bool listedBefore = std::any_of(table.m_prices.begin(), table.m_prices.end(),
                                              [&](const ModelPrice &other) {
                                                  return equalsIgnoringCase(other.model, price.model)
                                                      && equalsIgnoringCase(other.provider, price.provider);
                                              });
        if (listedBefore)
            throw std::invalid_argument(where + " (" + price.model + "): the model is listed twice");
        table.m_prices.push_back(std::move(price));
    }
    return table;
}

PriceTable PriceTable::bundled()
{
    QFile file(QStringLiteral(":/llmops/prices.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return fromJson(file.readAll().toStdString());
}

std::string PriceTable::toJson() const
{
    json models = json::array();
    for (const auto &price : m_prices) {
        json entry = {{"provider", price.provider},
                      {"model", price.model},
                      {"input", price.inputPerMillion},
                      {"output", price.outputPerMillion}};
        if (price.cachedInputPerMillion)
            entry["cached_input"] = *price.cachedInputPerMillion;
        if (price.cacheWritePerMillion)
            entry["cache_write"] = *price.cacheWritePerMillion;
        if (price.reasoningPerMillion)
            entry["reasoning"] = *price.reasoningPerMillion;
        models.push_back(std::move(entry));
    }
    json sources = json::array();
    for (const auto &source : m_sources)
        sources.push_back(source.toStdString());
    return json{{"as_of", m_asOf.toStdString()}, {"sources", sources}, {"models", models}}.dump(2);
}

const ModelPrice *PriceTable::find(std::string_view provider, std::string_view model) const
{
    if (model.empty())
        return nullptr;

    // The same model is sold by several providers (OpenAI's through Azure, say): a model
    // not priced for the span's provider is priced as any provider sells it.
    const ModelPrice *best = nullptr;
    for (const bool matchProvider : {true, false}) {
        for (const auto &price : m_prices) {
            if (matchProvider && !provider.empty() && !equalsIgnoringCase(price.provider, provider))
                continue;
            if (equalsIgnoringCase(price.model, model))
                return &price;
            if (isVersionOf(model, price.model) && (!best || price.model.size() > best->model.size()))
                best = &price;
        }
        if (best)
            return best;
    }
    return nullptr;
}

} // namespace llmops
