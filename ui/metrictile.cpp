// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "metrictile.h"

#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace llmops {

MetricTile::MetricTile(const QString &caption, QWidget *parent)
    : QFrame(parent)
    , m_caption(new QLabel(caption, this))
    , m_value(new QLabel(u"–"_s, this))
    , m_detail(new QLabel(this))
{
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(caption);

    QFont valueFont = m_value->font();
    valueFont.setPointSizeF(valueFont.pointSizeF() * 1.8);
    valueFont.setBold(true);
    m_value->setFont(valueFont);
    m_value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_caption);
    layout->addWidget(m_value);
    layout->addWidget(m_detail);
}

void MetricTile::setValue(const QString &text, const QString &detail)
{
    m_value->setText(text.isEmpty() ? u"–"_s : text);
    m_detail->setText(detail);
    setAccessibleDescription(m_value->text());
}

QString MetricTile::valueText() const
{
    return m_value->text();
}

} // namespace llmops
