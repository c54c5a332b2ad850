// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "applicationidentity.h"

#include <QCoreApplication>

#include <pwd.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace llmops {

void applyApplicationIdentity()
{
    QCoreApplication::setOrganizationName(u"llmops"_s);
    QCoreApplication::setOrganizationDomain(u"llmops.org"_s);
    QCoreApplication::setApplicationName(u"llmops-console"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(LLMOPS_VERSION));
}

QString loginUserName()
{
    QString name = qEnvironmentVariable("USER");
    if (name.isEmpty()) {
        if (const passwd *entry = ::getpwuid(::getuid()))
            name = QString::fromLocal8Bit(entry->pw_name);
    }
    return name;
}

} // namespace llmops
