#pragma once

#include "comparison.h"
#include "diagnostic.h"
#include "topology.h"
#include "topologychange.h"

#include <QGraphicsScene>

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace sky {

class Document;
class LinkLayer;
class NodeItem;
class ZoneItem;

// The canvas model: one NodeItem per node, one ZoneItem per zone and one
// LinkLayer for every link, all projections of the document that follow its
// change events. Selection of nodes is the scene's; of links, the layer's.
class CanvasScene : public QGraphicsScene
{
    Q_OBJECT

public:
    explicit CanvasScene(Document *document, QObject *parent = nullptr);
    ~CanvasScene() override;

    Document *document() const { return m_document; }
    NodeItem *nodeItem(const std::string &id) const;
    LinkLayer *linkLayer() const { return m_links; }
    QRectF contentsRect() const;

    std::vector<std::string> selectedNodeIds() const;
    std::vector<std::string> selectedLinkKeys() const;
    void selectOnly(const std::vector<std::string> &nodes, const std::vector<std::string> &links);
    void selectAll();
    // A zone is selected on its own (nodes and links are deselected).
    void selectZone(const std::string &zone);
    const std::string &selectedZone() const { return m_selectedZone; }
    // The innermost zone whose label band holds `point`, or "".
    std::string zoneLabelAt(QPointF point) const;
    QRectF subjectsRect(const std::vector<std::string> &subjects) const;

    // Puts a node item under the holder of the area it now stands in.
    void rehome(NodeItem *item);
    // A drag in progress: items move, links and zones follow; no command yet.
    void previewMove(const std::map<std::string, QPointF> &positions);
    // The innermost zone whose area (ignoring `excluded` nodes) holds `point`.
    std::string zoneAt(QPointF point, const std::set<std::string> &excluded = {}) const;
    QRectF zoneArea(const std::string &zone, const std::set<std::string> &excluded = {}) const;
    // Lights the in terminals a link from `from` may reach; clears with {}.
    void showLinkTargets(const Endpoint &from);
    void clearLinkTargets();

    void setDiagnostics(const std::vector<Diagnostic> &diagnostics);
    const std::vector<Diagnostic> &diagnostics() const { return m_diagnostics; }
    // Colours the items of a comparison (added, removed ghosts, changed).
    void setMarks(const CompareMarks &marks);
    const CompareMarks &marks() const { return m_marks; }

signals:
    void selectionModelChanged(); // nodes, links or the zone

private:
    void onChanged(const TopologyChange &change);
    void rebuild();
    void addNodeItem(const std::string &id);
    void syncZones();
    // Region tags of every node (all) or of those in a zone (nodeitem_region.cpp).
    void syncRegionTags(bool all);
    void updateZoneAreas(const std::set<std::string> &excluded = {});
    void updateZoneAreasOf(std::set<std::string> zones); // and the zones around them
    void updateProblemBadges();
    void applyMarks();
    bool dropZoneSelection(); // true when a zone was selected

    Document *m_document;
    LinkLayer *m_links;
    std::unordered_map<std::string, NodeItem *> m_nodes;
    // Node items hang under holders, one for each area of the canvas (see
    // NodeHolder in canvasscene.cpp), by cell: (column, row).
    std::map<std::pair<int, int>, QGraphicsItem *> m_holders;
    bool m_filling = false; // rebuild() is filling holders outside the scene
    std::map<std::string, ZoneItem *> m_zones;
    std::unordered_map<std::string, std::vector<const NodeItem *>> m_zoneMembers; // zone -> items
    bool m_zoneMembersValid = false;
    std::vector<Diagnostic> m_diagnostics;
    CompareMarks m_marks;
    bool m_targetsShown = false;
    std::string m_selectedZone;
};

} // namespace sky
