// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The fast JSON reader gives exactly what nlohmann's own parser gives: the same values of
// the same types, and a discarded value for the same texts.
#include "fieldcases.h"
#include "jsonreading.h"

#include <QDir>
#include <QRandomGenerator>
#include <QTest>

#include <string>

using namespace llmops;
using nlohmann::json;

namespace {

/// Equal values of equal types all the way down: nlohmann's own == takes 1 and 1.0, or a
/// signed and an unsigned 5, for the same.
bool identical(const json &a, const json &b)
{
    // "-0" is a signed zero to nlohmann and an unsigned one to the fast reader, the one
    // difference it has (of type, not of value).
    if (a.is_number_integer() && b.is_number_integer() && a == 0 && b == 0)
        return true;
    if (a.type() != b.type())
        return false;
    if (a.is_object()) {
        if (a.size() != b.size())
            return false;
        for (auto it = a.begin(), other = b.begin(); it != a.end(); ++it, ++other) {
            if (it.key() != other.key() || !identical(it.value(), other.value()))
                return false;
        }
        return true;
    }
    if (a.is_array()) {
        if (a.size() != b.size())
            return false;
        for (size_t i = 0; i < a.size(); ++i) {
            if (!identical(a[i], b[i]))
                return false;
        }
        return true;
    }
    if (a.is_number_float()) {
        // Bit for bit, so that -0.0 and 0.0 differ.
        const double x = a.get<double>();
        const double y = b.get<double>();
        return std::memcmp(&x, &y, sizeof x) == 0;
    }
    return a.is_discarded() || a == b;
}

/// Both parsers on one text; a failure names the text.
void checkSameAsNlohmann(const std::string &text)
{
    const json expected = json::parse(text, nullptr, false);
    const json actual = parseJsonText(text);
    if (!identical(expected, actual)) {
        QFAIL(qPrintable(QStringLiteral("they differ on %1: nlohmann %2, fast %3")
                             .arg(QString::fromStdString(text.substr(0, 200)),
                                  QString::fromStdString(expected.is_discarded() ? "discarded" : expected.dump()),
                                  QString::fromStdString(actual.is_discarded() ? "discarded" : actual.dump()))));
    }
}

/// Random JSON text, with the number forms, escapes, whitespace and nesting that texts in
/// the wild have.
class RandomJson
{
public:
    explicit RandomJson(quint32 seed)
        : m_random(seed)
    {
    }

    std::string text() { return space() + value(0) + space(); }

private:
    int below(int bound) { return int(m_random.bounded(bound)); }

    std::string space()
    {
        static const char *const spaces[] = {"", "", " ", "\n", "\t ", "\r\n  "};
        return spaces[below(6)];
    }

    std::string number()
    {
        static const char *const numbers[] = {"0",
                                              "-0",
                                              "7",
                                              "-12",
                                              "3.25",
                                              "-0.0",
                                              "1e3",
                                              "2E-2",
                                              "1.5e+10",
                                              "9223372036854775807",
                                              "-9223372036854775808",
                                              "18446744073709551615",
                                              "18446744073709551616",
                                              "1e400",
                                              "4.9e-324",
                                              "1.7976931348623157e308",
                                              "0.1",
                                              "123456789012345678901234567890",
                                              "-9223372036854775809",
                                              "1e-400"};
        return numbers[below(20)];
    }

    std::string string()
    {
        static const char *const pieces[] = {
            "a",       "word ", "\\n",      "\\\"",         "\\\\",    "\\/",     "\\u00e9",          "\\ud83d\\ude00",
            "\\u0000", "\\t",   "\xc3\xa9", "\xe2\x82\xac", "\\ud800", "\\udc00", "\xf0\x9f\x98\x80", "x"};
        std::string text = "\"";
        for (int i = below(6); i > 0; --i)
            text += pieces[below(16)];
        return text + "\"";
    }

    std::string value(int depth)
    {
        const int kind = depth > 5 ? below(5) : below(7);
        switch (kind) {
        case 0:
            return number();
        case 1:
            return string();
        case 2:
            return below(2) ? "true" : "false";
        case 3:
            return "null";
        case 4:
            return string();
        case 5: {
            std::string text = "[" + space();
            for (int i = below(4); i > 0; --i)
                text += value(depth + 1) + space() + (i > 1 ? "," : "") + space();
            return text + "]";
        }
        default: {
            std::string text = "{" + space();
            for (int i = below(4); i > 0; --i) {
                // Few key names, so that objects repeat keys now and then.
                text += "\"k" + std::to_string(below(3)) + "\"" + space() + ":" + space() + value(depth + 1);
                text += std::string(i > 1 ? "," : "") + space();
            }
            return text + "}";
        }
        }
    }

