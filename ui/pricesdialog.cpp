// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "pricesdialog.h"

#include "pricetablemodel.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace llmops {

PricesDialog::PricesDialog(QWidget *parent)
    : QDialog(parent)
    , m_model(new PriceTableModel(this))
    , m_table(new QTableView(this))
    , m_provenance(new QLabel(this))
{
    setWindowTitle(tr("Model prices"));
    m_provenance->setWordWrap(true);
    m_provenance->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_provenance->setOpenExternalLinks(true);
    m_table->setModel(m_model);
    m_table->setObjectName(QStringLiteral("priceTable"));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();

    auto *add = new QPushButton(tr("&Add model"), this);
    auto *remove = new QPushButton(tr("&Remove model"), this);
    auto *import = new QPushButton(tr("&Import…"), this);
    auto *bundled = new QPushButton(tr("Shipped &prices"), this);
    connect(add, &QPushButton::clicked, this, [this] {
        m_model->appendEmptyRow();
        m_table->edit(m_model->index(m_model->rowCount() - 1, PriceTableModel::ModelColumn));
    });
    connect(remove, &QPushButton::clicked, this, [this] { m_model->removePriceRow(m_table->currentIndex().row()); });
    connect(import, &QPushButton::clicked, this, &PricesDialog::importFile);
    connect(bundled, &QPushButton::clicked, this, [this] { setTable(PriceTable::bundled()); });

    auto *rowButtons = new QHBoxLayout;
    rowButtons->addWidget(add);
    rowButtons->addWidget(remove);
    rowButtons->addStretch(1);
    rowButtons->addWidget(import);
    rowButtons->addWidget(bundled);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &PricesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_provenance);
    layout->addWidget(m_table, 1);
    layout->addLayout(rowButtons);
    layout->addWidget(new QLabel(tr("Prices are US dollars per million tokens. Cached input, cache write and "
                                    "reasoning left empty cost as plain input or output. New prices apply to spans "
                                    "taken in from now on; stored costs stay as they were."),
                                 this));
    layout->addWidget(buttons);
    resize(860, 520);
}

void PricesDialog::setTable(const PriceTable &table)
{
    m_model->setTable(table);
    showProvenance();
}

void PricesDialog::showProvenance()
{
    const PriceTable table = m_model->table();
    QStringList sources;
    for (const QString &source : table.sources())
        sources << QStringLiteral("<a href=\"%1\">%1</a>").arg(source.toHtmlEscaped());
    m_provenance->setText(table.asOf().isEmpty()
                              ? tr("Prices of %n model(s).", nullptr, int(table.prices().size()))
                              : tr("Prices as of %1, from: %2").arg(table.asOf().toHtmlEscaped(), sources.join(u", ")));
}

void PricesDialog::importFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import prices"), {}, tr("Price tables (*.json)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(this, tr("Import prices"), tr("Cannot read %1: %2").arg(path, file.errorString()));
        return;
    }
    try {
        setTable(PriceTable::fromJson(file.readAll().toStdString()));
    } catch (const std::invalid_argument &error) {
        QMessageBox::warning(this, tr("Import prices"),
                             tr("%1 is not a price table: %2").arg(path, QString::fromUtf8(error.what())));
    }
}

void PricesDialog::accept()
{
    if (const QString problem = m_model->problem(); !problem.isEmpty()) {
        QMessageBox::warning(this, tr("Model prices"), problem);
        return;
    }
    Q_EMIT saveRequested(m_model->table());
    QDialog::accept();
}

} // namespace llmops
