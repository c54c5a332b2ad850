// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "datasetsources.h"

#include "playgroundtrace.h"

#include <QByteArray>

#include <nlohmann/json.hpp>

#include <set>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

std::string hex(const std::string &bytes)
{
    return QByteArray::fromStdString(bytes).toHex().toStdString();
}

} // namespace

std::optional<DatasetItem> datasetItemFromSpan(const SpanRecord &span)
{
    const auto seed = playgroundSeedFromSpan(span);
    if (!seed)
        return std::nullopt;

    DatasetItem item;
    item.key = QString::fromStdString(hex(span.spanId));
    item.messages = seed->messages;
    item.expected = answerTextFromSpan(span);
    const nlohmann::ordered_json metadata = {{"source", "trace"},
                                             {"trace_id", hex(span.traceId)},
                                             {"span_id", hex(span.spanId)},
                                             {"service", span.serviceName},
                                             {"model", seed->model.toStdString()}};
    item.metadataJson = QString::fromStdString(metadata.dump());
    return item;
}

DatasetItem datasetItemFromPlaygroundAnswer(const PlaygroundRun &run, const PlaygroundAnswer &answer)
{
    DatasetItem item;
    item.key = u"playground-%1-%2"_s.arg(run.id).arg(answer.column + 1);
    item.inputs = run.variables;
    item.messages = answer.messages;
    item.expected = answer.text;
    nlohmann::ordered_json metadata = {{"source", "playground"},
                                       {"playground_run", run.id},
                                       {"endpoint", answer.endpointName.toStdString()},
                                       {"model", answer.model.toStdString()}};
    if (!run.promptName.isEmpty()) {
        metadata["prompt"] = run.promptName.toStdString();
        metadata["prompt_version"] = run.promptVersion ? nlohmann::ordered_json(*run.promptVersion) : nullptr;
    }
    item.metadataJson = QString::fromStdString(metadata.dump());
    return item;
}

std::size_t appendNewDatasetItems(std::vector<DatasetItem> &items, std::vector<DatasetItem> gathered)
{
    std::set<QString> keys;
    for (const DatasetItem &item : items)
        keys.insert(item.key);
    std::size_t added = 0;
    for (DatasetItem &item : gathered) {
        if (keys.insert(item.key).second) {
            items.push_back(std::move(item));
            ++added;
        }
    }
    return added;
}

} // namespace llmops
