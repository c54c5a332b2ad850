// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "promexposition.h"

#include <QByteArrayView>
#include <QString>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

namespace llmops {

namespace {

using Severity = ExpositionProblem::Severity;

/// OpenMetrics caps an exemplar's label names and values together at 128 characters.
constexpr size_t kMaxExemplarLabelCharacters = 128;

bool isNameStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}

bool isNameCharacter(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9');
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

std::string_view skipBlanks(std::string_view text)
{
    size_t at = 0;
    while (at < text.size() && isBlank(text[at]))
        ++at;
    return text.substr(at);
}

/// The leading run of non-blank characters.
std::string_view leadingToken(std::string_view text)
{
    size_t at = 0;
    while (at < text.size() && !isBlank(text[at]))
        ++at;
    return text.substr(0, at);
}

/// A metric name at the start of `text` ([a-zA-Z_:][a-zA-Z0-9_:]*), or empty.
std::string_view leadingMetricName(std::string_view text)
{
    if (text.empty() || !isNameStart(text[0]))
        return {};
    size_t at = 1;
    while (at < text.size() && isNameCharacter(text[at]))
        ++at;
    return text.substr(0, at);
}

bool isLabelName(std::string_view name)
{
    // As metric names, without colons.
    if (name.empty() || name[0] == ':' || !isNameStart(name[0]))
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) { return isNameCharacter(c) && c != ':'; });
}

/// A sample value or a float timestamp as both formats write them: Go's float syntax,
/// with `NaN`, `Inf`, `+Inf` and `-Inf` in any case.
std::optional<double> parseFloat(std::string_view token)
{
    if (token.empty())
        return std::nullopt;
    // from_chars takes neither a leading '+' nor "0x" hex; the formats allow the first.
    const bool plus = token[0] == '+';
    if (plus)
        token.remove_prefix(1);
    if (token.empty() || token[0] == '+' || (plus && token[0] == '-'))
        return std::nullopt;
    double value = 0;
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
    // Out of range means beyond ±1.8e308 (Go gives ±Inf) or below the smallest subnormal (0).
    if (error == std::errc::result_out_of_range) {
        const bool negative = token[0] == '-';
        const bool tiny = token.find_first_of("eE") != std::string_view::npos
            && token.substr(token.find_first_of("eE") + 1).starts_with('-');
        return tiny ? (negative ? -0.0 : 0.0)
                    : (negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity());
    }
    if (error != std::errc() || end != token.data() + token.size())
        return std::nullopt;
    return value;
}

std::optional<qint64> parseInteger(std::string_view token)
{
    qint64 value = 0;
    if (token.starts_with('+'))
        token.remove_prefix(1);
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (error != std::errc() || end != token.data() + token.size() || token.empty())
        return std::nullopt;
    return value;
}

std::optional<MetricType> metricTypeOfName(std::string_view name)
{
    static const std::map<std::string_view, MetricType> types = {{"counter", MetricType::Counter},
                                                                 {"gauge", MetricType::Gauge},
                                                                 {"histogram", MetricType::Histogram},
                                                                 {"summary", MetricType::Summary},
                                                                 {"untyped", MetricType::Untyped},
                                                                 {"unknown", MetricType::Untyped},
                                                                 {"gaugehistogram", MetricType::GaugeHistogram},
                                                                 {"info", MetricType::Info},
                                                                 {"stateset", MetricType::StateSet}};
    const auto found = types.find(name);
    return found == types.end() ? std::nullopt : std::optional(found->second);
}

/// HELP text with its escapes decoded: `\\` and `\n` in both formats, `\"` in OpenMetrics.
std::string decodedHelp(std::string_view text)
{
    std::string help;
    help.reserve(text.size());
    for (size_t at = 0; at < text.size(); ++at) {
        if (text[at] == '\\' && at + 1 < text.size()) {
            const char next = text[at + 1];
            if (next == '\\' || next == '"' || next == 'n') {
                help += next == 'n' ? '\n' : next;
                ++at;
                continue;
            }
        }
        help += text[at];
    }
    return help;
}

