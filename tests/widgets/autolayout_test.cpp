#include "autolayout.h"
#include "catalog.h"
#include "document.h"
#include "generator.h"
#include "testutil.h"

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
