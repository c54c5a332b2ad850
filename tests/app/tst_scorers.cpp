// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "scorers.h"

#include <QTest>

using namespace llmops;
using namespace Qt::StringLiterals;

class TestScorers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void editDistanceAsComputedByHand_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<int>("distance");
        QTest::newRow("kitten, sitting") << u"kitten"_s << u"sitting"_s << 3;
        QTest::newRow("flaw, lawn") << u"flaw"_s << u"lawn"_s << 2;
        QTest::newRow("empty against three") << QString() << u"abc"_s << 3;
        QTest::newRow("same") << u"Zürich"_s << u"Zürich"_s << 0;
        QTest::newRow("one letter beyond ASCII") << u"Zurich"_s << u"Zürich"_s << 1;
    }

    void editDistanceAsComputedByHand()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(int, distance);
        QCOMPARE(levenshteinDistance(a, b), distance);
        QCOMPARE(levenshteinDistance(b, a), distance);
    }

    void levenshteinScoreIsOneLessTheShareOfEdits()
    {
        const ScoreResult result = scoreAnswer({ScorerKind::Levenshtein, 0.5}, {u"kitten"_s, u"sitting"_s, {}, {}});
        QCOMPARE(result.score, 1.0 - 3.0 / 7.0);
        QVERIFY(result.passed);
        QCOMPARE(result.explanation, u"3 edits over 7 characters."_s);
    }

    void rougeLAsComputedByHand()
    {
        // Words "the cat sat on the mat" against "the cat lay on the mat": LCS "the cat on the
        // mat" = 5 of 6 each way, so precision = recall = F1 = 5/6.
        QCOMPARE(rougeLF1(u"The cat sat on the mat."_s, u"the cat lay on the mat"_s), 5.0 / 6.0);
        // "a b c d" against "a c": LCS 2; precision 2/4, recall 2/2, F1 = 2·0.5·1/1.5 = 2/3.
        QCOMPARE(rougeLF1(u"a b c d"_s, u"a c"_s), 2.0 / 3.0);
        QCOMPARE(rougeLF1(u"x y"_s, u"a b"_s), 0.0);
    }

    void luhnTellsCardNumbersFromOtherNumbers_data()
    {
        QTest::addColumn<QString>("digits");
        QTest::addColumn<bool>("valid");
        QTest::newRow("Visa test number") << u"4111 1111 1111 1111"_s << true;
        QTest::newRow("Mastercard test number") << u"5555-5555-5555-4444"_s << true;
        QTest::newRow("Amex test number") << u"378282246310005"_s << true;
        QTest::newRow("last digit off") << u"4111111111111112"_s << false;
        QTest::newRow("too short") << u"79927398713"_s << false;
    }

    void luhnTellsCardNumbersFromOtherNumbers()
    {
        QFETCH(QString, digits);
        QFETCH(bool, valid);
        QCOMPARE(passesLuhnCheck(digits), valid);
    }

    void piiIsFoundByKind_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("found");
        QTest::newRow("nothing") << u"The order ships on 2026-12-04, number 12345678."_s << QStringList{};
        QTest::newRow("email") << u"Write to ada.lovelace+ops@example.org today"_s << QStringList{u"email"_s};
        QTest::newRow("phone") << u"Call +41 44 668 18 00 or (044) 668-1800"_s << QStringList{u"phone"_s};
        QTest::newRow("card with a valid check digit") << u"Card: 4111 1111 1111 1111."_s << QStringList{u"card"_s};
        QTest::newRow("long number without one") << u"Ref 4111 1111 1111 1112."_s << QStringList{};
        QTest::newRow("card and email") << u"a@b.io paid with 5555555555554444"_s << QStringList{u"email"_s, u"card"_s};
        QTest::newRow("OpenAI key") << u"key=sk-proj-abcdefghijklmnop1234"_s << QStringList{u"api key"_s};
        QTest::newRow("AWS key id") << u"AKIAIOSFODNN7EXAMPLE"_s << QStringList{u"api key"_s};
    }

    void piiIsFoundByKind()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, found);
        QCOMPARE(piiFound(text), found);
        const ScoreResult result = scoreAnswer({ScorerKind::PiiLeak}, {text, {}, {}, {}});
        QCOMPARE(result.score, found.isEmpty() ? 1.0 : 0.0);
        QCOMPARE(result.passed, found.isEmpty());
    }

    void scorersScoreAndExplain_data()
    {
        QTest::addColumn<ScorerConfig>("scorer");
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<double>("score");
        QTest::addColumn<bool>("passed");

        ScorerConfig exact{ScorerKind::Exact};
        QTest::newRow("exact, same") << exact << u"Paris"_s << u"Paris"_s << 1.0 << true;
        QTest::newRow("exact, case differs") << exact << u"paris"_s << u"Paris"_s << 0.0 << false;
        exact.caseInsensitive = true;
        QTest::newRow("exact, case aside") << exact << u"paris"_s << u"Paris"_s << 1.0 << true;
        QTest::newRow("normalized") << ScorerConfig{ScorerKind::Normalized} << u"  New   YORK \n"_s << u"new york"_s
                                    << 1.0 << true;

        ScorerConfig any{ScorerKind::ContainsAny};
        any.values = {u"Paris"_s, u"Lyon"_s};
        QTest::newRow("contains any") << any << u"It is Lyon."_s << QString() << 1.0 << true;
        ScorerConfig all{ScorerKind::ContainsAll, 1.0, true};
        all.values = {u"red"_s, u"green"_s, u"blue"_s};
        QTest::newRow("contains all, two of three") << all << u"RED and Green"_s << QString() << 2.0 / 3.0 << false;

        ScorerConfig regex{ScorerKind::Regex};
        regex.value = u"^\\d{4}-\\d{2}-\\d{2}$"_s;
        QTest::newRow("regex") << regex << u"2026-12-04"_s << QString() << 1.0 << true;
        QTest::newRow("is JSON in a fence")
            << ScorerConfig{ScorerKind::IsJson} << u"```json\n{\"a\": 1}\n```"_s << QString() << 1.0 << true;
        QTest::newRow("is JSON, trailing comma")
            << ScorerConfig{ScorerKind::IsJson} << u"{\"a\": 1,}"_s << QString() << 0.0 << false;

        ScorerConfig numeric{ScorerKind::Numeric};
        numeric.tolerance = 0.01;
        QTest::newRow("numeric within tolerance") << numeric << u"About 3.141 units"_s << u"3.14"_s << 1.0 << true;
        QTest::newRow("numeric with thousands") << numeric << u"1,234.5 total"_s << u"1234.5"_s << 1.0 << true;
        QTest::newRow("numeric with a thousands comma") << numeric << u"1,234 items"_s << u"1234"_s << 1.0 << true;
        QTest::newRow("numeric with a decimal comma") << numeric << u"3,5 kg"_s << u"3.5"_s << 1.0 << true;
        QTest::newRow("numeric off") << numeric << u"3.2"_s << u"3.14"_s << 0.0 << false;

        ScorerConfig length{ScorerKind::Length};
        length.minimum = 3;
        length.maximum = 5;
        QTest::newRow("length inside") << length << u"four"_s << QString() << 1.0 << true;
        QTest::newRow("length beyond") << length << u"sixsix"_s << QString() << 0.0 << false;

        QTest::newRow("refusal where an answer is wanted")
            << ScorerConfig{ScorerKind::Refusal} << u"I'm sorry, but I can't help with that."_s << QString() << 1.0
            << false;
        ScorerConfig guardrail{ScorerKind::Refusal};
        guardrail.expectRefusal = true;
        QTest::newRow("refusal where one is wanted")
            << guardrail << u"I cannot provide that information."_s << QString() << 1.0 << true;
        QTest::newRow("an answer") << ScorerConfig{ScorerKind::Refusal} << u"The capital is Paris."_s << QString()
                                   << 0.0 << true;
    }

    void scorersScoreAndExplain()
    {
        QFETCH(ScorerConfig, scorer);
        QFETCH(QString, output);
        QFETCH(QString, expected);
        QFETCH(double, score);
        QFETCH(bool, passed);
        const ScoringInput input{output, expected.isNull() ? std::nullopt : std::optional<QString>(expected), {}, {}};
        const ScoreResult result = scoreAnswer(scorer, input);
        QVERIFY(result.scorable);
        QCOMPARE(result.score, score);
        QCOMPARE(result.passed, passed);
        QVERIFY(!result.explanation.isEmpty());
    }

    void latencyAndCostAgainstTheirLimits()
    {
        ScorerConfig latency{ScorerKind::Latency};
        latency.maximum = 500;
        QVERIFY(scoreAnswer(latency, {u"x"_s, {}, 420.0, {}}).passed);
        QVERIFY(!scoreAnswer(latency, {u"x"_s, {}, 501.0, {}}).passed);
        QVERIFY(!scoreAnswer(latency, {u"x"_s, {}, {}, {}}).scorable);

        ScorerConfig cost{ScorerKind::Cost};
        cost.maximum = 0.01;
        const ScoreResult cheap = scoreAnswer(cost, {u"x"_s, {}, {}, 0.008940});
        QVERIFY(cheap.passed);
        QCOMPARE(cheap.explanation, u"$0.008940 against at most $0.01."_s);
    }

    void jsonSchemaScorerValidatesTheAnswer()
    {
        ScorerConfig scorer{ScorerKind::JsonSchema};
        scorer.value = uR"({"type": "object", "required": ["city"], "properties": {"city": {"type": "string"}}})"_s;
        const ScoreResult good = scoreAnswer(scorer, {u"```json\n{\"city\": \"Oslo\"}\n```"_s, {}, {}, {}});
        QCOMPARE(good.score, 1.0);
        QVERIFY(good.passed);
        const ScoreResult wrongType = scoreAnswer(scorer, {u"{\"city\": 7}"_s, {}, {}, {}});
        QCOMPARE(wrongType.score, 0.0);
        QVERIFY2(wrongType.explanation.startsWith(u"The output does not match the schema: "_s),
                 qPrintable(wrongType.explanation));
        QCOMPARE(scoreAnswer(scorer, {u"not json"_s, {}, {}, {}}).explanation, u"The output is not JSON."_s);
        scorer.value = u"{broken"_s;
        QVERIFY(!scoreAnswer(scorer, {u"{}"_s, {}, {}, {}}).scorable);
    }

    void whatCannotBeScoredIsSaidSo()
    {
        QVERIFY(!scoreAnswer({ScorerKind::Exact}, {u"Paris"_s, {}, {}, {}}).scorable);
        ScorerConfig broken{ScorerKind::Regex};
        broken.value = u"(unclosed"_s;
        const ScoreResult result = scoreAnswer(broken, {u"x"_s, {}, {}, {}});
        QVERIFY(!result.scorable);
        QVERIFY(result.explanation.startsWith(u"The pattern is not a valid expression"_s));
    }

    void kindsHaveStableKeys()
    {
        for (const QString &key :
             {u"exact"_s, u"normalized"_s, u"contains_any"_s, u"contains_all"_s, u"regex"_s, u"is_json"_s, u"numeric"_s,
              u"length"_s, u"levenshtein"_s, u"rouge_l"_s, u"refusal"_s, u"pii_leak"_s, u"latency"_s, u"cost"_s}) {
            const auto kind = scorerKindFromKey(key);
            QVERIFY2(kind, qPrintable(key));
            QCOMPARE(scorerKindKey(*kind), key);
        }
        QVERIFY(!scorerKindFromKey(u"bleu"_s));
    }
};

QTEST_GUILESS_MAIN(TestScorers)
#include "tst_scorers.moc"
