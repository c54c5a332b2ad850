// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace llmops {

/// The wire protocol an endpoint speaks.
enum class EndpointKind {
    OpenAiChat, ///< POST {base}/chat/completions, Server-Sent Events when streaming
    OllamaChat, ///< POST {base}/api/chat, NDJSON when streaming
};

QString endpointKindKey(EndpointKind kind);
std::optional<EndpointKind> endpointKindFromKey(const QString &key);

using HeaderList = QList<QPair<QString, QString>>;

/// Bounds that keep every duration within what timers and transfers accept.
constexpr int kMaxProbeIntervalS = 24 * 3600;
constexpr int kMaxTimeoutS = 3600;
constexpr int kMaxTokens = 32'768;
constexpr qsizetype kMaxNameLength = 64;

/// A registered LLM endpoint. The API key itself is never stored: only the name of the
/// environment variable that holds it.
struct Endpoint {
    qint64 id = 0;
    QString name;
    EndpointKind kind = EndpointKind::OpenAiChat;
    /// For OpenAI-compatible servers the URL up to and including `/v1`; for Ollama the
    /// server root (`http://127.0.0.1:11434`).
    QString baseUrl;
    QString model;
    QString apiKeyEnv;
    HeaderList extraHeaders;
    /// Free tag such as `prod` or `staging`.
    QString environment;
    int probeIntervalS = 60;
    QString probePrompt = QStringLiteral("Say hello in one short sentence.");
    int maxTokens = 32;
    int timeoutS = 30;
    /// Made by trace intake for one service and model: never probed, measured from the
    /// model calls its spans report.
    bool traced = false;

    /// Where the server's Prometheus metrics are; empty for the default (metricsUrlOf()).
    QString metricsUrl;
    /// Seconds between scrapes of the metrics; 0 turns scraping off.
    int metricsIntervalS = 15;
    /// The environment variable holding a bearer token for the metrics URL, when it needs one.
    QString metricsTokenEnv;

    bool operator==(const Endpoint &other) const = default;
};

/// The URL the endpoint's metrics are scraped from: the one set, or the server root's
/// `/metrics` for OpenAI-compatible servers (vLLM, TGI, llama.cpp and SGLang serve it there).
/// Empty when nothing is to be scraped: scraping is off, the endpoint is measured from
/// traces, or it is an Ollama server without a URL set (Ollama has no metrics).
QString metricsUrlOf(const Endpoint &endpoint);

/// The endpoint as it should be stored: surrounding spaces gone, the name in Unicode's
/// composed form. Both the dialog and llmopsctl pass what the user typed through it.
Endpoint normalizedEndpoint(Endpoint endpoint);
/// The name as normalizedEndpoint() stores it, for looking an endpoint up by what was typed.
QString normalizedEndpointName(const QString &name);

/// Problems that make an endpoint unusable, each as one translated sentence; empty when it
/// is valid.
QStringList validateEndpoint(const Endpoint &endpoint);

/// Whether a header name looks like it carries a credential, so it must come from an
/// environment variable rather than be stored.
bool isSecretHeaderName(const QString &name);

} // namespace llmops
