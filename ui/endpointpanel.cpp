// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "endpointpanel.h"

#include "endpointstatusmodel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QToolButton>
#include <QVBoxLayout>

namespace llmops {

EndpointPanel::EndpointPanel(EndpointStatusModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_view(new QListView(this))
    , m_add(new QToolButton(this))
    , m_edit(new QToolButton(this))
    , m_remove(new QToolButton(this))
{
    m_view->setModel(m_model);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAccessibleName(tr("Endpoints"));

    auto *addAction = new QAction(QIcon::fromTheme(QStringLiteral("list-add")), tr("&Add endpoint…"), this);
    addAction->setShortcut(QKeySequence::New);
    auto *editAction = new QAction(QIcon::fromTheme(QStringLiteral("document-edit")), tr("&Edit endpoint…"), this);
    editAction->setShortcut(Qt::Key_F2);
    auto *removeAction = new QAction(QIcon::fromTheme(QStringLiteral("list-remove")), tr("&Remove endpoint"), this);
    removeAction->setShortcut(QKeySequence::Delete);
    for (QAction *action : {addAction, editAction, removeAction})
        action->setShortcutContext(Qt::WindowShortcut);
    // Delete only where the list has focus: elsewhere the key belongs to text fields.
    removeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addActions({addAction, editAction, removeAction});

    m_add->setDefaultAction(addAction);
    m_edit->setDefaultAction(editAction);
    m_remove->setDefaultAction(removeAction);
    for (QToolButton *button : {m_add, m_edit, m_remove})
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    connect(addAction, &QAction::triggered, this, &EndpointPanel::addRequested);
    connect(editAction, &QAction::triggered, this, [this] {
        if (const auto id = selectedEndpointId())
            Q_EMIT editRequested(*id);
    });
    connect(removeAction, &QAction::triggered, this, [this] {
        if (const auto id = selectedEndpointId())
            Q_EMIT removeRequested(*id);
    });
    connect(m_view, &QListView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT editRequested(index.data(EndpointStatusModel::EndpointIdRole).toLongLong());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        Q_EMIT selectionChanged();
    });
    // A reset (an endpoint added or removed elsewhere) clears the selection without a
    // signal; put it back so the dashboard does not jump to another endpoint.
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this,
            [this] { m_selectionBeforeReset = selectedEndpointId(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_selectionBeforeReset)
            selectEndpoint(*m_selectionBeforeReset);
        updateActions();
    });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_remove);
    buttons->addStretch();

    auto *title = new QLabel(tr("Endpoints"), this);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    title->setFont(titleFont);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);
    updateActions();
}

std::optional<qint64> EndpointPanel::selectedEndpointId() const
{
    const QModelIndexList selected = m_view->selectionModel()->selectedIndexes();
    if (selected.isEmpty())
        return std::nullopt;
    return selected.constFirst().data(EndpointStatusModel::EndpointIdRole).toLongLong();
}

QString EndpointPanel::selectedEndpointName() const
{
    const QModelIndexList selected = m_view->selectionModel()->selectedIndexes();
    return selected.isEmpty() ? QString() : selected.constFirst().data(EndpointStatusModel::NameRole).toString();
}

void EndpointPanel::selectEndpoint(qint64 endpointId)
{
    if (const auto row = m_model->rowOfEndpoint(endpointId))
        m_view->setCurrentIndex(m_model->index(*row));
}

void EndpointPanel::updateActions()
{
    const bool hasSelection = selectedEndpointId().has_value();
    m_edit->defaultAction()->setEnabled(hasSelection);
    m_remove->defaultAction()->setEnabled(hasSelection);
}

} // namespace llmops
