// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// Reading the Prometheus text format and OpenMetrics: the field cases, and every kind of
// line the formats allow or that servers get wrong.
#include "fieldcases.h"
#include "promexposition.h"

#include <QTest>

#include <cmath>

using namespace llmops;

namespace {

Exposition parsed(const QByteArray &text, ExpositionFormat format = ExpositionFormat::Detect)
{
    return parseExposition(std::string_view(text.constData(), size_t(text.size())), format);
}

/// The one sample of a family whose labels include `name=value` (or its only sample).
const MetricSample *sampleOf(const Exposition &exposition, const char *family, const char *sampleName,
                             const char *label = nullptr, const char *value = nullptr)
{
    const MetricFamily *found = exposition.family(family);
    if (!found)
        return nullptr;
    for (const auto &sample : found->samples) {
        if (sample.name != sampleName)
            continue;
        if (!label || (sample.label(label) && *sample.label(label) == value))
            return &sample;
    }
    return nullptr;
}

int errorCount(const Exposition &exposition)
{
    return int(std::count_if(exposition.problems.begin(), exposition.problems.end(), [](const auto &problem) {
        return problem.severity == ExpositionProblem::Severity::Error;
    }));
}

QString problemsText(const Exposition &exposition)
{
    QStringList lines;
    for (const auto &problem : exposition.problems)
        lines << QStringLiteral("%1: %2").arg(problem.line).arg(QString::fromStdString(problem.message));
    return lines.join(u"; ");
}

} // namespace

