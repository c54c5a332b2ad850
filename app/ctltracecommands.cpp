// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "ctltracecommands.h"

#include "ctlcommands.h"
#include "ctloutput.h"
#include "ctlsupport.h"
#include "genaimapping.h"
#include "otlpdecoder.h"
#include "otlpreceiver.h"
#include "traceintake.h"
#include "tracereceiverservice.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QTimeZone>
#include <QTimer>

#include <map>
#include <set>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

std::optional<std::string> parseTraceId(const QString &text)
{
    const QByteArray hex = text.trimmed().toLatin1();
    const bool allHex = std::all_of(hex.begin(), hex.end(), [](char c) { return std::isxdigit(uchar(c)); });
    if (hex.size() != 32 || !allHex)
        return std::nullopt;
    return QByteArray::fromHex(hex).toStdString();
}

QString formatNs(qint64 ns)
{
    return QDateTime::fromMSecsSinceEpoch(ns / 1'000'000, QTimeZone::utc()).toString(Qt::ISODateWithMs);
}

QString formatDuration(qint64 ns)
{
    return QString::number(double(ns) / 1e6, 'f', 1) + u" ms"_s;
}

QString formatCost(std::optional<double> cost)
{
    return cost ? u"$"_s + QString::number(*cost, 'f', 6) : u"–"_s;
}

/// Text from the network as it may be printed to a terminal: control characters (escape
/// sequences among them) become U+FFFD.
QString printable(const std::string &text)
{
    QString clean = QString::fromStdString(text);
    for (QChar &c : clean) {
        const char16_t code = c.unicode();
        if (code < 0x20 || (code >= 0x7f && code < 0xa0))
            c = QChar(0xfffd);
    }
    return clean;
}

std::optional<TraceOrder> orderFromName(const QString &name)
{
    static const std::map<QString, TraceOrder> orders = {{u"newest"_s, TraceOrder::Newest},
                                                         {u"oldest"_s, TraceOrder::Oldest},
                                                         {u"longest"_s, TraceOrder::Longest},
                                                         {u"costliest"_s, TraceOrder::Costliest},
                                                         {u"tokens"_s, TraceOrder::MostTokens}};
    const auto found = orders.find(name);
    return found == orders.end() ? std::nullopt : std::optional(found->second);
}

int tracesList(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"since"_s, u"Time range back from now"_s, u"DURATION"_s, u"24h"_s},
                           {u"service"_s, u"Only traces of this service"_s, u"NAME"_s},
                           {u"model"_s, u"Only traces of this model"_s, u"MODEL"_s},
                           {u"status"_s, u"ok or error"_s, u"STATUS"_s},
                           {u"min-duration"_s, u"Only traces at least this long"_s, u"DURATION"_s},
                           {u"min-cost"_s, u"Only traces costing at least this many dollars"_s, u"USD"_s},
                           {u"search"_s, u"Words in prompts, answers or tool calls"_s, u"TEXT"_s},
                           {u"session"_s, u"Only traces of this conversation id"_s, u"ID"_s},
                           {u"order"_s, u"newest, oldest, longest, costliest or tokens"_s, u"ORDER"_s, u"newest"_s},
                           {u"limit"_s, u"At most this many traces"_s, u"N"_s, u"50"_s},
                           {u"json"_s, u"JSON output"_s}});
    if (auto failed = command.parse(arguments))
        return *failed;
    const QCommandLineParser &parser = command.parser;

    TraceFilter filter;
    const auto sinceMs = parseDurationMs(parser.value(u"since"_s));
    if (!sinceMs)
        return usageError(u"--since needs a duration such as 15m, 1h or 7d."_s);
    filter.fromNs = (QDateTime::currentMSecsSinceEpoch() - *sinceMs) * 1'000'000;
    filter.service = parser.value(u"service"_s).toStdString();
    filter.model = parser.value(u"model"_s).toStdString();
    filter.search = parser.value(u"search"_s).toStdString();
    filter.conversationId = parser.value(u"session"_s).toStdString();
    if (parser.isSet(u"status"_s)) {
        const QString status = parser.value(u"status"_s);
        if (status != u"ok" && status != u"error")
            return usageError(u"--status must be ok or error."_s);
        filter.status = status == u"ok" ? TraceStatusFilter::Ok : TraceStatusFilter::Error;
    }
    if (parser.isSet(u"min-duration"_s)) {
        const auto ms = parseDurationMs(parser.value(u"min-duration"_s));
        if (!ms)
            return usageError(u"--min-duration needs a duration such as 500ms or 2s."_s);
        filter.minDurationNs = *ms * 1'000'000;
    }
    if (parser.isSet(u"min-cost"_s)) {
        bool ok = false;
        filter.minCostUsd = parser.value(u"min-cost"_s).toDouble(&ok);
        if (!ok || *filter.minCostUsd < 0)
            return usageError(u"--min-cost needs an amount of dollars such as 0.01."_s);
    }
    const auto order = orderFromName(parser.value(u"order"_s));
    if (!order)
        return usageError(u"--order must be newest, oldest, longest, costliest or tokens."_s);
    bool limitOk = false;
    const int limit = parser.value(u"limit"_s).toInt(&limitOk);
    if (!limitOk || limit < 1)
        return usageError(u"--limit needs a whole number of at least 1."_s);

    const auto traces = store->traces(filter, *order, limit);
    if (parser.isSet(u"json"_s)) {
        nlohmann::json array = nlohmann::json::array();
        for (const auto &trace : traces)
            array.push_back(traceSummaryToJson(trace));
        out() << QString::fromStdString(array.dump(2)) << Qt::endl;
        return CtlSuccess;
    }
    for (const auto &trace : traces) {
        out() << formatNs(trace.startNs) << "  " << QString::fromStdString(hexId(trace.traceId)) << "  "
              << printable(trace.name) << (trace.hasRoot ? "" : " (root not received)") << "  "
              << printable(trace.service) << "  " << printable(trace.model) << "  "
              << formatDuration(trace.durationNs()) << "  " << trace.inputTokens + trace.outputTokens << " tokens  "
              << formatCost(trace.costUsd) << (trace.errorCount > 0 ? "  ERROR" : "") << Qt::endl;
    }
    if (traces.empty())
        out() << "No traces in this range." << Qt::endl;
    return CtlSuccess;
}

