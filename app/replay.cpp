// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "replay.h"

#include "chatstreamassembler.h"
#include "httperror.h"

#include <QDateTime>

#include <algorithm>
#include <string_view>

using namespace Qt::StringLiterals;

namespace llmops {

using Json = nlohmann::json;

namespace {

/// One raw HTTP/1.1 response, split into the parts a replay needs.
struct HttpResponse {
    int status = 0;
    QByteArray contentType;
    QByteArray retryAfter;
    QByteArray date;
    bool chunked = false;
    QByteArray body;
};

Json optionalNumber(const std::optional<qint64> &value)
{
    return value ? Json(*value) : Json(nullptr);
}

Json stringOrNull(const QString &text)
{
    return text.isEmpty() ? Json(nullptr) : Json(text.toStdString());
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.chop(1);
    return text;
}

/// The next line of @p bytes from @p pos, without its CRLF or LF; @p pos moves past it.
std::optional<QByteArrayView> nextLine(QByteArrayView bytes, qsizetype &pos)
{
    if (pos >= bytes.size())
        return std::nullopt;

    const qsizetype end = bytes.indexOf('\n', pos);
    const qsizetype stop = end < 0 ? bytes.size() : end;
    QByteArrayView line = bytes.sliced(pos, stop - pos);
    if (line.endsWith('\r'))
        line.chop(1);
    pos = end < 0 ? bytes.size() : end + 1;
    return line;
}

/// Removes Transfer-Encoding: chunked framing. A capture cut inside a chunk keeps what it has.
QByteArray dechunked(QByteArrayView body)
{
    QByteArray out;
    qsizetype pos = 0;
    while (const auto sizeLine = nextLine(body, pos)) {
        QByteArrayView sizeText = *sizeLine;
        if (const qsizetype semicolon = sizeText.indexOf(';'); semicolon >= 0)
            sizeText = sizeText.first(semicolon);

        bool ok = false;
        const qint64 size = trimmed(sizeText).toLongLong(&ok, 16);
        if (!ok || size < 0 || size == 0)
            break;
        const qsizetype available = std::min<qsizetype>(size, body.size() - pos);
        out.append(body.sliced(pos, available));
        pos += available;
        nextLine(body, pos);
    }
    return out;
}

std::optional<HttpResponse> parseHttpResponse(QByteArrayView bytes)
{
    qsizetype pos = 0;
    HttpResponse response;

    // Interim 1xx responses (100 Continue) come before the real one.
    do {
        const auto statusLine = nextLine(bytes, pos);
        if (!statusLine || !statusLine->startsWith("HTTP/"))
            return std::nullopt;
        const qsizetype space = statusLine->indexOf(' ');
        if (space < 0)
            return std::nullopt;
        bool ok = false;
        response.status = trimmed(statusLine->sliced(space + 1).first(
                                      std::min<qsizetype>(3, statusLine->size() - space - 1)))
                              .toInt(&ok);
        if (!ok)
            return std::nullopt;

        while (const auto line = nextLine(bytes, pos)) {
            if (line->isEmpty())
                break;
            const qsizetype colon = line->indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line->first(colon).toByteArray().trimmed().toLower();
            const QByteArrayView value = trimmed(line->sliced(colon + 1));
            if (name == "content-type")
                response.contentType = value.toByteArray();
            else if (name == "retry-after")
                response.retryAfter = value.toByteArray();
            else if (name == "date")
                response.date = value.toByteArray();
            else if (name == "transfer-encoding")
                response.chunked = value.toByteArray().toLower().contains("chunked");
        }
    } while (response.status >= 100 && response.status < 200);

    const QByteArrayView body = bytes.sliced(pos);
    response.body = response.chunked ? dechunked(body) : body.toByteArray();
    return response;
}

ChatResult assemble(const std::vector<QByteArray> &reads, StreamFormat format)
{
    ChatStreamAssembler assembler(format);
    for (const QByteArray &read : reads)
        assembler.feed(read);
    assembler.finish();
    return assembler.result();
}

Json errorJson(ErrorClass errorClass, const QString &type, const QString &message, std::optional<qint64> retryAfterMs,
               bool retryable)
{
    return Json{
        {"class", errorClassKey(errorClass).toStdString()},
        {"type", stringOrNull(type)},
        {"message", message.toStdString()},
        {"retryable", retryable},
        {"retry_after_ms", optionalNumber(retryAfterMs)},
    };
}

Json replayHttp(QByteArrayView bytes)
{
    const std::optional<HttpResponse> response = parseHttpResponse(bytes);
    if (!response) {
        ChatResult result;
        result.failure = StreamFailure{ErrorClass::MalformedStream, u"invalid_http"_s,
                                       u"The capture does not start with an HTTP status line"_s};
        Json out = chatResultToJson(result);
        out["http_status"] = nullptr;
        out["content_type"] = nullptr;
        return out;
    }

    const QByteArray contentType = response->contentType.toLower();
    const bool success = response->status >= 200 && response->status < 300;
    const bool eventStream = contentType.contains("text/event-stream");
    const bool ndjson = contentType.contains("ndjson");
    const bool json = contentType.contains("json") || contentType.isEmpty();

    Json out;
    if (success && (eventStream || ndjson)) {
        const StreamFormat format = eventStream ? StreamFormat::Sse : StreamFormat::Ndjson;
        out = chatResultToJson(assemble({response->body}, format));
    } else if (success && json && parseChatCompletion(response->body).parseErrors == 0) {
        out = chatResultToJson(parseChatCompletion(response->body));
    } else {
        // An error status, or a success whose body is no answer (an HTML page): classify it,
        // and never let the page pass for model output.
        QDateTime now = parseHttpDate(response->date, QDateTime::currentDateTimeUtc());
        if (!now.isValid())
            now = QDateTime::currentDateTimeUtc();
        const HttpErrorInfo info = classifyHttpError(response->status, response->contentType, response->body,
                                                     response->retryAfter, now);
        out = chatResultToJson(ChatResult());
        out["error"] = errorJson(info.errorClass, info.providerType, info.message, info.retryAfterMs, info.retryable);
        out["body_excerpt"] = info.bodyExcerpt.toStdString();
    }

    out["format"] = "http";
    out["http_status"] = response->status;
    out["content_type"] = response->contentType.isEmpty() ? Json(nullptr) : Json(response->contentType.toStdString());
    return out;
}

Json replayOf(const std::vector<QByteArray> &reads, ReplayFormat format)
{
    switch (format) {
    case ReplayFormat::Sse:
        return chatResultToJson(assemble(reads, StreamFormat::Sse));
    case ReplayFormat::Ndjson:
        return chatResultToJson(assemble(reads, StreamFormat::Ndjson));
    case ReplayFormat::Http:
    case ReplayFormat::Json:
        break;
    }

    QByteArray whole;
    for (const QByteArray &read : reads)
        whole.append(read);
    if (format == ReplayFormat::Http)
        return replayHttp(whole);
    return chatResultToJson(parseChatCompletion(whole));
}

} // namespace

std::optional<ReplayFormat> replayFormatFromName(QStringView name)
{
    const QString lower = name.trimmed().toString().toLower();
    if (lower == u"sse" || lower == u"event-stream")
        return ReplayFormat::Sse;
    if (lower == u"ndjson" || lower == u"jsonl")
        return ReplayFormat::Ndjson;
    if (lower == u"http")
        return ReplayFormat::Http;
    if (lower == u"json")
        return ReplayFormat::Json;
    return std::nullopt;
}

QString replayFormatName(ReplayFormat format)
{
    switch (format) {
    case ReplayFormat::Sse:
        return u"sse"_s;
    case ReplayFormat::Ndjson:
        return u"ndjson"_s;
    case ReplayFormat::Http:
        return u"http"_s;
    case ReplayFormat::Json:
        return u"json"_s;
    }
    return u"sse"_s;
}

ReplayFormat guessReplayFormat(QStringView fileName, QByteArrayView content)
{
    const qsizetype dot = fileName.lastIndexOf(u'.');
    if (dot >= 0) {
        if (const auto byExtension = replayFormatFromName(fileName.sliced(dot + 1)))
            return *byExtension;
    }

    QByteArrayView start = content;
    if (start.startsWith("\xEF\xBB\xBF"))
        start = start.sliced(3);
    while (!start.isEmpty()
           && (start.front() == ' ' || start.front() == '\t' || start.front() == '\r' || start.front() == '\n'))
        start = start.sliced(1);

    if (start.startsWith("HTTP/"))
        return ReplayFormat::Http;
    if (!start.startsWith('{') && !start.startsWith('['))
        return ReplayFormat::Sse;
    if (Json::accept(start.begin(), start.end()))
        return ReplayFormat::Json;
    return ReplayFormat::Ndjson;
}

nlohmann::json replayResponse(QByteArrayView bytes, ReplayFormat format)
{
    return replayReads({bytes.toByteArray()}, format);
}

nlohmann::json replayReads(const std::vector<QByteArray> &reads, ReplayFormat format)
{
    try {
        Json out = replayOf(reads, format);
        if (!out.contains("format"))
            out["format"] = replayFormatName(format).toStdString();
        return out;
    } catch (...) {
        ChatResult result;
        result.failure = StreamFailure{ErrorClass::MalformedStream, u"replay_failed"_s,
                                       u"The capture could not be replayed"_s};
        return chatResultToJson(result);
    }
}

std::optional<std::vector<QByteArray>> readRecordedChunks(QByteArrayView chunksJson)
{
    const Json recording = Json::parse(chunksJson.begin(), chunksJson.end(), nullptr, false);
    if (!recording.is_object())
        return std::nullopt;

    const auto format = recording.find("format");
    const auto encoding = recording.find("encoding");
    const auto chunks = recording.find("chunks");
    if (format == recording.end() || *format != "byte-chunks/v1" || chunks == recording.end() || !chunks->is_array())
        return std::nullopt;
    if (encoding != recording.end() && *encoding != "base64")
        return std::nullopt;

    std::vector<QByteArray> reads;
    reads.reserve(chunks->size());
    for (const Json &chunk : *chunks) {
        if (!chunk.is_string())
            return std::nullopt;
        const std::string &text = chunk.get_ref<const std::string &>();
        auto decoded = QByteArray::fromBase64Encoding(QByteArray(text.data(), qsizetype(text.size())),
                                                      QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return std::nullopt;
        reads.push_back(std::move(*decoded));
    }
    return reads;
}

nlohmann::json chatResultToJson(const ChatResult &result)
{
    Json toolCalls = Json::array();
    for (const ToolCall &call : result.toolCalls) {
        toolCalls.push_back(Json{
            {"index", call.index},
            {"id", stringOrNull(call.id)},
            {"name", call.name.toStdString()},
            {"arguments", call.arguments.toStdString()},
        });
    }

    Json metadata = nullptr;
    if (!result.metadataJson.isEmpty()) {
        metadata = Json::parse(result.metadataJson.toStdString(), nullptr, false);
        if (metadata.is_discarded())
            metadata = result.metadataJson.toStdString();
    }

    Json error = nullptr;
    if (result.failure) {
        const StreamFailure &failure = *result.failure;
        error = errorJson(failure.errorClass, failure.type, failure.message, std::nullopt,
                          isRetryable(failure.errorClass));
    }

    return Json{
        {"text", result.text ? Json(result.text->toStdString()) : Json(nullptr)},
        {"reasoning", stringOrNull(result.reasoning)},
        {"tool_calls", std::move(toolCalls)},
        {"finish_reason", stringOrNull(result.finishReason)},
        {"response_id", stringOrNull(result.responseId)},
        {"model", stringOrNull(result.responseModel)},
        {"created", result.created > 0 ? Json(result.created) : Json(nullptr)},
        {"usage",
         Json{
             {"input_tokens", optionalNumber(result.usage.inputTokens)},
             {"output_tokens", optionalNumber(result.usage.outputTokens)},
             {"total_tokens", optionalNumber(result.usage.totalTokens)},
             {"cached_input_tokens", optionalNumber(result.usage.cachedInputTokens)},
             {"reasoning_tokens", optionalNumber(result.usage.reasoningTokens)},
             {"cache_write_input_tokens", optionalNumber(result.usage.cacheWriteInputTokens)},
         }},
        {"durations_ns",
         Json{
             {"total", optionalNumber(result.totalDurationNs)},
             {"prompt_eval", optionalNumber(result.promptEvalDurationNs)},
             {"eval", optionalNumber(result.evalDurationNs)},
         }},
        {"finished", result.finished},
        {"content_events", result.contentEvents},
        {"parse_errors", result.parseErrors},
        {"error", std::move(error)},
        {"metadata", std::move(metadata)},
    };
}

} // namespace llmops
