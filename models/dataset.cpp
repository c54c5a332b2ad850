// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "dataset.h"

#include "jsonnesting.h"

#include <QRegularExpression>
#include <QStringDecoder>

#include <csv.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <set>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

using Json = nlohmann::ordered_json;

constexpr QByteArrayView kByteOrderMark("\xEF\xBB\xBF");

QByteArrayView withoutByteOrderMark(QByteArrayView bytes)
{
    return bytes.startsWith(kByteOrderMark) ? bytes.sliced(kByteOrderMark.size()) : bytes;
}

std::optional<Json> parseJson(QByteArrayView text, QString *problem)
{
    if (jsonNestingDepth(std::string_view(text.data(), size_t(text.size()))) > kMaxJsonNesting) {
        *problem = u"nests deeper than %1 levels"_s.arg(kMaxJsonNesting);
        return std::nullopt;
    }
    try {
        return Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error &error) {
        // nlohmann's message counts lines within the text; the caller names the file's line.
        static const QRegularExpression position(u"^.*parse error at line \\d+, column"_s);
        *problem = QString::fromUtf8(error.what()).replace(position, u"not JSON: parse error at column"_s);
        return std::nullopt;
    }
}

/// A field's value as text: strings as they are, numbers and booleans as JSON writes them.
std::optional<QString> textOf(const Json &value)
{
    if (value.is_string())
        return QString::fromStdString(value.get<std::string>());
    if (value.is_number() || value.is_boolean())
        return QString::fromStdString(value.dump());
    return std::nullopt;
}

bool readVariables(const Json &object, std::vector<PromptVariable> &into, QString *problem)
{
    for (const auto &[name, value] : object.items()) {
        const auto text = textOf(value);
        if (!text) {
            *problem = u"the input \"%1\" must be text or a number"_s.arg(QString::fromStdString(name));
            return false;
        }
        into.push_back({QString::fromStdString(name), *text});
    }
    return true;
}

bool readMessages(const Json &array, std::vector<ChatMessage> &into, QString *problem)
{
    if (!array.is_array()) {
        *problem = u"\"messages\" must be an array of {\"role\", \"content\"}"_s;
        return false;
    }
    for (std::size_t i = 0; i < array.size(); ++i) {
        const Json &message = array[i];
        const bool wellFormed = message.is_object() && message.contains("role") && message["role"].is_string()
            && message.contains("content") && message["content"].is_string();
        if (!wellFormed) {
            *problem = u"messages[%1] must be an object with a text \"role\" and \"content\""_s.arg(i);
            return false;
        }
        const std::string role = message["role"].get<std::string>();
        if (role != "system" && role != "user" && role != "assistant" && role != "tool") {
            *problem = u"messages[%1]: \"%2\" is not a role (system, user, assistant or tool)"_s.arg(i).arg(
                QString::fromStdString(role));
            return false;
        }
        into.push_back({QString::fromStdString(role), QString::fromStdString(message["content"].get<std::string>())});
    }
    return true;
}

const char *firstPresent(const Json &object, std::initializer_list<const char *> keys)
{
    for (const char *key : keys) {
        if (object.contains(key) && !object[key].is_null())
            return key;
    }
    return nullptr;
}

/// One JSONL record, or nothing and a problem.
std::optional<DatasetItem> itemOf(const Json &object, QString *problem)
{
    if (!object.is_object()) {
        *problem = u"an item must be a JSON object"_s;
        return std::nullopt;
    }
    DatasetItem item;
    std::set<std::string> known;
    if (object.contains("id")) {
        known.insert("id");
        const auto key = textOf(object["id"]);
        if (!key) {
            *problem = u"\"id\" must be text or a number"_s;
            return std::nullopt;
        }
        item.key = *key;
    }

    if (const char *key = firstPresent(object, {"input", "inputs", "vars", "variables"})) {
        known.insert(key);
        const Json &input = object[key];
        if (const auto text = textOf(input); text && std::string_view(key) == "input")
            item.inputs.push_back({u"input"_s, *text});
        else if (!input.is_object() || !readVariables(input, item.inputs, problem)) {
            if (problem->isEmpty())
                *problem = u"\"%1\" must be text or an object of variables"_s.arg(QLatin1StringView(key));
            return std::nullopt;
        }
    }
    if (object.contains("messages")) {
        known.insert("messages");
        if (!readMessages(object["messages"], item.messages, problem))
            return std::nullopt;
    }
    if (item.inputs.empty() && item.messages.empty()) {
        *problem = u"an item needs \"input\" (or \"inputs\", \"vars\") or \"messages\""_s;
        return std::nullopt;
    }

    if (const char *key = firstPresent(object, {"expected", "expected_output", "ideal"})) {
        known.insert(key);
        item.expected = textOf(object[key]);
        if (!item.expected)
            item.expected = QString::fromStdString(object[key].dump());
    }

    // Whatever else the item says is kept with it.
    Json metadata = Json::object();
    if (const char *key = firstPresent(object, {"metadata", "meta"})) {
        known.insert(key);
        if (!object[key].is_object()) {
            *problem = u"\"%1\" must be an object"_s.arg(QLatin1StringView(key));
            return std::nullopt;
        }
        metadata = object[key];
    }
    for (const auto &[name, value] : object.items()) {
        if (!known.contains(name) && !metadata.contains(name))
            metadata[name] = value;
    }
    item.metadataJson = QString::fromStdString(metadata.dump());
    return item;
}

} // namespace