void printSpanLine(const SpanRecord &span, int depth)
{
    out() << QString(depth * 2, u' ') << printable(span.name) << "  " << formatDuration(span.durationNs());
    if (span.inputTokens || span.outputTokens)
        out() << "  " << span.inputTokens.value_or(0) << "/" << span.outputTokens.value_or(0) << " tokens";
    if (span.costUsd)
        out() << "  " << formatCost(span.costUsd);
    if (span.status == SpanStatus::Error)
        out() << "  ERROR " << printable(span.statusMessage);
    out() << '\n';
}

/// Prints the span tree: children under parents, in time order; spans whose parent is not
/// in the trace stand at the top, marked; spans caught in a loop of parents come last.
/// Walks with a stack of its own, so that a chain of any depth prints.
void printSpanTree(const std::vector<SpanRecord> &spans, const std::set<std::string> &present)
{
    std::map<std::string, std::vector<size_t>> childrenOf;
    std::vector<size_t> tops;
    for (size_t i = 0; i < spans.size(); ++i) {
        const SpanRecord &span = spans[i];
        if (span.isRoot() || !present.contains(span.parentSpanId))
            tops.push_back(i);
        else
            childrenOf[span.parentSpanId].push_back(i);
    }

    std::vector<bool> printed(spans.size(), false);
    const auto printFrom = [&](size_t top, int depth) {
        std::vector<std::pair<size_t, int>> stack{{top, depth}};
        while (!stack.empty()) {
            const auto [at, level] = stack.back();
            stack.pop_back();
            if (printed[at])
                continue;
            printed[at] = true;
            printSpanLine(spans[at], level);
            const auto children = childrenOf.find(spans[at].spanId);
            if (children == childrenOf.end())
                continue;
            // Reversed onto the stack, so that the earliest child prints first.
            for (auto child = children->second.rbegin(); child != children->second.rend(); ++child)
                stack.emplace_back(*child, level + 1);
        }
    };

    for (const size_t top : tops) {
        if (!spans[top].isRoot())
            out() << "(parent " << QString::fromStdString(hexId(spans[top].parentSpanId)) << " not received)\n";
        printFrom(top, spans[top].isRoot() ? 0 : 1);
    }
    for (size_t i = 0; i < spans.size(); ++i) {
        if (!printed[i]) {
            out() << "(in a loop of parents)\n";
            printFrom(i, 1);
        }
    }
    out().flush();
}

int tracesShow(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"json"_s, u"JSON output"_s}});
    if (auto failed = command.parse(arguments, 1))
        return *failed;
    if (command.parser.positionalArguments().size() != 1)
        return usageError(u"traces show takes one trace ID (32 hex digits)."_s);
    const auto traceId = parseTraceId(command.parser.positionalArguments().constFirst());
    if (!traceId)
        return usageError(u"A trace ID is 32 hex digits."_s);

    const auto summary = store->trace(*traceId);
    if (!summary)
        return usageError(u"There is no trace %1."_s.arg(command.parser.positionalArguments().constFirst()));
    auto spans = store->traceSpans(*traceId);
    std::set<std::string> present;
    for (const auto &span : spans)
        present.insert(span.spanId);

    if (command.parser.isSet(u"json"_s)) {
        nlohmann::json document = traceSummaryToJson(*summary);
        nlohmann::json spanArray = nlohmann::json::array();
        for (auto &span : spans) {
            deriveMessages(span);
            spanArray.push_back(spanToJson(span, !span.isRoot() && !present.contains(span.parentSpanId)));
        }
        document["spans"] = std::move(spanArray);
        out() << QString::fromStdString(document.dump(2)) << Qt::endl;
        return CtlSuccess;
    }
    out() << "Trace " << QString::fromStdString(hexId(*traceId)) << ", " << printable(summary->service) << ", "
          << formatNs(summary->startNs) << ", " << formatDuration(summary->durationNs()) << ", " << summary->spanCount
          << " spans, " << formatCost(summary->costUsd) << Qt::endl;
    printSpanTree(spans, present);
    return CtlSuccess;
}

} // namespace

