// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "ctloutput.h"

#include <QTextStream>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

template<typename T>
nlohmann::json orNull(const std::optional<T> &value)
{
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json orNull(const QString &text)
{
    return text.isEmpty() ? nlohmann::json(nullptr) : nlohmann::json(text.toStdString());
}

nlohmann::json hex(const std::string &rawId)
{
    if (rawId.empty())
        return nullptr;
    return QByteArray(rawId.data(), qsizetype(rawId.size())).toHex().toStdString();
}

/// A JSON text column as JSON, or null when empty (or, which cannot happen for what the
/// store wrote, unreadable).
nlohmann::json parsedOrNull(const std::string &text)
{
    if (text.empty())
        return nullptr;
    nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
    return value.is_discarded() ? nlohmann::json(nullptr) : value;
}

const char *statusName(SpanStatus status)
{
    switch (status) {
    case SpanStatus::Ok:
        return "ok";
    case SpanStatus::Error:
        return "error";
    case SpanStatus::Unset:
        break;
    }
    return "unset";
}

QString formatMs(std::optional<double> ms)
{
    return ms ? QString::number(*ms, 'f', 1) + u" ms"_s : u"–"_s;
}

} // namespace

nlohmann::json endpointsToJson(const std::vector<Endpoint> &endpoints)
{
    auto array = nlohmann::json::array();
    for (const auto &endpoint : endpoints) {
        auto headers = nlohmann::json::object();
        for (const auto &[name, value] : endpoint.extraHeaders)
            headers[name.toStdString()] = value.toStdString();
        array.push_back({
            {"id", endpoint.id},
            {"name", endpoint.name.toStdString()},
            {"kind", endpointKindKey(endpoint.kind).toStdString()},
            {"base_url", endpoint.baseUrl.toStdString()},
            {"model", endpoint.model.toStdString()},
            {"api_key_env", orNull(endpoint.apiKeyEnv)},
            {"headers", headers},
            {"environment", orNull(endpoint.environment)},
            {"probe_interval_s", endpoint.probeIntervalS},
            {"probe_prompt", endpoint.probePrompt.toStdString()},
            {"max_tokens", endpoint.maxTokens},
            {"timeout_s", endpoint.timeoutS},
            {"traced", endpoint.traced},
            {"metrics_url", orNull(metricsUrlOf(endpoint))},
            {"metrics_interval_s", endpoint.metricsIntervalS},
            {"metrics_token_env", orNull(endpoint.metricsTokenEnv)},
        });
    }
    return array;
}

nlohmann::json requestToJson(const RequestRecord &record, const QString &endpointName)
{
    return {
        {"id", record.id},
        {"endpoint", endpointName.toStdString()},
        {"started_at_ms", record.startedAtMs},
        {"source", requestSourceKey(record.source).toStdString()},
        {"status", requestStatusKey(record.status).toStdString()},
        {"http_status", orNull(record.httpStatus)},
        {"error_class",
         record.errorClass == ErrorClass::None ? nlohmann::json(nullptr)
                                               : nlohmann::json(errorClassKey(record.errorClass).toStdString())},
        {"error_message", orNull(record.errorMessage)},
        {"retry_after_ms", orNull(record.retryAfterMs)},
        {"latency_ms", record.latencyMs},
        {"ttft_ms", orNull(record.ttftMs)},
        {"input_tokens", orNull(record.inputTokens)},
        {"output_tokens", orNull(record.outputTokens)},
        {"tokens_reported", record.tokensReported},
        {"tokens_per_s", orNull(record.tokensPerSecond)},
        {"response_model", orNull(record.responseModel)},
        {"finish_reason", orNull(record.finishReason)},
    };
}

nlohmann::json aggregateToJson(const RequestAggregate &aggregate, const AggregateQuery &query)
{
    return {
        {"count", aggregate.count},
        {"ok_count", aggregate.okCount},
        {"error_count", aggregate.errorCount},
        {"availability", orNull(aggregate.availability())},
        {"latency_ms",
         {{"p50", orNull(aggregate.latencyP50Ms)},
          {"p95", orNull(aggregate.latencyP95Ms)},
          {"p99", orNull(aggregate.latencyP99Ms)}}},
        {"ttft_ms", {{"p50", orNull(aggregate.ttftP50Ms)}, {"p95", orNull(aggregate.ttftP95Ms)}}},
        {"tokens_per_s", {{"mean", orNull(aggregate.tokensPerSecondMean)}}},
        {"output_tokens", aggregate.outputTokens},
        {"from_ms", query.fromMs},
        {"to_ms", query.toMs},
    };
}

