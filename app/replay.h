// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "chatresult.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace llmops {

/// How a captured response body is stored.
enum class ReplayFormat {
    Sse,    ///< a text/event-stream body
    Ndjson, ///< Ollama's native streaming body
    Http,   ///< a raw HTTP/1.1 response: status line, headers, blank line, body
    Json,   ///< a complete, non-streamed response body
};

/// Reads `sse`, `ndjson` (or `jsonl`), `http` or `json`, in any case.
std::optional<ReplayFormat> replayFormatFromName(QStringView name);
QString replayFormatName(ReplayFormat format);

/// Picks a format from the file name's extension, or else from the first bytes: `HTTP/`
/// starts a response, a body that is one JSON document is Json, one JSON object per line is
/// Ndjson, and anything else is read as SSE.
ReplayFormat guessReplayFormat(QStringView fileName, QByteArrayView content);

/// Decodes a captured response the way the console does and returns what it would record:
/// `text` (null when none), `reasoning`, `tool_calls` [{index, id, name, arguments}],
/// `finish_reason`, `response_id`, `model`, `created`, `usage` {input_tokens, output_tokens,
/// total_tokens, cached_input_tokens, reasoning_tokens, cache_write_input_tokens},
/// `durations_ns` {total, prompt_eval, eval}, `finished`, `content_events`, `parse_errors`,
/// `error` (null or {class, type, message, retryable, retry_after_ms}), `metadata` and
/// `format`. Absent values are null. Http adds `http_status` and `content_type`; its
/// Retry-After is measured from the response's own Date header, so a replay is repeatable.
/// Never throws.
nlohmann::json replayResponse(QByteArrayView bytes, ReplayFormat format);

/// Same as replayResponse(), feeding the stream decoders one recorded network read at a time.
nlohmann::json replayReads(const std::vector<QByteArray> &reads, ReplayFormat format);

/// Decodes a `*.chunks.json` recording of network reads
/// (`{"format":"byte-chunks/v1","encoding":"base64","chunks":[...]}`); nothing when the text
/// is not such a recording or a chunk is not valid base64.
std::optional<std::vector<QByteArray>> readRecordedChunks(QByteArrayView chunksJson);

/// The recorded form of @p result, as described at replayResponse().
nlohmann::json chatResultToJson(const ChatResult &result);

} // namespace llmops
