#include "linklayer.h"

#include "canvasscene.h"
#include "document.h"
#include "nodeitem.h"

#include <QApplication>
#include <QGraphicsView>
#include <QPaintEngine>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

#include "visiblerect.h"

#include <algorithm>
#include <cmath>

namespace sky {

namespace {

constexpr int kSegments = 24;
constexpr std::size_t kDenseLinks = 400;
constexpr qreal kMargin = 12;          // pen, arrow head and antialiasing around a link
constexpr qreal kLabelReach = 18;      // a label sits up to this far from its link
constexpr int kStraightPieces = 6;     // bands along a link's far-away straight line
constexpr qreal kFar = 0.25;           // below this level of detail links are drawn straight
constexpr std::size_t kMaxBanded = 32;   // more rerouted links than this: bounding boxes
constexpr int kMaxBands = 256;         // more dirty rectangles than this: no band test

QPointF straightPoint(const auto &g, qreal t)
{
    return g.p[0] + t * (g.p[3] - g.p[0]);
}
constexpr qreal kSmallLink = 300 * 300; // a link this small is dirtied as one rectangle

QPointF bezier(const QPointF *p, qreal t)
{
    const qreal u = 1 - t;
    return u * u * u * p[0] + 3 * u * u * t * p[1] + 3 * u * t * t * p[2] + t * t * t * p[3];
}

qreal distanceToSegment(QPointF p, QPointF a, QPointF b)
{
    const QPointF ab = b - a;
    const qreal len2 = QPointF::dotProduct(ab, ab);
    const qreal t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
    const QPointF d = p - (a + t * ab);
    return std::sqrt(QPointF::dotProduct(d, d));
}

// Whether two rectangles (normalized, as link bounds and frames are)
// overlap. Inline: QRectF::intersects is an out-of-line call, and a paint
// asks it for every link of the topology (13 % of a pan step at 20,000
// nodes).
inline bool overlaps(const QRectF &a, const QRectF &b)
{
    return a.left() < b.right() && b.left() < a.right() && a.top() < b.bottom() && b.top() < a.bottom();
}

// Liang–Barsky: the part of a segment inside a rectangle, if any.
bool clipSegment(QPointF &a, QPointF &b, const QRectF &r)
{
    // Most segments of a long link are nowhere near the rectangle.
    if (std::max(a.x(), b.x()) < r.left() || std::min(a.x(), b.x()) > r.right()
        || std::max(a.y(), b.y()) < r.top() || std::min(a.y(), b.y()) > r.bottom())
        return false;
    const qreal dx = b.x() - a.x();
    const qreal dy = b.y() - a.y();
    qreal t0 = 0;
    qreal t1 = 1;
    const qreal p[4] = {-dx, dx, -dy, dy};
    const qreal q[4] = {a.x() - r.left(), r.right() - a.x(), a.y() - r.top(), r.bottom() - a.y()};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        const qreal t = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return false;
    }
    const QPointF start = a;
    a = start + t0 * QPointF(dx, dy);
    b = start + t1 * QPointF(dx, dy);
    return true;
}

} // namespace

LinkLayer::LinkLayer(CanvasScene *scene)
    : m_scene(scene)
{
    setFlag(ItemUsesExtendedStyleOption);
    setZValue(0);
}

void LinkLayer::route(Geometry &g, const Link &link) const
{
    const NodeItem *from = m_scene->nodeItem(link.from.node);
    const NodeItem *to = m_scene->nodeItem(link.to.node);
    g.p[0] = from ? from->portScenePos(link.from.terminal, Direction::Out) : QPointF();
    g.p[3] = to ? to->portScenePos(link.to.terminal, Direction::In) : QPointF();
    // Leave the out port to the right and enter the in port from the left, so
    // the curve never crosses its own two nodes; backward links loop wider.
    const qreal dx = g.p[3].x() - g.p[0].x();
    const qreal reach = dx > 0 ? std::max(30.0, dx * 0.5) : std::max(80.0, -dx * 0.3 + 60);
    g.p[1] = g.p[0] + QPointF(reach, 0);
    g.p[2] = g.p[3] - QPointF(reach, 0);
    if (dx <= 0) { // bend around, above or below, clear of both nodes
        const qreal dy = g.p[3].y() - g.p[0].y();
        const qreal lift = std::abs(dy) < NodeItem::kHeight * 1.5 ? NodeItem::kHeight * 1.6 : 0;
        g.p[1].ry() += dy >= 0 ? lift : -lift;
        g.p[2].ry() += dy >= 0 ? lift : -lift;
    }
    const auto flatten = [&g] {
        g.line.resize(kSegments + 1);
        for (int i = 0; i <= kSegments; ++i)
            g.line[i] = bezier(g.p, qreal(i) / kSegments);
    };
    flatten();
    avoidNodes(g, link);
    g.bounds = g.line.boundingRect().adjusted(-12, -12, 12, 12);
    QString label = toQString(link.protocol);
    if (link.port)
        label += (label.isEmpty() ? QString() : QStringLiteral(":")) + QString::number(*link.port);
    g.label = label;
}