/// Which sample names a family of each type has, by suffix.
bool suffixBelongsTo(std::string_view suffix, MetricType type)
{
    switch (type) {
    case MetricType::Counter:
        return suffix == "_total" || suffix == "_created";
    case MetricType::Histogram:
        return suffix == "_bucket" || suffix == "_count" || suffix == "_sum" || suffix == "_created";
    case MetricType::Summary:
        return suffix == "_count" || suffix == "_sum" || suffix == "_created";
    case MetricType::GaugeHistogram:
        return suffix == "_bucket" || suffix == "_gcount" || suffix == "_gsum";
    case MetricType::Info:
        return suffix == "_info";
    default:
        return false;
    }
}

/// The labels of a series without the one that tells its buckets or quantiles apart,
/// in name order: what identifies a histogram's or summary's series as a whole.
std::string seriesKey(const MetricLabels &labels)
{
    std::vector<const std::pair<std::string, std::string> *> kept;
    for (const auto &label : labels) {
        if (label.first != "le" && label.first != "quantile")
            kept.push_back(&label);
    }
    std::sort(kept.begin(), kept.end(), [](const auto *a, const auto *b) { return a->first < b->first; });
    std::string key;
    for (const auto *label : kept) {
        key += label->first;
        key += '\0';
        key += label->second;
        key += '\0';
    }
    return key;
}

class ExpositionReader
{
public:
    ExpositionReader(std::string_view text, ExpositionFormat format)
        : m_text(text)
    {
        m_exposition.format = format;
    }

    Exposition read()
    {
        int lineNumber = 0;
        size_t at = 0;
        while (at < m_text.size()) {
            const size_t end = std::min(m_text.find('\n', at), m_text.size());
            std::string_view line = m_text.substr(at, end - at);
            at = end + 1;
            ++lineNumber;
            if (line.ends_with('\r'))
                line.remove_suffix(1);
            readLine(line, lineNumber);
        }
        if (m_exposition.format == ExpositionFormat::OpenMetrics && !m_sawEof)
            problem(lineNumber, Severity::Warning, "OpenMetrics text must end with \"# EOF\"");
        for (auto &family : m_exposition.families)
            finishFamily(family);
        return std::move(m_exposition);
    }

private:
    void problem(int line, Severity severity, std::string message)
    {
        m_exposition.problems.push_back({line, severity, std::move(message)});
    }

    void readLine(std::string_view line, int lineNumber)
    {
        if (m_sawEof) {
            if (!skipBlanks(line).empty() && !m_warnedAfterEof) {
                problem(lineNumber, Severity::Warning, "text after \"# EOF\" is ignored");
                m_warnedAfterEof = true;
            }
            return;
        }
        const std::string_view content = skipBlanks(line);
        if (content.empty())
            return;
        if (content[0] == '#')
            readComment(content.substr(1), lineNumber);
        else
            readSample(content, lineNumber);
    }

