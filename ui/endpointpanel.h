// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QWidget>

#include <optional>

class QListView;
class QToolButton;

namespace llmops {

class EndpointStatusModel;

/// The list of endpoints with their health, and the actions that change it. Selecting no
/// endpoint means "all endpoints".
class EndpointPanel : public QWidget
{
    Q_OBJECT

public:
    EndpointPanel(EndpointStatusModel *model, QWidget *parent = nullptr);

    std::optional<qint64> selectedEndpointId() const;
    QString selectedEndpointName() const;
    void selectEndpoint(qint64 endpointId);
    QListView *view() const { return m_view; }

Q_SIGNALS:
    void selectionChanged();
    void addRequested();
    void editRequested(qint64 endpointId);
    void removeRequested(qint64 endpointId);

private:
    void updateActions();

    EndpointStatusModel *m_model;
    QListView *m_view;
    QToolButton *m_add;
    QToolButton *m_edit;
    QToolButton *m_remove;
    std::optional<qint64> m_selectionBeforeReset;
};

} // namespace llmops