int serveCommand(const QString &storePath, const QStringList &arguments)
{
    CommandParser command(
        {{u"otlp-http"_s, u"Address of the OTLP/HTTP receiver"_s, u"HOST:PORT"_s, u"127.0.0.1:4318"_s},
         {u"token-env"_s, u"Require the bearer token held in this environment variable"_s, u"VAR"_s}});
    if (auto failed = command.parse(arguments))
        return *failed;
    const QCommandLineParser &parser = command.parser;

    const auto address = parseHostPort(parser.value(u"otlp-http"_s));
    if (!address)
        return usageError(u"--otlp-http needs HOST:PORT, such as 127.0.0.1:4318."_s);
    OtlpReceiver::Options options;
    options.host = address->first;
    options.port = address->second;
    if (parser.isSet(u"token-env"_s)) {
        // The token itself never stands on a command line, where other users could read it.
        options.bearerToken = qEnvironmentVariable(parser.value(u"token-env"_s).toLocal8Bit().constData());
        if (options.bearerToken.isEmpty())
            return usageError(u"The environment variable %1 is empty or not set."_s.arg(parser.value(u"token-env"_s)));
    }

    TraceIntake intake(storePath);
    QString problem;
    if (!intake.start(&problem))
        return usageError(problem);
    OtlpReceiver receiver(intake, options);
    if (!receiver.start(&problem))
        return usageError(problem);

    if (!OtlpReceiver::isLoopback(options.host) && options.bearerToken.isEmpty())
        err() << "llmopsctl: warning: listening beyond this machine without a bearer token (--token-env)." << Qt::endl;
    out() << "Receiving OTLP traces at " << receiver.url() << Qt::endl;

    QTimer stopPoll;
    quitOnStopSignal(stopPoll);
    QCoreApplication::exec();

    receiver.stop();
    intake.stop();
    const auto counters = receiver.counters();
    out() << "Stopped: " << counters.requests << " requests, " << counters.spansAccepted << " spans stored, "
          << counters.spansRejected << " rejected, " << counters.requestsRefused << " requests refused." << Qt::endl;
    return CtlSuccess;
}

int tracesCommand(LazyStore &store, const QStringList &arguments)
{
    const QString action = arguments.value(0);
    if (action == u"list")
        return tracesList(store, arguments.mid(1));
    if (action == u"show")
        return tracesShow(store, arguments.mid(1));
    return usageError(u"traces needs list or show."_s);
}

int pricesCommand(LazyStore &store, const QStringList &arguments)
{
    const QString action = arguments.value(0);
    CommandParser command({{u"json"_s, u"JSON output"_s}});
    if (action == u"import") {
        if (auto failed = command.parse(arguments.mid(1), 1))
            return *failed;
        if (command.parser.positionalArguments().size() != 1)
            return usageError(u"prices import takes one FILE."_s);
        QFile file(command.parser.positionalArguments().constFirst());
        if (!file.open(QIODevice::ReadOnly))
            return usageError(u"Cannot read %1: %2"_s.arg(file.fileName(), file.errorString()));
        PriceTable table;
        try {
            table = PriceTable::fromJson(file.readAll().toStdString());
        } catch (const std::invalid_argument &error) {
            return usageError(u"%1: %2"_s.arg(file.fileName(), QString::fromUtf8(error.what())));
        }
        store->setPriceTable(table);
        out() << "Imported prices of " << table.prices().size()
              << " models; they apply to spans taken in from now on (a receiver already running takes them "
                 "within 5 seconds)."
              << Qt::endl;
        return CtlSuccess;
    }
    if (action == u"list" || action == u"export") {
        if (auto failed = command.parse(arguments.mid(1)))
            return *failed;
        const PriceTable table = store->priceTable();
        if (action == u"export" || command.parser.isSet(u"json"_s)) {
            out() << QString::fromStdString(table.toJson()) << Qt::endl;
            return CtlSuccess;
        }
        out() << "Prices per million tokens, as of " << table.asOf() << Qt::endl;
        for (const auto &price : table.prices()) {
            out() << QString::fromStdString(price.provider) << "  " << QString::fromStdString(price.model) << "  in $"
                  << price.inputPerMillion << "  out $" << price.outputPerMillion;
            if (price.cachedInputPerMillion)
                out() << "  cached $" << *price.cachedInputPerMillion;
            if (price.cacheWritePerMillion)
                out() << "  cache write $" << *price.cacheWritePerMillion;
            out() << Qt::endl;
        }
        return CtlSuccess;
    }
    return usageError(u"prices needs list, import or export."_s);
}

} // namespace llmops
