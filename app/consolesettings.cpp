// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "consolesettings.h"

using namespace Qt::StringLiterals;

namespace llmops {

namespace {
const QString kGeometry = u"window/geometry"_s;
const QString kState = u"window/state"_s;
const QString kSplitter = u"window/splitter"_s;
const QString kSelectedEndpoint = u"dashboard/endpoint"_s;
const QString kRange = u"dashboard/range"_s;
} // namespace

QByteArray ConsoleSettings::windowGeometry() const
{
    return m_settings.value(kGeometry).toByteArray();
}

void ConsoleSettings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings.setValue(kGeometry, geometry);
}

QByteArray ConsoleSettings::windowState() const
{
    return m_settings.value(kState).toByteArray();
}

void ConsoleSettings::setWindowState(const QByteArray &state)
{
    m_settings.setValue(kState, state);
}

QByteArray ConsoleSettings::splitterState() const
{
    return m_settings.value(kSplitter).toByteArray();
}

void ConsoleSettings::setSplitterState(const QByteArray &state)
{
    m_settings.setValue(kSplitter, state);
}

QString ConsoleSettings::selectedEndpoint() const
{
    return m_settings.value(kSelectedEndpoint).toString();
}

void ConsoleSettings::setSelectedEndpoint(const QString &name)
{
    m_settings.setValue(kSelectedEndpoint, name);
}

DashboardRange ConsoleSettings::dashboardRange() const
{
    return rangeFromKey(m_settings.value(kRange).toString()).value_or(DashboardRange::Last15Minutes);
}

void ConsoleSettings::setDashboardRange(DashboardRange range)
{
    m_settings.setValue(kRange, rangeKey(range));
}

} // namespace llmops
