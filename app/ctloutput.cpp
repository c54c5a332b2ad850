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
