// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "otlpreceiver.h"

#include "genaimapping.h"
#include "otlp/otlp_trace.pb.h"
#include "otlpdecoder.h"
#include "traceintake.h"

#include <arpa/inet.h>
#include <httplib.h>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

constexpr const char *kProtobufType = "application/x-protobuf";
constexpr const char *kJsonType = "application/json";
/// gRPC's status code for an invalid argument, which OTLP/HTTP error bodies carry.
constexpr int kInvalidArgument = 3;
constexpr int kUnavailable = 14;

std::optional<OtlpEncoding> encodingOf(const httplib::Request &request)
{
    std::string type = request.get_header_value("Content-Type");
    type = type.substr(0, type.find(';'));
    while (!type.empty() && std::isspace(uchar(type.back())))
        type.pop_back();
    std::transform(type.begin(), type.end(), type.begin(), [](char c) { return char(std::tolower(uchar(c))); });
    if (type == kProtobufType)
        return OtlpEncoding::Protobuf;
    if (type == kJsonType)
        return OtlpEncoding::Json;
    return std::nullopt;
}

/// An error body in the request's encoding: google.rpc.Status in protobuf or JSON.
void sendError(httplib::Response &response, int httpStatus, int rpcCode, const std::string &message,
               OtlpEncoding encoding)
{
    response.status = httpStatus;
    if (encoding == OtlpEncoding::Protobuf) {
        otlp::RpcStatus status;
        status.set_code(rpcCode);
        status.set_message(message);
        response.set_content(status.SerializeAsString(), kProtobufType);
    } else {
        response.set_content(nlohmann::json{{"code", rpcCode}, {"message", message}}.dump(), kJsonType);
    }
}

void sendSuccess(httplib::Response &response, qint64 rejected, const std::string &message, OtlpEncoding encoding)
{
    response.status = 200;
    if (encoding == OtlpEncoding::Protobuf) {
        otlp::ExportTraceServiceResponse body;
        if (rejected > 0) {
            body.mutable_partial_success()->set_rejected_spans(rejected);
            body.mutable_partial_success()->set_error_message(message);
        }
        response.set_content(body.SerializeAsString(), kProtobufType);
        return;
    }
    nlohmann::json body = nlohmann::json::object();
    if (rejected > 0)
        body["partialSuccess"] = {{"rejectedSpans", std::to_string(rejected)}, {"errorMessage", message}};
    response.set_content(body.dump(), kJsonType);
}

/// The content codings the HTTP server unpacks (it matches them in lower case only).
bool isSupportedCoding(const std::string &coding)
{
    return coding.empty() || coding == "identity" || coding == "gzip" || coding == "deflate" || coding == "br";
}

/// Compares without stopping at the first difference, so that the time taken does not
/// tell a caller how much of a guessed token was right.
bool equalInConstantTime(const std::string &a, const std::string &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (size_t i = 0; i < a.size(); ++i)
        difference |= uchar(a[i]) ^ uchar(b[i]);
    return difference == 0;
}

std::string joined(const std::vector<std::string> &reasons, qint64 total)
{
    std::string text;
    for (const auto &reason : reasons)
        text += (text.empty() ? "" : "; ") + reason;
    if (total > qint64(reasons.size()))
        text += "; and " + std::to_string(total - qint64(reasons.size())) + " more";
    return text;
}

} // namespace

OtlpReceiver::OtlpReceiver(TraceIntake &intake, Options options)
    : m_intake(intake)
    , m_options(std::move(options))
{
}

OtlpReceiver::~OtlpReceiver()
{
    stop();
}

