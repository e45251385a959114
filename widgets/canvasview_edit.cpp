// CanvasView: clipboard, duplicate, dropping types, renaming in place and
// the context menu's selection.
#include "canvasview.h"

#include "canvasscene.h"
#include "clipboard.h"
#include "document.h"
#include "linklayer.h"
#include "nodeitem.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDragEnterEvent>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMimeData>

#include <algorithm>
#include <utility>

namespace sky {

void CanvasView::copySelection()
{
    const auto nodes = m_scene->selectedNodeIds();
    if (nodes.empty())
        return;
    const std::string text = fragmentText(document()->topology(), nodes);
    QApplication::clipboard()->setText(QString::fromStdString(text));
    emit statusMessage(tr("Copied %n node(s) as a descriptor fragment.", nullptr, int(nodes.size())), 3000);
}

void CanvasView::cutSelection()
{
    if (m_readOnly)
        return;
    copySelection();
    deleteSelection(Document::PolicyNames::Keep);
}

bool CanvasView::pasteClipboard()
{
    if (m_readOnly)
        return false;
    const auto fragment = fragmentFromText(toStd(QApplication::clipboard()->text()));
    if (!fragment) {
        emit statusMessage(tr("The clipboard holds no Skyplan nodes."), 4000);
        return false;
    }
    // At the mouse when it is over the canvas, else near the view's centre.
    const QPoint mouse = viewport()->mapFromGlobal(QCursor::pos());
    const QPoint at = viewport()->rect().contains(mouse) ? mouse : viewport()->rect().center() - QPoint(80, 30);
    const auto added = document()->paste(*fragment, snap(mapToScene(at)));
    m_scene->selectOnly(added, {});
    return !added.empty();
}

void CanvasView::duplicateSelection()
{
    if (m_readOnly)
        return;
    const auto nodes = m_scene->selectedNodeIds();
    if (nodes.empty())
        return;
    const Topology fragment = fragmentOf(document()->topology(), nodes);
    QRectF box;
    for (const std::string &id : nodes)
        if (const auto it = document()->topology().layout.nodes.find(id); it != document()->topology().layout.nodes.end())
            box |= QRectF(it->second.x, it->second.y, NodeItem::kWidth, NodeItem::kHeight);
    // The copy goes below the selection, lower still while nodes are in its
    // way: a copy laid over its original (or over an earlier copy) hides both.
    const double step = snap(QPointF(0, box.height() + 2 * Document::kGrid)).y();
    QPointF at = box.topLeft() + QPointF(0, step);
    for (int i = 0; i < 50 && !isClear(box.translated(at - box.topLeft())); ++i)
        at.ry() += step;
    const auto added = document()->paste(fragment, at, tr("Duplicate"));
    m_scene->selectOnly(added, {});
}

void CanvasView::contextMenuEvent(QContextMenuEvent *event)
{
    if (m_gesture != Gesture::None)
        return;
    // The menu key opens the menu for the selection, at the mouse if it is
    // over the canvas.
    const QPoint at = event->pos();
    if (event->reason() == QContextMenuEvent::Keyboard) {
        emit contextMenuRequested(event->globalPos());
        event->accept();
        return;
    }
    const QPointF scenePos = mapToScene(at);
    if (NodeItem *node = nodeAt(at)) {
        if (!node->isSelected())
            m_scene->selectOnly({node->id()}, {});
    } else if (const std::string link = m_scene->linkLayer()->linkAt(scenePos, 6 / zoom()); !link.empty()) {
        const auto links = m_scene->selectedLinkKeys();
        if (std::find(links.begin(), links.end(), link) == links.end())
            m_scene->selectOnly({}, {link});
    } else if (const std::string zone = m_scene->zoneLabelAt(scenePos); !zone.empty()) {
        if (m_scene->selectedZone() != zone)
            m_scene->selectZone(zone);
    } else {
        m_scene->selectOnly({}, {});
    }
    emit contextMenuRequested(event->globalPos());
    event->accept();
}

void CanvasView::mouseDoubleClickEvent(QMouseEvent *event)
{
    NodeItem *node = m_readOnly ? nullptr : nodeAt(event->position().toPoint());
    if (!node) {
        QGraphicsView::mouseDoubleClickEvent(event);
        return;
    }
    startRename(node->id());
}

void CanvasView::startRename(const std::string &nodeId)
{
    finishRename(true);
    const Node *model = m_readOnly ? nullptr : document()->topology().node(nodeId);
    if (!model)
        return;
    m_renameId = nodeId;
    m_renameEditor = new QLineEdit(viewport());
    m_renameEditor->setObjectName(QStringLiteral("inPlaceLabelEditor"));
    m_renameEditor->setText(toQString(model->label.empty() ? model->id : model->label));
    m_renameEditor->selectAll();
    m_renameEditor->installEventFilter(this);
    placeRenameEditor();
    connect(m_renameEditor, &QLineEdit::editingFinished, this, [this] { finishRename(true); });
    m_renameEditor->show();
    m_renameEditor->setFocus();
}

bool CanvasView::renameSelection()
{
    const std::vector<std::string> ids = m_scene->selectedNodeIds();
    if (ids.size() != 1)
        return false;
    centerOnSubjects(ids);
    startRename(ids.front());
    return isRenaming();
}

void CanvasView::placeRenameEditor()
{
    if (!m_renameEditor)
        return;
    NodeItem *node = m_scene->nodeItem(m_renameId);
    if (!node) { // gone (an undo, another window's paste over it): nothing to rename
        finishRename(false);
        return;
    }
    QRect rect = mapFromScene(node->mapToScene(QRectF(48, 8, NodeItem::kWidth - 52, 24))).boundingRect();
    // Over the label, and wide enough to read what is typed when zoomed out.
    rect.setWidth(std::max(rect.width(), m_renameEditor->fontMetrics().averageCharWidth() * 22));
    m_renameEditor->setGeometry(rect.adjusted(0, 0, 0, 4));
}

// Closes the editor; `keep` sets the label from its text, as one undoable
// step (nothing when unchanged, and the id's own text clears the label).
void CanvasView::finishRename(bool keep)
{
    QLineEdit *editor = std::exchange(m_renameEditor, nullptr);
    if (!editor)
        return;
    editor->removeEventFilter(this);
    editor->disconnect(this);
    editor->hide();
    editor->deleteLater();
    const std::string id = std::exchange(m_renameId, {});
    setFocus();
    const Node *n = document()->topology().node(id);
    if (!keep || !n)
        return;
    const std::string label = toStd(editor->text().trimmed());
    if (label != (n->label.empty() ? n->id : n->label))
        document()->setLabel(id, label == n->id ? std::string() : label);
}

bool CanvasView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_renameEditor && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
        finishRename(false);
        return true;
    }
    return QGraphicsView::eventFilter(watched, event);
}

void CanvasView::scrollContentsBy(int dx, int dy)
{
    QGraphicsView::scrollContentsBy(dx, dy);
    placeRenameEditor();
}

void CanvasView::dragEnterEvent(QDragEnterEvent *event)
{
    if (!m_readOnly && event->mimeData()->hasFormat(QLatin1String(kTypeMime)))
        event->acceptProposedAction();
    else
        event->ignore();
}

void CanvasView::dragMoveEvent(QDragMoveEvent *event)
{
    if (event->mimeData()->hasFormat(QLatin1String(kTypeMime)))
        event->acceptProposedAction();
    else
        event->ignore();
}

void CanvasView::dropEvent(QDropEvent *event)
{
    const QByteArray type = event->mimeData()->data(QLatin1String(kTypeMime));
    if (type.isEmpty()) {
        event->ignore();
        return;
    }
    const std::string id = placeType(type.toStdString(), mapToScene(event->position().toPoint()));
    if (id.empty()) {
        emit statusMessage(tr("Unknown component type %1.").arg(QString::fromUtf8(type)), 5000);
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    setFocus();
}

} // namespace sky
