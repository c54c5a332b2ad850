// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "prompt.h"

#include "endpoint.h"

#include <QRegularExpression>

#include <nlohmann/json.hpp>

#include <cmath>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression pattern(u"\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*\\}\\}"_s);
    return pattern;
}

std::string utf8(const QString &text)
{
    return text.toStdString();
}

QString fromUtf8(const nlohmann::ordered_json &value)
{
    return QString::fromStdString(value.get<std::string>());
}

/// JSON text kept in a parameter (a schema, tools) goes into the export as JSON itself, so
/// that it reads as part of the document; text that is no JSON stays a string.
nlohmann::ordered_json embeddedJson(const QString &text)
{
    auto parsed = nlohmann::ordered_json::parse(utf8(text), nullptr, false);
    return parsed.is_discarded() ? nlohmann::ordered_json(utf8(text)) : parsed;
}

QString embeddedJsonText(const nlohmann::ordered_json &value)
{
    return value.is_string() ? fromUtf8(value) : QString::fromStdString(value.dump(2));
}

bool isKnownRole(const QString &role)
{
    return role == "system"_L1 || role == "user"_L1 || role == "assistant"_L1 || role == "tool"_L1;
}

std::optional<std::vector<ChatMessage>> messagesFromJson(const nlohmann::ordered_json &json, QString *problem)
{
    if (!json.is_array()) {
        *problem = u"\"messages\" must be an array of {\"role\", \"content\"} objects."_s;
        return std::nullopt;
    }
    std::vector<ChatMessage> messages;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const auto &message = json[i];
        const bool wellFormed = message.is_object() && message.contains("role") && message["role"].is_string()
            && message.contains("content") && message["content"].is_string();
        if (!wellFormed) {
            *problem = u"messages[%1] must be an object with a text \"role\" and \"content\"."_s.arg(i);
            return std::nullopt;
        }
        ChatMessage parsed{fromUtf8(message["role"]), fromUtf8(message["content"])};
        if (!isKnownRole(parsed.role)) {
            *problem = u"messages[%1] has the role \"%2\"; use system, user, assistant or tool."_s.arg(i).arg(
                parsed.role);
            return std::nullopt;
        }
        messages.push_back(std::move(parsed));
    }
    return messages;
}

std::optional<std::vector<PromptVariable>> variablesFromJson(const nlohmann::ordered_json &json, QString *problem)
{
    if (!json.is_object()) {
        *problem = u"\"variables\" must be an object of names and text values."_s;
        return std::nullopt;
    }
    std::vector<PromptVariable> variables;
    for (const auto &[name, value] : json.items()) {
        if (!value.is_string()) {
            *problem = u"The variable \"%1\" must have a text value."_s.arg(QString::fromStdString(name));
            return std::nullopt;
        }
        variables.push_back({QString::fromStdString(name), fromUtf8(value)});
    }
    return variables;
}

} // namespace

QString responseFormatKey(ResponseFormat format)
{
    switch (format) {
    case ResponseFormat::Text:
        return u"text"_s;
    case ResponseFormat::JsonObject:
        return u"json_object"_s;
    case ResponseFormat::JsonSchema:
        return u"json_schema"_s;
    }
    return u"text"_s;
}

std::optional<ResponseFormat> responseFormatFromKey(const QString &key)
{
    for (const auto format : {ResponseFormat::Text, ResponseFormat::JsonObject, ResponseFormat::JsonSchema}) {
        if (responseFormatKey(format) == key)
            return format;
    }
    return std::nullopt;
}

std::optional<PromptReference> PromptReference::parse(const QString &text)
{
    const qsizetype at = text.indexOf(u'@');
    PromptReference reference;
    reference.name = at < 0 ? text : text.first(at);
    if (!isValidPromptName(reference.name))
        return std::nullopt;
    if (at < 0)
        return reference;

    const QString selector = text.sliced(at + 1);
    bool isNumber = false;
    const int version = selector.toInt(&isNumber);
    if (isNumber && version >= 1)
        reference.version = version;
    else if (isValidPromptLabel(selector))
        reference.label = selector;
    else
        return std::nullopt;
    return reference;
}

QString PromptReference::toString() const
{
    if (version)
        return name % u'@' % QString::number(*version);
    if (!label.isEmpty())
        return name % u'@' % label;
    return name;
}

bool isValidPromptName(const QString &name)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9_.\\-]{1,64}$"_s);
    return pattern.match(name).hasMatch();
}

