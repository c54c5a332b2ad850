// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evalimport.h"

#include "jsonnesting.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QRegularExpression>
#include <QStringList>
#include <QTimeZone>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

using namespace Qt::StringLiterals;
using namespace std::string_view_literals;

namespace llmops {

EvalImportError::EvalImportError(const QString &message)
    : std::runtime_error(message.toStdString())
{
}

namespace {

using Json = nlohmann::ordered_json;

[[noreturn]] void fail(const QString &message)
{
    throw EvalImportError(message);
}

QString toQString(const std::string &text)
{
    return QString::fromStdString(text);
}

QString elided(const QString &text, qsizetype length)
{
    return text.size() > length ? text.left(length - 1) + u'…' : text;
}

/// Python's json module writes NaN and ±Infinity as bare words, which JSON does not allow and
/// lm-evaluation-harness leaves in its results. They are read as the strings "NaN",
/// "Infinity" and "-Infinity", so that one such value is reported as not a number instead of
/// the whole file being refused. Nothing is copied when the text has none.
std::optional<std::string> withNonFiniteQuoted(std::string_view text)
{
    std::optional<std::string> rewritten;
    size_t copiedUpTo = 0;
    bool inString = false;
    for (size_t at = 0; at < text.size(); ++at) {
        const char c = text[at];
        if (inString) {
            if (c == '\\')
                ++at;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
            continue;
        }

        std::string_view word;
        for (const std::string_view candidate : {"NaN"sv, "Infinity"sv, "-Infinity"sv}) {
            if (text.substr(at, candidate.size()) == candidate)
                word = candidate;
        }
        if (word.empty())
            continue;
        if (!rewritten)
            rewritten.emplace();
        rewritten->append(text.substr(copiedUpTo, at - copiedUpTo)).append("\"").append(word).append("\"");
        at += word.size() - 1;
        copiedUpTo = at + 1;
    }
    if (rewritten)
        rewritten->append(text.substr(copiedUpTo));
    return rewritten;
}

Json parseDocument(QByteArrayView bytes)
{
    if (bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF"))
        fail(u"the file is UTF-16 text; it must be UTF-8"_s);
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes = bytes.sliced(3);
    if (bytes.trimmed().isEmpty())
        fail(u"the file is empty"_s);

    const std::string_view text(bytes.data(), size_t(bytes.size()));
    if (jsonNestingDepth(text) > kMaxJsonNesting)
        fail(u"the file nests deeper than %1 levels"_s.arg(kMaxJsonNesting));
    const std::optional<std::string> quoted = withNonFiniteQuoted(text);
    const std::string_view parsed = quoted ? std::string_view(*quoted) : text;
    try {
        return Json::parse(parsed.begin(), parsed.end());
    } catch (const Json::exception &error) {
        // A syntax error, or a number too large for a double (out_of_range). nlohmann's
        // message starts with its own exception id, which tells a user nothing.
        static const QRegularExpression exceptionId(uR"(^\[json\.exception\.[a-z_]+\.\d+\] )"_s);
        fail(u"not JSON: "_s + QString::fromUtf8(error.what()).remove(exceptionId));
    }
}

QString typeName(const Json &value)
{
    if (value.is_array())
        return u"an array"_s;
    if (value.is_string())
        return u"a string"_s;
    if (value.is_number())
        return u"a number"_s;
    if (value.is_boolean())
        return u"true or false"_s;
    return u"null"_s;
}

/// A member that is there and not null.
const Json *member(const Json &object, const std::string &key)
{
    if (!object.is_object())
        return nullptr;
    const auto found = object.find(key);
    return found != object.end() && !found->is_null() ? &*found : nullptr;
}

std::optional<QString> textMember(const Json &object, const std::string &key)
{
    const Json *value = member(object, key);
    if (!value || !value->is_string())
        return std::nullopt;
    return toQString(value->get<std::string>());
}

std::optional<bool> boolMember(const Json &object, const std::string &key)
{
    const Json *value = member(object, key);
    if (!value || !value->is_boolean())
        return std::nullopt;
    return value->get<bool>();
}

std::optional<double> finiteNumber(const Json *value)
{
    if (!value || !value->is_number())
        return std::nullopt;
    const double number = value->get<double>();
    return std::isfinite(number) ? std::optional(number) : std::nullopt;
}

std::optional<double> numberMember(const Json &object, const std::string &key)
{
    return finiteNumber(member(object, key));
}

/// A whole number of zero or more, also when JavaScript or Python wrote it as 12.0.
std::optional<qint64> countMember(const Json &object, const std::string &key)
{
    const Json *value = member(object, key);
    if (!value || !value->is_number())
        return std::nullopt;
    if (value->is_number_unsigned())
        return value->get<quint64>() <= quint64(std::numeric_limits<qint64>::max())
            ? std::optional(qint64(value->get<quint64>()))
            : std::nullopt;
    if (value->is_number_integer())
        return value->get<qint64>() >= 0 ? std::optional(value->get<qint64>()) : std::nullopt;
    const double number = value->get<double>();
    if (!std::isfinite(number) || number < 0 || number != std::floor(number) || number > 9.0e15)
        return std::nullopt;
    return qint64(number);
}

struct Moment {
    qint64 ms = 0;
    bool zoneless = false;
};

/// ISO 8601 with any number of fraction digits (Ollama writes nine, Python six, JavaScript
/// three), a Z, an offset with or without its colon, or no zone at all, read as UTC.
std::optional<Moment> momentFromIso8601(const QString &text)
{
    static const QRegularExpression pattern(
        uR"(^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?)"
        uR"(\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$)"_s);
    const QRegularExpressionMatch match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    const QDate date(match.captured(1).toInt(), match.captured(2).toInt(), match.captured(3).toInt());
    const QTime time(match.captured(4).toInt(), match.captured(5).toInt(), match.captured(6).toInt());
    if (!date.isValid() || !time.isValid())
        return std::nullopt;

    // The console keeps milliseconds, so further digits are cut rather than rounded.
    const qint64 fraction = QString(match.captured(7) + u"00"_s).left(3).toLongLong();
    qint64 offsetSeconds = (match.captured(10).toLongLong() * 60 + match.captured(11).toLongLong()) * 60;
    if (match.captured(9) == u"-"_s)
        offsetSeconds = -offsetSeconds;

    Moment moment;
    moment.ms = QDateTime(date, time, QTimeZone::utc()).toMSecsSinceEpoch() + fraction - offsetSeconds * 1000;
    moment.zoneless = match.captured(8).isEmpty() && match.captured(9).isEmpty();
    return moment;
}

// Promptfoo ------------------------------------------------------------------------------

/// One row as read, before it knows its item and repeat.
struct PromptfooRow {
    qsizetype fileIndex = 0;
    /// testIdx, or the row's place in the file when an older file has none.
    qint64 order = 0;
    /// The test's description, variables and assertions, which repeats of it share.
    std::string testIdentity;
    QString testKey;
    /// The prompt and provider the row answered, one column of promptfoo's table.
    std::string pairIdentity;
    qint64 pairOrder = std::numeric_limits<qint64>::max();
    QString providerId;
    QString providerName;
    QString promptLabel;
    bool cached = false;
    EvalResultRecord record;
};

/// The test a row answered: its description, and its variables as the test case gives them
/// (the row's own `vars` may hold promptfoo's `_conversation` besides).
void readTest(const Json &row, PromptfooRow &parsed, Json &vars)
{
    const Json *testCase = member(row, "testCase");
    const Json &source = testCase ? *testCase : row;
    const QString description =
        textMember(source, "description").value_or(textMember(row, "description").value_or(QString()));
    if (const Json *testVars = member(source, "vars"); testVars && testVars->is_object())
        vars = *testVars;
    else if (const Json *rowVars = member(row, "vars"); rowVars && rowVars->is_object())
        vars = *rowVars;
    else
        vars = Json::object();

    Json identity = Json::object();
    identity["description"] = description.toStdString();
    identity["vars"] = vars;
    if (const Json *assertions = member(source, "assert"))
        identity["assert"] = *assertions;
    parsed.testIdentity = identity.dump();

    // A test without a description is known by its variables, which stay the same from run to run.
    const QByteArray varsHash = QCryptographicHash::hash(QByteArray::fromStdString(vars.dump()),
                                                         QCryptographicHash::Sha1);
    parsed.testKey = description.isEmpty() ? u"vars-"_s + QString::fromLatin1(varsHash.toHex().left(12)) : description;
}

/// The provider and prompt a row answered, and the prompt as promptfoo rendered it.
void readPair(const Json &row, PromptfooRow &parsed, QString *renderedPrompt)
{
    if (const Json *provider = member(row, "provider"); provider && provider->is_string()) {
        parsed.providerId = toQString(provider->get<std::string>());
    } else if (provider && provider->is_object()) {
        parsed.providerId = textMember(*provider, "id").value_or(QString());
        parsed.providerName = textMember(*provider, "label").value_or(QString());
    }
    if (parsed.providerName.isEmpty())
        parsed.providerName = parsed.providerId;

    if (const Json *prompt = member(row, "prompt"); prompt && prompt->is_string()) {
        *renderedPrompt = toQString(prompt->get<std::string>());
    } else if (prompt && prompt->is_object()) {
        *renderedPrompt = textMember(*prompt, "raw").value_or(QString());
        parsed.promptLabel = textMember(*prompt, "label").value_or(textMember(*prompt, "display").value_or(QString()));
    }

    const std::optional<qint64> promptIdx = countMember(row, "promptIdx");
    if (promptIdx)
        parsed.pairOrder = *promptIdx;
    const std::string prompt = promptIdx ? "#" + std::to_string(*promptIdx)
                                         : "label " + parsed.promptLabel.toStdString();
    parsed.pairIdentity = prompt + '\x1f' + parsed.providerId.toStdString() + '\x1f'
        + parsed.providerName.toStdString();
}

bool isConversation(const Json &messages)
{
    if (!messages.is_array() || messages.empty())
        return false;
    return std::all_of(messages.begin(), messages.end(), [](const Json &message) {
        return message.is_object() && message.contains("role") && message["role"].is_string();
    });
}

/// The messages sent: promptfoo's rendered prompt, which is a conversation when it is JSON of
/// messages with roles, and one user message otherwise. A row that failed before its prompt
/// was rendered has none and keeps the test's variables instead.
QString inputOf(const QString &renderedPrompt, const Json &vars)
{
    if (renderedPrompt.isEmpty())
        return toQString(vars.dump());
    const std::string text = renderedPrompt.toStdString();
    if (renderedPrompt.trimmed().startsWith(u'[') && jsonNestingDepth(text) <= kMaxJsonNesting) {
        const Json messages = Json::parse(text, nullptr, false);
        if (isConversation(messages))
            return toQString(messages.dump());
    }
    const Json message = Json::array({Json::object({{"role", "user"}, {"content", text}})});
    return toQString(message.dump());
}

/// promptfoo has no expected output, but an `equals` assertion is one.
std::optional<QString> expectedOf(const Json &row)
{
    const Json *testCase = member(row, "testCase");
    const Json *assertions = testCase ? member(*testCase, "assert") : nullptr;
    if (!assertions || !assertions->is_array())
        return std::nullopt;
    for (const Json &assertion : *assertions) {
        if (textMember(assertion, "type") == u"equals"_s) {
            if (auto value = textMember(assertion, "value"))
                return value;
        }
    }
    return std::nullopt;
}

/// The answer as text. Tool calls and JSON mode give an object or an array, kept as compact
/// JSON; a number or a boolean is its JSON text too.
QString outputOf(const Json *response)
{
    const Json *output = response ? member(*response, "output") : nullptr;
    if (!output)
        return {};
    if (output->is_string())
        return toQString(output->get<std::string>());
    return toQString(output->dump());
}

/// A score as the console's figures take it, in [0, 1]. promptfoo lets custom assertions
/// give any number; one outside is clamped, with a warning, rather than skewing the mean.
std::optional<double> unitScore(std::optional<double> score, const QString &where, std::vector<QString> &warnings)
{
    if (score && (*score < 0 || *score > 1)) {
        warnings.push_back(u"%1: the score %2 is outside 0 to 1; taken as %3"_s.arg(where).arg(*score).arg(
            std::clamp(*score, 0.0, 1.0)));
        return std::clamp(*score, 0.0, 1.0);
    }
    return score;
}

/// promptfoo's own verdicts on a row that was answered: its overall one, then one for each
/// assertion, named by its type and metric.
std::vector<EvalScoreRecord> verdictsOf(const Json &row, const Json *grading, const QString &where,
                                        std::vector<QString> &warnings)
{
    EvalScoreRecord overall;
    overall.scorer = u"promptfoo"_s;
    overall.passed = boolMember(row, "success").value_or(grading && boolMember(*grading, "pass").value_or(false));
    overall.score = numberMember(row, "score");
    if (!overall.score && grading)
        overall.score = numberMember(*grading, "score");
    if (!overall.score)
        overall.score = overall.passed ? 1.0 : 0.0;
    overall.score = unitScore(overall.score, where, warnings);
    if (const auto reason = grading ? textMember(*grading, "reason") : std::nullopt)
        overall.explanation = *reason;
    else if (!overall.passed)
        overall.explanation = textMember(row, "error").value_or(QString());

    std::vector<EvalScoreRecord> verdicts{overall};
    const Json *components = grading ? member(*grading, "componentResults") : nullptr;
    if (!components || !components->is_array())
        return verdicts;
    std::map<QString, int> timesNamed{{overall.scorer, 1}};
    for (size_t i = 0; i < components->size(); ++i) {
        const Json &component = (*components)[i];
        if (!component.is_object()) {
            warnings.push_back(u"%1.gradingResult.componentResults[%2]: not an object; skipped"_s.arg(where).arg(i));
            continue;
        }
        QString name = u"assertion"_s;
        if (const Json *assertion = member(component, "assertion")) {
            name = textMember(*assertion, "type").value_or(name);
            if (const auto metric = textMember(*assertion, "metric"); metric && !metric->isEmpty())
                name += u" (%1)"_s.arg(*metric);
        }
        // Two assertions of one type are common (two `contains`); each keeps its verdict.
        if (const int times = ++timesNamed[name]; times > 1)
            name += u" #%1"_s.arg(times);

        EvalScoreRecord verdict;
        verdict.scorer = name;
        verdict.score = unitScore(numberMember(component, "score"),
                                  u"%1.gradingResult.componentResults[%2]"_s.arg(where).arg(i), warnings);
        verdict.passed = boolMember(component, "pass").value_or(false);
        verdict.explanation = textMember(component, "reason").value_or(QString());
        verdicts.push_back(verdict);
    }
    return verdicts;
}

/// Whether promptfoo counted the row as an error rather than an answer: failureReason 2, or in
/// files from before failureReason an error with nothing graded ("No output" included).
bool isErrorRow(const Json &row, const Json *grading)
{
    const std::optional<qint64> failureReason = countMember(row, "failureReason");
    if (failureReason == 2)
        return true;
    if (failureReason == 1)
        return false;
    const Json *response = member(row, "response");
    const bool reportsError = textMember(row, "error") || (response && textMember(*response, "error"));
    return reportsError && !grading && !boolMember(row, "success").value_or(false);
}

void readMeasurements(const Json &row, const Json *response, PromptfooRow &parsed)
{
    EvalResultRecord &record = parsed.record;
    const Json *usage = response ? member(*response, "tokenUsage") : nullptr;
    if (!usage || !usage->is_object())
        usage = member(row, "tokenUsage");
    // A cached answer counts its tokens as `cached` and `total` only; prompt and completion stay unknown.
    if (usage && usage->is_object()) {
        record.inputTokens = countMember(*usage, "prompt");
        record.outputTokens = countMember(*usage, "completion");
    }

    record.costUsd = numberMember(row, "cost");
    if (!record.costUsd && response)
        record.costUsd = numberMember(*response, "cost");
    parsed.cached = response && boolMember(*response, "cached").value_or(false);
    // A replay from promptfoo's cache took no time on the endpoint; its latency would only mislead.
    if (!parsed.cached) {
        record.latencyMs = numberMember(row, "latencyMs");
        if (!record.latencyMs && response)
            record.latencyMs = numberMember(*response, "latencyMs");
    }
}

std::optional<PromptfooRow> readPromptfooRow(const Json &row, qsizetype fileIndex, const QString &where,
                                             std::vector<QString> &warnings, QString *problem)
{
    if (!row.is_object()) {
        *problem = u"is %1, not an object"_s.arg(typeName(row));
        return std::nullopt;
    }
    for (const char *key : {"response", "gradingResult", "testCase"}) {
        if (const Json *value = member(row, key); value && !value->is_object()) {
            *problem = u"\"%1\" is %2, not an object"_s.arg(QLatin1StringView(key), typeName(*value));
            return std::nullopt;
        }
    }
    for (const char *key : {"testIdx", "promptIdx"}) {
        if (member(row, key) && !countMember(row, key)) {
            *problem = u"\"%1\" is not a whole number of zero or more"_s.arg(QLatin1StringView(key));
            return std::nullopt;
        }
    }
    const Json *response = member(row, "response");
    const std::optional<QString> error = textMember(row, "error");
    if (!response && !error) {
        *problem = u"has neither a \"response\" nor an \"error\""_s;
        return std::nullopt;
    }

    PromptfooRow parsed;
    parsed.fileIndex = fileIndex;
    parsed.order = countMember(row, "testIdx").value_or(fileIndex);
    Json vars;
    readTest(row, parsed, vars);
    QString renderedPrompt;
    readPair(row, parsed, &renderedPrompt);

    EvalResultRecord &record = parsed.record;
    record.inputJson = inputOf(renderedPrompt, vars);
    record.expected = expectedOf(row);
    record.output = outputOf(response);
    readMeasurements(row, response, parsed);

    const Json *grading = member(row, "gradingResult");
    if (isErrorRow(row, grading)) {
        record.errorClass = ErrorClass::Reported;
        const std::optional<QString> responseError = response ? textMember(*response, "error") : std::nullopt;
        record.errorMessage = error.value_or(responseError.value_or(u"promptfoo counted the row as an error"_s));
        EvalScoreRecord notScored;
        notScored.scorer = u"promptfoo"_s;
        notScored.explanation = u"not scored: the request failed"_s;
        record.scores.push_back(notScored);
    } else {
        record.scores = verdictsOf(row, grading, where, warnings);
    }
    return parsed;
}

/// Ranks of identities by the lowest order any of their rows has, ties by the first row.
template<typename Identity, typename Order>
std::map<std::string, int> rankBy(const std::vector<PromptfooRow> &rows, Identity identity, Order order)
{
    std::map<std::string, std::pair<qint64, qsizetype>> first;
    for (const PromptfooRow &row : rows) {
        const std::pair<qint64, qsizetype> here{order(row), row.fileIndex};
        const auto [found, inserted] = first.try_emplace(identity(row), here);
        if (!inserted)
            found->second = std::min(found->second, here);
    }
    std::vector<std::pair<std::pair<qint64, qsizetype>, std::string>> sorted;
    sorted.reserve(first.size());
    for (const auto &[name, at] : first)
        sorted.emplace_back(at, name);
    std::sort(sorted.begin(), sorted.end());

    std::map<std::string, int> ranks;
    for (const auto &entry : sorted)
        ranks.emplace(entry.second, int(ranks.size()));
    return ranks;
}

/// The test's key, and the pair it was answered by when the file compares several.
QString itemKeyOf(const PromptfooRow &row, bool severalPairs, bool severalPrompts)
{
    if (!severalPairs)
        return row.testKey;
    const QString prompt = severalPrompts ? u" / "_s + elided(row.promptLabel, 40) : QString();
    return row.testKey + u" ["_s + row.providerName + prompt + u']';
}

/// Gives each row its item and repeat, and the run its item count and repeats.
void numberItems(std::vector<PromptfooRow> &rows, ImportedEvaluation &imported)
{
    const auto testOf = [](const PromptfooRow &row) { return row.testIdentity; };
    const auto pairOf = [](const PromptfooRow &row) { return row.pairIdentity; };
    const auto tests = rankBy(rows, testOf, [](const PromptfooRow &row) { return row.order; });
    const auto pairs = rankBy(rows, pairOf, [](const PromptfooRow &row) { return row.pairOrder; });
    const auto place = [&](const PromptfooRow &row) {
        return std::tuple(tests.at(row.testIdentity), pairs.at(row.pairIdentity), row.order, row.fileIndex);
    };
    std::sort(rows.begin(), rows.end(), [&](const auto &a, const auto &b) { return place(a) < place(b); });

    std::set<QString> promptLabels;
    for (const PromptfooRow &row : rows)
        promptLabels.insert(row.promptLabel);
    const bool severalPairs = pairs.size() > 1;
    const bool severalPrompts = promptLabels.size() > 1;
    std::map<QString, int> timesKeyed;
    std::pair<int, int> item{-1, -1};
    qint64 position = -1;
    int repeat = 0;
    QString key;
    for (PromptfooRow &row : rows) {
        const std::pair<int, int> here{tests.at(row.testIdentity), pairs.at(row.pairIdentity)};
        if (here != item) {
            item = here;
            ++position;
            repeat = 0;
            key = itemKeyOf(row, severalPairs, severalPrompts);
            // Two tests may share a description; the key still tells their items apart.
            if (const int times = ++timesKeyed[key]; times > 1)
                key += u" #%1"_s.arg(times);
        } else {
            ++repeat;
        }
        row.record.itemPosition = position;
        row.record.itemKey = key;
        row.record.repeat = repeat;
        imported.run.repeats = std::max(imported.run.repeats, repeat + 1);
        imported.results.push_back(std::move(row.record));
    }
    imported.run.itemCount = position + 1;

    if (severalPairs)
        imported.warnings.push_back(u"the file compares %1 prompt and provider pairs; each test is an item per pair, "
                                    u"the pair named in brackets after the item's key"_s.arg(pairs.size()));
}

void describeProviders(const std::vector<PromptfooRow> &rows, ImportedEvaluation &imported)
{
    std::set<std::pair<QString, QString>> providers;
    qsizetype cached = 0;
    for (const PromptfooRow &row : rows) {
        providers.emplace(row.providerId, row.providerName);
        cached += row.cached ? 1 : 0;
    }
    if (providers.size() == 1) {
        imported.run.endpointName = providers.begin()->second;
        imported.run.model = providers.begin()->first;
    } else if (providers.size() > 1) {
        imported.run.endpointName = u"several"_s;
    }
    if (cached > 0)
        imported.warnings.push_back(u"answers replayed from promptfoo's cache keep no latency, as it was not measured "
                                    u"on the endpoint (%1 of them)"_s.arg(cached));
}

/// ISO 8601 text, or milliseconds since the epoch.
std::optional<qint64> promptfooTimeOf(const Json &value, const QString &where, std::vector<QString> &warnings)
{
    if (value.is_number()) {
        const double number = value.get<double>();
        // promptfoo counts milliseconds; a count this small can only be seconds.
        if (std::isfinite(number) && number > 0)
            return std::llround(number < 1.0e11 ? number * 1000 : number);
    } else if (value.is_string()) {
        if (const auto moment = momentFromIso8601(toQString(value.get<std::string>()))) {
            if (moment->zoneless)
                warnings.push_back(u"%1: the time has no UTC offset; read as UTC"_s.arg(where));
            return moment->ms;
        }
    }
    warnings.push_back(u"%1: %2 is not a time"_s.arg(where, elided(toQString(value.dump()), 40)));
    return std::nullopt;
}

/// When the eval ran: the summary's timestamp, else when it was created, else the time
/// promptfoo writes into every eval id ("eval-abc-2024-06-03T09:14:27", UTC).
std::optional<qint64> promptfooStart(const Json &document, const Json &summary, const QString &summaryPath,
                                     std::vector<QString> &warnings)
{
    const Json *metadata = member(document, "metadata");
    const std::pair<const Json *, QString> candidates[] = {
        {member(summary, "timestamp"), summaryPath + u"timestamp"_s},
        {metadata ? member(*metadata, "evaluationCreatedAt") : nullptr, u"metadata.evaluationCreatedAt"_s},
        {member(document, "createdAt"), u"createdAt"_s},
    };
    for (const auto &[value, where] : candidates) {
        if (const auto ms = value ? promptfooTimeOf(*value, where, warnings) : std::nullopt)
            return ms;
    }

    static const QRegularExpression evalIdTime(uR"((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})$)"_s);
    const QRegularExpressionMatch match = evalIdTime.match(textMember(document, "evalId").value_or(QString()));
    if (const auto moment = match.hasMatch() ? momentFromIso8601(match.captured(1)) : std::nullopt)
        return moment->ms;
    warnings.push_back(u"the file gives no time; the run's start is unknown and left at 0"_s);
    return std::nullopt;
}

void describePromptfooRun(const Json &document, const Json &summary, bool wrapped, ImportedEvaluation &imported)
{
    EvalRunRecord &run = imported.run;
    run.source = EvalRunSource::Promptfoo;
    run.status = EvalRunStatus::Finished;
    const Json *config = member(document, "config");
    run.suiteName = (config ? textMember(*config, "description") : std::nullopt).value_or(u"promptfoo import"_s);
    if (run.suiteName.trimmed().isEmpty())
        run.suiteName = u"promptfoo import"_s;

    const std::optional<qint64> version = countMember(summary, "version");
    if (version && *version > 4)
        imported.warnings.push_back(
            u"format version %1 is newer than the versions 2 to 4 this reader knows; read as version 3"_s.arg(
                *version));
    run.startedAtMs =
        promptfooStart(document, summary, wrapped ? u"results."_s : QString(), imported.warnings).value_or(0);
    const Json *stats = member(summary, "stats");
    if (const auto duration = stats ? numberMember(*stats, "durationMs") : std::nullopt;
        duration && run.startedAtMs > 0)
        run.finishedAtMs = run.startedAtMs + std::llround(*duration);

    // Where the run came from, so that it can be found in promptfoo again.
    Json definition = Json::object();
    definition["importedFrom"] = "promptfoo";
    if (const Json *evalId = member(document, "evalId"))
        definition["evalId"] = *evalId;
    if (version)
        definition["formatVersion"] = *version;
    const Json *metadata = member(document, "metadata");
    if (const Json *promptfooVersion = metadata ? member(*metadata, "promptfooVersion") : nullptr)
        definition["promptfooVersion"] = *promptfooVersion;
    if (const Json *shareableUrl = member(document, "shareableUrl"))
        definition["shareableUrl"] = *shareableUrl;
    run.definitionJson = toQString(definition.dump());
}

struct PromptfooShape {
    const Json *summary = nullptr;
    const Json *rows = nullptr;
    /// Whether the rows are in `results.results`, as in every file since eval ids, rather
    /// than in `results` itself, as in the summary that older versions wrote.
    bool wrapped = false;
};

std::optional<PromptfooShape> promptfooShape(const Json &document)
{
    const Json *results = member(document, "results");
    if (results && results->is_array())
        return PromptfooShape{&document, results, false};
    if (const Json *rows = results ? member(*results, "results") : nullptr; rows && rows->is_array())
        return PromptfooShape{results, rows, true};
    return std::nullopt;
}

ImportedEvaluation promptfooFrom(const Json &document, const PromptfooShape &shape)
{
    ImportedEvaluation imported;
    const QString rowsPath = shape.wrapped ? u"results.results"_s : u"results"_s;
    std::vector<PromptfooRow> rows;
    for (size_t i = 0; i < shape.rows->size(); ++i) {
        const QString where = u"%1[%2]"_s.arg(rowsPath).arg(i);
        QString problem;
        if (auto row = readPromptfooRow((*shape.rows)[i], qsizetype(i), where, imported.warnings, &problem))
            rows.push_back(std::move(*row));
        else
            imported.warnings.push_back(u"%1: %2; skipped"_s.arg(where, problem));
    }

    describePromptfooRun(document, *shape.summary, shape.wrapped, imported);
    describeProviders(rows, imported);
    numberItems(rows, imported);
    return imported;
}

// lm-evaluation-harness -------------------------------------------------------------------

/// Keys of a task's results that are not metrics: its display name, lm-eval's sample count
/// and the " " that marks a group without aggregate metrics.
bool isBookkeeping(const QString &key)
{
    return key == u"alias"_s || key == u"samples"_s || key == u"sample_len"_s || key == u"sample_count"_s
        || key.trimmed().isEmpty();
}

constexpr QStringView kStderrSuffix = u"_stderr";

struct MetricKey {
    QString metric;
    /// Empty in files from before filters, which write "acc" rather than "acc,none".
    QString filter;
    bool hasFilter = false;

    QString stderrKey() const { return metric + kStderrSuffix + (hasFilter ? u","_s + filter : QString()); }
    QString baseKey() const { return metric.chopped(kStderrSuffix.size()) + (hasFilter ? u","_s + filter : QString()); }
    QString displayName() const
    {
        return !hasFilter || filter == u"none"_s ? metric : u"%1 (%2)"_s.arg(metric, filter);
    }
};

MetricKey metricKeyOf(const QString &key)
{
    MetricKey parsed;
    const qsizetype comma = key.indexOf(u',');
    parsed.hasFilter = comma >= 0;
    parsed.metric = parsed.hasFilter ? key.left(comma) : key;
    parsed.filter = parsed.hasFilter ? key.mid(comma + 1) : QString();
    return parsed;
}

/// A task's sample count: lm-eval's n-samples for a task, the sum of its subtasks' for a group.
std::optional<qint64> sampleCountOf(const Json &document, const std::string &task, int depth = 0)
{
    const Json *samples = member(document, "n-samples");
    if (const Json *entry = samples ? member(*samples, task) : nullptr) {
        if (const auto effective = countMember(*entry, "effective"))
            return effective;
    }
    const Json *groups = member(document, "group_subtasks");
    const Json *subtasks = groups ? member(*groups, task) : nullptr;
    // A group listed inside itself would recurse for ever.
    if (!subtasks || !subtasks->is_array() || subtasks->empty() || depth >= kMaxJsonNesting)
        return std::nullopt;
    qint64 sum = 0;
    for (const Json &subtask : *subtasks) {
        const auto count = subtask.is_string() ? sampleCountOf(document, subtask.get<std::string>(), depth + 1)
                                               : std::nullopt;
        if (!count)
            return std::nullopt;
        sum += *count;
    }
    return sum;
}

std::optional<double> standardErrorOf(const Json &task, const MetricKey &key, const QString &where,
                                      std::vector<QString> &warnings)
{
    const Json *value = member(task, key.stderrKey().toStdString());
    if (!value)
        return std::nullopt;
    if (const auto number = finiteNumber(value))
        return number;
    // "N/A" is lm-eval's word for a standard error it did not compute (bootstrap off, one
    // sample); NaN comes from a degenerate sample. Both mean unknown, never zero.
    const QString text = value->is_string() ? toQString(value->get<std::string>()) : QString();
    if (text != u"N/A"_s && text != u"NaN"_s && !text.endsWith(u"Infinity"_s))
        warnings.push_back(u"%1: \"%2\" is %3, not a standard error; read as unknown"_s.arg(
            where, key.stderrKey(), elided(toQString(value->dump()), 40)));
    return std::nullopt;
}

void readLmEvalTasks(const Json &document, const Json &tasks, const QString &section,
                     std::set<std::pair<QString, QString>> &seen, ImportedEvaluation &imported)
{
    for (const auto &[name, task] : tasks.items()) {
        const QString where = section + u'.' + toQString(name);
        if (!task.is_object()) {
            imported.warnings.push_back(u"%1: is %2, not an object of metrics; skipped"_s.arg(where, typeName(task)));
            continue;
        }
        std::optional<qint64> sampleCount = sampleCountOf(document, name);
        if (!sampleCount)
            sampleCount = countMember(task, "samples");

        for (const auto &[keyText, value] : task.items()) {
            const QString key = toQString(keyText);
            if (isBookkeeping(key))
                continue;
            const MetricKey metricKey = metricKeyOf(key);
            if (metricKey.metric.endsWith(kStderrSuffix)) {
                if (!member(task, metricKey.baseKey().toStdString()))
                    imported.warnings.push_back(
                        u"%1: \"%2\" has no \"%3\" beside it; skipped"_s.arg(where, key, metricKey.baseKey()));
                continue;
            }
            const std::optional<double> number = finiteNumber(&value);
            if (!number) {
                imported.warnings.push_back(
                    u"%1: \"%2\" is %3, not a number; skipped"_s.arg(where, key, elided(toQString(value.dump()), 40)));
                continue;
            }

            EvalRunMetric metric;
            metric.task = toQString(name);
            metric.metric = metricKey.displayName();
            metric.value = *number;
            metric.standardError = standardErrorOf(task, metricKey, where, imported.warnings);
            metric.sampleCount = sampleCount;
            // lm-eval repeats each group of `results` in `groups`.
            if (seen.emplace(metric.task, metric.metric).second)
                imported.metrics.push_back(metric);
        }
    }
}

/// The model as lm-eval itself names it: `model_name`, else the first of these model
/// arguments, else the kind of model (`hf`, `vllm`, `local-completions`).
QString lmEvalModel(const Json &document, const std::map<QString, QString> &modelArgs)
{
    if (const auto name = textMember(document, "model_name"); name && !name->isEmpty())
        return *name;
    for (const QString &key : {u"peft"_s, u"delta"_s, u"pretrained"_s, u"model"_s, u"path"_s, u"engine"_s}) {
        if (const auto found = modelArgs.find(key); found != modelArgs.end() && !found->second.isEmpty())
            return found->second;
    }
    const Json *config = member(document, "config");
    return (config ? textMember(*config, "model") : std::nullopt).value_or(QString());
}

/// `model_args` as lm-eval's command line takes it ("pretrained=x,dtype=float16"), or as the
/// object newer versions write.
std::map<QString, QString> modelArgsOf(const Json &document)
{
    std::map<QString, QString> args;
    const Json *config = member(document, "config");
    const Json *modelArgs = config ? member(*config, "model_args") : nullptr;
    if (modelArgs && modelArgs->is_string()) {
        for (const QString &pair : toQString(modelArgs->get<std::string>()).split(u',', Qt::SkipEmptyParts)) {
            const qsizetype equals = pair.indexOf(u'=');
            if (equals > 0)
                args.emplace(pair.left(equals).trimmed(), pair.mid(equals + 1).trimmed());
        }
    } else if (modelArgs && modelArgs->is_object()) {
        for (const auto &[key, value] : modelArgs->items()) {
            if (value.is_string())
                args.emplace(toQString(key), toQString(value.get<std::string>()));
        }
    }
    return args;
}

/// Seconds, as lm-eval writes them: a number, or text (`total_evaluation_time_seconds`).
std::optional<double> secondsOf(const Json *value)
{
    if (const auto number = finiteNumber(value))
        return number;
    bool ok = false;
    const double parsed = value && value->is_string() ? toQString(value->get<std::string>()).toDouble(&ok) : 0;
    return ok && std::isfinite(parsed) ? std::optional(parsed) : std::nullopt;
}

QString lmEvalSuiteName(const Json &document, const Json &results)
{
    // The tasks asked for are those no group lists among its subtasks.
    std::set<std::string> subtasks;
    if (const Json *groups = member(document, "group_subtasks"); groups && groups->is_object()) {
        for (const auto &entry : groups->items()) {
            for (const Json &subtask : entry.value()) {
                if (subtask.is_string())
                    subtasks.insert(subtask.get<std::string>());
            }
        }
    }
    QStringList asked;
    for (const auto &entry : results.items()) {
        if (!subtasks.contains(entry.key()))
            asked << toQString(entry.key());
    }
    constexpr qsizetype kNamed = 4;
    QString name = u"lm-eval: "_s + asked.mid(0, kNamed).join(u", "_s);
    if (asked.size() > kNamed)
        name += u" and %1 more"_s.arg(asked.size() - kNamed);
    return asked.isEmpty() ? u"lm-eval import"_s : name;
}

void describeLmEvalRun(const Json &document, const Json &results, ImportedEvaluation &imported)
{
    EvalRunRecord &run = imported.run;
    run.source = EvalRunSource::LmEval;
    run.status = EvalRunStatus::Finished;
    run.itemCount = 0;
    run.repeats = 1;
    run.suiteName = lmEvalSuiteName(document, results);

    const std::map<QString, QString> modelArgs = modelArgsOf(document);
    run.model = lmEvalModel(document, modelArgs);
    const Json *config = member(document, "config");
    if (const auto baseUrl = modelArgs.find(u"base_url"_s); baseUrl != modelArgs.end())
        run.endpointName = baseUrl->second;
    else
        run.endpointName = (config ? textMember(*config, "model") : std::nullopt).value_or(u"lm-eval"_s);

    // `date` is seconds since the epoch; start_time and end_time are a process clock and say
    // nothing about when the run was.
    const Json *date = member(document, "date");
    const std::optional<double> dateSeconds = finiteNumber(date);
    const std::optional<Moment> dateMoment = date && date->is_string()
        ? momentFromIso8601(toQString(date->get<std::string>()))
        : std::nullopt;
    if (dateSeconds && *dateSeconds > 0)
        run.startedAtMs = std::llround(*dateSeconds * 1000);
    else if (dateMoment)
        run.startedAtMs = dateMoment->ms;
    else
        imported.warnings.push_back(u"the file gives no \"date\"; the run's start is unknown and left at 0"_s);
    const std::optional<double> duration = secondsOf(member(document, "total_evaluation_time_seconds"));
    if (duration && run.startedAtMs > 0)
        run.finishedAtMs = run.startedAtMs + std::llround(*duration * 1000);

    Json definition = Json::object();
    definition["importedFrom"] = "lm-evaluation-harness";
    for (const char *key : {"lm_eval_version", "git_hash", "config", "n-shot", "versions"}) {
        if (const Json *value = member(document, key))
            definition[key] = *value;
    }
    run.definitionJson = toQString(definition.dump());
}

ImportedEvaluation lmEvalFrom(const Json &document)
{
    const Json &results = *member(document, "results");
    ImportedEvaluation imported;
    std::set<std::pair<QString, QString>> seen;
    readLmEvalTasks(document, results, u"results"_s, seen, imported);
    if (const Json *groups = member(document, "groups"); groups && groups->is_object())
        readLmEvalTasks(document, *groups, u"groups"_s, seen, imported);
    if (imported.metrics.empty())
        imported.warnings.push_back(u"the file holds no metric that could be read"_s);
    describeLmEvalRun(document, results, imported);
    return imported;
}

bool looksLikeLmEval(const Json &document)
{
    const Json *results = member(document, "results");
    if (!results || !results->is_object() || promptfooShape(document))
        return false;
    for (const char *key : {"versions", "configs", "config", "n-shot", "n-samples", "higher_is_better",
                            "group_subtasks", "lm_eval_version"}) {
        if (member(document, key))
            return true;
    }
    // Tools that trim the file keep {"results": {task: {metric: value}}} only.
    return std::any_of(results->begin(), results->end(), [](const Json &task) {
        return task.is_object() && std::any_of(task.begin(), task.end(), [](const Json &v) { return v.is_number(); });
    });
}

} // namespace

ImportedEvaluation readPromptfooOutput(QByteArrayView json)
{
    const Json document = parseDocument(json);
    if (!document.is_object())
        fail(u"not promptfoo output: the top level is %1, not an object"_s.arg(typeName(document)));
    const std::optional<PromptfooShape> shape = promptfooShape(document);
    if (!shape && !member(document, "results"))
        fail(u"not promptfoo output: there is no \"results\""_s);
    if (!shape)
        fail(u"not promptfoo output: \"results\" is neither an array of result rows nor an object "
             u"with one in \"results\""_s);
    return promptfooFrom(document, *shape);
}

ImportedEvaluation readLmEvalResults(QByteArrayView json)
{
    const Json document = parseDocument(json);
    if (!document.is_object())
        fail(u"not lm-evaluation-harness results: the top level is %1, not an object"_s.arg(typeName(document)));
    const Json *results = member(document, "results");
    if (!results || !results->is_object())
        fail(u"not lm-evaluation-harness results: there is no \"results\" object of tasks"_s);
    if (promptfooShape(document))
        fail(u"not lm-evaluation-harness results: \"results\" holds result rows, as promptfoo output does"_s);
    return lmEvalFrom(document);
}

ImportedEvaluation readEvaluationFile(QByteArrayView json)
{
    const Json document = parseDocument(json);
    const QString neither = u"neither promptfoo output nor lm-evaluation-harness results: "_s;
    if (!document.is_object())
        fail(neither + u"the top level is %1, not an object"_s.arg(typeName(document)));
    if (const std::optional<PromptfooShape> shape = promptfooShape(document))
        return promptfooFrom(document, *shape);
    if (looksLikeLmEval(document))
        return lmEvalFrom(document);
    if (!member(document, "results"))
        fail(neither + u"there is no \"results\""_s);
    fail(neither + u"\"results\" holds neither result rows nor tasks with metrics"_s);
}

} // namespace llmops
