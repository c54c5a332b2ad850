// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "httperror.h"

#include <QTimeZone>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <string_view>

using namespace Qt::StringLiterals;

namespace llmops {

using Json = nlohmann::ordered_json;

namespace {

constexpr qsizetype kMessageLength = 200;
constexpr qsizetype kExcerptLength = 500;
/// A longer wait is an outage, not a wait, and more than a probe timer can hold.
constexpr qint64 kLongestDelaySeconds = 24 * 3600;

const std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                  "jul", "aug", "sep", "oct", "nov", "dec"};
const std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
const std::array<std::string_view, 7> kLongDays = {"monday", "tuesday",  "wednesday", "thursday",
                                                   "friday", "saturday", "sunday"};

std::string lowered(QByteArrayView text)
{
    std::string out(text.data(), size_t(text.size()));
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; });
    return out;
}

template<size_t N>
bool isOneOf(const std::string &word, const std::array<std::string_view, N> &names)
{
    return std::find(names.begin(), names.end(), word) != names.end();
}

/// Reads exactly @p width digits (any width when 0); -1 when the token is not that.
int digits(QByteArrayView token, qsizetype width)
{
    if (token.isEmpty() || token.size() > 9 || (width > 0 && token.size() != width))
        return -1;

    int value = 0;
    for (const char c : token) {
        if (c < '0' || c > '9')
            return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

int monthNumber(QByteArrayView token)
{
    const std::string name = lowered(token);
    const auto found = std::find(kMonths.begin(), kMonths.end(), name);
    return found == kMonths.end() ? 0 : int(found - kMonths.begin()) + 1;
}

QTime timeOfDay(QByteArrayView token)
{
    if (token.size() != 8 || token[2] != ':' || token[5] != ':')
        return {};

    const int hours = digits(token.first(2), 2);
    const int minutes = digits(token.sliced(3, 2), 2);
    const int seconds = digits(token.sliced(6, 2), 2);
    if (hours < 0 || minutes < 0 || seconds < 0)
        return {};
    // A leap second cannot be represented; a second early is close enough for a delay.
    return QTime(hours, minutes, std::min(seconds, 59));
}

std::vector<QByteArrayView> tokens(QByteArrayView text)
{
    std::vector<QByteArrayView> out;
    qsizetype start = -1;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        const bool separator = i == text.size() || text[i] == ' ' || text[i] == '\t' || text[i] == ','
            || text[i] == '-';
        if (separator && start >= 0) {
            out.push_back(text.sliced(start, i - start));
            start = -1;
        } else if (!separator && start < 0) {
            start = i;
        }
    }
    return out;
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty()
           && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r' || text.front() == '\n'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
        text.chop(1);
    return text;
}

const Json *member(const Json &object, const char *key)
{
    if (!object.is_object())
        return nullptr;
    const auto found = object.find(key);
    return found == object.end() ? nullptr : &*found;
}

QString stringOf(const Json *value)
{
    if (!value || value->is_null())
        return {};
    if (value->is_string())
        return QString::fromStdString(value->get_ref<const std::string &>());
    return QString::fromStdString(value->dump());
}

QString decodeEntities(QString text)
{
    if (!text.contains(u'&'))
        return text;

    static const std::array<std::pair<QStringView, QChar>, 6> named = {{
        {u"&amp;", u'&'},
        {u"&lt;", u'<'},
        {u"&gt;", u'>'},
        {u"&quot;", u'"'},
        {u"&apos;", u'\''},
        {u"&nbsp;", u' '},
    }};

    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) != u'&') {
            out += text.at(i);
            continue;
        }

        const qsizetype semicolon = text.indexOf(u';', i);
        if (semicolon > i + 2 && semicolon - i < 10 && text.at(i + 1) == u'#') {
            const QStringView number = QStringView(text).sliced(i + 2, semicolon - i - 2);
            bool ok = false;
            const bool hex = number.front() == u'x' || number.front() == u'X';
            const uint code = hex ? number.sliced(1).toUInt(&ok, 16) : number.toUInt(&ok, 10);
            if (ok && code > 0 && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF)) {
                const char32_t character = code;
                out += QString::fromUcs4(&character, 1);
                i = semicolon;
                continue;
            }
        }

        const auto match = std::find_if(named.begin(), named.end(), [&](const auto &entity) {
            return QStringView(text).sliced(i).startsWith(entity.first);
        });
        if (match != named.end()) {
            out += match->second;
            i += match->first.size() - 1;
        } else {
            out += u'&';
        }
    }
    return out;
}

