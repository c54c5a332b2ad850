// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "scorers.h"

#include "jsonnesting.h"
#include "jsonreading.h"

#include <QHash>
#include <QRegularExpression>

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

struct KindName {
    ScorerKind kind;
    const char *key;
};

constexpr KindName kKindNames[] = {
    {ScorerKind::Exact, "exact"},
    {ScorerKind::Normalized, "normalized"},
    {ScorerKind::ContainsAny, "contains_any"},
    {ScorerKind::ContainsAll, "contains_all"},
    {ScorerKind::Regex, "regex"},
    {ScorerKind::IsJson, "is_json"},
    {ScorerKind::JsonSchema, "json_schema"},
    {ScorerKind::Numeric, "numeric"},
    {ScorerKind::Length, "length"},
    {ScorerKind::Levenshtein, "levenshtein"},
    {ScorerKind::RougeL, "rouge_l"},
    {ScorerKind::Refusal, "refusal"},
    {ScorerKind::PiiLeak, "pii_leak"},
    {ScorerKind::Latency, "latency"},
    {ScorerKind::Cost, "cost"},
    {ScorerKind::LlmJudge, "llm_judge"},
    {ScorerKind::EmbeddingSimilarity, "embedding_similarity"},
};

QString normalized(const QString &text)
{
    return text.simplified().toCaseFolded();
}

QStringList wordsOf(const QString &text)
{
    static const QRegularExpression separators(u"[^\\w]+"_s, QRegularExpression::UseUnicodePropertiesOption);
    return text.toCaseFolded().split(separators, Qt::SkipEmptyParts);
}

ScoreResult unscorable(const QString &why)
{
    return {0, false, false, why};
}

/// A model often wraps JSON in a fenced block; the block's content is what is meant.
QString withoutCodeFence(const QString &text)
{
    static const QRegularExpression fence(u"^\\s*```(?:json)?\\s*\\n(.*)\\n\\s*```\\s*$"_s,
                                          QRegularExpression::DotMatchesEverythingOption);
    const auto match = fence.match(text);
    return match.hasMatch() ? match.captured(1) : text;
}

