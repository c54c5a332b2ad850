// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "jsonreading.h"

#include <simdjson.h>

namespace llmops {

namespace {

using nlohmann::json;

/// Texts above this go to nlohmann: a simdjson parser keeps the buffers of the largest
/// text it has read, and each thread has one.
constexpr size_t kLargestFastText = 1 << 20;
/// Deeper texts go to nlohmann too, so that building the value below never recurses far.
constexpr size_t kDeepestFastText = 128;

json valueOf(simdjson::dom::element element)
{
    switch (element.type()) {
    case simdjson::dom::element_type::OBJECT: {
        json object = json::object();
        // Assignment keeps the last of repeated keys, as nlohmann's parser does.
        for (const auto field : simdjson::dom::object(element))
            object[std::string(field.key)] = valueOf(field.value);
        return object;
    }
    case simdjson::dom::element_type::ARRAY: {
        json array = json::array();
        for (const auto item : simdjson::dom::array(element))
            array.push_back(valueOf(item));
        return array;
    }
    case simdjson::dom::element_type::STRING:
        return std::string(std::string_view(element));
    case simdjson::dom::element_type::INT64: {
        // nlohmann keeps integers without a sign unsigned. (It keeps "-0" signed, which
        // simdjson cannot tell from "0": the one case that differs, by type, not value.)
        const auto value = std::int64_t(element);
        return value >= 0 ? json(std::uint64_t(value)) : json(value);
    }
    case simdjson::dom::element_type::UINT64:
        return std::uint64_t(element);
    case simdjson::dom::element_type::DOUBLE:
        return double(element);
    case simdjson::dom::element_type::BOOL:
        return bool(element);
    case simdjson::dom::element_type::NULL_VALUE:
        return nullptr;
    }
    return nullptr;
}

} // namespace

json parseJsonText(std::string_view text)
{
    if (text.size() <= kLargestFastText) {
        thread_local simdjson::dom::parser parser;
        thread_local const bool ready = parser.allocate(4096, kDeepestFastText) == simdjson::SUCCESS;
        simdjson::dom::element document;
        if (ready && parser.parse(text.data(), text.size()).get(document) == simdjson::SUCCESS)
            return valueOf(document);
    }
    return json::parse(text, nullptr, false);
}

} // namespace llmops
