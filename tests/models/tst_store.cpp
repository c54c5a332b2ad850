// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "outsideconnection.h"
#include "referencestatistics.h"
#include "store.h"

#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

using namespace llmops;
using namespace llmops::testing;
using namespace Qt::StringLiterals;

namespace {

constexpr QFile::Permissions kOthers = QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther;

Endpoint makeEndpoint(const QString &name)
{
    Endpoint endpoint;
    endpoint.name = name;
    endpoint.baseUrl = u"http://127.0.0.1:8080/v1"_s;
    endpoint.model = u"tiny"_s;
    endpoint.extraHeaders = {{u"X-Team"_s, u"ops"_s}};
    endpoint.environment = u"staging"_s;
    endpoint.probeIntervalS = 15;
    return endpoint;
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }

    void createsAPrivateWalStoreAtTheCurrentSchema()
    {
        const QString path = m_dir.filePath(u"private.sqlite"_s);
        {
            const auto store = Store::open(path);
            QCOMPARE(store->schemaVersion(), Store::currentSchemaVersion());
        }
        QCOMPARE(QFileInfo(path).permissions() & kOthers, QFile::Permissions());
        QCOMPARE(valueFromOutside(path, "PRAGMA journal_mode"), u"wal"_s);
        QCOMPARE(valueFromOutside(path, "PRAGMA user_version").toInt(), Store::currentSchemaVersion());
        QCOMPARE(valueFromOutside(path, "PRAGMA application_id").toLongLong(), 0x4C4C4D4F);

        // Opening again applies nothing twice.
        const auto again = Store::open(path);
        QCOMPARE(again->schemaVersion(), Store::currentSchemaVersion());
    }

    void connectionsOpeningANewStoreTogetherAllSucceed()
    {
        // The console's store worker and its probes open a new store at the same moment.
        for (int round = 0; round < 20; ++round) {
            const QString path = m_dir.filePath(u"together-%1.sqlite"_s.arg(round));
            std::atomic<int> opened = 0;
            std::vector<std::thread> threads;
            QStringList failures;
            std::mutex failuresLock;
            for (int i = 0; i < 4; ++i) {
                threads.emplace_back([&] {
                    try {
                        Store::open(path);
                        ++opened;
                    } catch (const StoreError &error) {
                        const std::lock_guard lock(failuresLock);
                        failures << error.message();
                    }
                });
            }
            for (auto &thread : threads)
                thread.join();
            QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
            QCOMPARE(opened.load(), 4);
        }
    }

