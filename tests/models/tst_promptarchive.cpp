// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The prompt library as a file: what an export writes comes back the same in another store,
// an import takes in only what is new, and a bad part of a file is reported where it stands
// while the rest is kept.
#include "promptarchive.h"
#include "store.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace llmops;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(PromptImportProblem::Kind)

namespace {

using Json = nlohmann::ordered_json;

PromptContent contentAsking(const QString &question)
{
    PromptContent content;
    content.messages = {{u"system"_s, u"Answer briefly."_s}, {u"user"_s, question}};
    return content;
}

QByteArray bytesOf(const Json &json)
{
    return QByteArray::fromStdString(json.dump(2));
}

/// The versions without their ids, which belong to the store that holds them.
std::vector<PromptVersion> versionsOf(const Store &store, const QString &name)
{
    auto versions = store.promptVersions(name);
    for (auto &version : versions)
        version.id = 0;
    return versions;
}

const char *const kGoodVersion = R"({"version": 1, "messages": [{"role": "user", "content": "Hi"}]})";

} // namespace

class TestPromptArchive : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Store> openStore(const QString &name)
    {
        QString file = QString::fromLatin1(QTest::currentTestFunction()) + u'-' + name;
        if (QTest::currentDataTag())
            file += u'-' + QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-');
        return Store::open(m_dir.filePath(file + u".sqlite"_s));
    }

    /// A library of two prompts: capital with two versions and both labels, extract with
    /// every parameter set.
    void fillLibrary(Store &store)
    {
        store.savePromptVersion(u"capital"_s, contentAsking(u"Capital of {{country}}?"_s), u"First"_s, u"ada"_s);
        PromptContent second = contentAsking(u"Capital city of {{country}}?"_s);
        second.variables = {{u"country"_s, u"France"_s}};
        store.savePromptVersion(u"capital"_s, second, u"Say city"_s, u"grace"_s);
        store.setPromptLabel(u"capital"_s, u"production"_s, 1);
        store.setPromptLabel(u"capital"_s, u"staging"_s, 2);

        PromptContent extract = contentAsking(u"Extract the date."_s);
        ChatParameters &parameters = extract.parameters;
        parameters.temperature = 0;
        parameters.topP = 0.5;
        parameters.maxTokens = 64;
        parameters.stopSequences = {u"END"_s};
        parameters.seed = 7;
        parameters.responseFormat = ResponseFormat::JsonSchema;
        parameters.jsonSchema = u"{\"type\": \"object\"}"_s;
        parameters.toolsJson = u"[{\"type\": \"function\", \"function\": {\"name\": \"today\"}}]"_s;
        extract.defaultEndpoint = u"local"_s;
        store.savePromptVersion(u"extract"_s, extract, u"Structured"_s, u"ada"_s);
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void exportThenImportGivesTheSameVersionsAndLabels()
    {
        const auto source = openStore(u"source"_s);
        fillLibrary(*source);
        const Json exported = exportPrompts(*source);
        QVERIFY(exported["format"] == Json(kPromptArchiveFormat));
        QCOMPARE(exported["prompts"].size(), std::size_t(2));
        QVERIFY(exported["prompts"][0]["name"] == Json("capital"));
        QVERIFY(exported["prompts"][0]["labels"] == Json({{"production", 1}, {"staging", 2}}));
        QVERIFY(exported["prompts"][0]["versions"][1]["commit_message"] == Json("Say city"));
        QVERIFY(exported["prompts"][0]["versions"][1]["variables"] == Json({{"country", "France"}}));
        QVERIFY(exported["prompts"][1]["versions"][0]["parameters"]["json_schema"] == Json({{"type", "object"}}));

        const auto target = openStore(u"target"_s);
        const PromptImportResult result = importPrompts(*target, bytesOf(exported));
        QVERIFY(result.problems.empty());
        QCOMPARE(result.imported.size(), 2u);
        QVERIFY(result.imported[0].created);
        QCOMPARE(result.imported[0].addedVersions, (std::vector<int>{1, 2}));
        QCOMPARE(result.imported[0].labels, (std::map<QString, int>{{u"production"_s, 1}, {u"staging"_s, 2}}));

        QCOMPARE(versionsOf(*target, u"capital"_s), versionsOf(*source, u"capital"_s));
        QCOMPARE(versionsOf(*target, u"extract"_s), versionsOf(*source, u"extract"_s));
        QVERIFY(exportPrompts(*target) == exported);
    }

    void importingAgainAddsNothing()
    {
        const auto source = openStore(u"source"_s);
        fillLibrary(*source);
        const auto target = openStore(u"target"_s);
        importPrompts(*target, bytesOf(exportPrompts(*source)));

        const PromptImportResult again = importPrompts(*target, bytesOf(exportPrompts(*source)));
        QVERIFY(again.problems.empty());
        QCOMPARE(again.imported.size(), 2u);
        QVERIFY(!again.imported[0].created);
        QVERIFY(again.imported[0].addedVersions.empty());
        QCOMPARE(again.imported[0].unchangedVersions, (std::vector<int>{1, 2}));
        QCOMPARE(target->promptVersions(u"capital"_s).size(), 2u);
    }

    void newNumbersAreAddedAndLabelsPointedAsTheFileSays()
    {
        const auto source = openStore(u"source"_s);
        fillLibrary(*source);
        const auto target = openStore(u"target"_s);
        importPrompts(*target, bytesOf(exportPrompts(*source, {u"capital"_s})));

        source->savePromptVersion(u"capital"_s, contentAsking(u"Third"_s), u"Third"_s, u"ada"_s);
        source->setPromptLabel(u"capital"_s, u"production"_s, 3);
        const PromptImportResult result = importPrompts(*target, bytesOf(exportPrompts(*source, {u"capital"_s})));
        QVERIFY(result.problems.empty());
        QCOMPARE(result.imported.at(0).addedVersions, std::vector<int>{3});
        QCOMPARE(result.imported.at(0).unchangedVersions, (std::vector<int>{1, 2}));
        QCOMPARE(target->promptVersion(*PromptReference::parse(u"capital@production"_s)).commitMessage, u"Third"_s);
        QCOMPARE(target->prompts().size(), 1u);
    }

    void aNumberWithOtherContentIsAConflictForThatPromptOnly()
    {
        const auto target = openStore(u"target"_s);
        target->savePromptVersion(u"capital"_s, contentAsking(u"France?"_s), u"Here"_s, u"ada"_s);

        const auto source = openStore(u"source"_s);
        source->savePromptVersion(u"capital"_s, contentAsking(u"Spain?"_s), u"There"_s, u"ada"_s);
        source->savePromptVersion(u"capital"_s, contentAsking(u"Italy?"_s), u"There too"_s, u"ada"_s);
        source->savePromptVersion(u"other"_s, contentAsking(u"Hello"_s), {}, {});

        const PromptImportResult result = importPrompts(*target, bytesOf(exportPrompts(*source)));
        QCOMPARE(result.problems.size(), 1u);
        QCOMPARE(result.problems[0].kind, PromptImportProblem::Kind::ConflictingVersion);
        QCOMPARE(result.problems[0].toString(),
                 u"prompts[0].versions[0]: capital already has a version 1 with other content."_s);
        QCOMPARE(result.imported.size(), 1u);
        QCOMPARE(result.imported[0].name, u"other"_s);

        // Nothing of the conflicting prompt was taken in, not even its new version 2.
        const auto kept = target->promptVersions(u"capital"_s);
        QCOMPARE(kept.size(), 1u);
        QCOMPARE(kept[0].commitMessage, u"Here"_s);
    }

    void badPartsAreReportedWhereTheyStandAndTheRestIsKept_data()
    {
        QTest::addColumn<QByteArray>("prompt");
        QTest::addColumn<PromptImportProblem::Kind>("kind");
        QTest::addColumn<QString>("problem");

        using Kind = PromptImportProblem::Kind;
        QTest::newRow("not an object") << QByteArray("42") << Kind::BadPrompt
                                       << u"prompts[1]: A prompt must be an object with a \"name\"."_s;
        QTest::newRow("name with a space") << QByteArray(R"({"name": "a b", "versions": [)") + kGoodVersion + "]}"
                                           << Kind::BadPrompt << u"prompts[1]: \"a b\" is not a prompt name."_s;
        QTest::newRow("no versions") << QByteArray(R"({"name": "bad", "versions": []})") << Kind::BadPrompt
                                     << u"prompts[1]: \"versions\" must be an array of at least one version."_s;
        QTest::newRow("version without a number")
            << QByteArray(R"({"name": "bad", "versions": [{"messages": [{"role": "user", "content": "x"}]}]})")
            << Kind::BadVersion << u"prompts[1].versions[0]: \"version\" must be a whole number from 1."_s;
        QTest::newRow("unknown role in the second version")
            << QByteArray(R"({"name": "bad", "versions": [)") + kGoodVersion
                + R"(, {"version": 2, "messages": [{"role": "robot", "content": "x"}]}]})"
            << Kind::BadVersion
            << u"prompts[1].versions[1]: messages[0] has the role \"robot\"; use system, user, assistant or tool."_s;
        QTest::newRow("no messages") << QByteArray(R"({"name": "bad", "versions": [{"version": 1, "messages": []}]})")
                                     << Kind::BadVersion
                                     << u"prompts[1].versions[0]: A version needs at least one message."_s;
        QTest::newRow("time that is no number")
            << QByteArray(R"({"name": "bad", "versions": [{"version": 1, "created_at_ms": "today", )"
                          R"("messages": [{"role": "user", "content": "x"}]}]})")
            << Kind::BadVersion << u"prompts[1].versions[0]: \"created_at_ms\" must be milliseconds since 1970."_s;
        QTest::newRow("version twice") << QByteArray(R"({"name": "bad", "versions": [)") + kGoodVersion + ", "
                + kGoodVersion + "]}" << Kind::BadVersion
                                       << u"prompts[1].versions[1]: Version 1 is in the file twice."_s;
        QTest::newRow("label at a missing version")
            << QByteArray(R"({"name": "bad", "labels": {"production": 5}, "versions": [)") + kGoodVersion + "]}"
            << Kind::BadLabel << u"prompts[1].labels.production: bad has no version 5 for the label to point at."_s;
        QTest::newRow("label that is a number")
            << QByteArray(R"({"name": "bad", "labels": {"2": 1}, "versions": [)") + kGoodVersion + "]}"
            << Kind::BadLabel << u"prompts[1].labels.2: \"2\" is not a label."_s;
        QTest::newRow("name given twice") << QByteArray(R"({"name": "good", "versions": [)") + kGoodVersion + "]}"
                                          << Kind::BadPrompt << u"prompts[1]: good is in the file twice."_s;
    }

    void badPartsAreReportedWhereTheyStandAndTheRestIsKept()
    {
        QFETCH(QByteArray, prompt);
        QFETCH(PromptImportProblem::Kind, kind);
        QFETCH(QString, problem);

        const QByteArray document = R"({"format": "llmops-prompts/v1", "prompts": [{"name": "good", "versions": [)"
            + QByteArray(kGoodVersion) + "]}, " + prompt + R"(, {"name": "also-good", "versions": [)" + kGoodVersion
            + "]}]}";
        const auto store = openStore(u"target"_s);
        const PromptImportResult result = importPrompts(*store, document);

        QCOMPARE(result.problems.size(), 1u);
        QCOMPARE(result.problems[0].kind, kind);
        QCOMPARE(result.problems[0].toString(), problem);
        QCOMPARE(result.imported.size(), 2u);
        QCOMPARE(result.imported[0].name, u"good"_s);
        QCOMPARE(result.imported[1].name, u"also-good"_s);
        QCOMPARE(store->prompts().size(), 2u);
        QCOMPARE(store->promptVersion({u"also-good"_s, 1, {}}).content.messages.at(0).content, u"Hi"_s);
    }

    void aFileThatIsNoArchiveImportsNothing_data()
    {
        QTest::addColumn<QByteArray>("document");
        QTest::addColumn<QString>("problem");

        QTest::newRow("not JSON") << QByteArray("{\"format\": \"llmops-prompts/v1\",\n  \"prompts\": [}")
                                  << u"The file is not JSON: parse error at line 2, column 15"_s;
        QTest::newRow("another format") << QByteArray(R"({"format": "byte-chunks/v1", "prompts": []})")
                                        << u"The file is not a prompt library export"_s;
        QTest::newRow("prompts not a list") << QByteArray(R"({"format": "llmops-prompts/v1", "prompts": {}})")
                                            << u"prompts: \"prompts\" must be an array."_s;
    }

    void aFileThatIsNoArchiveImportsNothing()
    {
        QFETCH(QByteArray, document);
        QFETCH(QString, problem);

        const auto store = openStore(u"target"_s);
        const PromptImportResult result = importPrompts(*store, document);
        QCOMPARE(result.problems.size(), 1u);
        QCOMPARE(result.problems[0].kind, PromptImportProblem::Kind::NotAnArchive);
        QVERIFY2(result.problems[0].toString().startsWith(problem), qPrintable(result.problems[0].toString()));
        QVERIFY(result.imported.empty());
        QVERIFY(store->prompts().empty());
    }

    void exportingAPromptThatIsNotThereFails()
    {
        const auto store = openStore(u"source"_s);
        fillLibrary(*store);
        try {
            exportPrompts(*store, {u"capital"_s, u"missing"_s});
            QFAIL("no StoreError was thrown");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), StoreError::Kind::NotFound);
            QCOMPARE(error.message(), u"There is no prompt named missing."_s);
        }
    }
};

QTEST_GUILESS_MAIN(TestPromptArchive)
#include "tst_promptarchive.moc"
