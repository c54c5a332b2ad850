// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "ctlruncommand.h"

#include "chatcall.h"
#include "ctlcommands.h"
#include "ctloutput.h"
#include "ctlsupport.h"
#include "httpclient.h"
#include "otlpdecoder.h"
#include "playgroundtrace.h"

#include <QDateTime>

#include <atomic>
#include <cmath>
#include <csignal>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

/// Set by SIGINT, SIGTERM or SIGHUP: the transfer is cancelled and the partial answer stored.
std::atomic<bool> g_cancelRun = false;

void cancelRun(int)
{
    g_cancelRun = true;
}

/// `--var NAME=VALUE` as given, in order; a later value for a name wins.
std::optional<std::vector<PromptVariable>> variablesFrom(const QStringList &assignments)
{
    std::vector<PromptVariable> variables;
    for (const QString &assignment : assignments) {
        const qsizetype equals = assignment.indexOf(u'=');
        if (equals <= 0)
            return std::nullopt;
        variables.push_back({assignment.first(equals), assignment.sliced(equals + 1)});
    }
    return variables;
}

/// The values given on the command line take the place of the prompt's examples.
std::vector<PromptVariable> mergedVariables(std::vector<PromptVariable> defaults,
                                            const std::vector<PromptVariable> &given)
{
    for (const auto &variable : given) {
        const auto found = std::find_if(defaults.begin(), defaults.end(), [&](const PromptVariable &candidate) {
            return candidate.name == variable.name;
        });
        if (found != defaults.end())
            found->value = variable.value;
        else
            defaults.push_back(variable);
    }
    return defaults;
}

nlohmann::json runToJson(const PlaygroundRun &run, const PlaygroundAnswer &answer)
{
    nlohmann::json json = requestToJson(answer.request, answer.endpointName);
    json["run_id"] = run.id;
    json["trace_id"] = hexId(run.traceId);
    json["prompt"] = run.promptName.isEmpty() ? nlohmann::json(nullptr) : nlohmann::json(run.promptName.toStdString());
    json["prompt_version"] = run.promptVersion ? nlohmann::json(*run.promptVersion) : nlohmann::json(nullptr);
    json["text"] = answer.text ? nlohmann::json(answer.text->toStdString()) : nlohmann::json(nullptr);
    json["reasoning"] = answer.reasoning.toStdString();
    json["tool_calls"] = answer.toolCallsJson.isEmpty()
        ? nlohmann::json::array()
        : nlohmann::json::parse(answer.toolCallsJson.toStdString(), nullptr, false);
    json["cost_usd"] = answer.costUsd ? nlohmann::json(*answer.costUsd) : nlohmann::json(nullptr);
    return json;
}

} // namespace

