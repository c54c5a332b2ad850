// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <curl/curl.h>
#include <strings.h>

#include <algorithm>
#include <string>
#include <vector>

namespace llmops::testing {

/// What a server answered to one POST.
struct PostAnswer {
    long status = 0;
    std::string body;
    /// Raw response header lines, "Name: value".
    std::vector<std::string> headers;
    std::string curlError;

    std::string header(const std::string &name) const
    {
        for (const auto &line : headers) {
            if (line.size() > name.size() && strncasecmp(line.c_str(), name.c_str(), name.size()) == 0
                && line[name.size()] == ':') {
                std::string value = line.substr(name.size() + 1);
                while (!value.empty() && (value.front() == ' '))
                    value.erase(value.begin());
                while (!value.empty() && (value.back() == '\r' || value.back() == '\n'))
                    value.pop_back();
                return value;
            }
        }
        return {};
    }
};

/// POSTs `body` with libcurl, the way an exporter would. `chunked` sends it without a
/// Content-Length, in chunked transfer encoding.
inline PostAnswer post(const std::string &url, const std::string &body, const std::vector<std::string> &headers,
                       bool chunked = false, long timeoutMs = 20'000)
{
    PostAnswer answer;
    CURL *curl = curl_easy_init();
    curl_slist *list = nullptr;
    for (const auto &header : headers)
        list = curl_slist_append(list, header.c_str());
    if (chunked)
        list = curl_slist_append(list, "Transfer-Encoding: chunked");

    struct Upload {
        const std::string *body;
        size_t offset = 0;
    } upload{&body};
    const auto readBody = +[](char *buffer, size_t size, size_t count, void *user) -> size_t {
        auto *state = static_cast<Upload *>(user);
        const size_t length = std::min(size * count, state->body->size() - state->offset);
        std::copy_n(state->body->data() + state->offset, length, buffer);
        state->offset += length;
        return length;
    };
    const auto writeBody = +[](char *data, size_t size, size_t count, void *user) -> size_t {
        static_cast<std::string *>(user)->append(data, size * count);
        return size * count;
    };
    const auto writeHeader = +[](char *data, size_t size, size_t count, void *user) -> size_t {
        static_cast<std::vector<std::string> *>(user)->emplace_back(data, size * count);
        return size * count;
    };

    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readBody);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    if (!chunked)
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, writeBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, writeHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer.headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeoutMs);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);

    const CURLcode result = curl_easy_perform(curl);
    if (result == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
    else
        answer.curlError = curl_easy_strerror(result);
    curl_slist_free_all(list);
    curl_easy_cleanup(curl);
    return answer;
}

} // namespace llmops::testing
