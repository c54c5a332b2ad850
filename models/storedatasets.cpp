// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// Evaluation datasets: named, versioned, each version's items in their order.
#include "sqlitestatement.h"
#include "store.h"

#include <QDateTime>

#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

std::optional<qint64> datasetId(sqlite3 *db, const QString &name)
{
    SqliteStatement select(db, "SELECT id FROM datasets WHERE name = ?1");
    select.bind(1, name);
    if (!select.step())
        return std::nullopt;
    return select.int64(0);
}

} // namespace

DatasetVersionSummary Store::saveDatasetVersion(const QString &name, const std::vector<DatasetItem> &items,
                                                const QString &message)
{
    if (!isValidPromptName(name)) {
        throw StoreError(
            StoreError::Kind::Invalid,
            u"\"%1\" is not a dataset name: use 1 to 64 letters, digits, \"-\", \"_\" and \".\"."_s.arg(name));
    }
    if (items.empty())
        throw StoreError(StoreError::Kind::Invalid, u"A dataset version needs at least one item."_s);

    SqliteTransaction transaction(m_db);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto id = datasetId(m_db, name);
    if (!id) {
        SqliteStatement insert(m_db, "INSERT INTO datasets (name, created_at_ms) VALUES (?1, ?2)");
        insert.bind(1, name);
        insert.bind(2, now);
        insert.execute();
        id = sqlite3_last_insert_rowid(m_db);
    }

    SqliteStatement latest(m_db, "SELECT COALESCE(MAX(version), 0) FROM dataset_versions WHERE dataset_id = ?1");
    latest.bind(1, *id);
    latest.step();
    DatasetVersionSummary saved{name, int(latest.int64(0)) + 1, qint64(items.size()), message, now};

    SqliteStatement version(m_db,
                            "INSERT INTO dataset_versions (dataset_id, version, message, created_at_ms, item_count) "
                            "VALUES (?1, ?2, ?3, ?4, ?5)");
    version.bind(1, *id);
    version.bind(2, saved.version);
    version.bind(3, message);
    version.bind(4, now);
    version.bind(5, saved.itemCount);
    version.execute();
    const qint64 versionId = sqlite3_last_insert_rowid(m_db);

    // Each item as the line an export writes: one form to read back, whatever the source.
    SqliteStatement item(m_db, "INSERT INTO dataset_items (version_id, position, item_json) VALUES (?1, ?2, ?3)");
    for (std::size_t position = 0; position < items.size(); ++position) {
        const QByteArray line = writeJsonlDataset({items[position]}).chopped(1);
        item.reset();
        item.bind(1, versionId);
        item.bind(2, qint64(position));
        item.bindUtf8(3, std::string_view(line.constData(), size_t(line.size())));
        item.execute();
    }
    transaction.commit();
    return saved;
}

std::vector<DatasetVersionSummary> Store::datasetVersions() const
{
    SqliteStatement select(m_db,
                           "SELECT d.name, v.version, v.item_count, v.message, v.created_at_ms FROM dataset_versions v "
                           "JOIN datasets d ON d.id = v.dataset_id ORDER BY d.name, v.version DESC");
    std::vector<DatasetVersionSummary> versions;
    while (select.step())
        versions.push_back({select.text(0), int(select.int64(1)), select.int64(2), select.text(3), select.int64(4)});
    return versions;
}

std::vector<DatasetItem> Store::datasetItems(const QString &name, std::optional<int> version) const
{
    const auto id = datasetId(m_db, name);
    if (!id)
        throw StoreError(StoreError::Kind::NotFound, u"There is no dataset named %1."_s.arg(name));

    SqliteStatement select(m_db,
                           "SELECT i.item_json FROM dataset_items i JOIN dataset_versions v ON v.id = i.version_id "
                           "WHERE v.dataset_id = ?1 AND v.version = COALESCE(?2, (SELECT MAX(version) FROM "
                           "dataset_versions WHERE dataset_id = ?1)) ORDER BY i.position");
    select.bind(1, *id);
    select.bind(2, version ? std::optional<qint64>(*version) : std::nullopt);
    std::vector<DatasetItem> items;
    while (select.step()) {
        DatasetReadResult read = readJsonlDataset(QByteArray::fromStdString(select.utf8String(0)));
        if (read.items.size() != 1)
            throw StoreError(StoreError::Kind::Sqlite, u"An item of dataset %1 cannot be read back."_s.arg(name));
        items.push_back(std::move(read.items.front()));
    }
    if (items.empty() && version)
        throw StoreError(StoreError::Kind::NotFound, u"%1 has no version %2."_s.arg(name).arg(*version));
    return items;
}

} // namespace llmops