    void readComment(std::string_view rest, int lineNumber)
    {
        rest = skipBlanks(rest);
        const std::string_view keyword = leadingToken(rest);
        if (keyword == "EOF" && skipBlanks(rest.substr(3)).empty()) {
            m_sawEof = true;
            return;
        }
        if (keyword != "HELP" && keyword != "TYPE" && keyword != "UNIT")
            return; // a plain comment

        rest = skipBlanks(rest.substr(keyword.size()));
        const std::string_view name = leadingMetricName(rest);
        if (name.empty() || (name.size() < rest.size() && !isBlank(rest[name.size()]))) {
            problem(lineNumber, Severity::Error, "# " + std::string(keyword) + " names no valid metric name");
            return;
        }
        // One blank separates the name from the text; more belong to a HELP text.
        std::string_view text = rest.substr(name.size());
        if (!text.empty())
            text.remove_prefix(1);
        MetricFamily &family = familyNamed(name);
        const size_t index = size_t(&family - m_exposition.families.data());

        if (keyword == "HELP") {
            if (m_helpSeen[index]) {
                problem(lineNumber, Severity::Warning,
                        "a second # HELP for " + std::string(name) + " (the first is kept)");
                return;
            }
            m_helpSeen[index] = true;
            family.help = decodedHelp(text);
        } else if (keyword == "TYPE") {
            const std::string_view typeName = leadingToken(skipBlanks(text));
            const auto type = metricTypeOfName(typeName);
            if (!type || !skipBlanks(skipBlanks(text).substr(typeName.size())).empty()) {
                problem(lineNumber, Severity::Error, "unknown metric type \"" + std::string(skipBlanks(text)) + "\"");
                return;
            }
            if (m_typeSeen[index]) {
                if (*type == family.type) {
                    problem(lineNumber, Severity::Warning, "a second # TYPE for " + std::string(name));
                } else {
                    problem(lineNumber, Severity::Error,
                            "# TYPE " + std::string(metricTypeName(*type)) + " for " + std::string(name)
                                + ", which was declared " + metricTypeName(family.type) + " (the first is kept)");
                }
                return;
            }
            if (!family.samples.empty()) {
                problem(lineNumber, Severity::Warning, "# TYPE for " + std::string(name) + " comes after its samples");
            }
            m_typeSeen[index] = true;
            family.type = *type;
        } else {
            family.unit = std::string(skipBlanks(text));
        }
        m_lastSampleName.clear(); // the family a name resolves to may have changed
    }

    MetricFamily &familyNamed(std::string_view name)
    {
        const auto found = m_familyIndex.find(std::string(name));
        if (found != m_familyIndex.end())
            return m_exposition.families[found->second];
        m_familyIndex.emplace(std::string(name), m_exposition.families.size());
        MetricFamily &family = m_exposition.families.emplace_back();
        family.name = std::string(name);
        m_helpSeen.push_back(false);
        m_typeSeen.push_back(false);
        return family;
    }

    /// The family a sample name belongs to: a family of that name, one whose name with a
    /// suffix of its type gives it, or an untyped family of its own.
    size_t familyOfSample(std::string_view sampleName)
    {
        if (sampleName == m_lastSampleName)
            return m_lastFamily;

        std::optional<size_t> index;
        if (const auto exact = m_familyIndex.find(std::string(sampleName)); exact != m_familyIndex.end())
            index = exact->second;
        for (const std::string_view suffix :
             {"_bucket", "_count", "_sum", "_created", "_total", "_gcount", "_gsum", "_info"}) {
            if (index || !sampleName.ends_with(suffix))
                continue;
            const auto base = m_familyIndex.find(std::string(sampleName.substr(0, sampleName.size() - suffix.size())));
            if (base != m_familyIndex.end() && suffixBelongsTo(suffix, m_exposition.families[base->second].type)) {
                index = base->second;
                break;
            }
        }
        if (!index) {
            MetricFamily &family = familyNamed(sampleName);
            index = size_t(&family - m_exposition.families.data());
        }
        m_lastSampleName = std::string(sampleName);
        m_lastFamily = *index;
        return *index;
    }

