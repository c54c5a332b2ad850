// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "suitedefinition.h"

#include "jsonnesting.h"

#include <QRegularExpression>

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>

using namespace Qt::StringLiterals;
using Json = nlohmann::ordered_json;

namespace llmops {

namespace {

QString toQString(const Json &value)
{
    return QString::fromStdString(value.get<std::string>());
}

/// A number field, when present; `problem` is set when it is there but not a finite number.
std::optional<double> numberField(const Json &object, const char *key, const QString &where, QString *problem)
{
    const auto found = object.find(key);
    if (found == object.end() || found->is_null())
        return std::nullopt;
    if (!found->is_number() || !std::isfinite(found->get<double>())) {
        *problem = u"%1.%2 must be a number."_s.arg(where, QString::fromLatin1(key));
        return std::nullopt;
    }
    return found->get<double>();
}

std::optional<QString> textField(const Json &object, const char *key, const QString &where, QString *problem)
{
    const auto found = object.find(key);
    if (found == object.end() || found->is_null())
        return std::nullopt;
    if (!found->is_string()) {
        *problem = u"%1.%2 must be text."_s.arg(where, QString::fromLatin1(key));
        return std::nullopt;
    }
    return toQString(*found);
}

std::optional<bool> boolField(const Json &object, const char *key, const QString &where, QString *problem)
{
    const auto found = object.find(key);
    if (found == object.end() || found->is_null())
        return std::nullopt;
    if (!found->is_boolean()) {
        *problem = u"%1.%2 must be true or false."_s.arg(where, QString::fromLatin1(key));
        return std::nullopt;
    }
    return found->get<bool>();
}

bool isSimilarityKind(ScorerKind kind)
{
    return kind == ScorerKind::Levenshtein || kind == ScorerKind::RougeL || kind == ScorerKind::EmbeddingSimilarity
        || kind == ScorerKind::LlmJudge;
}

std::optional<SuiteScorer> readScorer(const Json &json, const QString &where, QString *problem)
{
    if (!json.is_object()) {
        *problem = u"%1 must be an object."_s.arg(where);
        return std::nullopt;
    }
    const auto type = textField(json, "type", where, problem);
    if (!problem->isEmpty())
        return std::nullopt;
    const auto kind = type ? scorerKindFromKey(*type) : std::nullopt;
    if (!kind) {
        *problem = type ? u"%1.type: \"%2\" is not a scorer."_s.arg(where, *type) : u"%1 needs a type."_s.arg(where);
        return std::nullopt;
    }

    // A misspelt field would silently be left at its default: say so instead.
    static const QStringList known = {u"type"_s,           u"name"_s,      u"threshold"_s, u"case_insensitive"_s,
                                      u"expect_refusal"_s, u"tolerance"_s, u"min"_s,       u"max"_s,
                                      u"endpoint"_s,       u"model"_s,     u"rubric"_s,    u"value"_s,
                                      u"pattern"_s,        u"schema"_s,    u"values"_s};
    for (const auto &[key, value] : json.items()) {
        if (!known.contains(QString::fromStdString(key))) {
            *problem = u"%1: \"%2\" is not a scorer field (they are: %3)."_s.arg(where, QString::fromStdString(key),
                                                                                 known.join(u", "_s));
            return std::nullopt;
        }
    }

    SuiteScorer scorer;
    scorer.config.kind = *kind;
    scorer.name = textField(json, "name", where, problem).value_or(*type);
    scorer.config.threshold = isSimilarityKind(*kind) ? 0.5 : 1.0;
    if (const auto threshold = numberField(json, "threshold", where, problem))
        scorer.config.threshold = *threshold;
    if (scorer.config.threshold < 0 || scorer.config.threshold > 1)
        *problem = u"%1.threshold must be from 0 to 1."_s.arg(where);
    scorer.config.caseInsensitive = boolField(json, "case_insensitive", where, problem).value_or(false);
    scorer.config.expectRefusal = boolField(json, "expect_refusal", where, problem).value_or(false);
    scorer.config.tolerance = numberField(json, "tolerance", where, problem).value_or(0);
    scorer.config.minimum = numberField(json, "min", where, problem);
    scorer.config.maximum = numberField(json, "max", where, problem);
    scorer.config.gradingEndpoint = textField(json, "endpoint", where, problem).value_or(QString());
    scorer.config.embeddingModel = textField(json, "model", where, problem).value_or(QString());
    scorer.config.rubric = textField(json, "rubric", where, problem).value_or(QString());
    if (!problem->isEmpty())
        return std::nullopt;

    // The value goes by the name that fits its kind; a schema may be written as an object.
    for (const char *key : {"value", "pattern", "schema"}) {
        const auto found = json.find(key);
        if (found == json.end())
            continue;
        if (found->is_string())
            scorer.config.value = toQString(*found);
        else if (found->is_object() || found->is_boolean())
            scorer.config.value = QString::fromStdString(found->dump());
        else
            *problem = u"%1.%2 must be text or, for a schema, an object."_s.arg(where, QString::fromLatin1(key));
    }
    if (const auto values = json.find("values"); values != json.end()) {
        if (!values->is_array()) {
            *problem = u"%1.values must be a list of texts."_s.arg(where);
        } else {
            for (const Json &value : *values) {
                if (!value.is_string()) {
                    *problem = u"%1.values must be a list of texts."_s.arg(where);
                    break;
                }
                scorer.config.values.append(toQString(value));
            }
        }
    }
    if (!problem->isEmpty())
        return std::nullopt;

    // What each kind cannot do without, said now rather than as every item unscorable.
    const bool needsValue = *kind == ScorerKind::Regex || *kind == ScorerKind::JsonSchema;
    const bool needsValues = *kind == ScorerKind::ContainsAny || *kind == ScorerKind::ContainsAll;
    const bool needsMaximum = *kind == ScorerKind::Latency || *kind == ScorerKind::Cost;
    if (needsValue && scorer.config.value.isEmpty())
        *problem = u"%1: a %2 scorer needs its %3."_s.arg(where, *type,
                                                          *kind == ScorerKind::Regex ? u"pattern"_s : u"schema"_s);
    else if (needsValues && scorer.config.values.isEmpty())
        *problem = u"%1: a %2 scorer needs values."_s.arg(where, *type);
    else if (needsMaximum && !scorer.config.maximum)
        *problem = u"%1: a %2 scorer needs max."_s.arg(where, *type);
    else if (*kind == ScorerKind::Length && !scorer.config.minimum && !scorer.config.maximum)
        *problem = u"%1: a length scorer needs min or max."_s.arg(where);
    else if (*kind == ScorerKind::LlmJudge && scorer.config.rubric.trimmed().isEmpty())
        *problem = u"%1: an llm_judge scorer needs a rubric."_s.arg(where);
    else if (scorer.name.trimmed().isEmpty())
        *problem = u"%1.name must not be empty."_s.arg(where);
    else if (scorer.config.tolerance < 0)
        *problem = u"%1.tolerance must be 0 or more."_s.arg(where);
    else if (scorer.config.minimum && scorer.config.maximum && *scorer.config.minimum > *scorer.config.maximum)
        *problem = u"%1: min is more than max."_s.arg(where);
    if (!problem->isEmpty())
        return std::nullopt;

    // A pattern or schema that cannot be used would leave every item unscorable.
    if (*kind == ScorerKind::Regex) {
        const QRegularExpression pattern(scorer.config.value);
        if (!pattern.isValid()) {
            *problem = u"%1.pattern is not a regular expression: %2 (at %3)."_s.arg(where, pattern.errorString())
                           .arg(pattern.patternErrorOffset());
            return std::nullopt;
        }
    }
    if (*kind == ScorerKind::JsonSchema) {
        QString why;
        const std::string schema = scorer.config.value.toStdString();
        if (!validateAgainstSchema(schema, "null", &why)) {
            *problem = u"%1.schema cannot be used: %2"_s.arg(where, why);
            return std::nullopt;
        }
    }
    return scorer;
}

Json scorerToJson(const SuiteScorer &scorer)
{
    const ScorerConfig &config = scorer.config;
    Json json = Json::object();
    json["name"] = scorer.name.toStdString();
    json["type"] = scorerKindKey(config.kind).toStdString();
    json["threshold"] = config.threshold;
    if (config.caseInsensitive)
        json["case_insensitive"] = true;
    if (config.expectRefusal)
        json["expect_refusal"] = true;
    if (!config.value.isEmpty())
        json["value"] = config.value.toStdString();
    if (!config.values.isEmpty()) {
        Json values = Json::array();
        for (const QString &value : config.values)
            values.push_back(value.toStdString());
        json["values"] = values;
    }
    if (config.tolerance != 0)
        json["tolerance"] = config.tolerance;
    if (config.minimum)
        json["min"] = *config.minimum;
    if (config.maximum)
        json["max"] = *config.maximum;
    if (!config.gradingEndpoint.isEmpty())
        json["endpoint"] = config.gradingEndpoint.toStdString();
    if (!config.embeddingModel.isEmpty())
        json["model"] = config.embeddingModel.toStdString();
    if (!config.rubric.isEmpty())
        json["rubric"] = config.rubric.toStdString();
    return json;
}

} // namespace

std::optional<SuiteDefinition> readSuiteDefinition(QByteArrayView bytes, QString *problem)
{
    problem->clear();
    if (jsonNestingDepth(std::string_view(bytes.data(), std::size_t(bytes.size()))) > kMaxJsonNesting) {
        *problem = u"The suite nests deeper than %1 levels."_s.arg(kMaxJsonNesting);
        return std::nullopt;
    }
    const Json json = Json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        *problem = u"A suite is a JSON object."_s;
        return std::nullopt;
    }

