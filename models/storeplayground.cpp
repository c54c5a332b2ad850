// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// Playground runs: what was asked and what each column answered. Their measurements are
// ordinary request rows and their traces ordinary spans, so dashboards and the trace
// explorer show them with everything else.
#include "sqlitestatement.h"
#include "store.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

using Json = nlohmann::ordered_json;

Json messagesToJson(const std::vector<ChatMessage> &messages)
{
    Json json = Json::array();
    for (const auto &message : messages)
        json.push_back({{"role", message.role.toStdString()}, {"content", message.content.toStdString()}});
    return json;
}

std::vector<ChatMessage> messagesFromJson(const Json &json)
{
    std::vector<ChatMessage> messages;
    if (!json.is_array())
        return messages;
    for (const auto &message : json) {
        if (!message.is_object())
            continue;
        messages.push_back({QString::fromStdString(message.value("role", std::string())),
                            QString::fromStdString(message.value("content", std::string()))});
    }
    return messages;
}

std::string runJson(const PlaygroundRun &run)
{
    Json json;
    json["ended_at_ms"] = run.endedAtMs;
    json["template_messages"] = messagesToJson(run.templateMessages);
    json["variables"] = Json::object();
    for (const auto &variable : run.variables)
        json["variables"][variable.name.toStdString()] = variable.value.toStdString();
    return json.dump();
}

/// Besides the answer, the request's status is kept here too: the request row goes when
/// its endpoint is removed, and the history should still tell what happened.
std::string answerJson(const PlaygroundAnswer &answer)
{
    Json json;
    json["model"] = answer.model.toStdString();
    json["parameters"] = chatParametersToJson(answer.parameters);
    json["messages"] = messagesToJson(answer.messages);
    json["text"] = answer.text ? Json(answer.text->toStdString()) : Json(nullptr);
    json["reasoning"] = answer.reasoning.toStdString();
    json["tool_calls"] = answer.toolCallsJson.toStdString();
    json["cost_usd"] = answer.costUsd ? Json(*answer.costUsd) : Json(nullptr);
    json["status"] = requestStatusKeyLatin1(answer.request.status);
    json["error_class"] = errorClassKeyLatin1(answer.request.errorClass);
    json["error_message"] = answer.request.errorMessage.toStdString();
    return json.dump();
}

void readAnswerJson(const Json &json, PlaygroundAnswer &answer)
{
    answer.model = QString::fromStdString(json.value("model", std::string()));
    QString ignored;
    answer.parameters =
        chatParametersFromJson(json.value("parameters", Json::object()), &ignored).value_or(ChatParameters());
    answer.messages = messagesFromJson(json.value("messages", Json::array()));
    if (json.contains("text") && json["text"].is_string())
        answer.text = QString::fromStdString(json["text"].get<std::string>());
    answer.reasoning = QString::fromStdString(json.value("reasoning", std::string()));
    answer.toolCallsJson = QString::fromStdString(json.value("tool_calls", std::string()));
    if (json.contains("cost_usd") && json["cost_usd"].is_number())
        answer.costUsd = json["cost_usd"].get<double>();
}

/// The request row is gone with its endpoint: what the run noted of it stands in.
void readRequestSummary(const Json &json, RequestRecord &request)
{
    request.status = requestStatusFromKey(QString::fromStdString(json.value("status", std::string())))
                         .value_or(RequestStatus::Error);
    request.errorClass =
        errorClassFromKey(QString::fromStdString(json.value("error_class", std::string()))).value_or(ErrorClass::None);
    request.errorMessage = QString::fromStdString(json.value("error_message", std::string()));
}

} // namespace

