// Bandwidth bottleneck (SP-BANDWIDTH): maximum flow from the entry points to
// the data tier (Boost's boykov_kolmogorov_max_flow), compared with the
// topology's `requirements: {throughput: …}`; the message names a minimum cut.
//
// Each node is split into in → out, with capacity bandwidth × replicas (its
// own `resources.bandwidth`, else its type's default); each link carries its
// `bandwidth`, or is unlimited when it declares none. A virtual source feeds
// every entry point (or only the entries a per-entry requirement names, each
// with its own figure); every data or storage node drains into the sink.
// The rule asks only whether the requirement is met, which takes three
// steps at most, each run only when the one before falls short:
// 1. Paths found depth first in request flow itself (Boost's
//    depth_first_visit on the check's graph, filtered to the links and nodes
//    with bandwidth to spare), each carrying what its narrowest part has left,
//    until the requirement flows. Any flow that meets the requirement proves
//    it is met, so this needs neither the split network nor residual edges:
//    a few searches, and per node and link only a spare figure (and the
//    search's colour and tree edge a node). It can miss a flow that must
//    undo an earlier path, so falling short proves nothing.
// 2. The same search on the residual split network (augmenting paths),
//    which can undo.
// 3. Boykov–Kolmogorov: the maximum flow and its cut.
// The source is fed through one edge of the required throughput, so the
// second step stops once that much flows too; when the flow falls short,
// that edge is not saturated, the flow is a maximum flow of the uncapped
// network as well, and the cut is the same.
#include "checkcontext_p.h"
#include "quantity.h"

// GCC 12 reports a false "maybe uninitialized" inside Boost's edge iterator
// (a boost::optional it copies) when boykov_kolmogorov_max_flow is inlined.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>

#include <algorithm>
#include <limits>
#include <map>