    static const QStringList known = {u"dataset"_s,  u"prompt"_s,     u"prompt_version"_s,
                                      u"messages"_s, u"parameters"_s, u"scorers"_s};
    for (const auto &[key, value] : json.items()) {
        if (!known.contains(QString::fromStdString(key))) {
            *problem = u"\"%1\" is not a suite field (they are: %2)."_s.arg(QString::fromStdString(key),
                                                                            known.join(u", "_s));
            return std::nullopt;
        }
    }

    SuiteDefinition suite;
    const auto dataset = textField(json, "dataset", u"suite"_s, problem);
    if (!problem->isEmpty())
        return std::nullopt;
    const auto datasetReference = dataset ? PromptReference::parse(*dataset) : std::nullopt;
    if (!datasetReference || !datasetReference->label.isEmpty() || !isValidPromptName(datasetReference->name)) {
        *problem = u"suite.dataset must name a dataset, as NAME or NAME@VERSION."_s;
        return std::nullopt;
    }
    suite.datasetName = datasetReference->name;
    suite.datasetVersion = datasetReference->version;

    if (const auto prompt = textField(json, "prompt", u"suite"_s, problem)) {
        suite.prompt = PromptReference::parse(*prompt);
        if (!suite.prompt) {
            *problem = u"suite.prompt must be NAME, NAME@VERSION or NAME@LABEL."_s;
            return std::nullopt;
        }
    }
    if (!problem->isEmpty())
        return std::nullopt;
    if (const auto pinned = json.find("prompt_version"); pinned != json.end() && pinned->is_number_integer())
        suite.promptVersion = pinned->get<int>();

