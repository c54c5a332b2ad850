// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "sqlitestatement.h"

#include "store.h"

#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

/// What the connection's last failure means to a caller.
StoreError::Kind lastErrorKind(sqlite3 *db)
{
    const int code = sqlite3_extended_errcode(db);
    const int primary = code & 0xff;
    if (code == SQLITE_CONSTRAINT_UNIQUE)
        return StoreError::Kind::DuplicateName;
    if (code == SQLITE_CONSTRAINT_FOREIGNKEY)
        return StoreError::Kind::NotFound;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return StoreError::Kind::Busy;
    return StoreError::Kind::Sqlite;
}

[[noreturn]] void throwSqliteError(sqlite3 *db, const QString &context)
{
    throw StoreError(lastErrorKind(db), context % u": "_s % QString::fromUtf8(sqlite3_errmsg(db)));
}

} // namespace

SqliteStatement::SqliteStatement(sqlite3 *db, const char *sql)
    : m_db(db)
{
    if (sqlite3_prepare_v2(db, sql, -1, &m_statement, nullptr) != SQLITE_OK)
        throwSqliteError(db, u"Cannot prepare a statement"_s);
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

void SqliteStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

void SqliteStatement::bind(int index, double value)
{
    sqlite3_bind_double(m_statement, index, value);
}

void SqliteStatement::bind(int index, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(m_statement, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindStaticText(int index, const char *text)
{
    sqlite3_bind_text(m_statement, index, text, -1, SQLITE_STATIC);
}

void SqliteStatement::bindUtf8(int index, std::string_view text)
{
    static const char empty = 0;
    sqlite3_bind_text(m_statement, index, text.empty() ? &empty : text.data(), int(text.size()), SQLITE_STATIC);
}

void SqliteStatement::bindBlob(int index, QByteArrayView bytes)
{
    // A zero-length blob must still be a blob, not NULL, hence the non-null pointer.
    static const char empty = 0;
    sqlite3_bind_blob(m_statement, index, bytes.isEmpty() ? &empty : bytes.data(), int(bytes.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_statement, index);
}

bool SqliteStatement::step()
{
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    throwSqliteError(m_db, u"Statement failed"_s);
}

void SqliteStatement::execute()
{
    while (step()) {}
    reset();
}

void SqliteStatement::reset()
{
    // Bindings stay: every caller binds all parameters before the next step.
    sqlite3_reset(m_statement);
}

bool SqliteStatement::isNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

qint64 SqliteStatement::int64(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

double SqliteStatement::real(int column) const
{
    return sqlite3_column_double(m_statement, column);
}

QString SqliteStatement::text(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    return QString::fromUtf8(data, sqlite3_column_bytes(m_statement, column));
}

QByteArrayView SqliteStatement::utf8(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    return QByteArrayView(data, sqlite3_column_bytes(m_statement, column));
}

QByteArrayView SqliteStatement::blob(int column) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_statement, column));
    return QByteArrayView(data, sqlite3_column_bytes(m_statement, column));
}

std::optional<qint64> SqliteStatement::optionalInt64(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return int64(column);
}

std::optional<double> SqliteStatement::optionalReal(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return real(column);
}

void executeSql(sqlite3 *db, const char *sql)
{
    char *message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        const QString text = QString::fromUtf8(message);
        sqlite3_free(message);
        throw StoreError(lastErrorKind(db), text);
    }
}

SqliteTransaction::SqliteTransaction(sqlite3 *db)
    : m_db(db)
{
    executeSql(db, "BEGIN IMMEDIATE");
}

SqliteTransaction::~SqliteTransaction()
{
    if (m_open)
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

void SqliteTransaction::commit()
{
    executeSql(m_db, "COMMIT");
    m_open = false;
}

} // namespace llmops
