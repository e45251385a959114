#include "generator.h"
#include "linklayer.h"
#include "zoneitem.h"
#include "palettewidget.h"
#include "testutil.h"

#include <QClipboard>
#include <QDir>
#include <QLineEdit>
#include <QMimeData>
#include <QPainter>
#include <QPaintEvent>
#include <QScreen>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStyleOptionGraphicsItem>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QUndoStack>
#include <QWheelEvent>

#include <gtest/gtest.h>

#include <fstream>
#include <set>

using namespace sky;
using sky::test::Canvas;

namespace {

// web_server at (0, 0) in zone "web", app_server at (400, 0), file_storage at (400, 200).
// What is on screen (the window's backing store) against what a full
// repaint draws: a drag's partial repaint must leave no difference.
void expectScreenAsAFullRepaintWould(QGraphicsView *view, const std::string &when)
{
    const auto screen = [view] { return QGuiApplication::primaryScreen()->grabWindow(view->window()->winId()).toImage(); };
    const QImage partial = screen();
    ASSERT_FALSE(partial.isNull());
    view->viewport()->update();
    QApplication::processEvents();
    const QImage full = screen();
    EXPECT_EQ(partial, full) << when;
    if (partial != full && qEnvironmentVariableIsSet("SKYPLAN_DUMP_SCREENS")) { // to look at what differs
        const QString name = QString::fromStdString(when).replace(QLatin1Char(' '), QLatin1Char('-'));
        partial.save(QDir::temp().filePath(name + QStringLiteral("-partial.png")));
        full.save(QDir::temp().filePath(name + QStringLiteral("-full.png")));
    }
}

// Pans the view by each step in turn (scroll bars, as the wheel does);
// after each, the screen must be what a full repaint draws.
void expectPansAsAFullRepaintWould(Canvas &c, std::initializer_list<QPoint> steps)
{
    for (const QPoint step : steps) {
        c.view->horizontalScrollBar()->setValue(c.view->horizontalScrollBar()->value() + step.x());
        c.view->verticalScrollBar()->setValue(c.view->verticalScrollBar()->value() + step.y());
        QApplication::processEvents();
        expectScreenAsAFullRepaintWould(c.view.get(), "after a pan of " + std::to_string(step.x()) + ',' + std::to_string(step.y()));
    }
}

void threeNodes(Document &doc)
{
    Topology t;
    t.addZone({"web", "Web tier", {}, {}});
    Node web{"web", "web_server"};
    web.zone = "web";
    t.addNode(web, Point{0, 0});
    Node app{"app", "app_server"};
    app.properties["image"] = "shop:1";
    t.addNode(app, Point{400, 0});
    t.addNode(Node{"files", "file_storage"}, Point{400, 200});
    doc.reset(t);
}

} // namespace

