#include "checkcontext_p.h"

#include <boost/graph/breadth_first_search.hpp>

#include <algorithm>

namespace sky::detail {

namespace {

// Records, for each vertex the search discovers, the link that reached it.
// Holds its state by reference (Boost copies visitors).
struct TreeRecorder : boost::default_bfs_visitor
{
    std::vector<int> &predLink;
    void tree_edge(Edge e, const Graph &g) const { predLink[boost::target(e, g)] = g[e].link; }
};

} // namespace

GraphView buildGraphView(const Topology &topology, const Catalog &catalog)
{
    GraphView v;
    const std::size_t n = topology.nodes.size();
    v.nodeCount = n;
    v.graph = Graph(n + 1);
    v.root = Vertex(n);
    v.nodes.reserve(n);
    v.types.reserve(n);
    v.m_index.reserve(n);
    for (const auto &[id, node] : topology.nodes) {
        v.m_index.emplace_back(id, Vertex(v.nodes.size()));
        v.nodes.push_back(&node);
        v.types.push_back(catalog.type(node.type));
    }
    v.tierOf.resize(n);
    v.entry.assign(n + 1, 0);
    v.external.assign(n + 1, 0);
    v.barrier.assign(n + 1, 0);
    v.dataTier.assign(n + 1, 0);
    v.linked.assign(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const ComponentType *t = v.types[i];
        if (!t)
            continue;
        v.tierOf[i] = std::string(tierName(t->tier));
        v.entry[i] = t->entry;
        v.external[i] = t->entry && t->tier == Tier::Edge;
        v.barrier[i] = t->tier == Tier::Security;
        v.dataTier[i] = t->tier == Tier::Data || t->tier == Tier::Storage;
        if (t->entry)
            boost::add_edge(v.root, Vertex(i), EdgeData{-1}, v.graph);
    }
    v.linkFrom.assign(topology.links.size(), -1);
    v.linkTo.assign(topology.links.size(), -1);
    for (std::size_t k = 0; k < topology.links.size(); ++k) {
        const Link &l = topology.links[k];
        const Vertex a = v.vertexOf(l.from.node);
        const Vertex b = v.vertexOf(l.to.node);
        if (a == v.root || b == v.root)
            continue; // a dangling reference, reported by the reader
        v.linkFrom[k] = int(a);
        v.linkTo[k] = int(b);
        v.linked[a] = v.linked[b] = 1;
        boost::add_edge(a, b, EdgeData{int(k)}, v.graph);
    }

    v.predLink.assign(n + 1, -1);
    std::vector<boost::default_color_type> color(n + 1, boost::white_color);
    boost::breadth_first_search(
        v.graph, v.root,
        boost::visitor(TreeRecorder{{}, v.predLink})
            .color_map(boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, v.graph))));
    v.reachable.resize(n + 1);
    for (std::size_t i = 0; i <= n; ++i)
        v.reachable[i] = color[i] != boost::white_color;
    return v;
}

Vertex GraphView::vertexOf(const std::string &id) const
{
    const auto it = std::lower_bound(m_index.begin(), m_index.end(), id,
                                     [](const auto &entry, const std::string &key) { return entry.first < key; });
    return it != m_index.end() && it->first == id ? it->second : root;
}

std::vector<int> GraphView::pathTo(Vertex v) const
{
    std::vector<int> links;
    while (v != root && predLink[v] >= 0 && links.size() <= nodeCount) {
        links.push_back(predLink[v]);
        v = Vertex(linkFrom[std::size_t(predLink[v])]);
    }
    std::reverse(links.begin(), links.end());
    return links;
}

std::string GraphView::pathText(Vertex v) const
{
    const std::vector<int> links = pathTo(v);
    std::string s = links.empty() ? nodes[v]->id : nodes[std::size_t(linkFrom[std::size_t(links.front())])]->id;
    for (int l : links)
        s += " → " + nodes[std::size_t(linkTo[std::size_t(l)])]->id;
    return s;
}

bool CheckContext::enabled(std::string_view rule) const
{
    const auto it = topology.rules.find(std::string(rule));
    return it == topology.rules.end() || it->second != "off";
}

void CheckContext::report(std::string_view rule, std::string message, std::vector<std::string> subjects,
                          const std::string &sourcePath)
{
    const RuleInfo *info = findRule(rule);
    m_out.push_back({info ? info->severity : Severity::Error, std::string(rule), std::move(message),
                     info ? std::string(info->hint) : std::string(), std::move(subjects), m_file,
                     m_sources.find(sourcePath)});
}

std::string linkKey(const Topology &t, int link)
{
    return t.links[std::size_t(link)].key();
}

std::string joinIds(const std::vector<std::string> &ids, std::size_t max)
{
    std::string s;
    for (std::size_t i = 0; i < ids.size() && i < max; ++i)
        s += (i ? ", '" : "'") + ids[i] + "'";
    if (ids.size() > max)
        s += " and " + std::to_string(ids.size() - max) + " more";
    return s;
}

} // namespace sky::detail
