// Zones as things of their own: selected by their title, edited in the
// inspector (id, label, parent), deleted; every edit one undoable step.
#include "checks.h"
#include "inspectorwidget.h"
#include "testutil.h"
#include "zoneitem.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QUndoStack>

#include <gtest/gtest.h>

using namespace sky;
using sky::test::Canvas;

namespace {

// A DMZ holding the web server and a data zone inside it holding the
// database; a segmentation policy names the data zone; "spare" is empty.
Topology zoned()
{
    Topology t;
    t.addZone({"dmz", "DMZ", {}, {}});
    t.addZone({"data", "", "dmz", {}});
    t.addZone({"spare", "Spare", {}, {}});
    Node web{"web", "web_server"};
    web.zone = "dmz";
    t.addNode(web, Point{0, 0});
    Node db{"db", "database"};
    db.zone = "data";
    t.addNode(db, Point{400, 0});
    t.addNode(Node{"cache", "cache"}, Point{900, 0});
    Policy seg{"seg", "segmentation", {}};
    seg.fields["zone"] = "data";
    seg.fields["allow-from"] = ValueList{Value("dmz")};
    t.policies[seg.id] = seg;
    Policy eu{"eu", "data-residency", {}};
    eu.fields["applies-to"] = ValueMap{{"zones", ValueList{Value("data"), Value("dmz")}}};
    eu.fields["regions"] = ValueList{Value("eu-west")};
    t.policies[eu.id] = eu;
    return t;
}

struct Zoned : Canvas
{
    Zoned()
        : inspector(document.get(), scene.get())
    {
        document->reset(zoned());
        inspector.show();
        QApplication::processEvents();
    }
    ZoneItem *zoneItem(const std::string &id) const
    {
        for (QGraphicsItem *item : scene->items())
            if (item->type() == ZoneItem::Type && static_cast<ZoneItem *>(item)->id() == id)
                return static_cast<ZoneItem *>(item);
        return nullptr;
    }
    QPoint titleOf(const std::string &zone) const
    {
        const QRectF band = zoneItem(zone)->labelBand();
        return at(QPointF(band.left() + 40, band.center().y()));
    }
    template<typename T>
    T *editor(const QString &name) const
    {
        QApplication::processEvents(); // the form is rebuilt deferred
        return qobject_cast<T *>(inspector.editor(name));
    }
    void type(QLineEdit *edit, const QString &text) const
    {
        edit->setFocus();
        edit->selectAll();
        QTest::keyClicks(edit, text);
        QTest::keyClick(edit, Qt::Key_Return);
        QApplication::processEvents();
    }

    InspectorWidget inspector;
};

} // namespace

TEST(Zones, ClickingAZoneTitleSelectsTheZoneAndItsBodyStillRubberBands)
{
    Zoned z;
    ASSERT_NE(z.zoneItem("data"), nullptr);
    z.scene->selectOnly({"web"}, {});
    z.click(z.titleOf("data")); // the inner zone's title lies inside the DMZ
    EXPECT_EQ(z.scene->selectedZone(), "data");
    EXPECT_TRUE(z.scene->selectedNodeIds().empty());
    EXPECT_TRUE(z.zoneItem("data")->isChosen());
    EXPECT_FALSE(z.zoneItem("dmz")->isChosen());
    z.click(z.titleOf("dmz"));
    EXPECT_EQ(z.scene->selectedZone(), "dmz");
    EXPECT_FALSE(z.zoneItem("data")->isChosen());

    // Below the title the area belongs to the nodes: a band selects them.
    const QRectF dmz = z.zoneItem("dmz")->area();
    z.drag(z.at(dmz.topLeft() + QPointF(5, 45)), z.at(dmz.bottomRight() + QPointF(20, 20)));
    EXPECT_EQ(z.scene->selectedZone(), "");
    EXPECT_FALSE(z.zoneItem("dmz")->isChosen());
    EXPECT_EQ(z.scene->selectedNodeIds(), (std::vector<std::string>{"db", "web"}));
    // A click on empty canvas clears a zone selection.
    z.click(z.titleOf("data"));
    z.click(z.at(QPointF(700, 400)));
    EXPECT_EQ(z.scene->selectedZone(), "");
}

