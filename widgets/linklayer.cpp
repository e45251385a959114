#include "linklayer.h"

#include "canvasscene.h"
#include "document.h"
#include "nodeitem.h"
#include "obstaclegrid.h"

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
constexpr std::size_t kMaxAvoidedInPreview = 256; // more links dragged than this: plain curves until the drop
constexpr int kMaxBands = 256;         // more dirty rectangles than this: no band test

// Far away a plain curve is drawn as the straight line from end to end:
// where its i-th of kStraightPieces pieces starts (for the bands a drag
// dirties along it). A link that bows around a node is drawn along its
// curve, as near, so that it does not cut through that node.
QPointF chordPoint(const auto &g, int i)
{
    return g.p[0] + qreal(i) / kStraightPieces * (g.p[3] - g.p[0]);
}

// Where a link's label sits: mid-curve, or mid-lane for a square route.
QPointF labelPoint(const auto &g)
{
    return g.square ? (g.line[2] + g.line[3]) / 2 : g.line[g.line.size() / 2];
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

// Draws lines in one colour, each pixel once: square routes share their
// lanes and gaps, so hundreds of links can run along the same vertical or
// horizontal line. Overlapping pieces of one such line are joined first (a
// repaint would otherwise rasterize the same pixels hundreds of times, and
// a translucent pen would darken where they overlap).
void drawJoinedLines(QPainter *painter, QVector<QLineF> &lines)
{
    struct Run
    {
        qreal at; // x of a vertical line, y of a horizontal one
        qreal from;
        qreal to;
        bool operator<(const Run &o) const { return at != o.at ? at < o.at : from < o.from; }
    };
    std::vector<Run> vertical;
    std::vector<Run> horizontal;
    QVector<QLineF> joined;
    for (const QLineF &l : lines) {
        if (l.x1() == l.x2() && l.y1() != l.y2())
            vertical.push_back({l.x1(), std::min(l.y1(), l.y2()), std::max(l.y1(), l.y2())});
        else if (l.y1() == l.y2() && l.x1() != l.x2())
            horizontal.push_back({l.y1(), std::min(l.x1(), l.x2()), std::max(l.x1(), l.x2())});
        else
            joined.append(l);
    }
    const auto join = [&joined](std::vector<Run> &runs, bool isVertical) {
        std::sort(runs.begin(), runs.end());
        for (std::size_t i = 0; i < runs.size();) {
            Run run = runs[i];
            for (++i; i < runs.size() && runs[i].at == run.at && runs[i].from <= run.to; ++i)
                run.to = std::max(run.to, runs[i].to);
            joined.append(isVertical ? QLineF(run.at, run.from, run.at, run.to) : QLineF(run.from, run.at, run.to, run.at));
        }
    };
    join(vertical, true);
    join(horizontal, false);
    painter->drawLines(joined);
}

} // namespace

LinkLayer::LinkLayer(CanvasScene *scene)
    : m_scene(scene)
{
    setFlag(ItemUsesExtendedStyleOption);
    setZValue(0);
}

QRectF LinkLayer::obstacleRect(const NodeItem *item)
{
    return QRectF(item->pos(), QSizeF(NodeItem::kWidth, NodeItem::kHeight)).adjusted(-6, -6, 6, 6);
}

void LinkLayer::route(Geometry &g, const Link &link, bool avoid) const
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
    g.square = false;
    g.detoured = false;
    g.line.resize(kSegments + 1);
    for (int i = 0; i <= kSegments; ++i)
        g.line[i] = bezier(g.p, qreal(i) / kSegments);
    if (avoid && from && to && blocked(g.line, link)) {
        g.detoured = true;
        if (!bow(g, link))
            square(g, link, from, to);
    }
    g.bounds = g.line.boundingRect().adjusted(-12, -12, 12, 12);
    QString label = toQString(link.protocol);
    if (link.port)
        label += (label.isEmpty() ? QString() : QStringLiteral(":")) + QString::number(*link.port);
    g.label = label;
    if (!label.isEmpty()) { // the label may reach past a short or steep link's line
        const QPointF mid = labelPoint(g);
        g.bounds |= QRectF(mid.x() - 42, mid.y() - 18, 84, 17);
    }
}

