// Document: edits of single fields of nodes, links and zones.
#include "document.h"

#include "editcommand.h"
#include "topologydelta.h"

#include <QStringList>
#include <QUndoStack>

#include <cctype>

namespace sky {

void Document::setLabel(const std::string &id, const std::string &label)
{
    if (!m_topology.node(id))
        return;
    TopologyDelta delta;
    delta.node(m_topology, id).after->label = label;
    push(tr("Change label of %1").arg(toQString(id)), std::move(delta), int(MergeId::EditField));
}

void Document::setRegion(const std::string &id, const std::string &region)
{
    if (!m_topology.node(id))
        return;
    TopologyDelta delta;
    delta.node(m_topology, id).after->region = region;
    push(tr("Change region of %1").arg(toQString(id)), std::move(delta), int(MergeId::EditField));
}

void Document::setReplicas(const std::string &id, int replicas)
{
    if (!m_topology.node(id) || replicas < 1)
        return;
    TopologyDelta delta;
    delta.node(m_topology, id).after->replicas = replicas;
    push(tr("Change replicas of %1").arg(toQString(id)), std::move(delta), int(MergeId::EditField));
}

void Document::setZone(const std::vector<std::string> &ids, const std::string &zone)
{
    if (!zone.empty() && !m_topology.zone(zone))
        return;
    TopologyDelta delta;
    for (const std::string &id : ids)
        if (m_topology.node(id))
            delta.node(m_topology, id).after->zone = zone;
    push(zone.empty() ? tr("Take %n node(s) out of their zone", nullptr, int(ids.size()))
                      : tr("Put %n node(s) in zone %1", nullptr, int(ids.size())).arg(toQString(zone)),
         std::move(delta));
}

void Document::setResources(const std::string &id, const Resources &resources)
{
    if (!m_topology.node(id))
        return;
    TopologyDelta delta;
    delta.node(m_topology, id).after->resources = resources;
    push(tr("Change resources of %1").arg(toQString(id)), std::move(delta), int(MergeId::EditField));
}

void Document::setProperty(const std::string &id, const std::string &name, std::optional<Value> value)
{
    if (!m_topology.node(id))
        return;
    TopologyDelta delta;
    ValueMap &properties = delta.node(m_topology, id).after->properties;
    if (value)
        properties[name] = *value;
    else
        properties.erase(name);
    push(tr("Change %1 of %2").arg(toQString(name), toQString(id)), std::move(delta),
         int(MergeId::EditField));
}

std::optional<Link> Document::findLink(const std::string &key) const
{
    for (const Link &l : m_topology.links)
        if (l.key() == key)
            return l;
    return std::nullopt;
}

void Document::setLinkProtocol(const std::string &key, const std::string &protocol)
{
    const auto link = findLink(key);
    if (!link)
        return;
    TopologyDelta delta;
    delta.link(m_topology, *link).after->protocol = protocol;
    push(tr("Change protocol of %1").arg(toQString(key)), std::move(delta), int(MergeId::EditField));
}

void Document::setLinkPort(const std::string &key, std::optional<int> port)
{
    const auto link = findLink(key);
    if (!link)
        return;
    TopologyDelta delta;
    delta.link(m_topology, *link).after->port = port;
    push(tr("Change port of %1").arg(toQString(key)), std::move(delta), int(MergeId::EditField));
}

std::string Document::addZone(const std::string &label, const std::vector<std::string> &members)
{
    std::string base;
    for (char c : label)
        base += (std::isalnum(static_cast<unsigned char>(c)) ? char(std::tolower(static_cast<unsigned char>(c))) : '-');
    if (!isValidId(base))
        base = "zone";
    std::string id = base;
    for (int i = 2; m_topology.zone(id); ++i)
        id = base + '-' + std::to_string(i);
    TopologyDelta delta;
    delta.zone(m_topology, id).after = Zone{id, label, {}, {}};
    for (const std::string &n : members)
        if (m_topology.node(n))
            delta.node(m_topology, n).after->zone = id;
    push(tr("Add zone %1").arg(toQString(label)), std::move(delta));
    return id;
}

bool Document::renameZone(const std::string &id, const std::string &newId, QString *why)
{
    const auto fail = [why](const QString &message) {
        if (why)
            *why = message;
        return false;
    };
    if (id == newId)
        return true;
    if (!m_topology.zone(id))
        return fail(tr("There is no zone %1.").arg(toQString(id)));
    if (!isValidId(newId))
        return fail(tr("\"%1\" is not a valid id: use letters, digits, '_' and '-'.").arg(toQString(newId)));
    if (m_topology.zone(newId))
        return fail(tr("A zone with id %1 already exists.").arg(toQString(newId)));
    TopologyDelta delta;
    Zone zone = *m_topology.zone(id);
    zone.id = newId;
    if (zone.parent == id) // a file may nest a zone inside itself; the checks report it
        zone.parent = newId;
    delta.zone(m_topology, id).after.reset();
    delta.zone(m_topology, newId).after = zone;
    for (const auto &[_, z] : m_topology.zones)
        if (z.parent == id && z.id != id)
            delta.zone(m_topology, z.id).after->parent = newId;
    for (const auto &[nodeId, n] : m_topology.nodes)
        if (n.zone == id)
            delta.node(m_topology, nodeId).after->zone = newId;
    editPolicies(delta, [&](Policy &p) { return renameZoneInPolicy(p, id, newId); });
    push(tr("Rename zone %1 to %2").arg(toQString(id), toQString(newId)), std::move(delta));
    return true;
}

void Document::setZoneLabel(const std::string &id, const std::string &label)
{
    if (!m_topology.zone(id))
        return;
    TopologyDelta delta;
    delta.zone(m_topology, id).after->label = label;
    push(tr("Change label of zone %1").arg(toQString(id)), std::move(delta), int(MergeId::EditField));
}

bool Document::setZoneParent(const std::string &id, const std::string &parent, QString *why)
{
    if (!m_topology.zone(id) || (!parent.empty() && !m_topology.zone(parent))) {
        if (why)
            *why = tr("There is no zone %1.").arg(toQString(m_topology.zone(id) ? parent : id));
        return false;
    }
    if (!parent.empty() && m_topology.zoneWithin(parent, id)) {
        if (why)
            *why = tr("Zone %1 cannot be inside itself or one of its own zones.").arg(toQString(id));
        return false;
    }
    TopologyDelta delta;
    delta.zone(m_topology, id).after->parent = parent;
    // One text for every parent, so that stepping through the "Inside"
    // list with the arrow keys is one undo step, as a drag is.
    push(tr("Change parent of zone %1").arg(toQString(id)), std::move(delta), int(MergeId::EditField));
    return true;
}

void Document::removeZone(const std::string &id)
{
    const Zone *zone = m_topology.zone(id);
    if (!zone)
        return;
    // What the zone held moves up to its parent, unless that parent is the
    // zone itself or inside it (a nesting loop read from a file): then to
    // the top.
    std::string parent = zone->parent;
    if (!m_topology.zone(parent) || m_topology.zoneWithin(parent, id)) // unknown, or a loop: the top
        parent.clear();
    TopologyDelta delta;
    delta.zone(m_topology, id).after.reset();
    for (const auto &[_, z] : m_topology.zones)
        if (z.parent == id && z.id != id)
            delta.zone(m_topology, z.id).after->parent = parent;
    for (const auto &[nodeId, n] : m_topology.nodes)
        if (n.zone == id)
            delta.node(m_topology, nodeId).after->zone = parent;
    push(tr("Delete zone %1").arg(toQString(id)), std::move(delta));
    QStringList naming;
    for (const auto &[policyId, p] : m_topology.policies)
        if (policyNamesZone(p, id))
            naming << toQString(policyId);
    if (naming.size() == 1)
        emit notice(tr("Deleted zone %1. Policy %2 still names it: change the policy or bring the zone back.")
                        .arg(toQString(id), naming.front()));
    else if (naming.size() > 1)
        emit notice(tr("Deleted zone %1. Policies %2 still name it: change them or bring the zone back.")
                        .arg(toQString(id), naming.join(QStringLiteral(", "))));
}

} // namespace sky