// A link that would run through another node bows above or below it: the
// control points move up or down in growing steps until the curve is clear.
// Only on topologies small enough to read link by link (a big layout is
// drawn at a level of detail where the bows would not show, and each probe
// is a query of the scene's index).
void LinkLayer::avoidNodes(Geometry &g, const Link &link) const
{
    constexpr std::size_t kMaxNodes = 2000;
    if (m_scene->document()->topology().nodes.size() > kMaxNodes)
        return;
    const QRectF span = g.line.boundingRect();
    if (span.width() * span.height() > 4e6)
        return;
    std::vector<QRectF> obstacles;
    const auto near = m_scene->items(span.adjusted(-NodeItem::kHeight * 3, -NodeItem::kHeight * 3,
                                                   NodeItem::kHeight * 3, NodeItem::kHeight * 3),
                                     Qt::IntersectsItemBoundingRect);
    for (QGraphicsItem *item : near) {
        if (item->type() != NodeItem::Type)
            continue;
        const auto *node = static_cast<const NodeItem *>(item);
        if (node->id() == link.from.node || node->id() == link.to.node)
            continue;
        obstacles.push_back(QRectF(node->pos(), QSizeF(NodeItem::kWidth, NodeItem::kHeight)).adjusted(-6, -6, 6, 6));
    }
    if (obstacles.empty())
        return;
    const auto blocked = [&obstacles](const QPolygonF &line) {
        for (const QRectF &r : obstacles)
            for (int i = 1; i < line.size(); ++i) {
                QPointF a = line[i - 1];
                QPointF b = line[i];
                if (clipSegment(a, b, r))
                    return true;
            }
        return false;
    };
    if (!blocked(g.line))
        return;
    const QPointF c1 = g.p[1];
    const QPointF c2 = g.p[2];
    QPolygonF probe(kSegments + 1);
    for (int step : {1, -1, 2, -2, 3, -3, 4, -4}) {
        const qreal lift = step * (NodeItem::kHeight + 30);
        const QPointF p[4] = {g.p[0], c1 + QPointF(0, lift), c2 + QPointF(0, lift), g.p[3]};
        for (int i = 0; i <= kSegments; ++i)
            probe[i] = bezier(p, qreal(i) / kSegments);
        if (!blocked(probe)) {
            g.p[1] = p[1];
            g.p[2] = p[2];
            g.line = probe;
            return;
        }
    }
}

