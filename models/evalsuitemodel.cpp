// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evalsuitemodel.h"

namespace llmops {

EvalSuiteModel::EvalSuiteModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void EvalSuiteModel::setSuites(std::vector<EvalSuiteRecord> suites)
{
    beginResetModel();
    m_suites = std::move(suites);
    endResetModel();
}

int EvalSuiteModel::rowOf(const QString &name) const
{
    for (std::size_t row = 0; row < m_suites.size(); ++row) {
        if (m_suites[row].name == name)
            return int(row);
    }
    return -1;
}

int EvalSuiteModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_suites.size());
}

QVariant EvalSuiteModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EvalSuiteRecord &suite = m_suites[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return suite.name;
    case DefinitionRole:
        return suite.definitionJson;
    case Qt::ToolTipRole:
        return suite.definitionJson.left(2000);
    default:
        return {};
    }
}

} // namespace llmops
