#include "autolayout.h"
#include "catalog.h"
#include "document.h"
#include "generator.h"
#include "nodeitem.h"
#include "testutil.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QUndoStack>

#include <gtest/gtest.h>

#include <cmath>
#include <set>

using namespace sky;

TEST(AutoLayout, LayeredPutsRequestsLeftToRight)
{
    Document doc;
    QString error;
    ASSERT_TRUE(doc.load(test::examplePath("webshop.sky.yaml"), &error));
    const auto p = AutoLayout::layered(doc.topology());
    ASSERT_EQ(p.size(), doc.topology().nodes.size());
    EXPECT_LT(p.at("internet").x, p.at("edge-fw").x);
    EXPECT_LT(p.at("edge-fw").x, p.at("lb").x);
    EXPECT_LT(p.at("web").x, p.at("app").x);
    EXPECT_LT(p.at("app").x, p.at("db").x);
}

TEST(AutoLayout, GraphvizRunsAsAProcessAndTheResultIsOneUndoableStep)
{
    ASSERT_FALSE(QStandardPaths::findExecutable(QStringLiteral("dot")).isEmpty())
        << "Graphviz dot is needed (scripts/install-deps.sh installs it)";
    Document doc;
    QString error;
    ASSERT_TRUE(doc.load(test::examplePath("webshop.sky.yaml"), &error));
    const Topology before = doc.topology();
    AutoLayout layout;
    QSignalSpy finished(&layout, &AutoLayout::finished);
    layout.start(doc.topology());
    EXPECT_TRUE(layout.isRunning());
    ASSERT_TRUE(finished.wait(20000));
    const auto positions = finished.at(0).at(0).value<std::map<std::string, Point>>();
    ASSERT_EQ(positions.size(), before.nodes.size());
    EXPECT_LT(positions.at("internet").x, positions.at("db").x);
    doc.applyLayout(positions, QStringLiteral("Auto-layout"));
    EXPECT_EQ(doc.undoStack()->count(), 1);
    doc.undoStack()->undo();
    EXPECT_EQ(doc.topology(), before);
}

namespace {

// A chain from the internet to a database, a worker feeding the queue the
// app writes to, and nodes of four tiers with no link at all.
Topology tieredWithStrays()
{
    Topology t;
    const std::pair<const char *, const char *> chain[] = {
        {"internet", "internet"}, {"fw", "firewall"}, {"lb", "load_balancer"}, {"web", "web_server"},
        {"app", "app_server"},    {"db", "database"}, {"queue", "message_queue"}, {"worker", "worker"},
        {"dns", "dns"},           {"vpn", "vpn_gateway"}, {"spare-cache", "cache"}, {"files", "file_storage"},
        {"spare-app", "app_server"}, {"mystery", "no_such_type"}};
    for (const auto &[id, type] : chain)
        t.addNode(Node{id, type});
    const auto link = [&](const char *from, const char *fromTerminal, const char *to, const char *toTerminal) {
        t.addLink({{from, fromTerminal}, {to, toTerminal}, {}, {}, {}, {}});
    };
    link("internet", "out", "fw", "ext");
    link("fw", "int", "lb", "in");
    link("lb", "out", "web", "in");
    link("web", "out", "app", "in");
    link("app", "out", "db", "in");
    link("app", "out", "queue", "in");
    link("worker", "out", "queue", "in");
    return t;
}

void expectTiersLeftToRight(const std::map<std::string, Point> &p, const Topology &t, const char *method)
{
    SCOPED_TRACE(method);
    ASSERT_EQ(p.size(), t.nodes.size());
    // The links still rule where they run.
    EXPECT_LT(p.at("internet").x, p.at("fw").x);
    EXPECT_LT(p.at("fw").x, p.at("lb").x);
    EXPECT_LT(p.at("web").x, p.at("app").x);
    EXPECT_LT(p.at("app").x, p.at("db").x);
    // A worker nothing links to stands left of the queue it feeds, not at the internet.
    EXPECT_GT(p.at("worker").x, p.at("lb").x);
    EXPECT_LT(p.at("worker").x, p.at("queue").x);
    // Unlinked nodes go to their tier's column, below what stands there.
    EXPECT_EQ(p.at("dns").x, p.at("internet").x);
    EXPECT_GT(p.at("dns").y, p.at("internet").y);
    EXPECT_EQ(p.at("vpn").x, p.at("fw").x);
    EXPECT_GT(p.at("vpn").y, p.at("fw").y);
    EXPECT_GE(p.at("spare-cache").x, std::min(p.at("db").x, p.at("queue").x));
    EXPECT_LE(p.at("spare-cache").x, std::max(p.at("db").x, p.at("queue").x));
    EXPECT_GT(p.at("files").x, std::max(p.at("db").x, p.at("queue").x)); // storage after data
    EXPECT_GE(p.at("spare-app").x, p.at("web").x);                        // with the compute tier
    EXPECT_LE(p.at("spare-app").x, p.at("worker").x);
    EXPECT_GE(p.at("mystery").x, p.at("web").x); // an unknown type sits with compute
    // And no two nodes share a place.
    std::set<std::pair<double, double>> places;
    for (const auto &[id, point] : p)
        EXPECT_TRUE(places.emplace(point.x, point.y).second) << id << " shares its place";
    for (const auto &[id, point] : p) {
        EXPECT_EQ(std::fmod(point.x, Document::kGrid), 0.0) << id;
        EXPECT_EQ(std::fmod(point.y, Document::kGrid), 0.0) << id;
    }
}

} // namespace

