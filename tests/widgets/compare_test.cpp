// The comparison the compare view and `skyplan render --diff` draw: the new
// topology with ghosts of what was removed, one mark per differing item, a
// change list with field detail (secrets masked), and a canvas that only looks.
#include "changeswidget.h"
#include "comparison.h"
#include "linklayer.h"
#include "testutil.h"

#include "catalog.h"
#include "diff.h"

#include <QSignalSpy>
#include <QTreeWidget>
#include <QUndoStack>

#include <gtest/gtest.h>

using namespace sky;
using sky::test::Canvas;

namespace {

Topology before()
{
    Topology t;
    t.name = "shop";
    t.addZone({"web", "Web tier", {}, {}});
    t.addZone({"old", "Old tier", {}, {}});
    Node lb{"lb", "load_balancer"};
    lb.zone = "web";
    t.addNode(lb, Point{0, 0});
    Node app{"app", "app_server"};
    app.properties["image"] = "shop:1";
    t.addNode(app, Point{300, 0});
    Node db{"db", "database"};
    db.zone = "old";
    db.properties["password"] = "canary-old-secret";
    t.addNode(db, Point{600, 0});
    t.addNode(Node{"cache", "cache"}, Point{600, 200});
    t.addLink({{"lb", ""}, {"app", ""}, "http", 8080, {}, {}});
    t.addLink({{"app", ""}, {"db", ""}, "postgresql", {}, {}, {}});
    t.addLink({{"app", ""}, {"cache", ""}, "redis", {}, {}, {}});
    return t;
}

// From before(): app's image changed, db's password changed, cache removed
// (with its link, and zone "old" with it), queue added and linked, lb moved.
Topology after()
{
    Topology t = before();
    t.node("app")->properties["image"] = "shop:2";
    t.node("db")->properties["password"] = "canary-new-secret";
    t.removeNode("cache");
    t.removeZone("old");
    t.addNode(Node{"queue", "message_queue"}, Point{600, 300});
    t.addLink({{"app", ""}, {"queue", ""}, "amqp", {}, {}, {}});
    t.layout.nodes["lb"] = Point{0, 100};
    return t;
}

} // namespace

TEST(Compare, MarksEveryKindOfChangeAndKeepsGhostsOfWhatWasRemoved)
{
    const Comparison c = compareTopologies(before(), after());
    EXPECT_EQ(c.marks.nodes.at("app"), Mark::Changed);
    EXPECT_EQ(c.marks.nodes.at("db"), Mark::Changed);
    EXPECT_EQ(c.marks.nodes.at("cache"), Mark::Removed);
    EXPECT_EQ(c.marks.nodes.at("queue"), Mark::Added);
    EXPECT_EQ(c.marks.nodes.at("lb"), Mark::Moved);
    EXPECT_EQ(c.marks.links.at("app -> cache"), Mark::Removed);
    EXPECT_EQ(c.marks.links.at("app -> queue"), Mark::Added);
    EXPECT_FALSE(c.marks.links.count("lb -> app"));
    EXPECT_EQ(c.marks.zones.at("old"), Mark::Removed);

    // The ghosts are there to be drawn, where they were.
    ASSERT_NE(c.shown.node("cache"), nullptr);
    EXPECT_EQ(c.shown.layout.nodes.at("cache"), (Point{600, 200}));
    EXPECT_GE(c.shown.linkIndex({"app", ""}, {"cache", ""}), 0);
    EXPECT_EQ(c.shown.links[std::size_t(c.shown.linkIndex({"app", ""}, {"cache", ""}))].protocol, "redis");
    EXPECT_NE(c.shown.zone("old"), nullptr);
    // And nothing else was invented: without the ghosts it is `after`.
    Topology stripped = c.shown;
    stripped.removeNode("cache");
    stripped.zones.erase("old");
    stripped.node("db")->zone.clear();
    Topology expected = after();
    expected.node("db")->zone.clear();
    EXPECT_EQ(stripped, expected);
}

TEST(Compare, IdenticalTopologiesHaveNoMarks)
{
    const Comparison c = compareTopologies(before(), before());
    EXPECT_TRUE(c.marks.empty());
    EXPECT_TRUE(c.diff.empty());
    EXPECT_EQ(c.shown, before());
}

TEST(Compare, ARenamedNodeIsMarkedChangedUnderItsNewId)
{
    Topology b = before();
    Topology a = before();
    a.renameNode("cache", "redis");
    const Comparison c = compareTopologies(b, a);
    EXPECT_EQ(c.renames.at("cache"), "redis");
    EXPECT_EQ(c.marks.nodes.at("redis"), Mark::Changed);
    EXPECT_FALSE(c.marks.nodes.count("cache"));
    EXPECT_EQ(c.shown.node("cache"), nullptr);
}

