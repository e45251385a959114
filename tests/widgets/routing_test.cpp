// Links are routed so that they do not cut through nodes (LinkLayer), at
// any size: checked here against every node's rectangle, without the grid
// the layer itself uses.
#include "autolayout.h"
#include "catalog.h"
#include "generator.h"
#include "linklayer.h"
#include "obstaclegrid.h"
#include "testutil.h"

#include <QProcess>
#include <QStandardPaths>
#include <QUndoStack>

#include <gtest/gtest.h>

#include <algorithm>

using namespace sky;
using sky::test::Canvas;

namespace {

struct Box
{
    QRectF rect;
    std::string id;
};

// Every link whose drawn path crosses the body of a node: of any node but
// its own two ends on its first and last segment (which start and end at
// their ports), of any node at all in between. By brute force over the
// nodes sorted by their left edge.
enum class Distance { Near, Far };

std::vector<std::string> linksThroughNodes(const Canvas &c, Distance distance = Distance::Near)
{
    const Topology &t = c.document->topology();
    std::vector<Box> boxes;
    for (const auto &[id, node] : t.nodes) {
        const NodeItem *item = c.scene->nodeItem(id);
        boxes.push_back({QRectF(item->pos(), QSizeF(NodeItem::kWidth, NodeItem::kHeight)), id});
    }
    std::sort(boxes.begin(), boxes.end(), [](const Box &a, const Box &b) { return a.rect.left() < b.rect.left(); });
    std::vector<std::string> through;
    for (const Link &link : t.links) {
        const LinkLayer *layer = c.scene->linkLayer();
        const QPolygonF path = distance == Distance::Near ? layer->linkPath(link.key()) : layer->farPath(link.key());
        bool hit = false;
        for (int i = 1; i < path.size() && !hit; ++i) {
            const qreal left = std::min(path[i - 1].x(), path[i].x()) - NodeItem::kWidth;
            const qreal right = std::max(path[i - 1].x(), path[i].x());
            auto it = std::lower_bound(boxes.begin(), boxes.end(), left,
                                       [](const Box &b, qreal x) { return b.rect.left() < x; });
            for (; it != boxes.end() && it->rect.left() <= right && !hit; ++it) {
                QPointF a = path[i - 1];
                QPointF b = path[i];
                const bool own = it->id == link.from.node || it->id == link.to.node;
                const bool atPort = i == 1 || i == path.size() - 1;
                hit = !(own && atPort) && clipSegment(a, b, it->rect);
            }
        }
        if (hit)
            through.push_back(link.key());
    }
    return through;
}

// A web server at (0, 0) linked to an app server at (800, 0).
Topology webLinkedToApp()
{
    return sky::test::webAndApp(Point{0, 0}, Point{800, 0});
}

std::size_t squareLinks(const Canvas &c)
{
    std::size_t square = 0;
    for (const Link &link : c.document->topology().links)
        square += c.scene->linkLayer()->linkPath(link.key()).size() == 6;
    return square;
}

// A generated topology (1.5 links a node) as the designer lays out a large one.
Topology layeredTopology(int nodes)
{
    GeneratorOptions options;
    options.nodes = nodes;
    options.linksPerNode = 1.5;
    options.seed = 11;
    Topology t = generateTopology(Catalog::builtin(), options);
    t.layout.nodes = AutoLayout::layered(t);
    return t;
}

} // namespace

// Above 2,000 nodes the layered layout wraps each rank into sub-columns:
// a link from one rank to the next would cross the sub-columns between its
// ends. Every link must go around them.
TEST(Routing, NoLinkOfALargeLayeredLayoutRunsThroughANode)
{
    const Topology t = layeredTopology(2500);
    Canvas c;
    c.document->reset(t);
    const auto through = linksThroughNodes(c);
    EXPECT_TRUE(through.empty()) << through.size() << " of " << t.links.size() << " links run through a node, first "
                                 << through.front();
    // The case the square routes exist for: many links need one.
    EXPECT_GT(squareLinks(c), t.links.size() / 10) << "of " << t.links.size();
    const auto farThrough = linksThroughNodes(c, Distance::Far);
    EXPECT_TRUE(farThrough.empty()) << farThrough.size() << " of " << t.links.size()
                                    << " links run through a node far away, first " << farThrough.front();
}

