// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "endpoint.h"

#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace llmops {

QString endpointKindKey(EndpointKind kind)
{
    switch (kind) {
    case EndpointKind::OpenAiChat:
        return u"openai"_s;
    case EndpointKind::OllamaChat:
        return u"ollama"_s;
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<EndpointKind> endpointKindFromKey(const QString &key)
{
    for (auto kind : {EndpointKind::OpenAiChat, EndpointKind::OllamaChat}) {
        if (endpointKindKey(kind) == key)
            return kind;
    }
    return std::nullopt;
}

bool isSecretHeaderName(const QString &name)
{
    static const QRegularExpression secretLike(u"authorization|api[-_]?key|token|secret|cookie"_s,
                                               QRegularExpression::CaseInsensitiveOption);
    return secretLike.match(name).hasMatch();
}

QStringList validateEndpoint(const Endpoint &endpoint)
{
    QStringList problems;

    if (endpoint.name.trimmed().isEmpty())
        problems << u"The name is empty."_s;

    const QUrl url(endpoint.baseUrl, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty())
        problems << u"The base URL must be an http:// or https:// URL with a host."_s;

    if (endpoint.model.trimmed().isEmpty())
        problems << u"The model is empty."_s;

    static const QRegularExpression envName(u"^[A-Za-z_][A-Za-z0-9_]*$"_s);
    if (!endpoint.apiKeyEnv.isEmpty() && !envName.match(endpoint.apiKeyEnv).hasMatch())
        problems << u"The API key reference must be the name of an environment variable, not a key."_s;

    for (const auto &[name, value] : endpoint.extraHeaders) {
        if (name.trimmed().isEmpty())
            problems << u"A header has no name."_s;
        else if (isSecretHeaderName(name))
            problems << u"Header %1 looks like a credential; give the key through an environment variable."_s.arg(name);
    }

    if (endpoint.probeIntervalS < 1)
        problems << u"The probe interval must be at least one second."_s;
    if (endpoint.maxTokens < 1)
        problems << u"Max tokens must be at least 1."_s;
    if (endpoint.timeoutS < 1)
        problems << u"The timeout must be at least one second."_s;

    return problems;
}

} // namespace llmops
