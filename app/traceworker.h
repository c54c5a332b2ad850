// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "pricetable.h"
#include "spanrecord.h"
#include "tracequery.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace llmops {

class Store;

/// One trace with its spans, their messages read from their attributes.
struct TraceDetail {
    quint64 generation = 0;
    std::string traceId;
    std::optional<TraceSummary> summary;
    std::vector<SpanRecord> spans;
};

/// Answers the trace explorer's questions on the store thread, with a connection of its
/// own opened on first use. Every answer carries the generation it was asked with.
class TraceWorker : public QObject
{
    Q_OBJECT

public:
    explicit TraceWorker(QString storePath, QObject *parent = nullptr);
    ~TraceWorker() override;

public Q_SLOTS:
    void loadPage(quint64 generation, const llmops::TraceFilter &filter, llmops::TraceOrder order,
                  std::optional<llmops::TraceCursor> after, int limit);
    void loadTrace(quint64 generation, const std::string &traceId);
    void loadChoices();
    void loadPrices();
    void savePrices(const llmops::PriceTable &table);

Q_SIGNALS:
    void pageLoaded(quint64 generation, const std::vector<llmops::TraceSummary> &traces);
    void traceLoaded(const llmops::TraceDetail &detail);
    void choicesLoaded(const std::vector<std::string> &services, const std::vector<std::string> &models);
    void traceQueryFailed(const QString &message);
    void pricesLoaded(const llmops::PriceTable &table);
    /// The table is stored; spans taken in from now on are priced with it.
    void pricesSaved(const llmops::PriceTable &table);

private:
    /// The store, opened when first needed; null after a failure, which was reported.
    Store *store();

    QString m_storePath;
    std::unique_ptr<Store> m_store;
};

} // namespace llmops