    /// Reads `{name="value", ...}` from the start of `text`; the rest after the closing
    /// brace, or nullopt with `error` set.
    std::optional<std::string_view> readLabels(std::string_view text, MetricLabels &labels, std::string &error)
    {
        text.remove_prefix(1); // '{'
        while (true) {
            text = skipBlanks(text);
            if (text.empty()) {
                error = "the label set is not closed";
                return std::nullopt;
            }
            if (text[0] == '}')
                return text.substr(1);

            size_t nameEnd = 0;
            while (nameEnd < text.size() && isNameCharacter(text[nameEnd]))
                ++nameEnd;
            const std::string_view name = text.substr(0, nameEnd);
            if (!isLabelName(name)) {
                error = name.empty() ? "a label name is missing"
                                     : "\"" + std::string(name) + "\" is no valid label name";
                return std::nullopt;
            }
            text = skipBlanks(text.substr(nameEnd));
            if (!text.starts_with('=')) {
                error = "label " + std::string(name) + " has no '='";
                return std::nullopt;
            }
            text = skipBlanks(text.substr(1));
            if (!text.starts_with('"')) {
                error = "the value of label " + std::string(name) + " is not quoted";
                return std::nullopt;
            }
            std::string value;
            size_t at = 1;
            bool closed = false;
            for (; at < text.size(); ++at) {
                const char c = text[at];
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c != '\\') {
                    value += c;
                    continue;
                }
                if (++at == text.size())
                    break;
                const char escaped = text[at];
                if (escaped == '\\' || escaped == '"')
                    value += escaped;
                else if (escaped == 'n')
                    value += '\n';
                else {
                    error = "label " + std::string(name) + " has an unknown escape \\" + std::string(1, escaped);
                    return std::nullopt;
                }
            }
            if (!closed) {
                error = "the value of label " + std::string(name) + " is not closed";
                return std::nullopt;
            }
            if (!QByteArrayView(value.data(), qsizetype(value.size())).isValidUtf8()) {
                error = "the value of label " + std::string(name) + " is not valid UTF-8";
                return std::nullopt;
            }
            const bool repeated = std::any_of(labels.begin(), labels.end(),
                                              [&](const auto &label) { return label.first == name; });
            if (repeated) {
                error = "label " + std::string(name) + " is given twice";
                return std::nullopt;
            }
            labels.emplace_back(std::string(name), std::move(value));
            text = skipBlanks(text.substr(at + 1));
            if (text.starts_with(','))
                text.remove_prefix(1); // also the trailing comma Java's simpleclient writes
            else if (!text.starts_with('}')) {
                error = "labels must be separated by ','";
                return std::nullopt;
            }
        }
    }

    std::optional<qint64> readTimestamp(std::string_view token)
    {
        if (m_exposition.format == ExpositionFormat::OpenMetrics) {
            const auto seconds = parseFloat(token);
            if (!seconds || !std::isfinite(*seconds) || std::abs(*seconds) > 9.2e15)
                return std::nullopt;
            return qint64(std::llround(*seconds * 1000.0));
        }
        return parseInteger(token);
    }

    std::optional<Exemplar> readExemplar(std::string_view text, int lineNumber)
    {
        text = skipBlanks(text);
        Exemplar exemplar;
        std::string error;
        if (!text.starts_with('{')) {
            problem(lineNumber, Severity::Warning, "an exemplar has no label set (it is left out)");
            return std::nullopt;
        }
        const auto rest = readLabels(text, exemplar.labels, error);
        if (!rest) {
            problem(lineNumber, Severity::Warning, "the exemplar is left out: " + error);
            return std::nullopt;
        }
        text = skipBlanks(*rest);
        const std::string_view valueToken = leadingToken(text);
        const auto value = parseFloat(valueToken);
        if (!value) {
            problem(lineNumber, Severity::Warning, "the exemplar is left out: its value is no number");
            return std::nullopt;
        }
        exemplar.value = *value;
        text = skipBlanks(text.substr(valueToken.size()));
        if (!text.empty()) {
            const std::string_view timeToken = leadingToken(text);
            const auto seconds = parseFloat(timeToken);
            if (!seconds || !skipBlanks(text.substr(timeToken.size())).empty()) {
                problem(lineNumber, Severity::Warning, "the exemplar is left out: text after its value");
                return std::nullopt;
            }
            exemplar.timestampSeconds = *seconds;
        }
        size_t characters = 0;
        for (const auto &[name, labelValue] : exemplar.labels)
            characters += QString::fromStdString(name + labelValue).size();
        if (characters > kMaxExemplarLabelCharacters)
            problem(lineNumber, Severity::Warning, "the exemplar's labels are longer than OpenMetrics allows");
        return exemplar;
    }

    void readSample(std::string_view line, int lineNumber)
    {
        const std::string_view name = leadingMetricName(line);
        if (name.empty()) {
            problem(lineNumber, Severity::Error, "the line starts with no valid metric name");
            return;
        }
        MetricSample sample;
        sample.line = lineNumber;
        std::string_view rest = line.substr(name.size());
        if (rest.starts_with('{')) {
            std::string error;
            const auto afterLabels = readLabels(rest, sample.labels, error);
            if (!afterLabels) {
                problem(lineNumber, Severity::Error, error);
                return;
            }
            rest = *afterLabels;
        }
        if (rest.empty() || !isBlank(rest[0])) {
            problem(lineNumber, Severity::Error,
                    rest.empty() ? "the sample has no value" : "no blank before the value");
            return;
        }
        rest = skipBlanks(rest);
        const std::string_view valueToken = leadingToken(rest);
        const auto value = parseFloat(valueToken);
        if (!value) {
            problem(lineNumber, Severity::Error, "\"" + std::string(valueToken) + "\" is no sample value");
            return;
        }
        sample.value = *value;
        rest = skipBlanks(rest.substr(valueToken.size()));
        if (!rest.empty() && rest[0] != '#') {
            const std::string_view timeToken = leadingToken(rest);
            sample.timestampMs = readTimestamp(timeToken);
            if (!sample.timestampMs) {
                problem(lineNumber, Severity::Error, "\"" + std::string(timeToken) + "\" is no timestamp");
                return;
            }
            rest = skipBlanks(rest.substr(timeToken.size()));
        }
        if (!rest.empty()) {
            if (rest[0] != '#') {
                problem(lineNumber, Severity::Error, "text after the sample: \"" + std::string(rest) + "\"");
                return;
            }
            sample.exemplar = readExemplar(rest.substr(1), lineNumber);
        }

        MetricFamily &family = m_exposition.families[familyOfSample(name)];
        if (!checkSample(family, name, sample))
            return;
        sample.name = std::string(name);
        family.samples.push_back(std::move(sample));
    }

    /// What each type asks of its samples; false (with the problem) drops the sample.
    bool checkSample(const MetricFamily &family, std::string_view name, const MetricSample &sample)
    {
        const bool bucket = name.size() == family.name.size() + 7 && name.ends_with("_bucket");
        if ((family.type == MetricType::Histogram || family.type == MetricType::GaugeHistogram) && bucket) {
            const std::string *le = sample.label("le");
            if (!le || !parseFloat(*le)) {
                problem(sample.line, Severity::Error, "a bucket of " + family.name + " has no numeric le label");
                return false;
            }
        }
        if (family.type == MetricType::Summary && name == family.name) {
            const std::string *quantile = sample.label("quantile");
            if (!quantile || !parseFloat(*quantile)) {
                problem(sample.line, Severity::Error,
                        "a quantile of " + family.name + " has no numeric quantile label");
                return false;
            }
        }
        if (family.type == MetricType::Counter && sample.value < 0) {
            problem(sample.line, Severity::Warning, "counter " + family.name + " is negative");
        }
        return true;
    }

    /// Once every line is read: `_created` samples become the created time of their
    /// series, and histograms are checked as a whole.
    void finishFamily(MetricFamily &family)
    {
        const bool hasCreated = family.type == MetricType::Counter || family.type == MetricType::Histogram
            || family.type == MetricType::Summary;
        if (hasCreated) {
            const std::string createdName = family.name + "_created";
            std::unordered_map<std::string, double> createdOf;
            for (const auto &sample : family.samples) {
                if (sample.name == createdName)
                    createdOf[seriesKey(sample.labels)] = sample.value;
            }
            if (!createdOf.empty()) {
                std::erase_if(family.samples, [&](const MetricSample &sample) { return sample.name == createdName; });
                for (auto &sample : family.samples) {
                    if (const auto found = createdOf.find(seriesKey(sample.labels)); found != createdOf.end())
                        sample.createdSeconds = found->second;
                }
            }
        }
        if (family.type == MetricType::Histogram || family.type == MetricType::GaugeHistogram)
            checkBuckets(family);
    }

    void checkBuckets(const MetricFamily &family)
    {
        struct Buckets {
            int line = 0;
            bool infinite = false;
            std::vector<std::pair<double, double>> bounds;
        };
        std::map<std::string, Buckets> series;
        const std::string bucketName = family.name + "_bucket";
        for (const auto &sample : family.samples) {
            if (sample.name != bucketName)
                continue;
            Buckets &buckets = series[seriesKey(sample.labels)];
            buckets.line = buckets.line == 0 ? sample.line : buckets.line;
            const double bound = *parseFloat(*sample.label("le"));
            buckets.infinite = buckets.infinite || std::isinf(bound);
            buckets.bounds.emplace_back(bound, sample.value);
        }
        for (auto &[key, buckets] : series) {
            if (!buckets.infinite) {
                problem(buckets.line, Severity::Warning, "histogram " + family.name + " has no le=\"+Inf\" bucket");
            }
            std::sort(buckets.bounds.begin(), buckets.bounds.end());
            for (size_t i = 1; i < buckets.bounds.size(); ++i) {
                if (buckets.bounds[i].second < buckets.bounds[i - 1].second) {
                    problem(buckets.line, Severity::Warning,
                            "the buckets of histogram " + family.name + " are not cumulative");
                    break;
                }
            }
        }
    }

    std::string_view m_text;
    Exposition m_exposition;
    std::unordered_map<std::string, size_t> m_familyIndex;
    std::vector<bool> m_helpSeen;
    std::vector<bool> m_typeSeen;
    std::string m_lastSampleName;
    size_t m_lastFamily = 0;
    bool m_sawEof = false;
    bool m_warnedAfterEof = false;
};

