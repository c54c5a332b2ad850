// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "ctlpromptcommands.h"

#include "applicationidentity.h"
#include "ctlcommands.h"
#include "ctlsupport.h"
#include "promptarchive.h"
#include "promptdiff.h"

#include <QDateTime>

#include <nlohmann/json.hpp>

#include <limits>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

using Json = nlohmann::ordered_json;

constexpr qsizetype kAnyNumber = std::numeric_limits<qsizetype>::max();

/// Text from an imported file goes to a terminal: control characters (an escape that sets
/// the window title, a carriage return that hides a line) are shown as U+FFFD, and a
/// one-line field keeps to one line.
QString printable(const QString &text, bool multiLine)
{
    QString shown = text;
    for (QChar &character : shown) {
        const bool allowed = character == u'\t' || (multiLine && character == u'\n');
        if (!allowed && (character.category() == QChar::Other_Control))
            character = QChar::ReplacementCharacter;
    }
    return shown;
}

std::optional<PromptReference> parseReference(const QString &text)
{
    auto reference = PromptReference::parse(text);
    if (!reference)
        usageError(u"\"%1\" is not a prompt reference: use NAME, NAME@VERSION or NAME@LABEL."_s.arg(text));
    return reference;
}

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(Qt::ISODate);
}

QString joinedLabels(const std::map<QString, int> &labels)
{
    QStringList parts;
    for (const auto &[label, version] : labels)
        parts << label % u'=' % QString::number(version);
    return parts.join(u", "_s);
}

QString joinedNumbers(const std::vector<int> &numbers)
{
    QStringList parts;
    for (int number : numbers)
        parts << QString::number(number);
    return parts.join(u", "_s);
}

Json summaryToJson(const PromptSummary &summary)
{
    Json labels = Json::object();
    for (const auto &[label, version] : summary.labels)
        labels[label.toStdString()] = version;
    return {
        {"name", summary.name.toStdString()},    {"latest_version", summary.latestVersion},
        {"version_count", summary.versionCount}, {"labels", labels},
        {"updated_at_ms", summary.updatedAtMs},  {"latest_commit_message", summary.latestCommitMessage.toStdString()}};
}

int promptList(LazyStore &store, const QStringList &arguments)
{
    CommandParser command(
        {{u"search"_s, u"only prompts whose name, commit messages or messages hold TEXT"_s, u"TEXT"_s},
         {u"json"_s, u"JSON output"_s}});
    if (auto failed = command.parse(arguments))
        return *failed;

    const auto prompts = store->prompts(command.parser.value(u"search"_s));
    if (command.parser.isSet(u"json"_s)) {
        Json json = Json::array();
        for (const auto &summary : prompts)
            json.push_back(summaryToJson(summary));
        out() << QString::fromStdString(json.dump(2)) << Qt::endl;
        return CtlSuccess;
    }
    for (const auto &summary : prompts) {
        out() << summary.name << "\tv" << summary.latestVersion << '\t' << summary.versionCount
              << (summary.versionCount == 1 ? " version" : " versions") << '\t'
              << (summary.labels.empty() ? u"-"_s : joinedLabels(summary.labels)) << '\t'
              << isoTime(summary.updatedAtMs) << '\t' << printable(summary.latestCommitMessage, false) << Qt::endl;
    }
    return CtlSuccess;
}

int promptShow(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"json"_s, u"JSON output"_s}});
    if (auto failed = command.parse(arguments, 1))
        return *failed;
    if (command.parser.positionalArguments().size() != 1)
        return usageError(u"prompt show takes one NAME[@VERSION|@LABEL]."_s);
    const auto reference = parseReference(command.parser.positionalArguments().constFirst());
    if (!reference)
        return CtlUsageError;

    const PromptVersion version = store->promptVersion(*reference);
    if (command.parser.isSet(u"json"_s)) {
        Json json = {{"name", version.name.toStdString()}};
        json.update(promptVersionToJson(version));
        json["labels"] = Json::array();
        for (const QString &label : version.labels)
            json["labels"].push_back(label.toStdString());
        out() << QString::fromStdString(json.dump(2)) << Qt::endl;
        return CtlSuccess;
    }

    out() << version.name << '@' << version.version;
    if (!version.labels.isEmpty())
        out() << " (" << version.labels.join(u", "_s) << ')';
    out() << "\nAuthor: " << printable(version.author, false) << "\nDate: " << isoTime(version.createdAtMs)
          << "\nMessage: " << printable(version.commitMessage, false) << "\n\n"
          << printable(promptText(version.content), true);
    out().flush();
    return CtlSuccess;
}

int promptSave(LazyStore &store, const QStringList &arguments)
{
    CommandParser command(
        {{u"file"_s, u"the content as JSON (messages, variables, parameters), - for stdin"_s, u"FILE"_s},
         {u"message"_s, u"what changed"_s, u"TEXT"_s},
         {u"author"_s, u"who changed it (default: the login name)"_s, u"NAME"_s}});
    if (auto failed = command.parse(arguments, 1))
        return *failed;
    const QCommandLineParser &parser = command.parser;
    if (parser.positionalArguments().size() != 1)
        return usageError(u"prompt save takes one NAME."_s);
    if (!parser.isSet(u"file"_s))
        return usageError(u"prompt save needs --file FILE (or - for standard input)."_s);

    const QString path = parser.value(u"file"_s);
    QString problem;
    const auto bytes = readInput(path, &problem);
    if (!bytes)
        return usageError(problem);
    const Json json = Json::parse(bytes->begin(), bytes->end(), nullptr, false);
    if (json.is_discarded())
        return usageError(u"%1 is not JSON."_s.arg(path));
    const auto content = promptContentFromJson(json, &problem);
    if (!content)
        return usageError(path % u": "_s % problem);

    const QString author = parser.isSet(u"author"_s) ? parser.value(u"author"_s) : loginUserName();
    const PromptVersion saved = store->savePromptVersion(parser.positionalArguments().constFirst(), *content,
                                                         parser.value(u"message"_s), author);
    out() << "saved " << saved.name << '@' << saved.version << Qt::endl;
    return CtlSuccess;
}

