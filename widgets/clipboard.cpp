#include "clipboard.h"

#include "descriptor.h"

#include <algorithm>
#include <limits>
#include <set>

namespace sky {

Topology fragmentOf(const Topology &topology, const std::vector<std::string> &nodes)
{
    Topology fragment;
    fragment.name = topology.name.empty() ? std::string("fragment") : topology.name + "-fragment";
    const std::set<std::string> chosen(nodes.begin(), nodes.end());
    double minX = std::numeric_limits<double>::max();
    double minY = std::numeric_limits<double>::max();
    for (const std::string &id : chosen) {
        const Node *n = topology.node(id);
        if (!n)
            continue;
        fragment.nodes.emplace(id, *n);
        // The zone chain comes along, so membership survives the trip.
        for (const Zone *z = topology.zone(n->zone); z && !fragment.zones.count(z->id); z = topology.zone(z->parent))
            fragment.zones.emplace(z->id, *z);
        if (const auto p = topology.layout.nodes.find(id); p != topology.layout.nodes.end()) {
            minX = std::min(minX, p->second.x);
            minY = std::min(minY, p->second.y);
        }
    }
    // Positions relative to the fragment's top-left corner.
    for (const auto &[id, n] : fragment.nodes)
        if (const auto p = topology.layout.nodes.find(id); p != topology.layout.nodes.end())
            fragment.layout.nodes[id] = Point{p->second.x - minX, p->second.y - minY};
    for (const Link &l : topology.links)
        if (chosen.count(l.from.node) && chosen.count(l.to.node))
            fragment.links.push_back(l);
    fragment.sortLinks();
    return fragment;
}

std::string fragmentText(const Topology &topology, const std::vector<std::string> &nodes)
{
    return writeDescriptor(fragmentOf(topology, nodes));
}

std::optional<Topology> fragmentFromText(const std::string &text)
{
    if (text.find("nodes") == std::string::npos)
        return std::nullopt;
    ReadResult result = readDescriptor(text, "clipboard");
    if (!result.readable || result.topology.nodes.empty())
        return std::nullopt;
    return std::move(result.topology);
}

} // namespace sky
