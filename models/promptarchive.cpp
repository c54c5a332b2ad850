// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "promptarchive.h"

#include "store.h"

#include <QDateTime>

#include <nlohmann/json.hpp>

#include <set>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

using Json = nlohmann::ordered_json;
using Kind = PromptImportProblem::Kind;

/// A prompt as the file gives it, with the problems found reading it.
struct ArchivedPrompt {
    QString name;
    std::vector<PromptVersion> versions;
    std::map<QString, int> labels;
    std::vector<PromptImportProblem> problems;

    void addProblem(Kind kind, const QString &position, const QString &message)
    {
        problems.push_back({kind, position, message});
    }
};

QString textOf(const Json &value)
{
    return QString::fromStdString(value.get<std::string>());
}

/// An optional text field; false (with a problem) when it is there but no text.
bool readText(const Json &object, const char *key, QString &into, ArchivedPrompt &prompt, const QString &position)
{
    if (!object.contains(key) || object[key].is_null())
        return true;
    if (!object[key].is_string()) {
        prompt.addProblem(Kind::BadVersion, position, u"\"%1\" must be a text."_s.arg(QLatin1StringView(key)));
        return false;
    }
    into = textOf(object[key]);
    return true;
}

std::optional<PromptVersion> readVersion(const Json &json, const QString &position, ArchivedPrompt &prompt)
{
    if (!json.is_object()) {
        prompt.addProblem(Kind::BadVersion, position, u"A version must be an object."_s);
        return std::nullopt;
    }
    PromptVersion version;
    version.name = prompt.name;
    if (!json.contains("version") || !json["version"].is_number_integer() || json["version"].get<qint64>() < 1
        || json["version"].get<qint64>() > std::numeric_limits<int>::max()) {
        prompt.addProblem(Kind::BadVersion, position, u"\"version\" must be a whole number from 1."_s);
        return std::nullopt;
    }
    version.version = json["version"].get<int>();

    QString problem;
    auto content = promptContentFromJson(json, &problem);
    if (content && content->messages.empty())
        problem = u"A version needs at least one message."_s;
    if (!content || content->messages.empty()) {
        prompt.addProblem(Kind::BadVersion, position, problem);
        return std::nullopt;
    }
    version.content = std::move(*content);

    if (!readText(json, "commit_message", version.commitMessage, prompt, position)
        || !readText(json, "author", version.author, prompt, position))
        return std::nullopt;
    version.createdAtMs = QDateTime::currentMSecsSinceEpoch();
    if (json.contains("created_at_ms") && !json["created_at_ms"].is_null()) {
        if (!json["created_at_ms"].is_number_integer()) {
            prompt.addProblem(Kind::BadVersion, position, u"\"created_at_ms\" must be milliseconds since 1970."_s);
            return std::nullopt;
        }
        version.createdAtMs = json["created_at_ms"].get<qint64>();
    }
    return version;
}

void readVersions(const Json &json, const QString &position, ArchivedPrompt &prompt)
{
    if (!json.contains("versions") || !json["versions"].is_array() || json["versions"].empty()) {
        prompt.addProblem(Kind::BadPrompt, position, u"\"versions\" must be an array of at least one version."_s);
        return;
    }
    std::set<int> numbers;
    for (std::size_t j = 0; j < json["versions"].size(); ++j) {
        const QString at = position % u".versions["_s % QString::number(j) % u']';
        auto version = readVersion(json["versions"][j], at, prompt);
        if (!version)
            continue;
        if (!numbers.insert(version->version).second) {
            prompt.addProblem(Kind::BadVersion, at, u"Version %1 is in the file twice."_s.arg(version->version));
            continue;
        }
        prompt.versions.push_back(std::move(*version));
    }
}

void readLabels(const Json &json, const QString &position, ArchivedPrompt &prompt)
{
    if (!json.contains("labels") || json["labels"].is_null())
        return;
    if (!json["labels"].is_object()) {
        prompt.addProblem(Kind::BadLabel, position % u".labels"_s,
                          u"\"labels\" must be an object of labels and version numbers."_s);
        return;
    }
    for (const auto &[key, value] : json["labels"].items()) {
        const QString label = QString::fromStdString(key);
        const QString at = position % u".labels."_s % label;
        if (!isValidPromptLabel(label)) {
            prompt.addProblem(Kind::BadLabel, at, u"\"%1\" is not a label."_s.arg(label));
        } else if (!value.is_number_integer() || value.get<qint64>() < 1
                   || value.get<qint64>() > std::numeric_limits<int>::max()) {
            prompt.addProblem(Kind::BadLabel, at, u"A label must point at a version number."_s);
        } else {
            prompt.labels[label] = value.get<int>();
        }
    }
}

ArchivedPrompt readPrompt(const Json &json, const QString &position)
{
    ArchivedPrompt prompt;
    if (!json.is_object() || !json.contains("name") || !json["name"].is_string()) {
        prompt.addProblem(Kind::BadPrompt, position, u"A prompt must be an object with a \"name\"."_s);
        return prompt;
    }
    prompt.name = textOf(json["name"]);
    if (!isValidPromptName(prompt.name)) {
        prompt.addProblem(Kind::BadPrompt, position, u"\"%1\" is not a prompt name."_s.arg(prompt.name));
        return prompt;
    }
    readVersions(json, position, prompt);
    readLabels(json, position, prompt);
    return prompt;
}

