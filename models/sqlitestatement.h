// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace llmops {

/// A prepared SQLite statement with 1-based binding and 0-based column reading.
/// Throws StoreError when SQLite reports a failure.
class SqliteStatement
{
public:
    SqliteStatement(sqlite3 *db, const char *sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    void bind(int index, qint64 value);
    void bind(int index, int value) { bind(index, qint64(value)); }
    void bind(int index, double value);
    void bind(int index, const QString &value);
    /// Binds text that outlives the statement's next step, such as a string literal, without a copy.
    void bindStaticText(int index, const char *text);
    /// Binds UTF-8 text that stays alive and unchanged until the statement's next step or reset.
    void bindUtf8(int index, std::string_view text);
    /// Binds bytes as a BLOB; SQLite copies them.
    void bindBlob(int index, QByteArrayView bytes);
    void bindNull(int index);
    template<typename T>
    void bind(int index, const std::optional<T> &value)
    {
        if (value)
            bind(index, *value);
        else
            bindNull(index);
    }

    /// Advances to the next row; false when the statement is done.
    bool step();
    /// Runs a statement that returns no rows.
    void execute();
    void reset();

    bool isNull(int column) const;
    qint64 int64(int column) const;
    double real(int column) const;
    QString text(int column) const;
    /// The column's UTF-8 bytes without a copy; valid until the next step or reset.
    QByteArrayView utf8(int column) const;
    /// The column's bytes without a copy; valid until the next step or reset.
    QByteArrayView blob(int column) const;
    std::string utf8String(int column) const
    {
        const QByteArrayView bytes = utf8(column);
        return std::string(bytes.data(), size_t(bytes.size()));
    }
    std::optional<qint64> optionalInt64(int column) const;
    std::optional<double> optionalReal(int column) const;

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_statement = nullptr;
};

/// Runs SQL that needs no binding (pragmas, schema scripts).
void executeSql(sqlite3 *db, const char *sql);

/// Begins a transaction and rolls it back unless commit() was called.
class SqliteTransaction
{
public:
    explicit SqliteTransaction(sqlite3 *db);
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction &) = delete;
    SqliteTransaction &operator=(const SqliteTransaction &) = delete;
    void commit();

private:
    sqlite3 *m_db;
    bool m_open = true;
};

} // namespace llmops