class TestPromExposition : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fc19NamesWithColonsAndAHistogram()
    {
        const Exposition exposition = parsed(testing::fieldCase(u"FC-19.prom"));
        QVERIFY2(exposition.problems.empty(), qPrintable(problemsText(exposition)));
        QCOMPARE(exposition.format, ExpositionFormat::Prometheus);
        QCOMPARE(exposition.families.size(), size_t(6));

        QCOMPARE(sampleOf(exposition, "vllm:num_requests_running", "vllm:num_requests_running")->value, 3.0);
        QCOMPARE(*sampleOf(exposition, "vllm:num_requests_running", "vllm:num_requests_running")->label("model_name"),
                 std::string("acme/tiny-chat-8b"));
        QCOMPARE(sampleOf(exposition, "vllm:gpu_cache_usage_perc", "vllm:gpu_cache_usage_perc")->value, 0.4375);
        QCOMPARE(exposition.family("vllm:prompt_tokens_total")->type, MetricType::Counter);
        QCOMPARE(sampleOf(exposition, "vllm:prompt_tokens_total", "vllm:prompt_tokens_total")->value, 48213.0);
        QCOMPARE(sampleOf(exposition, "llamacpp:prompt_tokens_total", "llamacpp:prompt_tokens_total")->value, 1234.0);
        QCOMPARE(sampleOf(exposition, "llamacpp:predicted_tokens_seconds", "llamacpp:predicted_tokens_seconds")->value,
                 41.7);

        // The histogram: its _sum came before the buckets and still belongs to it.
        const MetricFamily *ttft = exposition.family("vllm:time_to_first_token_seconds");
        QVERIFY(ttft);
        QCOMPARE(ttft->type, MetricType::Histogram);
        QCOMPARE(ttft->help, std::string("Histogram of time to first token in seconds."));
        QCOMPARE(ttft->samples.size(), size_t(13));
        QCOMPARE(
            sampleOf(exposition, "vllm:time_to_first_token_seconds", "vllm:time_to_first_token_seconds_sum")->value,
            2.4);
        QCOMPARE(
            sampleOf(exposition, "vllm:time_to_first_token_seconds", "vllm:time_to_first_token_seconds_count")->value,
            52.0);
        QCOMPARE(sampleOf(exposition, "vllm:time_to_first_token_seconds", "vllm:time_to_first_token_seconds_bucket",
                          "le", "+Inf")
                     ->value,
                 52.0);
        QCOMPARE(sampleOf(exposition, "vllm:time_to_first_token_seconds", "vllm:time_to_first_token_seconds_bucket",
                          "le", "0.04")
                     ->value,
                 30.0);
    }

    void fc20EscapedLabelValues()
    {
        const Exposition exposition = parsed(testing::fieldCase(u"FC-20.prom"));
        QVERIFY2(exposition.problems.empty(), qPrintable(problemsText(exposition)));
        const MetricFamily *family = exposition.family("llm_route_requests_total");
        QVERIFY(family);
        QCOMPARE(family->samples.size(), size_t(4));
        QCOMPARE(family->help, std::string("Requests per route; note values may contain \\ and \n escapes."));

        QCOMPARE(*family->samples[0].label("note"), std::string("say \"hi\""));
        QCOMPARE(family->samples[0].value, 5.0);
        QCOMPARE(*family->samples[1].label("route"), std::string("C:\\models\\"));
        QCOMPARE(*family->samples[1].label("note"), std::string("ends with backslash"));
        QCOMPARE(family->samples[1].value, 2.0);
        QCOMPARE(*family->samples[2].label("note"), std::string("line1\nline2"));
        QCOMPARE(family->samples[2].value, 1.0);
        QCOMPARE(*family->samples[3].label("note"), std::string("unicode \xc3\xa9\xe4\xb8\xad"));
        QCOMPARE(family->samples[3].value, 7.0);
    }

    void fc22SpecialValuesAndATrailingComma()
    {
        const Exposition exposition = parsed(testing::fieldCase(u"FC-22.prom"));
        QVERIFY2(exposition.problems.empty(), qPrintable(problemsText(exposition)));
        const char *latency = "llm_proxy_upstream_latency_seconds";
        QCOMPARE(exposition.family(latency)->type, MetricType::Summary);
        QVERIFY(std::isnan(sampleOf(exposition, latency, latency, "quantile", "0.5")->value));
        QVERIFY(std::isnan(sampleOf(exposition, latency, latency, "quantile", "0.99")->value));
        QCOMPARE(*sampleOf(exposition, latency, latency, "quantile", "0.99")->label("upstream"),
                 std::string("primary"));
        QCOMPARE(sampleOf(exposition, latency, "llm_proxy_upstream_latency_seconds_sum")->value, 0.0);
        QCOMPARE(sampleOf(exposition, latency, "llm_proxy_upstream_latency_seconds_count")->value, 0.0);

        const char *budget = "llm_proxy_budget_remaining_usd";
        QCOMPARE(sampleOf(exposition, budget, budget, "team", "research")->value,
                 std::numeric_limits<double>::infinity());
        QCOMPARE(sampleOf(exposition, budget, budget, "team", "ops")->value, -std::numeric_limits<double>::infinity());
        QCOMPARE(sampleOf(exposition, budget, budget, "team", "eval")->value, 12.5);
    }

    void fc23RepeatedHelpAndTypeMakeOneFamily()
    {
        const Exposition exposition = parsed(testing::fieldCase(u"FC-23.prom"));
        QCOMPARE(errorCount(exposition), 0);
        QCOMPARE(exposition.problems.size(), size_t(2)); // the second HELP and the second TYPE
        QCOMPARE(exposition.problems[0].line, 4);
        QCOMPARE(exposition.problems[1].line, 5);
        QCOMPARE(exposition.families.size(), size_t(2));
        const char *active = "inference_active_operations";
        QCOMPARE(exposition.family(active)->type, MetricType::Gauge);
        QCOMPARE(exposition.family(active)->samples.size(), size_t(2));
        QCOMPARE(sampleOf(exposition, active, active, "method", "Generate")->value, 1.0);
        QCOMPARE(sampleOf(exposition, active, active, "method", "Embed")->value, 4.0);
        QCOMPARE(sampleOf(exposition, "inference_queue_length", "inference_queue_length")->value, 0.0);
    }

    void fc25OpenMetricsExemplarsCreatedAndEof()
    {
        const Exposition exposition = parsed(testing::fieldCase(u"FC-25.om.txt"));
        QCOMPARE(exposition.format, ExpositionFormat::OpenMetrics);
        QCOMPARE(errorCount(exposition), 0);
        QCOMPARE(exposition.problems.size(), size_t(1));
        QCOMPARE(exposition.problems[0].line, 16);
        QVERIFY(exposition.problems[0].message.find("after") != std::string::npos);
        QVERIFY(!exposition.family("stray_after_eof"));
        QVERIFY(!exposition.family("llm_gateway_requests_created"));
        QCOMPARE(exposition.families.size(), size_t(2));

        const MetricFamily *requests = exposition.family("llm_gateway_requests");
        QCOMPARE(requests->type, MetricType::Counter);
        QCOMPARE(requests->samples.size(), size_t(1));
        QCOMPARE(requests->samples[0].name, std::string("llm_gateway_requests_total"));
        QCOMPARE(requests->samples[0].value, 120.0);
        // 2024-06-10T06:13:20.250Z
        QCOMPARE(requests->samples[0].createdSeconds, std::optional<double>(1718000000.25));

        const char *latency = "llm_gateway_request_latency_seconds";
        const MetricFamily *histogram = exposition.family(latency);
        QCOMPARE(histogram->type, MetricType::Histogram);
        QCOMPARE(histogram->unit, std::string("seconds"));
        QCOMPARE(histogram->samples.size(), size_t(6));
        const char *bucket = "llm_gateway_request_latency_seconds_bucket";
        QCOMPARE(sampleOf(exposition, latency, bucket, "le", "0.05")->value, 3.0);
        QCOMPARE(sampleOf(exposition, latency, bucket, "le", "0.5")->value, 9.0);
        QCOMPARE(sampleOf(exposition, latency, bucket, "le", "1.0")->value, 11.0);
        QCOMPARE(sampleOf(exposition, latency, bucket, "le", "+Inf")->value, 12.0);
        QCOMPARE(sampleOf(exposition, latency, "llm_gateway_request_latency_seconds_count")->value, 12.0);
        QCOMPARE(sampleOf(exposition, latency, "llm_gateway_request_latency_seconds_sum")->value, 4.25);
        QCOMPARE(sampleOf(exposition, latency, bucket, "le", "0.5")->createdSeconds,
                 std::optional<double>(1718000000.25));

        const auto &traced = sampleOf(exposition, latency, bucket, "le", "0.05")->exemplar;
        QVERIFY(traced);
        QCOMPARE(traced->labels.size(), size_t(1));
        QCOMPARE(traced->labels[0].first, std::string("trace_id"));
        QCOMPARE(traced->labels[0].second, std::string("5f2a9c4e1b7d3a60c8e4f10293ab7d11"));
        QCOMPARE(traced->value, 0.043);
        QCOMPARE(traced->timestampSeconds, std::optional<double>(1718000001.5));
        const auto &bare = sampleOf(exposition, latency, bucket, "le", "1.0")->exemplar;
        QVERIFY(bare);
        QVERIFY(bare->labels.empty());
        QCOMPARE(bare->value, 0.7);
        QVERIFY(!bare->timestampSeconds);
        QVERIFY(!sampleOf(exposition, latency, bucket, "le", "0.5")->exemplar);
    }

    void badLinesAreReportedAndTheRestKept_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no value") << QByteArray("up{job=\"x\"}") << u"no value"_qs;
        QTest::newRow("value not a number") << QByteArray("up 1.2.3") << u"no sample value"_qs;
        QTest::newRow("name starting with a digit") << QByteArray("9up 1") << u"no valid metric name"_qs;
        QTest::newRow("unclosed label set") << QByteArray("up{job=\"x\" 1") << u"separated"_qs;
        QTest::newRow("unquoted label value") << QByteArray("up{job=x} 1") << u"not quoted"_qs;
        QTest::newRow("unclosed label value") << QByteArray("up{job=\"x} 1") << u"not closed"_qs;
        QTest::newRow("unknown escape") << QByteArray("up{job=\"a\\tb\"} 1") << u"unknown escape"_qs;
        QTest::newRow("label given twice") << QByteArray("up{a=\"1\",a=\"2\"} 1") << u"twice"_qs;
        QTest::newRow("label name with a colon") << QByteArray("up{a:b=\"1\"} 1") << u"valid label name"_qs;
        QTest::newRow("label value not UTF-8") << QByteArray("up{a=\"\xff\"} 1") << u"UTF-8"_qs;
        QTest::newRow("bad timestamp") << QByteArray("up 1 later") << u"no timestamp"_qs;
        QTest::newRow("float timestamp in the text format") << QByteArray("up 1 1718000000.5") << u"no timestamp"_qs;
        QTest::newRow("text after the timestamp") << QByteArray("up 1 1718000000000 x") << u"text after"_qs;
        QTest::newRow("unknown type") << QByteArray("# TYPE up meter") << u"unknown metric type"_qs;
        QTest::newRow("bucket without le") << QByteArray("lat_bucket{x=\"1\"} 2") << u"le label"_qs;
        QTest::newRow("quantile without a number")
            << QByteArray("sum_lat{quantile=\"high\"} 2") << u"quantile label"_qs;
    }

    void badLinesAreReportedAndTheRestKept()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, reason);
        // A histogram and a summary are declared, for the lines that need their types.
        const QByteArray text = "# TYPE lat histogram\n# TYPE sum_lat summary\nbefore 1\n" + line + "\nafter 2\n";
        const Exposition exposition = parsed(text);
        QCOMPARE(errorCount(exposition), 1);
        QCOMPARE(exposition.problems[0].line, 4);
        QVERIFY2(QString::fromStdString(exposition.problems[0].message).contains(reason),
                 exposition.problems[0].message.c_str());
        QCOMPARE(sampleOf(exposition, "before", "before")->value, 1.0);
        QCOMPARE(sampleOf(exposition, "after", "after")->value, 2.0);
        QCOMPARE(sampleOf(exposition, "after", "after")->line, 5);
    }

    void valuesAndTimestampsInEveryForm()
    {
        const Exposition exposition = parsed("a 1e3\nb -2.5E-2\nc +Inf\nd inf\ne nan\nf 0x10\ng 1 -5\n"
                                             "h 7 1718000000123\ni\t3\t \nj 1e999\nk -1e999\n");
        QCOMPARE(sampleOf(exposition, "a", "a")->value, 1000.0);
        QCOMPARE(sampleOf(exposition, "b", "b")->value, -0.025);
        QVERIFY(std::isinf(sampleOf(exposition, "c", "c")->value));
        QVERIFY(std::isinf(sampleOf(exposition, "d", "d")->value));
        QVERIFY(std::isnan(sampleOf(exposition, "e", "e")->value));
        // Hex floats are Go syntax but no server writes them; they are refused.
        QVERIFY(!exposition.family("f") || exposition.family("f")->samples.empty());
        QCOMPARE(sampleOf(exposition, "g", "g")->timestampMs, std::optional<qint64>(-5));
        QCOMPARE(sampleOf(exposition, "h", "h")->timestampMs, std::optional<qint64>(1718000000123));
        QCOMPARE(sampleOf(exposition, "i", "i")->value, 3.0);
        QCOMPARE(sampleOf(exposition, "j", "j")->value, std::numeric_limits<double>::infinity());
        QCOMPARE(sampleOf(exposition, "k", "k")->value, -std::numeric_limits<double>::infinity());
        QCOMPARE(errorCount(exposition), 1);
        QCOMPARE(exposition.problems[0].line, 6);

        // OpenMetrics timestamps are seconds.
        const Exposition open = parsed("x 1 1718000000.123\n# EOF\n");
        QCOMPARE(open.format, ExpositionFormat::OpenMetrics);
        QCOMPARE(sampleOf(open, "x", "x")->timestampMs, std::optional<qint64>(1718000000123));
    }

    void commentsBlankLinesAndLineEndings()
    {
        const Exposition exposition = parsed("# a comment\r\n\r\n   \n# HELP x The x.\r\n# TYPE x gauge\r\nx 1\r\n"
                                             "#TYPE y counter\ny 2\n# HELP z  two spaces\nz{} 3");
        QVERIFY2(exposition.problems.empty(), qPrintable(problemsText(exposition)));
        QCOMPARE(exposition.family("x")->help, std::string("The x."));
        QCOMPARE(exposition.family("x")->type, MetricType::Gauge);
        QCOMPARE(sampleOf(exposition, "x", "x")->value, 1.0);
        QCOMPARE(sampleOf(exposition, "x", "x")->line, 6);
        QCOMPARE(exposition.family("y")->type, MetricType::Counter);
        QCOMPARE(exposition.family("z")->help, std::string(" two spaces"));
        QCOMPARE(sampleOf(exposition, "z", "z")->value, 3.0);
    }

    void conflictingTypesKeepTheFirst()
    {
        const Exposition exposition = parsed("# TYPE x gauge\nx 1\n# TYPE x counter\nx 2\n");
        QCOMPARE(errorCount(exposition), 1);
        QCOMPARE(exposition.problems[0].line, 3);
        QCOMPARE(exposition.family("x")->type, MetricType::Gauge);
        QCOMPARE(exposition.family("x")->samples.size(), size_t(2));
    }

    void histogramsAreCheckedAsAWhole()
    {
        const Exposition exposition = parsed("# TYPE h histogram\nh_bucket{le=\"1\"} 5\nh_bucket{le=\"2\"} 3\n"
                                             "h_count 5\nh_sum 4\n");
        QCOMPARE(errorCount(exposition), 0);
        QCOMPARE(exposition.problems.size(), size_t(2));
        const QString problems = problemsText(exposition);
        QVERIFY2(problems.contains(u"+Inf"), qPrintable(problems));
        QVERIFY2(problems.contains(u"cumulative"), qPrintable(problems));
    }

    void openMetricsWithoutEofIsWarned()
    {
        const Exposition exposition = parsed("x 1\n", ExpositionFormat::OpenMetrics);
        QCOMPARE(exposition.problems.size(), size_t(1));
        QCOMPARE(exposition.problems[0].severity, ExpositionProblem::Severity::Warning);
        QCOMPARE(sampleOf(exposition, "x", "x")->value, 1.0);
        QCOMPARE(expositionFormatOfContentType("application/openmetrics-text; version=1.0.0; charset=utf-8"),
                 ExpositionFormat::OpenMetrics);
        QCOMPARE(expositionFormatOfContentType("text/plain; version=0.0.4"), ExpositionFormat::Detect);
    }

    void randomBytesNeverCrashTheReader()
    {
        // Field cases cut and scrambled: every outcome is fine but a crash.
        QRandomGenerator random(4242);
        const QByteArray source = testing::fieldCase(u"FC-19.prom") + testing::fieldCase(u"FC-25.om.txt");
        qsizetype samples = 0;
        for (int round = 0; round < 2000; ++round) {
            QByteArray text = source.left(random.bounded(source.size()));
            for (int flips = random.bounded(8); flips > 0 && !text.isEmpty(); --flips)
                text[random.bounded(text.size())] = char(random.bounded(256));
            for (const auto &family : parsed(text).families)
                samples += qsizetype(family.samples.size());
        }
        QVERIFY(samples > 1000);
    }
};

QTEST_GUILESS_MAIN(TestPromExposition)
#include "tst_promexposition.moc"