// Marks a link for repaint where it runs, piece by piece. An item's own
// update() calls merge into one bounding rectangle, which for the links of
// a dragged node in a big layout is half the frame; the scene keeps these
// pieces apart, so the view repaints thin bands along the links.
void LinkLayer::dirty(const Geometry &g, bool inBands)
{
    QGraphicsScene *s = scene();
    if (!s || g.line.size() < 2)
        return; // not routed yet: nothing drawn
    if (!inBands || g.bounds.width() * g.bounds.height() < kSmallLink) {
        update(g.bounds);
        return;
    }
    const auto band = [s](const QPointF *points, int count) {
        QRectF piece(points[0], points[count - 1]);
        for (int k = 1; k + 1 < count; ++k)
            piece |= QRectF(points[k], points[k]);
        s->update(piece.normalized().adjusted(-kMargin, -kMargin, kMargin, kMargin));
    };
    constexpr int kPiece = 4; // segments to a rectangle
    for (int i = 0; i + 1 < g.line.size(); i += kPiece)
        band(&g.line[i], std::min(int(g.line.size()) - 1, i + kPiece) - i + 1);
    // Far away the link is drawn straight from end to end (paint()): when
    // a view shows the scene that far away, that line is dirtied too.
    const auto views = s->views();
    const bool far = std::any_of(views.begin(), views.end(), [](const QGraphicsView *v) {
        return QStyleOptionGraphicsItem::levelOfDetailFromTransform(v->transform()) < kFar;
    });
    for (int i = 0; far && i < kStraightPieces; ++i) {
        const QPointF ends[2] = {straightPoint(g, qreal(i) / kStraightPieces), straightPoint(g, qreal(i + 1) / kStraightPieces)};
        band(ends, 2);
    }
    const QPointF mid = g.line[g.line.size() / 2];
    s->update(QRectF(mid.x() - 42, mid.y() - 18, 84, 17)); // the label
}

void LinkLayer::growBounds(const QRectF &rect)
{
    if (m_bounds.contains(rect))
        return;
    prepareGeometryChange();
    m_bounds = m_bounds.united(rect);
}

void LinkLayer::rebuild()
{
    prepareGeometryChange();
    m_links.clear();
    m_index.clear();
    m_byNode.clear();
    m_bounds = QRectF();
    m_selected.clear();
    const auto &links = m_scene->document()->topology().links;
    m_links.reserve(links.size());
    for (const Link &link : links) {
        Geometry g;
        g.key = link.key();
        g.from = link.from.node;
        g.to = link.to.node;
        route(g, link);
        m_bounds = m_bounds.united(g.bounds);
        m_index[g.key] = m_links.size();
        m_byNode[g.from].push_back(g.key);
        m_byNode[g.to].push_back(g.key);
        m_links.push_back(std::move(g));
    }
    update();
}

void LinkLayer::remove(const std::string &key)
{
    const auto it = m_index.find(key);
    if (it == m_index.end())
        return;
    Geometry &g = m_links[it->second];
    dirty(g);
    for (const std::string &node : {g.from, g.to}) {
        auto &keys = m_byNode[node];
        std::erase(keys, key);
    }
    // Swap the last slot into the hole.
    const std::size_t slot = it->second;
    m_index.erase(it);
    if (slot != m_links.size() - 1) {
        m_links[slot] = std::move(m_links.back());
        m_index[m_links[slot].key] = slot;
    }
    m_links.pop_back();
    m_selected.erase(key);
}

void LinkLayer::syncLink(const std::string &key)
{
    const auto link = m_scene->document()->findLink(key);
    if (!link) {
        remove(key);
        return;
    }
    auto it = m_index.find(key);
    if (it == m_index.end()) {
        Geometry g;
        g.key = key;
        g.from = link->from.node;
        g.to = link->to.node;
        m_byNode[g.from].push_back(key);
        m_byNode[g.to].push_back(key);
        it = m_index.emplace(key, m_links.size()).first;
        m_links.push_back(std::move(g));
    }
    Geometry &g = m_links[it->second];
    dirty(g);
    route(g, *link);
    growBounds(g.bounds);
    dirty(g);
}

void LinkLayer::rerouteNodes(const std::set<std::string> &nodes)
{
    const Topology &t = m_scene->document()->topology();
    // Bands for the links of a node or a few; a big selection's links are
    // dirtied by their bounding boxes, which the item merges into one
    // rectangle (thousands of bands would cost more than they save).
    std::size_t rerouted = 0;
    for (const std::string &node : nodes)
        if (const auto keys = m_byNode.find(node); keys != m_byNode.end())
            rerouted += keys->second.size();
    const bool inBands = rerouted <= kMaxBanded;
    for (const std::string &node : nodes) {
        const auto keys = m_byNode.find(node);
        if (keys == m_byNode.end())
            continue;
        for (const std::string &key : keys->second) {
            Geometry &g = m_links[m_index.at(key)];
            dirty(g, inBands);
            Link probe; // routing needs only the ends
            probe.from = Endpoint::parse(key.substr(0, key.find(" -> ")));
            probe.to = Endpoint::parse(key.substr(key.find(" -> ") + 4));
            if (const int i = t.linkIndex(probe.from, probe.to); i >= 0)
                probe = t.links[std::size_t(i)];
            route(g, probe);
            growBounds(g.bounds);
            dirty(g, inBands);
        }
    }
}

