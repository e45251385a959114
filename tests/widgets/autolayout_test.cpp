#include "autolayout.h"
#include "document.h"
#include "testutil.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QUndoStack>

#include <gtest/gtest.h>

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
