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
    if (QStandardPaths::findExecutable(QStringLiteral("dot")).isEmpty())
        GTEST_SKIP() << "Graphviz dot is not installed";
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
