// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <optional>
#include <vector>

namespace llmops {

/// One turn of a conversation, as the OpenAI chat API names roles: system, user, assistant
/// (and tool for a tool's result).
struct ChatMessage {
    QString role;
    QString content;

    bool operator==(const ChatMessage &other) const = default;
};

/// What shape the answer must take.
enum class ResponseFormat {
    Text,
    JsonObject, ///< any JSON object (`response_format: {"type": "json_object"}`)
    JsonSchema, ///< JSON matching `ChatParameters::jsonSchema`
};

QString responseFormatKey(ResponseFormat format);
std::optional<ResponseFormat> responseFormatFromKey(const QString &key);

/// The highest temperature the chat APIs accept (OpenAI's; most servers take the same).
inline constexpr double kMaxTemperature = 2.0;
/// The most characters a prompt's messages may hold together: more than any context window
/// takes, and what the editors can still lay out.
inline constexpr qsizetype kMaxPromptTextLength = 1024 * 1024;

/// Sampling and output parameters of a chat request. Absent values are left to the server.
struct ChatParameters {
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> maxTokens;
    QStringList stopSequences;
    std::optional<qint64> seed;
    ResponseFormat responseFormat = ResponseFormat::Text;
    /// JSON text of the schema the answer must match, for ResponseFormat::JsonSchema.
    QString jsonSchema;
    /// JSON text of the tools the model may call, as an array in OpenAI's shape
    /// ([{"type": "function", "function": {"name", "description", "parameters"}}]); empty
    /// for none.
    QString toolsJson;

    bool operator==(const ChatParameters &other) const = default;
};

/// A `{{name}}` placeholder's value. Variables keep the order the user gave them.
struct PromptVariable {
    QString name;
    QString value;

    bool operator==(const PromptVariable &other) const = default;
};

/// What a prompt is: its messages with placeholders, its variables with example values,
/// its parameters and the endpoint it is usually run on (by name; empty for none).
struct PromptContent {
    std::vector<ChatMessage> messages;
    std::vector<PromptVariable> variables;
    ChatParameters parameters;
    QString defaultEndpoint;

    bool operator==(const PromptContent &other) const = default;
};

/// One immutable version of a named prompt in the library.
struct PromptVersion {
    qint64 id = 0;
    QString name;
    /// 1 for the first version saved, counting up.
    int version = 0;
    PromptContent content;
    QString commitMessage;
    QString author;
    qint64 createdAtMs = 0;
    /// The labels (`production`, `staging`, ...) that point at this version now, sorted.
    QStringList labels;

    bool operator==(const PromptVersion &other) const = default;
};

/// A prompt of the library as its list shows it.
struct PromptSummary {
    QString name;
    int latestVersion = 0;
    int versionCount = 0;
    /// Each label and the version number it points at.
    std::map<QString, int> labels;
    /// When its newest version was saved or one of its labels last moved.
    qint64 updatedAtMs = 0;
    QString latestCommitMessage;

    bool operator==(const PromptSummary &other) const = default;
};

/// How a prompt is asked for: `name` (its latest version), `name@3` or `name@production`.
struct PromptReference {
    QString name;
    std::optional<int> version;
    QString label;

    /// Nothing when the text is no reference: an empty name, or an empty part after `@`.
    static std::optional<PromptReference> parse(const QString &text);
    QString toString() const;
};

/// A name the library accepts for a prompt or a label: 1 to 64 letters, digits, and `-_.`
/// (no `@`, which separates a name from its version).
bool isValidPromptName(const QString &name);
/// A label is a valid name that does not start with a digit, which `name@3` keeps for
/// version numbers.
bool isValidPromptLabel(const QString &label);

/// The placeholders the messages use, each once, in the order they first appear.
/// A placeholder is `{{name}}`, spaces inside the braces allowed; a name starts with a
/// letter or `_` and goes on with letters, digits, `_`, `.` and `-`.
QStringList placeholdersOf(const std::vector<ChatMessage> &messages);

/// The messages with each placeholder replaced by its variable's value. A placeholder
/// without a variable, or whose variable is empty (an untouched cell of the variables
/// table, an example value never given), stays as written and is listed in `missing`.
struct RenderedMessages {
    std::vector<ChatMessage> messages;
    QStringList missing;
};
RenderedMessages renderMessages(const std::vector<ChatMessage> &messages, const std::vector<PromptVariable> &variables);

/// JSON forms, as the library stores and exports them:
/// messages [{"role", "content"}], variables {"name": "value"} (an object keeps their order
/// here), parameters {"temperature", "top_p", "max_tokens", "stop", "seed", "response_format",
/// "json_schema", "tools"} with absent values left out, and content
/// {"messages", "variables", "parameters", "default_endpoint"}.
nlohmann::ordered_json chatParametersToJson(const ChatParameters &parameters);
nlohmann::ordered_json promptContentToJson(const PromptContent &content);

/// Reads what promptContentToJson() wrote. A problem names the field it is about; nothing
/// is returned then.
std::optional<ChatParameters> chatParametersFromJson(const nlohmann::ordered_json &json, QString *problem);
std::optional<PromptContent> promptContentFromJson(const nlohmann::ordered_json &json, QString *problem);
/// The content as its JSON form reads back (JSON kept in parameters laid out one way): the
/// form the library stores, returns and compares. Nothing, with the problem, when the
/// content would not read back (an unknown role, max_tokens out of range).
std::optional<PromptContent> canonicalPromptContent(const PromptContent &content, QString *problem);

} // namespace llmops