nlohmann::json traceSummaryToJson(const TraceSummary &trace)
{
    return {
        {"trace_id", hex(trace.traceId)},
        {"name", trace.name},
        {"root_received", trace.hasRoot},
        {"service", trace.service},
        {"model", trace.model},
        {"start_ns", trace.startNs},
        {"end_ns", trace.endNs},
        {"duration_ns", trace.durationNs()},
        {"span_count", trace.spanCount},
        {"error_count", trace.errorCount},
        {"input_tokens", trace.inputTokens},
        {"output_tokens", trace.outputTokens},
        {"cost_usd", orNull(trace.costUsd)},
        {"conversation_id", trace.conversationId},
    };
}

nlohmann::json spanToJson(const SpanRecord &span, bool parentMissing)
{
    return {
        {"span_id", hex(span.spanId)},
        {"parent_span_id", hex(span.parentSpanId)},
        {"parent_missing", parentMissing},
        {"name", span.name},
        {"kind", span.kind},
        {"start_ns", span.startNs},
        {"end_ns", span.endNs},
        {"duration_ns", span.durationNs()},
        {"status", statusName(span.status)},
        {"status_message", span.statusMessage},
        {"service", span.serviceName},
        {"scope", span.scopeName},
        {"operation", span.operation},
        {"provider", span.provider},
        {"request_model", span.requestModel},
        {"response_model", span.responseModel},
        {"input_tokens", orNull(span.inputTokens)},
        {"output_tokens", orNull(span.outputTokens)},
        {"cache_read_tokens", orNull(span.cacheReadTokens)},
        {"cache_write_tokens", orNull(span.cacheWriteTokens)},
        {"reasoning_tokens", orNull(span.reasoningTokens)},
        {"cost_usd", orNull(span.costUsd)},
        {"ttft_ms", orNull(span.ttftMs)},
        {"conversation_id", span.conversationId},
        {"agent_name", span.agentName},
        {"tool_name", span.toolName},
        {"error_type", span.errorType},
        {"finish_reasons", parsedOrNull(span.finishReasonsJson)},
        {"input_messages", parsedOrNull(span.inputMessagesJson)},
        {"output_messages", parsedOrNull(span.outputMessagesJson)},
        {"attributes", parsedOrNull(span.attributesJson)},
        {"events", parsedOrNull(span.eventsJson)},
        {"links", parsedOrNull(span.linksJson)},
        {"resource", parsedOrNull(span.resourceJson)},
        {"warnings", parsedOrNull(span.warningsJson)},
    };
}

QString describeProbe(const RequestRecord &record, const QString &endpointName)
{
    QString line = endpointName % u": "_s % requestStatusKey(record.status);
    if (record.httpStatus)
        line += u" HTTP "_s % QString::number(*record.httpStatus);
    line += u", latency "_s % formatMs(record.latencyMs) % u", TTFT "_s % formatMs(record.ttftMs);
    if (record.outputTokens) {
        line += u", "_s % QString::number(*record.outputTokens) % u" tokens"_s
            % (record.tokensReported ? QString() : u" (counted)"_s);
    }
    if (record.tokensPerSecond)
        line += u", "_s % QString::number(*record.tokensPerSecond, 'f', 1) % u" tokens/s"_s;
    if (record.status != RequestStatus::Ok)
        line += u" — "_s % errorClassKey(record.errorClass) % u": "_s % record.errorMessage;
    if (record.retryAfterMs)
        line += u" (retry after "_s % QString::number(*record.retryAfterMs) % u" ms)"_s;
    return line;
}

QString describeAggregate(const RequestAggregate &aggregate, const QString &endpointName, const QString &range)
{
    QString text;
    QTextStream stream(&text);
    stream << endpointName << ", last " << range << ":\n"
           << "  requests      " << aggregate.count << " (" << aggregate.errorCount << " errors)\n"
           << "  latency       p50 " << formatMs(aggregate.latencyP50Ms) << ", p95 " << formatMs(aggregate.latencyP95Ms)
           << ", p99 " << formatMs(aggregate.latencyP99Ms) << "\n"
           << "  TTFT          p50 " << formatMs(aggregate.ttftP50Ms) << ", p95 " << formatMs(aggregate.ttftP95Ms)
           << "\n"
           << "  tokens/s      mean "
           << (aggregate.tokensPerSecondMean ? QString::number(*aggregate.tokensPerSecondMean, 'f', 1) : u"–"_s)
           << "\n";
    return text;
}

} // namespace llmops
