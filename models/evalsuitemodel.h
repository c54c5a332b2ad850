// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "evaluation.h"

#include <QAbstractListModel>

#include <vector>

namespace llmops {

/// The evaluation suites, by name; the tooltip shows the definition. Changes by full reset.
class EvalSuiteModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { NameRole = Qt::UserRole, DefinitionRole };

    explicit EvalSuiteModel(QObject *parent = nullptr);

    void setSuites(std::vector<EvalSuiteRecord> suites);
    const std::vector<EvalSuiteRecord> &suites() const { return m_suites; }
    const EvalSuiteRecord &suite(int row) const { return m_suites.at(std::size_t(row)); }
    /// The row of the suite, or -1.
    int rowOf(const QString &name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    std::vector<EvalSuiteRecord> m_suites;
};

} // namespace llmops
