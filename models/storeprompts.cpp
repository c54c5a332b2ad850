// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The prompt library half of the store: named prompts, their versions and their labels.
//
// A version is written once and never changed (a trigger refuses any UPDATE), so that what
// ran in production last week can always be read back as it was. Labels are the only thing
// that moves: a row per prompt and label, pointing at one version.
#include "sqlitestatement.h"
#include "store.h"

#include <QDateTime>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <unordered_map>
#include <unordered_set>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

constexpr const char *kVersionColumns = "v.id, v.version, v.content_json, v.commit_message, v.author, v.created_at_ms";

void checkPromptName(const QString &name)
{
    if (!isValidPromptName(name)) {
        throw StoreError(
            StoreError::Kind::Invalid,
            u"\"%1\" is not a prompt name: use 1 to 64 letters, digits, \"-\", \"_\" and \".\"."_s.arg(name));
    }
}

void checkPromptLabel(const QString &label)
{
    if (!isValidPromptLabel(label)) {
        throw StoreError(StoreError::Kind::Invalid,
                         u"\"%1\" is not a label: use 1 to 64 letters, digits, \"-\", \"_\" and \".\", "
                         "starting with no digit."_s.arg(label));
    }
}

/// The content as the store keeps it and reads it back: the one form both save and import
/// compare and return. A content the store would not read back is refused.
PromptContent storedFormOf(const PromptContent &content)
{
    if (content.messages.empty())
        throw StoreError(StoreError::Kind::Invalid, u"A prompt version needs at least one message."_s);
    QString problem;
    auto stored = canonicalPromptContent(content, &problem);
    if (!stored)
        throw StoreError(StoreError::Kind::Invalid, problem);
    return std::move(*stored);
}

/// Reads the columns of kVersionColumns; the name and labels are the caller's to fill.
PromptVersion readVersion(const SqliteStatement &row, const QString &name)
{
    PromptVersion version;
    version.id = row.int64(0);
    version.name = name;
    version.version = int(row.int64(1));
    QString problem;
    const auto json = nlohmann::ordered_json::parse(row.utf8String(2), nullptr, false);
    auto content = promptContentFromJson(json, &problem);
    if (!content) {
        throw StoreError(StoreError::Kind::Sqlite,
                         u"Version %1 of %2 cannot be read: %3"_s.arg(QString::number(version.version), name, problem));
    }
    version.content = std::move(*content);
    version.commitMessage = row.text(3);
    version.author = row.text(4);
    version.createdAtMs = row.int64(5);
    return version;
}

