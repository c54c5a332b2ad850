// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "chatparametersdialog.h"

#include "endpoint.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

/// A spin box's minimum stands for "not set": the server's own default applies.
QDoubleSpinBox *optionalRealBox(double maximum, double step, QWidget *parent)
{
    auto *box = new QDoubleSpinBox(parent);
    box->setDecimals(2);
    box->setRange(-step, maximum);
    box->setSingleStep(step);
    box->setSpecialValueText(QObject::tr("server default"));
    box->setValue(-step);
    return box;
}

std::optional<double> optionalReal(const QDoubleSpinBox *box)
{
    return box->value() <= box->minimum() ? std::nullopt : std::optional<double>(box->value());
}

bool isJsonOfShape(const QString &text, bool array)
{
    const auto json = nlohmann::json::parse(text.toStdString(), nullptr, false);
    return !json.is_discarded() && (array ? json.is_array() : json.is_object());
}

} // namespace

ChatParametersDialog::ChatParametersDialog(QWidget *parent)
    : QDialog(parent)
    , m_temperature(optionalRealBox(2.0, 0.1, this))
    , m_topP(optionalRealBox(1.0, 0.05, this))
    , m_maxTokens(new QSpinBox(this))
    , m_seed(new QLineEdit(this))
    , m_stops(new QPlainTextEdit(this))
    , m_format(new QComboBox(this))
    , m_schema(new QPlainTextEdit(this))
    , m_tools(new QPlainTextEdit(this))
    , m_problem(new QLabel(this))
{
    setWindowTitle(tr("Column parameters"));

    m_maxTokens->setRange(0, kMaxTokens);
    m_maxTokens->setSpecialValueText(tr("server default"));
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(u"-?[0-9]{0,18}"_s), m_seed));
    m_seed->setPlaceholderText(tr("none"));
    m_stops->setPlaceholderText(tr("One stop sequence per line"));
    m_stops->setMaximumHeight(70);
    m_format->addItem(tr("Text"), int(ResponseFormat::Text));
    m_format->addItem(tr("JSON object"), int(ResponseFormat::JsonObject));
    m_format->addItem(tr("JSON schema"), int(ResponseFormat::JsonSchema));
    m_schema->setPlaceholderText(uR"({"type": "object", "properties": {"answer": {"type": "string"}}})"_s);
    m_tools->setPlaceholderText(
        uR"([{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}])"_s);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(u"color: #b00020"_s);

    auto *form = new QFormLayout;
    form->addRow(tr("&Temperature:"), m_temperature);
    form->addRow(tr("Top &p:"), m_topP);
    form->addRow(tr("&Max tokens:"), m_maxTokens);
    form->addRow(tr("S&eed:"), m_seed);
    form->addRow(tr("&Stop sequences:"), m_stops);
    form->addRow(tr("&Response format:"), m_format);
    form->addRow(tr("JSON sc&hema:"), m_schema);
    form->addRow(tr("T&ools (JSON):"), m_tools);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ChatParametersDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto updateSchema = [this] {
        m_schema->setEnabled(ResponseFormat(m_format->currentData().toInt()) == ResponseFormat::JsonSchema);
    };
    connect(m_format, &QComboBox::currentIndexChanged, this, updateSchema);
    updateSchema();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    resize(520, 560);
}

void ChatParametersDialog::setParameters(const ChatParameters &parameters)
{
    m_temperature->setValue(parameters.temperature.value_or(m_temperature->minimum()));
    m_topP->setValue(parameters.topP.value_or(m_topP->minimum()));
    m_maxTokens->setValue(parameters.maxTokens.value_or(0));
    m_seed->setText(parameters.seed ? QString::number(*parameters.seed) : QString());
    m_stops->setPlainText(parameters.stopSequences.join(u'\n'));
    m_format->setCurrentIndex(m_format->findData(int(parameters.responseFormat)));
    m_schema->setPlainText(parameters.jsonSchema);
    m_tools->setPlainText(parameters.toolsJson);
}

ChatParameters ChatParametersDialog::parameters() const
{
    ChatParameters parameters;
    parameters.temperature = optionalReal(m_temperature);
    parameters.topP = optionalReal(m_topP);
    if (m_maxTokens->value() > 0)
        parameters.maxTokens = m_maxTokens->value();
    bool isNumber = false;
    if (const qint64 seed = m_seed->text().toLongLong(&isNumber); isNumber)
        parameters.seed = seed;
    for (const QString &line : m_stops->toPlainText().split(u'\n')) {
        if (!line.isEmpty())
            parameters.stopSequences.append(line);
    }
    parameters.responseFormat = ResponseFormat(m_format->currentData().toInt());
    parameters.jsonSchema = m_schema->toPlainText().trimmed();
    parameters.toolsJson = m_tools->toPlainText().trimmed();
    return parameters;
}

QString ChatParametersDialog::problem() const
{
    const ChatParameters chosen = parameters();
    if (chosen.responseFormat == ResponseFormat::JsonSchema && !isJsonOfShape(chosen.jsonSchema, false))
        return tr("The JSON schema must be a JSON object.");
    if (!chosen.toolsJson.isEmpty() && !isJsonOfShape(chosen.toolsJson, true))
        return tr("The tools must be a JSON array of tool definitions.");
    return {};
}

void ChatParametersDialog::accept()
{
    const QString found = problem();
    m_problem->setText(found);
    if (found.isEmpty())
        QDialog::accept();
}

QString parametersSummary(const ChatParameters &parameters)
{
    QStringList parts;
    if (parameters.temperature)
        parts << QObject::tr("temperature %1").arg(QLocale().toString(*parameters.temperature));
    if (parameters.topP)
        parts << QObject::tr("top p %1").arg(QLocale().toString(*parameters.topP));
    if (parameters.maxTokens)
        parts << QObject::tr("max %1").arg(*parameters.maxTokens);
    if (parameters.seed)
        parts << QObject::tr("seed %1").arg(*parameters.seed);
    if (!parameters.stopSequences.isEmpty())
        parts << QObject::tr("%n stop(s)", nullptr, int(parameters.stopSequences.size()));
    if (parameters.responseFormat == ResponseFormat::JsonObject)
        parts << QObject::tr("JSON");
    else if (parameters.responseFormat == ResponseFormat::JsonSchema)
        parts << QObject::tr("JSON schema");
    if (!parameters.toolsJson.isEmpty())
        parts << QObject::tr("tools");
    return parts.isEmpty() ? QObject::tr("server defaults") : parts.join(u" · "_s);
}

} // namespace llmops
