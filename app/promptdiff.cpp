// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "promptdiff.h"

#include <QCoreApplication>

#include <dtl/dtl.hpp>
#include <nlohmann/json.hpp>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

QString sectionHeading(const char *title)
{
    return u"## "_s + QCoreApplication::translate("PromptText", title);
}

/// A text's lines; a text that ends with a line break ends with an empty line.
QStringList linesOf(const QString &text)
{
    return text.split(u'\n');
}

/// The first line of a hunk as `diff -u` numbers it: a side without lines in the hunk is
/// numbered by the line before it.
QString hunkRange(int firstLine, int count)
{
    return count == 1 ? QString::number(firstLine) : QString::number(firstLine) % u',' % QString::number(count);
}

} // namespace

QStringList promptTextLines(const PromptContent &content)
{
    QStringList lines;
    for (const auto &message : content.messages) {
        lines << u"## "_s + message.role;
        lines << linesOf(message.content);
        lines << QString();
    }

    lines << sectionHeading(QT_TRANSLATE_NOOP("PromptText", "Variables"));
    for (const auto &variable : content.variables) {
        const QStringList valueLines = linesOf(variable.value);
        lines << variable.name % u" = "_s % valueLines.constFirst();
        lines << valueLines.sliced(1);
    }
    if (content.variables.empty())
        lines << QCoreApplication::translate("PromptText", "(none)");
    lines << QString();

    // Parameters as the library stores them, so that a change of one shows as one line.
    lines << sectionHeading(QT_TRANSLATE_NOOP("PromptText", "Parameters"));
    lines << linesOf(QString::fromStdString(chatParametersToJson(content.parameters).dump(2)));
    lines << QString();

    lines << sectionHeading(QT_TRANSLATE_NOOP("PromptText", "Default endpoint"));
    lines << (content.defaultEndpoint.isEmpty() ? QCoreApplication::translate("PromptText", "(none)")
                                                : content.defaultEndpoint);
    return lines;
}

QString promptText(const PromptContent &content)
{
    return promptTextLines(content).join(u'\n') + u'\n';
}

bool PromptDiff::hasChanges() const
{
    return std::any_of(lines.begin(), lines.end(),
                       [](const PromptDiffLine &line) { return line.kind != PromptDiffLine::Kind::Same; });
}

std::vector<PromptDiffLine> PromptDiff::changes() const
{
    std::vector<PromptDiffLine> changed;
    std::copy_if(lines.begin(), lines.end(), std::back_inserter(changed),
                 [](const PromptDiffLine &line) { return line.kind != PromptDiffLine::Kind::Same; });
    return changed;
}

QString PromptDiff::unifiedText(int contextLines) const
{
    if (!hasChanges())
        return {};
    QString text = u"--- "_s % fromName % u"\n+++ "_s % toName % u'\n';

    const auto size = qsizetype(lines.size());
    qsizetype next = 0;
    while (next < size) {
        // A hunk runs from a change's context to the context of the last change that is
        // no more than two contexts after the one before it.
        qsizetype change = next;
        while (change < size && lines[size_t(change)].kind == PromptDiffLine::Kind::Same)
            ++change;
        if (change == size)
            break;
        const qsizetype begin = std::max(next, change - contextLines);
        qsizetype end = change;
        for (qsizetype i = change; i < size && i <= end + 2 * contextLines + 1; ++i) {
            if (lines[size_t(i)].kind != PromptDiffLine::Kind::Same)
                end = i;
        }
        end = std::min(size, end + 1 + contextLines);

        // Numbered as diff -u does: from the hunk's first line on each side, or the line
        // before it when that side has none in the hunk.
        int oldFirst = 0, oldCount = 0, newFirst = 0, newCount = 0;
        int oldBefore = 0, newBefore = 0;
        for (qsizetype i = 0; i < begin; ++i) {
            oldBefore = std::max(oldBefore, lines[size_t(i)].oldLine);
            newBefore = std::max(newBefore, lines[size_t(i)].newLine);
        }
        QString body;
        for (qsizetype i = begin; i < end; ++i) {
            const PromptDiffLine &line = lines[size_t(i)];
            if (line.oldLine > 0 && oldCount++ == 0)
                oldFirst = line.oldLine;
            if (line.newLine > 0 && newCount++ == 0)
                newFirst = line.newLine;
            const QChar mark = line.kind == PromptDiffLine::Kind::Same ? u' '
                : line.kind == PromptDiffLine::Kind::Removed           ? u'-'
                                                                       : u'+';
            body += mark % line.text % u'\n';
        }
        text += u"@@ -"_s % hunkRange(oldCount ? oldFirst : oldBefore, oldCount) % u" +"_s
            % hunkRange(newCount ? newFirst : newBefore, newCount) % u" @@\n"_s % body;
        next = end;
    }
    return text;
}

PromptDiff diffPromptTexts(const QStringList &from, const QStringList &to)
{
    const std::vector<QString> before(from.begin(), from.end());
    const std::vector<QString> after(to.begin(), to.end());
    // Deletes first: within a change the removed lines come before the lines added for them.
    dtl::Diff<QString, std::vector<QString>> diff(before, after, true);
    diff.compose();

    PromptDiff result;
    int oldLine = 0, newLine = 0;
    for (const auto &[text, info] : diff.getSes().getSequence()) {
        PromptDiffLine line;
        line.text = text;
        if (info.type == dtl::SES_DELETE) {
            line.kind = PromptDiffLine::Kind::Removed;
            line.oldLine = ++oldLine;
        } else if (info.type == dtl::SES_ADD) {
            line.kind = PromptDiffLine::Kind::Added;
            line.newLine = ++newLine;
        } else {
            line.oldLine = ++oldLine;
            line.newLine = ++newLine;
        }
        result.lines.push_back(std::move(line));
    }
    return result;
}

PromptDiff diffPromptVersions(const PromptVersion &from, const PromptVersion &to)
{
    PromptDiff diff = diffPromptTexts(promptTextLines(from.content), promptTextLines(to.content));
    diff.fromName = PromptReference{from.name, from.version, {}}.toString();
    diff.toName = PromptReference{to.name, to.version, {}}.toString();
    return diff;
}

} // namespace llmops
