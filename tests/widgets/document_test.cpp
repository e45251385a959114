#include "clipboard.h"
#include "document.h"
#include "testutil.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>

#include <gtest/gtest.h>

using namespace sky;

namespace {

Topology twoServers()
{
    Topology t;
    t.name = "two";
    t.addZone({"web", "Web tier", {}, {}});
    Node a{"web", "web_server"};
    a.zone = "web";
    Node b{"app", "app_server"};
    b.properties["image"] = "shop:1";
    t.addNode(a, Point{0, 0});
    t.addNode(b, Point{300, 0});
    t.addLink({{"web", "out"}, {"app", "in"}, "http", 8080});
    return t;
}

} // namespace

TEST(Document, AddNodeIsOneUndoableCommand)
{
    Document doc;
    doc.reset(twoServers());
    const Topology before = doc.topology();
    const std::string id = doc.addNode("database", QPointF(600, 40));
    ASSERT_EQ(id, "database");
    ASSERT_NE(doc.topology().node(id), nullptr);
    EXPECT_EQ(doc.topology().layout.nodes.at(id), (Point{600, 40}));
    EXPECT_EQ(doc.undoStack()->count(), 1);
    EXPECT_TRUE(doc.isModified());
    doc.undoStack()->undo();
    EXPECT_EQ(doc.topology(), before);
    EXPECT_FALSE(doc.isModified());
    doc.undoStack()->redo();
    EXPECT_NE(doc.topology().node(id), nullptr);
    EXPECT_EQ(doc.addNode("database", QPointF()), "database-2");
    EXPECT_TRUE(doc.addNode("no_such_type", QPointF()).empty());
}

TEST(Document, ConnectChecksTheTerminalContract)
{
    Document doc;
    doc.reset(twoServers());
    doc.addNode("file_storage", QPointF(600, 0));
    doc.addNode("block_storage", QPointF(600, 200));
    QString why;
    EXPECT_FALSE(doc.connect({"web", "out"}, {"file_storage", "in"}, &why));
    EXPECT_TRUE(why.contains(QLatin1String("no protocol in common"))) << why.toStdString();
    EXPECT_FALSE(doc.connect({"web", "out"}, {"app", "in"}, &why)); // already there
    EXPECT_TRUE(why.contains(QLatin1String("already linked"))) << why.toStdString();
    EXPECT_FALSE(doc.connect({"app", "in"}, {"web", "in"}, &why));
    EXPECT_FALSE(doc.connect({"app", "out"}, {"app", "in"}, &why));
    ASSERT_TRUE(doc.connect({"app", "out"}, {"block_storage", "in"}, &why)) << why.toStdString();
    const std::string second = doc.addNode("app_server", QPointF(300, 200));
    EXPECT_FALSE(doc.connect({second, "out"}, {"block_storage", "in"}, &why)); // takes one link
    EXPECT_TRUE(why.contains(QLatin1String("at most 1"))) << why.toStdString();
    EXPECT_EQ(doc.topology().links.size(), 2u);
}

TEST(Document, RenameRewritesLinksAndUndoesExactly)
{
    Document doc;
    doc.reset(twoServers());
    const Topology before = doc.topology();
    QString why;
    EXPECT_FALSE(doc.rename("web", "app", &why));
    EXPECT_FALSE(doc.rename("web", "bad id", &why));
    ASSERT_TRUE(doc.rename("web", "front", &why));
    EXPECT_EQ(doc.topology().node("web"), nullptr);
    ASSERT_NE(doc.topology().node("front"), nullptr);
    EXPECT_EQ(doc.topology().node("front")->zone, "web");
    EXPECT_GE(doc.topology().linkIndex({"front", "out"}, {"app", "in"}), 0);
    EXPECT_EQ(doc.topology().links.front().port, 8080);
    EXPECT_EQ(doc.topology().layout.nodes.at("front"), (Point{0, 0}));
    doc.undoStack()->undo();
    EXPECT_EQ(doc.topology(), before);
}

TEST(Document, RemoveTakesLinksAlongAndUndoRestoresThem)
{
    Document doc;
    doc.reset(twoServers());
    const Topology before = doc.topology();
    QSignalSpy spy(&doc, &Document::changed);
    doc.remove({"app"}, {});
    EXPECT_EQ(doc.topology().node("app"), nullptr);
    EXPECT_TRUE(doc.topology().links.empty());
    ASSERT_EQ(spy.count(), 1); // one change event per command
    const auto change = spy.at(0).at(0).value<TopologyChange>();
    EXPECT_TRUE(change.nodesRemoved.count("app"));
    EXPECT_TRUE(change.linksRemoved.count("web.out -> app.in"));
    doc.undoStack()->undo();
    EXPECT_EQ(doc.topology(), before);
}