    void refusesAFolderThatDoesNotExist()
    {
        const QString folder = m_dir.filePath(u"mistyped/folder"_s);
        QVERIFY_THROWS_EXCEPTION(StoreError, Store::open(folder + u"/store.sqlite"_s));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(u"mistyped"_s)));
    }

    void refusesAnotherProgramsDatabase()
    {
        const QString path = m_dir.filePath(u"other-program.sqlite"_s);
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "CREATE TABLE foo (x INTEGER)", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        const auto contents = [&path] {
            QFile file(path);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        };
        const QByteArray before = contents();
        const QFile::Permissions permissionsBefore = QFileInfo(path).permissions();

        try {
            Store::open(path);
            QFAIL("another program's database was opened as a store");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), StoreError::Kind::NotAStore);
        }
        QCOMPARE(valueFromOutside(path, "SELECT group_concat(name) FROM sqlite_master"), u"foo"_s);

        // Refused means untouched: not switched to WAL, not narrowed, not a byte different.
        QCOMPARE(contents(), before);
        QCOMPARE(QFileInfo(path).permissions(), permissionsBefore);
        QVERIFY(!QFileInfo::exists(path + u"-wal"_s));
    }

    void narrowsAnExistingStoreToItsOwner()
    {
        const QString path = m_dir.filePath(u"shared.sqlite"_s);
        Store::open(path);
        QVERIFY(
            QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
        Store::open(path);
        QCOMPARE(QFileInfo(path).permissions() & kOthers, QFile::Permissions());
    }

    void refusesAStoreFromANewerProgram()
    {
        const QString path = m_dir.filePath(u"newer.sqlite"_s);
        Store::open(path);
        sqlite3 *db = nullptr;
        sqlite3_open(path.toUtf8().constData(), &db);
        sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr);
        sqlite3_close(db);

        try {
            Store::open(path);
            QFAIL("a newer schema was accepted");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), StoreError::Kind::SchemaTooNew);
            QVERIFY(error.message().contains(u"999"_s));
        }
    }

    void refusesAFileThatIsNotADatabase()
    {
        const QString path = m_dir.filePath(u"garbage.sqlite"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        QVERIFY_THROWS_EXCEPTION(StoreError, Store::open(path));
    }

    void endpointsRoundTripAndNamesAreUnique()
    {
        const auto store = Store::open(m_dir.filePath(u"endpoints.sqlite"_s));
        Endpoint endpoint = makeEndpoint(u"local"_s);
        endpoint.kind = EndpointKind::OllamaChat;
        endpoint.apiKeyEnv = u"LOCAL_KEY"_s;
        endpoint.id = store->addEndpoint(endpoint);

        const auto loaded = store->endpointByName(u"local"_s);
        QVERIFY(loaded);
        QCOMPARE(loaded->id, endpoint.id);
        QCOMPARE(loaded->kind, EndpointKind::OllamaChat);
        QCOMPARE(loaded->apiKeyEnv, u"LOCAL_KEY"_s);
        QCOMPARE(loaded->extraHeaders, endpoint.extraHeaders);
        QCOMPARE(loaded->environment, u"staging"_s);
        QCOMPARE(loaded->probeIntervalS, 15);

        try {
            store->addEndpoint(makeEndpoint(u"local"_s));
            QFAIL("a duplicate name was accepted");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), StoreError::Kind::DuplicateName);
        }

        endpoint.model = u"bigger"_s;
        store->updateEndpoint(endpoint);
        QCOMPARE(store->endpoint(endpoint.id)->model, u"bigger"_s);
        QCOMPARE(store->endpoints().size(), std::size_t(1));
    }

    void removingAnEndpointRemovesItsRequests()
    {
        const auto store = Store::open(m_dir.filePath(u"remove.sqlite"_s));
        const qint64 kept = store->addEndpoint(makeEndpoint(u"kept"_s));
        const qint64 removed = store->addEndpoint(makeEndpoint(u"removed"_s));
        RequestRecord record;
        record.startedAtMs = 1000;
        record.endpointId = kept;
        store->addRequest(record);
        record.endpointId = removed;
        store->addRequest(record);
        store->addRequest(record);

        QVERIFY(store->removeEndpoint(removed));
        QVERIFY(!store->removeEndpoint(removed));
        QCOMPARE(store->requestCount(), 1);
        QCOMPARE(store->requestCount(kept), 1);
    }

    void requestsKeepEveryField()
    {
        const auto store = Store::open(m_dir.filePath(u"requests.sqlite"_s));
        RequestRecord record;
        record.endpointId = store->addEndpoint(makeEndpoint(u"e"_s));
        record.startedAtMs = 1'718'000'000'123;
        record.source = RequestSource::Probe;
        record.status = RequestStatus::Error;
        record.httpStatus = 429;
        record.errorClass = ErrorClass::RateLimited;
        record.errorMessage = u"Slow down — überlastet"_s;
        record.retryAfterMs = 2000;
        record.latencyMs = 12.5;
        record.ttftMs = 3.25;
        record.inputTokens = 17;
        record.outputTokens = 3;
        record.tokensReported = true;
        record.tokensPerSecond = 812.5;
        record.responseModel = u"stories260K"_s;
        record.finishReason = u"length"_s;
        record.id = store->addRequest(record);

        RequestRecord bare;
        bare.endpointId = record.endpointId;
        bare.startedAtMs = record.startedAtMs - 1;
        bare.latencyMs = 1;
        store->addRequest(bare);

        const auto rows = store->recentRequests(record.endpointId, 10);
        QCOMPARE(rows.size(), std::size_t(2));
        const RequestRecord &loaded = rows.front();
        QCOMPARE(loaded.id, record.id);
        QCOMPARE(loaded.startedAtMs, record.startedAtMs);
        QCOMPARE(loaded.status, RequestStatus::Error);
        QCOMPARE(loaded.httpStatus, std::optional<int>(429));
        QCOMPARE(loaded.errorClass, ErrorClass::RateLimited);
        QCOMPARE(loaded.errorMessage, record.errorMessage);
        QCOMPARE(loaded.retryAfterMs, std::optional<qint64>(2000));
        QCOMPARE(loaded.latencyMs, 12.5);
        QCOMPARE(loaded.ttftMs, std::optional<double>(3.25));
        QCOMPARE(loaded.inputTokens, std::optional<qint64>(17));
        QCOMPARE(loaded.outputTokens, std::optional<qint64>(3));
        QVERIFY(loaded.tokensReported);
        QCOMPARE(loaded.tokensPerSecond, std::optional<double>(812.5));
        QCOMPARE(loaded.responseModel, u"stories260K"_s);
        QCOMPARE(loaded.finishReason, u"length"_s);

        const RequestRecord &empty = rows.back();
        QVERIFY(!empty.httpStatus && !empty.ttftMs && !empty.inputTokens && !empty.outputTokens);
        QVERIFY(!empty.tokensPerSecond && !empty.retryAfterMs);
        QCOMPARE(empty.errorClass, ErrorClass::None);
    }

    void aggregatesMatchAnIndependentComputation()
    {
        const auto store = Store::open(m_dir.filePath(u"aggregate.sqlite"_s));
        const qint64 first = store->addEndpoint(makeEndpoint(u"first"_s));
        const qint64 second = store->addEndpoint(makeEndpoint(u"second"_s));

        // Random requests over two hours on two endpoints, some failed, some without TTFT.
        QRandomGenerator random(42);
        std::vector<RequestRecord> records;
        const qint64 start = 1'700'000'000'000;
        for (int i = 0; i < 6000; ++i) {
            RequestRecord record;
            record.endpointId = random.bounded(3) == 0 ? second : first;
            record.startedAtMs = start + qint64(random.bounded(2 * 3600 * 1000));
            const int roll = int(random.bounded(20));
            record.status = roll == 0 ? RequestStatus::Error : roll == 1 ? RequestStatus::Cancelled : RequestStatus::Ok;
            record.latencyMs = 50.0 + std::exp(random.generateDouble() * 7.0);
            if (record.status == RequestStatus::Ok) {
                record.ttftMs = record.latencyMs * random.generateDouble();
                record.outputTokens = 1 + int(random.bounded(64));
                if (*record.outputTokens > 1)
                    record.tokensPerSecond = 100.0 + random.generateDouble() * 900.0;
            }
            records.push_back(record);
        }
        store->addRequests(records);

        const AggregateQuery query{first, start + 15 * 60 * 1000, start + 75 * 60 * 1000};
        const RequestAggregate aggregate = store->aggregate(query);

        std::vector<double> latencies, ttfts, rates;
        qint64 count = 0, errors = 0, ok = 0, tokens = 0;
        for (const auto &record : records) {
            if (record.endpointId != first || record.startedAtMs < query.fromMs || record.startedAtMs >= query.toMs)
                continue;
            ++count;
            errors += record.status == RequestStatus::Error;
            ok += record.status == RequestStatus::Ok;
            tokens += record.outputTokens.value_or(0);
            if (record.status == RequestStatus::Ok)
                latencies.push_back(record.latencyMs);
            if (record.ttftMs)
                ttfts.push_back(*record.ttftMs);
            if (record.tokensPerSecond)
                rates.push_back(*record.tokensPerSecond);
        }
        QVERIFY(count > 1000);
        QCOMPARE(aggregate.count, count);
        QCOMPARE(aggregate.errorCount, errors);
        QCOMPARE(aggregate.okCount, ok);
        QCOMPARE(aggregate.outputTokens, tokens);
        QVERIFY(nearlyEqual(aggregate.latencyP50Ms, referenceQuantile(latencies, 0.50)));
        QVERIFY(nearlyEqual(aggregate.latencyP95Ms, referenceQuantile(latencies, 0.95)));
        QVERIFY(nearlyEqual(aggregate.latencyP99Ms, referenceQuantile(latencies, 0.99)));
        QVERIFY(nearlyEqual(aggregate.ttftP50Ms, referenceQuantile(ttfts, 0.50)));
        QVERIFY(nearlyEqual(aggregate.ttftP95Ms, referenceQuantile(ttfts, 0.95)));
        QVERIFY(nearlyEqual(aggregate.tokensPerSecondMean, referenceMean(rates)));
        QVERIFY(nearlyEqual(aggregate.availability(), double(ok) / double(ok + errors)));

        // All endpoints together.
        const RequestAggregate everything = store->aggregate({std::nullopt, start, start + 3 * 3600 * 1000});
        QCOMPARE(everything.count, qint64(records.size()));
    }

    void failuresOfARangeAreListedAndCountedByClass()
    {
        const auto store = Store::open(m_dir.filePath(u"failures.sqlite"_s));
        const qint64 first = store->addEndpoint(makeEndpoint(u"first"_s));
        const qint64 second = store->addEndpoint(makeEndpoint(u"second"_s));

        const std::array classes = {ErrorClass::RateLimited, ErrorClass::Timeout, ErrorClass::StreamCut};
        QRandomGenerator random(7);
        std::vector<RequestRecord> records;
        const qint64 start = 1'700'000'000'000;
        for (int i = 0; i < 3000; ++i) {
            RequestRecord record;
            record.endpointId = random.bounded(2) == 0 ? first : second;
            record.startedAtMs = start + qint64(random.bounded(3600 * 1000));
            record.latencyMs = 10;
            if (random.bounded(4) == 0) {
                record.status = RequestStatus::Error;
                record.errorClass = classes[random.bounded(int(classes.size()))];
                record.errorMessage = u"failure %1"_s.arg(i);
            }
            records.push_back(record);
        }
        store->addRequests(records);

        // The same, computed by hand from what went in.
        const AggregateQuery query{first, start + 10 * 60 * 1000, start + 40 * 60 * 1000};
        std::vector<RequestRecord> expected;
        std::map<ErrorClass, qint64> byClass;
        for (const RequestRecord &record : records) {
            if (record.endpointId != first || record.status != RequestStatus::Error || record.startedAtMs < query.fromMs
                || record.startedAtMs >= query.toMs)
                continue;
            expected.push_back(record);
            ++byClass[record.errorClass];
        }
        std::stable_sort(expected.begin(), expected.end(),
                         [](const auto &a, const auto &b) { return a.startedAtMs > b.startedAtMs; });
        QVERIFY(expected.size() > 50);

        const auto listed = store->failures(query, 50);
        QCOMPARE(listed.size(), std::size_t(50));
        for (std::size_t i = 0; i < listed.size(); ++i) {
            QCOMPARE(listed[i].startedAtMs, expected[i].startedAtMs);
            QCOMPARE(listed[i].endpointId, first);
            QCOMPARE(listed[i].status, RequestStatus::Error);
        }

        const auto counts = store->failureCounts(query);
        qint64 total = 0;
        for (std::size_t i = 0; i < counts.size(); ++i) {
            QCOMPARE(counts[i].count, byClass.at(counts[i].errorClass));
            if (i > 0)
                QVERIFY(counts[i - 1].count >= counts[i].count);
            total += counts[i].count;
        }
        QCOMPARE(counts.size(), byClass.size());
        QCOMPARE(total, qint64(expected.size()));
    }

    void seriesBucketsMatchAnIndependentComputation()
    {
        const auto store = Store::open(m_dir.filePath(u"series.sqlite"_s));
        const qint64 endpoint = store->addEndpoint(makeEndpoint(u"e"_s));
        QRandomGenerator random(7);
        std::vector<RequestRecord> records;
        const qint64 start = 1'699'999'980'000; // a whole minute since the epoch
        for (int i = 0; i < 3000; ++i) {
            RequestRecord record;
            record.endpointId = endpoint;
            record.startedAtMs = start + qint64(random.bounded(30 * 60 * 1000));
            record.latencyMs = 10.0 + random.generateDouble() * 1000.0;
            record.ttftMs = record.latencyMs / 4;
            records.push_back(record);
        }
        store->addRequests(records);

        const qint64 bucketMs = 60 * 1000;
        const auto buckets = store->series({endpoint, start, start + 30 * 60 * 1000}, bucketMs);
        QCOMPARE(buckets.size(), std::size_t(30));
        for (const auto &bucket : buckets) {
            std::vector<double> latencies;
            for (const auto &record : records) {
                if (record.startedAtMs >= bucket.startMs && record.startedAtMs < bucket.startMs + bucketMs)
                    latencies.push_back(record.latencyMs);
            }
            QCOMPARE(bucket.aggregate.count, qint64(latencies.size()));
            QVERIFY(nearlyEqual(bucket.aggregate.latencyP95Ms, referenceQuantile(latencies, 0.95)));
            QVERIFY(nearlyEqual(bucket.aggregate.latencyP50Ms, referenceQuantile(latencies, 0.50)));
        }
    }

    void minuteRollupsAgreeWithSingleRequestsOverAnyRange()
    {
        const auto store = Store::open(m_dir.filePath(u"rollups.sqlite"_s));
        const qint64 endpoint = store->addEndpoint(makeEndpoint(u"e"_s));
        const qint64 other = store->addEndpoint(makeEndpoint(u"other"_s));

        // Requests arrive one by one and in batches into the same minutes, so rollup rows
        // are both created and extended.
        QRandomGenerator random(11);
        const qint64 start = 1'700'000'012'345;
        std::vector<RequestRecord> records;
        for (int i = 0; i < 2000; ++i) {
            RequestRecord record;
            record.endpointId = random.bounded(4) == 0 ? other : endpoint;
            record.startedAtMs = start + qint64(random.bounded(20 * 60 * 1000));
            record.status = random.bounded(10) == 0 ? RequestStatus::Error : RequestStatus::Ok;
            record.latencyMs = 1.0 + random.generateDouble() * 500.0;
            record.ttftMs = record.latencyMs / 3;
            record.outputTokens = 5;
            record.tokensPerSecond = 50.0 + random.generateDouble();
            records.push_back(record);
            if (i % 3 == 0)
                store->addRequest(record);
        }
        std::vector<RequestRecord> rest;
        for (int i = 0; i < int(records.size()); ++i) {
            if (i % 3 != 0)
                rest.push_back(records[std::size_t(i)]);
        }
        store->addRequests(rest);

        for (int round = 0; round < 40; ++round) {
            const qint64 from = start - 60'000 + qint64(random.bounded(22 * 60 * 1000));
            const qint64 to = from + qint64(random.bounded(20 * 60 * 1000));
            const std::optional<qint64> endpointId = round % 4 == 0 ? std::nullopt : std::optional(endpoint);

            std::vector<double> latencies, ttfts, rates;
            qint64 count = 0, errors = 0, tokens = 0;
            for (const auto &record : records) {
                if ((endpointId && record.endpointId != *endpointId) || record.startedAtMs < from
                    || record.startedAtMs >= to)
                    continue;
                ++count;
                errors += record.status == RequestStatus::Error;
                tokens += *record.outputTokens;
                if (record.status == RequestStatus::Ok)
                    latencies.push_back(record.latencyMs);
                ttfts.push_back(*record.ttftMs);
                rates.push_back(*record.tokensPerSecond);
            }

            const RequestAggregate aggregate = store->aggregate({endpointId, from, to});
            QCOMPARE(aggregate.count, count);
            QCOMPARE(aggregate.errorCount, errors);
            QCOMPARE(aggregate.outputTokens, tokens);
            QVERIFY(nearlyEqual(aggregate.latencyP99Ms, referenceQuantile(latencies, 0.99)));
            QVERIFY(nearlyEqual(aggregate.latencyP50Ms, referenceQuantile(latencies, 0.50)));
            QVERIFY(nearlyEqual(aggregate.ttftP95Ms, referenceQuantile(ttfts, 0.95)));
            QVERIFY(nearlyEqual(aggregate.tokensPerSecondMean, referenceMean(rates)));

            // Whole-minute buckets come from the rollups, 15-second ones from single requests;
            // both must add up to the same total.
            for (qint64 bucketMs : {qint64(15'000), qint64(60'000), qint64(300'000)}) {
                qint64 bucketTotal = 0;
                for (const auto &bucket : store->series({endpointId, from, to}, bucketMs))
                    bucketTotal += bucket.aggregate.count;
                QCOMPARE(bucketTotal, count);
            }
        }

        store->removeEndpoint(other);
        QCOMPARE(store->aggregate({other, start - 60'000, start + 3'600'000}).count, 0);
    }

    void emptyRangeHasNoFigures()
    {
        const auto store = Store::open(m_dir.filePath(u"empty.sqlite"_s));
        const RequestAggregate aggregate = store->aggregate({std::nullopt, 0, 1000});
        QCOMPARE(aggregate.count, 0);
        QVERIFY(!aggregate.latencyP95Ms && !aggregate.ttftP50Ms && !aggregate.tokensPerSecondMean);
        QVERIFY(!aggregate.availability() && !aggregate.errorRate());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
