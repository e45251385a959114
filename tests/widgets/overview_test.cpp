// The overview (minimap): shows the whole topology, frames what the canvas
// shows, and a click there moves the canvas.
#include "overviewwidget.h"
#include "testutil.h"

#include <gtest/gtest.h>

using namespace sky;
using sky::test::Canvas;

TEST(Overview, FramesTheCanvasAndAClickMovesIt)
{
    Canvas c;
    Topology t;
    for (int i = 0; i < 40; ++i)
        t.addNode(Node{"n" + std::to_string(i), "app_server"}, Point{double(i % 8) * 400, double(i / 8) * 300});
    c.document->reset(t);
    OverviewWidget overview(c.view.get());
    overview.resize(300, 200);
    overview.show();
    overview.refreshNow();
    c.view->resetZoom();
    c.view->centerOn(QPointF(0, 0));
    QApplication::processEvents();

    // The picture covers every node.
    EXPECT_TRUE(overview.sceneRectShown().contains(c.scene->contentsRect()));
    const QRectF frame = overview.visibleFrame();
    ASSERT_FALSE(frame.isEmpty());
    // At 100% on a 1200×800 view, the frame is a part of the overview, not all of it.
    EXPECT_LT(frame.width(), 290);

    // A click near the bottom right corner brings that part of the canvas into view.
    const QPointF corner = QPointF(overview.width() - 10, overview.height() - 10);
    QTest::mouseClick(&overview, Qt::LeftButton, {}, corner.toPoint());
    const QPointF centre = c.view->mapToScene(c.view->viewport()->rect().center());
    const QPointF wanted = overview.toScene(corner);
    EXPECT_LT(QLineF(centre, wanted).length(), 700) << centre.x() << "," << centre.y();
    EXPECT_GT(centre.x(), 1500);
    // And the frame follows.
    QApplication::processEvents();
    EXPECT_GT(overview.visibleFrame().center().x(), frame.center().x());
}
