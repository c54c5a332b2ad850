// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "ctldatasetcommands.h"

#include "ctlcommands.h"
#include "ctlsupport.h"
#include "dataset.h"
#include "datasetsources.h"

#include <QDateTime>
#include <QFileInfo>

#include <nlohmann/json.hpp>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

enum class DatasetFormat { Jsonl, Csv };

/// The format asked for, or else the one the file name says; JSONL when neither does.
std::optional<DatasetFormat> formatOf(const QCommandLineParser &parser, const QString &path)
{
    const QString asked = parser.value(u"format"_s).toLower();
    if (asked == u"csv")
        return DatasetFormat::Csv;
    if (asked == u"jsonl" || asked == u"ndjson")
        return DatasetFormat::Jsonl;
    if (!asked.isEmpty())
        return std::nullopt;
    return QFileInfo(path).suffix().compare(u"csv"_s, Qt::CaseInsensitive) == 0 ? DatasetFormat::Csv
                                                                                : DatasetFormat::Jsonl;
}

int datasetImport(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"format"_s, u"jsonl or csv (default: from the file name)"_s, u"FORMAT"_s},
                           {u"message"_s, u"what this version is"_s, u"TEXT"_s}});
    if (auto failed = command.parse(arguments, 2))
        return *failed;
    const QStringList positional = command.parser.positionalArguments();
    if (positional.size() != 2)
        return usageError(u"dataset import takes NAME and FILE (or - for standard input)."_s);
    const QString &name = positional[0];
    const QString &path = positional[1];
    const auto format = formatOf(command.parser, path);
    if (!format)
        return usageError(u"--format takes jsonl or csv."_s);

    QString problem;
    const auto bytes = readInput(path, &problem);
    if (!bytes)
        return usageError(problem);
    const DatasetReadResult read = *format == DatasetFormat::Csv ? readCsvDataset(*bytes) : readJsonlDataset(*bytes);
    const QString source = path == u"-" ? u"stdin"_s : path;
    for (const auto &found : read.problems)
        err() << source << ':' << found.line << ": " << found.message.section(u": "_s, 1) << Qt::endl;
    if (read.items.empty())
        return usageError(u"%1 holds no item that could be read; nothing was saved."_s.arg(source));

    const DatasetVersionSummary saved = store->saveDatasetVersion(name, read.items, command.parser.value(u"message"_s));
    out() << "saved " << saved.itemCount << (saved.itemCount == 1 ? " item" : " items") << " as " << saved.name << '@'
          << saved.version;
    if (!read.problems.empty())
        out() << " (" << read.problems.size() << (read.problems.size() == 1 ? " line" : " lines") << " left out)";
    out() << Qt::endl;
    return read.problems.empty() ? CtlSuccess : CtlCheckFailed;
}

int datasetExport(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"format"_s, u"jsonl or csv (default: from the output name, else jsonl)"_s, u"FORMAT"_s},
                           {u"output"_s, u"the file to write (default: standard output)"_s, u"FILE"_s}});
    if (auto failed = command.parse(arguments, 1))
        return *failed;
    if (command.parser.positionalArguments().size() != 1)
        return usageError(u"dataset export takes one NAME[@VERSION]."_s);
    const QString reference = command.parser.positionalArguments().constFirst();
    const QString name = reference.section(u'@', 0, 0);
    std::optional<int> version;
    if (reference.contains(u'@')) {
        bool isNumber = false;
        version = reference.section(u'@', 1).toInt(&isNumber);
        if (!isNumber || *version < 1)
            return usageError(u"\"%1\" is not a dataset version: use NAME or NAME@NUMBER."_s.arg(reference));
    }
    const QString output = command.parser.value(u"output"_s);
    const auto format = formatOf(command.parser, output);
    if (!format)
        return usageError(u"--format takes jsonl or csv."_s);

    const std::vector<DatasetItem> items = store->datasetItems(name, version);
    if (*format == DatasetFormat::Csv) {
        if (const QString problem = csvExportProblem(items); !problem.isEmpty())
            return usageError(problem);
    }
    const QByteArray text = *format == DatasetFormat::Csv ? writeCsvDataset(items) : writeJsonlDataset(items);
    if (output.isEmpty()) {
        out() << QString::fromUtf8(text);
        out().flush();
        return CtlSuccess;
    }
    if (QString problem; !writeFileWhole(output, text, &problem))
        return usageError(problem);
    out() << "exported " << items.size() << (items.size() == 1 ? " item" : " items") << " to " << output << Qt::endl;
    return CtlSuccess;
}

int datasetList(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"json"_s, u"JSON output"_s}});
    if (auto failed = command.parse(arguments))
        return *failed;
    const auto versions = store->datasetVersions();
    if (command.parser.isSet(u"json"_s)) {
        nlohmann::json json = nlohmann::json::array();
        for (const auto &version : versions) {
            json.push_back({{"name", version.name.toStdString()},
                            {"version", version.version},
                            {"items", version.itemCount},
                            {"message", version.message.toStdString()},
                            {"created_at_ms", version.createdAtMs}});
        }
        out() << QString::fromStdString(json.dump(2)) << Qt::endl;
        return CtlSuccess;
    }
    for (const auto &version : versions) {
        out() << version.name << '@' << version.version << '\t' << version.itemCount
              << (version.itemCount == 1 ? " item" : " items") << '\t'
              << QDateTime::fromMSecsSinceEpoch(version.createdAtMs).toString(Qt::ISODate) << '\t' << version.message
              << Qt::endl;
    }
    return CtlSuccess;
}

