#pragma once

#include <QGraphicsItem>

#include <string>
#include <vector>

namespace sky {

class CanvasScene;

// Draws over the canvas what a panel points at, without selecting it: a
// ring around each node in a policy's scope while the policy is edited, and
// the path of a policy finding (its nodes in order, its links) while the
// finding is selected in Problems. Follows the nodes as they move.
class HighlightOverlay : public QGraphicsItem
{
public:
    explicit HighlightOverlay(CanvasScene *scene);

    void setScope(std::vector<std::string> nodes);
    void setPath(std::vector<std::string> nodes, std::vector<std::string> links);
    const std::vector<std::string> &scope() const { return m_scope; }
    const std::vector<std::string> &pathNodes() const { return m_pathNodes; }
    const std::vector<std::string> &pathLinks() const { return m_pathLinks; }
    // Recomputes the geometry after nodes moved, were renamed or deleted.
    void refresh();

    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    CanvasScene *m_scene;
    std::vector<std::string> m_scope;
    std::vector<std::string> m_pathNodes;
    std::vector<std::string> m_pathLinks;
    std::vector<QRectF> m_scopeRects;
    std::vector<QRectF> m_pathRects;
    std::vector<std::pair<QPointF, QPointF>> m_pathLines;
    QRectF m_bounds;
};

} // namespace sky
