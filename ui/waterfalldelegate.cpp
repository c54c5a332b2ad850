// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "waterfalldelegate.h"

#include "spantreemodel.h"

#include <QApplication>
#include <QPainter>

namespace llmops {

void WaterfallDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    // The cell's background and selection as any other cell's, then the bar over it.
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    cell.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, widget);

    const double start = std::clamp(index.data(SpanTreeModel::TimelineStartRole).toDouble(), 0.0, 1.0);
    const double end = std::clamp(index.data(SpanTreeModel::TimelineEndRole).toDouble(), start, 1.0);
    const QRect area = option.rect.adjusted(4, 4, -4, -4);
    // A span too short to see still gets a sliver, so that it can be found.
    QRectF bar(area.left() + start * area.width(), area.top(), std::max(2.0, (end - start) * area.width()),
               area.height());

    const bool failed = index.data(SpanTreeModel::FailedRole).toBool();
    // On a selected row the bar takes the selection's text colour, so that it stays visible.
    const bool selected = option.state & QStyle::State_Selected;
    const QColor colour = failed ? QColor(0xd3, 0x2f, 0x2f)
        : selected               ? option.palette.color(QPalette::HighlightedText)
                                 : option.palette.color(QPalette::Highlight);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->fillRect(bar, colour);
    if (index.data(SpanTreeModel::ParentMissingRole).toBool())
        painter->fillRect(bar, QBrush(option.palette.color(QPalette::Base), Qt::BDiagPattern));
    painter->restore();
}

QSize WaterfallDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width(), 240));
    return size;
}

} // namespace llmops
