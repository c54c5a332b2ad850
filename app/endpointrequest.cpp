// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "endpointrequest.h"

#include "httperror.h"
#include "secretredaction.h"

#include <QDateTime>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

QByteArray bearerKey(const HttpRequest &request)
{
    const QByteArrayView authorization = HttpClient::headerValue(request.headers, "authorization");
    return authorization.startsWith("Bearer ") ? authorization.sliced(7).toByteArray() : QByteArray();
}

} // namespace

std::optional<HttpRequest> buildEndpointRequest(const Endpoint &endpoint, QStringView path, const QByteArray &accept,
                                                QString *problem)
{
    if (const QStringList problems = validateEndpoint(endpoint); !problems.isEmpty()) {
        *problem = problems.join(u' ');
        return std::nullopt;
    }

    QString base = endpoint.baseUrl;
    while (base.endsWith(u'/'))
        base.chop(1);
    HttpRequest request;
    request.url = QUrl(base + path, QUrl::StrictMode);
    request.totalTimeoutMs = endpoint.timeoutS * 1000;
    request.connectTimeoutMs = std::min(request.totalTimeoutMs, 10'000);
    request.headers.append({QByteArray("Content-Type"), QByteArray("application/json")});
    request.headers.append({QByteArray("Accept"), accept});

    if (!endpoint.apiKeyEnv.isEmpty()) {
        const QByteArray key = qgetenv(endpoint.apiKeyEnv.toLocal8Bit().constData());
        if (key.isEmpty()) {
            *problem = u"The environment variable %1, which should hold the API key, is not set."_s.arg(
                endpoint.apiKeyEnv);
            return std::nullopt;
        }
        request.headers.append({QByteArray("Authorization"), "Bearer " + key});
    }
    for (const auto &[name, value] : endpoint.extraHeaders)
        request.headers.append({name.toUtf8(), value.toUtf8()});
    return request;
}

void recordFailure(RequestRecord &record, ErrorClass errorClass, const QString &message)
{
    record.status = errorClass == ErrorClass::Cancelled ? RequestStatus::Cancelled : RequestStatus::Error;
    record.errorClass = errorClass;
    record.errorMessage = message;
}

RequestRecord internalFailureRecord(const Endpoint &endpoint, RequestSource source, const std::exception &error)
{
    RequestRecord record;
    record.endpointId = endpoint.id;
    record.source = source;
    record.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    recordFailure(record, ErrorClass::Internal,
                  u"The console could not complete the request: "_s + QString::fromUtf8(error.what()));
    return record;
}

void recordHttpError(RequestRecord &record, int status, const HttpHeaders &headers, QByteArray body,
                     const HttpRequest &request)
{
    // The key goes before the body is cut to an excerpt, which could leave part of it.
    if (const QByteArray key = bearerKey(request); !key.isEmpty())
        body.replace(key, "***");

    const HttpErrorInfo error = classifyHttpError(status, HttpClient::headerValue(headers, "content-type"), body,
                                                  HttpClient::headerValue(headers, "retry-after"),
                                                  QDateTime::currentDateTimeUtc());
    QString message = error.message;
    const QByteArrayView location = HttpClient::headerValue(headers, "location");
    if (status >= 300 && status < 400 && !location.isEmpty())
        message += u" (redirects to "_s % QString::fromUtf8(location) % u"; correct the base URL)"_s;

    recordFailure(record, error.errorClass, message);
    record.retryAfterMs = error.retryAfterMs;
    redactRequestKey(record, request);
}

void redactRequestKey(RequestRecord &record, const HttpRequest &request)
{
    record.errorMessage = redactSecret(record.errorMessage, QString::fromUtf8(bearerKey(request)));
}

} // namespace llmops