QRectF LinkLayer::linkRect(const std::string &key) const
{
    const auto it = m_index.find(key);
    return it == m_index.end() ? QRectF() : m_links[it->second].bounds;
}

std::string LinkLayer::linkAt(QPointF pos, qreal tolerance) const
{
    std::string best;
    qreal bestDistance = tolerance;
    for (const Geometry &g : m_links) {
        if (!g.bounds.adjusted(-tolerance, -tolerance, tolerance, tolerance).contains(pos))
            continue;
        for (int i = 1; i < g.line.size(); ++i) {
            const QPointF &a = g.line[i - 1];
            const QPointF &b = g.line[i];
            if (pos.x() < std::min(a.x(), b.x()) - tolerance || pos.x() > std::max(a.x(), b.x()) + tolerance
                || pos.y() < std::min(a.y(), b.y()) - tolerance || pos.y() > std::max(a.y(), b.y()) + tolerance)
                continue;
            const qreal d = distanceToSegment(pos, a, b);
            if (d <= bestDistance) {
                bestDistance = d;
                best = g.key;
            }
        }
    }
    return best;
}

void LinkLayer::setSelected(const std::set<std::string> &keys)
{
    const auto dirtyKey = [this](const std::string &k) {
        if (const auto it = m_index.find(k); it != m_index.end())
            dirty(m_links[it->second]);
    };
    for (const std::string &k : m_selected)
        dirtyKey(k);
    m_selected = keys;
    for (const std::string &k : m_selected)
        dirtyKey(k);
}

void LinkLayer::setMarks(const std::map<std::string, Mark> &marks)
{
    if (marks == m_marks)
        return;
    m_marks = marks;
    update();
}

void LinkLayer::setProblemLinks(const std::set<std::string> &keys)
{
    if (keys == m_problems)
        return;
    m_problems = keys;
    update();
}

