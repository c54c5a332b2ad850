// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "tracereceiverservice.h"

#include "traceintake.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace llmops {

std::optional<std::pair<QString, int>> parseHostPort(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon < 0)
        return std::nullopt;
    QString host = text.left(colon).trimmed();
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    if (host.isEmpty())
        host = u"127.0.0.1"_s;
    bool ok = false;
    const int port = text.mid(colon + 1).trimmed().toInt(&ok);
    if (!ok || port < 0 || port > 65535)
        return std::nullopt;
    return std::pair{host, port};
}

TraceReceiverService::TraceReceiverService(QString storePath, QObject *parent)
    : QObject(parent)
    , m_storePath(std::move(storePath))
{
}

TraceReceiverService::~TraceReceiverService()
{
    stop();
}

void TraceReceiverService::configure(bool enabled, const QString &address)
{
    stop();
    m_status = {};
    if (!enabled) {
        Q_EMIT statusChanged(m_status);
        return;
    }

    const auto hostPort = parseHostPort(address);
    if (!hostPort) {
        m_status.problem = tr("\"%1\" is not an address such as 127.0.0.1:4318").arg(address);
        Q_EMIT statusChanged(m_status);
        return;
    }
    OtlpReceiver::Options options;
    options.host = hostPort->first;
    options.port = hostPort->second;

    QString problem;
    auto intake = std::make_unique<TraceIntake>(m_storePath);
    if (!intake->start(&problem)) {
        m_status.problem = problem;
        Q_EMIT statusChanged(m_status);
        return;
    }
    auto receiver = std::make_unique<OtlpReceiver>(*intake, options);
    if (!receiver->start(&problem)) {
        m_status.problem = problem;
        Q_EMIT statusChanged(m_status);
        return;
    }
    m_intake = std::move(intake);
    m_receiver = std::move(receiver);
    m_status.listening = true;
    m_status.url = m_receiver->url();

    if (!m_reporter) {
        m_reporter = new QTimer(this);
        connect(m_reporter, &QTimer::timeout, this, &TraceReceiverService::report);
    }
    m_reporter->start(1000);
    Q_EMIT statusChanged(m_status);
}

void TraceReceiverService::stop()
{
    if (m_reporter)
        m_reporter->stop();
    m_receiver.reset();
    m_intake.reset();
}

void TraceReceiverService::report()
{
    if (!m_receiver || !m_intake)
        return;
    const auto receiver = m_receiver->counters();
    const auto intake = m_intake->counters();
    const bool arrived = intake.spansStored != m_status.spansStored;
    const bool changed = arrived || receiver.spansRejected != m_status.spansRejected
        || receiver.requestsRefused != m_status.requestsRefused || receiver.lastProblem != m_status.problem;
    m_status.spansStored = intake.spansStored;
    m_status.spansRejected = receiver.spansRejected;
    m_status.requestsRefused = receiver.requestsRefused;
    m_status.problem = receiver.lastProblem;
    if (changed)
        Q_EMIT statusChanged(m_status);
    if (arrived)
        Q_EMIT spansArrived();
}

} // namespace llmops