TEST(Document, FieldEditsMergeAndNoOpsLeaveNoCommand)
{
    Document doc;
    doc.reset(twoServers());
    doc.setProperty("app", "port", Value(81));
    doc.setProperty("app", "port", Value(82));
    EXPECT_EQ(doc.undoStack()->count(), 1);
    EXPECT_EQ(doc.topology().node("app")->properties.at("port"), Value(82));
    doc.setLabel("app", ""); // unchanged: nothing to undo
    EXPECT_EQ(doc.undoStack()->count(), 1);
    doc.setProperty("app", "health_check", Value("/ready"));
    EXPECT_EQ(doc.undoStack()->count(), 2); // another field: another step
    doc.undoStack()->undo();
    doc.undoStack()->undo();
    EXPECT_EQ(doc.topology().node("app")->properties.count("port"), 0u);
}

TEST(Document, NudgesMergeAndANudgeBackIsObsolete)
{
    Document doc;
    doc.reset(twoServers());
    doc.moveNodes({{"web", Point{20, 0}}}, {}, true);
    doc.moveNodes({{"web", Point{40, 0}}}, {}, true);
    EXPECT_EQ(doc.undoStack()->count(), 1);
    EXPECT_EQ(doc.topology().layout.nodes.at("web"), (Point{40, 0}));
    doc.moveNodes({{"web", Point{0, 0}}}, {}, true);
    EXPECT_EQ(doc.undoStack()->count(), 0);
    EXPECT_FALSE(doc.isModified());
}

TEST(Document, SaveAndReopenGiveTheSameTopology)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    Document doc;
    QString error;
    ASSERT_TRUE(doc.load(test::examplePath("webshop.sky.yaml"), &error)) << error.toStdString();
    const std::string id = doc.addNode("worker", QPointF(1200, 300), "app");
    doc.setProperty(id, "image", Value("jobs:1"));
    ASSERT_TRUE(doc.connect({"app", "out"}, {id, "admin"}));
    const QString path = dir.filePath(QStringLiteral("saved.sky.yaml"));
    ASSERT_TRUE(doc.save(path, &error)) << error.toStdString();
    EXPECT_FALSE(doc.isModified());
    EXPECT_EQ(doc.filePath(), path);
    Document reopened;
    ASSERT_TRUE(reopened.load(path, &error)) << error.toStdString();
    EXPECT_EQ(reopened.topology(), doc.topology());
    EXPECT_EQ(reopened.topology().node(id)->zone, "app");
}

TEST(Document, PasteRenamesCollidingIdsAndKeepsInnerLinks)
{
    Document doc;
    doc.reset(twoServers());
    const auto fragment = fragmentFromText(fragmentText(doc.topology(), {"web", "app"}));
    ASSERT_TRUE(fragment.has_value());
    EXPECT_EQ(fragment->nodes.size(), 2u);
    const auto added = doc.paste(*fragment, QPointF(0, 200));
    ASSERT_EQ(added, (std::vector<std::string>{"app-2", "web-2"}));
    EXPECT_GE(doc.topology().linkIndex({"web-2", "out"}, {"app-2", "in"}), 0);
    EXPECT_EQ(doc.topology().node("web-2")->zone, "web");
    EXPECT_EQ(doc.topology().layout.nodes.at("app-2"), (Point{300, 200}));
    EXPECT_EQ(doc.undoStack()->count(), 1);
    EXPECT_FALSE(fragmentFromText("just some text").has_value());
}

// Counts read as English: the test main installs the same translator as
// skyplan-studio's main, so a message with "%n node(s)" says "1 node" and
// "3 nodes", and a text without a count is left alone.
TEST(EnglishPlurals, CountsReadAsEnglish)
{
    EXPECT_EQ(QObject::tr("%n node(s)", nullptr, 1), QStringLiteral("1 node"));
    EXPECT_EQ(QObject::tr("%n node(s)", nullptr, 3), QStringLiteral("3 nodes"));
    EXPECT_EQ(QObject::tr("%n node(s)", nullptr, 0), QStringLiteral("0 nodes"));
    EXPECT_EQ(QObject::tr("Put %n node(s) in zone %1", nullptr, 2).arg(QStringLiteral("dmz")),
              QStringLiteral("Put 2 nodes in zone dmz"));
    EXPECT_EQ(QObject::tr("The topology has %n error(s); an export", nullptr, 1),
              QStringLiteral("The topology has 1 error; an export"));
    EXPECT_EQ(QObject::tr("Select (s) here"), QStringLiteral("Select (s) here")); // no count: untouched
}

TEST(Document, EveryChangeMovesTheRevisionOnAndANoOpDoesNot)
{
    Document doc;
    doc.reset(twoServers());
    const quint64 opened = doc.revision();
    doc.setLabel("web", "Front");
    const quint64 edited = doc.revision();
    EXPECT_GT(edited, opened);
    doc.setLabel("web", "Front"); // the same label: no command, no change
    EXPECT_EQ(doc.revision(), edited);
    doc.undoStack()->undo(); // back to the opened topology, but a change all the same
    EXPECT_GT(doc.revision(), edited);
    const quint64 undone = doc.revision();
    doc.reset(twoServers());
    EXPECT_GT(doc.revision(), undone);
}
