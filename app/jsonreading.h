// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace llmops {

/// Parses JSON text as `nlohmann::json::parse(text, nullptr, false)` does, giving the same
/// value or the same discarded value, several times faster: simdjson reads the text and
/// the value is built from its document. Whatever simdjson refuses (numbers beyond 64
/// bits, lone surrogates, very large or deep texts) is left to nlohmann, whose verdict
/// stands. For the hot paths of trace intake and display, where most JSON is read.
nlohmann::json parseJsonText(std::string_view text);

} // namespace llmops
