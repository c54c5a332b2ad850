// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "endpoint.h"
#include "endpointhealth.h"
#include "requestrecord.h"

#include <QAbstractListModel>

#include <optional>
#include <vector>

namespace llmops {

/// An endpoint with what its recent probes say about it.
struct EndpointStatus {
    Endpoint endpoint;
    EndpointHealth health = EndpointHealth::Unknown;
    std::optional<RequestRecord> lastProbe;
};

/// The registered endpoints and their health, for the endpoint list.
class EndpointStatusModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        EndpointIdRole = Qt::UserRole,
        NameRole,
        HealthRole, ///< EndpointHealth as int
        LastLatencyMsRole,
    };

    using QAbstractListModel::QAbstractListModel;

    /// Replaces the list. When the same endpoints come back in the same order only their
    /// data changes, so a view keeps its selection and scroll position.
    void setStatuses(std::vector<EndpointStatus> statuses);
    const std::vector<EndpointStatus> &statuses() const { return m_statuses; }
    std::optional<int> rowOfEndpoint(qint64 endpointId) const;
    /// The endpoint with this id, if the list holds it.
    std::optional<Endpoint> endpoint(qint64 endpointId) const;
    /// Every endpoint's name but that of `exceptId`, for refusing a name already taken.
    QStringList namesExcept(qint64 exceptId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    std::vector<EndpointStatus> m_statuses;
};

} // namespace llmops