/// Compares the file's versions with the store's: those to add, those already there, and a
/// conflict for a number the store has with other content.
void compareWithStore(const Store &store, const QString &position, ArchivedPrompt &prompt, ImportedPrompt &imported,
                      std::vector<PromptVersion> &toAdd)
{
    std::map<int, PromptContent> stored;
    try {
        for (auto &version : store.promptVersions(prompt.name))
            stored.emplace(version.version, std::move(version.content));
    } catch (const StoreError &error) {
        if (error.kind() != StoreError::Kind::NotFound)
            throw;
        imported.created = true;
    }

    for (std::size_t j = 0; j < prompt.versions.size(); ++j) {
        const PromptVersion &version = prompt.versions[j];
        const auto existing = stored.find(version.version);
        QString problem;
        if (existing == stored.end()) {
            toAdd.push_back(version);
            imported.addedVersions.push_back(version.version);
        } else if (canonicalPromptContent(version.content, &problem) == existing->second) {
            imported.unchangedVersions.push_back(version.version);
        } else {
            prompt.addProblem(
                Kind::ConflictingVersion, position % u".versions["_s % QString::number(j) % u']',
                u"%1 already has a version %2 with other content."_s.arg(prompt.name).arg(version.version));
        }
    }
    for (const auto &[label, number] : prompt.labels) {
        const bool known = stored.contains(number)
            || std::any_of(toAdd.begin(), toAdd.end(), [&](const auto &v) { return v.version == number; });
        if (!known)
            prompt.addProblem(Kind::BadLabel, position % u".labels."_s % label,
                              u"%1 has no version %2 for the label to point at."_s.arg(prompt.name).arg(number));
    }
    imported.labels = prompt.labels;
}

/// The first problem with the document as a whole, or nothing when it is an archive.
std::optional<PromptImportProblem> documentProblem(const Json &document)
{
    if (!document.is_object() || !document.contains("format") || document["format"] != kPromptArchiveFormat) {
        return PromptImportProblem{Kind::NotAnArchive,
                                   {},
                                   u"The file is not a prompt library export: \"format\" must be \"%1\"."_s.arg(
                                       QLatin1StringView(kPromptArchiveFormat))};
    }
    if (!document.contains("prompts") || !document["prompts"].is_array())
        return PromptImportProblem{Kind::NotAnArchive, u"prompts"_s, u"\"prompts\" must be an array."_s};
    return std::nullopt;
}

} // namespace

QString PromptImportProblem::toString() const
{
    return position.isEmpty() ? message : position % u": "_s % message;
}

nlohmann::ordered_json promptVersionToJson(const PromptVersion &version)
{
    Json json = {{"version", version.version},
                 {"commit_message", version.commitMessage.toStdString()},
                 {"author", version.author.toStdString()},
                 {"created_at_ms", version.createdAtMs}};
    const Json content = promptContentToJson(version.content);
    for (const auto &[key, value] : content.items())
        json[key] = value;
    return json;
}

nlohmann::ordered_json exportPrompts(const Store &store, const QStringList &names)
{
    QStringList selected = names;
    if (selected.isEmpty()) {
        for (const auto &summary : store.prompts())
            selected << summary.name;
    }

    Json prompts = Json::array();
    for (const QString &name : selected) {
        std::vector<PromptVersion> versions = store.promptVersions(name);
        Json labels = Json::object();
        Json versionsJson = Json::array();
        for (auto version = versions.rbegin(); version != versions.rend(); ++version) {
            for (const QString &label : version->labels)
                labels[label.toStdString()] = version->version;
            versionsJson.push_back(promptVersionToJson(*version));
        }
        prompts.push_back({{"name", name.toStdString()}, {"labels", labels}, {"versions", versionsJson}});
    }
    return {{"format", kPromptArchiveFormat}, {"prompts", prompts}};
}

PromptImportResult importPrompts(Store &store, QByteArrayView bytes)
{
    PromptImportResult result;
    Json document;
    try {
        document = Json::parse(bytes.begin(), bytes.end());
    } catch (const nlohmann::json::parse_error &error) {
        // nlohmann's message names the line and column; its "[json.exception...]" tag does not help.
        const QString what = QString::fromUtf8(error.what());
        result.problems.push_back({Kind::NotAnArchive, {}, u"The file is not JSON: "_s % what.section(u"] "_s, 1)});
        return result;
    }
    if (auto problem = documentProblem(document)) {
        result.problems.push_back(*problem);
        return result;
    }

    std::set<QString> seen;
    for (std::size_t i = 0; i < document["prompts"].size(); ++i) {
        const QString position = u"prompts["_s % QString::number(i) % u']';
        ArchivedPrompt prompt = readPrompt(document["prompts"][i], position);
        if (prompt.problems.empty() && !seen.insert(prompt.name).second)
            prompt.addProblem(Kind::BadPrompt, position, u"%1 is in the file twice."_s.arg(prompt.name));

        ImportedPrompt imported;
        imported.name = prompt.name;
        try {
            std::vector<PromptVersion> toAdd;
            if (prompt.problems.empty())
                compareWithStore(store, position, prompt, imported, toAdd);
            if (prompt.problems.empty())
                store.addPromptVersions(prompt.name, toAdd, prompt.labels);
        } catch (const StoreError &error) {
            prompt.addProblem(Kind::StoreFailed, position, error.message());
        }

        if (prompt.problems.empty())
            result.imported.push_back(std::move(imported));
        result.problems.insert(result.problems.end(), prompt.problems.begin(), prompt.problems.end());
    }
    return result;
}

} // namespace llmops
