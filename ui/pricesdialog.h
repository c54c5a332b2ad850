// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QDialog>

class QLabel;
class QTableView;

namespace llmops {

class PriceTable;
class PriceTableModel;

/// Edits the price table spans are costed with when they are taken in: add, change or
/// remove models, import a table file, or go back to the table shipped with the console.
class PricesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PricesDialog(QWidget *parent = nullptr);

    void setTable(const PriceTable &table);
    PriceTableModel *model() const { return m_model; }

    /// Accepts only a table that can be saved; says why otherwise.
    void accept() override;

Q_SIGNALS:
    void saveRequested(const llmops::PriceTable &table);

private:
    void importFile();
    void showProvenance();

    PriceTableModel *m_model;
    QTableView *m_table;
    QLabel *m_provenance;
};

} // namespace llmops