    if (const auto messages = json.find("messages"); messages != json.end()) {
        // The messages read the way a prompt version's do, roles and all.
        const auto content = promptContentFromJson(Json{{"messages", *messages}}, problem);
        if (!content) {
            *problem = u"suite.messages: %1"_s.arg(*problem);
            return std::nullopt;
        }
        suite.messages = content->messages;
    }
    if (suite.prompt && !suite.messages.empty() && !suite.promptVersion) {
        *problem = u"A suite takes a prompt or messages, not both."_s;
        return std::nullopt;
    }

    if (const auto parameters = json.find("parameters"); parameters != json.end()) {
        const auto read = chatParametersFromJson(*parameters, problem);
        if (!read) {
            *problem = u"suite.parameters: %1"_s.arg(*problem);
            return std::nullopt;
        }
        suite.parameters = *read;
    }

    const auto scorers = json.find("scorers");
    if (scorers == json.end() || !scorers->is_array() || scorers->empty()) {
        *problem = u"suite.scorers must list at least one scorer."_s;
        return std::nullopt;
    }
    std::set<QString> names;
    for (std::size_t index = 0; index < scorers->size(); ++index) {
        const auto scorer = readScorer((*scorers)[index], u"suite.scorers[%1]"_s.arg(index), problem);
        if (!scorer)
            return std::nullopt;
        if (!names.insert(scorer->name).second) {
            *problem = u"suite.scorers[%1]: the name \"%2\" is taken; give each scorer its own name."_s.arg(index).arg(
                scorer->name);
            return std::nullopt;
        }
        suite.scorers.push_back(*scorer);
    }
    return suite;
}

QByteArray writeSuiteDefinition(const SuiteDefinition &suite)
{
    Json json = Json::object();
    QString dataset = suite.datasetName;
    if (suite.datasetVersion)
        dataset += u'@' + QString::number(*suite.datasetVersion);
    json["dataset"] = dataset.toStdString();
    if (suite.prompt)
        json["prompt"] = suite.prompt->toString().toStdString();
    if (suite.promptVersion)
        json["prompt_version"] = *suite.promptVersion;
    if (!suite.messages.empty())
        json["messages"] = promptContentToJson(PromptContent{suite.messages, {}, {}, {}})["messages"];
    const Json parameters = chatParametersToJson(suite.parameters);
    if (!parameters.empty())
        json["parameters"] = parameters;
    Json scorers = Json::array();
    for (const SuiteScorer &scorer : suite.scorers)
        scorers.push_back(scorerToJson(scorer));
    json["scorers"] = scorers;
    return QByteArray::fromStdString(json.dump(2));
}

RenderedMessages messagesForItem(const std::vector<ChatMessage> &suiteMessages, const DatasetItem &item)
{
    if (suiteMessages.empty() && !item.messages.empty())
        return renderMessages(item.messages, item.inputs);
    if (suiteMessages.empty())
        return renderMessages({ChatMessage{u"user"_s, u"{{input}}"_s}}, item.inputs);
    return renderMessages(suiteMessages, item.inputs);
}

} // namespace llmops