/// True when the text's last non-blank line is `# EOF`: OpenMetrics.
bool endsWithEof(std::string_view text)
{
    size_t end = text.size();
    while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r' || isBlank(text[end - 1])))
        --end;
    const size_t start = text.rfind('\n', end == 0 ? 0 : end - 1);
    const std::string_view last = text.substr(start == std::string_view::npos ? 0 : start + 1,
                                              end - (start == std::string_view::npos ? 0 : start + 1));
    return last == "# EOF";
}

} // namespace

const char *metricTypeName(MetricType type)
{
    switch (type) {
    case MetricType::Untyped:
        return "untyped";
    case MetricType::Counter:
        return "counter";
    case MetricType::Gauge:
        return "gauge";
    case MetricType::Histogram:
        return "histogram";
    case MetricType::Summary:
        return "summary";
    case MetricType::GaugeHistogram:
        return "gaugehistogram";
    case MetricType::Info:
        return "info";
    case MetricType::StateSet:
        return "stateset";
    }
    return "untyped";
}

const std::string *MetricSample::label(std::string_view name) const
{
    for (const auto &label : labels) {
        if (label.first == name)
            return &label.second;
    }
    return nullptr;
}

bool Exposition::hasErrors() const
{
    return std::any_of(problems.begin(), problems.end(),
                       [](const ExpositionProblem &problem) { return problem.severity == Severity::Error; });
}

const MetricFamily *Exposition::family(std::string_view name) const
{
    const auto found = std::find_if(families.begin(), families.end(),
                                    [&](const MetricFamily &family) { return family.name == name; });
    return found == families.end() ? nullptr : &*found;
}

Exposition parseExposition(std::string_view text, ExpositionFormat format)
{
    if (format == ExpositionFormat::Detect) {
        // Only the end is looked at: "# EOF" inside the text is what OpenMetrics ends with,
        // and text after it is a fault of an OpenMetrics exposition, reported as such.
        const bool openMetrics = endsWithEof(text) || text.find("\n# EOF\n") != std::string_view::npos
            || text.starts_with("# EOF\n");
        format = openMetrics ? ExpositionFormat::OpenMetrics : ExpositionFormat::Prometheus;
    }
    return ExpositionReader(text, format).read();
}

ExpositionFormat expositionFormatOfContentType(std::string_view contentType)
{
    return contentType.find("application/openmetrics-text") != std::string_view::npos ? ExpositionFormat::OpenMetrics
                                                                                      : ExpositionFormat::Detect;
}

} // namespace llmops
