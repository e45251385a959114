#include "canvasview.h"

#include "canvasscene.h"
#include "document.h"
#include "linklayer.h"
#include "nodeitem.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QGraphicsPathItem>
#include <QScrollBar>

#include <algorithm>
#include <cmath>

namespace sky {

CanvasView::CanvasView(CanvasScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
{
    setDragMode(RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    setViewportUpdateMode(MinimalViewportUpdate);
    setOptimizationFlags(DontAdjustForAntialiasing);
    setCacheMode(CacheBackground);
    setAcceptDrops(true);
    viewport()->setAcceptDrops(true);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    connect(document(), &Document::changed, this, [this] {
        updateSceneRect();
        placeRenameEditor(); // the node may have moved
    });
    connect(this, &CanvasView::zoomChanged, this, &CanvasView::placeRenameEditor);
    updateSceneRect();
}

Document *CanvasView::document() const
{
    return m_scene->document();
}

QPointF CanvasView::snap(QPointF p)
{
    const double g = Document::kGrid;
    return QPointF(std::round(p.x() / g) * g, std::round(p.y() / g) * g);
}

qreal CanvasView::zoom() const
{
    return transform().m11();
}

void CanvasView::setZoom(qreal zoom, QPointF anchorScene)
{
    m_autoFit = false;
    zoom = std::clamp(zoom, 0.02, 4.0);
    const QPoint anchorView = mapFromScene(anchorScene);
    setTransform(QTransform::fromScale(zoom, zoom));
    // Keep the anchor under the same viewport point.
    const QPointF moved = mapFromScene(anchorScene) - anchorView;
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() + int(moved.x()));
    verticalScrollBar()->setValue(verticalScrollBar()->value() + int(moved.y()));
    emit zoomChanged(zoom);
}

void CanvasView::zoomBy(qreal factor)
{
    setZoom(zoom() * factor, mapToScene(viewport()->rect().center()));
}

void CanvasView::resetZoom()
{
    setZoom(1.0, mapToScene(viewport()->rect().center()));
}

void CanvasView::fitAll()
{
    const QRectF rect = m_scene->contentsRect();
    if (rect.isEmpty()) {
        resetZoom();
        return;
    }
    const bool autoFit = m_autoFit;
    fitInView(rect.adjusted(-40, -40, 40, 40), Qt::KeepAspectRatio);
    if (zoom() > 1.5)
        setZoom(1.5, rect.center());
    m_autoFit = autoFit;
    centerOn(rect.center());
    emit zoomChanged(zoom());
}

void CanvasView::fitAllWhenShown()
{
    m_autoFit = true;
    fitAll();
}

void CanvasView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_autoFit)
        fitAll();
}

void CanvasView::centerOnSubjects(const std::vector<std::string> &subjects)
{
    const QRectF rect = m_scene->subjectsRect(subjects);
    if (rect.isEmpty())
        return;
    const QRectF visible = mapToScene(viewport()->rect()).boundingRect();
    if (rect.width() > visible.width() || rect.height() > visible.height()) {
        fitInView(rect.adjusted(-60, -60, 60, 60), Qt::KeepAspectRatio);
        emit zoomChanged(zoom());
    }
    centerOn(rect.center());
}

void CanvasView::selectAndCentre(const std::vector<std::string> &subjects)
{
    std::vector<std::string> nodes;
    std::vector<std::string> links;
    for (const std::string &s : subjects)
        (s.find(" -> ") == std::string::npos ? nodes : links).push_back(s);
    // A finding about a zone alone (SP-EMPTY-ZONE): the zone is selected.
    const Topology &t = document()->topology();
    if (links.empty() && nodes.size() == 1 && !t.node(nodes.front()) && t.zone(nodes.front()))
        m_scene->selectZone(nodes.front());
    else
        m_scene->selectOnly(nodes, links);
    centerOnSubjects(subjects);
}

void CanvasView::selectAndZoomTo(const std::vector<std::string> &subjects, qreal minZoom)
{
    selectAndCentre(subjects);
    const QRectF rect = m_scene->subjectsRect(subjects);
    if (rect.isEmpty() || zoom() >= minZoom)
        return;
    const QSizeF room = QSizeF(viewport()->size()) / minZoom;
    if (rect.width() + 120 <= room.width() && rect.height() + 120 <= room.height()) {
        setZoom(minZoom, rect.center());
        centerOn(rect.center());
    }
}

