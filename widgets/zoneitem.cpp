#include "zoneitem.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

#include "visiblerect.h"

#include <algorithm>
#include <functional>

namespace sky {

ZoneItem::ZoneItem(std::string id, QString label, int depth)
    : m_id(std::move(id))
    , m_label(std::move(label))
    , m_depth(depth)
{
    // A stable colour per zone id, soft enough to sit behind nodes.
    const auto hash = std::hash<std::string>{}(m_id);
    m_color = QColor::fromHsv(int(hash % 360), 90, 230);
    setZValue(-10 + depth);
    setFlag(ItemUsesExtendedStyleOption);
}

void ZoneItem::setLabel(const QString &label)
{
    m_label = label;
    update();
}

void ZoneItem::setArea(const QRectF &rect)
{
    if (rect == m_rect)
        return;
    prepareGeometryChange();
    m_rect = rect;
}

QRectF ZoneItem::labelBand() const
{
    return m_rect.isEmpty() ? QRectF() : QRectF(m_rect.left(), m_rect.top(), m_rect.width(), std::min<qreal>(30, m_rect.height()));
}

void ZoneItem::setChosen(bool chosen)
{
    if (chosen == m_chosen)
        return;
    m_chosen = chosen;
    update();
}

void ZoneItem::setMark(Mark mark)
{
    if (mark == m_mark)
        return;
    m_mark = mark;
    update();
}

void ZoneItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    if (m_rect.isEmpty())
        return;
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    QColor fill = m_color;
    fill.setAlpha(60);
    QColor border = m_color.darker(140);
    border.setAlpha(180);
    qreal borderWidth = 1.2;
    if (m_mark != Mark::None) {
        border = markColor(m_mark);
        borderWidth = 3;
    }
    if (m_chosen) {
        border = QApplication::palette().color(QPalette::Highlight);
        borderWidth = 3;
    }
    const QRectF exposed = visibleRect(painter, option).adjusted(-4, -4, 4, 4);
    if (exposed.contains(m_rect)) {
        painter->setRenderHint(QPainter::Antialiasing, lod > 0.5);
        painter->setPen(QPen(border, borderWidth, m_chosen ? Qt::SolidLine : Qt::DashLine));
        painter->setBrush(fill);
        painter->drawRoundedRect(m_rect, 14, 14);
    } else {
        // A zone far larger than the frame: fill and stroke only what shows;
        // a dashed outline of a huge rectangle costs its whole perimeter.
        painter->fillRect(m_rect.intersected(exposed), fill);
        painter->setPen(QPen(border, 0));
        const QLineF edges[] = {{m_rect.topLeft(), m_rect.topRight()}, {m_rect.topRight(), m_rect.bottomRight()},
                                {m_rect.bottomRight(), m_rect.bottomLeft()}, {m_rect.bottomLeft(), m_rect.topLeft()}};
        for (const QLineF &edge : edges) {
            const QRectF box = QRectF(edge.p1(), edge.p2()).normalized().adjusted(-1, -1, 1, 1);
            if (!box.intersects(exposed))
                continue;
            const QRectF visible = box.intersected(exposed);
            painter->drawLine(edge.p1().x() == edge.p2().x()
                                  ? QLineF(edge.p1().x(), visible.top(), edge.p1().x(), visible.bottom())
                                  : QLineF(visible.left(), edge.p1().y(), visible.right(), edge.p1().y()));
        }
    }
    if (lod > 0.15) {
        QFont font = painter->font();
        font.setPointSizeF(lod < 0.5 ? 18 : 10);
        font.setBold(true);
        painter->setFont(font);
        const bool dark = QApplication::palette().color(QPalette::Base).lightness() < 128;
        painter->setPen(dark ? m_color.lighter(115) : m_color.darker(220));
        const QString label = m_mark == Mark::None ? m_label : m_label + QStringLiteral(" (") + markText(m_mark) + QLatin1Char(')');
        painter->drawText(m_rect.adjusted(14, 6, -14, 0), Qt::AlignLeft | Qt::AlignTop, label);
    }
}

} // namespace sky
