// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "endpoint.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

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
    static const QRegularExpression secretLike(u"auth|key|token|secret|cookie|password|session"_s,
                                               QRegularExpression::CaseInsensitiveOption);
    return secretLike.match(name).hasMatch();
}

namespace {

bool looksLikeCredentialValue(const QString &value)
{
    static const QRegularExpression credential(u"^\\s*(bearer|basic)\\s|^sk-"_s,
                                               QRegularExpression::CaseInsensitiveOption);
    return credential.match(value).hasMatch();
}

bool hasSecretQueryItem(const QUrl &url)
{
    static const QRegularExpression secretName(u"key|token|secret|password|sig"_s,
                                               QRegularExpression::CaseInsensitiveOption);
    const QUrlQuery query(url);
    for (const auto &[name, value] : query.queryItems()) {
        if (secretName.match(name).hasMatch())
            return true;
    }
    return false;
}

} // namespace

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

    if (url.isValid() && (!url.userInfo().isEmpty() || hasSecretQueryItem(url)))
        problems << u"The base URL carries credentials; give the key through an environment variable."_s;

    // Environment variables are named in capitals by convention; a key pasted here (mixed
    // case, or lower-case hex) would otherwise be stored and shown.
    static const QRegularExpression envName(u"^[A-Z_][A-Z0-9_]{0,63}$"_s);
    if (!endpoint.apiKeyEnv.isEmpty() && !envName.match(endpoint.apiKeyEnv).hasMatch())
        problems << u"The API key reference must be the name of an environment variable (such as "
                    u"OPENAI_API_KEY), not a key."_s;

    for (const auto &[name, value] : endpoint.extraHeaders) {
        if (name.trimmed().isEmpty())
            problems << u"A header has no name."_s;
        else if (isSecretHeaderName(name) || looksLikeCredentialValue(value))
            problems << u"Header %1 looks like a credential; give the key through an environment variable."_s.arg(name);
    }

    if (endpoint.probeIntervalS < 1 || endpoint.probeIntervalS > kMaxProbeIntervalS)
        problems << u"The probe interval must be between one second and one day."_s;
    if (endpoint.maxTokens < 1 || endpoint.maxTokens > kMaxTokens)
        problems << u"Max tokens must be between 1 and %1."_s.arg(kMaxTokens);
    if (endpoint.timeoutS < 1 || endpoint.timeoutS > kMaxTimeoutS)
        problems << u"The timeout must be between one second and one hour."_s;

    return problems;
}

} // namespace llmops