/// Whether a version's commit message or one of its messages holds the text, case aside.
bool versionMentions(const QString &commitMessage, const std::string &contentJson, const QString &text)
{
    if (commitMessage.contains(text, Qt::CaseInsensitive))
        return true;
    const auto json = nlohmann::ordered_json::parse(contentJson, nullptr, false);
    if (!json.is_object() || !json.contains("messages") || !json["messages"].is_array())
        return false;
    for (const auto &message : json["messages"]) {
        if (message.is_object() && message.contains("content") && message["content"].is_string()
            && QString::fromStdString(message["content"].get<std::string>()).contains(text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace

qint64 Store::promptId(const QString &name) const
{
    checkPromptName(name);
    SqliteStatement select(m_db, "SELECT id FROM prompts WHERE name = ?1");
    select.bind(1, name);
    if (!select.step())
        throw StoreError(StoreError::Kind::NotFound, u"There is no prompt named %1."_s.arg(name));
    return select.int64(0);
}

qint64 Store::ensurePrompt(const QString &name, qint64 createdAtMs)
{
    checkPromptName(name);
    SqliteStatement select(m_db, "SELECT id FROM prompts WHERE name = ?1");
    select.bind(1, name);
    if (select.step())
        return select.int64(0);

    SqliteStatement insert(m_db, "INSERT INTO prompts (name, created_at_ms) VALUES (?1, ?2)");
    insert.bind(1, name);
    insert.bind(2, createdAtMs);
    insert.execute();
    return sqlite3_last_insert_rowid(m_db);
}

void Store::insertPromptVersion(qint64 promptId, const PromptVersion &version)
{
    SqliteStatement insert(m_db,
                           "INSERT INTO prompt_versions (prompt_id, version, content_json, commit_message, author, "
                           "created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    const std::string contentJson = promptContentToJson(version.content).dump();
    insert.bind(1, promptId);
    insert.bind(2, version.version);
    insert.bindUtf8(3, contentJson);
    insert.bind(4, version.commitMessage);
    insert.bind(5, version.author);
    insert.bind(6, version.createdAtMs);
    try {
        insert.execute();
    } catch (const StoreError &error) {
        if (error.kind() != StoreError::Kind::DuplicateName)
            throw;
        throw StoreError(error.kind(), u"%1 already has a version %2."_s.arg(version.name).arg(version.version));
    }
}

std::optional<int> Store::pointPromptLabel(qint64 promptId, const QString &name, const QString &label, int version)
{
    SqliteStatement target(m_db, "SELECT id FROM prompt_versions WHERE prompt_id = ?1 AND version = ?2");
    target.bind(1, promptId);
    target.bind(2, version);
    if (!target.step())
        throw StoreError(StoreError::Kind::NotFound, u"%1 has no version %2."_s.arg(name).arg(version));
    const qint64 versionId = target.int64(0);

    SqliteStatement current(m_db,
                            "SELECT v.version FROM prompt_labels l JOIN prompt_versions v ON v.id = l.version_id "
                            "WHERE l.prompt_id = ?1 AND l.label = ?2");
    current.bind(1, promptId);
    current.bind(2, label);
    std::optional<int> previous;
    if (current.step())
        previous = int(current.int64(0));
    if (previous == version)
        return previous;

    SqliteStatement point(
        m_db,
        "INSERT INTO prompt_labels (prompt_id, label, version_id, moved_at_ms) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (prompt_id, label) DO UPDATE SET version_id = excluded.version_id, "
        "moved_at_ms = excluded.moved_at_ms");
    point.bind(1, promptId);
    point.bind(2, label);
    point.bind(3, versionId);
    point.bind(4, QDateTime::currentMSecsSinceEpoch());
    point.execute();
    return previous;
}

PromptVersion Store::savePromptVersion(const QString &name, const PromptContent &content, const QString &commitMessage,
                                       const QString &author)
{
    checkPromptName(name);
    PromptVersion version;
    version.name = name;
    version.content = storedFormOf(content);
    version.commitMessage = commitMessage;
    version.author = author;
    version.createdAtMs = QDateTime::currentMSecsSinceEpoch();

    // The number is taken inside the write transaction, so two programs saving at once get
    // two numbers rather than one refused.
    SqliteTransaction transaction(m_db);
    const qint64 id = ensurePrompt(name, version.createdAtMs);
    SqliteStatement latest(m_db, "SELECT coalesce(max(version), 0) FROM prompt_versions WHERE prompt_id = ?1");
    latest.bind(1, id);
    latest.step();
    version.version = int(latest.int64(0)) + 1;
    insertPromptVersion(id, version);
    version.id = sqlite3_last_insert_rowid(m_db);
    transaction.commit();
    return version;
}

std::vector<PromptSummary> Store::prompts(const QString &search) const
{
    // Searching reads every version's messages, which a library of a few thousand versions
    // does in milliseconds; SQL's LIKE would fold the case of ASCII letters only.
    const QString text = search.trimmed();
    std::unordered_set<qint64> matching;
    if (!text.isEmpty()) {
        SqliteStatement versions(m_db, "SELECT prompt_id, commit_message, content_json FROM prompt_versions");
        while (versions.step()) {
            if (!matching.contains(versions.int64(0))
                && versionMentions(versions.text(1), versions.utf8String(2), text))
                matching.insert(versions.int64(0));
        }
    }

    std::unordered_map<qint64, std::pair<std::map<QString, int>, qint64>> labels;
    SqliteStatement labelRows(m_db,
                              "SELECT l.prompt_id, l.label, v.version, l.moved_at_ms FROM prompt_labels l "
                              "JOIN prompt_versions v ON v.id = l.version_id");
    while (labelRows.step()) {
        auto &[byLabel, movedAtMs] = labels[labelRows.int64(0)];
        byLabel[labelRows.text(1)] = int(labelRows.int64(2));
        movedAtMs = std::max(movedAtMs, labelRows.int64(3));
    }

    SqliteStatement select(m_db,
                           "SELECT p.id, p.name, count(*), max(v.version), max(v.created_at_ms), "
                           "(SELECT commit_message FROM prompt_versions WHERE prompt_id = p.id "
                           "ORDER BY version DESC LIMIT 1) "
                           "FROM prompts p JOIN prompt_versions v ON v.prompt_id = p.id "
                           "GROUP BY p.id ORDER BY p.name COLLATE NOCASE, p.name");
    std::vector<PromptSummary> result;
    while (select.step()) {
        const qint64 id = select.int64(0);
        PromptSummary summary;
        summary.name = select.text(1);
        if (!text.isEmpty() && !matching.contains(id) && !summary.name.contains(text, Qt::CaseInsensitive))
            continue;
        summary.versionCount = int(select.int64(2));
        summary.latestVersion = int(select.int64(3));
        summary.updatedAtMs = select.int64(4);
        summary.latestCommitMessage = select.text(5);
        if (const auto found = labels.find(id); found != labels.end()) {
            summary.labels = found->second.first;
            summary.updatedAtMs = std::max(summary.updatedAtMs, found->second.second);
        }
        result.push_back(std::move(summary));
    }
    return result;
}

std::vector<PromptVersion> Store::promptVersions(const QString &name) const
{
    const qint64 id = promptId(name);
    std::unordered_map<qint64, QStringList> labelsOf;
    SqliteStatement labels(m_db, "SELECT version_id, label FROM prompt_labels WHERE prompt_id = ?1 ORDER BY label");
    labels.bind(1, id);
    while (labels.step())
        labelsOf[labels.int64(0)].append(labels.text(1));

    SqliteStatement select(m_db,
                           (std::string("SELECT ") + kVersionColumns
                            + " FROM prompt_versions v WHERE v.prompt_id = ?1 ORDER BY v.version DESC")
                               .c_str());
    select.bind(1, id);
    std::vector<PromptVersion> result;
    while (select.step()) {
        PromptVersion version = readVersion(select, name);
        version.labels = labelsOf[version.id];
        result.push_back(std::move(version));
    }
    return result;
}

PromptVersion Store::promptVersion(const PromptReference &reference) const
{
    const qint64 id = promptId(reference.name);
    std::string sql = std::string("SELECT ") + kVersionColumns + " FROM prompt_versions v ";
    if (!reference.label.isEmpty())
        sql += "JOIN prompt_labels l ON l.version_id = v.id WHERE v.prompt_id = ?1 AND l.label = ?2";
    else if (reference.version)
        sql += "WHERE v.prompt_id = ?1 AND v.version = ?2";
    else
        sql += "WHERE v.prompt_id = ?1 ORDER BY v.version DESC LIMIT 1";

    SqliteStatement select(m_db, sql.c_str());
    select.bind(1, id);
    if (!reference.label.isEmpty())
        select.bind(2, reference.label);
    else if (reference.version)
        select.bind(2, *reference.version);
    if (!select.step()) {
        throw StoreError(StoreError::Kind::NotFound,
                         reference.label.isEmpty()
                             ? u"%1 has no version %2."_s.arg(reference.name).arg(reference.version.value_or(0))
                             : u"%1 has no label %2."_s.arg(reference.name, reference.label));
    }
    PromptVersion version = readVersion(select, reference.name);

    SqliteStatement labels(m_db, "SELECT label FROM prompt_labels WHERE version_id = ?1 ORDER BY label");
    labels.bind(1, version.id);
    while (labels.step())
        version.labels.append(labels.text(0));
    return version;
}

std::optional<int> Store::setPromptLabel(const QString &name, const QString &label, int version)
{
    checkPromptLabel(label);
    SqliteTransaction transaction(m_db);
    const auto previous = pointPromptLabel(promptId(name), name, label, version);
    transaction.commit();
    return previous;
}

void Store::removePromptLabel(const QString &name, const QString &label)
{
    checkPromptLabel(label);
    SqliteTransaction transaction(m_db);
    SqliteStatement remove(m_db, "DELETE FROM prompt_labels WHERE prompt_id = ?1 AND label = ?2");
    remove.bind(1, promptId(name));
    remove.bind(2, label);
    remove.execute();
    if (sqlite3_changes(m_db) == 0)
        throw StoreError(StoreError::Kind::NotFound, u"%1 has no label %2."_s.arg(name, label));
    transaction.commit();
}

void Store::removePrompt(const QString &name)
{
    checkPromptName(name);
    SqliteTransaction transaction(m_db);
    SqliteStatement remove(m_db, "DELETE FROM prompts WHERE name = ?1");
    remove.bind(1, name);
    remove.execute();
    if (sqlite3_changes(m_db) == 0)
        throw StoreError(StoreError::Kind::NotFound, u"There is no prompt named %1."_s.arg(name));
    transaction.commit();
}

void Store::addPromptVersions(const QString &name, std::span<const PromptVersion> versions,
                              const std::map<QString, int> &labels)
{
    checkPromptName(name);
    for (const auto &[label, version] : labels)
        checkPromptLabel(label);
    qint64 firstCreatedAtMs = QDateTime::currentMSecsSinceEpoch();
    for (const auto &version : versions) {
        if (version.version < 1)
            throw StoreError(StoreError::Kind::Invalid, u"Version numbers start at 1, not %1."_s.arg(version.version));
        firstCreatedAtMs = std::min(firstCreatedAtMs, version.createdAtMs);
    }

    SqliteTransaction transaction(m_db);
    const qint64 id = ensurePrompt(name, firstCreatedAtMs);
    for (const auto &version : versions) {
        PromptVersion stored = version;
        stored.name = name;
        stored.content = storedFormOf(version.content);
        insertPromptVersion(id, stored);
    }
    for (const auto &[label, version] : labels)
        pointPromptLabel(id, name, label, version);
    transaction.commit();
}

} // namespace llmops
