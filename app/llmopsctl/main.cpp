// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "applicationidentity.h"
#include "ctlcommands.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication application(argc, argv);
    llmops::applyApplicationIdentity();
    return llmops::runCtl(QCoreApplication::arguments().mid(1));
}
