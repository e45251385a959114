// The rough edges a new user hit (issue 24, item 3), each driven through
// the real widget.
#include "testutil.h"

#include <QPalette>
#include <QScreen>
#include <QStyle>

#include <gtest/gtest.h>

using namespace sky;
using sky::test::Canvas;

namespace {

// What the window shows now (its backing store), not a fresh paint.
QImage onScreen(QWidget *widget)
{
    return QGuiApplication::primaryScreen()->grabWindow(widget->window()->winId()).toImage();
}

QPalette darkPalette()
{
    QPalette p = QApplication::palette();
    p.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    p.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    return p;
}

} // namespace

TEST(RoughEdges, ThemeSwitchRepaintsTheCanvasBackgroundAtOnce)
{
    const QPalette before = QApplication::palette();
    Canvas c;
    c.document->reset(sky::test::webAndApp({0, 0}, {400, 0}));
    c.view->resetZoom();
    c.view->centerOn(QPointF(300, 200));
    QApplication::processEvents();
    // An empty spot of the canvas, well away from the nodes.
    const QPoint empty = c.view->viewport()->mapTo(c.view->window(), c.at(QPointF(311, 509)));
    const QColor light = onScreen(c.view.get()).pixelColor(empty);
    EXPECT_EQ(light.rgb(), before.color(QPalette::Base).darker(103).rgb());

    const QPalette dark = darkPalette();
    QApplication::setPalette(dark);
    QApplication::processEvents();
    const QColor shown = onScreen(c.view.get()).pixelColor(empty);
    QApplication::setPalette(before);
    QApplication::processEvents();
    EXPECT_EQ(shown.rgb(), dark.color(QPalette::Base).darker(103).rgb()) << "the canvas kept the old palette's background";
}
