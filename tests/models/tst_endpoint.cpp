// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "endpoint.h"

#include <QTest>

using namespace llmops;
using namespace Qt::StringLiterals;

class TestEndpoint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validation_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("problem"); // empty when the endpoint stays valid

        QTest::newRow("valid as made") << QString() << QString() << QString();
        QTest::newRow("https is fine") << u"url"_s << u"https://api.example.org/v1"_s << QString();
        QTest::newRow("empty name") << u"name"_s << u"  "_s << u"name is empty"_s;
        QTest::newRow("no scheme") << u"url"_s << u"127.0.0.1:8080/v1"_s << u"base URL"_s;
        QTest::newRow("ftp scheme") << u"url"_s << u"ftp://example.org"_s << u"base URL"_s;
        QTest::newRow("empty model") << u"model"_s << QString() << u"model is empty"_s;
        QTest::newRow("key instead of variable") << u"key"_s << u"sk-abc123-xyz"_s << u"environment variable"_s;
        QTest::newRow("variable name") << u"key"_s << u"OPENAI_API_KEY"_s << QString();
        QTest::newRow("secret header") << u"header"_s << u"Authorization"_s << u"credential"_s;
        QTest::newRow("api key header") << u"header"_s << u"x-api-key"_s << u"credential"_s;
        QTest::newRow("harmless header") << u"header"_s << u"X-Team"_s << QString();
        QTest::newRow("zero interval") << u"interval"_s << u"0"_s << u"interval"_s;
    }

    void validation()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, problem);

        Endpoint endpoint;
        endpoint.name = u"local"_s;
        endpoint.baseUrl = u"http://127.0.0.1:8080/v1"_s;
        endpoint.model = u"stories260K"_s;
        if (field == u"name")
            endpoint.name = value;
        else if (field == u"url")
            endpoint.baseUrl = value;
        else if (field == u"model")
            endpoint.model = value;
        else if (field == u"key")
            endpoint.apiKeyEnv = value;
        else if (field == u"header")
            endpoint.extraHeaders = {{value, u"v"_s}};
        else if (field == u"interval")
            endpoint.probeIntervalS = value.toInt();

        const QStringList problems = validateEndpoint(endpoint);
        if (problem.isEmpty()) {
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u' ')));
        } else {
            QCOMPARE(problems.size(), 1);
            QVERIFY2(problems.constFirst().contains(problem, Qt::CaseInsensitive), qPrintable(problems.constFirst()));
        }
    }

    void kindKeysRoundTrip()
    {
        for (auto kind : {EndpointKind::OpenAiChat, EndpointKind::OllamaChat})
            QCOMPARE(endpointKindFromKey(endpointKindKey(kind)), std::optional(kind));
        QVERIFY(!endpointKindFromKey(u"grpc"_s));
    }
};

QTEST_GUILESS_MAIN(TestEndpoint)
#include "tst_endpoint.moc"
