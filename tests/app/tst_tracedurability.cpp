// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// `llmopsctl serve` killed with SIGKILL in the middle of sustained intake, again and again:
// every span whose request was answered 200 must be in the store afterwards, and the store
// must pass SQLite's integrity check.
#include "httppost.h"
#include "otlp/otlp_trace.pb.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>
#include <sqlite3.h>

#include <atomic>
#include <thread>

namespace {

constexpr int kRounds = 20;
constexpr int kSendersPerRound = 2;
constexpr int kSpansPerRequest = 100;

std::string bigEndian(quint64 value, int bytes)
{
    std::string id(size_t(bytes), '\0');
    for (int i = 0; i < bytes; ++i)
        id[size_t(bytes - 1 - i)] = char((value >> (8 * i)) & 0xff);
    return id;
}

/// One request: a trace of its own, so that a trace id tells which request a span came in.
std::string requestOfTrace(const std::string &traceId)
{
    llmops::otlp::ExportTraceServiceRequest request;
    auto *scope = request.add_resource_spans()->add_scope_spans();
    for (int i = 0; i < kSpansPerRequest; ++i) {
        auto *span = scope->add_spans();
        span->set_trace_id(traceId);
        span->set_span_id(bigEndian(quint64(i + 1), 8));
        if (i > 0)
            span->set_parent_span_id(bigEndian(1, 8));
        span->set_name("chat durability");
        span->set_start_time_unix_nano(1750000000000000000ULL + quint64(i));
        span->set_end_time_unix_nano(1750000000000000000ULL + quint64(i) + 1000);
        auto *attribute = span->add_attributes();
        attribute->set_key("gen_ai.input.messages");
        attribute->mutable_value()->set_string_value(std::string(600, 'p'));
    }
    return request.SerializeAsString();
}

qint64 countOf(sqlite3 *db, const std::string &traceId)
{
    sqlite3_stmt *statement = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM spans WHERE trace_id = ?1", -1, &statement, nullptr);
    sqlite3_bind_blob(statement, 1, traceId.data(), int(traceId.size()), SQLITE_STATIC);
    const qint64 count = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
    sqlite3_finalize(statement);
    return count;
}

std::string integrityOf(sqlite3 *db)
{
    sqlite3_stmt *statement = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr);
    std::string result = sqlite3_step(statement) == SQLITE_ROW
        ? reinterpret_cast<const char *>(sqlite3_column_text(statement, 0))
        : "no answer";
    sqlite3_finalize(statement);
    return result;
}

} // namespace

class TestTraceDurability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acknowledgedSpansSurviveSigkill()
    {
        QTemporaryDir directory;
        const QString storePath = directory.filePath(QStringLiteral("store.sqlite"));
        QRandomGenerator random(4318);
        qint64 acknowledgedTotal = 0;

        for (int round = 0; round < kRounds; ++round) {
            QProcess server;
            server.start(QStringLiteral(LLMOPSCTL_PATH),
                         {QStringLiteral("--db"), storePath, QStringLiteral("serve"), QStringLiteral("--otlp-http"),
                          QStringLiteral("127.0.0.1:0")});
            QVERIFY(server.waitForStarted(10000));
            static const QRegularExpression listening(QStringLiteral("(http://\\S+/v1/traces)"));
            QString url;
            while (url.isEmpty() && server.waitForReadyRead(10000))
                url = listening.match(QString::fromUtf8(server.readAllStandardOutput())).captured(1);
            QVERIFY2(!url.isEmpty(), server.readAllStandardError().constData());

            // Senders post until the server is gone, each remembering what was acknowledged.
            std::vector<std::vector<std::string>> acknowledged(kSendersPerRound);
            std::vector<std::thread> senders;
            for (int sender = 0; sender < kSendersPerRound; ++sender) {
                senders.emplace_back([&, sender] {
                    for (quint64 sequence = 0;; ++sequence) {
                        const std::string traceId = bigEndian(
                            quint64(round + 1) << 48 | quint64(sender + 1) << 40 | sequence, 16);
                        const auto answer = llmops::testing::post(url.toStdString(), requestOfTrace(traceId),
                                                                  {"Content-Type: application/x-protobuf"}, false,
                                                                  5000);
                        if (answer.status == 200)
                            acknowledged[size_t(sender)].push_back(traceId);
                        else if (!answer.curlError.empty())
                            return;
                    }
                });
            }

            QTest::qWait(150 + int(random.bounded(350)));
            ::kill(pid_t(server.processId()), SIGKILL);
            QVERIFY(server.waitForFinished(10000));
            for (auto &sender : senders)
                sender.join();

            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open_v2(storePath.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
            QCOMPARE(integrityOf(db), std::string("ok"));
            for (const auto &ids : acknowledged) {
                for (const auto &traceId : ids) {
                    QCOMPARE(countOf(db, traceId), qint64(kSpansPerRequest));
                    ++acknowledgedTotal;
                }
            }
            sqlite3_close(db);
        }
        qInfo("%lld acknowledged requests of %d spans, all found after %d kills", acknowledgedTotal, kSpansPerRequest,
              kRounds);
        QVERIFY(acknowledgedTotal >= kRounds);
    }
};

QTEST_GUILESS_MAIN(TestTraceDurability)
#include "tst_tracedurability.moc"