namespace sky::detail {

namespace {

// The flow network as a compressed sparse row graph, built in one pass; the
// edges' data lives in arrays by edge index. Each vertex keeps its out-edges
// in the order they were added.
// 32-bit vertex and edge numbers: the network holds four edges a link.
struct FlowEdgeOrder
{
    std::uint32_t added = 0; // position in the order the edges were added
};
using FlowGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, FlowEdgeOrder,
                                                     boost::no_property, std::uint32_t, std::uint32_t>;
using FlowVertex = boost::graph_traits<FlowGraph>::vertex_descriptor;
using FlowEdge = boost::graph_traits<FlowGraph>::edge_descriptor;

constexpr long long kUnlimited = std::numeric_limits<long long>::max() / 8;

struct Requirement
{
    long long total = 0;
    std::map<std::size_t, long long> perEntry; // by vertex; empty: one figure for all entries
    bool valid = false;
};

Requirement readRequirement(CheckContext &ctx, const GraphView &view)
{
    Requirement r;
    const Value *v = ctx.topology.requirements.count("throughput") ? &ctx.topology.requirements.at("throughput") : nullptr;
    if (!v)
        return r;
    auto bandwidth = [&](const Value &value, const std::string &what) -> std::optional<long long> {
        const auto bps = value.isString() ? parseBandwidth(value.toString())
                         : value.isInt() && value.toInt() >= 0 ? std::optional<std::uint64_t>(std::uint64_t(value.toInt()))
                                                               : std::nullopt;
        if (!bps || *bps >= std::uint64_t(kUnlimited)) {
            ctx.report("SP-BANDWIDTH", what + " '" + value.display() + "' is not a bandwidth such as 2Gbps", {},
                       "top/requirements");
            return std::nullopt;
        }
        return (long long)(*bps);
    };
    if (v->isMap()) {
        for (const auto &[id, figure] : v->toMap()) {
            const Vertex e = view.vertexOf(id);
            if (e == view.root || !view.entry[e]) {
                ctx.report("SP-BANDWIDTH", "throughput requirement names '" + id + "', which is not an entry point", {id},
                           "top/requirements");
                return r;
            }
            const auto bps = bandwidth(figure, "throughput of '" + id + "'");
            if (!bps)
                return r;
            r.perEntry[e] = *bps;
            r.total += *bps;
        }
    } else {
        const auto bps = bandwidth(*v, "required throughput");
        if (!bps)
            return r;
        r.total = *bps;
    }
    r.valid = true;
    return r;
}

// An edge of the residual network: one with capacity to spare.
struct HasSpare
{
    const FlowGraph *g = nullptr;
    const std::vector<long long> *spare = nullptr;
    bool operator()(FlowEdge e) const { return (*spare)[boost::get(boost::edge_index, *g, e)] > 0; }
};

struct PathRecorder : boost::default_dfs_visitor
{
    std::vector<FlowEdge> *via;
    bool *reached;
    FlowVertex to;
    template <class G>
    void tree_edge(FlowEdge e, const G &g) const
    {
        (*via)[boost::target(e, g)] = e;
    }
    template <class G>
    void discover_vertex(FlowVertex v, const G &) const
    {
        *reached = *reached || v == to;
    }
};

// Augmenting paths found one depth-first search at a time, each pushing what
// its narrowest edge still carries, until `wanted` flows. True when it does;
// false when no path is left, or after kRounds searches (many narrow paths:
// the maximum flow algorithm is the better tool then). `spare` holds each
// edge's residual capacity by edge index.
bool flowsAtLeast(const FlowGraph &g, std::vector<long long> spare, const std::vector<FlowEdge> &reverse,
                  FlowVertex from, FlowVertex to, long long wanted)
{
    constexpr int kRounds = 64;
    const auto at = [&](FlowEdge e) { return std::size_t(boost::get(boost::edge_index, g, e)); };
    const boost::filtered_graph<FlowGraph, HasSpare> residual(g, HasSpare{&g, &spare});
    std::vector<boost::default_color_type> color(boost::num_vertices(g));
    std::vector<FlowEdge> via(boost::num_vertices(g)); // the tree edge that reached each vertex
    bool reached = false;
    long long flowed = 0;
    for (int round = 0; round < kRounds && flowed < wanted; ++round) {
        std::fill(color.begin(), color.end(), boost::white_color);
        reached = false;
        // Once the sink is found, no vertex discovered after it is expanded;
        // the search only finishes scanning the edges of the path's vertices.
        boost::depth_first_visit(residual, from, PathRecorder{{}, &via, &reached, to},
                                 boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, g)),
                                 [&reached](FlowVertex, const auto &) { return reached; });
        if (!reached)
            return false;
        long long push = wanted - flowed;
        for (FlowVertex v = to; v != from; v = boost::source(via[v], g))
            push = std::min(push, spare[at(via[v])]);
        for (FlowVertex v = to; v != from; v = boost::source(via[v], g)) {
            spare[at(via[v])] -= push;
            spare[at(reverse[at(via[v])])] += push;
        }
        flowed += push;
    }
    return flowed >= wanted;
}

long long nodeCapacity(const GraphView &view, Vertex v)
{
    double bps = view.bandwidth[v]; // its own, else its type's default, else 0
    if (bps <= 0)
        return kUnlimited;
    bps *= std::max(1, view.replicas[v]);
    return bps >= double(kUnlimited) ? kUnlimited : (long long)bps;
}

// A link's declared bandwidth, or unlimited (kNoBandwidth is over kUnlimited too).
long long linkCapacity(const GraphView &view, std::size_t k)
{
    return (long long)std::min<std::uint64_t>(view.linkBandwidth[k], std::uint64_t(kUnlimited));
}

// Step 1: what each link, node and entry has left as paths take their share.
struct Spare
{
    std::vector<long long> link, node; // by link index, by vertex
    std::map<std::size_t, long long> entry; // by vertex, for per-entry requirements only
};

// Request flow with only the edges a path may still take: a link with
// bandwidth to spare, into a node with bandwidth to spare; from the root,
// an entry the requirement feeds.
struct CanCarry
{
    const GraphView *view = nullptr;
    const Spare *spare = nullptr;
    const Requirement *req = nullptr;
    bool operator()(Edge e) const
    {
        const Vertex to = boost::target(e, view->graph);
        if (spare->node[to] <= 0)
            return false;
        const int link = view->graph[e].link;
        if (link >= 0)
            return spare->link[std::size_t(link)] > 0;
        if (req->perEntry.empty())
            return true;
        const auto it = spare->entry.find(to);
        return it != spare->entry.end() && it->second > 0;
    }
};

