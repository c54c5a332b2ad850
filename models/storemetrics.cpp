// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The server-metrics half of the store: scraped series, their samples and rollups, and the
// health of each scrape.
#include "aggregate.h"
#include "sqlitestatement.h"
#include "store.h"

#include <sqlite3.h>

#include <cmath>

namespace llmops {

namespace {

constexpr const char *kScrapeColumns = "endpoint_id, at_ms, up, duration_ms, samples, problems, http_status, "
                                       "error_class, error_message, server_kind";

ScrapeRecord readScrape(const SqliteStatement &row)
{
    ScrapeRecord scrape;
    scrape.endpointId = row.int64(0);
    scrape.atMs = row.int64(1);
    scrape.up = row.int64(2) != 0;
    scrape.durationMs = row.real(3);
    scrape.samples = row.int64(4);
    scrape.problems = row.int64(5);
    if (const auto status = row.optionalInt64(6))
        scrape.httpStatus = int(*status);
    scrape.errorClass = row.utf8String(7);
    scrape.errorMessage = row.utf8String(8);
    scrape.serverKind = row.utf8String(9);
    return scrape;
}

std::optional<double> finite(std::optional<double> value)
{
    return value && std::isfinite(*value) ? value : std::nullopt;
}

std::string seriesKeyOf(const ScrapedSample &sample)
{
    std::string key = sample.name;
    key += '\0';
    key += sample.labelsJson;
    return key;
}

constexpr const char *kRawRetentionKey = "metrics_raw_retention_ms";
constexpr const char *kRollupRetentionKey = "metrics_rollup_retention_ms";

} // namespace

Store::ScrapedEndpoint &Store::scrapedEndpoint(qint64 endpointId)
{
    const auto found = m_scrapedEndpoints.find(endpointId);
    if (found != m_scrapedEndpoints.end())
        return found->second;

    ScrapedEndpoint &endpoint = m_scrapedEndpoints[endpointId];
    // Rollups are made for whole steps only; the newest one says where the next begins.
    SqliteStatement newest(m_db,
                           "SELECT max(r.start_ms) FROM metric_rollups r JOIN metric_series s ON s.id = r.series_id "
                           "WHERE s.endpoint_id = ?1");
    newest.bind(1, endpointId);
    if (newest.step() && !newest.isNull(0))
        endpoint.rolledUntilMs = newest.int64(0) + kMetricRollupMs;
    return endpoint;
}

Store::KnownSeries &Store::knownSeries(ScrapedEndpoint &endpoint, qint64 endpointId, const ScrapedSample &sample)
{
    auto [found, isNew] = endpoint.series.try_emplace(seriesKeyOf(sample));
    KnownSeries &known = found->second;
    if (!isNew)
        return known;

    known.cumulative = isCumulativeSeries(sample.type, sample.family, sample.name);
    SqliteStatement existing(m_db, "SELECT id FROM metric_series WHERE endpoint_id = ?1 AND name = ?2 AND labels = ?3");
    existing.bind(1, endpointId);
    existing.bindUtf8(2, sample.name);
    existing.bindUtf8(3, sample.labelsJson);
    if (existing.step()) {
        known.id = existing.int64(0);
        SqliteStatement last(m_db, "SELECT value FROM metric_samples WHERE series_id = ?1 ORDER BY at_ms DESC LIMIT 1");
        last.bind(1, known.id);
        if (last.step())
            known.lastValue = last.optionalReal(0);
        return known;
    }

    SqliteStatement insert(m_db,
                           "INSERT INTO metric_series (endpoint_id, family, type, help, name, labels, upper_bound) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    insert.bind(1, endpointId);
    insert.bindUtf8(2, sample.family);
    insert.bindUtf8(3, sample.type);
    insert.bindUtf8(4, sample.help);
    insert.bindUtf8(5, sample.name);
    insert.bindUtf8(6, sample.labelsJson);
    insert.bind(7, sample.upperBound);
    insert.execute();
    known.id = sqlite3_last_insert_rowid(m_db);
    return known;
}

void Store::addScrape(const ScrapeRecord &scrape, std::span<const ScrapedSample> samples)
{
    SqliteTransaction transaction(m_db);
    try {
        ScrapedEndpoint &endpoint = scrapedEndpoint(scrape.endpointId);
        SqliteStatement insert(m_db,
                               "INSERT INTO metric_samples (series_id, at_ms, value, increase) VALUES (?1, ?2, ?3, ?4) "
                               "ON CONFLICT (series_id, at_ms) DO UPDATE SET value = excluded.value, "
                               "increase = excluded.increase");
        for (const ScrapedSample &sample : samples) {
            KnownSeries &series = knownSeries(endpoint, scrape.endpointId, sample);
            std::optional<double> increase;
            const std::optional<double> value = std::isnan(sample.value) ? std::nullopt : std::optional(sample.value);
            if (series.cumulative && finite(series.lastValue) && finite(value))
                increase = counterIncrease(*series.lastValue, *value);
            insert.bind(1, series.id);
            insert.bind(2, scrape.atMs);
            insert.bind(3, value);
            insert.bind(4, increase);
            insert.execute();
            series.lastValue = value;
        }

        SqliteStatement health(m_db,
                               (std::string("INSERT INTO scrapes (") + kScrapeColumns
                                + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
                                   .c_str());
        health.bind(1, scrape.endpointId);
        health.bind(2, scrape.atMs);
        health.bind(3, qint64(scrape.up ? 1 : 0));
        health.bind(4, scrape.durationMs);
        health.bind(5, scrape.samples);
        health.bind(6, scrape.problems);
        health.bind(7, scrape.httpStatus);
        health.bindUtf8(8, scrape.errorClass);
        health.bindUtf8(9, scrape.errorMessage);
        health.bindUtf8(10, scrape.serverKind);
        health.execute();

        // A scrape in a later step closes the steps before it.
        const qint64 stepStart = floorToStep(scrape.atMs, kMetricRollupMs);
        if (stepStart > endpoint.rolledUntilMs)
            rollUpMetrics(scrape.endpointId, endpoint, stepStart);
        transaction.commit();
    } catch (...) {
        // What was remembered may not have been committed; it is read again next time.
        m_scrapedEndpoints.erase(scrape.endpointId);
        throw;
    }
}

void Store::rollUpMetrics(qint64 endpointId, ScrapedEndpoint &endpoint, qint64 untilMs)
{
    // The first rollups of an endpoint start with its oldest raw sample.
    qint64 fromMs = endpoint.rolledUntilMs;
    if (fromMs == 0) {
        SqliteStatement oldest(m_db,
                               "SELECT min(m.at_ms) FROM metric_samples m JOIN metric_series s ON s.id = m.series_id "
                               "WHERE s.endpoint_id = ?1");
        oldest.bind(1, endpointId);
        fromMs = oldest.step() && !oldest.isNull(0) ? floorToStep(oldest.int64(0), kMetricRollupMs) : untilMs;
    }
    if (fromMs < untilMs) {
        // The last value of each step is the one of its latest sample.
        SqliteStatement rollUp(
            m_db,
            "INSERT OR REPLACE INTO metric_rollups (series_id, start_ms, mean, last, increase) "
            "SELECT m.series_id, m.at_ms - m.at_ms % ?4 AS step_start, avg(m.value), "
            "(SELECT l.value FROM metric_samples l WHERE l.series_id = m.series_id "
            "AND l.at_ms < (m.at_ms - m.at_ms % ?4) + ?4 ORDER BY l.at_ms DESC LIMIT 1), sum(m.increase) "
            "FROM metric_samples m JOIN metric_series s ON s.id = m.series_id "
            "WHERE s.endpoint_id = ?1 AND m.at_ms >= ?2 AND m.at_ms < ?3 GROUP BY m.series_id, step_start");
        rollUp.bind(1, endpointId);
        rollUp.bind(2, fromMs);
        rollUp.bind(3, untilMs);
        rollUp.bind(4, kMetricRollupMs);
        rollUp.execute();
    }
    endpoint.rolledUntilMs = untilMs;

    // Raw samples go once their step is rolled up and they are older than the retention;
    // rollups and scrape health go after theirs.
    const MetricRetention retention = metricRetention();
    const qint64 rawBefore = std::min(untilMs, floorToStep(untilMs - retention.rawMs, kMetricRollupMs));
    const qint64 rollupsBefore = untilMs - retention.rollupMs;
    const std::pair<const char *, qint64> prunes[] = {
        {"DELETE FROM metric_samples WHERE at_ms < ?2 AND series_id IN "
         "(SELECT id FROM metric_series WHERE endpoint_id = ?1)",
         rawBefore},
        {"DELETE FROM metric_rollups WHERE start_ms < ?2 AND series_id IN "
         "(SELECT id FROM metric_series WHERE endpoint_id = ?1)",
         rollupsBefore},
        {"DELETE FROM scrapes WHERE endpoint_id = ?1 AND at_ms < ?2", rollupsBefore},
    };
    for (const auto &[sql, before] : prunes) {
        SqliteStatement prune(m_db, sql);
        prune.bind(1, endpointId);
        prune.bind(2, before);
        prune.execute();
    }
}

std::vector<ScrapeRecord> Store::scrapes(qint64 endpointId, qint64 fromMs, qint64 toMs) const
{
    SqliteStatement select(m_db,
                           (std::string("SELECT ") + kScrapeColumns
                            + " FROM scrapes WHERE endpoint_id = ?1 AND at_ms >= ?2 AND at_ms < ?3 ORDER BY at_ms")
                               .c_str());
    select.bind(1, endpointId);
    select.bind(2, fromMs);
    select.bind(3, toMs);
    std::vector<ScrapeRecord> result;
    while (select.step())
        result.push_back(readScrape(select));
    return result;
}

std::optional<ScrapeRecord> Store::latestScrape(qint64 endpointId) const
{
    SqliteStatement select(
        m_db,
        (std::string("SELECT ") + kScrapeColumns + " FROM scrapes WHERE endpoint_id = ?1 ORDER BY at_ms DESC LIMIT 1")
            .c_str());
    select.bind(1, endpointId);
    if (!select.step())
        return std::nullopt;
    return readScrape(select);
}

std::string Store::latestServerKind(qint64 endpointId) const
{
    SqliteStatement select(m_db,
                           "SELECT server_kind FROM scrapes WHERE endpoint_id = ?1 AND server_kind <> '' "
                           "ORDER BY at_ms DESC LIMIT 1");
    select.bind(1, endpointId);
    return select.step() ? select.utf8String(0) : std::string();
}

std::vector<MetricFamilySummary> Store::metricFamilies(qint64 endpointId) const
{
    SqliteStatement select(m_db,
                           "SELECT family, type, max(help), count(*) FROM metric_series WHERE endpoint_id = ?1 "
                           "GROUP BY family, type ORDER BY family");
    select.bind(1, endpointId);
    std::vector<MetricFamilySummary> result;
    while (select.step())
        result.push_back({select.utf8String(0), select.utf8String(1), select.utf8String(2), select.int64(3)});
    return result;
}

std::vector<MetricSeries> Store::metricSeries(qint64 endpointId, const std::string &family) const
{
    SqliteStatement select(m_db,
                           "SELECT id, family, type, name, labels, upper_bound FROM metric_series "
                           "WHERE endpoint_id = ?1 AND (?2 = '' OR family = ?2) ORDER BY family, name, labels");
    select.bind(1, endpointId);
    select.bindUtf8(2, family);
    std::vector<MetricSeries> result;
    while (select.step()) {
        result.push_back({select.int64(0), endpointId, select.utf8String(1), select.utf8String(2), select.utf8String(3),
                          select.utf8String(4), select.optionalReal(5)});
    }
    return result;
}

std::vector<MetricPoint> Store::metricPoints(qint64 seriesId, qint64 fromMs, qint64 toMs) const
{
    // Raw samples win where they are kept; rollups stand in for the steps before them.
    SqliteStatement oldestRaw(m_db, "SELECT min(at_ms) FROM metric_samples WHERE series_id = ?1");
    oldestRaw.bind(1, seriesId);
    const qint64 rawFrom = oldestRaw.step() && !oldestRaw.isNull(0) ? floorToStep(oldestRaw.int64(0), kMetricRollupMs)
                                                                    : toMs + 1;
    std::vector<MetricPoint> points;
    if (fromMs < rawFrom) {
        // A rollup stands at the end of its step.
        SqliteStatement rollups(m_db,
                                "SELECT start_ms + ?4, coalesce(mean, last), increase FROM metric_rollups "
                                "WHERE series_id = ?1 AND start_ms + ?4 > ?2 AND start_ms + ?4 <= ?3 AND start_ms < ?5 "
                                "ORDER BY start_ms");
        rollups.bind(1, seriesId);
        rollups.bind(2, fromMs);
        rollups.bind(3, toMs);
        rollups.bind(4, kMetricRollupMs);
        rollups.bind(5, rawFrom);
        while (rollups.step())
            points.push_back({rollups.int64(0), rollups.optionalReal(1), rollups.optionalReal(2)});
    }
    SqliteStatement raw(m_db,
                        "SELECT at_ms, value, increase FROM metric_samples WHERE series_id = ?1 AND at_ms > ?2 "
                        "AND at_ms <= ?3 ORDER BY at_ms");
    raw.bind(1, seriesId);
    raw.bind(2, std::max(fromMs, rawFrom - 1));
    raw.bind(3, toMs);
    while (raw.step())
        points.push_back({raw.int64(0), raw.optionalReal(1), raw.optionalReal(2)});
    return points;
}

MetricRetention Store::metricRetention() const
{
    MetricRetention retention;
    SqliteStatement select(m_db, "SELECT key, value FROM store_settings WHERE key IN (?1, ?2)");
    select.bindStaticText(1, kRawRetentionKey);
    select.bindStaticText(2, kRollupRetentionKey);
    while (select.step()) {
        bool ok = false;
        const qint64 ms = select.text(1).toLongLong(&ok);
        if (!ok || ms <= 0)
            continue;
        if (select.utf8String(0) == kRawRetentionKey)
            retention.rawMs = ms;
        else
            retention.rollupMs = ms;
    }
    return retention;
}

void Store::setMetricRetention(const MetricRetention &retention)
{
    SqliteStatement upsert(m_db,
                           "INSERT INTO store_settings (key, value) VALUES (?1, ?2) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    const std::pair<const char *, qint64> settings[] = {{kRawRetentionKey, retention.rawMs},
                                                        {kRollupRetentionKey, retention.rollupMs}};
    for (const auto &[key, ms] : settings) {
        upsert.bindStaticText(1, key);
        upsert.bind(2, QString::number(ms));
        upsert.execute();
    }
}

} // namespace llmops
