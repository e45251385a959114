// CanvasView: clipboard, duplicate, dropping types and renaming in place.
#include "canvasview.h"

#include "canvasscene.h"
#include "clipboard.h"
#include "document.h"
#include "nodeitem.h"

#include <QApplication>
#include <QClipboard>
#include <QDragEnterEvent>
#include <QLineEdit>
#include <QMimeData>

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
    deleteSelection();
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
    double x = 1e300;
    double y = 1e300;
    for (const std::string &id : nodes)
        if (const auto it = document()->topology().layout.nodes.find(id); it != document()->topology().layout.nodes.end()) {
            x = std::min(x, it->second.x);
            y = std::min(y, it->second.y);
        }
    if (x > 1e299)
        x = y = 0;
    const auto added = document()->paste(fragment, QPointF(x + 2 * Document::kGrid, y + 2 * Document::kGrid));
    m_scene->selectOnly(added, {});
}

void CanvasView::mouseDoubleClickEvent(QMouseEvent *event)
{
    NodeItem *node = m_readOnly ? nullptr : nodeAt(event->position().toPoint());
    if (!node) {
        QGraphicsView::mouseDoubleClickEvent(event);
        return;
    }
    // Rename in place: an editor over the node's label.
    const Node *model = document()->topology().node(node->id());
    if (!model)
        return;
    auto *editor = new QLineEdit(viewport());
    editor->setObjectName(QStringLiteral("inPlaceLabelEditor"));
    editor->setText(toQString(model->label.empty() ? model->id : model->label));
    editor->selectAll();
    const QRect rect = mapFromScene(node->mapToScene(QRectF(48, 8, NodeItem::kWidth - 52, 24))).boundingRect();
    editor->setGeometry(rect.adjusted(0, 0, 0, 4));
    const std::string id = node->id();
    connect(editor, &QLineEdit::editingFinished, this, [this, editor, id] {
        if (!editor->isVisible())
            return;
        editor->hide();
        const Node *n = document()->topology().node(id);
        const std::string label = toStd(editor->text().trimmed());
        if (n && label != (n->label.empty() ? n->id : n->label))
            document()->setLabel(id, label == n->id ? std::string() : label);
        editor->deleteLater();
    });
    editor->show();
    editor->setFocus();
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