struct DataTierFinder : boost::default_dfs_visitor
{
    const GraphView *view = nullptr;
    std::vector<Edge> *via = nullptr;
    Vertex *reached = nullptr; // the root until a data-tier node is found
    template <class G>
    void tree_edge(Edge e, const G &g) const
    {
        (*via)[boost::target(e, g)] = e;
    }
    template <class G>
    void discover_vertex(Vertex v, const G &) const
    {
        if (*reached == view->root && v != view->root && view->dataTier[v])
            *reached = v;
    }
};

// Step 1. True when paths along request flow carry `req.total` from the
// entry points into the data tier, within kRounds searches.
bool pathsCarry(const GraphView &view, const Requirement &req)
{
    constexpr int kRounds = 64;
    const std::size_t n = view.nodeCount;
    Spare spare;
    spare.node.resize(n + 1, kUnlimited);
    for (Vertex v = 0; v < n; ++v)
        spare.node[v] = nodeCapacity(view, v);
    spare.link.resize(view.linkFrom.size());
    for (std::size_t k = 0; k < spare.link.size(); ++k)
        spare.link[k] = linkCapacity(view, k);
    for (const auto &[v, figure] : req.perEntry)
        spare.entry[v] = figure;
    const boost::filtered_graph<Graph, CanCarry> g(view.graph, CanCarry{&view, &spare, &req});
    std::vector<boost::default_color_type> color(n + 1);
    std::vector<Edge> via(n + 1);
    long long flowed = 0;
    for (int round = 0; round < kRounds && flowed < req.total; ++round) {
        std::fill(color.begin(), color.end(), boost::white_color);
        Vertex reached = view.root;
        // Once a data-tier node is found, no vertex discovered after it is expanded.
        boost::depth_first_visit(g, view.root, DataTierFinder{{}, &view, &via, &reached},
                                 boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, view.graph)),
                                 [&reached, &view](Vertex, const auto &) { return reached != view.root; });
        if (reached == view.root)
            return false;
        long long push = req.total - flowed;
        for (Vertex v = reached; v != view.root; v = boost::source(via[v], view.graph)) {
            push = std::min(push, spare.node[v]);
            const int link = view.graph[via[v]].link;
            push = std::min(push, link >= 0 ? spare.link[std::size_t(link)]
                                  : req.perEntry.empty() ? kUnlimited : spare.entry.at(v));
        }
        for (Vertex v = reached; v != view.root; v = boost::source(via[v], view.graph)) {
            spare.node[v] -= push;
            const int link = view.graph[via[v]].link;
            if (link >= 0)
                spare.link[std::size_t(link)] -= push;
            else if (!req.perEntry.empty())
                spare.entry.at(v) -= push;
        }
        flowed += push;
    }
    return flowed >= req.total;
}

} // namespace