int promptLabel(LazyStore &store, const QStringList &arguments)
{
    if (arguments.size() != 2)
        return usageError(u"prompt label takes NAME@VERSION and a LABEL."_s);
    const auto reference = parseReference(arguments[0]);
    if (!reference)
        return CtlUsageError;
    if (!reference->version && reference->label.isEmpty())
        return usageError(u"prompt label needs the version to point at: NAME@VERSION (or NAME@LABEL)."_s);

    // A label given as the version copies where it points: `capital@staging production`.
    const int version = reference->version ? *reference->version : store->promptVersion(*reference).version;
    const QString &label = arguments[1];
    const auto previous = store->setPromptLabel(reference->name, label, version);
    out() << label << " of " << reference->name << " points at version " << version;
    if (previous && *previous != version)
        out() << " (was " << *previous << ')';
    out() << Qt::endl;
    return CtlSuccess;
}

int promptDiff(LazyStore &store, const QStringList &arguments)
{
    if (arguments.size() != 2)
        return usageError(u"prompt diff takes two versions: NAME@A NAME@B, or NAME@A B."_s);
    const auto from = parseReference(arguments[0]);
    if (!from)
        return CtlUsageError;
    // Without a name of its own the second side is another version of the first prompt.
    const QString second = arguments[1].contains(u'@') ? arguments[1] : from->name % u'@' % arguments[1];
    const auto to = parseReference(second);
    if (!to)
        return CtlUsageError;

    const PromptDiff diff = diffPromptVersions(store->promptVersion(*from), store->promptVersion(*to));
    out() << printable(diff.unifiedText(), true);
    out().flush();
    return CtlSuccess;
}

int promptExport(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"output"_s, u"the file to write (default: standard output)"_s, u"FILE"_s}});
    if (auto failed = command.parse(arguments, kAnyNumber))
        return *failed;
    const QStringList names = command.parser.positionalArguments();
    const Json archive = exportPrompts(*store, names);
    const QByteArray text = QByteArray::fromStdString(archive.dump(2)) + '\n';

    if (!command.parser.isSet(u"output"_s)) {
        out() << QString::fromUtf8(text);
        out().flush();
        return CtlSuccess;
    }
    const QString path = command.parser.value(u"output"_s);
    if (QString problem; !writeFileWhole(path, text, &problem))
        return usageError(problem);
    out() << "exported " << archive["prompts"].size() << (archive["prompts"].size() == 1 ? " prompt" : " prompts")
          << " to " << path << Qt::endl;
    return CtlSuccess;
}

int promptImport(LazyStore &store, const QStringList &arguments)
{
    if (arguments.size() != 1)
        return usageError(u"prompt import takes one FILE (or - for standard input)."_s);
    const QString path = arguments.constFirst();
    QString problem;
    const auto bytes = readInput(path, &problem);
    if (!bytes)
        return usageError(problem);

    const PromptImportResult result = importPrompts(*store, *bytes);
    for (const auto &prompt : result.imported) {
        out() << (prompt.created ? "imported " : "updated ") << prompt.name << ": ";
        if (prompt.addedVersions.empty())
            out() << "no new versions";
        else
            out() << "added " << (prompt.addedVersions.size() == 1 ? "version " : "versions ")
                  << joinedNumbers(prompt.addedVersions);
        if (!prompt.unchangedVersions.empty())
            out() << "; already there: " << joinedNumbers(prompt.unchangedVersions);
        if (!prompt.labels.empty())
            out() << "; labels " << joinedLabels(prompt.labels);
        out() << Qt::endl;
    }
    const QString source = path == u"-" ? u"stdin"_s : path;
    for (const auto &problem : result.problems)
        err() << source << ": " << problem.toString() << Qt::endl;
    // A file that is no export at all is unusable input (2), like one that cannot be read;
    // an export with a bad prompt in it is a check that failed (1).
    const bool notAnArchive = std::any_of(result.problems.begin(), result.problems.end(), [](const auto &found) {
        return found.kind == PromptImportProblem::Kind::NotAnArchive;
    });
    if (notAnArchive)
        return CtlUsageError;
    return result.problems.empty() ? CtlSuccess : CtlCheckFailed;
}

} // namespace

int promptCommand(LazyStore &store, const QStringList &arguments)
{
    const QString action = arguments.value(0);
    const QStringList rest = arguments.mid(1);
    if (action == u"list")
        return promptList(store, rest);
    if (action == u"show")
        return promptShow(store, rest);
    if (action == u"save")
        return promptSave(store, rest);
    if (action == u"label")
        return promptLabel(store, rest);
    if (action == u"diff")
        return promptDiff(store, rest);
    if (action == u"export")
        return promptExport(store, rest);
    if (action == u"import")
        return promptImport(store, rest);
    return usageError(u"prompt needs list, show, save, label, diff, export or import."_s);
}

} // namespace llmops
