// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "jsonnesting.h"

#include <QtGlobal>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace llmops {

enum class OtlpEncoding { Protobuf, Json };

/// One span as an OTLP export carried it, before its LLM figures are read.
///
/// Attribute values are kept in JSON with a few tags for what JSON cannot hold:
/// {"$double": "NaN" | "Infinity" | "-Infinity"}, {"$bytes": base64}. An integer beyond
/// 64 bits stays the decimal text it came as. Every text is valid UTF-8.
struct OtlpSpan {
    std::string traceId;
    std::string spanId;
    std::string parentSpanId;
    std::string name;
    int kind = 0;
    qint64 startNs = 0;
    qint64 endNs = 0;
    int statusCode = 0;
    std::string statusMessage;

    nlohmann::json attributes = nlohmann::json::object();
    /// [{"time_ns", "name", "attributes"}], in the order sent.
    nlohmann::json events = nlohmann::json::array();
    /// [{"trace_id", "span_id" (hex), "attributes"}].
    nlohmann::json links = nlohmann::json::array();

    /// The resource's attributes as JSON text, shared by the spans of one resource.
    std::shared_ptr<const std::string> resourceJson;
    std::string serviceName;
    std::string scopeName;

    /// What was repaired while reading the span (invalid UTF-8, numbers out of range...).
    std::vector<std::string> warnings;
};

/// What an export request held: the spans that could be read, and the ones that could not
/// with the reasons. `decoded` is false only when the body as a whole is no OTLP trace
/// export (the receiver's 400).
struct OtlpDecodeResult {
    bool decoded = false;
    std::string error;
    std::vector<OtlpSpan> spans;
    qint64 rejectedSpans = 0;
    /// The first few reasons spans were rejected, for the partial-success message.
    std::vector<std::string> rejections;
};

/// Reads an ExportTraceServiceRequest in either encoding. Never throws: one bad span is
/// rejected and its neighbours are kept.
OtlpDecodeResult decodeOtlpTraces(std::string_view body, OtlpEncoding encoding);

/// Parses JSON text, or gives a discarded value when it is not JSON or nests deeper than
/// kMaxJsonNesting. For JSON that arrives inside attributes (messages, tool arguments).
nlohmann::json parseBoundedJson(std::string_view text);

/// The id as lowercase hex, as OTLP/JSON writes it.
std::string hexId(std::string_view rawId);

/// The text with every byte that is not part of valid UTF-8 replaced by U+FFFD; `repaired`
/// tells whether anything was replaced.
std::string validUtf8(std::string_view text, bool *repaired = nullptr);

} // namespace llmops