TEST(Zones, TheInspectorRenamesRelabelsAndMovesAZoneEachAsOneUndoableStep)
{
    Zoned z;
    const Topology start = z.document->topology();
    z.click(z.titleOf("data"));
    auto *id = z.editor<QLineEdit>(QStringLiteral("id"));
    ASSERT_NE(id, nullptr);
    EXPECT_EQ(id->text(), QStringLiteral("data"));

    z.type(z.editor<QLineEdit>(QStringLiteral("label")), QStringLiteral("Data tier"));
    EXPECT_EQ(z.document->topology().zone("data")->label, "Data tier");

    // A new id: the member, the policies naming it and the selection follow.
    z.type(z.editor<QLineEdit>(QStringLiteral("id")), QStringLiteral("store"));
    const Topology &t = z.document->topology();
    ASSERT_NE(t.zone("store"), nullptr);
    EXPECT_EQ(t.zone("data"), nullptr);
    EXPECT_EQ(t.zone("store")->parent, "dmz");
    EXPECT_EQ(t.node("db")->zone, "store");
    EXPECT_EQ(t.policies.at("seg").fields.at("zone"), Value("store"));
    EXPECT_EQ(t.policies.at("eu").fields.at("applies-to"),
              Value(ValueMap{{"zones", ValueList{Value("store"), Value("dmz")}}}));
    EXPECT_EQ(z.scene->selectedZone(), "store");
    EXPECT_EQ(z.zoneItem("store")->isChosen(), true);

    // A taken id is refused with a message and changes nothing.
    const int commands = z.document->undoStack()->count();
    z.type(z.editor<QLineEdit>(QStringLiteral("id")), QStringLiteral("spare"));
    EXPECT_EQ(z.document->undoStack()->count(), commands);
    EXPECT_NE(z.document->topology().zone("store"), nullptr);
    EXPECT_EQ(z.editor<QLineEdit>(QStringLiteral("id"))->text(), QStringLiteral("store"));

    // Out of the DMZ, to the top.
    auto *parent = z.editor<QComboBox>(QStringLiteral("parent"));
    ASSERT_NE(parent, nullptr);
    EXPECT_EQ(parent->currentData().toString(), QStringLiteral("dmz"));
    parent->setCurrentIndex(parent->findData(QString()));
    EXPECT_EQ(z.document->topology().zone("store")->parent, "");
    EXPECT_EQ(z.document->undoStack()->count(), commands + 1);

    while (z.document->undoStack()->canUndo())
        z.document->undoStack()->undo();
    EXPECT_EQ(z.document->topology(), start);
    while (z.document->undoStack()->canRedo())
        z.document->undoStack()->redo();
    EXPECT_EQ(z.document->topology().zone("store")->label, "Data tier");
    EXPECT_EQ(z.document->topology().zone("store")->parent, "");
}

TEST(Zones, AZoneCannotBePutInsideItself)
{
    Zoned z;
    z.click(z.titleOf("dmz"));
    auto *parent = z.editor<QComboBox>(QStringLiteral("parent"));
    ASSERT_NE(parent, nullptr);
    // Neither itself nor data, which lies inside it, is offered.
    EXPECT_EQ(parent->findData(QStringLiteral("dmz")), -1);
    EXPECT_EQ(parent->findData(QStringLiteral("data")), -1);
    EXPECT_GE(parent->findData(QStringLiteral("spare")), 0);
    // The document refuses it all the same, with why.
    QString why;
    const int commands = z.document->undoStack()->count();
    EXPECT_FALSE(z.document->setZoneParent("dmz", "data", &why));
    EXPECT_TRUE(why.contains(QStringLiteral("cannot be inside itself"))) << why.toStdString();
    EXPECT_FALSE(z.document->setZoneParent("dmz", "nowhere", &why));
    EXPECT_TRUE(why.contains(QStringLiteral("no zone nowhere"))) << why.toStdString();
    EXPECT_EQ(z.document->topology().zone("dmz")->parent, "");
    EXPECT_EQ(z.document->undoStack()->count(), commands);
}