void LinkLayer::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF exposed = visibleRect(painter, option);
    const QPalette palette = QApplication::palette();
    QColor normal = palette.color(QPalette::Text);
    normal.setAlpha(150);
    const QColor highlight = palette.color(QPalette::Highlight);
    const QColor problem(0xe0, 0x31, 0x31);

    // A view repainting the bands a drag dirtied (dirty()) passes their
    // bounding rectangle as exposed; the painter's system clip holds the
    // bands themselves. Links that touch none of them are skipped.
    std::vector<QRectF> bands;
    if (const QPaintEngine *engine = painter->paintEngine()) {
        const QRegion region = engine->systemClip();
        if (region.rectCount() > 8 && region.rectCount() <= kMaxBands) {
            const QTransform toScene = painter->deviceTransform().inverted();
            for (const QRect &r : region)
                bands.push_back(toScene.mapRect(QRectF(r)).adjusted(-kLabelReach, -kLabelReach, kLabelReach, kLabelReach));
        }
    }
    const auto touches = [&bands](const QRectF &r) {
        return bands.empty() || std::any_of(bands.begin(), bands.end(), [&r](const QRectF &b) { return overlaps(b, r); });
    };
    const auto shown = [&](const Geometry &g) {
        if (!overlaps(g.bounds, exposed) || !touches(g.bounds))
            return false;
        if (bands.empty())
            return true;
        for (int i = 1; i < g.line.size(); ++i)
            if (touches(QRectF(g.line[i - 1], g.line[i]).normalized()))
                return true;
        return false;
    };

    if (lod < kFar) { // far away: straight lines in one batch
        painter->setPen(QPen(normal, 0));
        QVector<QLineF> lines;
        lines.reserve(int(m_links.size()));
        for (const Geometry &g : m_links) {
            QPointF a = g.p[0];
            QPointF b = g.p[3];
            if (!overlaps(g.bounds, exposed) || !clipSegment(a, b, exposed))
                continue;
            bool touched = bands.empty();
            for (int i = 0; !touched && i < kStraightPieces; ++i)
                touched = touches(QRectF(straightPoint(g, qreal(i) / kStraightPieces),
                                         straightPoint(g, qreal(i + 1) / kStraightPieces)).normalized());
            if (touched)
                lines.append(QLineF(a, b));
        }
        painter->drawLines(lines);
        return;
    }

    const QRectF clip = exposed.adjusted(-kMargin, -kMargin, kMargin, kMargin);
    // Level of detail by density: when thousands of links cross the frame
    // (long links of a big layered layout), one batch of thin aliased
    // lines shows the same picture for a fraction of the cost. Counted over
    // the whole view, not the part being repainted, so that a strip or a
    // band is drawn in the same style as the rest of the frame.
    const QRectF frame = widget ? painter->worldTransform().inverted().mapRect(QRectF(widget->rect())) : exposed;
    std::size_t crossing = 0;
    for (const Geometry &g : m_links)
        crossing += overlaps(g.bounds, frame);
    if (crossing > kDenseLinks) {
        QVector<QLineF> lines;
        for (const Geometry &g : m_links) {
            if (!shown(g))
                continue;
            for (int i = 1; i < g.line.size(); ++i) {
                QPointF a = g.line[i - 1];
                QPointF b = g.line[i];
                if (clipSegment(a, b, clip))
                    lines.append(QLineF(a, b));
            }
        }
        QColor thin = normal;
        thin.setAlpha(90);
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->setPen(QPen(thin, 0));
        painter->drawLines(lines);
        return;
    }

    painter->setRenderHint(QPainter::Antialiasing, lod > 0.5);
    QFont font = painter->font();
    font.setPointSizeF(7.5);
    painter->setFont(font);
    QVector<QLineF> segments;
    for (const Geometry &g : m_links) {
        if (!shown(g))
            continue;
        const bool selected = m_selected.count(g.key) > 0;
        const bool bad = m_problems.count(g.key) > 0;
        const auto marked = m_marks.empty() ? m_marks.end() : m_marks.find(g.key);
        const Mark mark = marked == m_marks.end() ? Mark::None : marked->second;
        const QColor color = selected ? highlight : mark != Mark::None ? markColor(mark) : bad ? problem : normal;
        const bool dashed = !selected && (mark == Mark::Removed || (bad && mark == Mark::None));
        painter->setPen(QPen(color, selected ? 3 : mark != Mark::None ? 2.6 : 1.6, dashed ? Qt::DashLine : Qt::SolidLine));
        painter->setBrush(Qt::NoBrush);
        if (exposed.contains(g.bounds)) {
            painter->drawPolyline(g.line);
        } else {
            // A link that runs far outside the frame: only its visible
            // segments, so a scene-spanning link costs what it shows.
            segments.clear();
            for (int i = 1; i < g.line.size(); ++i) {
                QPointF a = g.line[i - 1];
                QPointF b = g.line[i];
                if (clipSegment(a, b, clip))
                    segments.append(QLineF(a, b));
            }
            if (segments.isEmpty())
                continue;
            painter->drawLines(segments);
        }
        // The arrow head points into the in terminal, the way requests flow.
        const QPointF tip = g.p[3] - QPointF(NodeItem::kPortRadius, 0);
        if (clip.contains(tip)) {
            const QPointF tail = g.p[2] - g.p[3];
            const qreal len = std::max(1e-6, std::hypot(tail.x(), tail.y()));
            const QPointF u = tail / len * 10.0;
            const QPointF n(-u.y() * 0.5, u.x() * 0.5);
            painter->setPen(Qt::NoPen);
            painter->setBrush(color);
            painter->drawPolygon(QPolygonF({tip, tip + u + n, tip + u - n}));
        }
        // Labels only where the link is long enough to carry one clear of the nodes.
        if (lod > 0.8 && !g.label.isEmpty() && std::abs(g.p[3].x() - g.p[0].x()) + std::abs(g.p[3].y() - g.p[0].y()) > 120) {
            const QPointF mid = g.line[g.line.size() / 2];
            if (clip.contains(mid)) {
                const QRectF box(mid.x() - 40, mid.y() - 16, 80, 13);
                painter->setPen(selected ? highlight : palette.color(QPalette::PlaceholderText));
                painter->drawText(box, Qt::AlignCenter, g.label);
            }
        }
    }
}

} // namespace sky
