// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QFrame>

class QLabel;

namespace llmops {

/// One headline figure of a dashboard: a caption above a large value.
class MetricTile : public QFrame
{
    Q_OBJECT

public:
    explicit MetricTile(const QString &caption, QWidget *parent = nullptr);

    /// Shows the text, or a dash when the figure is not known.
    void setValue(const QString &text, const QString &detail = {});
    QString valueText() const;

private:
    QLabel *m_caption;
    QLabel *m_value;
    QLabel *m_detail;
};

} // namespace llmops
