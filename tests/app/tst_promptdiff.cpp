// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The text a prompt version reads as, and the line diff of two versions: exactly the lines
// that changed, numbered and grouped as `diff -u` does.
#include "promptdiff.h"

#include <QTest>

using namespace llmops;
using namespace Qt::StringLiterals;

namespace {

using Kind = PromptDiffLine::Kind;

PromptVersion versionOf(int number, const QString &question)
{
    PromptVersion version;
    version.name = u"capital"_s;
    version.version = number;
    version.content.messages = {{u"system"_s, u"Answer in one word."_s}, {u"user"_s, question}};
    return version;
}

QStringList numbers(int count)
{
    QStringList lines;
    for (int i = 1; i <= count; ++i)
        lines << QString::number(i);
    return lines;
}

} // namespace

class TestPromptDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aVersionReadsAsHeadedSections()
    {
        PromptVersion version = versionOf(1, u"Capital of {{country}}?\nOne word."_s);
        version.content.variables = {{u"country"_s, u"France"_s}, {u"note"_s, u"two\nlines"_s}};
        version.content.parameters.temperature = 0.5;
        version.content.parameters.stopSequences = {u"END"_s};
        version.content.defaultEndpoint = u"local"_s;

        QCOMPARE(promptText(version.content),
                 u"## system\n"
                 "Answer in one word.\n"
                 "\n"
                 "## user\n"
                 "Capital of {{country}}?\n"
                 "One word.\n"
                 "\n"
                 "## Variables\n"
                 "country = France\n"
                 "note = two\n"
                 "lines\n"
                 "\n"
                 "## Parameters\n"
                 "{\n"
                 "  \"temperature\": 0.5,\n"
                 "  \"stop\": [\n"
                 "    \"END\"\n"
                 "  ]\n"
                 "}\n"
                 "\n"
                 "## Default endpoint\n"
                 "local\n"_s);

        const PromptContent bare = versionOf(1, u"Hi"_s).content;
        QVERIFY(
            promptText(bare).endsWith(u"## Variables\n(none)\n\n## Parameters\n{}\n\n## Default endpoint\n(none)\n"_s));
    }

    void aChangedUserMessageShowsExactlyTheRemovedAndAddedLines()
    {
        const PromptDiff diff = diffPromptVersions(versionOf(1, u"Capital of France?"_s),
                                                   versionOf(2, u"Capital of Spain?"_s));
        QVERIFY(diff.hasChanges());
        const std::vector<PromptDiffLine> expected{{Kind::Removed, u"Capital of France?"_s, 5, 0},
                                                   {Kind::Added, u"Capital of Spain?"_s, 0, 5}};
        QCOMPARE(diff.changes(), expected);
        QCOMPARE(diff.lines.size(), size_t(promptTextLines(versionOf(1, {}).content).size() + 1));

        QCOMPARE(diff.unifiedText(),
                 u"--- capital@1\n"
                 "+++ capital@2\n"
                 "@@ -2,7 +2,7 @@\n"
                 " Answer in one word.\n"
                 " \n"
                 " ## user\n"
                 "-Capital of France?\n"
                 "+Capital of Spain?\n"
                 " \n"
                 " ## Variables\n"
                 " (none)\n"_s);
    }

    void identicalVersionsGiveNoChanges()
    {
        PromptVersion version = versionOf(1, u"Capital of France?"_s);
        version.content.parameters.maxTokens = 16;
        PromptVersion again = version;
        again.version = 2;
        again.commitMessage = u"Saved again"_s;

        const PromptDiff diff = diffPromptVersions(version, again);
        QVERIFY(!diff.hasChanges());
        QVERIFY(diff.changes().empty());
        QCOMPARE(diff.unifiedText(), QString());
        QCOMPARE(diff.lines.size(), size_t(promptTextLines(version.content).size()));
        QCOMPARE(diff.lines.back(),
                 (PromptDiffLine{Kind::Same, u"(none)"_s, int(diff.lines.size()), int(diff.lines.size())}));
    }

    void eachPartOfAVersionShowsWhenItChanges_data()
    {
        QTest::addColumn<QString>("part");
        QTest::addColumn<QStringList>("removed");
        QTest::addColumn<QStringList>("added");

        QTest::newRow("temperature") << u"temperature"_s << QStringList{u"  \"temperature\": 0.2"_s}
                                     << QStringList{u"  \"temperature\": 0.7"_s};
        QTest::newRow("a parameter added") << u"max_tokens"_s << QStringList{u"  \"temperature\": 0.2"_s}
                                           << QStringList{u"  \"temperature\": 0.2,"_s, u"  \"max_tokens\": 256"_s};
        QTest::newRow("variable value") << u"variable"_s << QStringList{u"country = France"_s}
                                        << QStringList{u"country = Spain"_s};
        QTest::newRow("default endpoint") << u"endpoint"_s << QStringList{u"local"_s} << QStringList{u"staging-gpu"_s};
        QTest::newRow("role") << u"role"_s << QStringList{u"## system"_s} << QStringList{u"## developer"_s};
        QTest::newRow("message added") << u"message"_s << QStringList{}
                                       << QStringList{u"## assistant"_s, u"Paris."_s, QString()};
    }

    void eachPartOfAVersionShowsWhenItChanges()
    {
        QFETCH(QString, part);
        QFETCH(QStringList, removed);
        QFETCH(QStringList, added);

        PromptVersion from = versionOf(1, u"Capital of {{country}}?"_s);
        from.content.variables = {{u"country"_s, u"France"_s}};
        from.content.parameters.temperature = 0.2;
        from.content.defaultEndpoint = u"local"_s;
        PromptVersion to = from;
        to.version = 2;
        if (part == u"temperature")
            to.content.parameters.temperature = 0.7;
        else if (part == u"max_tokens")
            to.content.parameters.maxTokens = 256;
        else if (part == u"variable")
            to.content.variables[0].value = u"Spain"_s;
        else if (part == u"endpoint")
            to.content.defaultEndpoint = u"staging-gpu"_s;
        else if (part == u"role")
            to.content.messages[0].role = u"developer"_s;
        else
            to.content.messages.push_back({u"assistant"_s, u"Paris."_s});

        QStringList removedLines, addedLines;
        for (const auto &line : diffPromptVersions(from, to).changes())
            (line.kind == Kind::Removed ? removedLines : addedLines) << line.text;
        QCOMPARE(removedLines, removed);
        QCOMPARE(addedLines, added);
    }

    void hunksAreGroupedAsDiffDoes_data()
    {
        QTest::addColumn<QStringList>("to");
        QTest::addColumn<QString>("unified");

        QStringList far = numbers(20);
        far[2] = u"three"_s;
        far[14] = u"fifteen"_s;
        QTest::newRow("changes far apart make two hunks")
            << far
            << u"--- a\n+++ b\n@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n"
               "@@ -12,7 +12,7 @@\n 12\n 13\n 14\n-15\n+fifteen\n 16\n 17\n 18\n"_s;

        QStringList near = numbers(20);
        near[2] = u"three"_s;
        near[9] = u"ten"_s;
        QTest::newRow("six lines apart make one hunk")
            << near
            << u"--- a\n+++ b\n@@ -1,13 +1,13 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n 7\n 8\n 9\n-10\n+ten\n 11\n 12\n 13\n"_s;

        QTest::newRow("first line removed")
            << numbers(20).sliced(1) << u"--- a\n+++ b\n@@ -1,4 +1,3 @@\n-1\n 2\n 3\n 4\n"_s;
        QTest::newRow("lines added at the end") << numbers(20) + QStringList{u"21"_s, u"22"_s}
                                                << u"--- a\n+++ b\n@@ -18,3 +18,5 @@\n 18\n 19\n 20\n+21\n+22\n"_s;
    }

    void hunksAreGroupedAsDiffDoes()
    {
        QFETCH(QStringList, to);
        QFETCH(QString, unified);

        PromptDiff diff = diffPromptTexts(numbers(20), to);
        diff.fromName = u"a"_s;
        diff.toName = u"b"_s;
        QCOMPARE(diff.unifiedText(), unified);
    }

    void aSideWithoutLinesIsNumberedByTheLineBefore()
    {
        PromptDiff diff = diffPromptTexts({}, {u"one"_s});
        diff.fromName = u"a"_s;
        diff.toName = u"b"_s;
        QCOMPARE(diff.unifiedText(), u"--- a\n+++ b\n@@ -0,0 +1 @@\n+one\n"_s);
    }
};

QTEST_GUILESS_MAIN(TestPromptDiff)
#include "tst_promptdiff.moc"