/// The text of an HTML page as a reader sees it: no tags, no scripts or styles, entities
/// decoded and whitespace collapsed.
QString htmlText(const QString &html)
{
    QString out;
    out.reserve(html.size());

    qsizetype i = 0;
    while (i < html.size()) {
        if (html.at(i) != u'<') {
            out += html.at(i++);
            continue;
        }

        const QStringView rest = QStringView(html).sliced(i);
        qsizetype end = -1;
        if (rest.startsWith(u"<!--")) {
            end = html.indexOf(u"-->", i);
            end = end < 0 ? html.size() : end + 3;
        } else if (const bool script = rest.startsWith(u"<script", Qt::CaseInsensitive);
                   script || rest.startsWith(u"<style", Qt::CaseInsensitive)) {
            const QString closing = script ? u"</script"_s : u"</style"_s;
            const qsizetype close = html.indexOf(closing, i, Qt::CaseInsensitive);
            end = close < 0 ? html.size() : html.indexOf(u'>', close);
            end = end < 0 ? html.size() : end + 1;
        } else {
            end = html.indexOf(u'>', i);
            end = end < 0 ? html.size() : end + 1;
        }
        out += u' ';
        i = end;
    }
    return decodeEntities(out).simplified();
}

QString htmlTitle(const QString &html)
{
    const qsizetype open = html.indexOf(u"<title", 0, Qt::CaseInsensitive);
    if (open < 0)
        return {};
    const qsizetype start = html.indexOf(u'>', open);
    const qsizetype close = html.indexOf(u"</title", open, Qt::CaseInsensitive);
    if (start < 0 || close < 0 || close < start)
        return {};
    return decodeEntities(html.mid(start + 1, close - start - 1)).simplified();
}

QString reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return u"Bad Request"_s;
    case 401:
        return u"Unauthorized"_s;
    case 403:
        return u"Forbidden"_s;
    case 404:
        return u"Not Found"_s;
    case 408:
        return u"Request Timeout"_s;
    case 413:
        return u"Content Too Large"_s;
    case 422:
        return u"Unprocessable Content"_s;
    case 429:
        return u"Too Many Requests"_s;
    case 500:
        return u"Internal Server Error"_s;
    case 502:
        return u"Bad Gateway"_s;
    case 503:
        return u"Service Unavailable"_s;
    case 504:
        return u"Gateway Timeout"_s;
    default:
        return {};
    }
}

QString limited(const QString &text, qsizetype length)
{
    return text.size() <= length ? text : text.left(length);
}

} // namespace

QDateTime parseHttpDate(QByteArrayView text, const QDateTime &now)
{
    const std::vector<QByteArrayView> parts = tokens(trimmed(text));
    if (parts.size() < 5 || parts.size() > 6)
        return {};

    const std::string dayName = lowered(parts[0]);
    int day = 0;
    int month = 0;
    int year = 0;
    QTime time;

    if (parts.size() == 5) {
        // asctime: Sun Nov  6 08:49:37 1994
        if (!isOneOf(dayName, kDays))
            return {};
        month = monthNumber(parts[1]);
        day = digits(parts[2], 0);
        time = timeOfDay(parts[3]);
        year = digits(parts[4], 4);
    } else {
        // IMF-fixdate (Sun, 06 Nov 1994 08:49:37 GMT) or RFC 850 (Sunday, 06-Nov-94 08:49:37 GMT).
        const std::string zone = lowered(parts[5]);
        if ((zone != "gmt" && zone != "utc") || !(isOneOf(dayName, kDays) || isOneOf(dayName, kLongDays)))
            return {};
        day = digits(parts[1], 2);
        month = monthNumber(parts[2]);
        time = timeOfDay(parts[4]);
        if (parts[3].size() == 2) {
            const int shortYear = digits(parts[3], 2);
            const int nowYear = now.toUTC().date().year();
            year = shortYear < 0 ? -1 : nowYear - nowYear % 100 + shortYear;
            if (year > nowYear + 50)
                year -= 100;
        } else {
            year = digits(parts[3], 4);
        }
    }

    const QDate date(year, month, day);
    if (year < 0 || day < 1 || !date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, QTimeZone::utc());
}

