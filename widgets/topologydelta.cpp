#include "topologydelta.h"

#include <algorithm>

namespace sky {

namespace {

template<typename Map>
bool sameKeys(const Map &a, const Map &b)
{
    return a.size() == b.size()
           && std::equal(a.begin(), a.end(), b.begin(),
                         [](const auto &x, const auto &y) { return x.first == y.first; });
}

template<typename Map>
void mergeEntries(Map &ours, const Map &later)
{
    for (const auto &[key, entry] : later) {
        auto it = ours.find(key);
        if (it == ours.end())
            ours.emplace(key, entry);
        else
            it->second.after = entry.after;
    }
}

} // namespace

TopologyDelta::Entry<Node> &TopologyDelta::node(const Topology &t, const std::string &id)
{
    auto [it, inserted] = nodes.try_emplace(id);
    if (inserted) {
        if (const Node *n = t.node(id))
            it->second.before = *n;
        it->second.after = it->second.before;
    }
    return it->second;
}

TopologyDelta::Entry<Point> &TopologyDelta::position(const Topology &t, const std::string &id)
{
    auto [it, inserted] = positions.try_emplace(id);
    if (inserted) {
        if (const auto p = t.layout.nodes.find(id); p != t.layout.nodes.end())
            it->second.before = p->second;
        it->second.after = it->second.before;
    }
    return it->second;
}

TopologyDelta::Entry<Link> &TopologyDelta::link(const Topology &t, const Link &l)
{
    auto [it, inserted] = links.try_emplace(l.key());
    if (inserted) {
        if (const int i = t.linkIndex(l.from, l.to); i >= 0)
            it->second.before = t.links[std::size_t(i)];
        it->second.after = it->second.before;
    }
    return it->second;
}

TopologyDelta::Entry<Zone> &TopologyDelta::zone(const Topology &t, const std::string &id)
{
    auto [it, inserted] = zones.try_emplace(id);
    if (inserted) {
        if (const Zone *z = t.zone(id))
            it->second.before = *z;
        it->second.after = it->second.before;
    }
    return it->second;
}

TopologyDelta::Entry<Policy> &TopologyDelta::policy(const Topology &t, const std::string &id)
{
    auto [it, inserted] = policies.try_emplace(id);
    if (inserted) {
        if (const auto p = t.policies.find(id); p != t.policies.end())
            it->second.before = p->second;
        it->second.after = it->second.before;
    }
    return it->second;
}

TopologyDelta::Entry<TopologySettings> &TopologyDelta::topologySettings(const Topology &t)
{
    if (!settings) {
        settings.emplace();
        settings->before = TopologySettings{t.requirements, t.budget, t.providers};
        settings->after = settings->before;
    }
    return *settings;
}

bool TopologyDelta::isNoOp() const
{
    const auto same = [](const auto &map) {
        return std::all_of(map.begin(), map.end(),
                           [](const auto &kv) { return kv.second.before == kv.second.after; });
    };
    return same(nodes) && same(positions) && same(links) && same(zones) && same(policies)
           && (!settings || settings->before == settings->after);
}

bool TopologyDelta::sameTargets(const TopologyDelta &other) const
{
    return sameKeys(nodes, other.nodes) && sameKeys(positions, other.positions)
           && sameKeys(links, other.links) && sameKeys(zones, other.zones)
           && sameKeys(policies, other.policies) && settings.has_value() == other.settings.has_value();
}

void TopologyDelta::mergeLater(const TopologyDelta &later)
{
    mergeEntries(nodes, later.nodes);
    mergeEntries(positions, later.positions);
    mergeEntries(links, later.links);
    mergeEntries(zones, later.zones);
    mergeEntries(policies, later.policies);
    if (later.settings) {
        if (settings)
            settings->after = later.settings->after;
        else
            settings = later.settings;
    }
}

TopologyChange TopologyDelta::apply(Topology &t, bool forward) const
{
    TopologyChange change;
    const auto target = [forward](const auto &entry) -> const auto & {
        return forward ? entry.after : entry.before;
    };
    const auto source = [forward](const auto &entry) -> const auto & {
        return forward ? entry.before : entry.after;
    };

    // Links go first, so no link is ever left pointing at a removed node.
    for (const auto &[key, entry] : links) {
        if (const auto &old = source(entry); old && !target(entry))
            t.removeLink(old->from, old->to);
    }
    // Zones: parents before children when adding, the other way round when removing.
    for (const auto &[id, entry] : zones) {
        if (const auto &z = target(entry))
            t.zones[id] = *z;
        else
            t.zones.erase(id);
        change.zonesChanged = true;
    }
    for (const auto &[id, entry] : policies) {
        if (const auto &p = target(entry))
            t.policies[id] = *p;
        else
            t.policies.erase(id);
        change.policiesChanged = true;
    }
    if (settings) {
        if (const auto &s = target(*settings)) {
            t.requirements = s->requirements;
            t.budget = s->budget;
            t.providers = s->providers;
        }
        change.settingsChanged = true;
    }
    for (const auto &[id, entry] : nodes) {
        const auto &now = target(entry);
        const auto &old = source(entry);
        if (now) {
            if (old && old->zone != now->zone)
                change.membershipChanged = true;
            t.nodes[id] = *now;
            (old ? change.nodesChanged : change.nodesAdded).insert(id);
        } else {
            t.nodes.erase(id);
            change.nodesRemoved.insert(id);
        }
    }
    for (const auto &[id, entry] : positions) {
        if (const auto &p = target(entry))
            t.layout.nodes[id] = *p;
        else
            t.layout.nodes.erase(id);
        if (!change.nodesAdded.count(id) && !change.nodesRemoved.count(id))
            change.nodesMoved.insert(id);
    }
    for (const auto &[key, entry] : links) {
        const auto &now = target(entry);
        if (!now) {
            change.linksRemoved.insert(key);
            continue;
        }
        if (const int i = t.linkIndex(now->from, now->to); i >= 0) {
            t.links[std::size_t(i)] = *now;
            change.linksChanged.insert(key);
        } else {
            t.addLink(*now);
            change.linksAdded.insert(key);
        }
    }
    return change;
}

} // namespace sky
