#pragma once

#include "canvasscene.h"
#include "canvasview.h"
#include "document.h"
#include "nodeitem.h"

#include <QApplication>
#include <QMouseEvent>
#include <QTest>

#include <memory>

namespace sky::test {

inline QString examplePath(const char *name)
{
    return QStringLiteral(SKYPLAN_EXAMPLES "/") + QLatin1String(name);
}

// A document, its scene and a shown view, as the main window holds them.
struct Canvas
{
    Canvas()
        : document(std::make_unique<Document>())
        , scene(std::make_unique<CanvasScene>(document.get()))
        , view(std::make_unique<CanvasView>(scene.get()))
    {
        view->resize(1200, 800);
        view->show();
        view->resetZoom();
        view->centerOn(QPointF(400, 200));
        QApplication::processEvents();
    }

    QPoint at(QPointF scenePos) const { return view->mapFromScene(scenePos); }
    QPoint portPoint(const std::string &node, const std::string &terminal, Direction d) const
    {
        return at(scene->nodeItem(node)->portScenePos(terminal, d));
    }
    QPoint bodyPoint(const std::string &node) const
    {
        return at(scene->nodeItem(node)->pos() + QPointF(NodeItem::kWidth / 2, NodeItem::kHeight / 2));
    }

    void mouse(QEvent::Type type, QPoint pos, Qt::MouseButton button, Qt::MouseButtons buttons,
               Qt::KeyboardModifiers modifiers = Qt::NoModifier) const
    {
        QWidget *viewport = view->viewport();
        QMouseEvent event(type, QPointF(pos), viewport->mapToGlobal(QPointF(pos)), button, buttons, modifiers);
        QApplication::sendEvent(viewport, &event);
    }
    // Press, move in steps, release: what a hand on a mouse does.
    void drag(QPoint from, QPoint to, Qt::KeyboardModifiers modifiers = Qt::NoModifier) const
    {
        mouse(QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton, modifiers);
        for (int i = 1; i <= 5; ++i)
            mouse(QEvent::MouseMove, from + (to - from) * i / 5, Qt::NoButton, Qt::LeftButton, modifiers);
        mouse(QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton, modifiers);
        QApplication::processEvents();
    }
    void click(QPoint pos) const { drag(pos, pos); }

    std::unique_ptr<Document> document;
    std::unique_ptr<CanvasScene> scene;
    std::unique_ptr<CanvasView> view;
};

// A web server at `web` and an app server (with its image set) at `app`,
// the link between them if `linked`.
inline Topology webAndApp(Point web, Point app, bool linked = true)
{
    Topology t;
    t.addNode(Node{"web", "web_server"}, web);
    Node server{"app", "app_server"};
    server.properties["image"] = "shop:1";
    t.addNode(server, app);
    if (linked)
        t.addLink({{"web", "out"}, {"app", "in"}, "http", 80, {}, {}});
    return t;
}

} // namespace sky::test