void Store::addPlaygroundRun(PlaygroundRun &run, std::span<const SpanRecord> spans)
{
    SqliteTransaction transaction(m_db);
    insertSpans(spans, false);

    std::vector<RequestRecord> requests;
    for (const auto &answer : run.answers)
        requests.push_back(answer.request);
    const std::vector<qint64> requestIds = insertRequests(requests);

    SqliteStatement insertRun(m_db,
                              "INSERT INTO playground_runs (started_at_ms, trace_id, conversation_id, prompt_name, "
                              "prompt_version, request_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    insertRun.bind(1, run.startedAtMs);
    insertRun.bindBlob(2, QByteArrayView(run.traceId.data(), qsizetype(run.traceId.size())));
    insertRun.bind(3, run.conversationId);
    insertRun.bind(4, run.promptName);
    insertRun.bind(5, run.promptVersion ? std::optional<qint64>(*run.promptVersion) : std::nullopt);
    const std::string asked = runJson(run);
    insertRun.bindUtf8(6, asked);
    insertRun.execute();
    const qint64 runId = sqlite3_last_insert_rowid(m_db);

    SqliteStatement insertAnswer(m_db,
                                 "INSERT INTO playground_answers (run_id, column_index, endpoint_id, endpoint_name, "
                                 "request_id, answer_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (std::size_t i = 0; i < run.answers.size(); ++i) {
        const PlaygroundAnswer &answer = run.answers[i];
        insertAnswer.reset();
        insertAnswer.bind(1, runId);
        insertAnswer.bind(2, answer.column);
        insertAnswer.bind(3, answer.endpointId > 0 ? std::optional<qint64>(answer.endpointId) : std::nullopt);
        insertAnswer.bind(4, answer.endpointName);
        insertAnswer.bind(5, requestIds[i]);
        const std::string answered = answerJson(answer);
        insertAnswer.bindUtf8(6, answered);
        insertAnswer.execute();
    }
    transaction.commit();

    run.id = runId;
    for (std::size_t i = 0; i < run.answers.size(); ++i)
        run.answers[i].request.id = requestIds[i];
}

std::vector<PlaygroundRunSummary> Store::playgroundRuns(int limit) const
{
    SqliteStatement select(m_db,
                           "SELECT id, started_at_ms, prompt_name, prompt_version, request_json FROM playground_runs "
                           "ORDER BY started_at_ms DESC, id DESC LIMIT ?1");
    select.bind(1, limit);
    SqliteStatement answers(m_db,
                            "SELECT endpoint_name, answer_json FROM playground_answers WHERE run_id = ?1 "
                            "ORDER BY column_index");

    std::vector<PlaygroundRunSummary> runs;
    while (select.step()) {
        PlaygroundRunSummary summary;
        summary.id = select.int64(0);
        summary.startedAtMs = select.int64(1);
        summary.promptName = select.text(2);
        if (const auto version = select.optionalInt64(3))
            summary.promptVersion = int(*version);
        const Json asked = Json::parse(select.utf8String(4), nullptr, false);
        const Json templateMessages = asked.is_object() ? asked.value("template_messages", Json::array()) : Json();
        for (const auto &message : messagesFromJson(templateMessages)) {
            if (message.role == "user"_L1) {
                summary.firstUserText = message.content.left(120);
                break;
            }
        }

        answers.reset();
        answers.bind(1, summary.id);
        while (answers.step()) {
            summary.endpointNames.append(answers.text(0));
            const Json answer = Json::parse(answers.utf8String(1), nullptr, false);
            if (answer.is_object() && answer.value("status", std::string()) != "ok")
                ++summary.failedAnswers;
        }
        runs.push_back(std::move(summary));
    }
    return runs;
}

std::optional<PlaygroundRun> Store::playgroundRun(qint64 id) const
{
    SqliteStatement select(m_db,
                           "SELECT started_at_ms, trace_id, conversation_id, prompt_name, prompt_version, request_json "
                           "FROM playground_runs WHERE id = ?1");
    select.bind(1, id);
    if (!select.step())
        return std::nullopt;

    PlaygroundRun run;
    run.id = id;
    run.startedAtMs = select.int64(0);
    const QByteArrayView traceId = select.blob(1);
    run.traceId.assign(traceId.data(), size_t(traceId.size()));
    run.conversationId = select.text(2);
    run.promptName = select.text(3);
    if (const auto version = select.optionalInt64(4))
        run.promptVersion = int(*version);
    const Json asked = Json::parse(select.utf8String(5), nullptr, false);
    if (asked.is_object()) {
        run.endedAtMs = asked.value("ended_at_ms", qint64(0));
        run.templateMessages = messagesFromJson(asked.value("template_messages", Json::array()));
        const Json variables = asked.value("variables", Json::object());
        for (const auto &[name, value] : variables.items()) {
            if (value.is_string())
                run.variables.push_back(
                    {QString::fromStdString(name), QString::fromStdString(value.get<std::string>())});
        }
    }

    SqliteStatement answers(m_db,
                            "SELECT column_index, endpoint_id, endpoint_name, request_id, answer_json "
                            "FROM playground_answers WHERE run_id = ?1 ORDER BY column_index");
    answers.bind(1, id);
    while (answers.step()) {
        PlaygroundAnswer answer;
        answer.column = int(answers.int64(0));
        answer.endpointId = answers.optionalInt64(1).value_or(0);
        answer.endpointName = answers.text(2);
        const Json json = Json::parse(answers.utf8String(4), nullptr, false);
        if (json.is_object())
            readAnswerJson(json, answer);

        const auto requestId = answers.optionalInt64(3);
        const auto stored = requestId ? request(*requestId) : std::nullopt;
        if (stored)
            answer.request = *stored;
        else if (json.is_object())
            readRequestSummary(json, answer.request);
        run.answers.push_back(std::move(answer));
    }
    return run;
}

} // namespace llmops
