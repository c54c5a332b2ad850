// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QString>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace llmops::testing {

/// What the scripted server answers one request with.
struct ScriptedReply {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string contentType = "text/event-stream";
    std::string body;
};

/// An OpenAI-style chat stream of `text` in two content events, with usage.
inline ScriptedReply streamedAnswer(const std::string &text, int promptTokens = 5, int completionTokens = 3)
{
    const auto chunk = [](const nlohmann::json &delta, const nlohmann::json &finish) -> std::string {
        const nlohmann::json event = {{"id", "chatcmpl-scripted"},
                                      {"object", "chat.completion.chunk"},
                                      {"model", "scripted-model"},
                                      {"choices", {{{"index", 0}, {"delta", delta}, {"finish_reason", finish}}}}};
        return "data: " + event.dump() + "\n\n";
    };
    const std::size_t half = text.size() / 2;
    const nlohmann::json usage = {{"id", "chatcmpl-scripted"},
                                  {"object", "chat.completion.chunk"},
                                  {"model", "scripted-model"},
                                  {"choices", nlohmann::json::array()},
                                  {"usage",
                                   {{"prompt_tokens", promptTokens},
                                    {"completion_tokens", completionTokens},
                                    {"total_tokens", promptTokens + completionTokens}}}};
    ScriptedReply reply;
    reply.body = chunk({{"role", "assistant"}, {"content", text.substr(0, half)}}, nullptr)
        + chunk({{"content", text.substr(half)}}, nullptr) + chunk(nlohmann::json::object(), "stop")
        + "data: " + usage.dump() + "\n\ndata: [DONE]\n\n";
    return reply;
}

/// A chat completions server whose every answer a test writes, for injecting the faults
/// the bundled endpoint cannot be asked for per request (a 429 on the first try only) and
/// for answering faster than any model. The script sees the request body and the number of
/// the request (from 1) and may be called on several threads at once.
class ScriptedChatServer
{
public:
    using Script = std::function<ScriptedReply(const nlohmann::json &body, int requestNumber)>;

    explicit ScriptedChatServer(Script script, int threads = 8)
        : m_script(std::move(script))
    {
        m_server.new_task_queue = [threads] { return new httplib::ThreadPool(std::size_t(threads)); };
        m_server.Post("/v1/chat/completions", [this](const httplib::Request &request, httplib::Response &response) {
            const int number = ++m_requests;
            const auto body = nlohmann::json::parse(request.body, nullptr, false);
            const ScriptedReply reply = m_script(body, number);
            response.status = reply.status;
            for (const auto &[name, value] : reply.headers)
                response.set_header(name, value);
            response.set_content(reply.body, reply.contentType);
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_serving = std::thread([this] { m_server.listen_after_bind(); });
    }

    ~ScriptedChatServer()
    {
        m_server.stop();
        m_serving.join();
    }

    ScriptedChatServer(const ScriptedChatServer &) = delete;
    ScriptedChatServer &operator=(const ScriptedChatServer &) = delete;

    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1/v1").arg(m_port); }
    int requests() const { return m_requests; }

private:
    Script m_script;
    httplib::Server m_server;
    int m_port = 0;
    std::atomic<int> m_requests = 0;
    std::thread m_serving;
};

/// The text of the last user message of a chat request body.
inline std::string lastUserText(const nlohmann::json &body)
{
    std::string text;
    if (body.is_object() && body.contains("messages")) {
        for (const auto &message : body["messages"]) {
            if (message.value("role", "") == "user")
                text = message.value("content", "");
        }
    }
    return text;
}

} // namespace llmops::testing