void CanvasView::zoomToSelection()
{
    std::vector<std::string> subjects = m_scene->selectedNodeIds();
    for (const std::string &key : m_scene->selectedLinkKeys())
        subjects.push_back(key);
    const QRectF rect = m_scene->subjectsRect(subjects);
    if (rect.isEmpty()) {
        emit statusMessage(tr("Select something to zoom to."), 3000);
        return;
    }
    const QRectF padded = rect.adjusted(-60, -60, 60, 60);
    const qreal fit = std::min(viewport()->width() / padded.width(), viewport()->height() / padded.height());
    setZoom(std::min(fit, 1.5), rect.center());
    centerOn(rect.center());
}

void CanvasView::updateSceneRect()
{
    // Room around the contents to pan into and to drop new nodes.
    QRectF rect = m_scene->contentsRect();
    if (rect.isEmpty())
        rect = QRectF(0, 0, 800, 600);
    setSceneRect(rect.adjusted(-1500, -1000, 1500, 1000));
}

std::string CanvasView::placeType(const std::string &type, QPointF scenePos)
{
    if (m_readOnly)
        return {};
    const QPointF topLeft = snap(scenePos - QPointF(NodeItem::kWidth / 2, NodeItem::kHeight / 2));
    const std::string zone = m_scene->zoneAt(scenePos);
    const std::string id = document()->addNode(type, topLeft, zone);
    if (!id.empty())
        m_scene->selectOnly({id}, {});
    return id;
}

// No node within a grid step of `sceneRect` (the scene's index is asked).
bool CanvasView::isClear(const QRectF &sceneRect) const
{
    const auto hits = m_scene->items(sceneRect.adjusted(-Document::kGrid, -Document::kGrid, Document::kGrid, Document::kGrid),
                                     Qt::IntersectsItemBoundingRect);
    return std::none_of(hits.begin(), hits.end(), [](const QGraphicsItem *i) { return i->type() == NodeItem::Type; });
}

// At the centre, or in the nearest free place around it: placing types one
// after another from the palette must not pile them on one spot.
void CanvasView::placeTypeAtCenter(const std::string &type)
{
    const QPointF centre = mapToScene(viewport()->rect().center());
    const auto isFree = [this](QPointF middle) {
        const QPointF topLeft = snap(middle - QPointF(NodeItem::kWidth / 2, NodeItem::kHeight / 2));
        return isClear(QRectF(topLeft, QSizeF(NodeItem::kWidth, NodeItem::kHeight)));
    };
    // Rings of places a node and a gap apart, nearest first.
    const QPointF step(NodeItem::kWidth + 3 * Document::kGrid, NodeItem::kHeight + 2 * Document::kGrid);
    for (int ring = 0; ring <= 12; ++ring)
        for (int dy = -ring; dy <= ring; ++dy)
            for (int dx = -ring; dx <= ring; ++dx) {
                if (std::max(std::abs(dx), std::abs(dy)) != ring)
                    continue;
                const QPointF at = centre + QPointF(dx * step.x(), dy * step.y());
                if (isFree(at)) {
                    placeType(type, at);
                    return;
                }
            }
    placeType(type, centre); // crowded all around: on top, as before
}

void CanvasView::deleteSelection(Document::PolicyNames names)
{
    if (m_readOnly)
        return;
    const auto nodes = m_scene->selectedNodeIds();
    const auto links = m_scene->selectedLinkKeys();
    if (!nodes.empty() || !links.empty())
        document()->remove(nodes, links, names);
    else if (const std::string zone = m_scene->selectedZone(); !zone.empty())
        document()->removeZone(zone); // its members stay, in its parent
}

void CanvasView::nudgeSelection(int dx, int dy)
{
    if (m_readOnly)
        return;
    std::map<std::string, Point> positions;
    for (const std::string &id : m_scene->selectedNodeIds()) {
        const auto &layout = document()->topology().layout.nodes;
        const auto it = layout.find(id);
        const Point p = it == layout.end() ? Point{} : it->second;
        positions[id] = Point{p.x + dx, p.y + dy};
    }
    if (!positions.empty())
        document()->moveNodes(positions, {}, true);
}

NodeItem *CanvasView::nodeAt(QPoint viewPos) const
{
    const auto hits = items(QRect(viewPos - QPoint(2, 2), QSize(5, 5)));
    for (QGraphicsItem *item : hits)
        if (item->type() == NodeItem::Type)
            return static_cast<NodeItem *>(item);
    return nullptr;
}