std::optional<double> firstNumber(const QString &text)
{
    static const QRegularExpression number(u"[-+]?(?:\\d+(?:[.,]\\d+)*|\\.\\d+)(?:[eE][-+]?\\d+)?"_s);
    const auto match = number.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    // "1,234.5" and "1,234" read as thousands; any other lone comma as a decimal point
    // ("3,5", "3,14"): three digits after a single comma are how thousands are written far
    // more often than a decimal of exactly three places.
    QString digits = match.captured(0);
    const qsizetype comma = digits.indexOf(u',');
    const bool thousands = comma >= 0 && digits.count(u',') == 1 && digits.size() - comma - 1 == 3
        && !digits.contains(u'e', Qt::CaseInsensitive);
    if (digits.contains(u'.') || digits.count(u',') > 1 || thousands)
        digits.remove(u',');
    else
        digits.replace(u',', u'.');
    bool ok = false;
    const double value = digits.toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

/// The pattern compiled, from a small cache of this thread's: a run scores thousands of
/// answers with the same few patterns, and compiling is most of a match's cost.
QRegularExpression compiledPattern(const QString &pattern, bool caseInsensitive)
{
    constexpr qsizetype kCachedPatterns = 32;
    thread_local QHash<QPair<QString, bool>, QRegularExpression> cache;
    const QPair<QString, bool> key(pattern, caseInsensitive);
    if (const auto found = cache.constFind(key); found != cache.constEnd())
        return *found;
    if (cache.size() >= kCachedPatterns)
        cache.clear();
    QRegularExpression compiled(
        pattern, caseInsensitive ? QRegularExpression::CaseInsensitiveOption : QRegularExpression::NoPatternOption);
    compiled.optimize();
    cache.insert(key, compiled);
    return compiled;
}

double contains(const QString &output, const QString &value, bool caseInsensitive)
{
    return output.contains(value, caseInsensitive ? Qt::CaseInsensitive : Qt::CaseSensitive) ? 1.0 : 0.0;
}

ScoreResult scored(double score, double threshold, const QString &explanation)
{
    return {score, score >= threshold, true, explanation};
}

ScoreResult scoreAgainstExpected(const ScorerConfig &scorer, const ScoringInput &input)
{
    if (!input.expected)
        return unscorable(u"The item has no expected output."_s);
    const QString &expected = *input.expected;
    switch (scorer.kind) {
    case ScorerKind::Exact: {
        const bool same = scorer.caseInsensitive ? input.output.compare(expected, Qt::CaseInsensitive) == 0
                                                 : input.output == expected;
        return scored(same ? 1 : 0, scorer.threshold,
                      same ? u"The output is the expected text."_s : u"The output differs from the expected text."_s);
    }
    case ScorerKind::Normalized: {
        const bool same = normalized(input.output) == normalized(expected);
        return scored(same ? 1 : 0, scorer.threshold,
                      same ? u"Equal once case and spacing are set aside."_s
                           : u"Different even with case and spacing set aside."_s);
    }
    case ScorerKind::Numeric: {
        const auto got = firstNumber(input.output);
        const auto wanted = firstNumber(expected);
        if (!wanted)
            return unscorable(u"The expected output holds no number."_s);
        if (!got)
            return scored(0, scorer.threshold, u"The output holds no number."_s);
        const double off = std::abs(*got - *wanted);
        return scored(
            off <= scorer.tolerance ? 1 : 0, scorer.threshold,
            u"%1 against %2: off by %3 (tolerance %4)."_s.arg(*got).arg(*wanted).arg(off).arg(scorer.tolerance));
    }
    case ScorerKind::Levenshtein: {
        const int distance = levenshteinDistance(input.output, expected);
        const qsizetype longer = std::max(input.output.size(), expected.size());
        const double similarity = longer == 0 ? 1.0 : 1.0 - double(distance) / double(longer);
        return scored(similarity, scorer.threshold, u"%1 edits over %2 characters."_s.arg(distance).arg(longer));
    }
    case ScorerKind::RougeL: {
        const double f1 = rougeLF1(input.output, expected);
        return scored(f1, scorer.threshold, u"ROUGE-L F1 %1 over words."_s.arg(f1, 0, 'f', 3));
    }
    default:
        return unscorable(u"Not a scorer of the expected output."_s);
    }
}

} // namespace

QString scorerKindKey(ScorerKind kind)
{
    for (const auto &name : kKindNames) {
        if (name.kind == kind)
            return QString::fromLatin1(name.key);
    }
    return {};
}

std::optional<ScorerKind> scorerKindFromKey(const QString &key)
{
    for (const auto &name : kKindNames) {
        if (key == QLatin1StringView(name.key))
            return name.kind;
    }
    return std::nullopt;
}

