// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "endpointdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

QSpinBox *makeSpinBox(int minimum, int maximum, const QString &suffix, QWidget *parent)
{
    auto *spinBox = new QSpinBox(parent);
    spinBox->setRange(minimum, maximum);
    spinBox->setSuffix(suffix);
    return spinBox;
}

QString headersToText(const HeaderList &headers)
{
    QStringList lines;
    for (const auto &[name, value] : headers)
        lines << name % u": "_s % value;
    return lines.join(u'\n');
}

HeaderList headersFromText(const QString &text)
{
    HeaderList headers;
    for (const QString &line : text.split(u'\n', Qt::SkipEmptyParts)) {
        const auto colon = line.indexOf(u':');
        headers.append(colon < 0 ? qMakePair(line.trimmed(), QString())
                                 : qMakePair(line.left(colon).trimmed(), line.mid(colon + 1).trimmed()));
    }
    return headers;
}

} // namespace

EndpointDialog::EndpointDialog(QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_kind(new QComboBox(this))
    , m_baseUrl(new QLineEdit(this))
    , m_model(new QLineEdit(this))
    , m_apiKeyEnv(new QLineEdit(this))
    , m_headers(new QPlainTextEdit(this))
    , m_environment(new QLineEdit(this))
    , m_interval(makeSpinBox(1, kMaxProbeIntervalS, tr(" s"), this))
    , m_prompt(new QLineEdit(this))
    , m_maxTokens(makeSpinBox(1, kMaxTokens, QString(), this))
    , m_timeout(makeSpinBox(1, kMaxTimeoutS, tr(" s"), this))
    , m_metricsUrl(new QLineEdit(this))
    , m_metricsInterval(makeSpinBox(0, kMaxProbeIntervalS, tr(" s"), this))
    , m_metricsTokenEnv(new QLineEdit(this))
    , m_problems(new QLabel(this))
{
    setWindowTitle(tr("Endpoint"));

    m_kind->addItem(tr("OpenAI-compatible chat completions"), endpointKindKey(EndpointKind::OpenAiChat));
    m_kind->addItem(tr("Ollama native chat"), endpointKindKey(EndpointKind::OllamaChat));
    m_baseUrl->setPlaceholderText(u"http://127.0.0.1:8080/v1"_s);
    m_apiKeyEnv->setPlaceholderText(tr("name of an environment variable, e.g. OPENAI_API_KEY"));
    m_headers->setPlaceholderText(tr("One header a line: Name: value"));
    m_headers->setTabChangesFocus(true);
    m_headers->setMaximumHeight(80);
    m_environment->setPlaceholderText(tr("prod, staging, …"));
    m_metricsUrl->setPlaceholderText(tr("the server root's /metrics"));
    m_metricsInterval->setSpecialValueText(tr("off"));
    m_metricsTokenEnv->setPlaceholderText(tr("name of an environment variable holding a bearer token"));
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(u"color: #c0392b"_s);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Kind:"), m_kind);
    form->addRow(tr("Base &URL:"), m_baseUrl);
    form->addRow(tr("&Model:"), m_model);
    form->addRow(tr("API &key variable:"), m_apiKeyEnv);
    form->addRow(tr("Extra &headers:"), m_headers);
    form->addRow(tr("&Environment:"), m_environment);
    form->addRow(tr("Probe &interval:"), m_interval);
    form->addRow(tr("Probe &prompt:"), m_prompt);
    form->addRow(tr("Max &tokens:"), m_maxTokens);
    form->addRow(tr("&Timeout:"), m_timeout);
    form->addRow(tr("Metri&cs URL:"), m_metricsUrl);
    form->addRow(tr("Metrics inter&val:"), m_metricsInterval);
    form->addRow(tr("Metrics token varia&ble:"), m_metricsTokenEnv);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &EndpointDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &EndpointDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problems);
    layout->addWidget(buttons);

    setEndpoint(Endpoint{});
}

void EndpointDialog::setEndpoint(const Endpoint &endpoint)
{
    m_endpointId = endpoint.id;
    m_name->setText(endpoint.name);
    m_kind->setCurrentIndex(m_kind->findData(endpointKindKey(endpoint.kind)));
    m_baseUrl->setText(endpoint.baseUrl);
    m_model->setText(endpoint.model);
    m_apiKeyEnv->setText(endpoint.apiKeyEnv);
    m_headers->setPlainText(headersToText(endpoint.extraHeaders));
    m_environment->setText(endpoint.environment);
    m_interval->setValue(endpoint.probeIntervalS);
    m_prompt->setText(endpoint.probePrompt);
    m_maxTokens->setValue(endpoint.maxTokens);
    m_timeout->setValue(endpoint.timeoutS);
    m_metricsUrl->setText(endpoint.metricsUrl);
    m_metricsInterval->setValue(endpoint.metricsIntervalS);
    m_metricsTokenEnv->setText(endpoint.metricsTokenEnv);
    m_problems->clear();
}

Endpoint EndpointDialog::endpoint() const
{
    Endpoint endpoint;
    endpoint.id = m_endpointId;
    endpoint.name = m_name->text();
    endpoint.kind = endpointKindFromKey(m_kind->currentData().toString()).value_or(EndpointKind::OpenAiChat);
    endpoint.baseUrl = m_baseUrl->text();
    endpoint.model = m_model->text();
    endpoint.apiKeyEnv = m_apiKeyEnv->text();
    endpoint.extraHeaders = headersFromText(m_headers->toPlainText());
    endpoint.environment = m_environment->text();
    endpoint.probeIntervalS = m_interval->value();
    endpoint.probePrompt = m_prompt->text();
    endpoint.maxTokens = m_maxTokens->value();
    endpoint.timeoutS = m_timeout->value();
    endpoint.metricsUrl = m_metricsUrl->text();
    endpoint.metricsIntervalS = m_metricsInterval->value();
    endpoint.metricsTokenEnv = m_metricsTokenEnv->text();
    return normalizedEndpoint(endpoint);
}

void EndpointDialog::setTakenNames(const QStringList &names)
{
    m_takenNames = names;
}

void EndpointDialog::accept()
{
    // A taken name is caught here, not by the store, so that nothing typed is lost.
    const Endpoint edited = endpoint();
    QStringList problems = validateEndpoint(edited);
    if (m_takenNames.contains(edited.name))
        problems.prepend(tr("An endpoint named %1 already exists.").arg(edited.name));
    if (!problems.isEmpty()) {
        m_problems->setText(problems.join(u'\n'));
        return;
    }
    QDialog::accept();
}

} // namespace llmops