bool LinkLayer::blocked(const QPolygonF &line, const Link &link) const
{
    for (int i = 1; i < line.size(); ++i)
        if (m_obstacles.crosses(line[i - 1], line[i], link.from.node, link.to.node))
            return true;
    return false;
}

// A short link that would run through another node first tries to bow
// above or below it: the control points move up or down in growing steps
// until the curve is clear. A long one goes straight to square().
bool LinkLayer::bow(Geometry &g, const Link &link) const
{
    const QRectF span = g.line.boundingRect();
    if (span.width() * span.height() > 4e6)
        return false;
    const QPointF c1 = g.p[1];
    const QPointF c2 = g.p[2];
    QPolygonF probe(kSegments + 1);
    for (int step : {1, -1, 2, -2, 3, -3, 4, -4}) {
        const qreal lift = step * (NodeItem::kHeight + 30);
        const QPointF p[4] = {g.p[0], c1 + QPointF(0, lift), c2 + QPointF(0, lift), g.p[3]};
        for (int i = 0; i <= kSegments; ++i)
            probe[i] = bezier(p, qreal(i) / kSegments);
        if (!blocked(probe, link)) {
            g.p[1] = p[1];
            g.p[2] = p[2];
            g.line = probe;
            return true;
        }
    }
    return false;
}

// Failing a curve, the link runs square through the gaps between nodes:
// out of its port into the gap beside its node, along a lane above or below
// a row of nodes, down the gap beside the target, into the in port. The
// lanes tried first are those just above and below either end (on the
// designer's own layered layout, whose rows line up across the ranks, one
// of them is clear end to end), then lanes ever further from the middle.
// Each link is offset a little in its gaps by its key, so that links which
// share a lane or a gap run side by side rather than on top of each other.
// When no lane is clear the curve stays.
void LinkLayer::square(Geometry &g, const Link &link, const NodeItem *from, const NodeItem *to) const
{
    constexpr qreal kStub = 25;      // from a port into the gap beside its node
    constexpr qreal kLane = 20;      // from a node's edge to a lane
    constexpr int kFarLanes = 12;    // lanes tried above and below the middle
    const std::size_t hash = std::hash<std::string>{}(g.key);
    const qreal spreadX = qreal(int(hash % 9) - 4) * 2;
    const qreal spreadY = qreal(int(hash / 9 % 7) - 3) * 2;
    const QPointF a = g.p[0];
    const QPointF b = g.p[3];
    const qreal x1 = a.x() + kStub + spreadX;
    const qreal x2 = b.x() - kStub + spreadX;
    std::vector<qreal> lanes;
    for (const NodeItem *end : {from, to}) {
        lanes.push_back(end->pos().y() + NodeItem::kHeight + kLane + spreadY);
        lanes.push_back(end->pos().y() - kLane + spreadY);
    }
    const qreal middle = (a.y() + b.y()) / 2 + spreadY;
    for (int k = 0; k <= kFarLanes; ++k) {
        lanes.push_back(middle + k * kLane);
        lanes.push_back(middle - k * kLane);
    }
    // Every lane between the two ends costs the same; beyond them, more.
    const auto cost = [&](qreal y) { return std::abs(y - a.y()) + std::abs(y - b.y()); };
    std::stable_sort(lanes.begin(), lanes.end(), [&](qreal l, qreal r) { return cost(l) < cost(r); });
    // Only the two stubs touch the link's own nodes (at their ports); the
    // rest must clear them too, or a backward link's lane could run
    // straight through both.
    const auto clear = [&](QPointF p, QPointF q, const std::string &own = {}) {
        return !m_obstacles.crosses(p, q, own, own);
    };
    if (!clear(a, {x1, a.y()}, link.from.node) || !clear({x2, b.y()}, b, link.to.node))
        return;
    for (const qreal y : lanes) {
        const QPointF bend[4] = {{x1, a.y()}, {x1, y}, {x2, y}, {x2, b.y()}};
        if (clear(bend[0], bend[1]) && clear(bend[2], bend[3]) && clear(bend[1], bend[2])) {
            g.square = true;
            g.p[1] = bend[0];
            g.p[2] = bend[3];
            g.line = QPolygonF({a, bend[0], bend[1], bend[2], bend[3], b});
            return;
        }
    }
}

