// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The server-metrics half of the store: scraped series, their samples and rollups, and the
// health of each scrape.
//
// A scrape is stored as one row: its values packed as doubles in the order of a layout, the
// list of series that scrape had (a server lists the same series scrape after scrape, so a
// layout serves thousands of rows). Stored one row per sample, a scrape of 2,000 series was
// 2,000 inserts scattered over the table, and the cost of each grew with the table
// (bench_scrape). Increases of counters are worked out when rows are read, from consecutive
// rows; the last row let go by the retention is kept as a seed for the first one after it.
#include "aggregate.h"
#include "sqlitestatement.h"
#include "store.h"

#include <sqlite3.h>

#include <cmath>
#include <cstring>

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

/// Values packed as the store keeps them: native doubles (raw) or floats (rollups), NaN for
/// a value that is absent. Both ends of the store run on the same machine.
template<typename Number>
QByteArray packed(const std::vector<double> &values)
{
    QByteArray bytes(qsizetype(values.size() * sizeof(Number)), Qt::Uninitialized);
    auto *out = reinterpret_cast<Number *>(bytes.data());
    for (size_t i = 0; i < values.size(); ++i)
        out[i] = Number(values[i]);
    return bytes;
}

/// How packed values are kept: as they are, or compressed with zlib (qCompress) when that
/// is smaller. Counters and buckets are whole numbers, most of whose bytes are zero.
enum PackedEncoding { Plain = 0, Zlib = 1 };

QByteArray encodedPacked(const QByteArray &plain, int *encoding)
{
    QByteArray compressed = qCompress(plain, 1);
    if (compressed.size() < plain.size()) {
        *encoding = Zlib;
        return compressed;
    }
    *encoding = Plain;
    return plain;
}

/// The packed values of a row as read: a view of the column when plain (valid until the
/// statement's next step), the inflated bytes otherwise. A damaged row reads as empty.
QByteArray decodedPacked(QByteArrayView stored, qint64 encoding)
{
    if (encoding == Zlib)
        return qUncompress(reinterpret_cast<const uchar *>(stored.data()), stored.size());
    return QByteArray::fromRawData(stored.data(), stored.size());
}

