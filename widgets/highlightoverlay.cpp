#include "highlightoverlay.h"

#include "canvasscene.h"
#include "document.h"
#include "nodeitem.h"

#include <QPainter>

#include <algorithm>
#include <utility>

namespace sky {

namespace {

constexpr double kRing = 7; // the ring's distance from the node's body

QRectF bodyOf(const NodeItem *item)
{
    return QRectF(item->scenePos(), QSizeF(NodeItem::kWidth, NodeItem::kHeight));
}

// The part of a line from inside `from` to inside `to` that lies outside
// both: the link between two bodies, not across them (labels stay readable).
std::pair<QPointF, QPointF> between(const QRectF &from, const QRectF &to)
{
    const QPointF a = from.center(), b = to.center();
    const auto at = [&](double t) { return a + (b - a) * t; };
    // The last point inside `from` and the first inside `to`, by halving.
    double lo = 0, hi = 1;
    for (int i = 0; i < 24; ++i) {
        const double mid = (lo + hi) / 2;
        (from.contains(at(mid)) ? lo : hi) = mid;
    }
    const double start = hi;
    lo = 0;
    hi = 1;
    for (int i = 0; i < 24; ++i) {
        const double mid = (lo + hi) / 2;
        (to.contains(at(mid)) ? hi : lo) = mid;
    }
    const double end = std::max(start, lo);
    return {at(start), at(end)};
}

} // namespace

HighlightOverlay::HighlightOverlay(CanvasScene *scene)
    : m_scene(scene)
{
    setZValue(50); // over nodes and links; it draws rings and lines, no fill over a body
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
    scene->addItem(this);
}

void HighlightOverlay::setScope(std::vector<std::string> nodes)
{
    m_scope = std::move(nodes);
    refresh();
}

void HighlightOverlay::setPath(std::vector<std::string> nodes, std::vector<std::string> links)
{
    m_pathNodes = std::move(nodes);
    m_pathLinks = std::move(links);
    refresh();
}

void HighlightOverlay::refresh()
{
    prepareGeometryChange();
    m_scopeRects.clear();
    m_pathRects.clear();
    m_pathLines.clear();
    QRectF bounds;
    for (const std::string &id : m_scope)
        if (const NodeItem *item = m_scene->nodeItem(id)) {
            m_scopeRects.push_back(bodyOf(item).adjusted(-kRing, -kRing, kRing, kRing));
            bounds |= m_scopeRects.back();
        }
    for (const std::string &id : m_pathNodes)
        if (const NodeItem *item = m_scene->nodeItem(id)) {
            m_pathRects.push_back(bodyOf(item).adjusted(-kRing, -kRing, kRing, kRing));
            bounds |= m_pathRects.back();
        }
    const Topology &t = m_scene->document()->topology();
    for (const std::string &key : m_pathLinks)
        for (const Link &l : t.links) {
            if (l.key() != key)
                continue;
            const NodeItem *a = m_scene->nodeItem(l.from.node);
            const NodeItem *b = m_scene->nodeItem(l.to.node);
            if (a && b) {
                const QRectF ra = bodyOf(a).adjusted(-kRing, -kRing, kRing, kRing);
                const QRectF rb = bodyOf(b).adjusted(-kRing, -kRing, kRing, kRing);
                m_pathLines.push_back(between(ra, rb));
                bounds |= QRectF(m_pathLines.back().first, m_pathLines.back().second).normalized();
            }
            break;
        }
    m_bounds = bounds.adjusted(-8, -8, 8, 8);
    setVisible(!m_scopeRects.empty() || !m_pathRects.empty());
    update();
}

void HighlightOverlay::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setBrush(Qt::NoBrush);
    // Scope: a violet dashed ring; a path: an orange line along its links
    // and a solid ring on its nodes. Both read on the light and dark themes.
    painter->setPen(QPen(QColor(0x8e, 0x44, 0xec), 3, Qt::DashLine));
    for (const QRectF &r : m_scopeRects)
        painter->drawRoundedRect(r, 10, 10);
    const QColor path(0xff, 0x7a, 0x00);
    QColor line = path;
    line.setAlpha(150);
    painter->setPen(QPen(line, 8, Qt::SolidLine, Qt::RoundCap));
    for (const auto &[a, b] : m_pathLines)
        painter->drawLine(a, b);
    painter->setPen(QPen(path, 3.5));
    for (const QRectF &r : m_pathRects)
        painter->drawRoundedRect(r, 10, 10);
}

} // namespace sky
