// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <string_view>

namespace llmops {

/// How deep JSON values may nest before they are refused: copying, writing and destroying
/// nlohmann values recurse, so a hostile text nested a million levels deep would otherwise
/// overflow the stack.
inline constexpr int kMaxJsonNesting = 64;

/// The deepest nesting of arrays and objects in JSON text, strings skipped. Counts without
/// parsing, so it can be asked before a parser is let near the text.
int jsonNestingDepth(std::string_view text);

} // namespace llmops
