#pragma once

#include "document.h"
#include "topology.h"

#include <QGraphicsView>

#include <map>
#include <string>

class QGraphicsPathItem;
class QLineEdit;

namespace sky {

class CanvasScene;
class Document;
class NodeItem;

// The canvas: zoom and pan, selection, moving nodes (a preview until the
// button is released, then one command), linking by dragging from an out
// terminal to an in terminal, dropping types from the palette.
class CanvasView : public QGraphicsView
{
    Q_OBJECT

public:
    static constexpr const char *kTypeMime = "application/x-skyplan-type";

    explicit CanvasView(CanvasScene *scene, QWidget *parent = nullptr);

    CanvasScene *canvasScene() const { return m_scene; }
    Document *document() const;
    qreal zoom() const;
    void setZoom(qreal zoom, QPointF anchorScene);
    void zoomBy(qreal factor);
    void zoomIn() { zoomBy(1.25); }
    void zoomOut() { zoomBy(1 / 1.25); }
    void resetZoom();
    void fitAll();
    void fitAllWhenShown(); // fits again on resizes until the user zooms
    void centerOnSubjects(const std::vector<std::string> &subjects);
    // Selects the nodes and links among `subjects` and centres them.
    void selectAndCentre(const std::vector<std::string> &subjects);
    // The same, and zoomed in to at least `minZoom` (where names and icons
    // read) when the subjects fit at it: Find on a large design.
    void selectAndZoomTo(const std::vector<std::string> &subjects, qreal minZoom = 0.8);
    // The selection fills the view (no closer than 150 %).
    void zoomToSelection();
    std::string placeType(const std::string &type, QPointF scenePos); // snapped, zone by position
    void placeTypeAtCenter(const std::string &type);
    // A cut passes PolicyNames::Keep: the policies keep naming its nodes,
    // and the paste brings the nodes back under the same ids.
    void deleteSelection(Document::PolicyNames names = Document::PolicyNames::Drop);
    void nudgeSelection(int dx, int dy);
    void copySelection();
    void cutSelection();
    bool pasteClipboard();
    void duplicateSelection();
    // Rename in place: an editor over the node's label. Enter or a click
    // elsewhere keeps the text, Esc puts it back; the editor follows the
    // node when the view pans or zooms. renameSelection() renames the one
    // selected node (F2).
    void startRename(const std::string &nodeId);
    bool renameSelection();
    bool isRenaming() const { return m_renameEditor != nullptr; }
    static QPointF snap(QPointF p);
    // A view that only looks (the compare view): select, zoom and pan; no
    // move, link, drop, delete, paste or rename.
    void setReadOnly(bool readOnly) { m_readOnly = readOnly; setAcceptDrops(!readOnly); }
    bool isReadOnly() const { return m_readOnly; }

signals:
    void statusMessage(const QString &message, int timeout);
    void zoomChanged(qreal zoom);
    // A right click (or the menu key): what is under it is selected first,
    // unless it is part of the selection already; the window shows the menu.
    void contextMenuRequested(const QPoint &globalPos);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void scrollContentsBy(int dx, int dy) override;
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Gesture { None, Move, Link, Pan };
    NodeItem *nodeAt(QPoint viewPos) const;
    void finishLink(QPointF scenePos);
    void cancelGesture();
    void updateSceneRect();
    bool isClear(const QRectF &sceneRect) const;
    void placeRenameEditor();
    void finishRename(bool keep);

    CanvasScene *m_scene;
    Gesture m_gesture = Gesture::None;
    QPointF m_pressScene;
    QPoint m_lastPan;
    bool m_spaceHeld = false;
    bool m_autoFit = false;
    bool m_readOnly = false;
    std::map<std::string, QPointF> m_moveStart;
    Endpoint m_linkFrom;
    QGraphicsPathItem *m_linkPreview = nullptr;
    QLineEdit *m_renameEditor = nullptr; // while a rename in place is open
    std::string m_renameId;
};

} // namespace sky
