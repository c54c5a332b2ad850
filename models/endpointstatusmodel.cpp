// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "endpointstatusmodel.h"

#include <QColor>
#include <QDateTime>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

QColor healthColor(EndpointHealth health)
{
    switch (health) {
    case EndpointHealth::Up:
        return QColor(0x2e, 0x9d, 0x4f);
    case EndpointHealth::Degraded:
        return QColor(0xe0, 0x9b, 0x1a);
    case EndpointHealth::Down:
        return QColor(0xd1, 0x3a, 0x3a);
    case EndpointHealth::Unknown:
        break;
    }
    return QColor(0x8a, 0x8a, 0x8a);
}

QString toolTipFor(const EndpointStatus &status)
{
    QString text = status.endpoint.name % u" — "_s % endpointHealthLabel(status.health) % u"\n"_s
        % (status.endpoint.traced ? QObject::tr("Measured from traces") : status.endpoint.baseUrl) % u"\n"_s
        % status.endpoint.model;
    if (const auto &probe = status.lastProbe) {
        text += u"\n"_s
            % (status.endpoint.traced ? QObject::tr("Last traced call %1: %2 ms") : QObject::tr("Last probe %1: %2 ms"))
                  .arg(QDateTime::fromMSecsSinceEpoch(probe->startedAtMs).toString(u"HH:mm:ss"_s))
                  .arg(probe->latencyMs, 0, 'f', 0);
        if (probe->status != RequestStatus::Ok)
            text += u"\n"_s % errorClassKey(probe->errorClass) % u": "_s % probe->errorMessage.left(200);
    }
    return text;
}

} // namespace

void EndpointStatusModel::setStatuses(std::vector<EndpointStatus> statuses)
{
    const bool sameRows = statuses.size() == m_statuses.size()
        && std::equal(statuses.begin(), statuses.end(), m_statuses.begin(),
                      [](const auto &a, const auto &b) { return a.endpoint.id == b.endpoint.id; });
    if (!sameRows) {
        beginResetModel();
        m_statuses = std::move(statuses);
        endResetModel();
        return;
    }

    m_statuses = std::move(statuses);
    if (!m_statuses.empty())
        Q_EMIT dataChanged(index(0), index(int(m_statuses.size()) - 1));
}

std::optional<int> EndpointStatusModel::rowOfEndpoint(qint64 endpointId) const
{
    for (std::size_t row = 0; row < m_statuses.size(); ++row) {
        if (m_statuses[row].endpoint.id == endpointId)
            return int(row);
    }
    return std::nullopt;
}

int EndpointStatusModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_statuses.size());
}

QVariant EndpointStatusModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EndpointStatus &status = m_statuses[std::size_t(index.row())];

    switch (role) {
    case Qt::DisplayRole:
        return status.endpoint.environment.isEmpty()
            ? status.endpoint.name
            : QString(status.endpoint.name % u"  ["_s % status.endpoint.environment % u"]"_s);
    case Qt::DecorationRole:
        return healthColor(status.health);
    case Qt::ToolTipRole:
        return toolTipFor(status);
    case Qt::AccessibleDescriptionRole:
        return endpointHealthLabel(status.health);
    case EndpointIdRole:
        return status.endpoint.id;
    case NameRole:
        return status.endpoint.name;
    case HealthRole:
        return int(status.health);
    case LastLatencyMsRole:
        return status.lastProbe ? QVariant(status.lastProbe->latencyMs) : QVariant();
    default:
        return {};
    }
}

QHash<int, QByteArray> EndpointStatusModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(EndpointIdRole, "endpointId");
    names.insert(NameRole, "name");
    names.insert(HealthRole, "health");
    names.insert(LastLatencyMsRole, "lastLatencyMs");
    return names;
}

std::optional<Endpoint> EndpointStatusModel::endpoint(qint64 endpointId) const
{
    if (const auto row = rowOfEndpoint(endpointId))
        return m_statuses[std::size_t(*row)].endpoint;
    return std::nullopt;
}

QStringList EndpointStatusModel::namesExcept(qint64 exceptId) const
{
    QStringList names;
    for (const EndpointStatus &status : m_statuses) {
        if (status.endpoint.id != exceptId)
            names << status.endpoint.name;
    }
    return names;
}

} // namespace llmops