void CanvasView::mousePressEvent(QMouseEvent *event)
{
    const QPointF scenePos = mapToScene(event->position().toPoint());
    m_pressScene = scenePos;
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_spaceHeld)) {
        m_gesture = Gesture::Pan;
        m_lastPan = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    if (event->button() != Qt::LeftButton) {
        QGraphicsView::mousePressEvent(event);
        return;
    }
    const bool toggle = event->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier);
    if (NodeItem *node = nodeAt(event->position().toPoint())) {
        const NodeItem::Port *port = m_readOnly ? nullptr : node->portAt(scenePos);
        if (port && port->direction == Direction::Out) {
            m_gesture = Gesture::Link;
            m_linkFrom = {node->id(), port->name};
            m_linkPreview = new QGraphicsPathItem;
            m_linkPreview->setPen(QPen(palette().color(QPalette::Highlight), 2, Qt::DashLine));
            m_linkPreview->setZValue(5);
            m_scene->addItem(m_linkPreview);
            m_scene->showLinkTargets(m_linkFrom);
            emit statusMessage(tr("Drag to an input terminal of another node to link %1.")
                                   .arg(toQString(m_linkFrom.text())), 0);
            event->accept();
            return;
        }
        if (toggle) {
            node->setSelected(!node->isSelected());
        } else if (!node->isSelected() || !m_scene->selectedLinkKeys().empty()) {
            m_scene->selectOnly({node->id()}, {});
        }
        m_gesture = m_readOnly ? Gesture::None : Gesture::Move;
        m_moveStart.clear();
        for (const std::string &id : m_scene->selectedNodeIds())
            if (const NodeItem *item = m_scene->nodeItem(id))
                m_moveStart[id] = item->pos();
        event->accept();
        return;
    }
    const std::string link = m_scene->linkLayer()->linkAt(scenePos, 6 / zoom());
    if (!link.empty()) {
        auto links = m_scene->selectedLinkKeys();
        if (toggle) {
            const auto it = std::find(links.begin(), links.end(), link);
            if (it == links.end())
                links.push_back(link);
            else
                links.erase(it);
            m_scene->selectOnly(m_scene->selectedNodeIds(), links);
        } else {
            m_scene->selectOnly({}, {link});
        }
        event->accept();
        return;
    }
    if (const std::string zone = m_scene->zoneLabelAt(scenePos); !zone.empty() && !toggle) {
        m_scene->selectZone(zone);
        event->accept();
        return;
    }
    if (!toggle && (!m_scene->selectedLinkKeys().empty() || !m_scene->selectedZone().empty()))
        m_scene->selectOnly({}, {});
    QGraphicsView::mousePressEvent(event); // rubber band
}