TEST(AutoLayout, TiersRunLeftToRightForLinkedAndUnlinkedNodesAlike)
{
    const Topology t = tieredWithStrays();
    expectTiersLeftToRight(AutoLayout::layered(t), t, "layered");

    AutoLayout layout;
    QSignalSpy finished(&layout, &AutoLayout::finished);
    layout.start(t);
    ASSERT_EQ(layout.method(), QStringLiteral("Graphviz dot"));
    ASSERT_TRUE(finished.wait(20000));
    expectTiersLeftToRight(finished.at(0).at(0).value<std::map<std::string, Point>>(), t, "dot");

    // Nothing linked at all: one column per tier, in tier order.
    Topology strays;
    for (const char *type : {"file_storage", "database", "app_server", "load_balancer", "firewall", "internet"})
        strays.addNode(Node{std::string(type) + "-1", type});
    const auto p = AutoLayout::layered(strays);
    ASSERT_EQ(p.size(), 6u);
    EXPECT_LT(p.at("internet-1").x, p.at("firewall-1").x);
    EXPECT_LT(p.at("firewall-1").x, p.at("load_balancer-1").x);
    EXPECT_LT(p.at("load_balancer-1").x, p.at("app_server-1").x);
    EXPECT_LT(p.at("app_server-1").x, p.at("database-1").x);
    EXPECT_LT(p.at("database-1").x, p.at("file_storage-1").x);
}

TEST(AutoLayout, CancelStopsTheProcessWithoutAResult)
{
    Document doc;
    QString error;
    ASSERT_TRUE(doc.load(test::examplePath("webshop.sky.yaml"), &error));
    AutoLayout layout;
    QSignalSpy finished(&layout, &AutoLayout::finished);
    layout.start(doc.topology());
    layout.cancel();
    EXPECT_FALSE(layout.isRunning());
    EXPECT_FALSE(finished.wait(1500));
}

// A large topology is laid out about as wide as a screen, not as a strip of
// ranks thousands of rows tall: tall ranks wrap into sub-columns, requests
// still flow left to right, and no two nodes share a place.
TEST(AutoLayout, LayeredWrapsTallRanksIntoALandscapeLayout)
{
    GeneratorOptions options;
    options.nodes = 5000;
    options.seed = 7;
    const Topology t = generateTopology(Catalog::builtin(), options);
    const auto p = AutoLayout::layered(t);
    ASSERT_EQ(p.size(), t.nodes.size());
    double left = 1e18, right = -1e18, top = 1e18, bottom = -1e18;
    std::set<std::pair<double, double>> places;
    for (const auto &[id, q] : p) {
        left = std::min(left, q.x);
        right = std::max(right, q.x);
        top = std::min(top, q.y);
        bottom = std::max(bottom, q.y);
        EXPECT_TRUE(places.insert({q.x, q.y}).second) << id << " shares its place";
    }
    const double aspect = (right - left) / (bottom - top);
    EXPECT_GT(aspect, 1.0);
    EXPECT_LT(aspect, 3.0);
    for (const Link &l : t.links) {
        const std::string &a = l.from.node, &b = l.to.node;
        if (t.node(a)->type == "internet") {
            EXPECT_LT(p.at(a).x, p.at(b).x) << l.key();
        }
    }
}

