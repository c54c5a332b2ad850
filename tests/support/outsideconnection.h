// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QString>

#include <sqlite3.h>

namespace llmops::testing {

/// The first column of the first row a query gives, read with a connection of its own, so
/// that a check does not go through the Store it checks. Empty when there is no row.
inline QString valueFromOutside(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *statement = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &statement, nullptr);
    QString value;
    if (sqlite3_step(statement) == SQLITE_ROW)
        value = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(statement, 0)));
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return value;
}

/// Runs SQL as another program would; SQLite's error message, or empty when it succeeded.
inline QString executeFromOutside(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr);
    char *message = nullptr;
    sqlite3_exec(db, sql, nullptr, nullptr, &message);
    const QString error = QString::fromUtf8(message);
    sqlite3_free(message);
    sqlite3_close(db);
    return error;
}

} // namespace llmops::testing