void CanvasView::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF scenePos = mapToScene(event->position().toPoint());
    switch (m_gesture) {
    case Gesture::Pan: {
        const QPoint delta = event->position().toPoint() - m_lastPan;
        m_lastPan = event->position().toPoint();
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        return;
    }
    case Gesture::Move: {
        const QPointF delta = scenePos - m_pressScene;
        if (std::hypot(delta.x(), delta.y()) * zoom() < QApplication::startDragDistance() / 2.0)
            return;
        std::map<std::string, QPointF> positions;
        for (const auto &[id, start] : m_moveStart)
            positions[id] = snap(start + delta);
        m_scene->previewMove(positions);
        return;
    }
    case Gesture::Link: {
        const NodeItem *source = m_scene->nodeItem(m_linkFrom.node);
        if (!source) {
            cancelGesture();
            return;
        }
        QPointF end = scenePos;
        if (const NodeItem *target = nodeAt(event->position().toPoint()))
            if (const NodeItem::Port *port = target->portAt(scenePos); port && port->direction == Direction::In)
                end = target->portScenePos(port->name, Direction::In);
        const QPointF start = source->portScenePos(m_linkFrom.terminal, Direction::Out);
        const qreal reach = std::max(30.0, std::abs(end.x() - start.x()) * 0.5);
        QPainterPath path(start);
        path.cubicTo(start + QPointF(reach, 0), end - QPointF(reach, 0), end);
        m_linkPreview->setPath(path);
        return;
    }
    case Gesture::None:
        break;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void CanvasView::mouseReleaseEvent(QMouseEvent *event)
{
    const QPointF scenePos = mapToScene(event->position().toPoint());
    const Gesture gesture = m_gesture;
    m_gesture = Gesture::None;
    switch (gesture) {
    case Gesture::Pan:
        viewport()->unsetCursor();
        return;
    case Gesture::Link:
        finishLink(scenePos);
        return;
    case Gesture::Move: {
        std::map<std::string, Point> positions;
        std::set<std::string> moving;
        for (const auto &[id, start] : m_moveStart)
            moving.insert(id);
        for (const auto &[id, start] : m_moveStart)
            if (const NodeItem *item = m_scene->nodeItem(id))
                positions[id] = Point{item->pos().x(), item->pos().y()};
        // Dropped into another zone's area: it joins that zone. Dropped
        // outside its own zone's area (when others keep that zone alive): it leaves.
        std::map<std::string, std::string> zones;
        const QPointF delta = scenePos - m_pressScene;
        if (std::hypot(delta.x(), delta.y()) * zoom() >= QApplication::startDragDistance() / 2.0) {
            for (const auto &[id, p] : positions) {
                const Node *node = document()->topology().node(id);
                const QPointF centre(p.x + NodeItem::kWidth / 2, p.y + NodeItem::kHeight / 2);
                const std::string zone = m_scene->zoneAt(centre, moving);
                if (node && zone != node->zone) {
                    const bool ownZoneAlive = !node->zone.empty()
                                              && !m_scene->zoneArea(node->zone, moving).isEmpty();
                    if (!zone.empty() || ownZoneAlive)
                        zones[id] = zone;
                }
            }
        }
        m_moveStart.clear();
        document()->moveNodes(positions, zones);
        return;
    }
    case Gesture::None:
        break;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void CanvasView::finishLink(QPointF scenePos)
{
    const Endpoint from = m_linkFrom;
    cancelGesture();
    const NodeItem *target = nodeAt(mapFromScene(scenePos));
    if (!target) {
        emit statusMessage(tr("No link made: release over an input terminal of another node."), 4000);
        return;
    }
    // Released on the body rather than a port: the node's default input.
    const NodeItem::Port *port = target->portAt(scenePos);
    const Endpoint to{target->id(), port ? port->name : std::string()};
    QString why;
    if (document()->connect(from, to, &why))
        emit statusMessage(tr("Linked %1 to %2.").arg(toQString(from.text()), toQString(to.text())), 4000);
    else
        emit statusMessage(tr("Link refused: %1").arg(why), 8000);
}

void CanvasView::cancelGesture()
{
    if (m_linkPreview) {
        delete m_linkPreview;
        m_linkPreview = nullptr;
    }
    m_scene->clearLinkTargets();
    if (m_gesture == Gesture::Move) {
        std::map<std::string, QPointF> back(m_moveStart.begin(), m_moveStart.end());
        m_scene->previewMove(back);
    }
    m_gesture = Gesture::None;
    m_moveStart.clear();
}

void CanvasView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const qreal factor = std::pow(1.0015, event->angleDelta().y());
        setZoom(zoom() * factor, mapToScene(event->position().toPoint()));
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void CanvasView::keyPressEvent(QKeyEvent *event)
{
    const int step = event->modifiers() & Qt::ShiftModifier ? 1 : int(Document::kGrid);
    switch (event->key()) {
    case Qt::Key_Space:
        if (!event->isAutoRepeat()) {
            m_spaceHeld = true;
            viewport()->setCursor(Qt::OpenHandCursor);
        }
        return;
    case Qt::Key_Left: nudgeSelection(-step, 0); return;
    case Qt::Key_Right: nudgeSelection(step, 0); return;
    case Qt::Key_Up: nudgeSelection(0, -step); return;
    case Qt::Key_Down: nudgeSelection(0, step); return;
    case Qt::Key_Delete:
    case Qt::Key_Backspace:
        deleteSelection();
        return;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        if (!(event->modifiers() & Qt::ControlModifier)) {
            zoomIn();
            return;
        }
        break;
    case Qt::Key_Minus:
        if (!(event->modifiers() & Qt::ControlModifier)) {
            zoomOut();
            return;
        }
        break;
    case Qt::Key_Escape:
        if (m_gesture != Gesture::None)
            cancelGesture();
        else
            m_scene->selectOnly({}, {});
        return;
    default:
        break;
    }
    QGraphicsView::keyPressEvent(event);
}

void CanvasView::keyReleaseEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = false;
        viewport()->unsetCursor();
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

// A theme switch changes the palette the canvas paints from: the cached
// background (CacheBackground) and every item are painted again at once,
// not on the next fit or scroll.
void CanvasView::changeEvent(QEvent *event)
{
    QGraphicsView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange) {
        resetCachedContent();
        if (scene())
            scene()->update();
        viewport()->update();
    }
}

void CanvasView::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, palette().color(QPalette::Base).darker(103));
    const qreal z = zoom();
    if (z < 0.35)
        return;
    const qreal step = Document::kGrid * (z < 0.7 ? 5 : 1);
    QColor color = palette().color(QPalette::Mid);
    color.setAlpha(z < 0.7 ? 60 : 45);
    painter->setPen(QPen(color, 0));
    QVector<QLineF> lines;
    for (qreal x = std::floor(rect.left() / step) * step; x < rect.right(); x += step)
        lines.append(QLineF(x, rect.top(), x, rect.bottom()));
    for (qreal y = std::floor(rect.top() / step) * step; y < rect.bottom(); y += step)
        lines.append(QLineF(rect.left(), y, rect.right(), y));
    painter->drawLines(lines);
}

} // namespace sky