TEST(Zones, ARefusedEditsMessageStaysUntilAnEditGoesThroughOrTheSelectionMoves)
{
    Zoned z;
    const auto shown = [&z](const QString &text) {
        QApplication::processEvents();
        const auto labels = z.inspector.findChildren<QLabel *>();
        return std::any_of(labels.begin(), labels.end(),
                           [&](const QLabel *l) { return l->isVisible() && l->text().contains(text); });
    };
    const QString taken = QStringLiteral("already exists");
    z.click(z.titleOf("data"));
    z.type(z.editor<QLineEdit>(QStringLiteral("id")), QStringLiteral("spare"));
    EXPECT_TRUE(shown(taken));
    z.click(z.titleOf("data")); // the page is built again for the same zone: the message stays
    EXPECT_TRUE(shown(taken));
    z.type(z.editor<QLineEdit>(QStringLiteral("label")), QStringLiteral("Data tier"));
    EXPECT_EQ(z.document->topology().zone("data")->label, "Data tier");
    EXPECT_FALSE(shown(taken));

    z.type(z.editor<QLineEdit>(QStringLiteral("id")), QStringLiteral("spare"));
    EXPECT_TRUE(shown(taken));
    z.click(z.titleOf("dmz"));
    EXPECT_FALSE(shown(taken));
}

TEST(Zones, AZonesPageCountsWhatItHoldsAsNodesMoveInAndOut)
{
    Zoned z;
    z.click(z.titleOf("dmz"));
    auto *holds = z.editor<QLabel>(QStringLiteral("holds"));
    ASSERT_NE(holds, nullptr);
    EXPECT_EQ(holds->text(), QStringLiteral("1 node, 1 zone"));
    z.document->setZone({"cache"}, "dmz");
    EXPECT_EQ(z.editor<QLabel>(QStringLiteral("holds"))->text(), QStringLiteral("2 nodes, 1 zone"));
    z.document->undoStack()->undo();
    EXPECT_EQ(z.editor<QLabel>(QStringLiteral("holds"))->text(), QStringLiteral("1 node, 1 zone"));
}

TEST(Zones, RenamingAZoneMovesTheZonesInsideItAlong)
{
    Zoned z;
    const Topology start = z.document->topology();
    ASSERT_TRUE(z.document->renameZone("dmz", "edge"));
    const Topology &t = z.document->topology();
    EXPECT_EQ(t.zone("dmz"), nullptr);
    EXPECT_EQ(t.zone("data")->parent, "edge");
    EXPECT_EQ(t.node("web")->zone, "edge");
    EXPECT_EQ(t.policies.at("seg").fields.at("allow-from"), Value(ValueList{Value("edge")}));
    z.document->undoStack()->undo();
    EXPECT_EQ(z.document->topology(), start);
}

// A file may nest zones in a loop (the reader reports it and goes on): the
// zone edits must neither crash nor leave a zone inside a deleted one.
TEST(Zones, ZonesNestedInALoopCanBeRenamedAndDeleted)
{
    Zoned z;
    Topology looped = zoned();
    looped.zones.at("spare").parent = "spare";
    looped.zones.at("dmz").parent = "data"; // dmz ⊂ data ⊂ dmz
    z.document->reset(looped);
    const Topology start = z.document->topology();

    // The inspector shows a loop as it is, and building its page edits nothing.
    const int commands = z.document->undoStack()->count();
    z.scene->selectZone("data");
    auto *inside = z.editor<QComboBox>(QStringLiteral("parent"));
    ASSERT_NE(inside, nullptr);
    EXPECT_EQ(inside->currentData().toString(), QStringLiteral("dmz"));
    z.scene->selectZone("spare");
    ASSERT_NE(z.editor<QComboBox>(QStringLiteral("parent")), nullptr);
    EXPECT_EQ(z.editor<QComboBox>(QStringLiteral("parent"))->currentData().toString(), QStringLiteral("spare"));
    EXPECT_EQ(z.editor<QLabel>(QStringLiteral("holds"))->text(), QStringLiteral("No nodes")); // not itself
    EXPECT_EQ(z.document->undoStack()->count(), commands);

    ASSERT_TRUE(z.document->renameZone("spare", "extra"));
    ASSERT_NE(z.document->topology().zone("extra"), nullptr);
    EXPECT_EQ(z.document->topology().zone("extra")->parent, "extra");
    z.document->removeZone("extra");
    EXPECT_EQ(z.document->topology().zone("extra"), nullptr);

    z.document->removeZone("dmz");
    const Topology &t = z.document->topology();
    EXPECT_EQ(t.zone("dmz"), nullptr);
    ASSERT_NE(t.zone("data"), nullptr);
    EXPECT_EQ(t.zone("data")->parent, ""); // not inside the zone just deleted
    EXPECT_EQ(t.node("web")->zone, "");
    EXPECT_EQ(t.node("db")->zone, "data");

    z.scene->selectZone("data");
    auto *parent = z.editor<QComboBox>(QStringLiteral("parent"));
    ASSERT_NE(parent, nullptr);
    EXPECT_EQ(parent->currentData().toString(), QString());

    while (z.document->undoStack()->canUndo())
        z.document->undoStack()->undo();
    EXPECT_EQ(z.document->topology(), start);
    z.scene->selectZone("data");
    EXPECT_EQ(z.editor<QComboBox>(QStringLiteral("parent"))->currentData().toString(), QStringLiteral("dmz"));
}

