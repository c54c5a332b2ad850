// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// What the commands of llmopsctl share: their output streams, argument parsing, the store
// they open on first use, and stopping on SIGINT or SIGTERM.
#pragma once

#include "store.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <optional>

class QTimer;

namespace llmops {

QTextStream &out();
QTextStream &err();

/// Prints the message as llmopsctl's and returns the usage error's exit code.
int usageError(const QString &message);

/// The bytes of a file, or of standard input for "-"; nothing, with why, when it cannot be read.
std::optional<QByteArray> readInput(const QString &path, QString *error);

/// Writes the file whole or not at all: a file half written over a good export would lose
/// it, so the old one stays until the new one is complete. False with `error` set otherwise.
bool writeFileWhole(const QString &path, const QByteArray &bytes, QString *error);

/// A parser for one command, which leaves the positional arguments to the caller.
struct CommandParser {
    QCommandLineParser parser;

    explicit CommandParser(std::initializer_list<QCommandLineOption> options);

    /// A usage error's exit code when the arguments are wrong, including more than
    /// `maxPositionals` arguments that are not options: a stray word is a typo, not a wish.
    std::optional<int> parse(const QStringList &arguments, qsizetype maxPositionals = 0);
};

/// The store a command works on, opened when the command first needs it: arguments that
/// are wrong fail before a store is created for them. Opening throws StoreError.
class LazyStore
{
public:
    explicit LazyStore(QString path)
        : m_path(std::move(path))
    {
    }

    Store *operator->()
    {
        if (!m_store)
            m_store = Store::open(m_path);
        return m_store.get();
    }
    Store &operator*() { return *operator->(); }

    QString path() const { return m_path; }

private:
    QString m_path;
    std::unique_ptr<Store> m_store;
};

/// Makes the event loop quit once SIGINT or SIGTERM arrives; `poll` is the timer that looks
/// for it (a signal handler may only set a flag).
void quitOnStopSignal(QTimer &poll);

} // namespace llmops