DatasetReadResult readJsonlDataset(QByteArrayView bytes)
{
    DatasetReadResult result;
    const QByteArrayView text = withoutByteOrderMark(bytes);
    qint64 lineNumber = 0;
    for (qsizetype start = 0; start < text.size();) {
        const qsizetype end = text.indexOf('\n', start);
        QByteArrayView line = text.sliced(start, (end < 0 ? text.size() : end) - start);
        start = end < 0 ? text.size() : end + 1;
        ++lineNumber;

        line = line.trimmed();
        if (line.isEmpty())
            continue;
        QString problem;
        const auto json = parseJson(line, &problem);
        auto item = json ? itemOf(*json, &problem) : std::nullopt;
        if (item)
            result.items.push_back(std::move(*item));
        else
            result.problems.push_back({lineNumber, u"line %1: %2"_s.arg(lineNumber).arg(problem)});
    }
    return result;
}

namespace {

/// Collects libcsv's fields and records, and the line each record starts on: the text is
/// fed a line at a time, so the line being fed when a record ends is known.
struct CsvCollector {
    std::vector<std::vector<QString>> records;
    std::vector<qint64> recordLines;
    std::vector<QString> fields;
    std::vector<bool> recordBadEncoding;
    bool badEncoding = false;
    qint64 feedingLine = 0;
    qint64 recordStartLine = 1;

    static void onField(void *data, size_t length, void *self)
    {
        auto *collector = static_cast<CsvCollector *>(self);
        // Bytes that are no UTF-8 would become U+FFFD silently; the record is refused instead,
        // as a JSON Lines file's would be.
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        collector->fields.push_back(decoder(QByteArrayView(static_cast<const char *>(data), qsizetype(length))));
        if (decoder.hasError())
            collector->badEncoding = true;
    }

    static void onRecordEnd(int, void *self)
    {
        auto *collector = static_cast<CsvCollector *>(self);
        collector->records.push_back(std::move(collector->fields));
        collector->recordLines.push_back(collector->recordStartLine);
        collector->recordBadEncoding.push_back(collector->badEncoding);
        collector->badEncoding = false;
        collector->fields.clear();
        collector->recordStartLine = collector->feedingLine + 1;
    }
};

/// RFC 4180 keeps spaces around fields; libcsv trims them unless told that nothing is space.
int noSpace(unsigned char)
{
    return 0;
}

std::optional<DatasetItem> csvItem(const std::vector<QString> &header, const std::vector<QString> &fields,
                                   QString *problem)
{
    DatasetItem item;
    Json metadata = Json::object();
    for (std::size_t column = 0; column < header.size(); ++column) {
        const QString &name = header[column];
        const QString &value = fields[column];
        if (name == "id"_L1) {
            item.key = value;
        } else if (name == "expected"_L1) {
            if (!value.isEmpty())
                item.expected = value;
        } else if (name == "messages"_L1) {
            if (value.isEmpty())
                continue;
            const auto json = parseJson(value.toUtf8(), problem);
            if (!json || !readMessages(*json, item.messages, problem))
                return std::nullopt;
        } else if (name == "metadata"_L1) {
            if (value.isEmpty())
                continue;
            const auto json = parseJson(value.toUtf8(), problem);
            if (!json || !json->is_object()) {
                if (json)
                    *problem = u"\"metadata\" must be a JSON object"_s;
                return std::nullopt;
            }
            metadata = *json;
        } else {
            item.inputs.push_back({name, value});
        }
    }
    item.metadataJson = QString::fromStdString(metadata.dump());
    return item;
}

} // namespace