TEST(Compare, TheSceneDrawsTheMarksOnItsItems)
{
    Canvas canvas;
    const Comparison c = compareTopologies(before(), after());
    canvas.document->reset(c.shown);
    canvas.scene->setMarks(c.marks);
    EXPECT_EQ(canvas.scene->nodeItem("cache")->mark(), Mark::Removed);
    EXPECT_EQ(canvas.scene->nodeItem("queue")->mark(), Mark::Added);
    EXPECT_EQ(canvas.scene->nodeItem("app")->mark(), Mark::Changed);
    EXPECT_EQ(canvas.scene->nodeItem("lb")->mark(), Mark::Moved);
    // Marks survive a rebuild of the items (a reset).
    canvas.document->reset(c.shown);
    EXPECT_EQ(canvas.scene->nodeItem("cache")->mark(), Mark::Removed);
    canvas.scene->setMarks({});
    EXPECT_EQ(canvas.scene->nodeItem("cache")->mark(), Mark::None);
}

TEST(Compare, TheChangeListHasFieldDetailAndNeverShowsASecret)
{
    const Comparison c = compareTopologies(before(), after());
    ChangesWidget widget;
    widget.setComparison(c, SecretPolicy({&Catalog::builtin()}));
    QTreeWidget *tree = widget.tree();
    QStringList all;
    QTreeWidgetItem *appChange = nullptr;
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = tree->topLevelItem(i);
        if (item->text(0) == QStringLiteral("changed node app"))
            appChange = item;
        for (int col = 0; col < 3; ++col)
            all << item->text(col);
        for (int k = 0; k < item->childCount(); ++k)
            for (int col = 0; col < 3; ++col)
                all << item->child(k)->text(col);
    }
    ASSERT_NE(appChange, nullptr) << all.join(u'|').toStdString();
    ASSERT_EQ(appChange->childCount(), 1);
    EXPECT_EQ(appChange->child(0)->text(0), QStringLiteral("properties.image"));
    EXPECT_EQ(appChange->child(0)->text(1), QStringLiteral("\"shop:1\""));
    EXPECT_EQ(appChange->child(0)->text(2), QStringLiteral("\"shop:2\""));
    EXPECT_TRUE(all.contains(QStringLiteral("removed node cache")));
    EXPECT_TRUE(all.contains(QStringLiteral("added node queue")));
    EXPECT_TRUE(all.contains(QStringLiteral("<secret changed>")));
    const QString joined = all.join(u'|');
    EXPECT_FALSE(joined.contains(QStringLiteral("canary"))) << joined.toStdString();
}

TEST(Compare, NextAndPreviousWalkTheChangesAndAskToCentreThem)
{
    const Comparison c = compareTopologies(before(), after());
    ChangesWidget widget;
    widget.setComparison(c, SecretPolicy({&Catalog::builtin()}));
    QSignalSpy spy(&widget, &ChangesWidget::subjectsActivated);
    widget.next();
    widget.next();
    ASSERT_EQ(spy.count(), 2);
    const auto second = spy.at(1).at(0).value<std::vector<std::string>>();
    EXPECT_FALSE(second.empty());
    widget.previous();
    ASSERT_EQ(spy.count(), 3);
    EXPECT_EQ(spy.at(2).at(0).value<std::vector<std::string>>(), spy.at(0).at(0).value<std::vector<std::string>>());
    // Previous from the first wraps to the last row.
    widget.previous();
    EXPECT_EQ(widget.tree()->currentItem(), widget.tree()->topLevelItem(widget.changeCount() - 1));
}

TEST(Compare, AReadOnlyCanvasSelectsButNeverEdits)
{
    Canvas canvas;
    const Comparison c = compareTopologies(before(), after());
    canvas.document->reset(c.shown);
    canvas.view->setReadOnly(true);
    const Topology start = canvas.document->topology();
    // A drag on a node selects it and moves nothing.
    canvas.drag(canvas.bodyPoint("app"), canvas.bodyPoint("app") + QPoint(120, 80));
    EXPECT_EQ(canvas.scene->selectedNodeIds(), std::vector<std::string>{"app"});
    // A drag from an out terminal makes no link.
    canvas.drag(canvas.portPoint("lb", "out", Direction::Out), canvas.portPoint("queue", "in", Direction::In));
    canvas.view->deleteSelection();
    QTest::keyClick(canvas.view->viewport(), Qt::Key_Delete);
    QTest::keyClick(canvas.view->viewport(), Qt::Key_Right);
    canvas.view->duplicateSelection();
    EXPECT_FALSE(canvas.view->pasteClipboard());
    EXPECT_EQ(canvas.document->topology(), start);
    EXPECT_EQ(canvas.document->undoStack()->count(), 0);
}