/// Saves the items as the dataset's next version, after the items of its latest version
/// unless `replace` is set: gathering cases is adding to a dataset.
int saveGathered(LazyStore &store, const QString &name, std::vector<DatasetItem> gathered, bool replace,
                 const QString &message)
{
    if (gathered.empty())
        return usageError(u"Nothing matched; %1 is unchanged."_s.arg(name));
    std::vector<DatasetItem> items;
    const auto versions = store->datasetVersions();
    const bool exists = std::any_of(versions.begin(), versions.end(),
                                    [&](const DatasetVersionSummary &version) { return version.name == name; });
    if (exists && !replace)
        items = store->datasetItems(name);

    const std::size_t added = appendNewDatasetItems(items, std::move(gathered));
    if (added == 0)
        return usageError(u"Every matching call is in %1 already; it is unchanged."_s.arg(name));
    const DatasetVersionSummary saved = store->saveDatasetVersion(name, items, message);
    out() << "added " << added << (added == 1 ? " item" : " items") << ": saved " << saved.itemCount
          << (saved.itemCount == 1 ? " item" : " items") << " as " << saved.name << '@' << saved.version << Qt::endl;
    return CtlSuccess;
}

int datasetAddTraces(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"service"_s, u"only traces of this service"_s, u"NAME"_s},
                           {u"model"_s, u"only traces that call this model"_s, u"NAME"_s},
                           {u"since"_s, u"only traces that started this long ago or later (1h, 7d)"_s, u"DURATION"_s},
                           {u"search"_s, u"only traces whose prompts or answers hold these words"_s, u"TEXT"_s},
                           {u"limit"_s, u"the newest this many traces (default 100)"_s, u"N"_s},
                           {u"replace"_s, u"start the version afresh instead of adding to the latest"_s},
                           {u"message"_s, u"what this version is"_s, u"TEXT"_s}});
    if (auto failed = command.parse(arguments, 1))
        return *failed;
    const QCommandLineParser &parser = command.parser;
    if (parser.positionalArguments().size() != 1)
        return usageError(u"dataset add-traces takes one NAME."_s);
    TraceFilter filter;
    filter.service = parser.value(u"service"_s).toStdString();
    filter.model = parser.value(u"model"_s).toStdString();
    filter.search = parser.value(u"search"_s).toStdString();
    if (parser.isSet(u"since"_s)) {
        const auto since = parseDurationMs(parser.value(u"since"_s));
        if (!since)
            return usageError(u"--since takes a number and a unit: ms, s, m, h, d or w."_s);
        filter.fromNs = (QDateTime::currentMSecsSinceEpoch() - *since) * 1'000'000;
    }
    bool isNumber = true;
    const int limit = parser.isSet(u"limit"_s) ? parser.value(u"limit"_s).toInt(&isNumber) : 100;
    if (!isNumber || limit < 1)
        return usageError(u"--limit takes a whole number of 1 or more."_s);

    // Every model call of each trace is a case, earliest first within a trace.
    std::vector<DatasetItem> gathered;
    for (const TraceSummary &trace : store->traces(filter, TraceOrder::Newest, limit)) {
        for (const SpanRecord &span : store->traceSpans(trace.traceId)) {
            // A failed call has no answer to expect.
            if (!span.isModelCall() || span.status == SpanStatus::Error)
                continue;
            if (auto item = datasetItemFromSpan(span))
                gathered.push_back(std::move(*item));
        }
    }
    return saveGathered(store, parser.positionalArguments().constFirst(), std::move(gathered),
                        parser.isSet(u"replace"_s), parser.value(u"message"_s));
}

int datasetAddPlayground(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"limit"_s, u"the newest this many runs (default 20)"_s, u"N"_s},
                           {u"replace"_s, u"start the version afresh instead of adding to the latest"_s},
                           {u"message"_s, u"what this version is"_s, u"TEXT"_s}});
    if (auto failed = command.parse(arguments, 1))
        return *failed;
    if (command.parser.positionalArguments().size() != 1)
        return usageError(u"dataset add-playground takes one NAME."_s);
    bool isNumber = true;
    const int limit = command.parser.isSet(u"limit"_s) ? command.parser.value(u"limit"_s).toInt(&isNumber) : 20;
    if (!isNumber || limit < 1)
        return usageError(u"--limit takes a whole number of 1 or more."_s);

    std::vector<DatasetItem> gathered;
    for (const PlaygroundRunSummary &summary : store->playgroundRuns(limit)) {
        const auto run = store->playgroundRun(summary.id);
        if (!run)
            continue;
        for (const PlaygroundAnswer &answer : run->answers) {
            if (answer.request.status == RequestStatus::Ok && answer.text)
                gathered.push_back(datasetItemFromPlaygroundAnswer(*run, answer));
        }
    }
    return saveGathered(store, command.parser.positionalArguments().constFirst(), std::move(gathered),
                        command.parser.isSet(u"replace"_s), command.parser.value(u"message"_s));
}

} // namespace

int datasetCommand(LazyStore &store, const QStringList &arguments)
{
    const QString action = arguments.value(0);
    const QStringList rest = arguments.mid(1);
    if (action == u"import")
        return datasetImport(store, rest);
    if (action == u"export")
        return datasetExport(store, rest);
    if (action == u"list")
        return datasetList(store, rest);
    if (action == u"add-traces")
        return datasetAddTraces(store, rest);
    if (action == u"add-playground")
        return datasetAddPlayground(store, rest);
    return usageError(u"dataset needs import, export, list, add-traces or add-playground."_s);
}

} // namespace llmops
