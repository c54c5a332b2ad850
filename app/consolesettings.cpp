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
const QString kTraceReceiverEnabled = u"traces/receiverEnabled"_s;
const QString kCurrentPage = u"window/page"_s;
const QString kPlaygroundDraft = u"playground/draft"_s;
const QString kTraceReceiverAddress = u"traces/receiverAddress"_s;
const QString kEvaluationsLayout = u"evaluations/layout"_s;
const QString kEvaluationsSuite = u"evaluations/suite"_s;
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

QByteArray ConsoleSettings::playgroundDraft() const
{
    return m_settings.value(kPlaygroundDraft).toByteArray();
}

void ConsoleSettings::setPlaygroundDraft(const QByteArray &json)
{
    m_settings.setValue(kPlaygroundDraft, json);
}

QByteArray ConsoleSettings::evaluationsLayout() const
{
    return m_settings.value(kEvaluationsLayout).toByteArray();
}

void ConsoleSettings::setEvaluationsLayout(const QByteArray &state)
{
    m_settings.setValue(kEvaluationsLayout, state);
}

QString ConsoleSettings::evaluationsSuite() const
{
    return m_settings.value(kEvaluationsSuite).toString();
}

void ConsoleSettings::setEvaluationsSuite(const QString &name)
{
    m_settings.setValue(kEvaluationsSuite, name);
}

int ConsoleSettings::currentPage() const
{
    return m_settings.value(kCurrentPage, 0).toInt();
}

void ConsoleSettings::setCurrentPage(int page)
{
    m_settings.setValue(kCurrentPage, page);
}

bool ConsoleSettings::traceReceiverEnabled() const
{
    // On unless turned off: traces sent to the usual OTLP port arrive without a setup step.
    return m_settings.value(kTraceReceiverEnabled, true).toBool();
}

void ConsoleSettings::setTraceReceiverEnabled(bool enabled)
{
    m_settings.setValue(kTraceReceiverEnabled, enabled);
}

QString ConsoleSettings::traceReceiverAddress() const
{
    return m_settings.value(kTraceReceiverAddress, u"127.0.0.1:4318"_s).toString();
}

void ConsoleSettings::setTraceReceiverAddress(const QString &address)
{
    m_settings.setValue(kTraceReceiverAddress, address);
}

} // namespace llmops
