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
        QTest::newRow("interval over a day") << u"interval"_s << u"86401"_s << u"interval"_s;

        // What a terminal, a table or the wire would take for something else.
        QTest::newRow("tab in the name") << u"name"_s << u"a\tb"_s << u"invisible"_s;
        QTest::newRow("escape in the name") << u"name"_s << u"a\x1b[31mb"_s << u"invisible"_s;
        QTest::newRow("bidi override in the name") << u"name"_s << u"a\u202Eb"_s << u"invisible"_s;
        QTest::newRow("zero-width space in the name") << u"name"_s << u"a\u200Bb"_s << u"invisible"_s;
        QTest::newRow("name too long") << u"name"_s << QString(65, u'n') << u"at most 64"_s;
        QTest::newRow("unicode name") << u"name"_s << u"Zürich prod"_s << QString();
        QTest::newRow("line break in a header value")
            << u"header-value"_s << u"a\r\nAuthorization: x"_s << u"line break"_s;
        QTest::newRow("bare line feed in a header value") << u"header-value"_s << u"a\nX-B: b"_s << u"line break"_s;
        QTest::newRow("DEL in a header value") << u"header-value"_s << u"a\x7f"_s << u"control character"_s;
        QTest::newRow("proxy credentials") << u"header"_s << u"Proxy-Authorization"_s << u"credential"_s;
        QTest::newRow("tab in a header value") << u"header-value"_s << u"a\tb"_s << QString();
        QTest::newRow("space in a header name") << u"header"_s << u"X Team"_s << u"header name"_s;
        QTest::newRow("Content-Length header") << u"header"_s << u"Content-Length"_s << u"set by the console"_s;
        QTest::newRow("Host header") << u"header"_s << u"host"_s << u"set by the console"_s;
        QTest::newRow("Transfer-Encoding header") << u"header"_s << u"Transfer-Encoding"_s << u"set by the console"_s;
        QTest::newRow("bearer value") << u"header-value"_s << u"Bearer abc"_s << u"credential"_s;
        QTest::newRow("Ollama with /v1") << u"ollama-url"_s << u"http://127.0.0.1:11434/v1"_s << u"server root"_s;
        QTest::newRow("Ollama at the root") << u"ollama-url"_s << u"http://127.0.0.1:11434"_s << QString();
        QTest::newRow("empty prompt") << u"prompt"_s << u" "_s << u"prompt is empty"_s;
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
        else if (field == u"header-value")
            endpoint.extraHeaders = {{u"X-Team"_s, value}};
        else if (field == u"interval")
            endpoint.probeIntervalS = value.toInt();
        else if (field == u"prompt")
            endpoint.probePrompt = value;
        else if (field == u"ollama-url") {
            endpoint.kind = EndpointKind::OllamaChat;
            endpoint.baseUrl = value;
        }

        const QStringList problems = validateEndpoint(endpoint);
        if (problem.isEmpty()) {
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u' ')));
        } else {
            QCOMPARE(problems.size(), 1);
            QVERIFY2(problems.constFirst().contains(problem, Qt::CaseInsensitive), qPrintable(problems.constFirst()));
        }
    }

    void normalizingMakesLookalikeNamesOne()
    {
        Endpoint composed;
        composed.name = u"  Z\u00FCrich "_s;
        Endpoint decomposed;
        decomposed.name = u"Zu\u0308rich"_s;
        QCOMPARE(normalizedEndpoint(composed).name, u"Z\u00FCrich"_s);
        QCOMPARE(normalizedEndpoint(decomposed).name, u"Z\u00FCrich"_s);
        QCOMPARE(normalizedEndpointName(u"dup "_s), u"dup"_s);

        Endpoint spaced;
        spaced.baseUrl = u" http://127.0.0.1:8080/v1 "_s;
        spaced.extraHeaders = {{u" X-Team "_s, u" ops "_s}};
        const Endpoint normalized = normalizedEndpoint(spaced);
        QCOMPARE(normalized.baseUrl, u"http://127.0.0.1:8080/v1"_s);
        QCOMPARE(normalized.extraHeaders, HeaderList({{u"X-Team"_s, u"ops"_s}}));
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