// A whole large layout dragged: while the mouse moves its links follow as
// plain curves (routing thousands of links per mouse move would stall the
// drag); dropped, they go around the nodes again.
TEST(Routing, ABigSelectionDraggedRoutesOnTheDrop)
{
    const Topology t = layeredTopology(600);
    Canvas c;
    c.document->reset(t);
    ASSERT_GT(squareLinks(c), 0u);
    std::map<std::string, QPointF> moved;
    std::map<std::string, Point> dropped;
    for (const auto &[id, p] : t.layout.nodes) {
        moved[id] = QPointF(p.x + 40, p.y + 20);
        dropped[id] = Point{p.x + 40, p.y + 20};
    }
    c.scene->previewMove(moved);
    EXPECT_EQ(squareLinks(c), 0u) << "routed while the mouse moves";
    c.document->moveNodes(dropped);
    EXPECT_GT(squareLinks(c), 0u);
    const auto through = linksThroughNodes(c);
    EXPECT_TRUE(through.empty()) << through.size() << " run through a node, first " << through.front();
}

// Graphviz dot lays out topologies of up to AutoLayout::kDotLimit nodes: its
// ranks do not line up as the layered layout's do, so lanes must be found
// where the rows happen to leave them.
TEST(Routing, NoLinkOfADotLayoutRunsThroughANode)
{
    const QString dot = QStandardPaths::findExecutable(QStringLiteral("dot"));
    ASSERT_FALSE(dot.isEmpty()) << "Graphviz dot is a build dependency";
    GeneratorOptions options;
    options.nodes = 600;
    options.linksPerNode = 1.5;
    options.seed = 3;
    Topology t = generateTopology(Catalog::builtin(), options);
    QProcess process;
    process.start(dot, {QStringLiteral("-Tplain")});
    process.write(AutoLayout::dotInput(t));
    process.closeWriteChannel();
    ASSERT_TRUE(process.waitForFinished(60000));
    t.layout.nodes.clear();
    for (const auto &[id, p] : AutoLayout::parsePlain(process.readAllStandardOutput()))
        t.layout.nodes[id] = p;
    ASSERT_EQ(t.layout.nodes.size(), t.nodes.size());
    Canvas c;
    c.document->reset(t);
    const auto through = linksThroughNodes(c);
    EXPECT_TRUE(through.empty()) << through.size() << " of " << t.links.size() << " links run through a node, first "
                                 << through.front();
    // Far away, as at "fit all", curves are drawn in a few straight pieces.
    const auto farThrough = linksThroughNodes(c, Distance::Far);
    EXPECT_TRUE(farThrough.empty()) << farThrough.size() << " of " << t.links.size()
                                    << " links run through a node far away, first " << farThrough.front();
}

// A link whose nodes stand in a row with another node between them.
TEST(Routing, ALinkGoesAroundANodeDroppedOnIt)
{
    Canvas c;
    Topology t = webLinkedToApp();
    Node other{"other", "app_server"};
    other.properties["image"] = "shop:1";
    t.addNode(other, Point{400, 300});
    c.document->reset(t);
    ASSERT_TRUE(linksThroughNodes(c).empty());
    const QPolygonF straight = c.scene->linkLayer()->linkPath("web.out -> app.in");

    c.drag(c.bodyPoint("other"), c.bodyPoint("other") - QPoint(0, 300)); // onto the link
    ASSERT_EQ(c.document->topology().layout.nodes.at("other"), (Point{400, 0}));
    EXPECT_TRUE(linksThroughNodes(c).empty());
    EXPECT_TRUE(linksThroughNodes(c, Distance::Far).empty()) << "far away the link runs through a node";
    EXPECT_EQ(c.scene->linkLayer()->farPath("web.out -> app.in"), c.scene->linkLayer()->linkPath("web.out -> app.in"))
        << "far away a link routed around a node is drawn as near";
    EXPECT_NE(c.scene->linkLayer()->linkPath("web.out -> app.in"), straight);

    // The node gone again (undone), the link takes its plain way back.
    c.document->undoStack()->undo();
    EXPECT_TRUE(linksThroughNodes(c).empty());
    EXPECT_EQ(c.scene->linkLayer()->linkPath("web.out -> app.in"), straight);
    // Placed by the document (a paste, a drop from the palette): the same,
    // and deleted, the same again.
    const std::string added = c.document->addNode("web_server", QPointF(400, 0));
    EXPECT_TRUE(linksThroughNodes(c).empty());
    EXPECT_NE(c.scene->linkLayer()->linkPath("web.out -> app.in"), straight);
    c.document->remove({added}, {});
    EXPECT_EQ(c.scene->linkLayer()->linkPath("web.out -> app.in"), straight);
}