void LinkLayer::syncNode(const std::string &id)
{
    const NodeItem *item = m_scene->nodeItem(id);
    const QRectF was = m_obstacles.rect(id);
    if (!was.isNull() && (!item || obstacleRect(item) != was))
        m_vacated = m_vacated.isNull() ? was : m_vacated.united(was);
    if (item)
        m_obstacles.place(id, obstacleRect(item));
    else
        m_obstacles.remove(id);
}

QPolygonF LinkLayer::linkPath(const std::string &key) const
{
    const auto it = m_index.find(key);
    return it == m_index.end() ? QPolygonF() : m_links[it->second].line;
}

QPolygonF LinkLayer::farPath(const std::string &key) const
{
    const auto it = m_index.find(key);
    if (it == m_index.end())
        return {};
    const Geometry &g = m_links[it->second];
    return g.square || g.detoured ? g.line : QPolygonF({g.p[0], g.p[3]});
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
    const int kPiece = g.square ? 1 : 4; // segments to a rectangle
    for (int i = 0; i + 1 < g.line.size(); i += kPiece)
        band(&g.line[i], std::min(int(g.line.size()) - 1, i + kPiece) - i + 1);
    // Far away a plain curve is drawn straight from end to end (paint()):
    // when a view shows the scene that far away, that line is dirtied too.
    // (A bowed link is drawn along its curve there too: dirtied above.)
    const auto views = s->views();
    const bool far = !g.square && !g.detoured && std::any_of(views.begin(), views.end(), [](const QGraphicsView *v) {
        return QStyleOptionGraphicsItem::levelOfDetailFromTransform(v->transform()) < kFar;
    });
    for (int i = 0; far && i < kStraightPieces; ++i) {
        const QPointF ends[2] = {chordPoint(g, i), chordPoint(g, i + 1)};
        band(ends, 2);
    }
    const QPointF mid = labelPoint(g);
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
    m_linkBounds.clear();
    m_index.clear();
    m_byNode.clear();
    m_bounds = QRectF();
    m_selected.clear();
    m_obstacles.clear();
    for (const auto &[id, node] : m_scene->document()->topology().nodes)
        syncNode(id);
    m_vacated = QRectF();
    const auto &links = m_scene->document()->topology().links;
    m_links.reserve(links.size());
    m_linkBounds.reserve(links.size());
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
        m_linkBounds.push_back(g.bounds);
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
        m_linkBounds[slot] = m_linkBounds.back();
        m_index[m_links[slot].key] = slot;
    }
    m_links.pop_back();
    m_linkBounds.pop_back();
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
        m_linkBounds.emplace_back();
    }
    Geometry &g = m_links[it->second];
    dirty(g);
    route(g, *link);
    noteBounds(g);
    growBounds(g.bounds);
    dirty(g);
}

void LinkLayer::reroute(Geometry &g, bool inBands, bool avoid)
{
    const Topology &t = m_scene->document()->topology();
    dirty(g, inBands);
    Link probe; // routing needs only the ends
    probe.from = Endpoint::parse(g.key.substr(0, g.key.find(" -> ")));
    probe.to = Endpoint::parse(g.key.substr(g.key.find(" -> ") + 4));
    if (const int i = t.linkIndex(probe.from, probe.to); i >= 0)
        probe = t.links[std::size_t(i)];
    route(g, probe, avoid);
    noteBounds(g);
    growBounds(g.bounds);
    dirty(g, inBands);
}

