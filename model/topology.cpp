#include "topology.h"

#include <algorithm>
#include <tuple>
#include <utility>
#include <vector>

namespace sky {

Endpoint Endpoint::parse(const std::string &text)
{
    // Node ids may not contain '.', so the first dot splits node and terminal.
    const auto dot = text.find('.');
    if (dot == std::string::npos)
        return {text, {}};
    return {text.substr(0, dot), text.substr(dot + 1)};
}

bool linkLess(const Link &a, const Link &b)
{
    return std::tie(a.from, a.to) < std::tie(b.from, b.to);
}

bool isValidId(const std::string &id)
{
    if (id.empty() || id.size() > 128)
        return false;
    const auto ok = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
               || c == '-';
    };
    return std::all_of(id.begin(), id.end(), ok) && id[0] != '-';
}

const Node *Topology::node(const std::string &id) const
{
    const auto it = nodes.find(id);
    return it == nodes.end() ? nullptr : &it->second;
}

Node *Topology::node(const std::string &id)
{
    const auto it = nodes.find(id);
    return it == nodes.end() ? nullptr : &it->second;
}

const Zone *Topology::zone(const std::string &id) const
{
    const auto it = zones.find(id);
    return it == zones.end() ? nullptr : &it->second;
}

bool Topology::addNode(Node n, std::optional<Point> position)
{
    if (!isValidId(n.id) || nodes.count(n.id))
        return false;
    if (position)
        layout.nodes[n.id] = *position;
    const std::string id = n.id;
    nodes.emplace(id, std::move(n));
    return true;
}

bool Topology::removeNode(const std::string &id)
{
    if (!nodes.erase(id))
        return false;
    std::erase_if(links, [&](const Link &l) { return l.from.node == id || l.to.node == id; });
    layout.nodes.erase(id);
    for (auto &[_, n] : nodes)
        if (n.host == id)
            n.host.clear();
    for (auto &[_, p] : policies)
        removeNodeFromPolicy(p, id);
    return true;
}

bool Topology::renameNode(const std::string &from, const std::string &to)
{
    if (from == to)
        return nodes.count(from) > 0;
    if (!isValidId(to) || nodes.count(to))
        return false;
    auto handle = nodes.extract(from);
    if (handle.empty())
        return false;
    handle.key() = to;
    handle.mapped().id = to;
    nodes.insert(std::move(handle));
    for (Link &l : links) {
        if (l.from.node == from)
            l.from.node = to;
        if (l.to.node == from)
            l.to.node = to;
    }
    sortLinks();
    for (auto &[_, n] : nodes)
        if (n.host == from)
            n.host = to;
    if (auto pos = layout.nodes.extract(from); !pos.empty()) {
        pos.key() = to;
        layout.nodes.insert(std::move(pos));
    }
    for (auto &[_, p] : policies)
        renameNodeInPolicy(p, from, to);
    return true;
}

bool Topology::addLink(Link link)
{
    const auto it = std::lower_bound(links.begin(), links.end(), link, linkLess);
    if (it != links.end() && it->from == link.from && it->to == link.to)
        return false;
    links.insert(it, std::move(link));
    return true;
}

bool Topology::removeLink(const Endpoint &from, const Endpoint &to)
{
    const int i = linkIndex(from, to);
    if (i < 0)
        return false;
    links.erase(links.begin() + i);
    return true;
}

int Topology::linkIndex(const Endpoint &from, const Endpoint &to) const
{
    Link probe;
    probe.from = from;
    probe.to = to;
    const auto it = std::lower_bound(links.begin(), links.end(), probe, linkLess);
    if (it == links.end() || it->from != from || it->to != to)
        return -1;
    return int(it - links.begin());
}

void Topology::sortLinks()
{
    std::stable_sort(links.begin(), links.end(), linkLess);
}

bool Topology::zoneWithin(std::string zone, const std::string &ancestor) const
{
    for (std::size_t depth = 0; !zone.empty() && depth <= zones.size(); ++depth) {
        if (zone == ancestor)
            return true;
        const Zone *z = this->zone(zone);
        zone = z ? z->parent : std::string();
    }
    return false;
}

bool Topology::addZone(Zone z)
{
    if (!isValidId(z.id) || zones.count(z.id))
        return false;
    if (!z.parent.empty() && !zones.count(z.parent))
        return false;
    const std::string id = z.id;
    zones.emplace(id, std::move(z));
    return true;
}

