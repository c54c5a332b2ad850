// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "otlpdecoder.h"

#include "jsonreading.h"
#include "otlp/otlp_trace.pb.h"

#include <QByteArray>
#include <QString>

#include <google/protobuf/arena.h>

#include <charconv>
#include <cmath>
#include <limits>

namespace llmops {

namespace {

using nlohmann::json;

constexpr int kTraceIdBytes = 16;
constexpr int kSpanIdBytes = 8;
/// How many rejection reasons a partial-success message names before it stops counting.
constexpr size_t kRejectionsNamed = 5;

bool isAllZero(std::string_view bytes)
{
    return bytes.find_first_not_of('\0') == std::string_view::npos;
}

json taggedDouble(double value)
{
    if (std::isfinite(value))
        return value;
    const char *text = std::isnan(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
    return json{{"$double", text}};
}

json taggedBytes(std::string_view bytes)
{
    const QByteArray base64 = QByteArray(bytes.data(), qsizetype(bytes.size())).toBase64();
    return json{{"$bytes", base64.toStdString()}};
}

std::string base64Decoded(std::string_view text, bool *ok)
{
    const auto decoded = QByteArray::fromBase64Encoding(QByteArray(text.data(), qsizetype(text.size())),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    *ok = bool(decoded);
    return decoded ? decoded.decoded.toStdString() : std::string();
}

/// Gathers the rejection of one span into the result.
void reject(OtlpDecodeResult &result, std::string reason)
{
    ++result.rejectedSpans;
    if (result.rejections.size() < kRejectionsNamed)
        result.rejections.push_back(std::move(reason));
}

/// The id checks both encodings share: a span needs a trace id and a span id of the right
/// length that are not all zero; a parent of all zeros means "no parent".
bool checkIds(OtlpSpan &span, std::string &reason)
{
    if (span.traceId.size() != kTraceIdBytes || isAllZero(span.traceId)) {
        reason = "span \"" + span.name + "\": the trace id is not 16 bytes other than zero";
        return false;
    }
    if (span.spanId.size() != kSpanIdBytes || isAllZero(span.spanId)) {
        reason = "span \"" + span.name + "\": the span id is not 8 bytes other than zero";
        return false;
    }
    if (isAllZero(span.parentSpanId))
        span.parentSpanId.clear();
    if (!span.parentSpanId.empty() && span.parentSpanId.size() != kSpanIdBytes) {
        span.warnings.push_back("the parent span id is not 8 bytes; the span is kept as a root");
        span.parentSpanId.clear();
    }
    if (span.endNs < span.startNs) {
        span.warnings.push_back("the span ends before it starts; its end is taken as its start");
        span.endNs = span.startNs;
    }
    return true;
}

std::string serviceNameOf(const json &resourceAttributes)
{
    const auto found = resourceAttributes.find("service.name");
    return found != resourceAttributes.end() && found->is_string() ? found->get<std::string>() : std::string();
}

/// What the spans of one resource share.
struct ResourceContext {
    std::shared_ptr<const std::string> json;
    std::string serviceName;
    std::vector<std::string> warnings;
};

/// Gives the span its resource and scope, and keeps it when its ids hold.
void admit(OtlpDecodeResult &result, OtlpSpan &&span, const ResourceContext &resource, const std::string &scopeName)
{
    span.resourceJson = resource.json;
    span.serviceName = resource.serviceName;
    span.scopeName = scopeName;
    span.warnings.insert(span.warnings.end(), resource.warnings.begin(), resource.warnings.end());
    std::string reason;
    if (checkIds(span, reason))
        result.spans.push_back(std::move(span));
    else
        reject(result, std::move(reason));
}

// ---------------------------------------------------------------------------------------
// Protobuf

/// Collects the UTF-8 repairs of one span's texts.
class TextReader
{
public:
    explicit TextReader(std::vector<std::string> &warnings)
        : m_warnings(warnings)
    {
    }

    std::string operator()(const std::string &bytes, std::string_view field)
    {
        bool repaired = false;
        std::string text = validUtf8(bytes, &repaired);
        if (repaired)
            m_warnings.push_back("invalid UTF-8 in " + std::string(field) + " replaced by U+FFFD");
        return text;
    }

private:
    std::vector<std::string> &m_warnings;
};

json protobufValue(const otlp::AnyValue &value, TextReader &text, const std::string &key);

/// Thrown for a protobuf span that cannot be kept; caught per span.
struct BadProtobufSpan {
    std::string reason;
};

json protobufAttributes(const google::protobuf::RepeatedPtrField<otlp::KeyValue> &pairs, TextReader &text)
{
    json object = json::object();
    for (const auto &pair : pairs) {
        std::string key = text(pair.key(), "an attribute key");
        json value = protobufValue(pair.value(), text, key);
        object[std::move(key)] = std::move(value);
    }
    return object;
}

json protobufValue(const otlp::AnyValue &value, TextReader &text, const std::string &key)
{
    switch (value.value_case()) {
    case otlp::AnyValue::kStringValue:
        return text(value.string_value(), "attribute " + key);
    case otlp::AnyValue::kBoolValue:
        return value.bool_value();
    case otlp::AnyValue::kIntValue:
        return value.int_value();
    case otlp::AnyValue::kDoubleValue:
        return taggedDouble(value.double_value());
    case otlp::AnyValue::kBytesValue:
        return taggedBytes(value.bytes_value());
    case otlp::AnyValue::kArrayValue: {
        json array = json::array();
        for (const auto &element : value.array_value().values())
            array.push_back(protobufValue(element, text, key));
        return array;
    }
    case otlp::AnyValue::kKvlistValue:
        return protobufAttributes(value.kvlist_value().values(), text);
    case otlp::AnyValue::VALUE_NOT_SET:
        break;
    }
    return nullptr;
}

OtlpSpan protobufSpan(const otlp::Span &wire)
{
    OtlpSpan span;
    TextReader text(span.warnings);
    span.traceId = wire.trace_id();
    span.spanId = wire.span_id();
    span.parentSpanId = wire.parent_span_id();
    span.name = text(wire.name(), "the span name");
    span.kind = wire.kind();
    // Nanoseconds since 1970 fit int64 until the year 2262; later times are no times.
    constexpr quint64 kLatest = quint64(std::numeric_limits<qint64>::max());
    if (wire.start_time_unix_nano() > kLatest || wire.end_time_unix_nano() > kLatest)
        throw BadProtobufSpan{"span \"" + span.name + "\": a time beyond the year 2262"};
    span.startNs = qint64(wire.start_time_unix_nano());
    span.endNs = qint64(wire.end_time_unix_nano());
    span.statusCode = wire.status().code();
    span.statusMessage = text(wire.status().message(), "the status message");
    span.attributes = protobufAttributes(wire.attributes(), text);

    for (const auto &event : wire.events()) {
        span.events.push_back({{"time_ns", qint64(event.time_unix_nano())},
                               {"name", text(event.name(), "an event name")},
                               {"attributes", protobufAttributes(event.attributes(), text)}});
    }
    for (const auto &link : wire.links()) {
        span.links.push_back({{"trace_id", hexId(link.trace_id())},
                              {"span_id", hexId(link.span_id())},
                              {"attributes", protobufAttributes(link.attributes(), text)}});
    }
    return span;
}

OtlpDecodeResult decodeProtobuf(std::string_view body)
{
    OtlpDecodeResult result;
    google::protobuf::Arena arena;
    auto *request = google::protobuf::Arena::CreateMessage<otlp::ExportTraceServiceRequest>(&arena);
    if (body.size() > size_t(std::numeric_limits<int>::max())
        || !request->ParseFromArray(body.data(), int(body.size()))) {
        result.error = "the body is not a protobuf ExportTraceServiceRequest";
        return result;
    }
    result.decoded = true;

    for (const auto &resourceSpans : request->resource_spans()) {
        ResourceContext resource;
        TextReader resourceText(resource.warnings);
        const json attributes = protobufAttributes(resourceSpans.resource().attributes(), resourceText);
        resource.json = std::make_shared<const std::string>(attributes.dump());
        resource.serviceName = serviceNameOf(attributes);

        for (const auto &scopeSpans : resourceSpans.scope_spans()) {
            const std::string scopeName = resourceText(scopeSpans.scope().name(), "the scope name");
            for (const auto &wireSpan : scopeSpans.spans()) {
                try {
                    admit(result, protobufSpan(wireSpan), resource, scopeName);
                } catch (const BadProtobufSpan &bad) {
                    reject(result, bad.reason);
                }
            }
        }
    }
    return result;
}

// ---------------------------------------------------------------------------------------
// JSON (OTLP/JSON: the protobuf JSON mapping with hex ids, and lowerCamel or original names)

/// Thrown for a span that cannot be read; caught per span.
struct BadSpan {
    std::string reason;
};

const json *member(const json &object, const char *camelName, const char *snakeName)
{
    if (!object.is_object())
        return nullptr;
    auto found = object.find(camelName);
    if (found == object.end())
        found = object.find(snakeName);
    return found == object.end() || found->is_null() ? nullptr : &*found;
}

/// An int64 sent as a JSON number or, as the protobuf JSON mapping says, a decimal string.
std::optional<qint64> jsonInt64(const json &value)
{
    if (value.is_number_integer()) {
        if (value.is_number_unsigned() && value.get<quint64>() > quint64(std::numeric_limits<qint64>::max()))
            return std::nullopt;
        return value.get<qint64>();
    }
    if (value.is_string()) {
        const auto &text = value.get_ref<const std::string &>();
        qint64 parsed = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
        if (error == std::errc() && end == text.data() + text.size())
            return parsed;
    }
    return std::nullopt;
}

/// A fixed64 nanosecond time: a string or a number, never through a double.
qint64 jsonTime(const json *value, const char *field)
{
    if (!value)
        return 0;
    if (const auto time = jsonInt64(*value); time && *time >= 0)
        return *time;
    throw BadSpan{std::string(field) + " is not a time in nanoseconds between 1970 and 2262"};
}

std::optional<double> jsonDouble(const json &value)
{
    if (value.is_number())
        return value.get<double>();
    if (!value.is_string())
        return std::nullopt;
    const auto &text = value.get_ref<const std::string &>();
    if (text == "NaN")
        return std::numeric_limits<double>::quiet_NaN();
    if (text == "Infinity")
        return std::numeric_limits<double>::infinity();
    if (text == "-Infinity")
        return -std::numeric_limits<double>::infinity();
    double parsed = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (error == std::errc() && end == text.data() + text.size())
        return parsed;
    return std::nullopt;
}

/// OTLP/JSON ids are hex; some senders (the protobuf JSON mapping of generic tools) use
/// base64. Either is taken when it gives the expected length.
std::optional<std::string> jsonId(const json *value, int expectedBytes)
{
    // Absent and empty ids are empty; anything else must be hex or base64 of the right
    // length, never its text taken as bytes.
    if (!value || (value->is_string() && value->get_ref<const std::string &>().empty()))
        return std::string();
    if (!value->is_string())
        return std::nullopt;
    const auto &text = value->get_ref<const std::string &>();
    if (text.size() == size_t(expectedBytes) * 2) {
        const bool allHex = std::all_of(text.begin(), text.end(), [](char c) { return std::isxdigit(uchar(c)); });
        if (allHex)
            return QByteArray::fromHex(QByteArray::fromStdString(text)).toStdString();
    }
    bool ok = false;
    std::string decoded = base64Decoded(text, &ok);
    if (ok && decoded.size() == size_t(expectedBytes))
        return decoded;
    return std::nullopt;
}

json jsonAttributes(const json *pairs, std::vector<std::string> &warnings);

json jsonValue(const json &value, const std::string &key, std::vector<std::string> &warnings)
{
    if (!value.is_object() || value.empty())
        return nullptr;
    if (const json *text = member(value, "stringValue", "string_value"))
        return text->is_string() ? *text : json(text->dump());
    if (const json *flag = member(value, "boolValue", "bool_value"))
        return flag->is_boolean() ? *flag : json(flag->is_string() && flag->get<std::string>() == "true");
    if (const json *integer = member(value, "intValue", "int_value")) {
        if (const auto parsed = jsonInt64(*integer))
            return *parsed;
        warnings.push_back("attribute " + key + ": the integer is beyond 64 bits and kept as text");
        return integer->is_string() ? *integer : json(integer->dump());
    }
    if (const json *real = member(value, "doubleValue", "double_value")) {
        if (const auto parsed = jsonDouble(*real))
            return taggedDouble(*parsed);
        warnings.push_back("attribute " + key + ": the double is not a number and kept as text");
        return real->is_string() ? *real : json(real->dump());
    }
    if (const json *bytes = member(value, "bytesValue", "bytes_value")) {
        bool ok = false;
        const std::string decoded = bytes->is_string() ? base64Decoded(bytes->get<std::string>(), &ok) : std::string();
        if (ok)
            return taggedBytes(decoded);
        warnings.push_back("attribute " + key + ": the bytes are not base64 and kept as text");
        return bytes->is_string() ? *bytes : json(bytes->dump());
    }
    if (const json *array = member(value, "arrayValue", "array_value")) {
        json elements = json::array();
        if (const json *values = member(*array, "values", "values"); values && values->is_array()) {
            for (const auto &element : *values)
                elements.push_back(jsonValue(element, key, warnings));
        }
        return elements;
    }
    if (const json *list = member(value, "kvlistValue", "kvlist_value"))
        return jsonAttributes(member(*list, "values", "values"), warnings);
    return nullptr;
}

json jsonAttributes(const json *pairs, std::vector<std::string> &warnings)
{
    json object = json::object();
    if (!pairs || !pairs->is_array())
        return object;
    for (const auto &pair : *pairs) {
        const json *key = member(pair, "key", "key");
        if (!key || !key->is_string())
            continue;
        const json *value = member(pair, "value", "value");
        object[key->get<std::string>()] = value ? jsonValue(*value, key->get<std::string>(), warnings) : json(nullptr);
    }
    return object;
}

/// Enums come as numbers or, from some senders, as their proto names.
int jsonEnum(const json *value, std::initializer_list<const char *> names)
{
    if (!value)
        return 0;
    if (value->is_number_integer())
        return value->get<int>();
    if (value->is_string()) {
        int number = 0;
        for (const char *name : names) {
            if (value->get<std::string>() == name)
                return number;
            ++number;
        }
    }
    return 0;
}

std::string jsonText(const json *value)
{
    return value && value->is_string() ? value->get<std::string>() : std::string();
}

OtlpSpan jsonSpan(const json &wire)
{
    if (!wire.is_object())
        throw BadSpan{"a span is not a JSON object"};

    OtlpSpan span;
    span.name = jsonText(member(wire, "name", "name"));
    // An unreadable trace or span id leaves the id empty, which checkIds() rejects.
    span.traceId = jsonId(member(wire, "traceId", "trace_id"), kTraceIdBytes).value_or(std::string());
    span.spanId = jsonId(member(wire, "spanId", "span_id"), kSpanIdBytes).value_or(std::string());
    if (const auto parent = jsonId(member(wire, "parentSpanId", "parent_span_id"), kSpanIdBytes))
        span.parentSpanId = *parent;
    else
        span.warnings.push_back("the parent span id is neither hex nor base64 of 8 bytes; the span is kept as a root");
    span.kind = jsonEnum(member(wire, "kind", "kind"),
                         {"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT",
                          "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"});
    span.startNs = jsonTime(member(wire, "startTimeUnixNano", "start_time_unix_nano"), "startTimeUnixNano");
    span.endNs = jsonTime(member(wire, "endTimeUnixNano", "end_time_unix_nano"), "endTimeUnixNano");

    if (const json *status = member(wire, "status", "status")) {
        span.statusCode = jsonEnum(member(*status, "code", "code"),
                                   {"STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"});
        span.statusMessage = jsonText(member(*status, "message", "message"));
    }
    span.attributes = jsonAttributes(member(wire, "attributes", "attributes"), span.warnings);

    if (const json *events = member(wire, "events", "events"); events && events->is_array()) {
        for (const auto &event : *events) {
            span.events.push_back(
                {{"time_ns", jsonTime(member(event, "timeUnixNano", "time_unix_nano"), "an event's timeUnixNano")},
                 {"name", jsonText(member(event, "name", "name"))},
                 {"attributes", jsonAttributes(member(event, "attributes", "attributes"), span.warnings)}});
        }
    }
    if (const json *links = member(wire, "links", "links"); links && links->is_array()) {
        for (const auto &link : *links) {
            span.links.push_back(
                {{"trace_id", hexId(jsonId(member(link, "traceId", "trace_id"), kTraceIdBytes).value_or(""))},
                 {"span_id", hexId(jsonId(member(link, "spanId", "span_id"), kSpanIdBytes).value_or(""))},
                 {"attributes", jsonAttributes(member(link, "attributes", "attributes"), span.warnings)}});
        }
    }
    return span;
}

/// Replaces escaped UTF-16 surrogates that have no partner by \ufffd, so that one broken
/// string does not make the whole body unreadable JSON; `repairs` counts them.
std::string withLoneSurrogatesReplaced(std::string_view text, int &repairs)
{
    const auto codeUnitAt = [&](size_t at) -> int {
        if (at + 6 > text.size() || text[at] != '\\' || text[at + 1] != 'u')
            return -1;
        int value = 0;
        const auto [end, error] = std::from_chars(text.data() + at + 2, text.data() + at + 6, value, 16);
        return error == std::errc() && end == text.data() + at + 6 ? value : -1;
    };
    const auto isHigh = [](int unit) { return unit >= 0xD800 && unit <= 0xDBFF; };
    const auto isLow = [](int unit) { return unit >= 0xDC00 && unit <= 0xDFFF; };

    std::string repaired;
    repaired.reserve(text.size());
    bool inString = false;
    for (size_t at = 0; at < text.size(); ++at) {
        const char c = text[at];
        if (!inString) {
            inString = c == '"';
            repaired += c;
            continue;
        }
        if (c == '"') {
            inString = false;
        } else if (c == '\\' && at + 1 < text.size()) {
            const int unit = codeUnitAt(at);
            if (isHigh(unit) && isLow(codeUnitAt(at + 6))) {
                repaired.append(text.substr(at, 12));
                at += 11;
            } else if (isHigh(unit) || isLow(unit)) {
                repaired += "\\ufffd";
                ++repairs;
                at += 5;
            } else {
                repaired.append(text.substr(at, 2));
                ++at;
            }
            continue;
        }
        repaired += c;
    }
    return repaired;
}

/// Parses the body; values nested deeper than the limit are left out (and `dropped` says
/// so), so that nothing later recurses through them.
json parseBody(std::string_view body, bool &dropped)
{
    if (jsonNestingDepth(body) <= kMaxJsonNesting)
        return parseJsonText(body);
    dropped = true;
    const json::parser_callback_t withinLimit = [](int depth, json::parse_event_t, json &) {
        return depth <= kMaxJsonNesting;
    };
    return json::parse(body, withinLimit, false);
}

OtlpDecodeResult decodeJson(std::string_view body)
{
    OtlpDecodeResult result;

    // The strict parse is the common case; a body it refuses for broken text (invalid
    // UTF-8, a lone surrogate) is repaired and read again, and its spans say so.
    bool dropped = false;
    json document = parseBody(body, dropped);
    int repairs = 0;
    if (document.is_discarded()) {
        bool utf8Repaired = false;
        const std::string repaired = withLoneSurrogatesReplaced(validUtf8(body, &utf8Repaired), repairs);
        repairs += utf8Repaired ? 1 : 0;
        document = parseBody(repaired, dropped);
    }
    if (document.is_discarded() || !document.is_object()) {
        result.error = "the body is not a JSON object";
        return result;
    }

    const json *resourceSpansList = member(document, "resourceSpans", "resource_spans");
    if (resourceSpansList && !resourceSpansList->is_array()) {
        result.error = "resourceSpans is not an array";
        return result;
    }
    result.decoded = true;
    if (!resourceSpansList)
        return result;

    for (const auto &resourceSpans : *resourceSpansList) {
        ResourceContext resource;
        if (repairs > 0)
            resource.warnings.push_back(
                "broken text in the request (invalid UTF-8 or a lone surrogate) was replaced by U+FFFD");
        if (dropped)
            resource.warnings.push_back("values nested deeper than " + std::to_string(kMaxJsonNesting)
                                        + " levels in the request were left out");
        const json *resourceObject = member(resourceSpans, "resource", "resource");
        const json attributes = jsonAttributes(
            resourceObject ? member(*resourceObject, "attributes", "attributes") : nullptr, resource.warnings);
        resource.json = std::make_shared<const std::string>(attributes.dump());
        resource.serviceName = serviceNameOf(attributes);

        const json *scopeSpansList = member(resourceSpans, "scopeSpans", "scope_spans");
        if (!scopeSpansList || !scopeSpansList->is_array())
            continue;
        for (const auto &scopeSpans : *scopeSpansList) {
            const json *scope = member(scopeSpans, "scope", "scope");
            const std::string scopeName = scope ? jsonText(member(*scope, "name", "name")) : std::string();
            const json *spans = member(scopeSpans, "spans", "spans");
            if (!spans || !spans->is_array())
                continue;

            for (const auto &wireSpan : *spans) {
                try {
                    admit(result, jsonSpan(wireSpan), resource, scopeName);
                } catch (const BadSpan &bad) {
                    reject(result, bad.reason);
                } catch (const json::exception &error) {
                    reject(result, std::string("a span could not be read: ") + error.what());
                }
            }
        }
    }
    return result;
}

} // namespace

OtlpDecodeResult decodeOtlpTraces(std::string_view body, OtlpEncoding encoding)
{
    try {
        return encoding == OtlpEncoding::Protobuf ? decodeProtobuf(body) : decodeJson(body);
    } catch (const std::exception &error) {
        // Out of memory or a library failure: the request as a whole is refused.
        OtlpDecodeResult result;
        result.error = std::string("the request could not be read: ") + error.what();
        return result;
    }
}

json parseBoundedJson(std::string_view text)
{
    if (jsonNestingDepth(text) > kMaxJsonNesting)
        return json(json::value_t::discarded);
    return parseJsonText(text);
}

std::string hexId(std::string_view rawId)
{
    return QByteArray(rawId.data(), qsizetype(rawId.size())).toHex().toStdString();
}

std::string validUtf8(std::string_view text, bool *repaired)
{
    const QByteArrayView bytes(text.data(), qsizetype(text.size()));
    const bool valid = bytes.isValidUtf8();
    if (repaired)
        *repaired = !valid;
    if (valid)
        return std::string(text);
    // Qt's decoder puts one U+FFFD in place of each byte that starts no valid sequence.
    return QString::fromUtf8(bytes).toStdString();
}

} // namespace llmops