// A link going backward along a row, with a node in its way: the lane at
// the ports' height is the cheapest but runs through both its own nodes.
TEST(Routing, ABackwardLinkDoesNotRunThroughItsOwnNodes)
{
    Canvas c;
    Topology t;
    t.addNode(Node{"web", "web_server"}, Point{0, 0});
    Node app{"app", "app_server"};
    app.properties["image"] = "shop:1";
    t.addNode(app, Point{60000, 0}); // too far apart to bow
    Node other{"other", "app_server"};
    other.properties["image"] = "shop:1";
    t.addNode(other, Point{30000, 60});
    t.addLink({{"app", "out"}, {"web", "in"}, "http", 80, {}, {}});
    c.document->reset(t);
    const auto through = linksThroughNodes(c);
    EXPECT_TRUE(through.empty()) << through.front();
}

// Where no lane is clear the link keeps its curve: routing gives up rather
// than inventing a path through a wall of nodes.
TEST(Routing, AWallOfNodesLeavesTheCurveAsItIs)
{
    Canvas c;
    Topology t = webLinkedToApp();
    for (int y = -2000; y <= 2000; y += 60)
        t.addNode(Node{"wall" + std::to_string(y + 2000), "file_storage"}, Point{400, double(y)});
    c.document->reset(t);
    EXPECT_EQ(linksThroughNodes(c).size(), 1u);
    EXPECT_EQ(c.scene->linkLayer()->linkPath("web.out -> app.in").size(), 25);
}

TEST(ObstacleGrid, ASegmentCrossesWhatItCrossesAndSkipsItsEnds)
{
    ObstacleGrid grid;
    grid.place("a", QRectF(0, 0, 100, 50));
    grid.place("b", QRectF(1000, 600, 100, 50));
    EXPECT_TRUE(grid.crosses({-10, 25}, {2000, 25}, "x", "y"));
    EXPECT_FALSE(grid.crosses({-10, 25}, {2000, 25}, "a", "y"));
    EXPECT_FALSE(grid.crosses({-10, 60}, {2000, 60}, "x", "y"));
    // A long slanted segment (through a, then b), split as it is walked,
    // still finds b.
    EXPECT_TRUE(grid.crosses({-5000, -3000}, {1050 + 6050, 625 + 3625}, "a", "y"));
    EXPECT_FALSE(grid.crosses({-5000, -3000}, {1050 + 6050, 625 + 3625}, "a", "b"));
    grid.place("b", QRectF(1000, 900, 100, 50)); // moved away
    EXPECT_FALSE(grid.crosses({-5000, -3000}, {1050 + 6050, 625 + 3625}, "a", "y"));
    EXPECT_TRUE(grid.crosses({1050, 0}, {1050, 2000}, "x", "y"));
    grid.remove("b");
    EXPECT_FALSE(grid.crosses({1050, 0}, {1050, 2000}, "x", "y"));
    EXPECT_EQ(grid.size(), 1u);
    // A node far beyond any cell the layout uses.
    grid.place("far", QRectF(1e12, 1e12, 100, 50));
    EXPECT_TRUE(grid.crosses({1e12 - 10, 1e12 + 25}, {1e12 + 500, 1e12 + 25}, "x", "y"));
}

// A link to a node millions of units away crosses trillions of cells: the
// grid asks its few nodes directly instead of walking them (this hung the
// designer), and still finds the one in the way.
TEST(ObstacleGrid, ALongSlantedSegmentOverAThinlySpreadGridIsAnswered)
{
    ObstacleGrid grid;
    grid.place("near", QRectF(0, 0, 100, 50));
    grid.place("far", QRectF(9e6, 5e6, 100, 50));
    const QPointF from(50, 25);
    const QPointF to(9e6 + 50, 5e6 + 25);
    EXPECT_FALSE(grid.crosses(from, to, "near", "far"));
    const QPointF middle = (from + to) / 2;
    grid.place("between", QRectF(middle - QPointF(50, 25), QSizeF(100, 50)));
    EXPECT_TRUE(grid.crosses(from, to, "near", "far"));
    // Outside every node's reach: nothing to meet, whatever the length.
    EXPECT_FALSE(grid.crosses({-1e9, -1e9}, {-1e9, 1e9}, "", ""));
}