DatasetReadResult readCsvDataset(QByteArrayView bytes)
{
    DatasetReadResult result;
    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        result.problems.push_back({0, u"The CSV reader could not start."_s});
        return result;
    }
    csv_set_space_func(&parser, noSpace);

    CsvCollector collector;
    const QByteArrayView text = withoutByteOrderMark(bytes);
    bool failed = false;
    for (qsizetype start = 0; start < text.size() && !failed;) {
        const qsizetype end = text.indexOf('\n', start);
        const qsizetype stop = end < 0 ? text.size() : end + 1;
        ++collector.feedingLine;
        const size_t length = size_t(stop - start);
        failed = csv_parse(&parser, text.data() + start, length, &CsvCollector::onField, &CsvCollector::onRecordEnd,
                           &collector)
            != length;
        start = stop;
    }
    if (!failed)
        failed = csv_fini(&parser, &CsvCollector::onField, &CsvCollector::onRecordEnd, &collector) != 0;
    if (failed) {
        // A quote that never closes leaves the rest of the file unreadable as records.
        result.problems.push_back({collector.recordStartLine,
                                   u"line %1: %2 (the file is read up to here)"_s.arg(collector.recordStartLine)
                                       .arg(QString::fromUtf8(csv_strerror(csv_error(&parser))))});
    }
    csv_free(&parser);

    if (collector.records.empty())
        return result;
    const std::vector<QString> header = collector.records.front();
    for (std::size_t i = 1; i < collector.records.size(); ++i) {
        const auto &fields = collector.records[i];
        const qint64 line = collector.recordLines[i];
        if (collector.recordBadEncoding[i]) {
            result.problems.push_back({line, u"line %1: not UTF-8 text"_s.arg(line)});
            continue;
        }
        if (fields.size() == 1 && fields.front().trimmed().isEmpty())
            continue;
        QString problem;
        if (fields.size() != header.size()) {
            problem = u"%1 fields where the header has %2"_s.arg(fields.size()).arg(header.size());
        } else if (auto item = csvItem(header, fields, &problem)) {
            result.items.push_back(std::move(*item));
            continue;
        }
        result.problems.push_back({line, u"line %1: %2"_s.arg(line).arg(problem)});
    }
    return result;
}

QByteArray writeJsonlDataset(const std::vector<DatasetItem> &items)
{
    QByteArray out;
    for (const auto &item : items) {
        Json json = Json::object();
        if (!item.key.isEmpty())
            json["id"] = item.key.toStdString();
        if (!item.inputs.empty()) {
            json["inputs"] = Json::object();
            for (const auto &input : item.inputs)
                json["inputs"][input.name.toStdString()] = input.value.toStdString();
        }
        if (!item.messages.empty()) {
            json["messages"] = Json::array();
            for (const auto &message : item.messages)
                json["messages"].push_back(
                    {{"role", message.role.toStdString()}, {"content", message.content.toStdString()}});
        }
        if (item.expected)
            json["expected"] = item.expected->toStdString();
        const Json metadata = Json::parse(item.metadataJson.toStdString(), nullptr, false);
        if (metadata.is_object() && !metadata.empty())
            json["metadata"] = metadata;
        out += QByteArray::fromStdString(json.dump()) + '\n';
    }
    return out;
}

namespace {

QByteArray csvField(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    QByteArray quoted(qsizetype(utf8.size() * 2 + 2), '\0');
    const size_t written = csv_write(quoted.data(), size_t(quoted.size()), utf8.constData(), size_t(utf8.size()));
    quoted.truncate(qsizetype(written));
    return quoted;
}

} // namespace

QString csvExportProblem(const std::vector<DatasetItem> &items)
{
    static const QStringList fields = {u"id"_s, u"expected"_s, u"messages"_s, u"metadata"_s};
    for (std::size_t position = 0; position < items.size(); ++position) {
        for (const PromptVariable &variable : items[position].inputs) {
            if (fields.contains(variable.name)) {
                const QString item = items[position].key.isEmpty() ? u"%1"_s.arg(position + 1) : items[position].key;
                return u"item %1 has a variable named \"%2\", which CSV keeps for its own field; export it as JSONL."_s
                    .arg(item, variable.name);
            }
        }
    }
    return {};
}

QByteArray writeCsvDataset(const std::vector<DatasetItem> &items)
{
    QStringList variables;
    for (const auto &item : items) {
        for (const auto &input : item.inputs) {
            if (!variables.contains(input.name))
                variables.append(input.name);
        }
    }

    QStringList header = {u"id"_s};
    header += variables;
    header += {u"expected"_s, u"messages"_s, u"metadata"_s};
    QList<QByteArray> fields;
    for (const QString &name : header)
        fields.append(csvField(name));
    QByteArray out = fields.join(',') + "\r\n";

    for (const auto &item : items) {
        fields.clear();
        fields.append(csvField(item.key));
        for (const QString &name : variables) {
            const auto input = std::find_if(item.inputs.begin(), item.inputs.end(),
                                            [&](const PromptVariable &candidate) { return candidate.name == name; });
            fields.append(csvField(input == item.inputs.end() ? QString() : input->value));
        }
        fields.append(csvField(item.expected.value_or(QString())));
        Json messages = Json::array();
        for (const auto &message : item.messages)
            messages.push_back({{"role", message.role.toStdString()}, {"content", message.content.toStdString()}});
        fields.append(csvField(item.messages.empty() ? QString() : QString::fromStdString(messages.dump())));
        fields.append(csvField(item.metadataJson == "{}"_L1 ? QString() : item.metadataJson));
        out += fields.join(',') + "\r\n";
    }
    return out;
}

} // namespace llmops
