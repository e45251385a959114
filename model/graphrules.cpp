// Reachability, exposure of the data tier and request cycles: Boost.Graph
// breadth-first search, filtered_graph and strong_components over the
// request-flow graph of checkcontext_p.h.
#include "checkcontext_p.h"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/pending/queue.hpp>

#include <algorithm>

namespace sky::detail {

namespace {

// Records the tree link of each discovered vertex and the discovery order.
struct PathRecorder : boost::default_bfs_visitor
{
    std::vector<int> &predLink;
    std::vector<Vertex> *order = nullptr;

    template<typename G>
    void tree_edge(Edge e, const G &g) const
    {
        predLink[boost::target(e, g)] = g[e].link;
    }
    template<typename G>
    void discover_vertex(Vertex v, const G &) const
    {
        if (order)
            order->push_back(v);
    }
};

// Keeps the vertices a predicate accepts; by reference, as filtered_graph copies it.
struct KeepVertex
{
    const std::vector<char> *keep = nullptr;
    bool operator()(Vertex v) const { return (*keep)[v] != 0; }
};

struct KeepComponent
{
    const std::vector<int> *component = nullptr;
    int wanted = -1;
    bool operator()(Vertex v) const { return (*component)[v] == wanted; }
};

void checkUnreachable(CheckContext &ctx, const GraphView &view)
{
    const bool anyEntry = std::any_of(view.entry.begin(), view.entry.end(), [](char e) { return e != 0; });
    for (Vertex v = 0; v < view.nodeCount; ++v) {
        if (view.reachable[v] || !view.types[v] || !view.linked[v])
            continue; // unknown types are SP-TYPE; nodes with no link at all are SP-ISOLATED
        const Node &n = *view.nodes[v];
        ctx.report("SP-UNREACHABLE",
                   "node '" + n.id + "' (" + n.type + ") is not reached by any entry point"
                       + (anyEntry ? std::string() : std::string(": the topology has no entry point (internet, vpn_gateway)")),
                   {n.id}, "nodes/" + n.id);
    }
}

void checkExposure(CheckContext &ctx, const GraphView &view)
{
    // Entry points outside the security tier (the internet) start the search;
    // security-tier nodes (firewalls, VPN gateways) stop it.
    std::vector<char> open(view.nodeCount + 1, 1);
    for (Vertex v = 0; v < view.nodeCount; ++v)
        open[v] = !view.barrier[v];
    const boost::filtered_graph<Graph, boost::keep_all, KeepVertex> g(view.graph, boost::keep_all(), KeepVertex{&open});
    std::vector<int> predLink(view.nodeCount + 1, -1);
    std::vector<boost::default_color_type> color(view.nodeCount + 1, boost::white_color);
    boost::breadth_first_search(
        g, view.root,
        boost::visitor(PathRecorder{{}, predLink})
            .color_map(boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, view.graph))));
    for (Vertex v = 0; v < view.nodeCount; ++v) {
        if (!view.dataTier[v] || color[v] == boost::white_color)
            continue;
        const Node &n = *view.nodes[v];
        Subjects subjects;
        subjects.push_back(n.id);
        const std::string path = pathOf(view, predLink, v, &subjects, ctx.topology);
        ctx.report("SP-EXPOSED-DATA",
                   std::string(view.tierOf[v]) + " node '" + n.id + "' is reachable from outside with no firewall on the way: " + path,
                   std::move(subjects), "nodes/" + n.id);
    }
}

void checkCycles(CheckContext &ctx, const GraphView &view)
{
    const std::size_t total = view.nodeCount + 1;
    std::vector<int> component(total, -1);
    const int count = boost::strong_components(
        view.graph, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, view.graph)));
    std::vector<int> size(static_cast<std::size_t>(count), 0);
    for (Vertex v = 0; v < view.nodeCount; ++v)
        ++size[std::size_t(component[v])];
    std::vector<char> selfLoop(std::size_t(count), 0);
    for (const Edge e : boost::make_iterator_range(boost::edges(view.graph)))
        if (boost::source(e, view.graph) == boost::target(e, view.graph))
            selfLoop[std::size_t(component[boost::source(e, view.graph)])] = 1;
    // Members, in vertex order, of the components that hold a loop only: a
    // graph without cycles has one component a vertex.
    std::vector<std::vector<Vertex>> members(static_cast<std::size_t>(count));
    for (Vertex v = 0; v < view.nodeCount; ++v) {
        const auto c = std::size_t(component[v]);
        if (size[c] > 1 || selfLoop[c])
            members[c].push_back(v);
    }

    std::vector<boost::default_color_type> color(total, boost::white_color);
    std::vector<int> predLink(total, -1);
    std::vector<Vertex> order;
    for (int c = 0; c < count; ++c) {
        const std::vector<Vertex> &scc = members[std::size_t(c)];
        if (scc.empty() || (scc.size() == 1 && !selfLoop[std::size_t(c)]))
            continue;
        // One concrete loop: a shortest path from the first member back to it.
        const Vertex start = scc.front(); // vertices are in id order
        const boost::filtered_graph<Graph, boost::keep_all, KeepComponent> g(view.graph, boost::keep_all(),
                                                                             KeepComponent{&component, c});
        order.clear();
        boost::queue<Vertex> queue;
        boost::breadth_first_visit(
            g, start, queue, PathRecorder{{}, predLink, &order},
            boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, view.graph)));
        int closing = -1;
        for (const Vertex u : order) {
            for (const Edge e : boost::make_iterator_range(boost::out_edges(u, view.graph)))
                if (boost::target(e, view.graph) == start) {
                    closing = view.graph[e].link;
                    break;
                }
            if (closing >= 0)
                break;
        }
        predLink[start] = -1;
        const Vertex last = Vertex(view.linkFrom[std::size_t(closing)]);
        std::size_t loopNodes = 1;
        for (Vertex at = last; predLink[at] >= 0; at = Vertex(view.linkFrom[std::size_t(predLink[at])]))
            ++loopNodes;
        std::string loop = pathOf(view, predLink, last, nullptr, ctx.topology);
        loop += " → " + view.nodes[start]->id;
        for (const Vertex u : scc) {
            color[u] = boost::white_color;
            predLink[u] = -1;
        }
        std::vector<std::string> subjects;
        for (const Vertex u : scc)
            subjects.push_back(view.nodes[u]->id);
        std::string message = "requests flow in a loop: " + loop;
        if (loopNodes < scc.size())
            message += " (" + std::to_string(scc.size()) + " nodes take part in loops: " + joinIds(subjects) + ")";
        ctx.report("SP-CYCLE", std::move(message), Subjects(subjects), "nodes/" + view.nodes[start]->id);
    }
}

} // namespace

void checkGraphRules(CheckContext &ctx, const GraphView &view)
{
    if (ctx.enabled("SP-UNREACHABLE"))
        checkUnreachable(ctx, view);
    if (ctx.enabled("SP-EXPOSED-DATA"))
        checkExposure(ctx, view);
    if (ctx.enabled("SP-CYCLE"))
        checkCycles(ctx, view);
}

} // namespace sky::detail
