// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "endpoint.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

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

QString normalizedEndpointName(const QString &name)
{
    // Two names that look the same must be the same name: "Zürich" typed on two keyboards
    // arrives composed or decomposed.
    return name.trimmed().normalized(QString::NormalizationForm_C);
}

Endpoint normalizedEndpoint(Endpoint endpoint)
{
    endpoint.name = normalizedEndpointName(endpoint.name);
    endpoint.baseUrl = endpoint.baseUrl.trimmed();
    endpoint.model = endpoint.model.trimmed();
    endpoint.apiKeyEnv = endpoint.apiKeyEnv.trimmed();
    endpoint.environment = endpoint.environment.trimmed();
    endpoint.metricsUrl = endpoint.metricsUrl.trimmed();
    endpoint.metricsTokenEnv = endpoint.metricsTokenEnv.trimmed();
    for (auto &[name, value] : endpoint.extraHeaders) {
        name = name.trimmed();
        value = value.trimmed();
    }
    return endpoint;
}

namespace {

/// The translation context of the problems validateEndpoint() words.
struct EndpointText {
    Q_DECLARE_TR_FUNCTIONS(Endpoint)
};

/// Control and invisible formatting characters (tabs, escapes, bidi overrides, zero-width
/// spaces): in a name they break tables and terminals, or make two names look alike.
bool hasInvisibleCharacters(const QString &text)
{
    return std::any_of(text.begin(), text.end(), [](QChar c) {
        return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format;
    });
}

/// Headers that frame the request or that the console sets itself; another value would
/// break the request (a wrong Content-Length) or send it somewhere else (Host).
bool isReservedHeaderName(const QString &name)
{
    static const QStringList reserved = {
        u"host"_s, u"content-length"_s, u"transfer-encoding"_s, u"connection"_s,   u"expect"_s, u"upgrade"_s,
        u"te"_s,   u"trailer"_s,        u"keep-alive"_s,        u"content-type"_s, u"accept"_s};
    return reserved.contains(name.toLower()) || name.startsWith(u"proxy-"_s, Qt::CaseInsensitive);
}

QStringList headerProblems(const HeaderList &headers)
{
    // A field name is an RFC 9110 token; a value may hold no line break, or it would start
    // a header of its own.
    static const QRegularExpression token(u"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"_s);
    QStringList problems;
    for (const auto &[name, value] : headers) {
        if (name.isEmpty())
            problems << EndpointText::tr("A header has no name.");
        else if (!token.match(name).hasMatch())
            problems
                << EndpointText::tr("Header name \"%1\" may hold only letters, digits and !#$%&'*+-.^_`|~.").arg(name);
        else if (isSecretHeaderName(name) || looksLikeCredentialValue(value))
            problems << EndpointText::tr(
                            "Header %1 looks like a credential; give the key through an environment variable.")
                            .arg(name);
        else if (isReservedHeaderName(name))
            problems << EndpointText::tr("Header %1 is set by the console itself and cannot be changed.").arg(name);
        else if (std::any_of(value.begin(), value.end(),
                             [](QChar c) { return (c.unicode() < 0x20 && c != u'\t') || c.unicode() == 0x7f; }))
            problems << EndpointText::tr("The value of header %1 holds a line break or control character.").arg(name);
    }
    return problems;
}

} // namespace

QStringList validateEndpoint(const Endpoint &endpoint)
{
    QStringList problems;

    if (endpoint.name.trimmed().isEmpty())
        problems << EndpointText::tr("The name is empty.");
    else if (endpoint.name.size() > kMaxNameLength || hasInvisibleCharacters(endpoint.name))
        problems << EndpointText::tr(
                        "The name must be at most %1 characters, without tabs, line breaks or other invisible "
                        "characters.")
                        .arg(kMaxNameLength);

    const QUrl url(endpoint.baseUrl, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty())
        problems << EndpointText::tr("The base URL must be an http:// or https:// URL with a host.");
    else if (endpoint.kind == EndpointKind::OllamaChat && url.path().endsWith(u"/v1"_s))
        problems << EndpointText::tr("Ollama's base URL is the server root (http://host:11434), without /v1.");

    if (endpoint.model.trimmed().isEmpty() || hasInvisibleCharacters(endpoint.model))
        problems << EndpointText::tr("The model is empty or holds invisible characters.");
    if (endpoint.probePrompt.trimmed().isEmpty())
        problems << EndpointText::tr("The probe prompt is empty.");

    if (url.isValid() && (!url.userInfo().isEmpty() || hasSecretQueryItem(url)))
        problems << EndpointText::tr("The base URL carries credentials; give the key through an environment variable.");

    // Environment variables are named in capitals by convention; a key pasted here (mixed
    // case, or lower-case hex) would otherwise be stored and shown.
    static const QRegularExpression envName(u"^[A-Z_][A-Z0-9_]{0,63}$"_s);
    if (!endpoint.apiKeyEnv.isEmpty() && !envName.match(endpoint.apiKeyEnv).hasMatch())
        problems << EndpointText::tr("The API key reference must be the name of an environment variable (such as "
                                     "OPENAI_API_KEY), not a key.");

    problems << headerProblems(endpoint.extraHeaders);

    if (endpoint.probeIntervalS < 1 || endpoint.probeIntervalS > kMaxProbeIntervalS)
        problems << EndpointText::tr("The probe interval must be between one second and one day.");
    if (endpoint.maxTokens < 1 || endpoint.maxTokens > kMaxTokens)
        problems << EndpointText::tr("Max tokens must be between 1 and %1.").arg(kMaxTokens);
    if (endpoint.timeoutS < 1 || endpoint.timeoutS > kMaxTimeoutS)
        problems << EndpointText::tr("The timeout must be between one second and one hour.");

    if (!endpoint.metricsUrl.isEmpty()) {
        const QUrl metrics(endpoint.metricsUrl, QUrl::StrictMode);
        if (!metrics.isValid() || (metrics.scheme() != u"http" && metrics.scheme() != u"https")
            || metrics.host().isEmpty())
            problems << EndpointText::tr("The metrics URL must be an http:// or https:// URL with a host.");
        else if (!metrics.userInfo().isEmpty() || hasSecretQueryItem(metrics))
            problems << EndpointText::tr(
                "The metrics URL carries credentials; give the token through an environment variable.");
    }
    if (endpoint.metricsIntervalS < 0 || endpoint.metricsIntervalS > kMaxProbeIntervalS)
        problems << EndpointText::tr("The metrics interval must be between one second and one day (0 turns it off).");
    if (!endpoint.metricsTokenEnv.isEmpty() && !envName.match(endpoint.metricsTokenEnv).hasMatch())
        problems << EndpointText::tr("The metrics token reference must be the name of an environment variable, not a "
                                     "token.");

    return problems;
}

QString metricsUrlOf(const Endpoint &endpoint)
{
    if (endpoint.traced || endpoint.metricsIntervalS <= 0)
        return {};
    if (!endpoint.metricsUrl.isEmpty())
        return endpoint.metricsUrl;
    if (endpoint.kind == EndpointKind::OllamaChat)
        return {};
    QUrl root(endpoint.baseUrl);
    QString path = root.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    if (path.endsWith(u"/v1"))
        path.chop(3);
    root.setPath(path + u"/metrics"_s);
    root.setQuery(QString());
    return root.toString();
}

} // namespace llmops
