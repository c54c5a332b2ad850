// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QStyledItemDelegate>

namespace llmops {

/// Paints a span's bar on the trace's time line (the waterfall) from the span tree model's
/// timeline roles: where it starts and ends as fractions of the trace. Failed spans are red,
/// spans whose parent is missing are drawn hatched.
class WaterfallDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace llmops