int runCommand(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"prompt"_s, u"Library prompt: NAME, NAME@VERSION or NAME@LABEL"_s, u"REF"_s},
                           {u"message"_s, u"A user message to send instead of a library prompt"_s, u"TEXT"_s},
                           {u"var"_s, u"A variable's value (repeatable)"_s, u"NAME=VALUE"_s},
                           {u"endpoint"_s, u"Endpoint name (default: the prompt's default endpoint)"_s, u"NAME"_s},
                           {u"max-tokens"_s, u"Most tokens to generate"_s, u"N"_s},
                           {u"temperature"_s, u"Sampling temperature"_s, u"T"_s},
                           {u"seed"_s, u"Sampling seed"_s, u"N"_s},
                           {u"json"_s, u"Print the outcome as JSON instead of streaming the text"_s}});
    if (const auto failed = command.parse(arguments))
        return *failed;
    const QCommandLineParser &parser = command.parser;
    if (parser.isSet(u"prompt"_s) == parser.isSet(u"message"_s))
        return usageError(u"run needs either --prompt REF or --message TEXT."_s);
    const auto given = variablesFrom(parser.values(u"var"_s));
    if (!given)
        return usageError(u"--var takes NAME=VALUE."_s);

    // What to send: a library version, or one user message.
    PlaygroundRun run;
    PromptContent content;
    if (parser.isSet(u"prompt"_s)) {
        const auto reference = PromptReference::parse(parser.value(u"prompt"_s));
        if (!reference)
            return usageError(u"\"%1\" is not a prompt reference: use NAME, NAME@VERSION or NAME@LABEL."_s.arg(
                parser.value(u"prompt"_s)));
        const PromptVersion version = store->promptVersion(*reference);
        content = version.content;
        run.promptName = version.name;
        run.promptVersion = version.version;
    } else {
        content.messages = {{u"user"_s, parser.value(u"message"_s)}};
    }
    content.variables = mergedVariables(content.variables, *given);
    const RenderedMessages rendered = renderMessages(content.messages, content.variables);
    if (!rendered.missing.isEmpty())
        return usageError(u"give these variables a value with --var: %1."_s.arg(rendered.missing.join(u", "_s)));

    // Where to, and with what; the command line's values win over the prompt's.
    const QString endpointName = parser.isSet(u"endpoint"_s) ? parser.value(u"endpoint"_s) : content.defaultEndpoint;
    if (endpointName.isEmpty()) {
        return usageError(run.promptName.isEmpty()
                              ? u"run needs --endpoint NAME."_s
                              : u"run needs --endpoint NAME (the prompt names no default endpoint)."_s);
    }
    const auto endpoint = store->endpointByName(normalizedEndpointName(endpointName));
    if (!endpoint)
        return usageError(u"There is no endpoint named %1."_s.arg(endpointName));
    if (endpoint->traced)
        return usageError(u"%1 is a traced endpoint; it can only be observed, not sent to."_s.arg(endpoint->name));
    ChatParameters parameters = content.parameters;
    bool isNumber = true;
    if (parser.isSet(u"max-tokens"_s)) {
        parameters.maxTokens = parser.value(u"max-tokens"_s).toInt(&isNumber);
        if (!isNumber || *parameters.maxTokens < 1 || *parameters.maxTokens > kMaxTokens)
            return usageError(u"--max-tokens takes a whole number from 1 to %1."_s.arg(kMaxTokens));
    }
    if (parser.isSet(u"temperature"_s)) {
        parameters.temperature = parser.value(u"temperature"_s).toDouble(&isNumber);
        if (!isNumber || !std::isfinite(*parameters.temperature) || *parameters.temperature < 0
            || *parameters.temperature > kMaxTemperature)
            return usageError(u"--temperature takes a number from 0 to %1."_s.arg(kMaxTemperature));
    }
    if (parser.isSet(u"seed"_s)) {
        parameters.seed = parser.value(u"seed"_s).toLongLong(&isNumber);
        if (!isNumber)
            return usageError(u"--seed takes a whole number."_s);
    }
    QString problem;
    const auto request = buildChatRequest(*endpoint, rendered.messages, parameters, &problem);
    if (!request)
        return usageError(problem);

    // Stream the text to the terminal as it arrives.
    const bool json = parser.isSet(u"json"_s);
    qsizetype printed = 0;
    const ChatProgress progress = [&](const ChatResult &partial, std::optional<double>) {
        if (json || !partial.text || partial.text->size() <= printed)
            return;
        out() << partial.text->sliced(printed);
        out().flush();
        printed = partial.text->size();
    };
    g_cancelRun = false;
    // A closed terminal (SIGHUP) stops the run like Ctrl+C: what arrived is stored.
    for (const int stopSignal : {SIGINT, SIGTERM, SIGHUP})
        std::signal(stopSignal, cancelRun);
    run.templateMessages = content.messages;
    run.variables = content.variables;
    run.traceId = newPlaygroundTraceId();
    run.conversationId = newConversationId();
    run.startedAtMs = QDateTime::currentMSecsSinceEpoch();

    HttpClient client;
    const ChatCallOutcome outcome = runChatCall(*endpoint, *request, client, RequestSource::Playground, &g_cancelRun,
                                                progress);
    for (const int stopSignal : {SIGINT, SIGTERM, SIGHUP})
        std::signal(stopSignal, SIG_DFL);
    run.endedAtMs = QDateTime::currentMSecsSinceEpoch();

    PlaygroundAnswer answer;
    answer.endpointId = endpoint->id;
    answer.endpointName = endpoint->name;
    answer.model = endpoint->model;
    answer.parameters = parameters;
    answer.messages = rendered.messages;
    takeOutcome(answer, outcome);
    run.answers.push_back(answer);
    const std::vector<SpanRecord> spans = playgroundTrace(run, store->priceTable());
    store->addPlaygroundRun(run, spans);
    const PlaygroundAnswer &stored = run.answers.front();

    if (json) {
        out() << QString::fromStdString(runToJson(run, stored).dump(2)) << Qt::endl;
    } else {
        if (printed > 0)
            out() << Qt::endl;
        err() << describeProbe(stored.request, stored.endpointName) << u" (run %1 stored)"_s.arg(run.id) << Qt::endl;
    }
    return stored.request.status == RequestStatus::Ok ? CtlSuccess : CtlCheckFailed;
}

} // namespace llmops