    QRandomGenerator m_random;
};

std::string nested(int depth)
{
    return std::string(size_t(depth), '[') + "1" + std::string(size_t(depth), ']');
}

} // namespace

class TestJsonReading : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void edgeCasesReadAsNlohmannReadsThem_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray("");
        QTest::newRow("blank") << QByteArray("  \n");
        QTest::newRow("trailing text") << QByteArray("[1, 2] x");
        QTest::newRow("two documents") << QByteArray("{} {}");
        QTest::newRow("repeated keys keep the last") << QByteArray("{\"a\": 1, \"a\": 2}");
        QTest::newRow("keys come out sorted") << QByteArray("{\"b\": 1, \"a\": [true, null]}");
        QTest::newRow("negative zero integer") << QByteArray("-0");
        QTest::newRow("negative zero float") << QByteArray("-0.0");
        QTest::newRow("largest signed") << QByteArray("9223372036854775807");
        QTest::newRow("smallest signed") << QByteArray("-9223372036854775808");
        QTest::newRow("largest unsigned") << QByteArray("18446744073709551615");
        QTest::newRow("beyond 64 bits") << QByteArray("[18446744073709551616]");
        QTest::newRow("below signed") << QByteArray("-9223372036854775809");
        QTest::newRow("overflowing exponent") << QByteArray("1e400");
        QTest::newRow("underflowing exponent") << QByteArray("1e-400");
        QTest::newRow("subnormal") << QByteArray("4.9e-324");
        QTest::newRow("leading zero") << QByteArray("012");
        QTest::newRow("bare NaN") << QByteArray("NaN");
        QTest::newRow("escaped NUL") << QByteArray("\"a\\u0000b\"");
        QTest::newRow("surrogate pair") << QByteArray("\"\\ud83d\\ude00\"");
        QTest::newRow("lone high surrogate") << QByteArray("\"\\ud800\"");
        QTest::newRow("lone low surrogate") << QByteArray("\"\\udc00x\"");
        QTest::newRow("invalid UTF-8") << QByteArray("\"\xff\xfe\"");
        QTest::newRow("overlong UTF-8") << QByteArray("\"\xc0\xaf\"");
        QTest::newRow("raw control character") << QByteArray("\"a\tb\"");
        QTest::newRow("unclosed") << QByteArray("{\"a\": [1, 2");
        QTest::newRow("trailing comma") << QByteArray("[1, 2,]");
        QTest::newRow("comment") << QByteArray("[1] // no");
        QTest::newRow("byte order mark") << QByteArray("\xef\xbb\xbf{\"a\": 1}");
        QTest::newRow("nested 127") << QByteArray::fromStdString(nested(127));
        QTest::newRow("nested 128") << QByteArray::fromStdString(nested(128));
        QTest::newRow("nested 129") << QByteArray::fromStdString(nested(129));
        QTest::newRow("nested 2000") << QByteArray::fromStdString(nested(2000));
        QTest::newRow("long string") << QByteArray("\"" + QByteArray(3000000, 'z') + "\"");
    }

    void edgeCasesReadAsNlohmannReadsThem()
    {
        QFETCH(QByteArray, text);
        checkSameAsNlohmann(text.toStdString());
    }

    void randomTextsReadAsNlohmannReadsThem()
    {
        RandomJson generator(20261204);
        int refused = 0;
        for (int i = 0; i < 20000; ++i) {
            std::string text = generator.text();
            // Every fifth text is cut short somewhere, for the broken texts of the wild.
            if (i % 5 == 4 && text.size() > 1)
                text.resize(text.size() / 2);
            refused += json::parse(text, nullptr, false).is_discarded() ? 1 : 0;
            checkSameAsNlohmann(text);
            if (QTest::currentTestFailed())
                return;
        }
        // Both kinds were tried: texts read and texts refused.
        QVERIFY(refused > 1000);
        QVERIFY(refused < 19000);
    }

    void fieldCasesReadAsNlohmannReadsThem()
    {
        const QDir cases(QStringLiteral(LLMOPS_FIELD_CASES_DIR));
        int documents = 0;
        for (const QString &name : cases.entryList({u"*.json"_qs, u"*.jsonl"_qs}, QDir::Files)) {
            const QByteArray bytes = testing::fieldCase(name);
            if (name.endsWith(u".jsonl")) {
                for (const QByteArray &line : bytes.split('\n')) {
                    checkSameAsNlohmann(line.toStdString());
                    ++documents;
                }
            } else {
                checkSameAsNlohmann(bytes.toStdString());
                ++documents;
            }
        }
        QVERIFY(documents > 20);
    }
};

QTEST_GUILESS_MAIN(TestJsonReading)
#include "tst_jsonreading.moc"