bool Topology::removeZone(const std::string &id)
{
    const auto it = zones.find(id);
    if (it == zones.end())
        return false;
    const std::string parent = it->second.parent;
    zones.erase(it);
    for (auto &[_, n] : nodes)
        if (n.zone == id)
            n.zone = parent;
    for (auto &[_, z] : zones)
        if (z.parent == id)
            z.parent = parent;
    return true;
}

bool Topology::renameZone(const std::string &from, const std::string &to)
{
    if (from == to)
        return zones.count(from) > 0;
    if (!isValidId(to) || zones.count(to))
        return false;
    auto handle = zones.extract(from);
    if (handle.empty())
        return false;
    handle.key() = to;
    handle.mapped().id = to;
    zones.insert(std::move(handle));
    for (auto &[_, n] : nodes)
        if (n.zone == from)
            n.zone = to;
    for (auto &[_, z] : zones)
        if (z.parent == from)
            z.parent = to;
    for (auto &[_, p] : policies)
        renameZoneInPolicy(p, from, to);
    return true;
}

namespace {

// Rewrites `from` to `to` in `v`, a name or a list of names.
bool renameIn(Value &v, const std::string &from, const std::string &to)
{
    bool changed = false;
    if (v.isString() && v.toString() == from) {
        v = Value(to);
        changed = true;
    } else if (v.isList()) {
        for (Value &item : v.list())
            if (item.isString() && item.toString() == from) {
                item = Value(to);
                changed = true;
            }
    }
    return changed;
}

// Whether `v`, a name or a list of names, holds `name`.
bool namesIn(const Value &v, const std::string &name)
{
    if (v.isString())
        return v.toString() == name;
    return v.isList() && std::any_of(v.toList().begin(), v.toList().end(), [&](const Value &item) {
               return item.isString() && item.toString() == name;
           });
}

// The names under `applies-to: {key: ...}`, or null.
const Value *scope(const Policy &policy, const char *key)
{
    const auto it = policy.fields.find("applies-to");
    if (it == policy.fields.end() || !it->second.isMap())
        return nullptr;
    const auto names = it->second.toMap().find(key);
    return names == it->second.toMap().end() ? nullptr : &names->second;
}

Value *scope(Policy &policy, const char *key)
{
    return const_cast<Value *>(scope(std::as_const(policy), key));
}

// Where a policy holds zone names: a segmentation's `zone` and `allow-from`,
// and `applies-to: {zones: ...}`. The one list that renaming and looking a
// zone up both go by.
std::vector<const Value *> zonePlaces(const Policy &policy)
{
    std::vector<const Value *> places;
    for (const char *key : {"zone", "allow-from"})
        if (const auto it = policy.fields.find(key); it != policy.fields.end())
            places.push_back(&it->second);
    if (const Value *zones = scope(policy, "zones"))
        places.push_back(zones);
    return places;
}

} // namespace

bool renameNodeInPolicy(Policy &policy, const std::string &from, const std::string &to)
{
    Value *nodes = scope(policy, "nodes");
    return nodes && renameIn(*nodes, from, to);
}

bool removeNodeFromPolicy(Policy &policy, const std::string &id)
{
    Value *nodes = scope(policy, "nodes");
    if (!nodes)
        return false;
    if (nodes->isString() && nodes->toString() == id) { // `nodes: db`, one name
        *nodes = Value(ValueList{});
        return true;
    }
    return nodes->isList()
           && std::erase_if(nodes->list(), [&](const Value &v) { return v.isString() && v.toString() == id; }) > 0;
}

bool policyNamesZone(const Policy &policy, const std::string &zone)
{
    const auto places = zonePlaces(policy);
    return std::any_of(places.begin(), places.end(), [&](const Value *v) { return namesIn(*v, zone); });
}

bool renameZoneInPolicy(Policy &policy, const std::string &from, const std::string &to)
{
    bool changed = false;
    for (const Value *v : zonePlaces(policy))
        changed |= renameIn(*const_cast<Value *>(v), from, to); // `policy` itself is not const
    return changed;
}

bool Topology::setNodeZone(const std::string &nodeId, const std::string &zoneId)
{
    Node *n = node(nodeId);
    if (!n || (!zoneId.empty() && !zones.count(zoneId)))
        return false;
    n->zone = zoneId;
    return true;
}

std::vector<const Link *> Topology::linksOf(const std::string &nodeId) const
{
    std::vector<const Link *> result;
    for (const Link &l : links)
        if (l.from.node == nodeId || l.to.node == nodeId)
            result.push_back(&l);
    return result;
}

} // namespace sky
