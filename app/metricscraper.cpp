// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "metricscraper.h"

#include "httpclient.h"

#include <QElapsedTimer>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace llmops {

namespace {

/// Collects the body, up to the limit.
class ExpositionReceiver : public HttpResponseHandler
{
public:
    void onResponseStarted(int status, const HttpHeaders &headers) override
    {
        m_status = status;
        m_contentType = HttpClient::headerValue(headers, "content-type").toByteArray();
    }

    void onBodyRead(QByteArrayView bytes) override
    {
        if (m_body.size() + bytes.size() > kMaxExpositionBytes) {
            m_tooLarge = true;
            return;
        }
        m_body.append(bytes);
    }

    int status() const { return m_status; }
    const QByteArray &body() const { return m_body; }
    const QByteArray &contentType() const { return m_contentType; }
    bool tooLarge() const { return m_tooLarge; }

private:
    int m_status = 0;
    QByteArray m_body;
    QByteArray m_contentType;
    bool m_tooLarge = false;
};

std::string labelsJsonOf(const MetricLabels &labels)
{
    nlohmann::json object = nlohmann::json::object();
    for (const auto &[name, value] : labels)
        object[name] = value;
    return object.dump();
}

std::optional<double> boundOf(const std::string &text)
{
    const char *begin = text.c_str();
    char *end = nullptr;
    // strtod reads "+Inf" as infinity, as the formats write it.
    const double bound = std::strtod(begin, &end);
    if (end == begin || *end != '\0')
        return std::nullopt;
    return bound;
}

ScrapeOutcome failed(ScrapeOutcome outcome, ErrorClass errorClass, std::string message)
{
    outcome.record.up = false;
    outcome.record.errorClass = errorClassKeyLatin1(errorClass);
    outcome.record.errorMessage = std::move(message);
    return outcome;
}

} // namespace

std::vector<ScrapedSample> scrapedSamplesOf(const Exposition &exposition)
{
    std::vector<ScrapedSample> samples;
    for (const auto &family : exposition.families) {
        const std::string type = metricTypeName(family.type);
        const std::string bucketName = family.name + "_bucket";
        for (const auto &sample : family.samples) {
            ScrapedSample scraped;
            scraped.family = family.name;
            scraped.type = type;
            scraped.help = family.help;
            scraped.name = sample.name;
            scraped.labelsJson = labelsJsonOf(sample.labels);
            if (sample.name == bucketName) {
                if (const std::string *le = sample.label("le"))
                    scraped.upperBound = boundOf(*le);
            }
            scraped.value = sample.value;
            samples.push_back(std::move(scraped));
        }
    }
    return samples;
}

std::string serverKindOf(const Exposition &exposition)
{
    for (const auto &family : exposition.families) {
        for (const char *prefix : {"vllm:", "tgi_", "llamacpp:", "sglang:"}) {
            if (family.name.starts_with(prefix)) {
                std::string kind(prefix);
                kind.pop_back(); // the ':' or '_'
                return kind;
            }
        }
    }
    return {};
}

ScrapeOutcome scrapeMetrics(HttpClient &http, const Endpoint &endpoint, qint64 atMs,
                            const std::atomic<bool> *cancelRequested)
{
    ScrapeOutcome outcome;
    outcome.record.endpointId = endpoint.id;
    outcome.record.atMs = atMs;
    const QString url = metricsUrlOf(endpoint);
    if (url.isEmpty())
        return failed(std::move(outcome), ErrorClass::Configuration, "the endpoint has no metrics to scrape");

    HttpRequest request;
    request.method = "GET";
    request.url = QUrl(url);
    // Prometheus's own preference: OpenMetrics first, the text format otherwise.
    request.headers.append(qMakePair(QByteArray("Accept"),
                                     QByteArray("application/openmetrics-text;version=1.0.0;"
                                                "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")));
    if (!endpoint.metricsTokenEnv.isEmpty()) {
        const QByteArray token = qgetenv(endpoint.metricsTokenEnv.toLocal8Bit().constData());
        if (token.isEmpty()) {
            return failed(std::move(outcome), ErrorClass::Configuration,
                          "the environment variable " + endpoint.metricsTokenEnv.toStdString()
                              + " that holds the metrics token is not set");
        }
        request.headers.append(qMakePair(QByteArray("Authorization"), "Bearer " + token));
    }
    // A scrape must end before the next one is due.
    const int intervalMs = std::max(1, endpoint.metricsIntervalS) * 1000;
    request.totalTimeoutMs = std::clamp(std::min(endpoint.timeoutS * 1000, intervalMs * 2 / 3), 1000, 60'000);
    request.connectTimeoutMs = std::min(request.connectTimeoutMs, request.totalTimeoutMs);

    ExpositionReceiver receiver;
    QElapsedTimer clock;
    clock.start();
    const TransportResult transport = http.perform(request, receiver, cancelRequested);
    outcome.record.durationMs = double(clock.nsecsElapsed()) / 1e6;
    outcome.record.httpStatus = transport.httpStatus;

    if (transport.errorClass != ErrorClass::None)
        return failed(std::move(outcome), transport.errorClass, transport.message.toStdString());
    const int status = receiver.status();
    if (status < 200 || status >= 300) {
        const ErrorClass errorClass = status == 429 ? ErrorClass::RateLimited
            : status >= 500                         ? ErrorClass::ServerError
                                                    : ErrorClass::HttpClientError;
        return failed(std::move(outcome), errorClass, "the metrics URL answered HTTP " + std::to_string(status));
    }
    if (receiver.tooLarge()) {
        return failed(std::move(outcome), ErrorClass::Internal,
                      "the exposition is larger than " + std::to_string(kMaxExpositionBytes / (1024 * 1024)) + " MiB");
    }

    const QByteArray &body = receiver.body();
    const std::string_view contentType(receiver.contentType().constData(), size_t(receiver.contentType().size()));
    const Exposition exposition = parseExposition(std::string_view(body.constData(), size_t(body.size())),
                                                  expositionFormatOfContentType(contentType));
    outcome.samples = scrapedSamplesOf(exposition);
    outcome.record.up = true;
    outcome.record.samples = qint64(outcome.samples.size());
    outcome.record.problems = qint64(exposition.problems.size());
    outcome.record.serverKind = serverKindOf(exposition);
    if (!exposition.problems.empty()) {
        const ExpositionProblem &first = exposition.problems.front();
        outcome.record.errorMessage = "line " + std::to_string(first.line) + ": " + first.message;
        if (exposition.hasErrors())
            outcome.record.errorClass = errorClassKeyLatin1(ErrorClass::MalformedStream);
    }
    return outcome;
}

} // namespace llmops