bool isValidPromptLabel(const QString &label)
{
    return isValidPromptName(label) && !label.front().isDigit();
}

QStringList placeholdersOf(const std::vector<ChatMessage> &messages)
{
    QStringList names;
    for (const auto &message : messages) {
        auto matches = placeholderPattern().globalMatch(message.content);
        while (matches.hasNext()) {
            const QString name = matches.next().captured(1);
            if (!names.contains(name))
                names.append(name);
        }
    }
    return names;
}

RenderedMessages renderMessages(const std::vector<ChatMessage> &messages, const std::vector<PromptVariable> &variables)
{
    RenderedMessages rendered;
    for (const auto &message : messages) {
        QString text;
        qsizetype copiedUpTo = 0;
        auto matches = placeholderPattern().globalMatch(message.content);
        while (matches.hasNext()) {
            const auto match = matches.next();
            const QString name = match.captured(1);
            const auto variable = std::find_if(variables.begin(), variables.end(),
                                               [&](const PromptVariable &candidate) { return candidate.name == name; });

            text += QStringView(message.content).sliced(copiedUpTo, match.capturedStart() - copiedUpTo);
            if (variable != variables.end() && !variable->value.isEmpty()) {
                text += variable->value;
            } else {
                text += match.captured(0);
                if (!rendered.missing.contains(name))
                    rendered.missing.append(name);
            }
            copiedUpTo = match.capturedEnd();
        }
        text += QStringView(message.content).sliced(copiedUpTo);
        rendered.messages.push_back({message.role, text});
    }
    return rendered;
}

nlohmann::ordered_json chatParametersToJson(const ChatParameters &parameters)
{
    nlohmann::ordered_json json = nlohmann::ordered_json::object();
    if (parameters.temperature)
        json["temperature"] = *parameters.temperature;
    if (parameters.topP)
        json["top_p"] = *parameters.topP;
    if (parameters.maxTokens)
        json["max_tokens"] = *parameters.maxTokens;
    if (!parameters.stopSequences.isEmpty()) {
        json["stop"] = nlohmann::ordered_json::array();
        for (const auto &stop : parameters.stopSequences)
            json["stop"].push_back(utf8(stop));
    }
    if (parameters.seed)
        json["seed"] = *parameters.seed;
    if (parameters.responseFormat != ResponseFormat::Text)
        json["response_format"] = utf8(responseFormatKey(parameters.responseFormat));
    if (!parameters.jsonSchema.trimmed().isEmpty())
        json["json_schema"] = embeddedJson(parameters.jsonSchema);
    if (!parameters.toolsJson.trimmed().isEmpty())
        json["tools"] = embeddedJson(parameters.toolsJson);
    return json;
}

nlohmann::ordered_json promptContentToJson(const PromptContent &content)
{
    nlohmann::ordered_json json;
    json["messages"] = nlohmann::ordered_json::array();
    for (const auto &message : content.messages)
        json["messages"].push_back({{"role", utf8(message.role)}, {"content", utf8(message.content)}});
    json["variables"] = nlohmann::ordered_json::object();
    for (const auto &variable : content.variables)
        json["variables"][utf8(variable.name)] = utf8(variable.value);
    json["parameters"] = chatParametersToJson(content.parameters);
    if (!content.defaultEndpoint.isEmpty())
        json["default_endpoint"] = utf8(content.defaultEndpoint);
    return json;
}

