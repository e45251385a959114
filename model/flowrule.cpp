// Bandwidth bottleneck (SP-BANDWIDTH): maximum flow from the entry points to
// the data tier (Boost's boykov_kolmogorov_max_flow), compared with the
// topology's `requirements: {throughput: …}`; the message names a minimum cut.
//
// Each node is split into in → out, with capacity bandwidth × replicas (its
// own `resources.bandwidth`, else its type's default); each link carries its
// `bandwidth`, or is unlimited when it declares none. A virtual source feeds
// every entry point (or only the entries a per-entry requirement names, each
// with its own figure); every data or storage node drains into the sink.
#include "checkcontext_p.h"
#include "quantity.h"

// GCC 12 reports a false "maybe uninitialized" inside Boost's edge iterator
// (a boost::optional it copies) when boykov_kolmogorov_max_flow is inlined.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>

#include <algorithm>
#include <limits>
#include <map>

namespace sky::detail {

namespace {

using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
struct FlowVertex
{
    boost::default_color_type color = boost::white_color;
    long long distance = 0;
    Traits::edge_descriptor predecessor;
};
struct FlowEdge
{
    long long capacity = 0;
    long long residual = 0;
    Traits::edge_descriptor reverse;
    int link = -1; // a link's edge
    int node = -1; // a node's in → out edge
};
using FlowGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, FlowVertex, FlowEdge>;

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

long long nodeCapacity(const GraphView &view, Vertex v)
{
    const Node &n = *view.nodes[v];
    double bps = n.resources.bandwidth ? double(*n.resources.bandwidth)
                 : view.types[v]       ? view.types[v]->bandwidth.defaultValue
                                       : 0.0;
    if (bps <= 0)
        return kUnlimited;
    bps *= std::max(1, n.replicas);
    return bps >= double(kUnlimited) ? kUnlimited : (long long)bps;
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

    FlowGraph g(2 * n + 2);
    const std::size_t source = 2 * n, sink = 2 * n + 1;
    auto connect = [&](std::size_t a, std::size_t b, long long capacity, int link, int node) {
        const auto e = boost::add_edge(a, b, g).first;
        const auto r = boost::add_edge(b, a, g).first;
        g[e] = {capacity, 0, r, link, node};
        g[r] = {0, 0, e, -1, -1};
    };
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
    for (std::size_t k = 0; k < t.links.size(); ++k)
        if (view.linkFrom[k] >= 0) {
            const auto &bw = t.links[k].bandwidth;
            connect(2 * std::size_t(view.linkFrom[k]) + 1, 2 * std::size_t(view.linkTo[k]),
                    bw ? (long long)std::min<std::uint64_t>(*bw, std::uint64_t(kUnlimited)) : kUnlimited, int(k), -1);
        }

    const long long flow = boost::boykov_kolmogorov_max_flow(
        g, boost::get(&FlowEdge::capacity, g), boost::get(&FlowEdge::residual, g), boost::get(&FlowEdge::reverse, g),
        boost::get(&FlowVertex::predecessor, g), boost::get(&FlowVertex::color, g),
        boost::get(&FlowVertex::distance, g), boost::get(boost::vertex_index, g), source, sink);
    if (flow >= req.total)
        return;

    // The minimum cut: edges from the source side (black) to the sink side.
    std::vector<std::string> subjects;
    std::string cut;
    for (const auto e : boost::make_iterator_range(boost::edges(g))) {
        const FlowEdge &fe = g[e];
        if (fe.capacity <= 0 || g[boost::source(e, g)].color != boost::black_color
            || g[boost::target(e, g)].color == boost::black_color)
            continue;
        std::string item;
        if (fe.link >= 0) {
            subjects.push_back(t.links[std::size_t(fe.link)].key());
            item = "link " + subjects.back();
        } else if (fe.node >= 0) {
            const Node &node = *view.nodes[std::size_t(fe.node)];
            subjects.push_back(node.id);
            item = "node '" + node.id + "'";
        } else {
            continue; // the requirement itself or the sink's edges: not a bottleneck to fix
        }
        cut += (cut.empty() ? "" : ", ") + item + " (" + formatBandwidth(std::uint64_t(fe.capacity)) + ")";
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
