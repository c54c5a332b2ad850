// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "applicationidentity.h"
#include "consolebackend.h"
#include "mainwindow.h"
#include "store.h"

#include <QApplication>
#include <QCommandLineParser>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication application(argc, argv);
    llmops::applyApplicationIdentity();
    QApplication::setApplicationDisplayName(QApplication::translate("main", "LLMOps Console"));
    QApplication::setDesktopFileName(QStringLiteral(LLMOPS_APP_ID));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Operations console for LLM endpoints"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption storeOption(u"db"_s, QApplication::translate("main", "The store to open."), u"PATH"_s,
                                         llmops::Store::defaultPath());
    parser.addOption(storeOption);
    parser.process(application);

    llmops::ConsoleBackend backend(parser.value(storeOption));
    llmops::MainWindow window(&backend);
    backend.start();
    window.show();
    return QApplication::exec();
}