namespace {

std::map<std::string, Point> dotLayout(const Topology &t)
{
    QProcess process;
    process.start(QStandardPaths::findExecutable(QStringLiteral("dot")), {QStringLiteral("-Tplain")});
    process.write(AutoLayout::dotInput(t));
    process.closeWriteChannel();
    EXPECT_TRUE(process.waitForFinished(60000));
    return AutoLayout::parsePlain(process.readAllStandardOutput());
}

} // namespace

// Four hundred nodes in five tiers: dot puts each tier in one column, about
// eighty nodes tall, a strip twenty times taller than wide. Its tall ranks
// are wrapped as the layered layout wraps its own, in dot's order.
TEST(AutoLayout, GraphvizTallRanksWrapIntoALandscapeLayout)
{
    ASSERT_FALSE(QStandardPaths::findExecutable(QStringLiteral("dot")).isEmpty()) << "Graphviz dot is a build dependency";
    GeneratorOptions options;
    options.nodes = 400;
    options.seed = 5;
    options.layout = false;
    const Topology t = generateTopology(Catalog::builtin(), options);
    const auto dot = dotLayout(t);
    ASSERT_EQ(dot.size(), t.nodes.size());
    const auto aspect = [](const std::map<std::string, Point> &p) {
        double left = 1e18, right = -1e18, top = 1e18, bottom = -1e18;
        for (const auto &[id, q] : p) {
            left = std::min(left, q.x);
            right = std::max(right, q.x);
            top = std::min(top, q.y);
            bottom = std::max(bottom, q.y);
        }
        return (right - left + NodeItem::kWidth) / (bottom - top + NodeItem::kHeight);
    };
    ASSERT_LT(aspect(dot), 0.25) << "the case this is about: dot's strip";
    const auto wrapped = AutoLayout::wrapTallRanks(dot);
    ASSERT_EQ(wrapped.size(), dot.size());
    EXPECT_GT(aspect(wrapped), 0.5);
    EXPECT_LT(aspect(wrapped), 3.0);
    std::set<std::pair<double, double>> places;
    for (const auto &[id, q] : wrapped)
        EXPECT_TRUE(places.insert({q.x, q.y}).second) << id << " shares its place";
    // Ranks keep their order left to right, and within a rank dot's order
    // top to bottom is kept row by row.
    int outOfOrder = 0;
    std::string first;
    for (const auto &[a, p] : dot)
        for (const auto &[b, q] : dot) {
            const bool rank = p.x < q.x && !(wrapped.at(a).x < wrapped.at(b).x);
            const bool row = p.x == q.x && p.y < q.y && !(wrapped.at(a).y <= wrapped.at(b).y);
            if ((rank || row) && outOfOrder++ == 0)
                first = a + " and " + b;
        }
    EXPECT_EQ(outOfOrder, 0) << "pairs out of dot's order, first " << first;
}

// A topology whose ranks fit is left as dot placed it.
TEST(AutoLayout, GraphvizLayoutWithShortRanksIsLeftAsItIs)
{
    ASSERT_FALSE(QStandardPaths::findExecutable(QStringLiteral("dot")).isEmpty()) << "Graphviz dot is a build dependency";
    Document doc;
    QString error;
    ASSERT_TRUE(doc.load(test::examplePath("webshop.sky.yaml"), &error));
    const auto dot = dotLayout(doc.topology());
    ASSERT_EQ(dot.size(), doc.topology().nodes.size());
    EXPECT_EQ(AutoLayout::wrapTallRanks(dot), dot);
}