TEST(Zones, DeleteRemovesTheSelectedZoneAndItsNodesMoveToTheZoneAroundIt)
{
    Zoned z;
    const Topology start = z.document->topology();
    z.click(z.titleOf("dmz"));
    QTest::keyClick(z.view.get(), Qt::Key_Delete);
    const Topology &t = z.document->topology();
    EXPECT_EQ(t.zone("dmz"), nullptr);
    EXPECT_EQ(t.nodes.size(), 3u);
    EXPECT_EQ(t.node("web")->zone, "");
    EXPECT_EQ(t.zone("data")->parent, "");
    EXPECT_EQ(z.scene->selectedZone(), "");
    EXPECT_EQ(z.zoneItem("dmz"), nullptr);
    z.document->undoStack()->undo();
    EXPECT_EQ(z.document->topology(), start);
    ASSERT_NE(z.zoneItem("dmz"), nullptr);
    EXPECT_FALSE(z.zoneItem("dmz")->area().isEmpty());

    // The same through the inspector's button.
    z.click(z.titleOf("data"));
    auto *button = z.editor<QPushButton>(QStringLiteral("deleteZone"));
    ASSERT_NE(button, nullptr);
    QTest::mouseClick(button, Qt::LeftButton);
    EXPECT_EQ(z.document->topology().zone("data"), nullptr);
    EXPECT_EQ(z.document->topology().node("db")->zone, "dmz");
}

TEST(Zones, AnEmptyZoneIsListedInTheInspectorAndSelectedFromThereOrFromItsFinding)
{
    Zoned z;
    auto *entry = z.editor<QLabel>(QStringLiteral("zone:spare"));
    ASSERT_NE(entry, nullptr); // nothing selected: the topology page lists every zone
    EXPECT_TRUE(z.zoneItem("spare")->area().isEmpty()); // no area on the canvas to click
    QTest::mouseClick(entry, Qt::LeftButton, {}, QPoint(6, entry->height() / 2));
    EXPECT_EQ(z.scene->selectedZone(), "spare");
    ASSERT_NE(z.editor<QLineEdit>(QStringLiteral("label")), nullptr);
    EXPECT_EQ(z.editor<QLineEdit>(QStringLiteral("label"))->text(), QStringLiteral("Spare"));

    // SP-EMPTY-ZONE names the zone alone: activating it selects the zone.
    z.scene->selectOnly({"web"}, {});
    z.view->selectAndCentre({"spare"});
    EXPECT_EQ(z.scene->selectedZone(), "spare");
    EXPECT_TRUE(z.scene->selectedNodeIds().empty());
    // A node's finding selects the node, and no zone.
    z.view->selectAndCentre({"web"});
    EXPECT_EQ(z.scene->selectedNodeIds(), std::vector<std::string>{"web"});
    EXPECT_EQ(z.scene->selectedZone(), "");
}

// A policy scoped to a node follows the node's new id, and undo takes it back.
TEST(Zones, RenamingANodeRewritesThePoliciesScopedToIt)
{
    Zoned z;
    Topology scoped = zoned();
    scoped.policies.at("eu").fields["applies-to"] = ValueMap{{"nodes", ValueList{Value("db"), Value("web")}}};
    z.document->reset(scoped);
    const Topology start = z.document->topology();
    ASSERT_TRUE(z.document->rename("db", "orders"));
    EXPECT_EQ(z.document->topology().policies.at("eu").fields.at("applies-to"),
              Value(ValueMap{{"nodes", ValueList{Value("orders"), Value("web")}}}));
    EXPECT_EQ(z.document->topology().policies.at("seg"), start.policies.at("seg"));
    z.document->undoStack()->undo();
    EXPECT_EQ(z.document->topology(), start);
}

