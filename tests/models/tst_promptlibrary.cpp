// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The prompt library in the store: versions that never change, labels that move, search,
// references and the errors a caller is told; and the placeholders prompts are rendered with.
#include "outsideconnection.h"
#include "prompt.h"
#include "store.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <functional>

using namespace llmops;
using namespace llmops::testing;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(StoreError::Kind)

namespace {

PromptContent contentAsking(const QString &question)
{
    PromptContent content;
    content.messages = {{u"system"_s, u"You answer in one sentence."_s}, {u"user"_s, question}};
    return content;
}

QStringList namesOf(const std::vector<PromptSummary> &prompts)
{
    QStringList names;
    for (const auto &prompt : prompts)
        names << prompt.name;
    return names;
}

} // namespace

class TestPromptLibrary : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Store> openStore()
    {
        m_path = m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) + u".sqlite"_s);
        if (QTest::currentDataTag())
            m_path += QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-');
        return Store::open(m_path);
    }

    QTemporaryDir m_dir;
    QString m_path;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void savedChangedAndSavedAgainHasTwoVersions()
    {
        const auto store = openStore();
        const PromptVersion first = store->savePromptVersion(u"capital"_s, contentAsking(u"Capital of France?"_s),
                                                             u"First try"_s, u"ada"_s);
        QCOMPARE(first.version, 1);
        QVERIFY(first.id > 0);
        QVERIFY(first.createdAtMs > 0);
        QVERIFY(first.labels.isEmpty());

        const PromptVersion second = store->savePromptVersion(u"capital"_s, contentAsking(u"Capital of Spain?"_s),
                                                              u"Spain instead"_s, u"grace"_s);
        QCOMPARE(second.version, 2);
        QVERIFY(second.createdAtMs >= first.createdAtMs);

        const auto versions = store->promptVersions(u"capital"_s);
        QCOMPARE(versions.size(), 2u);
        QCOMPARE(versions[0], second);
        QCOMPARE(versions[1], first);
        QCOMPARE(versions[1].content.messages[1].content, u"Capital of France?"_s);
        QCOMPARE(versions[0].content.messages[1].content, u"Capital of Spain?"_s);
        QCOMPARE(versions[0].author, u"grace"_s);
        QCOMPARE(versions[1].commitMessage, u"First try"_s);

        const auto prompts = store->prompts();
        QCOMPARE(prompts.size(), 1u);
        QCOMPARE(prompts[0].name, u"capital"_s);
        QCOMPARE(prompts[0].latestVersion, 2);
        QCOMPARE(prompts[0].versionCount, 2);
        QCOMPARE(prompts[0].latestCommitMessage, u"Spain instead"_s);
        QCOMPARE(prompts[0].updatedAtMs, second.createdAtMs);
    }

    void versionsCannotBeChangedFromOutside()
    {
        const auto store = openStore();
        store->savePromptVersion(u"capital"_s, contentAsking(u"Capital of France?"_s), u"First"_s, u"ada"_s);

        const QString error = executeFromOutside(
            m_path, "UPDATE prompt_versions SET content_json = '{\"messages\": []}', commit_message = 'rewritten'");
        QCOMPARE(error, u"prompt versions are immutable"_s);

        const PromptVersion kept = store->promptVersion({u"capital"_s, 1, {}});
        QCOMPARE(kept.commitMessage, u"First"_s);
        QCOMPARE(kept.content, contentAsking(u"Capital of France?"_s));
    }

    void labelsPointAtOneVersionAndMove()
    {
        const auto store = openStore();
        store->savePromptVersion(u"capital"_s, contentAsking(u"France?"_s), u"one"_s, u"ada"_s);
        store->savePromptVersion(u"capital"_s, contentAsking(u"Spain?"_s), u"two"_s, u"ada"_s);

        QCOMPARE(store->setPromptLabel(u"capital"_s, u"production"_s, 1), std::nullopt);
        QCOMPARE(store->setPromptLabel(u"capital"_s, u"staging"_s, 2), std::nullopt);
        QCOMPARE(store->promptVersion(*PromptReference::parse(u"capital@production"_s)).version, 1);
        QCOMPARE(store->promptVersions(u"capital"_s)[1].labels, QStringList{u"production"_s});

        QCOMPARE(store->setPromptLabel(u"capital"_s, u"production"_s, 2), std::optional<int>(1));
        const PromptVersion production = store->promptVersion(*PromptReference::parse(u"capital@production"_s));
        QCOMPARE(production.version, 2);
        QCOMPARE(production.content.messages[1].content, u"Spain?"_s);
        QCOMPARE(production.labels, (QStringList{u"production"_s, u"staging"_s}));
        QVERIFY(store->promptVersions(u"capital"_s)[1].labels.isEmpty());

        const std::map<QString, int> labels{{u"production"_s, 2}, {u"staging"_s, 2}};
        QCOMPARE(store->prompts().at(0).labels, labels);

        store->removePromptLabel(u"capital"_s, u"staging"_s);
        QCOMPARE(store->promptVersion({u"capital"_s, 2, {}}).labels, QStringList{u"production"_s});
    }

    void searchLooksAtNamesCommitMessagesAndMessages_data()
    {
        QTest::addColumn<QString>("search");
        QTest::addColumn<QStringList>("found");

        QTest::newRow("everything without a search") << QString() << QStringList{u"alpha"_s, u"Beta"_s, u"gamma"_s};
        QTest::newRow("name, case aside") << u"BET"_s << QStringList{u"Beta"_s};
        QTest::newRow("commit message of an older version") << u"typo"_s << QStringList{u"alpha"_s};
        QTest::newRow("message text") << u"weather"_s << QStringList{u"gamma"_s};
        QTest::newRow("message text beyond ASCII, case aside") << u"ÜBER"_s << QStringList{u"Beta"_s};
        QTest::newRow("JSON keys are not text") << u"role"_s << QStringList{};
        QTest::newRow("nothing") << u"zebra"_s << QStringList{};
    }

    void searchLooksAtNamesCommitMessagesAndMessages()
    {
        QFETCH(QString, search);
        QFETCH(QStringList, found);

        const auto store = openStore();
        store->savePromptVersion(u"alpha"_s, contentAsking(u"One"_s), u"Fix a typo"_s, u"ada"_s);
        store->savePromptVersion(u"alpha"_s, contentAsking(u"Two"_s), u"Shorter"_s, u"ada"_s);
        store->savePromptVersion(u"Beta"_s, contentAsking(u"Alles über Berlin"_s), u"First"_s, u"ada"_s);
        store->savePromptVersion(u"gamma"_s, contentAsking(u"What is the weather?"_s), u"First"_s, u"ada"_s);

        QCOMPARE(namesOf(store->prompts(search)), found);
    }

    void referencesNameTheLatestANumberOrALabel_data()
    {
        QTest::addColumn<QString>("reference");
        QTest::addColumn<int>("version");

        QTest::newRow("name alone is the latest") << u"capital"_s << 3;
        QTest::newRow("number") << u"capital@1"_s << 1;
        QTest::newRow("label") << u"capital@production"_s << 2;
    }

    void referencesNameTheLatestANumberOrALabel()
    {
        QFETCH(QString, reference);
        QFETCH(int, version);

        const auto store = openStore();
        for (const QString &country : {u"France"_s, u"Spain"_s, u"Italy"_s})
            store->savePromptVersion(u"capital"_s, contentAsking(country), country, u"ada"_s);
        store->setPromptLabel(u"capital"_s, u"production"_s, 2);

        const auto parsed = PromptReference::parse(reference);
        QVERIFY(parsed);
        const PromptVersion found = store->promptVersion(*parsed);
        QCOMPARE(found.version, version);
        QCOMPARE(found.name, u"capital"_s);
        QCOMPARE(found.commitMessage, QStringList({u"France"_s, u"Spain"_s, u"Italy"_s}).at(version - 1));
    }

    void mistakesAreTypedErrorsThatSayWhat_data()
    {
        QTest::addColumn<std::function<void(Store &)>>("call");
        QTest::addColumn<StoreError::Kind>("kind");
        QTest::addColumn<QString>("message");

        using Kind = StoreError::Kind;
        QTest::newRow("unknown prompt") << std::function([](Store &store) { store.promptVersions(u"nope"_s); })
                                        << Kind::NotFound << u"There is no prompt named nope."_s;
        QTest::newRow("missing version") << std::function([](Store &store) {
            store.promptVersion({u"capital"_s, 7, {}});
        }) << Kind::NotFound << u"capital has no version 7."_s;
        QTest::newRow("missing label") << std::function([](Store &store) {
            store.promptVersion({u"capital"_s, {}, u"production"_s});
        }) << Kind::NotFound << u"capital has no label production."_s;
        QTest::newRow("label on a missing version")
            << std::function([](Store &store) { store.setPromptLabel(u"capital"_s, u"production"_s, 9); })
            << Kind::NotFound << u"capital has no version 9."_s;
        QTest::newRow("removing a missing label")
            << std::function([](Store &store) { store.removePromptLabel(u"capital"_s, u"staging"_s); })
            << Kind::NotFound << u"capital has no label staging."_s;
        QTest::newRow("removing a missing prompt")
            << std::function([](Store &store) { store.removePrompt(u"other"_s); }) << Kind::NotFound
            << u"There is no prompt named other."_s;
        QTest::newRow("name with @") << std::function([](Store &store) {
            store.savePromptVersion(u"a@b"_s, contentAsking(u"x"_s), {}, {});
        }) << Kind::Invalid << u"\"a@b\" is not a prompt name: use 1 to 64 letters, digits, \"-\", \"_\" and \".\"."_s;
        QTest::newRow("label starting with a digit")
            << std::function([](Store &store) { store.setPromptLabel(u"capital"_s, u"2nd"_s, 1); }) << Kind::Invalid
            << u"\"2nd\" is not a label: use 1 to 64 letters, digits, \"-\", \"_\" and \".\", starting with no digit."_s;
        QTest::newRow("no messages") << std::function([](Store &store) {
            store.savePromptVersion(u"capital"_s, PromptContent{}, {}, {});
        }) << Kind::Invalid << u"A prompt version needs at least one message."_s;
        QTest::newRow("unknown role") << std::function([](Store &store) {
            PromptContent content;
            content.messages = {{u"robot"_s, u"beep"_s}};
            store.savePromptVersion(u"capital"_s, content, {}, {});
        }) << Kind::Invalid << u"messages[0] has the role \"robot\"; use system, user, assistant or tool."_s;
        QTest::newRow("temperature out of range") << std::function([](Store &store) {
            PromptContent content = contentAsking(u"x"_s);
            content.parameters.temperature = 99;
            store.savePromptVersion(u"capital"_s, content, {}, {});
        }) << Kind::Invalid << u"\"temperature\" must be a number from 0 to 2."_s;
        QTest::newRow("tools that are no array") << std::function([](Store &store) {
            PromptContent content = contentAsking(u"x"_s);
            content.parameters.toolsJson = u"\"notarray\""_s;
            store.savePromptVersion(u"capital"_s, content, {}, {});
        }) << Kind::Invalid << u"\"tools\" must be an array of tool definitions (objects)."_s;
        QTest::newRow("a JSON schema answer without a schema") << std::function([](Store &store) {
            PromptContent content = contentAsking(u"x"_s);
            content.parameters.responseFormat = ResponseFormat::JsonSchema;
            store.savePromptVersion(u"capital"_s, content, {}, {});
        }) << Kind::Invalid << u"\"response_format\" json_schema needs a \"json_schema\" object."_s;
        QTest::newRow("more text than a prompt holds") << std::function([](Store &store) {
            PromptContent content = contentAsking(QString(kMaxPromptTextLength + 1, u'x'));
            store.savePromptVersion(u"capital"_s, content, {}, {});
        }) << Kind::Invalid << u"The messages hold 1048604 characters; a prompt may hold at most 1048576."_s;
        QTest::newRow("import over an existing number") << std::function([](Store &store) {
            PromptVersion again;
            again.version = 1;
            again.content = contentAsking(u"Elsewhere"_s);
            store.addPromptVersions(u"capital"_s, std::span(&again, 1), {});
        }) << Kind::DuplicateName << u"capital already has a version 1."_s;
    }

    void mistakesAreTypedErrorsThatSayWhat()
    {
        QFETCH(std::function<void(Store &)>, call);
        QFETCH(StoreError::Kind, kind);
        QFETCH(QString, message);

        const auto store = openStore();
        store->savePromptVersion(u"capital"_s, contentAsking(u"France?"_s), u"one"_s, u"ada"_s);
        try {
            call(*store);
            QFAIL("no StoreError was thrown");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), kind);
            QCOMPARE(error.message(), message);
        }
        // A refused change leaves the library as it was.
        QCOMPARE(store->promptVersions(u"capital"_s).size(), 1u);
        QCOMPARE(store->promptVersion({u"capital"_s, 1, {}}).content, contentAsking(u"France?"_s));
    }

    void everyParameterComesBackAsSaved()
    {
        const auto store = openStore();
        PromptContent content = contentAsking(u"Extract the {{field}} of {{ document }}."_s);
        content.messages.push_back({u"assistant"_s, u"{\"field\": \"date\"}"_s});
        content.variables = {{u"field"_s, u"date"_s}, {u"document"_s, u"the invoice"_s}};
        content.defaultEndpoint = u"local-llama"_s;
        ChatParameters &parameters = content.parameters;
        parameters.temperature = 0.25;
        parameters.topP = 0.9;
        parameters.maxTokens = 512;
        parameters.stopSequences = {u"\n\n"_s, u"END"_s};
        parameters.seed = 4'294'967'296LL;
        parameters.responseFormat = ResponseFormat::JsonSchema;
        // As the store lays JSON out; other layouts come back as the same JSON (below).
        parameters.jsonSchema = u"{\n  \"type\": \"object\",\n  \"required\": [\n    \"field\"\n  ]\n}"_s;
        parameters.toolsJson = u"[\n  {\n    \"type\": \"function\",\n    \"function\": {\n      \"name\": \"lookup\"\n"
                               "    }\n  }\n]"_s;

        const PromptVersion saved = store->savePromptVersion(u"extract"_s, content, u"All of it"_s, u"ada"_s);
        QCOMPARE(saved.content, content);
        const PromptVersion read = store->promptVersion({u"extract"_s, {}, {}});
        QCOMPARE(read.content.parameters.temperature, std::optional(0.25));
        QCOMPARE(read.content.parameters.topP, std::optional(0.9));
        QCOMPARE(read.content.parameters.maxTokens, std::optional(512));
        QCOMPARE(read.content.parameters.stopSequences, (QStringList{u"\n\n"_s, u"END"_s}));
        QCOMPARE(read.content.parameters.seed, std::optional<qint64>(4'294'967'296LL));
        QCOMPARE(read.content.parameters.responseFormat, ResponseFormat::JsonSchema);
        QCOMPARE(read.content.parameters.jsonSchema, parameters.jsonSchema);
        QCOMPARE(read.content.parameters.toolsJson, parameters.toolsJson);
        QCOMPARE(read.content.variables, content.variables);
        QCOMPARE(read.content.defaultEndpoint, u"local-llama"_s);
        QCOMPARE(read.content, content);

        // Compact JSON is kept as the same JSON, laid out the store's way; what save returns
        // is what later reads give.
        const QString laidOut = parameters.jsonSchema;
        parameters.jsonSchema = u"{\"type\":\"object\",\"required\":[\"field\"]}"_s;
        const PromptVersion compact = store->savePromptVersion(u"extract"_s, content, {}, {});
        QCOMPARE(compact.content.parameters.jsonSchema, laidOut);
        QCOMPARE(store->promptVersion({u"extract"_s, 2, {}}).content, compact.content);
    }

    void removingAPromptRemovesItsVersionsAndLabels()
    {
        const auto store = openStore();
        store->savePromptVersion(u"capital"_s, contentAsking(u"France?"_s), {}, {});
        store->savePromptVersion(u"other"_s, contentAsking(u"Spain?"_s), {}, {});
        store->setPromptLabel(u"capital"_s, u"production"_s, 1);

        store->removePrompt(u"capital"_s);
        QCOMPARE(namesOf(store->prompts()), QStringList{u"other"_s});
        QCOMPARE(valueFromOutside(m_path, "SELECT count(*) FROM prompt_versions"), u"1"_s);
        QCOMPARE(valueFromOutside(m_path, "SELECT count(*) FROM prompt_labels"), u"0"_s);

        // A prompt saved again under the name starts over at version 1.
        QCOMPARE(store->savePromptVersion(u"capital"_s, contentAsking(u"Italy?"_s), {}, {}).version, 1);
        QCOMPARE(store->promptVersion({u"capital"_s, {}, {}}).labels, QStringList());
    }

    void addedVersionsKeepTheirNumbersAuthorsAndTimes()
    {
        const auto store = openStore();
        std::vector<PromptVersion> versions(2);
        versions[0].version = 1;
        versions[0].content = contentAsking(u"France?"_s);
        versions[0].author = u"ada"_s;
        versions[0].commitMessage = u"one"_s;
        versions[0].createdAtMs = 1'700'000'000'000;
        versions[1].version = 4;
        versions[1].content = contentAsking(u"Spain?"_s);
        versions[1].createdAtMs = 1'700'000'100'000;
        store->addPromptVersions(u"capital"_s, versions, {{u"production"_s, 4}});

        const auto read = store->promptVersions(u"capital"_s);
        QCOMPARE(read.size(), 2u);
        QCOMPARE(read[0].version, 4);
        QCOMPARE(read[0].labels, QStringList{u"production"_s});
        QCOMPARE(read[1].author, u"ada"_s);
        QCOMPARE(read[1].createdAtMs, 1'700'000'000'000);
        QCOMPARE(read[1].content, contentAsking(u"France?"_s));
        // Saving goes on after the highest number.
        QCOMPARE(store->savePromptVersion(u"capital"_s, contentAsking(u"Italy?"_s), {}, {}).version, 5);
    }

    void placeholdersAreListedOnceInOrder_data()
    {
        QTest::addColumn<QStringList>("contents");
        QTest::addColumn<QStringList>("placeholders");

        QTest::newRow("none") << QStringList{u"Plain text"_s} << QStringList{};
        QTest::newRow("one") << QStringList{u"Hello {{name}}"_s} << QStringList{u"name"_s};
        QTest::newRow("spaces inside braces") << QStringList{u"{{  city }}"_s} << QStringList{u"city"_s};
        QTest::newRow("repeated across messages")
            << QStringList{u"{{b}} and {{a}}"_s, u"{{a}} again, then {{c}}"_s} << QStringList{u"b"_s, u"a"_s, u"c"_s};
        QTest::newRow("dots and dashes") << QStringList{u"{{user.first-name}}"_s} << QStringList{u"user.first-name"_s};
        QTest::newRow("not a name") << QStringList{u"{{1st}} {{}} {single} {{a b}}"_s} << QStringList{};
    }

    void placeholdersAreListedOnceInOrder()
    {
        QFETCH(QStringList, contents);
        QFETCH(QStringList, placeholders);

        std::vector<ChatMessage> messages;
        for (const QString &content : contents)
            messages.push_back({u"user"_s, content});
        QCOMPARE(placeholdersOf(messages), placeholders);
    }

    void renderingFillsPlaceholders_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<QStringList>("variables"); // name=value
        QTest::addColumn<QString>("rendered");
        QTest::addColumn<QStringList>("missing");

        QTest::newRow("filled") << u"Capital of {{country}}?"_s << QStringList{u"country=France"_s}
                                << u"Capital of France?"_s << QStringList{};
        QTest::newRow("twice, with spaces") << u"{{x}}+{{ x }}"_s << QStringList{u"x=1"_s} << u"1+1"_s << QStringList{};
        QTest::newRow("missing stays as written") << u"Dear {{ name }}, see {{link}}"_s << QStringList{u"link=here"_s}
                                                  << u"Dear {{ name }}, see here"_s << QStringList{u"name"_s};
        QTest::newRow("a value is not rendered again")
            << u"{{a}}"_s << QStringList{u"a={{b}}"_s, u"b=deep"_s} << u"{{b}}"_s << QStringList{};
        QTest::newRow("an empty value is no value")
            << u"[{{a}}]"_s << QStringList{u"a="_s} << u"[{{a}}]"_s << QStringList{u"a"_s};
    }

    void renderingFillsPlaceholders()
    {
        QFETCH(QString, content);
        QFETCH(QStringList, variables);
        QFETCH(QString, rendered);
        QFETCH(QStringList, missing);

        std::vector<PromptVariable> values;
        for (const QString &variable : variables)
            values.push_back({variable.section(u'=', 0, 0), variable.section(u'=', 1)});
        const RenderedMessages result = renderMessages({{u"user"_s, content}}, values);
        QCOMPARE(result.messages.size(), 1u);
        QCOMPARE(result.messages[0].role, u"user"_s);
        QCOMPARE(result.messages[0].content, rendered);
        QCOMPARE(result.missing, missing);
    }
};

QTEST_GUILESS_MAIN(TestPromptLibrary)
#include "tst_promptlibrary.moc"