TEST(Canvas, DropFromThePaletteAddsASnappedNodeInTheZoneUnderIt)
{
    Canvas c;
    threeNodes(*c.document);
    PaletteWidget palette;
    QTreeWidgetItem *item = palette.itemForType(QStringLiteral("database"));
    ASSERT_NE(item, nullptr);
    const QModelIndex index = palette.tree()->indexFromItem(item);
    std::unique_ptr<QMimeData> mime(palette.tree()->model()->mimeData({index}));
    ASSERT_TRUE(mime);

    // Into the web zone's area, at the lower edge of the web node.
    const QPoint drop = c.at(QPointF(83, 70));
    QDragEnterEvent enter(drop, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(c.view->viewport(), &enter);
    EXPECT_TRUE(enter.isAccepted());
    QDropEvent dropEvent(QPointF(drop), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(c.view->viewport(), &dropEvent);

    const Node *db = c.document->topology().node("database");
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(db->type, "database");
    EXPECT_EQ(db->zone, "web");
    const Point p = c.document->topology().layout.nodes.at("database");
    EXPECT_EQ(std::fmod(p.x, Document::kGrid), 0.0);
    EXPECT_EQ(std::fmod(p.y, Document::kGrid), 0.0);
    EXPECT_NEAR(p.x + NodeItem::kWidth / 2, 83, Document::kGrid);
    EXPECT_NEAR(p.y + NodeItem::kHeight / 2, 70, Document::kGrid);
    EXPECT_EQ(c.scene->selectedNodeIds(), std::vector<std::string>{"database"});
}

TEST(Canvas, DoubleClickInThePalettePlacesAtTheCentre)
{
    Canvas c;
    threeNodes(*c.document);
    PaletteWidget palette;
    QObject::connect(&palette, &PaletteWidget::placeRequested,
                     [&c](const QString &type) { c.view->placeTypeAtCenter(toStd(type)); });
    palette.setFilter(QStringLiteral("cache"));
    EXPECT_TRUE(palette.itemForType(QStringLiteral("database"))->isHidden());
    QTreeWidgetItem *item = palette.itemForType(QStringLiteral("cache"));
    ASSERT_FALSE(item->isHidden());
    c.view->centerOn(QPointF(1000, 700)); // an empty spot
    QApplication::processEvents();
    emit palette.tree()->itemActivated(item, 0);
    ASSERT_NE(c.document->topology().node("cache"), nullptr);
    // Centred on the view (snapped to the grid), where nothing was.
    const QPointF centre = c.view->mapToScene(c.view->viewport()->rect().center());
    const Point placed = c.document->topology().layout.nodes.at("cache");
    EXPECT_LE(std::abs(placed.x + NodeItem::kWidth / 2 - centre.x()), Document::kGrid);
    EXPECT_LE(std::abs(placed.y + NodeItem::kHeight / 2 - centre.y()), Document::kGrid);
}

TEST(Canvas, PlacingTypesAtTheCentreOneAfterAnotherPilesNoneOnAnother)
{
    Canvas c;
    threeNodes(*c.document);
    for (int i = 0; i < 12; ++i)
        c.view->placeTypeAtCenter("cache");
    const auto &places = c.document->topology().layout.nodes;
    ASSERT_EQ(places.size(), 15u);
    const QPointF centre = c.view->mapToScene(c.view->viewport()->rect().center());
    for (auto a = places.begin(); a != places.end(); ++a) {
        const QRectF ra(a->second.x, a->second.y, NodeItem::kWidth, NodeItem::kHeight);
        // Near the centre: within three rings of it.
        if (a->first.rfind("cache", 0) == 0) {
            EXPECT_LT(QLineF(ra.center(), centre).length(), 3 * (NodeItem::kWidth + 60)) << a->first;
        }
        for (auto b = std::next(a); b != places.end(); ++b)
            EXPECT_FALSE(ra.intersects(QRectF(b->second.x, b->second.y, NodeItem::kWidth, NodeItem::kHeight)))
                << a->first << " lies on " << b->first;
    }
}

TEST(Canvas, DraggingFromAnOutToAnInTerminalLinksThem)
{
    Canvas c;
    threeNodes(*c.document);
    c.drag(c.portPoint("web", "out", Direction::Out), c.portPoint("app", "in", Direction::In));
    const Topology &t = c.document->topology();
    ASSERT_EQ(t.links.size(), 1u);
    EXPECT_EQ(t.links.front().key(), "web.out -> app.in");
    EXPECT_EQ(c.scene->linkLayer()->count(), 1u);
    EXPECT_EQ(c.document->undoStack()->count(), 1);
    c.document->undoStack()->undo();
    EXPECT_TRUE(c.document->topology().links.empty());
    EXPECT_EQ(c.scene->linkLayer()->count(), 0u);
}

TEST(Canvas, AnIncompatibleLinkIsRefusedAndExplained)
{
    Canvas c;
    threeNodes(*c.document);
    QSignalSpy status(c.view.get(), &CanvasView::statusMessage);
    const QPoint from = c.portPoint("web", "out", Direction::Out);
    c.mouse(QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
    c.mouse(QEvent::MouseMove, from + QPoint(40, 40), Qt::NoButton, Qt::LeftButton);
    // While dragging, the app's input lights up and the file store's dims.
    const auto state = [&](const std::string &node) { return c.scene->nodeItem(node)->ports().front().state; };
    EXPECT_EQ(state("app"), NodeItem::PortState::Compatible);
    EXPECT_EQ(state("files"), NodeItem::PortState::Incompatible);
    const QPoint to = c.portPoint("files", "in", Direction::In);
    c.mouse(QEvent::MouseMove, to, Qt::NoButton, Qt::LeftButton);
    c.mouse(QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
    EXPECT_TRUE(c.document->topology().links.empty());
    EXPECT_EQ(c.document->undoStack()->count(), 0);
    ASSERT_GE(status.count(), 1);
    const QString last = status.last().at(0).toString();
    EXPECT_TRUE(last.startsWith(QLatin1String("Link refused"))) << last.toStdString();
    EXPECT_TRUE(last.contains(QLatin1String("nfs"))) << last.toStdString();
    EXPECT_EQ(state("app"), NodeItem::PortState::Normal);
}

TEST(Canvas, ATerminalThatHasAllItsLinksDimsWhileALinkIsDragged)
{
    // Block storage takes one link on its iSCSI input; two app servers speak it.
    Canvas c;
    Topology t;
    for (const char *id : {"app-1", "app-2", "app-3"}) {
        Node n{id, "app_server"};
        n.properties["image"] = "shop:1";
        t.addNode(n, Point{0, 160.0 * (id[4] - '1')});
    }
    t.addNode(Node{"disk", "block_storage"}, Point{400, 0});
    t.addNode(Node{"files", "file_storage"}, Point{400, 200});
    t.addLink({{"app-1", "out"}, {"disk", "in"}, "iscsi", {}, {}, {}});
    t.addLink({{"app-3", "out"}, {"files", "in"}, "nfs", {}, {}, {}});
    c.document->reset(t);
    const auto state = [&](const std::string &node) { return c.scene->nodeItem(node)->ports().front().state; };
    const auto press = [&](const std::string &node) {
        const QPoint from = c.portPoint(node, "out", Direction::Out);
        c.mouse(QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
        c.mouse(QEvent::MouseMove, from + QPoint(40, 40), Qt::NoButton, Qt::LeftButton);
    };
    const auto release = [&] { c.mouse(QEvent::MouseButtonRelease, c.at(QPointF(900, 700)), Qt::LeftButton, Qt::NoButton); };
    // From app-2: the disk has its one link, the file store takes many.
    press("app-2");
    EXPECT_EQ(state("disk"), NodeItem::PortState::Incompatible);
    EXPECT_EQ(state("files"), NodeItem::PortState::Compatible);
    release();
    // From app-3: the file store is linked from there already.
    press("app-3");
    EXPECT_EQ(state("files"), NodeItem::PortState::Incompatible);
    EXPECT_EQ(state("disk"), NodeItem::PortState::Incompatible);
    release();
    // The disk's link gone, it lights up again.
    c.document->remove({}, {"app-1.out -> disk.in"});
    press("app-2");
    EXPECT_EQ(state("disk"), NodeItem::PortState::Compatible);
    release();
    EXPECT_EQ(state("disk"), NodeItem::PortState::Normal);
}

TEST(Canvas, DraggingANodeMovesItSnappedAsOneCommand)
{
    Canvas c;
    threeNodes(*c.document);
    const Topology before = c.document->topology();
    c.drag(c.bodyPoint("app"), c.bodyPoint("app") + QPoint(57, 103));
    const Point p = c.document->topology().layout.nodes.at("app");
    EXPECT_EQ(p, (Point{460, 100}));
    EXPECT_EQ(c.scene->nodeItem("app")->pos(), QPointF(460, 100));
    EXPECT_EQ(c.document->undoStack()->count(), 1);
    c.document->undoStack()->undo();
    EXPECT_EQ(c.document->topology(), before);
    EXPECT_EQ(c.scene->nodeItem("app")->pos(), QPointF(400, 0));
}

TEST(Canvas, DraggingANodeOutOfAnotherZoneIntoOneChangesMembership)
{
    Canvas c;
    threeNodes(*c.document);
    c.document->addNode("web_server", QPointF(0, 100), "web"); // keeps the zone alive
    // The app node dropped onto the web zone joins it.
    c.drag(c.bodyPoint("app"), c.at(QPointF(80, 80)));
    EXPECT_EQ(c.document->topology().node("app")->zone, "web");
    c.document->undoStack()->undo();
    EXPECT_EQ(c.document->topology().node("app")->zone, "");
}

TEST(Canvas, RubberBandSelectsAndDeleteRemovesThenUndoRestoresExactly)
{
    Canvas c;
    threeNodes(*c.document);
    ASSERT_TRUE(c.document->connect({"web", "out"}, {"app", "in"}));
    const Topology before = c.document->topology();
    const int commands = c.document->undoStack()->count();
    c.drag(c.at(QPointF(340, -60)), c.at(QPointF(600, 300)));
    EXPECT_EQ(c.scene->selectedNodeIds(), (std::vector<std::string>{"app", "files"}));
    QTest::keyClick(c.view.get(), Qt::Key_Delete);
    EXPECT_EQ(c.document->topology().nodes.size(), 1u);
    EXPECT_TRUE(c.document->topology().links.empty());
    EXPECT_EQ(c.document->undoStack()->count(), commands + 1);
    c.document->undoStack()->undo();
    EXPECT_EQ(c.document->topology(), before);
    EXPECT_NE(c.scene->nodeItem("files"), nullptr);
}

TEST(Canvas, ClickingALinkSelectsItAndDeleteRemovesIt)
{
    Canvas c;
    threeNodes(*c.document);
    ASSERT_TRUE(c.document->connect({"web", "out"}, {"app", "in"}));
    // Midway along the link, which runs straight between the two ports.
    const QPointF a = c.scene->nodeItem("web")->portScenePos("out", Direction::Out);
    const QPointF b = c.scene->nodeItem("app")->portScenePos("in", Direction::In);
    c.click(c.at((a + b) / 2));
    EXPECT_EQ(c.scene->selectedLinkKeys(), std::vector<std::string>{"web.out -> app.in"});
    EXPECT_TRUE(c.scene->selectedNodeIds().empty());
    QTest::keyClick(c.view.get(), Qt::Key_Delete);
    EXPECT_TRUE(c.document->topology().links.empty());
    EXPECT_EQ(c.document->topology().nodes.size(), 3u);
}

TEST(Canvas, AGestureSessionUndoesToTheStartAndRedoesToTheEnd)
{
    Canvas c;
    QString error;
    ASSERT_TRUE(c.document->load(test::examplePath("webshop.sky.yaml"), &error));
    const Topology start = c.document->topology();
    c.view->centerOn(QPointF(600, 120));
    QApplication::processEvents();
    c.drag(c.bodyPoint("cache"), c.bodyPoint("cache") + QPoint(0, 120));       // move
    c.scene->selectOnly({"dns"}, {});
    QTest::keyClick(c.view.get(), Qt::Key_Delete);                         // delete
    c.view->placeType("worker", QPointF(900, 400));                              // add
    c.drag(c.portPoint("app", "out", Direction::Out), c.portPoint("worker", "admin", Direction::In)); // link
    QTest::keyClick(c.view.get(), Qt::Key_Right);                          // nudge the worker
    const Topology end = c.document->topology();
    ASSERT_NE(end, start);
    EXPECT_EQ(end.node("dns"), nullptr);
    EXPECT_GE(end.linkIndex({"app", "out"}, {"worker", "admin"}), 0);
    QUndoStack *stack = c.document->undoStack();
    EXPECT_EQ(stack->count(), 5);
    while (stack->canUndo())
        stack->undo();
    EXPECT_EQ(c.document->topology(), start);
    EXPECT_FALSE(c.document->isModified());
    while (stack->canRedo())
        stack->redo();
    EXPECT_EQ(c.document->topology(), end);
    EXPECT_EQ(c.scene->nodeItem("cache")->pos(),
              QPointF(end.layout.nodes.at("cache").x, end.layout.nodes.at("cache").y));
}

TEST(Canvas, CopyAndPasteGoThroughTheClipboardAsADescriptorFragment)
{
    Canvas c;
    threeNodes(*c.document);
    ASSERT_TRUE(c.document->connect({"web", "out"}, {"app", "in"}));
    c.scene->selectOnly({"web", "app"}, {});
    c.view->copySelection();
    const QString text = QApplication::clipboard()->text();
    EXPECT_TRUE(text.startsWith(QLatin1String("skyplan: 1"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QLatin1String("web.out"))) << text.toStdString();
    ASSERT_TRUE(c.view->pasteClipboard());
    const Topology &t = c.document->topology();
    EXPECT_EQ(t.nodes.size(), 5u);
    EXPECT_GE(t.linkIndex({"web-2", "out"}, {"app-2", "in"}), 0);
    EXPECT_EQ(c.scene->selectedNodeIds(), (std::vector<std::string>{"app-2", "web-2"}));
    c.document->undoStack()->undo();
    EXPECT_EQ(c.document->topology().nodes.size(), 3u);
}

// A drag updates only the zones of the moving node and the zones around it
// (CanvasScene::updateZoneAreasOf); they must come out as the full
// computation from every node would make them, at every step.
TEST(Canvas, ZonesFollowADraggedNodeAsAFullRecomputeWould)
{
    Canvas c;
    Topology t;
    t.addZone({"outer", "Outer", {}, {}});
    t.addZone({"inner", "Inner", "outer", {}});
    t.addZone({"other", "Other", {}, {}});
    Node a{"a", "web_server"};
    a.zone = "inner";
    t.addNode(a, Point{0, 0});
    Node b{"b", "web_server"};
    b.zone = "inner";
    t.addNode(b, Point{0, 200});
    Node o{"o", "app_server"};
    o.zone = "outer";
    t.addNode(o, Point{400, 0});
    Node x{"x", "database"};
    x.zone = "other";
    t.addNode(x, Point{800, 600});
    c.document->reset(t);
    const auto zoneAreas = [&c] {
        std::map<std::string, QRectF> areas;
        for (QGraphicsItem *item : c.scene->items())
            if (auto *zone = qgraphicsitem_cast<ZoneItem *>(item))
                areas[zone->id()] = zone->area();
        return areas;
    };
    const std::map<std::string, QRectF> before = zoneAreas();
    ASSERT_EQ(before.size(), 3u);
    for (const QPointF to : {QPointF(-300, -100), QPointF(40, 500), QPointF(900, 900), QPointF(0, 0)}) {
        c.scene->previewMove({{"a", to}});
        const auto areas = zoneAreas();
        for (const auto &[id, area] : areas)
            EXPECT_EQ(area, c.scene->zoneArea(id)) << id << " at " << to.x() << ',' << to.y();
        EXPECT_EQ(areas.at("other"), before.at("other"));
    }
    EXPECT_EQ(zoneAreas(), before);
}

// A node with a long diagonal link is dragged: the view repaints bands
// along the link, not the rectangle around it (LinkLayer::dirty), and the
// link is still painted where it now runs.
TEST(Canvas, ADragRepaintsBandsAlongItsLinksNotTheirBoundingBox)
{
    Canvas c;
    Topology t;
    t.addNode(Node{"web", "web_server"}, Point{-200, -200});
    Node app{"app", "app_server"};
    app.properties["image"] = "shop:1";
    t.addNode(app, Point{900, 560});
    t.addLink({{"web", "out"}, {"app", "in"}, "http", 80, {}, {}});
    c.document->reset(t);
    QApplication::processEvents();
    struct Counter : QObject
    {
        double pixels = 0;
        bool eventFilter(QObject *, QEvent *event) override
        {
            if (event->type() == QEvent::Paint)
                for (const QRect &r : static_cast<QPaintEvent *>(event)->region())
                    pixels += double(r.width()) * r.height();
            return false;
        }
    } counter;
    c.view->viewport()->installEventFilter(&counter);
    const QRect box = c.view->mapFromScene(c.scene->linkLayer()->linkRect("web.out -> app.in")).boundingRect();
    c.scene->previewMove({{"web", QPointF(-180, -200)}});
    QApplication::processEvents();
    const double boxPixels = double(box.intersected(c.view->viewport()->rect()).width())
                             * box.intersected(c.view->viewport()->rect()).height();
    EXPECT_GT(counter.pixels, 0);
    EXPECT_LT(counter.pixels, boxPixels / 3) << "painted " << counter.pixels << " of a box of " << boxPixels;
    expectScreenAsAFullRepaintWould(c.view.get(), "after the drag");
}

// Far away (below 25 %) links are drawn straight from end to end, not along
// their curve: the bands a drag dirties must cover that line too, or the
// old line stays on screen and crossing links lose pieces.
TEST(Canvas, AFarAwayDragLeavesTheScreenAsAFullRepaintWould)
{
    Canvas c;
    Topology t;
    t.addNode(Node{"web", "web_server"}, Point{-2000, -1400});
    Node app{"app", "app_server"};
    app.properties["image"] = "shop:1";
    t.addNode(app, Point{2600, 1800});
    t.addNode(Node{"cache", "cache"}, Point{2600, -1400});
    t.addNode(Node{"lb", "load_balancer"}, Point{-2000, 1800});
    t.addLink({{"web", "out"}, {"app", "in"}, "http", 80, {}, {}});
    t.addLink({{"lb", "out"}, {"cache", "in"}, {}, {}, {}, {}});
    c.document->reset(t);
    c.view->setZoom(0.2, QPointF(300, 200));
    QApplication::processEvents();
    for (const QPointF to : {QPointF(-2000, 200), QPointF(-600, 1700), QPointF(-2000, -1400)}) {
        c.scene->previewMove({{"web", to}});
        QApplication::processEvents();
        expectScreenAsAFullRepaintWould(c.view.get(), "after moving to " + std::to_string(to.x()) + ',' + std::to_string(to.y()));
    }
}

// Far away a link that bows around a node is drawn along its curve, not
// straight (which would cut through that node): a drag must leave that
// curve on the screen as a full repaint draws it, when the link bows, when
// it stops bowing and when it bows again.
TEST(Canvas, AFarAwayDragOfABowedLinkLeavesTheScreenAsAFullRepaintWould)
{
    Canvas c;
    Topology t = sky::test::webAndApp(Point{0, 0}, Point{800, 0});
    t.addNode(Node{"cache", "cache"}, Point{400, 0}); // in the way
    c.document->reset(t);
    c.view->setZoom(0.2, QPointF(400, 0));
    QApplication::processEvents();
    const std::string key = "web.out -> app.in";
    ASSERT_GT(c.scene->linkLayer()->farPath(key).size(), 2) << "the link should go around the cache";
    // The app server moved (the link is rerouted with it): clear of the
    // cache the link runs plain and is drawn straight; back behind it, it
    // bows again.
    std::set<std::size_t> shapes;
    for (const QPointF to : {QPointF(800, 900), QPointF(800, 20), QPointF(700, -900), QPointF(800, 0)}) {
        c.scene->previewMove({{"app", to}});
        QApplication::processEvents();
        shapes.insert(std::size_t(c.scene->linkLayer()->farPath(key).size()));
        expectScreenAsAFullRepaintWould(c.view.get(), "after moving the app server to " + std::to_string(to.x()) + ',' + std::to_string(to.y()));
    }
    EXPECT_TRUE(shapes.count(2)) << "the link never ran plain";
    EXPECT_GT(*shapes.rbegin(), 2u) << "the link never bowed";
}

// Square routes (LinkLayer::square) run along lanes and gaps: a drag that
// moves such a link, or a node beside it, must repaint it exactly, near
// (per link, with arrows and labels) and far away (one batch of lines).
TEST(Canvas, ADragNearSquareRoutesLeavesTheScreenAsAFullRepaintWould)
{
    Canvas c;
    Topology t = sky::test::webAndApp(Point{0, 0}, Point{1200, 200});
    for (int row = -6; row <= 6; ++row) // a column of nodes with gaps between them
        t.addNode(Node{"wall" + std::to_string(row + 6), "file_storage"}, Point{600, row * 100.0});
    c.document->reset(t);
    ASSERT_EQ(c.scene->linkLayer()->linkPath("web.out -> app.in").size(), 6) << "routed square";
    for (const qreal zoom : {1.0, 0.2}) {
        c.view->setZoom(zoom, QPointF(600, 100));
        QApplication::processEvents();
        for (const QPointF to : {QPointF(0, 40), QPointF(-200, 300), QPointF(0, 0)}) {
            c.scene->previewMove({{"web", to}});
            QApplication::processEvents();
            expectScreenAsAFullRepaintWould(c.view.get(), "web at " + std::to_string(to.x()) + ',' + std::to_string(to.y())
                                                              + " zoom " + std::to_string(zoom));
        }
        c.scene->previewMove({{"wall7", QPointF(640, 120)}}); // into the lane the link takes
        QApplication::processEvents();
        expectScreenAsAFullRepaintWould(c.view.get(), "wall moved, zoom " + std::to_string(zoom));
        c.scene->previewMove({{"wall7", QPointF(600, 100)}});
        QApplication::processEvents();
    }
}

// A diagonal pan exposes an L of two strips, which CanvasView paints strip
// by strip: what is on screen must be what a full repaint draws.
// At 125 % every node starts half a device pixel into a pixel; a pan that
// moves a node across the view's edges copies part of it and repaints the
// rest, and both parts must land on the same pixels (NodeItem snaps the
// node to a whole pixel, rounding halves the same way wherever it is).
TEST(Canvas, APanAtAFractionalZoomLeavesTheScreenAsAFullRepaintWould)
{
    Canvas c;
    threeNodes(*c.document);
    Topology t = c.document->topology();
    t.addNode(Node{"far", "cache"}, Point{-2000, -2000}); // room to scroll "web" past the corner
    c.document->reset(t);
    c.view->setZoom(1.25, QPointF(400, 200));
    QApplication::processEvents();
    // "web" (its top left corner, less the port and badge room) just past the
    // view's top left corner, so that the pans below move it across.
    const QPointF corner = c.view->viewportTransform().map(QPointF(-10, -10));
    ASSERT_EQ(corner.x() - std::floor(corner.x()), 0.5) << "a node should start half a pixel in";
    c.view->horizontalScrollBar()->setValue(c.view->horizontalScrollBar()->value() + int(corner.x() + 7.5));
    c.view->verticalScrollBar()->setValue(c.view->verticalScrollBar()->value() + int(corner.y() + 7.5));
    QApplication::processEvents();
    ASSERT_EQ(c.view->viewportTransform().map(QPointF(-10, -10)), QPointF(-7.5, -7.5));
    c.view->viewport()->update();
    QApplication::processEvents();
    expectPansAsAFullRepaintWould(c, {QPoint(7, 3), QPoint(-13, 9), QPoint(21, -17), QPoint(-5, -5)});
}

TEST(Canvas, ADiagonalPanLeavesTheScreenAsAFullRepaintWould)
{
    Canvas c;
    threeNodes(*c.document);
    QApplication::processEvents();
    expectPansAsAFullRepaintWould(c, {QPoint(30, 10), QPoint(-45, 25), QPoint(60, -35)});
}

// Node items hang under holders, one for each area of the canvas, so that
// Qt's walk over the top-level items after each change (a fifth of a drag
// step at 20,000 nodes) stays short. A node moved across the canvas goes to
// the holder of its new area, and is drawn and hit there; undone, it goes back.
TEST(Canvas, NodesHangUnderAFewHoldersEachKeepingToOneArea)
{
    GeneratorOptions options;
    options.nodes = 2000;
    Canvas c;
    c.document->reset(generateTopology(Catalog::builtin(), options));
    QApplication::processEvents();
    const auto topLevel = [&c] {
        const QList<QGraphicsItem *> items = c.scene->items();
        return std::count_if(items.begin(), items.end(), [](const QGraphicsItem *i) { return !i->parentItem(); });
    };
    EXPECT_LT(topLevel(), 2000 / 5) << "nodes at the top level";
    // Every holder's nodes stand within one area: a holder is drawn with all
    // its children, so one spread over the canvas would be drawn for any
    // repaint anywhere.
    const auto expectCompactHolders = [&c](const std::string &when) {
        for (const QGraphicsItem *item : c.scene->items()) {
            if (item->parentItem() || item->childItems().isEmpty())
                continue;
            QRectF spread;
            for (const QGraphicsItem *child : item->childItems())
                spread = spread.united(QRectF(child->pos(), QSizeF(1, 1)));
            EXPECT_LE(spread.width(), 1000) << when;
            EXPECT_LE(spread.height(), 600) << when;
        }
    };
    expectCompactHolders("on opening");

    const std::string id = "web_server-7";
    NodeItem *item = c.scene->nodeItem(id);
    ASSERT_NE(item, nullptr);
    const QPointF before = item->pos();
    const QRectF all = c.scene->contentsRect();
    const Point far{all.right() + 3000, all.bottom() + 2000}; // clear of every other node
    c.document->moveNodes({{id, far}});
    QApplication::processEvents();
    EXPECT_EQ(item->pos(), QPointF(far.x, far.y));
    expectCompactHolders("after the move");
    c.view->centerOn(QPointF(far.x, far.y));
    QApplication::processEvents();
    c.click(c.bodyPoint(id));
    EXPECT_EQ(c.scene->selectedNodeIds(), std::vector<std::string>{id}) << "not hit where it landed";
    expectScreenAsAFullRepaintWould(c.view.get(), "after the far move");
    c.document->undoStack()->undo();
    QApplication::processEvents();
    EXPECT_EQ(item->pos(), before);
    expectCompactHolders("after the undo");
}

// Every link is found under the mouse along its whole way, whatever edits
// came before: links added, one removed from the middle (the last takes its
// slot), a node moved so its links reroute, and the removal undone. The link
// layer keeps its links' bounds apart from the links themselves; a bound
// left behind by an edit would make the link unhittable (and undrawn).
TEST(Canvas, EveryLinkIsHitAlongItsWayAfterEdits)
{
    Canvas c;
    Topology t;
    t.addNode(Node{"lb", "load_balancer"}, Point{0, 0});
    for (int i = 0; i < 4; ++i)
        t.addNode(Node{"web" + std::to_string(i), "web_server"}, Point{400, i * 150.0 - 200});
    c.document->reset(t);
    for (int i = 0; i < 4; ++i)
        ASSERT_TRUE(c.document->connect({"lb", "out"}, {"web" + std::to_string(i), "in"}));
    const auto expectAllHit = [&c](const std::vector<std::string> &keys, const std::string &when) {
        const LinkLayer *links = c.scene->linkLayer();
        for (const std::string &key : keys) {
            const QPolygonF path = links->linkPath(key);
            ASSERT_GE(path.size(), 2) << key << ' ' << when;
            for (int i = 1; i < path.size(); i += 3) {
                const QPointF p = (path[i - 1] + path[i]) / 2;
                EXPECT_EQ(links->linkAt(p, 3), key) << "at " << p.x() << ',' << p.y() << ' ' << when;
            }
        }
    };
    const std::vector<std::string> all = {"lb.out -> web0.in", "lb.out -> web1.in", "lb.out -> web2.in",
                                          "lb.out -> web3.in"};
    expectAllHit(all, "after linking");
    c.document->remove({}, {"lb.out -> web1.in"});
    const std::vector<std::string> rest = {"lb.out -> web0.in", "lb.out -> web2.in", "lb.out -> web3.in"};
    expectAllHit(rest, "after removing one");
    c.document->moveNodes({{"lb", Point{-300, 500}}});
    QApplication::processEvents();
    expectAllHit(rest, "after moving their start");
    c.document->undoStack()->undo();
    c.document->undoStack()->undo();
    QApplication::processEvents();
    expectAllHit(all, "after undoing both");
}

// A team catalog's router with two inputs and three outputs. Its port names
// are drawn beside the body, where they cover neither the icon, the title
// nor a corner badge, within what the item reports as its bounds (and the
// scene's index knows). A node with one port a side shows no names, and
// lighting its ports (as drawing a link does, on thousands of nodes at a
// time) leaves its geometry alone.
TEST(Canvas, PortNamesAreDrawnBesideTheNodeClearOfItsBody)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    std::ofstream(dir.filePath(QStringLiteral("team.yaml")).toStdString())
        << "catalog: 1\ntypes:\n  edge_router:\n    name: Edge router\n    tier: network\n    icon: router\n"
           "    description: Three uplinks.\n    terminals:\n"
           "      - {name: wan, direction: in, protocols: [any], links: many}\n"
           "      - {name: lan, direction: in, protocols: [any], links: many}\n"
           "      - {name: primary, direction: out, protocols: [any], links: many}\n"
           "      - {name: backup, direction: out, protocols: [any], links: many}\n"
           "      - {name: management, direction: out, protocols: [any], links: many}\n";
    std::ofstream(dir.filePath(QStringLiteral("t.sky.yaml")).toStdString())
        << "skyplan: 1\nname: ports\ncatalogs: [team.yaml]\nnodes:\n"
           "  r1: {type: edge_router, replicas: 3}\n  web: {type: web_server}\n"
           "layout:\n  nodes:\n    r1: [0, 0]\n    web: [0, 400]\n";
    Canvas c;
    QString error;
    ASSERT_TRUE(c.document->load(dir.filePath(QStringLiteral("t.sky.yaml")), &error)) << error.toStdString();
    QApplication::processEvents();
    NodeItem *router = c.scene->nodeItem("r1");
    ASSERT_NE(router, nullptr);
    ASSERT_EQ(router->ports().size(), 5u);

    // The item alone, at twice the size, on a transparent image: any ink in
    // a name's rectangle is the name.
    const QRectF bounds = router->boundingRect();
    QImage image((bounds.size() * 2).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter p(&image);
        p.scale(2, 2);
        p.translate(-bounds.topLeft());
        QStyleOptionGraphicsItem option;
        option.exposedRect = bounds;
        router->paint(&p, &option, nullptr);
    }
    const auto inked = [&](const QRectF &r) {
        const QRect pixels = QRectF((r.topLeft() - bounds.topLeft()) * 2, r.size() * 2).toAlignedRect();
        int count = 0;
        for (int y = pixels.top(); y <= pixels.bottom(); ++y)
            for (int x = pixels.left(); x <= pixels.right(); ++x)
                count += image.valid(x, y) && qAlpha(image.pixel(x, y)) > 0;
        return count;
    };
    for (std::size_t i = 0; i < router->ports().size(); ++i) {
        const QRectF name = router->portNameRect(i);
        SCOPED_TRACE(router->ports()[i].name);
        EXPECT_TRUE(name.right() <= 0 || name.left() >= NodeItem::kWidth) << "a name over the body";
        EXPECT_TRUE(bounds.contains(name)) << "a name outside the item's bounds leaves trails";
        for (std::size_t j = 0; j < i; ++j)
            EXPECT_FALSE(name.intersects(router->portNameRect(j))) << "over " << router->ports()[j].name;
        EXPECT_GT(inked(name), 10) << "the name is not drawn where it is said to be";
        EXPECT_TRUE(c.scene->items(router->mapRectToScene(name), Qt::IntersectsItemBoundingRect).contains(router))
            << "the index does not know";
    }

    NodeItem *web = c.scene->nodeItem("web");
    const QRectF plain = web->boundingRect();
    ASSERT_FALSE(web->ports().empty());
    EXPECT_FALSE(plain.contains(web->portNameRect(0))) << "room for names that are not shown";
    web->setPortStates(std::vector<NodeItem::PortState>(web->ports().size(), NodeItem::PortState::Compatible));
    EXPECT_EQ(web->boundingRect(), plain) << "lit ports changed the geometry";
    web->clearPortStates();
    EXPECT_EQ(web->boundingRect(), plain);
}

// A node's body, ports and replica badge come from pixmaps shared by nodes
// that look alike (NodeItem's chrome cache): what the node shows must follow
// its own replicas, selection and lit ports, and come back when they do.
TEST(Canvas, ANodesChromeFollowsItsReplicasSelectionAndPorts)
{
    Canvas c;
    threeNodes(*c.document);
    QApplication::processEvents();
    const auto shot = [&c](const std::string &id) {
        const NodeItem *item = c.scene->nodeItem(id);
        const QRect area = c.view->mapFromScene(item->sceneBoundingRect()).boundingRect();
        c.view->viewport()->update();
        QApplication::processEvents();
        return c.view->viewport()->grab(area).toImage();
    };
    const QImage one = shot("web");
    c.document->setReplicas("web", 3);
    QApplication::processEvents();
    const QImage three = shot("web");
    EXPECT_NE(one, three) << "the replica badge did not change";
    c.document->setReplicas("web", 1);
    QApplication::processEvents();
    EXPECT_EQ(one, shot("web")) << "back to one replica";
    c.scene->nodeItem("web")->setSelected(true);
    const QImage selected = shot("web");
    EXPECT_NE(one, selected) << "selection does not show";
    c.scene->nodeItem("web")->setSelected(false);
    EXPECT_EQ(one, shot("web"));
    // Lit ports, as while a link is being drawn, are drawn on the node itself.
    NodeItem *web = c.scene->nodeItem("web");
    web->setPortStates(std::vector<NodeItem::PortState>(web->ports().size(), NodeItem::PortState::Compatible));
    const QImage lit = shot("web");
    EXPECT_NE(one, lit) << "lit ports do not show";
    web->clearPortStates();
    EXPECT_EQ(one, shot("web"));
}

// The chrome cache keys its pixmaps by the device pixel ratio as well as the
// scale: a HiDPI screen at 100 % (ratio 2, scale 1) and a picture exported at
// twice the size (ratio 1, scale 2) both draw two device pixels a unit, but
// a pixmap made for one comes out at half or twice the size in the other.
TEST(Canvas, ANodeLooksTheSameAtTwiceTheScaleAndAtTwiceTheRatio)
{
    Canvas c;
    threeNodes(*c.document);
    c.document->setReplicas("app", 2);
    QApplication::processEvents();
    const QRectF source = c.scene->itemsBoundingRect();
    const QSize size = (source.size() * 2).toSize();
    const auto render = [&](qreal ratio) {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        image.setDevicePixelRatio(ratio);
        QPainter p(&image);
        c.scene->render(&p, QRectF(QPointF(0, 0), QSizeF(size) / ratio), source);
        p.end();
        image.setDevicePixelRatio(1);
        return image;
    };
    const QImage scaled = render(1); // first: its pixmaps are in the cache when the next one looks
    const QImage hiDpi = render(2);
    ASSERT_EQ(scaled.size(), hiDpi.size());
    int differ = 0;
    for (int y = 0; y < scaled.height(); ++y)
        for (int x = 0; x < scaled.width(); ++x) {
            const QColor a = scaled.pixelColor(x, y), b = hiDpi.pixelColor(x, y);
            differ += std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue()) > 96;
        }
    // Text is hinted a little differently at the two ratios: a few pixels.
    EXPECT_LT(differ, scaled.width() * scaled.height() / 50) << differ << " of " << scaled.width() * scaled.height();
}

namespace {
QLineEdit *renameEditor(const Canvas &c)
{
    QLineEdit *editor = c.view->viewport()->findChild<QLineEdit *>(QStringLiteral("inPlaceLabelEditor"));
    return editor && editor->isVisible() ? editor : nullptr;
}
} // namespace

TEST(Canvas, DoubleClickRenamesInPlaceAsOneUndoableStep)
{
    Canvas c;
    threeNodes(*c.document);
    c.mouse(QEvent::MouseButtonDblClick, c.bodyPoint("app"), Qt::LeftButton, Qt::LeftButton);
    QLineEdit *editor = renameEditor(c);
    ASSERT_NE(editor, nullptr);
    EXPECT_TRUE(c.view->isRenaming());
    EXPECT_EQ(editor->text(), QStringLiteral("app")); // no label yet: the id
    editor->setText(QStringLiteral("  Orders API "));
    QTest::keyClick(editor, Qt::Key_Return);
    QApplication::processEvents();
    EXPECT_EQ(renameEditor(c), nullptr);
    EXPECT_FALSE(c.view->isRenaming());
    EXPECT_EQ(c.document->topology().node("app")->label, "Orders API");
    EXPECT_EQ(c.document->undoStack()->count(), 1);
    c.document->undoStack()->undo();
    EXPECT_EQ(c.document->topology().node("app")->label, "");
}

TEST(Canvas, EscapeCancelsARenameInPlace)
{
    Canvas c;
    threeNodes(*c.document);
    const Topology before = c.document->topology();
    c.scene->selectOnly({"web"}, {});
    c.mouse(QEvent::MouseButtonDblClick, c.bodyPoint("web"), Qt::LeftButton, Qt::LeftButton);
    QLineEdit *editor = renameEditor(c);
    ASSERT_NE(editor, nullptr);
    editor->setText(QStringLiteral("typed, then thought better of it"));
    QTest::keyClick(editor, Qt::Key_Escape);
    QApplication::processEvents();
    EXPECT_EQ(renameEditor(c), nullptr);
    EXPECT_EQ(c.document->topology(), before);
    EXPECT_EQ(c.document->undoStack()->count(), 0);
    // Escape closed the editor only; on the canvas it clears the selection.
    EXPECT_EQ(c.scene->selectedNodeIds(), std::vector<std::string>{"web"});
}

TEST(Canvas, RenameOfTheSelectionNeedsOneNodeAndFollowsPanAndZoom)
{
    Canvas c;
    threeNodes(*c.document);
    c.scene->selectOnly({"web", "app"}, {});
    EXPECT_FALSE(c.view->renameSelection()); // two nodes: nothing to rename
    EXPECT_EQ(renameEditor(c), nullptr);
    c.scene->selectOnly({"files"}, {});
    ASSERT_TRUE(c.view->renameSelection());
    QLineEdit *editor = renameEditor(c);
    ASSERT_NE(editor, nullptr);
    const auto expectedTopLeft = [&c] {
        return c.view->mapFromScene(c.scene->nodeItem("files")->mapToScene(QPointF(48, 8)));
    };
    EXPECT_LE((editor->geometry().topLeft() - expectedTopLeft()).manhattanLength(), 1);
    c.view->horizontalScrollBar()->setValue(c.view->horizontalScrollBar()->value() + 37);
    c.view->verticalScrollBar()->setValue(c.view->verticalScrollBar()->value() - 23);
    QApplication::processEvents();
    EXPECT_LE((editor->geometry().topLeft() - expectedTopLeft()).manhattanLength(), 1) << "after a pan";
    c.view->zoomBy(1.5);
    QApplication::processEvents();
    EXPECT_LE((editor->geometry().topLeft() - expectedTopLeft()).manhattanLength(), 1) << "after a zoom";
    EXPECT_GE(editor->width(), (NodeItem::kWidth - 52) * c.view->zoom() - 2);
    EXPECT_GE(editor->width(), editor->fontMetrics().horizontalAdvance(QStringLiteral("Checkout API v2"))); // readable
    editor->setText(QStringLiteral("Invoices"));
    QTest::keyClick(editor, Qt::Key_Enter);
    EXPECT_EQ(c.document->topology().node("files")->label, "Invoices");

    // A node that goes while its editor is open takes the editor with it.
    c.scene->selectOnly({"web"}, {});
    ASSERT_TRUE(c.view->renameSelection());
    c.document->remove({"web"}, {});
    QApplication::processEvents();
    EXPECT_FALSE(c.view->isRenaming());
    EXPECT_EQ(renameEditor(c), nullptr);
}

TEST(Canvas, PlusMinusAndCtrlWheelZoomAboutTheirAnchor)
{
    Canvas c;
    threeNodes(*c.document);
    ASSERT_DOUBLE_EQ(c.view->zoom(), 1.0);
    QTest::keyClick(c.view.get(), Qt::Key_Plus);
    EXPECT_DOUBLE_EQ(c.view->zoom(), 1.25);
    QTest::keyClick(c.view.get(), Qt::Key_Equal); // + without Shift
    EXPECT_DOUBLE_EQ(c.view->zoom(), 1.25 * 1.25);
    QTest::keyClick(c.view.get(), Qt::Key_Minus);
    QTest::keyClick(c.view.get(), Qt::Key_Minus);
    EXPECT_NEAR(c.view->zoom(), 1.0, 1e-9);
    // Ctrl+wheel zooms about the point under the mouse, which stays put.
    const QPoint mouse = c.bodyPoint("app");
    const QPointF under = c.view->mapToScene(mouse);
    QWheelEvent wheel(QPointF(mouse), c.view->viewport()->mapToGlobal(QPointF(mouse)), QPoint(), QPoint(0, 120),
                      Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(c.view->viewport(), &wheel);
    EXPECT_GT(c.view->zoom(), 1.1);
    EXPECT_LE((c.view->mapFromScene(under) - mouse).manhattanLength(), 2);
    // The nodes were not touched.
    EXPECT_EQ(c.document->undoStack()->count(), 0);
}

TEST(Canvas, MiddleDragAndSpaceDragPanWithoutMovingANode)
{
    Canvas c;
    threeNodes(*c.document);
    const Topology before = c.document->topology();
    const auto sceneAtCentre = [&c] { return c.view->mapToScene(c.view->viewport()->rect().center()); };
    // Middle button, pressed on a node: the canvas moves, the node does not.
    QPointF start = sceneAtCentre();
    const QPoint from = c.bodyPoint("app");
    c.mouse(QEvent::MouseButtonPress, from, Qt::MiddleButton, Qt::MiddleButton);
    for (int i = 1; i <= 4; ++i)
        c.mouse(QEvent::MouseMove, from + QPoint(-20 * i, -10 * i), Qt::NoButton, Qt::MiddleButton);
    c.mouse(QEvent::MouseButtonRelease, from + QPoint(-80, -40), Qt::MiddleButton, Qt::NoButton);
    QApplication::processEvents();
    EXPECT_NEAR(sceneAtCentre().x() - start.x(), 80, 2);
    EXPECT_NEAR(sceneAtCentre().y() - start.y(), 40, 2);
    // Space held, left drag on a node: the same.
    start = sceneAtCentre();
    QTest::keyPress(c.view.get(), Qt::Key_Space);
    c.drag(c.bodyPoint("web"), c.bodyPoint("web") + QPoint(60, 30));
    QTest::keyRelease(c.view.get(), Qt::Key_Space);
    EXPECT_NEAR(sceneAtCentre().x() - start.x(), -60, 2);
    EXPECT_NEAR(sceneAtCentre().y() - start.y(), -30, 2);
    EXPECT_EQ(c.document->topology(), before);
    EXPECT_EQ(c.document->undoStack()->count(), 0);
    // Without space, the same drag moves the node.
    c.drag(c.bodyPoint("web"), c.bodyPoint("web") + QPoint(60, 40));
    EXPECT_NE(c.document->topology(), before);
}

TEST(Canvas, DuplicatesGoBelowTheirOriginalClearOfEveryNodeWithTheNextNumber)
{
    Canvas c;
    threeNodes(*c.document);
    for (int i = 0; i < 3; ++i) {
        c.scene->selectOnly({"web"}, {});
        c.view->duplicateSelection();
    }
    const auto &places = c.document->topology().layout.nodes;
    ASSERT_EQ(places.size(), 6u);
    for (const char *id : {"web-2", "web-3", "web-4"}) {
        ASSERT_TRUE(places.count(id)) << id;
        EXPECT_EQ(places.at(id).x, places.at("web").x) << id; // in the original's column
        EXPECT_GT(places.at(id).y, places.at("web").y) << id;
    }
    for (auto a = places.begin(); a != places.end(); ++a)
        for (auto b = std::next(a); b != places.end(); ++b)
            EXPECT_FALSE(QRectF(a->second.x, a->second.y, NodeItem::kWidth, NodeItem::kHeight)
                             .intersects(QRectF(b->second.x, b->second.y, NodeItem::kWidth, NodeItem::kHeight)))
                << a->first << " lies on " << b->first;
    // A copy of a copy counts on: web-4 -> web-5, not web-4-2.
    c.scene->selectOnly({"web-4"}, {});
    c.view->duplicateSelection();
    EXPECT_EQ(c.scene->selectedNodeIds(), std::vector<std::string>{"web-5"});
    EXPECT_EQ(c.document->undoStack()->count(), 4);
}