void checkBandwidth(CheckContext &ctx, const GraphView &view)
{
    if (!ctx.enabled("SP-BANDWIDTH"))
        return;
    const Requirement req = readRequirement(ctx, view);
    if (!req.valid || req.total == 0)
        return;
    const std::size_t n = view.nodeCount;
    if (std::none_of(view.dataTier.begin(), view.dataTier.end(), [](char d) { return d != 0; }))
        return; // nothing to measure the flow to
    if (pathsCarry(view, req))
        return;

    const std::size_t vertices = 2 * n + 3, source = 2 * n, sink = 2 * n + 1, feed = 2 * n + 2;
    // Edges in the order they are added; each is followed by its reverse.
    std::vector<std::pair<FlowVertex, FlowVertex>> ends;
    std::vector<long long> addedCapacity;
    std::vector<int> addedLink, addedNode;
    const std::size_t expected = 2 * (2 * n + ctx.topology.links.size() + 1);
    ends.reserve(expected);
    addedCapacity.reserve(expected);
    addedLink.reserve(expected);
    addedNode.reserve(expected);
    auto connect = [&](std::size_t a, std::size_t b, long long capacity, int link, int node) {
        ends.emplace_back(FlowVertex(a), FlowVertex(b));
        addedCapacity.push_back(capacity);
        addedLink.push_back(link);
        addedNode.push_back(node);
        ends.emplace_back(FlowVertex(b), FlowVertex(a));
        addedCapacity.push_back(0);
        addedLink.push_back(-1);
        addedNode.push_back(-1);
    };
    connect(feed, source, req.total, -1, -1);
    for (Vertex v = 0; v < n; ++v) {
        connect(2 * v, 2 * v + 1, nodeCapacity(view, v), -1, int(v));
        if (view.entry[v]) {
            if (req.perEntry.empty())
                connect(source, 2 * v, kUnlimited, -1, -1);
            else if (const auto it = req.perEntry.find(v); it != req.perEntry.end())
                connect(source, 2 * v, it->second, -1, -1);
        }
        if (view.dataTier[v])
            connect(2 * v + 1, sink, kUnlimited, -1, -1);
    }
    const Topology &t = ctx.topology;
    for (std::size_t k = 0; k < view.linkFrom.size(); ++k)
        if (view.linkFrom[k] >= 0) {
            connect(2 * std::size_t(view.linkFrom[k]) + 1, 2 * std::size_t(view.linkTo[k]), linkCapacity(view, k),
                    int(k), -1);
        }
    std::vector<FlowEdgeOrder> order(ends.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i].added = std::uint32_t(i);
    const FlowGraph g(boost::edges_are_unsorted_multi_pass, ends.begin(), ends.end(), order.begin(), vertices);

    // Edge data by edge index (the graph's own numbering).
    const std::size_t edgeCount = ends.size();
    std::vector<FlowEdge> byAdded(edgeCount);
    for (const FlowEdge e : boost::make_iterator_range(boost::edges(g)))
        byAdded[g[e].added] = e;
    const auto edgeIndex = boost::get(boost::edge_index, g);
    std::vector<long long> capacity(edgeCount), residual(edgeCount, 0);
    std::vector<FlowEdge> reverse(edgeCount);
    for (std::size_t i = 0; i < edgeCount; ++i) {
        const std::size_t at = boost::get(boost::edge_index, g, byAdded[i]);
        capacity[at] = addedCapacity[i];
        reverse[at] = byAdded[i ^ 1]; // edges were added in pairs
    }
    if (flowsAtLeast(g, capacity, reverse, FlowVertex(feed), FlowVertex(sink), req.total))
        return;
    std::vector<boost::default_color_type> color(vertices, boost::white_color);
    std::vector<long long> distance(vertices, 0);
    std::vector<FlowEdge> predecessor(vertices);
    const auto vertexIndex = boost::get(boost::vertex_index, g);

    const long long flow = boost::boykov_kolmogorov_max_flow(
        g, boost::make_iterator_property_map(capacity.begin(), edgeIndex),
        boost::make_iterator_property_map(residual.begin(), edgeIndex),
        boost::make_iterator_property_map(reverse.begin(), edgeIndex),
        boost::make_iterator_property_map(predecessor.begin(), vertexIndex),
        boost::make_iterator_property_map(color.begin(), vertexIndex),
        boost::make_iterator_property_map(distance.begin(), vertexIndex), vertexIndex, FlowVertex(feed),
        FlowVertex(sink));
    if (flow >= req.total)
        return;

    // The minimum cut: edges from the source side (black) to the sink side.
    Subjects subjects;
    std::string cut;
    for (const FlowEdge e : boost::make_iterator_range(boost::edges(g))) {
        const std::size_t added = g[e].added;
        const long long edgeCapacity = addedCapacity[added];
        if (edgeCapacity <= 0 || color[boost::source(e, g)] != boost::black_color
            || color[boost::target(e, g)] == boost::black_color)
            continue;
        std::string item;
        if (addedLink[added] >= 0) {
            const std::string key = t.links[std::size_t(addedLink[added])].key();
            subjects.push_back(key);
            item = "link " + key;
        } else if (addedNode[added] >= 0) {
            const Node &node = *view.nodes[std::size_t(addedNode[added])];
            subjects.push_back(node.id);
            item = "node '" + node.id + "'";
        } else {
            continue; // the requirement itself or the sink's edges: not a bottleneck to fix
        }
        cut += (cut.empty() ? "" : ", ") + item + " (" + formatBandwidth(std::uint64_t(edgeCapacity)) + ")";
    }
    ctx.report("SP-BANDWIDTH",
               "the entry points reach the data tier with at most " + formatBandwidth(std::uint64_t(flow))
                   + " but the topology requires " + formatBandwidth(std::uint64_t(req.total))
                   + (cut.empty() ? std::string() : "; bottleneck: " + cut),
               std::move(subjects), "top/requirements");
}

} // namespace sky::detail

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
