// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace llmops::testing {

/// The bundled local LLM endpoint (node-llama-cpp serving the tiny model), started on a
/// free port for one test and stopped with it.
class LocalEndpoint
{
public:
    LocalEndpoint() = default;
    ~LocalEndpoint() { stop(); }
    LocalEndpoint(const LocalEndpoint &) = delete;
    LocalEndpoint &operator=(const LocalEndpoint &) = delete;

    /// Starts the server and waits until it listens; false with `error()` set otherwise.
    bool start()
    {
        const QString directory = QStringLiteral(LLMOPS_LOCAL_ENDPOINT_DIR);
        m_process.setWorkingDirectory(directory);
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start(QStringLiteral("node"),
                        {directory + QStringLiteral("/server.mjs"), QStringLiteral("--port"), QStringLiteral("0"),
                         QStringLiteral("--threads"), QStringLiteral("1")});
        if (!m_process.waitForStarted(10'000)) {
            m_error = QStringLiteral("node did not start: ") + m_process.errorString();
            return false;
        }

        static const QRegularExpression listening(QStringLiteral("^listening on (http://\\S+)"),
                                                  QRegularExpression::MultilineOption);
        QDeadlineTimer deadline(60'000);
        QByteArray output;
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            m_process.waitForReadyRead(200);
            output += m_process.readAllStandardOutput();
            const auto match = listening.match(QString::fromUtf8(output));
            if (match.hasMatch()) {
                m_url = match.captured(1);
                return true;
            }
        }
        m_error = QStringLiteral("the local endpoint did not start: ") + QString::fromUtf8(output)
            + QString::fromUtf8(m_process.readAllStandardError());
        return false;
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    /// http://127.0.0.1:PORT
    QString url() const { return m_url; }
    /// The OpenAI-compatible base, http://127.0.0.1:PORT/v1
    QString baseUrl() const { return m_url + QStringLiteral("/v1"); }
    QString error() const { return m_error; }

private:
    QProcess m_process;
    QString m_url;
    QString m_error;
};

} // namespace llmops::testing