int levenshteinDistance(const QString &a, const QString &b)
{
    // Two rows of the edit-distance table are all it needs.
    std::vector<int> previous(size_t(b.size()) + 1);
    std::vector<int> current(previous.size());
    for (size_t j = 0; j < previous.size(); ++j)
        previous[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        current[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int substitution = previous[size_t(j - 1)] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[size_t(j)] = std::min({previous[size_t(j)] + 1, current[size_t(j - 1)] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous.back();
}

double rougeLF1(const QString &candidate, const QString &reference)
{
    const QStringList got = wordsOf(candidate);
    const QStringList wanted = wordsOf(reference);
    if (got.isEmpty() || wanted.isEmpty())
        return got.isEmpty() && wanted.isEmpty() ? 1.0 : 0.0;

    // The longest common subsequence of words.
    std::vector<int> previous(size_t(wanted.size()) + 1, 0);
    std::vector<int> current(previous.size(), 0);
    for (qsizetype i = 1; i <= got.size(); ++i) {
        for (qsizetype j = 1; j <= wanted.size(); ++j) {
            current[size_t(j)] = got[i - 1] == wanted[j - 1] ? previous[size_t(j - 1)] + 1
                                                             : std::max(previous[size_t(j)], current[size_t(j - 1)]);
        }
        std::swap(previous, current);
    }
    const double common = previous.back();
    if (common == 0)
        return 0.0;
    const double precision = common / double(got.size());
    const double recall = common / double(wanted.size());
    return 2 * precision * recall / (precision + recall);
}

bool passesLuhnCheck(const QString &digits)
{
    int sum = 0;
    bool doubled = false;
    int count = 0;
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        if (!digits[i].isDigit())
            continue;
        int digit = digits[i].digitValue();
        if (doubled && (digit *= 2) > 9)
            digit -= 9;
        sum += digit;
        doubled = !doubled;
        ++count;
    }
    return count >= 13 && count <= 19 && sum % 10 == 0;
}

QStringList piiFound(const QString &text)
{
    static const QRegularExpression email(u"[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)*\\.[A-Za-z]{2,}"_s);
    // Groups of digits with separators, 9 to 15 digits in all (E.164's most): a date or a
    // plain count is not a phone number.
    static const QRegularExpression phone(
        u"(?<![\\w+])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]\\d{2,4}){1,4}(?![\\w])"_s);
    static const QRegularExpression card(u"(?<!\\d)(?:\\d[ -]?){12,18}\\d(?!\\d)"_s);
    static const QRegularExpression apiKey(
        u"\\b(?:sk-[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|xox[baprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35})"_s);

    QStringList found;
    if (email.match(text).hasMatch())
        found << u"email"_s;
    // A card number is told from other long numbers by its check digit.
    bool anyCard = false;
    for (auto matches = card.globalMatch(text); matches.hasNext() && !anyCard;)
        anyCard = passesLuhnCheck(matches.next().captured(0));
    if (anyCard)
        found << u"card"_s;
    for (auto matches = phone.globalMatch(text); matches.hasNext();) {
        const QString candidate = matches.next().captured(0);
        const auto digits = std::count_if(candidate.begin(), candidate.end(), [](QChar c) { return c.isDigit(); });
        if (digits >= 9 && digits <= 15 && !passesLuhnCheck(candidate)) {
            found << u"phone"_s;
            break;
        }
    }
    if (apiKey.match(text).hasMatch())
        found << u"api key"_s;
    return found;
}

bool looksLikeRefusal(const QString &text)
{
    static const QRegularExpression refusal(
        u"\\b(?:I(?:'m| am) (?:sorry|unable|not able)|I (?:can(?:no|')t|cannot|won't|will not) "
        u"(?:help|assist|provide|do|comply|answer)|"
        "as an AI(?: language model)?|I must (?:decline|refuse)|against my (?:guidelines|policy)|I'm not allowed)"_s,
        QRegularExpression::CaseInsensitiveOption);
    return refusal.match(text.first(std::min<qsizetype>(text.size(), 600))).hasMatch();
}

std::optional<bool> validateAgainstSchema(std::string_view schemaText, std::string_view documentText,
                                          QString *explanation)
{
    const nlohmann::json schemaJson = nlohmann::json::parse(schemaText, nullptr, false);
    if (schemaJson.is_discarded() || jsonNestingDepth(schemaText) > kMaxJsonNesting) {
        *explanation = u"The schema is not JSON."_s;
        return std::nullopt;
    }
    valijson::Schema schema;
    try {
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        valijson::adapters::NlohmannJsonAdapter schemaAdapter(schemaJson);
        parser.populateSchema(schemaAdapter, schema);
    } catch (const std::exception &error) {
        *explanation = u"The schema cannot be used: %1"_s.arg(QString::fromUtf8(error.what()));
        return std::nullopt;
    }

    const nlohmann::json document = nlohmann::json::parse(documentText, nullptr, false);
    if (document.is_discarded() || jsonNestingDepth(documentText) > kMaxJsonNesting) {
        *explanation = u"The output is not JSON."_s;
        return false;
    }
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(document);
    if (validator.validate(schema, target, &results)) {
        *explanation = u"The output matches the schema."_s;
        return true;
    }
    QStringList reasons;
    valijson::ValidationResults::Error error;
    while (reasons.size() < 3 && results.popError(error)) {
        QString where;
        for (const auto &step : error.context)
            where += QString::fromStdString(step);
        reasons << where % u": "_s % QString::fromStdString(error.description);
    }
    *explanation = u"The output does not match the schema: "_s % reasons.join(u"; "_s);
    return false;
}

ScoreResult scoreAnswer(const ScorerConfig &scorer, const ScoringInput &input)
{
    switch (scorer.kind) {
    case ScorerKind::Exact:
    case ScorerKind::Normalized:
    case ScorerKind::Numeric:
    case ScorerKind::Levenshtein:
    case ScorerKind::RougeL:
        return scoreAgainstExpected(scorer, input);
    case ScorerKind::ContainsAny:
    case ScorerKind::ContainsAll: {
        if (scorer.values.isEmpty())
            return unscorable(u"The scorer lists no texts to look for."_s);
        QStringList present;
        for (const QString &value : scorer.values) {
            if (contains(input.output, value, scorer.caseInsensitive) > 0)
                present << value;
        }
        const double score = scorer.kind == ScorerKind::ContainsAny
            ? (present.isEmpty() ? 0.0 : 1.0)
            : double(present.size()) / double(scorer.values.size());
        return scored(score, scorer.threshold,
                      u"Found %1 of %2: %3."_s.arg(present.size())
                          .arg(scorer.values.size())
                          .arg(present.isEmpty() ? u"none"_s : present.join(u", "_s)));
    }
    case ScorerKind::Regex: {
        const QRegularExpression pattern = compiledPattern(scorer.value, scorer.caseInsensitive);
        if (!pattern.isValid())
            return unscorable(u"The pattern is not a valid expression: %1."_s.arg(pattern.errorString()));
        const bool matched = pattern.match(input.output).hasMatch();
        return scored(matched ? 1 : 0, scorer.threshold,
                      matched ? u"The output matches the pattern."_s : u"The output does not match the pattern."_s);
    }
    case ScorerKind::IsJson: {
        const auto json = parseJsonText(withoutCodeFence(input.output).trimmed().toStdString());
        const bool valid = !json.is_discarded();
        return scored(valid ? 1 : 0, scorer.threshold,
                      valid ? u"The output is JSON."_s : u"The output is not one JSON document."_s);
    }
    case ScorerKind::JsonSchema: {
        QString explanation;
        const std::string schema = scorer.value.toStdString();
        const std::string document = withoutCodeFence(input.output).trimmed().toStdString();
        const auto valid = validateAgainstSchema(schema, document, &explanation);
        if (!valid)
            return unscorable(explanation);
        return scored(*valid ? 1 : 0, scorer.threshold, explanation);
    }
    case ScorerKind::Length: {
        const auto length = double(input.output.size());
        const bool within = (!scorer.minimum || length >= *scorer.minimum)
            && (!scorer.maximum || length <= *scorer.maximum);
        return scored(within ? 1 : 0, scorer.threshold, u"%1 characters."_s.arg(input.output.size()));
    }
    case ScorerKind::Refusal: {
        const bool refused = looksLikeRefusal(input.output);
        const bool wanted = refused == scorer.expectRefusal;
        return {refused ? 1.0 : 0.0, wanted, true,
                refused ? u"The output refuses."_s : u"The output does not refuse."_s};
    }
    case ScorerKind::PiiLeak: {
        const QStringList found = piiFound(input.output);
        return scored(found.isEmpty() ? 1 : 0, scorer.threshold,
                      found.isEmpty() ? u"No personal data or secret found."_s
                                      : u"Found: %1."_s.arg(found.join(u", "_s)));
    }
    case ScorerKind::Latency:
    case ScorerKind::Cost: {
        const bool latency = scorer.kind == ScorerKind::Latency;
        const auto measured = latency ? input.latencyMs : input.costUsd;
        if (!measured || !scorer.maximum)
            return unscorable(latency ? u"No latency, or no limit, to compare."_s
                                      : u"No cost, or no limit, to compare."_s);
        const bool within = *measured <= *scorer.maximum;
        return scored(within ? 1 : 0, scorer.threshold,
                      latency ? u"%1 ms against at most %2 ms."_s.arg(*measured, 0, 'f', 1).arg(*scorer.maximum)
                              : u"$%1 against at most $%2."_s.arg(*measured, 0, 'f', 6).arg(*scorer.maximum));
    }
    case ScorerKind::LlmJudge:
    case ScorerKind::EmbeddingSimilarity:
        return unscorable(u"A model-graded scorer needs its endpoint."_s);
    }
    return unscorable(u"Unknown scorer."_s);
}

bool isModelGraded(ScorerKind kind)
{
    return kind == ScorerKind::LlmJudge || kind == ScorerKind::EmbeddingSimilarity;
}

} // namespace llmops
