// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "applicationidentity.h"
#include "consolebackend.h"
#include "mainwindow.h"
#include "store.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication application(argc, argv);

    // Qt's own strings (standard buttons, dialogs) and ours, in the system locale.
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), u"llmops-console"_s, u"_"_s, u":/i18n"_s))
        QApplication::installTranslator(&translator);

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