bool OtlpReceiver::isLoopback(const QString &host)
{
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    const std::string text = host.toStdString();
    in_addr v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    return inet_pton(AF_INET6, text.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

bool OtlpReceiver::start(QString *error)
{
    if (m_server)
        return true;
    auto server = std::make_unique<httplib::Server>();
    const int threads = std::max(1, m_options.connectionThreads);
    server->new_task_queue = [threads] { return new httplib::ThreadPool(size_t(threads)); };
    server->set_keep_alive_max_count(10'000);
    // A client that sends slowly holds a connection thread; it is let go after 10 s.
    server->set_read_timeout(10);
    // httplib's default also sets SO_REUSEPORT, which would let a second receiver share the
    // port and take half the traffic: the port is this receiver's alone.
    server->set_socket_options([](int socket) {
        int yes = 1;
        ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    // Requests over the limit are read and dropped by the handler itself (see handleExport).
    const auto methodNotAllowed = [](const httplib::Request &, httplib::Response &response) {
        response.status = 405;
        response.set_header("Allow", "POST");
    };
    server->Get("/v1/traces", methodNotAllowed);
    server->Put("/v1/traces", methodNotAllowed);
    server->Delete("/v1/traces", methodNotAllowed);
    server->Options("/v1/traces", methodNotAllowed);
    server->Post(
        "/v1/traces",
        [this](const httplib::Request &request, httplib::Response &response, const httplib::ContentReader &reader) {
            try {
                handleExport(request, response, reader);
            } catch (const std::exception &failure) {
                // Out of memory or a library failure: the sender may try again.
                sendError(response, 503, kUnavailable, failure.what(), OtlpEncoding::Json);
                response.set_header("Retry-After", "5");
            }
        });

    const std::string host = m_options.host.toStdString();
    if (m_options.port == 0) {
        m_port = server->bind_to_any_port(host);
        if (m_port <= 0) {
            if (error)
                *error = u"Cannot listen on %1: no free port"_s.arg(m_options.host);
            return false;
        }
    } else if (!server->bind_to_port(host, m_options.port)) {
        if (error)
            *error = u"Cannot listen on %1:%2 (is another receiver running there?)"_s.arg(m_options.host)
                         .arg(m_options.port);
        return false;
    } else {
        m_port = m_options.port;
    }

    m_server = std::move(server);
    m_listener = std::thread([server = m_server.get()] { server->listen_after_bind(); });

    // A stop() before the server thread runs would be lost (the server is not "running"
    // yet), and the thread would serve forever: start() returns once it serves.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!m_server->is_running() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return true;
}

void OtlpReceiver::stop()
{
    if (!m_server)
        return;
    m_server->stop();
    if (m_listener.joinable())
        m_listener.join();
    m_server.reset();
}

bool OtlpReceiver::isRunning() const
{
    return m_server && m_server->is_running();
}

QString OtlpReceiver::url() const
{
    const QString host = m_options.host.contains(u':') ? u'[' + m_options.host + u']' : m_options.host;
    return u"http://%1:%2/v1/traces"_s.arg(host).arg(m_port);
}

OtlpReceiver::Counters OtlpReceiver::counters() const
{
    std::lock_guard lock(m_mutex);
    return m_counters;
}

void OtlpReceiver::noteRefusal(const QString &problem)
{
    std::lock_guard lock(m_mutex);
    ++m_counters.requestsRefused;
    m_counters.lastProblem = problem;
}

void OtlpReceiver::handleExport(const httplib::Request &request, httplib::Response &response,
                                const httplib::ContentReader &reader)
{
    {
        std::lock_guard lock(m_mutex);
        ++m_counters.requests;
    }
    const std::optional<OtlpEncoding> encoding = encodingOf(request);
    const OtlpEncoding replyEncoding = encoding.value_or(OtlpEncoding::Json);

    // Every body is read to its end, even one about to be refused: what is left unread on a
    // kept-alive connection would be taken for the next request. Past the size limit the
    // bytes are dropped as they come, so memory stays bounded however much is sent.
    const bool authorized = m_options.bearerToken.isEmpty()
        || equalInConstantTime(request.get_header_value("Authorization"),
                               "Bearer " + m_options.bearerToken.toStdString());
    const bool knownCoding = isSupportedCoding(request.get_header_value("Content-Encoding"));
    const bool keep = authorized && encoding && knownCoding;
    std::string body;
    bool overLimit = false;
    const bool complete = reader([&](const char *data, size_t length) {
        if (!keep || overLimit)
            return true;
        if (body.size() + length > size_t(m_options.maxBodyBytes)) {
            overLimit = true;
            body = std::string();
            return true;
        }
        body.append(data, length);
        return true;
    });

    if (!authorized) {
        response.set_header("WWW-Authenticate", "Bearer");
        sendError(response, 401, 16, "a bearer token is required", replyEncoding);
        noteRefusal(u"a request without the right bearer token"_s);
        return;
    }
    if (!encoding) {
        sendError(response, 415, kInvalidArgument,
                  "the content type must be application/x-protobuf or application/json", OtlpEncoding::Json);
        noteRefusal(u"a request of content type \"%1\""_s.arg(
            QString::fromStdString(request.get_header_value("Content-Type"))));
        return;
    }
    if (!knownCoding) {
        const std::string problem = "the content encoding must be gzip, deflate, br or identity";
        sendError(response, 415, kInvalidArgument, problem, *encoding);
        noteRefusal(QString::fromStdString(problem));
        return;
    }
    if (overLimit || !complete) {
        const std::string problem = overLimit
            ? "the body is over the limit of " + std::to_string(m_options.maxBodyBytes) + " bytes"
            : "the body could not be read to its end (a broken gzip stream?)";
        sendError(response, overLimit ? 413 : 400, kInvalidArgument, problem, *encoding);
        noteRefusal(QString::fromStdString(problem));
        return;
    }

    OtlpDecodeResult decoded = decodeOtlpTraces(body, *encoding);
    body = std::string();
    if (!decoded.decoded) {
        sendError(response, 400, kInvalidArgument, decoded.error, *encoding);
        noteRefusal(QString::fromStdString(decoded.error));
        return;
    }

    const auto prices = m_intake.prices();
    std::vector<SpanRecord> spans;
    spans.reserve(decoded.spans.size());
    for (auto &span : decoded.spans)
        spans.push_back(spanRecordFrom(std::move(span), *prices));
    const qint64 accepted = qint64(spans.size());

    if (!spans.empty()) {
        const TraceIntake::Result stored = m_intake.submit(std::move(spans));
        if (stored.outcome != TraceIntake::Outcome::Stored) {
            const bool full = stored.outcome == TraceIntake::Outcome::Full;
            response.set_header("Retry-After", full ? "1" : "5");
            sendError(response, 503, kUnavailable, stored.error.toStdString(), *encoding);
            noteRefusal(stored.error);
            return;
        }
    }

    {
        std::lock_guard lock(m_mutex);
        m_counters.spansAccepted += accepted;
        m_counters.spansRejected += decoded.rejectedSpans;
        if (decoded.rejectedSpans > 0)
            m_counters.lastProblem = QString::fromStdString(decoded.rejections.front());
    }
    sendSuccess(response, decoded.rejectedSpans, joined(decoded.rejections, decoded.rejectedSpans), *encoding);
}

} // namespace llmops