// Deleting a node on the canvas drops it from the policies scoped to it, in
// the same undo step; a deleted zone's name stays in the policies (its
// members move to its parent, and dropping the name would free them from
// the policy unseen): a notice names those policies, and SP-POLICY reports them.
TEST(Zones, DeletingANodeDropsItFromThePoliciesScopedToItAndADeletedZoneIsReported)
{
    Zoned z;
    Topology scoped = zoned();
    scoped.policies.at("eu").fields["applies-to"] =
        ValueMap{{"nodes", ValueList{Value("db"), Value("web")}}, {"zones", ValueList{Value("data")}}};
    z.document->reset(scoped);
    const Topology start = z.document->topology();
    const int commands = z.document->undoStack()->count();
    QSignalSpy dropped(z.document.get(), &Document::notice);
    z.click(z.at(z.scene->nodeItem("db")->sceneBoundingRect().center()));
    ASSERT_EQ(z.scene->selectedNodeIds(), std::vector<std::string>{"db"});
    QTest::keyClick(z.view.get(), Qt::Key_Delete);
    ASSERT_EQ(dropped.size(), 1);
    EXPECT_EQ(dropped[0][0].toString(), QStringLiteral("Dropped db from policy eu."));
    ASSERT_EQ(z.document->topology().node("db"), nullptr);
    EXPECT_EQ(z.document->topology().policies.at("eu").fields.at("applies-to"),
              Value(ValueMap{{"nodes", ValueList{Value("web")}}, {"zones", ValueList{Value("data")}}}));
    EXPECT_EQ(z.document->topology().policies.at("seg"), start.policies.at("seg"));
    EXPECT_EQ(z.document->undoStack()->count(), commands + 1);
    z.document->undoStack()->undo();
    EXPECT_EQ(z.document->topology(), start);

    // A cut keeps the names: its paste brings the node back under its id.
    z.scene->selectOnly({"db"}, {});
    z.view->cutSelection();
    ASSERT_EQ(z.document->topology().node("db"), nullptr);
    EXPECT_EQ(z.document->topology().policies, start.policies);
    ASSERT_TRUE(z.view->pasteClipboard());
    ASSERT_NE(z.document->topology().node("db"), nullptr);
    EXPECT_EQ(z.document->topology().policies, start.policies);
    z.document->undoStack()->undo();
    z.document->undoStack()->undo();
    EXPECT_EQ(z.document->topology(), start);

    QSignalSpy notices(z.document.get(), &Document::notice);
    z.click(z.titleOf("data"));
    ASSERT_EQ(z.scene->selectedZone(), "data");
    QTest::keyClick(z.view.get(), Qt::Key_Delete);
    ASSERT_EQ(z.document->topology().zone("data"), nullptr);
    EXPECT_EQ(z.document->topology().policies, start.policies);
    ASSERT_EQ(notices.size(), 1);
    EXPECT_EQ(notices[0][0].toString(),
              QStringLiteral("Deleted zone data. Policies eu, seg still name it: change them or bring the zone back."));
    std::vector<std::string> reported;
    for (const Diagnostic &d : checkTopology(z.document->topology(), z.document->catalog()))
        if (d.rule == "SP-POLICY")
            reported.push_back(d.message.str());
    EXPECT_EQ(reported.size(), 2u); // "eu" scopes the zone, "seg" guards it
    for (const std::string &message : reported)
        EXPECT_NE(message.find("'data'"), std::string::npos) << message;
}

// Stepping through "Inside" with the arrow keys is one undo step.
TEST(Zones, SteppingThroughParentsWithTheArrowKeysIsOneUndoStep)
{
    Zoned z;
    const Topology start = z.document->topology();
    z.click(z.titleOf("data"));
    auto *parent = z.editor<QComboBox>(QStringLiteral("parent"));
    ASSERT_NE(parent, nullptr);
    const int commands = z.document->undoStack()->count();
    parent->setFocus();
    QTest::keyClick(parent, Qt::Key_Down);
    const std::string first = z.document->topology().zone("data")->parent;
    EXPECT_NE(first, "dmz");
    auto *again = z.editor<QComboBox>(QStringLiteral("parent")); // the page was built again
    ASSERT_NE(again, nullptr);
    again->setFocus();
    QTest::keyClick(again, Qt::Key_Up);
    QTest::keyClick(again, Qt::Key_Up);
    QApplication::processEvents();
    EXPECT_NE(z.document->topology().zone("data")->parent, first);
    EXPECT_EQ(z.document->undoStack()->count(), commands + 1);
    z.document->undoStack()->undo();
    EXPECT_EQ(z.document->topology(), start);
}