template<typename Number>
std::optional<double> unpackedAt(QByteArrayView bytes, size_t position)
{
    if ((position + 1) * sizeof(Number) > size_t(bytes.size()))
        return std::nullopt;
    Number value;
    std::memcpy(&value, bytes.data() + position * sizeof(Number), sizeof value);
    if (std::isnan(value))
        return std::nullopt;
    return double(value);
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
    SqliteStatement newest(m_db, "SELECT max(start_ms) FROM metric_rollup_values WHERE endpoint_id = ?1");
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

qint64 Store::layoutIdOf(qint64 endpointId, const std::vector<qint64> &series)
{
    // A server lists the same series scrape after scrape; a new list is a new layout.
    const QByteArray ids(reinterpret_cast<const char *>(series.data()), qsizetype(series.size() * sizeof(qint64)));
    SqliteStatement existing(m_db, "SELECT id FROM metric_layouts WHERE endpoint_id = ?1 AND series_ids = ?2");
    existing.bind(1, endpointId);
    existing.bindBlob(2, ids);
    if (existing.step())
        return existing.int64(0);
    SqliteStatement insert(m_db, "INSERT INTO metric_layouts (endpoint_id, series_ids) VALUES (?1, ?2)");
    insert.bind(1, endpointId);
    insert.bindBlob(2, ids);
    insert.execute();
    return sqlite3_last_insert_rowid(m_db);
}

const Store::MetricLayout &Store::metricLayout(qint64 layoutId) const
{
    const auto found = m_layouts.find(layoutId);
    if (found != m_layouts.end())
        return found->second;
    MetricLayout &layout = m_layouts[layoutId];
    SqliteStatement select(m_db, "SELECT series_ids FROM metric_layouts WHERE id = ?1");
    select.bind(1, layoutId);
    if (select.step()) {
        const QByteArrayView ids = select.blob(0);
        layout.series.resize(size_t(ids.size()) / sizeof(qint64));
        std::memcpy(layout.series.data(), ids.data(), layout.series.size() * sizeof(qint64));
        for (size_t i = 0; i < layout.series.size(); ++i)
            layout.positionOf.try_emplace(layout.series[i], i);
    }
    return layout;
}

bool Store::isCumulativeSeriesId(qint64 seriesId) const
{
    const auto found = m_cumulativeSeries.find(seriesId);
    if (found != m_cumulativeSeries.end())
        return found->second;
    SqliteStatement select(m_db, "SELECT type, family, name FROM metric_series WHERE id = ?1");
    select.bind(1, seriesId);
    const bool cumulative = select.step()
        && isCumulativeSeries(select.utf8String(0), select.utf8String(1), select.utf8String(2));
    m_cumulativeSeries.emplace(seriesId, cumulative);
    return cumulative;
}

void Store::addScrape(const ScrapeRecord &scrape, std::span<const ScrapedSample> samples)
{
    SqliteTransaction transaction(m_db);
    try {
        ScrapedEndpoint &endpoint = scrapedEndpoint(scrape.endpointId);
        std::vector<qint64> series;
        std::vector<double> values;
        series.reserve(samples.size());
        values.reserve(samples.size());
        for (const ScrapedSample &sample : samples) {
            const KnownSeries &known = knownSeries(endpoint, scrape.endpointId, sample);
            m_cumulativeSeries.try_emplace(known.id, known.cumulative);
            series.push_back(known.id);
            values.push_back(sample.value);
        }
        if (!samples.empty()) {
            if (series != endpoint.layoutSeries) {
                endpoint.layoutId = layoutIdOf(scrape.endpointId, series);
                endpoint.layoutSeries = series;
            }
            SqliteStatement insert(m_db,
                                   "INSERT INTO metric_values (endpoint_id, at_ms, layout_id, packed, encoding) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (endpoint_id, at_ms) DO UPDATE SET "
                                   "layout_id = excluded.layout_id, packed = excluded.packed, "
                                   "encoding = excluded.encoding");
            insert.bind(1, scrape.endpointId);
            insert.bind(2, scrape.atMs);
            insert.bind(3, endpoint.layoutId);
            int encoding = Plain;
            insert.bindBlob(4, encodedPacked(packed<double>(values), &encoding));
            insert.bind(5, encoding);
            insert.execute();
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

namespace {

/// The newest raw row at or before `atMs`, kept or let go (the seed): the values that
/// start the increases after it. Calls `use` with its layout id and packed values.
template<typename Use>
void withRowBefore(sqlite3 *db, qint64 endpointId, qint64 atMs, Use use)
{
    SqliteStatement kept(db,
                         "SELECT layout_id, packed, encoding FROM metric_values WHERE endpoint_id = ?1 AND at_ms <= ?2 "
                         "ORDER BY at_ms DESC LIMIT 1");
    kept.bind(1, endpointId);
    kept.bind(2, atMs);
    if (kept.step()) {
        use(kept.int64(0), decodedPacked(kept.blob(1), kept.int64(2)));
        return;
    }
    SqliteStatement seed(db,
                         "SELECT layout_id, packed, encoding FROM metric_value_seeds WHERE endpoint_id = ?1 "
                         "AND at_ms <= ?2");
    seed.bind(1, endpointId);
    seed.bind(2, atMs);
    if (seed.step())
        use(seed.int64(0), decodedPacked(seed.blob(1), seed.int64(2)));
}

/// What one series gathers over a rollup step.
struct StepFigures {
    double sum = 0;
    int count = 0;
    double increase = 0;
    bool increased = false;
};

} // namespace

void Store::rollUpMetrics(qint64 endpointId, ScrapedEndpoint &endpoint, qint64 untilMs)
{
    // The first rollups of an endpoint start with its oldest raw sample.
    qint64 fromMs = endpoint.rolledUntilMs;
    if (fromMs == 0) {
        SqliteStatement oldest(m_db, "SELECT min(at_ms) FROM metric_values WHERE endpoint_id = ?1");
        oldest.bind(1, endpointId);
        fromMs = oldest.step() && !oldest.isNull(0) ? floorToStep(oldest.int64(0), kMetricRollupMs) : untilMs;
    }

    if (fromMs < untilMs) {
        // Each series' value just before the first step starts the first increase.
        std::unordered_map<qint64, double> previous;
        withRowBefore(m_db, endpointId, fromMs - 1, [&](qint64 layoutId, QByteArrayView values) {
            const MetricLayout &layout = metricLayout(layoutId);
            for (size_t i = 0; i < layout.series.size(); ++i) {
                if (const auto value = unpackedAt<double>(values, i))
                    previous[layout.series[i]] = *value;
            }
        });

        SqliteStatement rows(m_db,
                             "SELECT at_ms, layout_id, packed, encoding FROM metric_values WHERE endpoint_id = ?1 "
                             "AND at_ms >= ?2 AND at_ms < ?3 ORDER BY at_ms");
        rows.bind(1, endpointId);
        rows.bind(2, fromMs);
        rows.bind(3, untilMs);
        SqliteStatement insert(m_db,
                               "INSERT OR REPLACE INTO metric_rollup_values (endpoint_id, start_ms, layout_id, packed, "
                               "encoding) VALUES (?1, ?2, ?3, ?4, ?5)");
        std::unordered_map<qint64, StepFigures> figures;
        qint64 stepStart = -1;
        qint64 stepLayout = 0;
        const auto writeStep = [&] {
            const MetricLayout &layout = metricLayout(stepLayout);
            std::vector<double> values(layout.series.size(), std::nan(""));
            for (size_t i = 0; i < layout.series.size(); ++i) {
                const auto found = figures.find(layout.series[i]);
                if (found == figures.end())
                    continue;
                const StepFigures &step = found->second;
                if (isCumulativeSeriesId(layout.series[i]))
                    values[i] = step.increased ? step.increase : std::nan("");
                else if (step.count > 0)
                    values[i] = step.sum / step.count;
            }
            insert.bind(1, endpointId);
            insert.bind(2, stepStart);
            insert.bind(3, stepLayout);
            int encoding = Plain;
            insert.bindBlob(4, encodedPacked(packed<float>(values), &encoding));
            insert.bind(5, encoding);
            insert.execute();
            figures.clear();
        };
        while (rows.step()) {
            const qint64 atMs = rows.int64(0);
            if (stepStart >= 0 && floorToStep(atMs, kMetricRollupMs) != stepStart)
                writeStep();
            stepStart = floorToStep(atMs, kMetricRollupMs);
            stepLayout = rows.int64(1);
            const MetricLayout &layout = metricLayout(stepLayout);
            const QByteArray values = decodedPacked(rows.blob(2), rows.int64(3));
            for (size_t i = 0; i < layout.series.size(); ++i) {
                const auto value = unpackedAt<double>(values, i);
                if (!value)
                    continue;
                const qint64 id = layout.series[i];
                StepFigures &step = figures[id];
                step.sum += *value;
                ++step.count;
                if (const auto last = previous.find(id);
                    last != previous.end() && std::isfinite(last->second) && std::isfinite(*value)) {
                    step.increase += counterIncrease(last->second, *value);
                    step.increased = true;
                }
                previous[id] = *value;
            }
        }
        if (stepStart >= 0)
            writeStep();
    }
    endpoint.rolledUntilMs = untilMs;

    // Raw samples go once their step is rolled up and they are older than the retention;
    // rollups and scrape health go after theirs, and layouts nothing points at any more.
    const MetricRetention retention = metricRetention();
    const qint64 rawBefore = std::min(untilMs, floorToStep(untilMs - retention.rawMs, kMetricRollupMs));
    const qint64 rollupsBefore = untilMs - retention.rollupMs;
    const std::pair<const char *, qint64> prunes[] = {
        {"INSERT OR REPLACE INTO metric_value_seeds (endpoint_id, at_ms, layout_id, packed, encoding) "
         "SELECT endpoint_id, at_ms, layout_id, packed, encoding FROM metric_values WHERE endpoint_id = ?1 "
         "AND at_ms < ?2 "
         "ORDER BY at_ms DESC LIMIT 1",
         rawBefore},
        {"DELETE FROM metric_values WHERE endpoint_id = ?1 AND at_ms < ?2", rawBefore},
        {"DELETE FROM metric_rollup_values WHERE endpoint_id = ?1 AND start_ms < ?2", rollupsBefore},
        {"DELETE FROM scrapes WHERE endpoint_id = ?1 AND at_ms < ?2", rollupsBefore},
    };
    for (const auto &[sql, before] : prunes) {
        SqliteStatement prune(m_db, sql);
        prune.bind(1, endpointId);
        prune.bind(2, before);
        prune.execute();
    }
    SqliteStatement unused(m_db,
                           "DELETE FROM metric_layouts WHERE endpoint_id = ?1 "
                           "AND id NOT IN (SELECT layout_id FROM metric_values WHERE endpoint_id = ?1) "
                           "AND id NOT IN (SELECT layout_id FROM metric_rollup_values WHERE endpoint_id = ?1) "
                           "AND id NOT IN (SELECT layout_id FROM metric_value_seeds WHERE endpoint_id = ?1)");
    unused.bind(1, endpointId);
    unused.execute();
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

std::vector<std::vector<MetricPoint>> Store::metricPoints(const std::vector<qint64> &seriesIds, qint64 fromMs,
                                                          qint64 toMs) const
{
    std::vector<std::vector<MetricPoint>> result(seriesIds.size());
    if (seriesIds.empty())
        return result;
    SqliteStatement owner(m_db, "SELECT endpoint_id FROM metric_series WHERE id = ?1");
    owner.bind(1, seriesIds.front());
    if (!owner.step())
        return result;
    const qint64 endpointId = owner.int64(0);
    std::unordered_map<qint64, std::vector<size_t>> wanted;
    for (size_t i = 0; i < seriesIds.size(); ++i)
        wanted[seriesIds[i]].push_back(i);

    // Raw samples win where they are kept; rollups stand in for the steps before them.
    SqliteStatement oldestRaw(m_db, "SELECT min(at_ms) FROM metric_values WHERE endpoint_id = ?1");
    oldestRaw.bind(1, endpointId);
    const qint64 rawFrom = oldestRaw.step() && !oldestRaw.isNull(0) ? floorToStep(oldestRaw.int64(0), kMetricRollupMs)
                                                                    : toMs + 1;
    if (fromMs < rawFrom) {
        // A rollup stands at the end of its step.
        SqliteStatement rollups(m_db,
                                "SELECT start_ms + ?4, layout_id, packed, encoding FROM metric_rollup_values "
                                "WHERE endpoint_id = ?1 AND start_ms + ?4 > ?2 AND start_ms + ?4 <= ?3 "
                                "AND start_ms < ?5 ORDER BY start_ms");
        rollups.bind(1, endpointId);
        rollups.bind(2, fromMs);
        rollups.bind(3, toMs);
        rollups.bind(4, kMetricRollupMs);
        rollups.bind(5, rawFrom);
        while (rollups.step()) {
            const MetricLayout &layout = metricLayout(rollups.int64(1));
            const QByteArray figures = decodedPacked(rollups.blob(2), rollups.int64(3));
            for (const auto &[id, slots] : wanted) {
                const auto position = layout.positionOf.find(id);
                if (position == layout.positionOf.end())
                    continue;
                const auto figure = unpackedAt<float>(figures, position->second);
                MetricPoint point{rollups.int64(0), std::nullopt, std::nullopt};
                (isCumulativeSeriesId(id) ? point.increase : point.value) = figure;
                for (const size_t slot : slots)
                    result[slot].push_back(point);
            }
        }
    }

    // The sample before the window starts the first increase in it.
    const qint64 rawAfter = std::max(fromMs, rawFrom - 1);
    std::unordered_map<qint64, double> previous;
    withRowBefore(m_db, endpointId, rawAfter, [&](qint64 layoutId, QByteArrayView values) {
        const MetricLayout &layout = metricLayout(layoutId);
        for (const auto &[id, slots] : wanted) {
            if (const auto position = layout.positionOf.find(id); position != layout.positionOf.end()) {
                if (const auto value = unpackedAt<double>(values, position->second))
                    previous[id] = *value;
            }
        }
    });
    SqliteStatement raw(m_db,
                        "SELECT at_ms, layout_id, packed, encoding FROM metric_values WHERE endpoint_id = ?1 "
                        "AND at_ms > ?2 "
                        "AND at_ms <= ?3 ORDER BY at_ms");
    raw.bind(1, endpointId);
    raw.bind(2, rawAfter);
    raw.bind(3, toMs);
    while (raw.step()) {
        const qint64 atMs = raw.int64(0);
        const MetricLayout &layout = metricLayout(raw.int64(1));
        const QByteArray values = decodedPacked(raw.blob(2), raw.int64(3));
        for (const auto &[id, slots] : wanted) {
            const auto position = layout.positionOf.find(id);
            if (position == layout.positionOf.end())
                continue;
            MetricPoint point{atMs, unpackedAt<double>(values, position->second), std::nullopt};
            if (point.value && isCumulativeSeriesId(id)) {
                if (const auto last = previous.find(id);
                    last != previous.end() && std::isfinite(last->second) && std::isfinite(*point.value))
                    point.increase = counterIncrease(last->second, *point.value);
                previous[id] = *point.value;
            }
            for (const size_t slot : slots)
                result[slot].push_back(point);
        }
    }
    return result;
}

std::vector<MetricPoint> Store::metricPoints(qint64 seriesId, qint64 fromMs, qint64 toMs) const
{
    return metricPoints(std::vector<qint64>{seriesId}, fromMs, toMs).front();
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
