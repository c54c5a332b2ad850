// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "applicationidentity.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace llmops {

void applyApplicationIdentity()
{
    QCoreApplication::setOrganizationName(u"llmops"_s);
    QCoreApplication::setOrganizationDomain(u"llmops.org"_s);
    QCoreApplication::setApplicationName(u"llmops-console"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(LLMOPS_VERSION));
}

} // namespace llmops
