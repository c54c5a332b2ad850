// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "httpclient.h"

#include <curl/curl.h>

#include <mutex>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

// curl_global_init is not thread-safe before libcurl 7.84 and must run once per process.
void initialiseCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

ErrorClass classifyCurlCode(CURLcode code, bool responseStarted)
{
    switch (code) {
    case CURLE_OK:
        return ErrorClass::None;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return ErrorClass::Dns;
    case CURLE_COULDNT_CONNECT:
        return ErrorClass::ConnectionRefused;
    case CURLE_OPERATION_TIMEDOUT:
        return ErrorClass::Timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
        return ErrorClass::Tls;
    case CURLE_ABORTED_BY_CALLBACK:
        return ErrorClass::Cancelled;
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
        // The connection went away: once a response had begun, the body was cut short.
        return responseStarted ? ErrorClass::StreamCut : ErrorClass::Network;
    default:
        return ErrorClass::Network;
    }
}

} // namespace

/// What the libcurl callbacks of one transfer share.
struct HttpClient::Transfer {
    CURL *easy = nullptr;
    HttpResponseHandler *handler = nullptr;
    HttpHeaders headers;
    bool responseStarted = false;
    /// The handler threw: the transfer was aborted, and no exception crossed libcurl.
    bool handlerFailed = false;

    void startResponseIfNeeded()
    {
        if (responseStarted)
            return;
        long status = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        responseStarted = true;
        handler->onResponseStarted(int(status), headers);
    }

    void takeHeaderLine(QByteArrayView line)
    {
        // A new status line (after 100 Continue or a redirect) starts a new header block.
        if (line.startsWith("HTTP/")) {
            headers.clear();
        } else if (const auto colon = line.indexOf(':'); colon > 0) {
            headers.append({line.first(colon).trimmed().toByteArray(), line.sliced(colon + 1).trimmed().toByteArray()});
        } else if (line.trimmed().isEmpty()) {
            long status = 0;
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
            if (status >= 200)
                startResponseIfNeeded();
        }
    }

    void takeBody(QByteArrayView bytes)
    {
        startResponseIfNeeded();
        handler->onBodyRead(bytes);
    }

    /// Runs one callback's work; an exception must not unwind through libcurl's C frames, so
    /// it ends the transfer instead (a short count makes libcurl stop with a write error).
    template<typename Work>
    static size_t guarded(void *userData, size_t bytes, Work work)
    {
        auto *transfer = static_cast<Transfer *>(userData);
        try {
            work(*transfer);
        } catch (...) {
            transfer->handlerFailed = true;
            return 0;
        }
        return bytes;
    }

    static size_t onHeaderLine(char *data, size_t size, size_t count, void *userData)
    {
        const QByteArrayView line(data, qsizetype(size * count));
        return guarded(userData, size * count, [line](Transfer &transfer) { transfer.takeHeaderLine(line); });
    }

    static size_t onBody(char *data, size_t size, size_t count, void *userData)
    {
        const QByteArrayView bytes(data, qsizetype(size * count));
        return guarded(userData, size * count, [bytes](Transfer &transfer) { transfer.takeBody(bytes); });
    }
};

HttpClient::HttpClient()
{
    initialiseCurlOnce();
    m_easy = curl_easy_init();
    m_multi = curl_multi_init();
}

HttpClient::~HttpClient()
{
    curl_multi_cleanup(static_cast<CURLM *>(m_multi));
    curl_easy_cleanup(static_cast<CURL *>(m_easy));
}

QByteArrayView HttpClient::headerValue(const HttpHeaders &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

void HttpClient::configure(const HttpRequest &request, Transfer &transfer, char *errorBuffer)
{
    CURL *easy = transfer.easy;
    curl_easy_setopt(easy, CURLOPT_URL, request.url.toEncoded().constData());
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.constData());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, long(request.connectTimeoutMs));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, long(request.totalTimeoutMs));

    // Peers are always verified, and a redirect is never followed: it could carry the key to
    // another host.
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);

    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Transfer::onHeaderLine);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::onBody);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
    if (!request.body.isEmpty() || request.method == "POST") {
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.constData());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
    }
}

namespace {

curl_slist *headerListOf(const HttpRequest &request)
{
    curl_slist *list = nullptr;
    for (const auto &[name, value] : request.headers)
        list = curl_slist_append(list, QByteArray(name + ": " + value).constData());
    // Without this libcurl sends "Expect: 100-continue" for larger bodies and waits for it.
    return curl_slist_append(list, "Expect:");
}

/// Drives one transfer on the multi handle until it ends or the cancel flag is set. The
/// multi interface lets the loop look at the flag between waits, so a cancelled transfer
/// ends within one poll interval instead of at curl's next progress call.
CURLcode drive(CURLM *multi, const std::atomic<bool> *cancelRequested)
{
    int running = 1;
    while (running > 0) {
        if (cancelRequested && cancelRequested->load())
            return CURLE_ABORTED_BY_CALLBACK;
        if (curl_multi_perform(multi, &running) != CURLM_OK)
            return CURLE_SEND_ERROR; // the multi interface gave up; the transfer has no result of its own
        if (running > 0 && curl_multi_poll(multi, nullptr, 0, 50, nullptr) != CURLM_OK)
            return CURLE_SEND_ERROR;
    }

    CURLcode code = CURLE_OK;
    int pending = 0;
    while (CURLMsg *message = curl_multi_info_read(multi, &pending)) {
        if (message->msg == CURLMSG_DONE)
            code = message->data.result;
    }
    return code;
}

} // namespace

TransportResult HttpClient::perform(const HttpRequest &request, HttpResponseHandler &handler,
                                    const std::atomic<bool> *cancelRequested)
{
    auto *easy = static_cast<CURL *>(m_easy);
    auto *multi = static_cast<CURLM *>(m_multi);
    curl_easy_reset(easy);

    Transfer transfer;
    transfer.easy = easy;
    transfer.handler = &handler;
    char errorBuffer[CURL_ERROR_SIZE] = {};
    configure(request, transfer, errorBuffer);
    curl_slist *headerList = headerListOf(request);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headerList);

    curl_multi_add_handle(multi, easy);
    const CURLcode code = drive(multi, cancelRequested);
    curl_multi_remove_handle(multi, easy);

    TransportResult result;
    result.responseStarted = transfer.responseStarted;
    result.errorClass = transfer.handlerFailed ? ErrorClass::Internal
                                               : classifyCurlCode(code, transfer.responseStarted);
    if (transfer.responseStarted) {
        long status = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        result.httpStatus = int(status);
    }
    if (transfer.handlerFailed)
        result.message = u"The console could not process the response (out of memory?)."_s;
    else if (result.errorClass == ErrorClass::Cancelled)
        result.message = u"The request was cancelled."_s;
    else if (code != CURLE_OK)
        result.message = QString::fromUtf8(errorBuffer[0] ? errorBuffer : curl_easy_strerror(code));

    // The handle keeps its options until the next transfer; none may point at this frame.
    curl_easy_reset(easy);
    curl_slist_free_all(headerList);
    return result;
}

} // namespace llmops
