// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "ctlsupport.h"

#include "ctlcommands.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

std::atomic<bool> g_stopRequested = false;

void requestStop(int)
{
    g_stopRequested = true;
}

} // namespace

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int usageError(const QString &message)
{
    err() << "llmopsctl: " << message << Qt::endl;
    return CtlUsageError;
}

std::optional<QByteArray> readInput(const QString &path, QString *error)
{
    QFile file;
    const bool opened = path == u"-" ? file.open(stdin, QIODevice::ReadOnly)
                                     : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        *error = u"Cannot read %1: %2"_s.arg(path, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

CommandParser::CommandParser(std::initializer_list<QCommandLineOption> options)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(options);
}

std::optional<int> CommandParser::parse(const QStringList &arguments, qsizetype maxPositionals)
{
    // QCommandLineParser takes the first argument as the program name.
    if (!parser.parse(QStringList{u"llmopsctl"_s} + arguments))
        return usageError(parser.errorText());
    if (parser.positionalArguments().size() > maxPositionals)
        return usageError(u"unexpected argument \"%1\"."_s.arg(parser.positionalArguments().at(maxPositionals)));
    return std::nullopt;
}

void quitOnStopSignal(QTimer &poll)
{
    g_stopRequested = false;
    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    QObject::connect(&poll, &QTimer::timeout, &poll, [] {
        if (g_stopRequested)
            QCoreApplication::quit();
    });
    poll.start(100);
}

bool writeFileWhole(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = u"Cannot write %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace llmops