std::optional<qint64> parseRetryAfterMs(QByteArrayView headerValue, const QDateTime &now)
{
    const QByteArrayView value = trimmed(headerValue);
    if (value.isEmpty())
        return std::nullopt;

    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        qint64 seconds = 0;
        for (const char c : value)
            seconds = std::min(seconds * 10 + (c - '0'), kLongestDelaySeconds);
        return seconds * 1000;
    }

    const QDateTime when = parseHttpDate(value, now);
    if (!when.isValid() || !now.isValid())
        return std::nullopt;
    return std::clamp<qint64>(now.msecsTo(when), 0, kLongestDelaySeconds * 1000);
}

std::optional<ProviderError> readProviderError(const Json &body)
{
    if (!body.is_object())
        return std::nullopt;

    if (const Json *error = member(body, "error"); error && !error->is_null()) {
        if (error->is_string())
            return ProviderError{QString::fromStdString(error->get_ref<const std::string &>()), {}};
        if (error->is_object()) {
            QString type = stringOf(member(*error, "type"));
            if (type.isEmpty())
                type = stringOf(member(*error, "code"));
            return ProviderError{stringOf(member(*error, "message")), type};
        }
    }

    // vLLM and other FastAPI servers: {"object":"error","message":...} or {"detail":...}.
    const QString object = stringOf(member(body, "object"));
    const Json *message = member(body, "message");
    if (object == u"error" || (message && message->is_string() && !member(body, "choices"))) {
        QString type = stringOf(member(body, "type"));
        if (type.isEmpty() || type == u"error")
            type = stringOf(member(body, "code"));
        return ProviderError{stringOf(message), type};
    }
    if (const Json *detail = member(body, "detail")) {
        if (detail->is_string())
            return ProviderError{stringOf(detail), {}};
        if (detail->is_array() && !detail->empty())
            return ProviderError{stringOf(member(detail->front(), "msg")), {}};
    }
    return std::nullopt;
}

HttpErrorInfo classifyHttpError(int status, QByteArrayView contentType, QByteArrayView body,
                                QByteArrayView retryAfterHeader, const QDateTime &now)
{
    HttpErrorInfo info;
    if (status == 429)
        info.errorClass = ErrorClass::RateLimited;
    else if (status >= 300 && status < 500)
        // A redirect is never followed (it could carry the key to another host): the base URL
        // is wrong, which is the caller's mistake like any 4xx.
        info.errorClass = ErrorClass::HttpClientError;
    else
        info.errorClass = ErrorClass::UpstreamGateway;

    try {
        info.retryAfterMs = parseRetryAfterMs(retryAfterHeader, now);

        const QByteArrayView content = trimmed(body);
        Json json = Json::parse(content.begin(), content.end(), nullptr, false);
        const bool isJson = !content.isEmpty() && !json.is_discarded();
        const std::optional<ProviderError> providerError = isJson ? readProviderError(json) : std::nullopt;

        if (info.errorClass == ErrorClass::UpstreamGateway && isJson)
            info.errorClass = ErrorClass::ServerError;

        const QString text = QString::fromUtf8(body.first(std::min<qsizetype>(body.size(), 256 * 1024)));
        const bool markup = contentType.contains("html") || contentType.contains("xml") || content.startsWith('<');
        const QString readable = markup ? htmlText(text) : text.simplified();
        info.bodyExcerpt = limited(readable, kExcerptLength);

        if (providerError) {
            info.message = providerError->message;
            info.providerType = providerError->type;
        }
        if (info.message.isEmpty() && !isJson && markup)
            info.message = htmlTitle(text);
        if (info.message.isEmpty() && !isJson)
            info.message = limited(readable, kMessageLength);
        if (info.message.isEmpty())
            info.message = QString(u"HTTP %1 "_s.arg(status) + reasonPhrase(status)).trimmed();
        info.message = limited(info.message.simplified(), kMessageLength);

        // 501 and 505 will not change on a second try; 408 says the server gave up waiting.
        info.retryable = (isRetryable(info.errorClass) && status != 501 && status != 505) || status == 408;
    } catch (...) {
        info.message = u"HTTP %1"_s.arg(status);
        info.retryable = isRetryable(info.errorClass);
    }
    return info;
}

} // namespace llmops