std::optional<ChatParameters> chatParametersFromJson(const nlohmann::ordered_json &json, QString *problem)
{
    if (!json.is_object()) {
        *problem = u"\"parameters\" must be an object."_s;
        return std::nullopt;
    }
    ChatParameters parameters;
    // The ranges every API accepts: a value outside them only earns an HTTP 400 later.
    auto numberField = [&](const char *key, double maximum, std::optional<double> &into) {
        if (!json.contains(key) || json[key].is_null())
            return true;
        const double value = json[key].is_number() ? json[key].get<double>() : -1.0;
        if (!std::isfinite(value) || value < 0 || value > maximum) {
            *problem = u"\"%1\" must be a number from 0 to %2."_s.arg(QLatin1StringView(key)).arg(maximum);
            return false;
        }
        into = value;
        return true;
    };
    if (!numberField("temperature", kMaxTemperature, parameters.temperature)
        || !numberField("top_p", 1.0, parameters.topP))
        return std::nullopt;

    if (json.contains("max_tokens") && !json["max_tokens"].is_null()) {
        const auto &value = json["max_tokens"];
        if (!value.is_number_integer() || value.get<qint64>() < 1 || value.get<qint64>() > kMaxTokens) {
            *problem = u"\"max_tokens\" must be a whole number from 1 to %1."_s.arg(kMaxTokens);
            return std::nullopt;
        }
        parameters.maxTokens = value.get<int>();
    }
    if (json.contains("seed") && !json["seed"].is_null()) {
        if (!json["seed"].is_number_integer()) {
            *problem = u"\"seed\" must be a whole number."_s;
            return std::nullopt;
        }
        parameters.seed = json["seed"].get<qint64>();
    }

    if (json.contains("stop") && !json["stop"].is_null()) {
        const auto &stop = json["stop"];
        const bool allText = stop.is_array()
            && std::all_of(stop.begin(), stop.end(), [](const auto &item) { return item.is_string(); });
        if (!stop.is_string() && !allText) {
            *problem = u"\"stop\" must be a text or an array of texts."_s;
            return std::nullopt;
        }
        if (stop.is_string())
            parameters.stopSequences.append(fromUtf8(stop));
        else
            for (const auto &item : stop)
                parameters.stopSequences.append(fromUtf8(item));
    }

    if (json.contains("response_format") && !json["response_format"].is_null()) {
        const auto format = json["response_format"].is_string()
            ? responseFormatFromKey(fromUtf8(json["response_format"]))
            : std::nullopt;
        if (!format) {
            *problem = u"\"response_format\" must be text, json_object or json_schema."_s;
            return std::nullopt;
        }
        parameters.responseFormat = *format;
    }
    // Tools and a schema are sent as JSON; what no request could carry is refused here.
    if (json.contains("json_schema") && !json["json_schema"].is_null()) {
        if (!json["json_schema"].is_object()) {
            *problem = u"\"json_schema\" must be a JSON object."_s;
            return std::nullopt;
        }
        parameters.jsonSchema = embeddedJsonText(json["json_schema"]);
    }
    if (parameters.responseFormat == ResponseFormat::JsonSchema && parameters.jsonSchema.isEmpty()) {
        *problem = u"\"response_format\" json_schema needs a \"json_schema\" object."_s;
        return std::nullopt;
    }
    if (json.contains("tools") && !json["tools"].is_null()) {
        const auto &tools = json["tools"];
        const bool allObjects = tools.is_array()
            && std::all_of(tools.begin(), tools.end(), [](const auto &tool) { return tool.is_object(); });
        if (!allObjects) {
            *problem = u"\"tools\" must be an array of tool definitions (objects)."_s;
            return std::nullopt;
        }
        if (!tools.empty())
            parameters.toolsJson = embeddedJsonText(tools);
    }
    return parameters;
}

std::optional<PromptContent> promptContentFromJson(const nlohmann::ordered_json &json, QString *problem)
{
    if (!json.is_object() || !json.contains("messages")) {
        *problem = u"A prompt must be an object with \"messages\"."_s;
        return std::nullopt;
    }
    PromptContent content;
    auto messages = messagesFromJson(json["messages"], problem);
    if (!messages)
        return std::nullopt;
    content.messages = std::move(*messages);
    qsizetype textSize = 0;
    for (const auto &message : content.messages)
        textSize += message.content.size();
    if (textSize > kMaxPromptTextLength) {
        *problem = u"The messages hold %1 characters; a prompt may hold at most %2."_s.arg(textSize).arg(
            kMaxPromptTextLength);
        return std::nullopt;
    }

    if (json.contains("variables") && !json["variables"].is_null()) {
        auto variables = variablesFromJson(json["variables"], problem);
        if (!variables)
            return std::nullopt;
        content.variables = std::move(*variables);
    }
    if (json.contains("parameters") && !json["parameters"].is_null()) {
        auto parameters = chatParametersFromJson(json["parameters"], problem);
        if (!parameters)
            return std::nullopt;
        content.parameters = std::move(*parameters);
    }
    if (json.contains("default_endpoint") && !json["default_endpoint"].is_null()) {
        if (!json["default_endpoint"].is_string()) {
            *problem = u"\"default_endpoint\" must be an endpoint's name."_s;
            return std::nullopt;
        }
        content.defaultEndpoint = fromUtf8(json["default_endpoint"]);
    }
    return content;
}

std::optional<PromptContent> canonicalPromptContent(const PromptContent &content, QString *problem)
{
    return promptContentFromJson(promptContentToJson(content), problem);
}

} // namespace llmops
