// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "secretredaction.h"

#include <QTest>

using namespace llmops;
using namespace Qt::StringLiterals;

class TestSecretRedaction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void masksTheSecret_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("expected");

        const QString key = u"sk-proj-4fA9zQ0xL2"_s;
        QTest::newRow("whole key") << u"Incorrect API key provided: sk-proj-4fA9zQ0xL2."_s << key
                                   << u"Incorrect API key provided: ***."_s;
        QTest::newRow("key twice") << u"sk-proj-4fA9zQ0xL2 / sk-proj-4fA9zQ0xL2"_s << key << u"*** / ***"_s;
        QTest::newRow("excerpt cut inside the key")
            << u"Incorrect API key provided: sk-proj-4fA"_s << key << u"Incorrect API key provided: ***"_s;
        QTest::newRow("excerpt starting inside the key")
            << u"efzQ0xL2 was refused"_s << u"abcdefzQ0xL2"_s << u"*** was refused"_s;
        QTest::newRow("short shared runs stay") << u"key sk-other is wrong"_s << key << u"key sk-other is wrong"_s;
        QTest::newRow("no secret") << u"Bad request"_s << QString() << u"Bad request"_s;
        QTest::newRow("tiny secret only whole") << u"abc and ab"_s << u"abc"_s << u"*** and ab"_s;
        QTest::newRow("secret of four, masked whole") << u"key: 1a2b!"_s << u"1a2b"_s << u"key: ***!"_s;
    }

    void masksTheSecret()
    {
        QFETCH(QString, text);
        QFETCH(QString, secret);
        QFETCH(QString, expected);
        QCOMPARE(redactSecret(text, secret), expected);
    }
};

QTEST_GUILESS_MAIN(TestSecretRedaction)
#include "tst_secretredaction.moc"
