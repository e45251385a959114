#include "canvasscene.h"

#include "document.h"
#include "linklayer.h"
#include "nodeitem.h"
#include "zoneitem.h"

#include <algorithm>
#include <cmath>

namespace sky {

namespace {

constexpr qreal kZonePadding = 14;
constexpr qreal kZoneTitle = 22;

int zoneDepth(const Topology &t, const std::string &id)
{
    int depth = 0;
    const Zone *z = t.zone(id);
    while (z && !z->parent.empty() && depth < 32) {
        z = t.zone(z->parent);
        ++depth;
    }
    return depth;
}

// Holds the node items of one area of the canvas, and draws nothing itself.
// After any change QGraphicsScene visits every top-level item to find those
// with pending updates; with 20,000 nodes at the top level, that walk over
// items spread all over memory took a fifth of a drag step. Under holders
// it visits the holders, and the children of those holding a changed node.
// A holder is drawn with all its children, each culled by Qt against the
// exposed area, so a holder keeps to one area: a node moves to the holder
// of its new area with it (rehome). A holder sits at the origin, so a
// node's position is still its scene position.
class NodeHolder final : public QGraphicsItem
{
public:
    NodeHolder()
    {
        setFlag(ItemHasNoContents);
        setZValue(1); // the nodes' own z (NodeItem), above zones and links
    }
    QRectF boundingRect() const override { return {}; }
    void paint(QPainter *, const QStyleOptionGraphicsItem *, QWidget *) override {}
};

// A holder's area: about four ranks of a layered layout and six rows.
constexpr qreal kHolderWidth = 1000;
constexpr qreal kHolderHeight = 600;

} // namespace

CanvasScene::CanvasScene(Document *document, QObject *parent)
    : QGraphicsScene(parent)
    , m_document(document)
    , m_links(new LinkLayer(this))
{
    addItem(m_links);
    connect(document, &Document::changed, this, &CanvasScene::onChanged);
    connect(this, &QGraphicsScene::selectionChanged, this, [this] {
        if (!selectedItems().isEmpty())
            dropZoneSelection();
        if (!signalsBlocked())
            emit selectionModelChanged();
    });
    rebuild();
}

CanvasScene::~CanvasScene()
{
    // Items call back into the scene while they go (and ~QGraphicsScene
    // deletes them after this destructor): disconnect first, and go
    // quietly.
    disconnect(m_document, nullptr, this, nullptr);
    disconnect(this, &QGraphicsScene::selectionChanged, nullptr, nullptr);
    blockSignals(true);
    clear();
}

NodeItem *CanvasScene::nodeItem(const std::string &id) const
{
    const auto it = m_nodes.find(id);
    return it == m_nodes.end() ? nullptr : it->second;
}

QRectF CanvasScene::contentsRect() const
{
    QRectF rect;
    for (const auto &[id, item] : m_nodes)
        rect = rect.united(item->sceneBoundingRect());
    for (const auto &[id, zone] : m_zones)
        rect = rect.united(zone->area());
    return rect;
}

void CanvasScene::addNodeItem(const std::string &id)
{
    auto *item = new NodeItem(this, id);
    if (const auto mark = m_marks.nodes.find(id); mark != m_marks.nodes.end())
        item->setMark(mark->second);
    rehome(item);
    m_nodes[id] = item;
}

void CanvasScene::rehome(NodeItem *item)
{
    // Clamped, so that an absurd position (or none: NaN) read from an
    // imported file still has a cell.
    const auto index = [](qreal v, qreal size) {
        const qreal i = std::floor(v / size);
        return i > -1e6 ? (i < 1e6 ? int(i) : 1000000) : -1000000;
    };
    const QPointF p = item->pos();
    const std::pair<int, int> cell(index(p.x(), kHolderWidth), index(p.y(), kHolderHeight));
    QGraphicsItem *&holder = m_holders[cell];
    if (!holder) {
        holder = new NodeHolder;
        if (!m_filling) // else added with its nodes at the end of rebuild()
            addItem(holder);
    }
    if (item->parentItem() != holder)
        item->setParentItem(holder);
}

void CanvasScene::rebuild()
{
    m_zoneMembersValid = false;
    const bool blocked = blockSignals(true);
    clearSelection();
    m_selectedZone.clear();
    m_nodes.clear(); // deleted with their holders
    for (auto &[cell, holder] : m_holders)
        delete holder;
    m_holders.clear();
    for (auto &[id, item] : m_zones)
        delete item;
    m_zones.clear();
    m_nodes.reserve(m_document->topology().nodes.size());
    // The nodes go into holders outside the scene, and each holder into the
    // scene with all its nodes, rather than each node into a holder already
    // in the scene.
    m_filling = true;
    for (const auto &[id, node] : m_document->topology().nodes)
        addNodeItem(id);
    m_filling = false;
    for (auto &[cell, holder] : m_holders)
        if (!holder->scene())
            addItem(holder);
    m_links->rebuild();
    syncZones();
    m_diagnostics.clear();
    applyMarks();
    blockSignals(blocked);
    emit selectionModelChanged();
}

void CanvasScene::onChanged(const TopologyChange &change)
{
    m_zoneMembersValid = false;
    if (change.reset) {
        rebuild();
        return;
    }
    const bool selectionTouched = !change.nodesRemoved.empty() || !change.linksRemoved.empty();
    for (const std::string &id : change.nodesRemoved) {
        if (const auto it = m_nodes.find(id); it != m_nodes.end()) {
            delete it->second;
            m_nodes.erase(it);
        }
        m_links->syncNode(id);
    }
    for (const std::string &id : change.nodesAdded) {
        addNodeItem(id);
        m_links->syncNode(id);
    }
    for (const std::string &id : change.nodesChanged)
        if (NodeItem *item = nodeItem(id))
            item->sync();
    for (const std::string &id : change.nodesMoved)
        if (NodeItem *item = nodeItem(id))
            item->sync();
    // Links are routed around the nodes where they now stand.
    for (const auto *ids : {&change.nodesMoved, &change.nodesChanged})
        for (const std::string &id : *ids)
            m_links->syncNode(id);
    for (const auto *keys : {&change.linksRemoved, &change.linksAdded, &change.linksChanged})
        for (const std::string &key : *keys)
            m_links->syncLink(key);
    std::set<std::string> moved = change.nodesMoved;
    moved.insert(change.nodesChanged.begin(), change.nodesChanged.end());
    m_links->rerouteNodes(moved);
    // A node dropped (or placed) on other links pushes them aside; links
    // that went around a node that has left go their plain way again.
    std::set<std::string> placed = change.nodesMoved;
    placed.insert(change.nodesAdded.begin(), change.nodesAdded.end());
    m_links->rerouteAround(placed);
    if (change.settingsChanged || change.zonesChanged)
        syncRegionTags(change.settingsChanged); // what a node inherits, a region's status
    if (change.zonesChanged)
        syncZones();
    else if (change.membershipChanged || !moved.empty() || !change.nodesAdded.empty()
             || !change.nodesRemoved.empty())
        updateZoneAreas();
    if (!change.nodesAdded.empty() || !change.nodesChanged.empty())
        updateProblemBadges();
    if (selectionTouched || !change.linksChanged.empty() || !change.nodesChanged.empty())
        emit selectionModelChanged();
}

void CanvasScene::syncZones()
{
    const Topology &t = m_document->topology();
    bool selectionGone = false;
    for (auto it = m_zones.begin(); it != m_zones.end();) {
        if (!t.zone(it->first) || it->second->depth() != zoneDepth(t, it->first)) {
            if (it->first == m_selectedZone && !t.zone(it->first)) {
                m_selectedZone.clear();
                selectionGone = true;
            }
            delete it->second;
            it = m_zones.erase(it);
        } else {
            ++it;
        }
    }
    for (const auto &[id, zone] : t.zones) {
        const QString label = toQString(zone.label.empty() ? id : zone.label);
        if (const auto it = m_zones.find(id); it != m_zones.end()) {
            it->second->setLabel(label);
            continue;
        }
        auto *item = new ZoneItem(id, label, zoneDepth(t, id));
        if (const auto mark = m_marks.zones.find(id); mark != m_marks.zones.end())
            item->setMark(mark->second);
        item->setChosen(id == m_selectedZone); // a zone that changed depth keeps its selection
        addItem(item);
        m_zones[id] = item;
    }
    updateZoneAreas();
    if (selectionGone)
        emit selectionModelChanged();
}

static std::map<std::string, QRectF> zoneAreas(const CanvasScene *scene,
                                               const std::map<std::string, ZoneItem *> &zones,
                                               const std::set<std::string> &excluded)
{
    const Topology &t = scene->document()->topology();
    std::map<std::string, QRectF> areas;
    if (zones.empty())
        return areas;
    for (const auto &[id, node] : t.nodes) {
        if (node.zone.empty() || excluded.count(id))
            continue;
        if (const NodeItem *item = scene->nodeItem(id)) {
            const QRectF r = QRectF(item->pos(), QSizeF(NodeItem::kWidth, NodeItem::kHeight))
                                 .adjusted(-kZonePadding, -kZonePadding - kZoneTitle, kZonePadding, kZonePadding);
            areas[node.zone] = areas[node.zone].united(r);
        }
    }
    // Children first, so each parent grows around them.
    std::vector<std::pair<int, std::string>> order;
    for (const auto &[id, item] : zones)
        order.emplace_back(item->depth(), id);
    std::sort(order.rbegin(), order.rend());
    for (const auto &[depth, id] : order) {
        const Zone *z = t.zone(id);
        const auto area = areas.find(id);
        if (!z || z->parent.empty() || area == areas.end() || area->second.isEmpty())
            continue;
        areas[z->parent] = areas[z->parent].united(
            area->second.adjusted(-kZonePadding / 2, -kZonePadding / 2 - kZoneTitle, kZonePadding / 2, kZonePadding / 2));
    }
    return areas;
}

void CanvasScene::updateZoneAreas(const std::set<std::string> &excluded)
{
    const auto areas = zoneAreas(this, m_zones, excluded);
    for (auto &[id, item] : m_zones) {
        const auto it = areas.find(id);
        item->setArea(it == areas.end() ? QRectF() : it->second);
    }
}

std::string CanvasScene::zoneAt(QPointF point, const std::set<std::string> &excluded) const
{
    const auto areas = zoneAreas(this, m_zones, excluded);
    std::string best;
    int bestDepth = -1;
    for (const auto &[id, rect] : areas) {
        const auto item = m_zones.find(id);
        if (item == m_zones.end() || !rect.contains(point))
            continue;
        if (item->second->depth() > bestDepth) {
            bestDepth = item->second->depth();
            best = id;
        }
    }
    return best;
}

QRectF CanvasScene::zoneArea(const std::string &zone, const std::set<std::string> &excluded) const
{
    const auto areas = zoneAreas(this, m_zones, excluded);
    const auto it = areas.find(zone);
    return it == areas.end() ? QRectF() : it->second;
}

void CanvasScene::previewMove(const std::map<std::string, QPointF> &positions)
{
    std::set<std::string> ids;
    std::set<std::string> zones;
    for (const auto &[id, pos] : positions) {
        if (NodeItem *item = nodeItem(id)) {
            item->setPos(pos);
            rehome(item);
            ids.insert(id);
            if (const Node *n = m_document->topology().node(id); n && !n->zone.empty())
                zones.insert(n->zone);
        }
    }
    m_links->rerouteNodes(ids, true);
    if (!zones.empty())
        updateZoneAreasOf(zones);
}

// During a drag only the zones of the moving nodes (and the zones around
// them) change: their areas are recomputed from their own members, through
// an index built once per document state, instead of from every node of the
// topology on every mouse move (20 % of a drag step at 20,000 nodes).
void CanvasScene::updateZoneAreasOf(std::set<std::string> zones)
{
    const Topology &t = m_document->topology();
    if (!m_zoneMembersValid) {
        m_zoneMembers.clear();
        for (const auto &[id, node] : t.nodes)
            if (!node.zone.empty())
                if (const NodeItem *item = nodeItem(id))
                    m_zoneMembers[node.zone].push_back(item);
        m_zoneMembersValid = true;
    }
    for (std::set<std::string> around = zones; !around.empty();) { // and their parents, up the tree
        std::set<std::string> parents;
        for (const std::string &id : around)
            if (const Zone *z = t.zone(id); z && !z->parent.empty() && zones.insert(z->parent).second)
                parents.insert(z->parent);
        around = std::move(parents);
    }
    std::vector<std::pair<int, ZoneItem *>> order; // children first
    for (const std::string &id : zones)
        if (const auto it = m_zones.find(id); it != m_zones.end())
            order.emplace_back(it->second->depth(), it->second);
    std::sort(order.begin(), order.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    for (const auto &[depth, item] : order) {
        QRectF area;
        if (const auto members = m_zoneMembers.find(item->id()); members != m_zoneMembers.end())
            for (const NodeItem *node : members->second)
                area = area.united(QRectF(node->pos(), QSizeF(NodeItem::kWidth, NodeItem::kHeight))
                                       .adjusted(-kZonePadding, -kZonePadding - kZoneTitle, kZonePadding, kZonePadding));
        for (const auto &[childId, child] : m_zones) {
            const Zone *c = t.zone(childId);
            if (c && c->parent == item->id() && !child->area().isEmpty())
                area = area.united(child->area().adjusted(-kZonePadding / 2, -kZonePadding / 2 - kZoneTitle,
                                                          kZonePadding / 2, kZonePadding / 2));
        }
        item->setArea(area);
    }
}

std::vector<std::string> CanvasScene::selectedNodeIds() const
{
    std::vector<std::string> ids;
    const auto items = selectedItems();
    for (QGraphicsItem *item : items)
        if (item->type() == NodeItem::Type)
            ids.push_back(static_cast<NodeItem *>(item)->id());
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::vector<std::string> CanvasScene::selectedLinkKeys() const
{
    const auto &keys = m_links->selectedKeys();
    return {keys.begin(), keys.end()};
}

bool CanvasScene::dropZoneSelection()
{
    if (m_selectedZone.empty())
        return false;
    if (const auto it = m_zones.find(m_selectedZone); it != m_zones.end())
        it->second->setChosen(false);
    m_selectedZone.clear();
    return true;
}

void CanvasScene::selectZone(const std::string &zone)
{
    const bool blocked = blockSignals(true);
    clearSelection();
    m_links->setSelected({});
    dropZoneSelection();
    if (const auto it = m_zones.find(zone); it != m_zones.end()) {
        m_selectedZone = zone;
        it->second->setChosen(true);
    }
    blockSignals(blocked);
    emit selectionModelChanged();
}

std::string CanvasScene::zoneLabelAt(QPointF point) const
{
    std::string best;
    int bestDepth = -1;
    for (const auto &[id, item] : m_zones)
        if (item->labelBand().contains(point) && item->depth() > bestDepth) {
            bestDepth = item->depth();
            best = id;
        }
    return best;
}

void CanvasScene::selectOnly(const std::vector<std::string> &nodes, const std::vector<std::string> &links)
{
    const bool blocked = blockSignals(true);
    clearSelection();
    dropZoneSelection();
    for (const std::string &id : nodes)
        if (NodeItem *item = nodeItem(id))
            item->setSelected(true);
    m_links->setSelected({links.begin(), links.end()});
    blockSignals(blocked);
    emit selectionModelChanged();
}

void CanvasScene::selectAll()
{
    std::vector<std::string> ids;
    for (const auto &[id, item] : m_nodes)
        ids.push_back(id);
    selectOnly(ids, {});
}

QRectF CanvasScene::subjectsRect(const std::vector<std::string> &subjects) const
{
    QRectF rect;
    for (const std::string &s : subjects) {
        if (const NodeItem *item = nodeItem(s))
            rect = rect.united(item->sceneBoundingRect());
        else if (const auto zone = m_zones.find(s); zone != m_zones.end())
            rect = rect.united(zone->second->area());
        else
            rect = rect.united(m_links->linkRect(s));
    }
    return rect;
}

void CanvasScene::showLinkTargets(const Endpoint &from)
{
    const Catalog &catalog = m_document->catalog();
    const Node *source = m_document->topology().node(from.node);
    const ComponentType *sourceType = source ? catalog.type(source->type) : nullptr;
    const TerminalType *out = sourceType ? sourceType->terminal(from.terminal) : nullptr;
    if (!out)
        return;
    m_targetsShown = true;
    // A terminal that has all its links, or is linked from here already,
    // would be refused on the drop: it dims like an incompatible one.
    const Document::LinkLimits limits = m_document->linkLimits(from);
    for (auto &[id, item] : m_nodes) {
        std::vector<NodeItem::PortState> states;
        for (const NodeItem::Port &port : item->ports()) {
            bool ok = !limits.sourceFull && id != from.node && port.direction == Direction::In;
            if (ok) {
                TerminalType in;
                in.protocols = port.protocols;
                ok = protocolsCompatible(*out, in) && !limits.closed.count({id, port.name});
            }
            states.push_back(ok ? NodeItem::PortState::Compatible : NodeItem::PortState::Incompatible);
        }
        item->setPortStates(states);
    }
}

void CanvasScene::clearLinkTargets()
{
    if (!m_targetsShown)
        return;
    m_targetsShown = false;
    for (auto &[id, item] : m_nodes)
        item->clearPortStates();
}

void CanvasScene::setDiagnostics(const std::vector<Diagnostic> &diagnostics)
{
    m_diagnostics = diagnostics;
    updateProblemBadges();
}

void CanvasScene::setMarks(const CompareMarks &marks)
{
    m_marks = marks;
    applyMarks();
}

void CanvasScene::applyMarks()
{
    auto markOf = [](const std::map<std::string, Mark> &marks, const std::string &id) {
        const auto it = marks.find(id);
        return it == marks.end() ? Mark::None : it->second;
    };
    for (auto &[id, item] : m_nodes)
        item->setMark(markOf(m_marks.nodes, id));
    for (auto &[id, item] : m_zones)
        item->setMark(markOf(m_marks.zones, id));
    m_links->setMarks(m_marks.links);
}

void CanvasScene::updateProblemBadges()
{
    std::unordered_map<std::string, std::pair<int, int>> perNode; // severity, count
    std::unordered_map<std::string, QStringList> messages;          // the first few, for the tooltip
    constexpr int kShown = 5;
    std::set<std::string> badLinks;
    for (const Diagnostic &d : m_diagnostics) {
        for (const std::string_view view : d.subjects) {
            const std::string s(view);
            if (m_nodes.count(s)) {
                auto [it, inserted] = perNode.try_emplace(s, int(d.severity), 0);
                it->second.first = std::min(it->second.first, int(d.severity));
                it->second.second++;
                QStringList &list = messages[s];
                if (list.size() < kShown)
                    list << QStringLiteral("%1: %2 [%3]")
                                .arg(toQString(std::string(severityName(d.severity))), toQString(d.message.str()),
                                     toQString(d.rule));
            } else if (s.find(" -> ") != std::string::npos && d.severity == Severity::Error) {
                badLinks.insert(s);
            }
        }
    }
    for (auto &[id, item] : m_nodes) {
        const auto it = perNode.find(id);
        if (it == perNode.end())
            item->setProblems(0, 0);
        else
        {
            QStringList list = messages[id];
            if (it->second.second > list.size())
                list << QObject::tr("… and %n more (see Problems)", nullptr, int(it->second.second - list.size()));
            item->setProblems(it->second.first, it->second.second, list);
        }
    }
    m_links->setProblemLinks(badLinks);
}

} // namespace sky
