#pragma once

#include "comparison.h"
#include "obstaclegrid.h"
#include "topology.h"

#include <QGraphicsItem>
#include <QPainterPath>

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace sky {

class CanvasScene;
class NodeItem;

// Every link of the canvas, painted by one item. Links that span the scene
// have bounding boxes that cover much of a BSP index; kept out of the index
// as individual items, they cost one entry instead of thousands (the
// issue measured 18 s for a first frame otherwise). The layer culls against
// the exposed rectangle itself and answers hit tests with linkAt().
class LinkLayer : public QGraphicsItem
{
public:
    enum { Type = UserType + 3 };

    explicit LinkLayer(CanvasScene *scene);

    int type() const override { return Type; }
    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    void rebuild();                                  // every link from the document
    void syncLink(const std::string &key);           // added or changed (or removed)
    // Their links follow them (a preview: a drag under way).
    void rerouteNodes(const std::set<std::string> &nodes, bool preview = false);
    // Links that now run through these (added or dropped) nodes go around
    // them; links that went around a node which has left go straight again.
    void rerouteAround(const std::set<std::string> &nodes);
    void syncNode(const std::string &id);            // added, moved or removed
    QPolygonF linkPath(const std::string &key) const; // as drawn near
    QPolygonF farPath(const std::string &key) const;  // as drawn far away (below 25 %): a plain curve straight
    std::string linkAt(QPointF scenePos, qreal tolerance) const;
    QRectF linkRect(const std::string &key) const;

    void setSelected(const std::set<std::string> &keys);
    const std::set<std::string> &selectedKeys() const { return m_selected; }
    void setProblemLinks(const std::set<std::string> &keys);
    void setMarks(const std::map<std::string, Mark> &marks); // a comparison's links
    std::size_t count() const { return m_links.size(); }

private:
    struct Geometry
    {
        std::string key;
        std::string from;
        std::string to;
        QPointF p[4]; // cubic Bézier: start, two controls, end
        QPolygonF line; // the curve flattened: painting and hit tests clip it by segment
        QRectF bounds;
        QString label;
        bool square = false;   // routed square through the gaps: line is the drawing
        bool detoured = false; // bowed or square, around some node
    };

    static QRectF obstacleRect(const NodeItem *item);
    void route(Geometry &g, const Link &link, bool avoid = true) const;
    bool blocked(const QPolygonF &line, const Link &link) const;
    bool bow(Geometry &g, const Link &link) const;
    void square(Geometry &g, const Link &link, const NodeItem *from, const NodeItem *to) const;
    void reroute(Geometry &g, bool inBands, bool avoid = true);
    // Marks the link for repaint: in bands along where it runs (curve and
    // far-away straight line), or by its bounding box when !inBands.
    void dirty(const Geometry &g, bool inBands = true);
    void growBounds(const QRectF &rect);
    void remove(const std::string &key);

    CanvasScene *m_scene;
    std::vector<Geometry> m_links;
    // m_links[i].bounds, side by side: every paint and hit test first tests
    // each link's bounds, and at 30,000 links a pass over the whole
    // Geometry structs (a quarter of a kilobyte each) cost a tenth of a drag
    // step. Kept by rebuild(), syncLink(), reroute() and remove().
    std::vector<QRectF> m_linkBounds;
    void noteBounds(const Geometry &g) { m_linkBounds[std::size_t(&g - m_links.data())] = g.bounds; }
    std::unordered_map<std::string, std::size_t> m_index;               // key -> slot
    std::unordered_map<std::string, std::vector<std::string>> m_byNode; // node -> keys
    std::set<std::string> m_selected;
    std::set<std::string> m_problems;
    std::map<std::string, Mark> m_marks;
    ObstacleGrid m_obstacles; // the nodes, which links are routed around
    QRectF m_vacated;         // where nodes stood before they moved or went, since the last rerouteAround()
    QRectF m_bounds;
};

} // namespace sky
