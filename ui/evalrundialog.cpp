// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evalrundialog.h"

#include "endpointstatusmodel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

constexpr int kEndpointIdRole = Qt::UserRole;
constexpr int kEndpointNameRole = Qt::UserRole + 1;

} // namespace

EvalRunDialog::EvalRunDialog(const QString &suiteName, const EndpointStatusModel *endpoints, QWidget *parent)
    : QDialog(parent)
    , m_suiteName(suiteName)
    , m_endpoint(new QComboBox(this))
    , m_repeats(new QSpinBox(this))
    , m_concurrency(new QSpinBox(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Run suite %1").arg(suiteName));
    m_endpoint->setObjectName(u"endpoint"_s);
    for (const EndpointStatus &status : endpoints->statuses()) {
        if (status.endpoint.traced)
            continue;
        m_endpoint->addItem(u"%1 · %2"_s.arg(status.endpoint.name, status.endpoint.model), status.endpoint.id);
        m_endpoint->setItemData(m_endpoint->count() - 1, status.endpoint.name, kEndpointNameRole);
    }
    m_repeats->setObjectName(u"repeats"_s);
    m_repeats->setRange(1, kMaxEvalRepeats);
    m_repeats->setValue(1);
    m_repeats->setToolTip(tr("How many times each item is answered; with two or more the summary shows pass^N and "
                             "the spread across repeats"));
    m_concurrency->setObjectName(u"concurrency"_s);
    m_concurrency->setRange(1, kMaxEvalConcurrency);
    m_concurrency->setValue(EvalRunLimits().concurrency);
    m_concurrency->setToolTip(tr("Answers in flight at once"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Endpoint:"), m_endpoint);
    form->addRow(tr("Re&peats:"), m_repeats);
    form->addRow(tr("&Concurrency:"), m_concurrency);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Run"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_endpoint->count() > 0);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    if (m_endpoint->count() == 0) {
        auto *none = new QLabel(tr("No endpoint is registered; add one in the Endpoints menu."), this);
        none->setWordWrap(true);
        layout->addWidget(none);
    }
    layout->addWidget(m_buttons);
    resize(420, sizeHint().height());
}

bool EvalRunDialog::selectEndpoint(const QString &name)
{
    const int index = m_endpoint->findData(name, kEndpointNameRole);
    if (index >= 0)
        m_endpoint->setCurrentIndex(index);
    return index >= 0;
}

void EvalRunDialog::setRepeats(int repeats)
{
    m_repeats->setValue(repeats);
}

void EvalRunDialog::setConcurrency(int concurrency)
{
    m_concurrency->setValue(concurrency);
}

EvalRunRequest EvalRunDialog::request() const
{
    EvalRunRequest request;
    request.suiteName = m_suiteName;
    request.endpointId = m_endpoint->currentData(kEndpointIdRole).toLongLong();
    request.repeats = m_repeats->value();
    request.concurrency = m_concurrency->value();
    return request;
}

} // namespace llmops