void LinkLayer::rerouteNodes(const std::set<std::string> &nodes, bool preview)
{
    for (const std::string &node : nodes)
        syncNode(node);
    // Bands for the links of a node or a few; a big selection's links are
    // dirtied by their bounding boxes, which the item merges into one
    // rectangle (thousands of bands would cost more than they save).
    std::size_t rerouted = 0;
    for (const std::string &node : nodes)
        if (const auto keys = m_byNode.find(node); keys != m_byNode.end())
            rerouted += keys->second.size();
    const bool inBands = rerouted <= kMaxBanded;
    // A big selection dragged: its links follow as plain curves while the
    // mouse moves, and go around nodes when it is dropped.
    const bool avoid = !preview || rerouted <= kMaxAvoidedInPreview;
    for (const std::string &node : nodes) {
        const auto keys = m_byNode.find(node);
        if (keys == m_byNode.end())
            continue;
        for (const std::string &key : keys->second)
            reroute(m_links[m_index.at(key)], inBands, avoid);
    }
}

void LinkLayer::rerouteAround(const std::set<std::string> &nodes)
{
    ObstacleGrid placed;
    QRectF area;
    for (const std::string &id : nodes)
        if (const NodeItem *item = m_scene->nodeItem(id)) {
            placed.place(id, obstacleRect(item));
            area |= obstacleRect(item);
        }
    // Links that went around a node which has since left (moved, deleted,
    // its drop undone) may take their plain way again.
    const QRectF vacated = m_vacated;
    m_vacated = QRectF();
    if (placed.size() == 0 && vacated.isNull())
        return;
    std::vector<std::size_t> crossing;
    for (std::size_t i = 0; i < m_links.size(); ++i) {
        const QRectF &bounds = m_linkBounds[i];
        const bool inVacated = !vacated.isNull() && overlaps(bounds, vacated);
        const bool inArea = placed.size() != 0 && overlaps(bounds, area);
        if (!inVacated && !inArea)
            continue;
        const Geometry &g = m_links[i];
        if (g.detoured && inVacated) {
            crossing.push_back(i);
            continue;
        }
        if (!inArea)
            continue;
        for (int k = 1; k < g.line.size(); ++k)
            if (placed.crosses(g.line[k - 1], g.line[k], g.from, g.to)) {
                crossing.push_back(i);
                break;
            }
    }
    for (const std::size_t i : crossing)
        reroute(m_links[i], crossing.size() <= kMaxBanded);
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
    for (std::size_t k = 0; k < m_links.size(); ++k) {
        if (!m_linkBounds[k].adjusted(-tolerance, -tolerance, tolerance, tolerance).contains(pos))
            continue;
        const Geometry &g = m_links[k];
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
        if (region.rectCount() > 1 && region.rectCount() <= kMaxBands) {
            const QTransform toScene = painter->deviceTransform().inverted();
            for (const QRect &r : region)
                bands.push_back(toScene.mapRect(QRectF(r)).adjusted(-kLabelReach, -kLabelReach, kLabelReach, kLabelReach));
        }
    }
    const auto touches = [&bands](const QRectF &r) {
        return bands.empty() || std::any_of(bands.begin(), bands.end(), [&r](const QRectF &b) { return overlaps(b, r); });
    };
    // Asked only of links whose bounds meet `exposed` (m_linkBounds).
    const auto shown = [&](const Geometry &g) {
        if (!touches(g.bounds))
            return false;
        if (bands.empty())
            return true;
        for (int i = 1; i < g.line.size(); ++i)
            if (touches(QRectF(g.line[i - 1], g.line[i]).normalized()))
                return true;
        return false;
    };

    if (lod < kFar) { // far away: plain curves drawn straight, all in one batch
        painter->setPen(QPen(normal, 0));
        QVector<QLineF> lines;
        lines.reserve(int(m_links.size()));
        std::vector<const QPolygonF *> bowed; // drawn along their curve, each as one line
        for (std::size_t k = 0; k < m_links.size(); ++k) {
            if (!overlaps(m_linkBounds[k], exposed))
                continue;
            const Geometry &g = m_links[k];
            if (g.square) { // a few segments already, and straight ones would cross nodes
                for (int i = 1; i < g.line.size(); ++i) {
                    QPointF a = g.line[i - 1];
                    QPointF b = g.line[i];
                    if (clipSegment(a, b, exposed) && touches(QRectF(g.line[i - 1], g.line[i]).normalized()))
                        lines.append(QLineF(a, b));
                }
                continue;
            }
            if (g.detoured) {
                if (shown(g))
                    bowed.push_back(&g.line);
                continue;
            }
            QPointF a = g.p[0];
            QPointF b = g.p[3];
            if (!clipSegment(a, b, exposed))
                continue;
            bool touched = bands.empty();
            for (int i = 0; !touched && i < kStraightPieces; ++i)
                touched = touches(QRectF(chordPoint(g, i), chordPoint(g, i + 1)).normalized());
            if (touched)
                lines.append(QLineF(a, b));
        }
        drawJoinedLines(painter, lines);
        for (const QPolygonF *line : bowed)
            painter->drawPolyline(*line);
        return;
    }

    const QRectF clip = exposed.adjusted(-kMargin, -kMargin, kMargin, kMargin);
    // The part of a segment to draw: what the frame shows of it or, when the
    // view repaints bands, from where it enters the first band it meets to
    // where it leaves the last (one piece, so no pixel is drawn twice). A
    // long segment that only crosses a band, as links sharing a lane or a
    // gap do, is then drawn across the band, not across the whole frame.
    const auto piece = [&](QPointF &a, QPointF &b) {
        if (!clipSegment(a, b, clip))
            return false;
        if (bands.empty())
            return true;
        const QPointF d = b - a;
        const qreal length2 = QPointF::dotProduct(d, d);
        qreal first = 2;
        qreal last = -1;
        for (const QRectF &band : bands) {
            QPointF p = a;
            QPointF q = b;
            if (!clipSegment(p, q, band))
                continue;
            const qreal tp = length2 > 0 ? QPointF::dotProduct(p - a, d) / length2 : 0;
            const qreal tq = length2 > 0 ? QPointF::dotProduct(q - a, d) / length2 : 1;
            first = std::min(first, tp);
            last = std::max(last, tq);
        }
        if (first > last)
            return false;
        const QPointF start = a;
        a = start + first * d;
        b = start + last * d;
        return true;
    };
    // Level of detail by density: when thousands of links cross the frame
    // (long links of a big layered layout), one batch of thin aliased
    // lines shows the same picture for a fraction of the cost. Counted over
    // the whole view, not the part being repainted, so that a strip or a
    // band is drawn in the same style as the rest of the frame.
    const QRectF frame = widget ? painter->worldTransform().inverted().mapRect(QRectF(widget->rect())) : exposed;
    std::size_t crossing = 0;
    for (const QRectF &bounds : m_linkBounds)
        crossing += overlaps(bounds, frame);
    if (crossing > kDenseLinks) {
        QVector<QLineF> lines;
        for (std::size_t k = 0; k < m_links.size(); ++k) {
            if (!overlaps(m_linkBounds[k], exposed))
                continue;
            const Geometry &g = m_links[k];
            if (!shown(g))
                continue;
            for (int i = 1; i < g.line.size(); ++i) {
                QPointF a = g.line[i - 1];
                QPointF b = g.line[i];
                if (piece(a, b))
                    lines.append(QLineF(a, b));
            }
        }
        QColor thin = normal;
        thin.setAlpha(90);
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->setPen(QPen(thin, 0));
        drawJoinedLines(painter, lines);
        return;
    }

    painter->setRenderHint(QPainter::Antialiasing, lod > 0.5);
    QFont font = painter->font();
    font.setPointSizeF(7.5);
    painter->setFont(font);
    QVector<QLineF> segments;
    for (std::size_t k = 0; k < m_links.size(); ++k) {
        if (!overlaps(m_linkBounds[k], exposed))
            continue;
        const Geometry &g = m_links[k];
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
                // A dashed line cut at a band would restart its dashes there.
                if (dashed ? clipSegment(a, b, clip) : piece(a, b))
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
            const QPointF mid = labelPoint(g);
            if (clip.contains(mid)) {
                const QRectF box(mid.x() - 40, mid.y() - 16, 80, 13);
                painter->setPen(selected ? highlight : palette.color(QPalette::PlaceholderText));
                painter->drawText(box, Qt::AlignCenter, g.label);
            }
        }
    }
}

} // namespace sky
