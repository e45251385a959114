// Policy rules (data residency, segmentation) and inventory rules (budget,
// isolated nodes, empty zones).
#include "textlist.h"
#include "checkcontext_p.h"
#include "quantity.h"
#include "requirements.h"

#include <boost/graph/breadth_first_search.hpp>

#include <algorithm>
#include <set>
#include <string_view>

namespace sky::detail {

namespace {

bool contains(const std::vector<std::string> &items, std::string_view s)
{
    return std::find(items.begin(), items.end(), s) != items.end();
}

std::string joinPlain(const std::vector<std::string> &items)
{
    std::string s;
    for (const std::string &i : items)
        s += (s.empty() ? "" : ", ") + i;
    return s;
}

bool zoneWithinAny(const Topology &t, const std::string &zone, const std::vector<std::string> &wanted)
{
    return std::any_of(wanted.begin(), wanted.end(), [&](const std::string &w) { return t.zoneWithin(zone, w); });
}

// zoneWithinAny(zone, wanted) for the zone of each node, remembered per
// zone (numbered by the index): a topology has many nodes and few zones.
class ZoneTest
{
public:
    ZoneTest(const Topology &t, const GraphView &view, const std::vector<std::string> &wanted)
        : m_t(t), m_view(view), m_wanted(wanted), m_known(view.zoneNames.size(), -1)
    {}

    bool operator()(int zone)
    {
        if (zone == 0 || m_wanted.empty()) // no zone
            return false;
        signed char &known = m_known[std::size_t(zone)];
        if (known < 0)
            known = zoneWithinAny(m_t, std::string(m_view.zoneNames[std::size_t(zone)]), m_wanted);
        return known != 0;
    }

private:
    const Topology &m_t;
    const GraphView &m_view;
    const std::vector<std::string> &m_wanted;
    std::vector<signed char> m_known; // by zone: -1 not known yet, else the answer
};

// Data moves along links both ways: each link as an edge in both directions,
// plus a virtual source (the last vertex) with an edge to each restricted
// node. Each vertex lists its edges in link order, as an undirected graph
// would.
using DataGraph = boost::compressed_sparse_row_graph<boost::directedS>;

struct DataTreeRecorder : boost::default_bfs_visitor
{
    std::vector<Vertex> &parent;
    void tree_edge(DataGraph::edge_descriptor e, const DataGraph &g) const
    {
        parent[boost::target(e, g)] = boost::source(e, g);
    }
};

class PolicyChecker
{
public:
    PolicyChecker(CheckContext &ctx, const GraphView &view) : m_ctx(ctx), m_view(view), m_t(ctx.topology) {}

    void run()
    {
        for (const auto &[id, p] : m_t.policies) {
            if (p.kind == "data-residency") {
                if (m_ctx.enabled("SP-RESIDENCY"))
                    residency(p);
            } else if (p.kind == "segmentation") {
                if (m_ctx.enabled("SP-SEGMENTATION"))
                    segmentation(p);
            } else if (isPlacementPolicyKind(p.kind)) {
                // Judged by placement and SP-PLACEMENT; only their shape here.
                std::vector<std::string> problems;
                parsePlacementPolicy(p, problems);
                for (const std::string &why : problems)
                    malformed(p, why);
            } else if (m_ctx.enabled("SP-POLICY")) {
                m_ctx.report("SP-POLICY",
                             "policy '" + id + "' has unknown kind '" + p.kind
                                 + "' (known: data-residency, segmentation, compliance, platform, provider, spread); "
                                   "it is not checked",
                             {id}, "policies/" + id);
            }
        }
    }

private:
    bool malformed(const Policy &p, const std::string &why)
    {
        if (m_ctx.enabled("SP-POLICY"))
            m_ctx.report("SP-POLICY", "policy '" + p.id + "': " + why, {p.id}, "policies/" + p.id);
        return false;
    }

    const Value *field(const Policy &p, const char *name) const
    {
        const auto it = p.fields.find(name);
        return it == p.fields.end() ? nullptr : &it->second;
    }

    void residency(const Policy &p)
    {
        const auto regions = textList(field(p, "regions"));
        if (!regions || regions->empty()) {
            malformed(p, "a data-residency policy needs 'regions', a list of allowed regions");
            return;
        }
        std::vector<std::string> tiers, zones, nodes, types;
        const Value *scope = field(p, "applies-to");
        if (scope) {
            const auto list = [&](const char *key, std::vector<std::string> &into) {
                const auto items = textList(scope->isMap() ? scope->find(key) : nullptr);
                if (!items)
                    return malformed(p, std::string("'applies-to: ") + key + "' must be a list of names");
                into = *items;
                return true;
            };
            if (!scope->isMap()) {
                malformed(p, "'applies-to' must map tiers, zones, nodes or types to lists");
                return;
            }
            if (!list("tiers", tiers) || !list("zones", zones) || !list("nodes", nodes) || !list("types", types))
                return;
            // A name that matches nothing would guard nothing without a
            // word (a zone deleted, a node misspelt). It is reported, and the
            // policy still guards what its other names match.
            for (const std::string &z : zones)
                if (!m_t.zone(z))
                    malformed(p, "'applies-to: zones' names '" + z + "', which is not a declared zone");
            for (const std::string &id : nodes)
                if (m_view.indexOf(id) < 0)
                    malformed(p, "'applies-to: nodes' names '" + id + "', which is not a node");
            // Empty lists (the last node of `nodes` deleted, say) guard
            // nothing: not everything, as no 'applies-to' at all does.
            if (tiers.empty() && zones.empty() && nodes.empty() && types.empty()) {
                malformed(p, "'applies-to' names nothing, so the policy guards no node; name tiers, zones, nodes "
                             "or types, or remove 'applies-to' to guard every node");
                return;
            }
        }
        const bool everything = !scope;
        const std::size_t n = m_view.nodeCount;
        // Per region (numbered by the index): outside the allowed ones. No region is not judged.
        std::vector<char> outside(m_view.regionNames.size(), 0);
        for (std::size_t r = 1; r < outside.size(); ++r)
            outside[r] = !contains(*regions, m_view.regionNames[r]);
        std::vector<char> restricted(n, 0);
        ZoneTest inZones(m_t, m_view, zones);
        for (Vertex v = 0; v < n; ++v) {
            // The node itself is read only for what the index does not hold.
            restricted[v] = everything || contains(tiers, m_view.tierOf[v])
                            || (!nodes.empty() && contains(nodes, m_view.nodes[v]->id))
                            || (!types.empty() && contains(types, m_view.nodes[v]->type)) || inZones(m_view.zone[v]);
            if (restricted[v] && outside[std::size_t(m_view.region[v])]) {
                const Node &node = *m_view.nodes[v];
                m_ctx.report("SP-RESIDENCY",
                             "node '" + node.id + "' is placed in region '" + node.region + "'; policy '" + p.id
                                 + "' allows " + joinPlain(*regions),
                             {node.id}, "nodes/" + node.id + "/region");
            }
        }

        std::vector<std::pair<Vertex, Vertex>> edges;
        edges.reserve(2 * m_t.links.size() + n);
        for (std::size_t k = 0; k < m_t.links.size(); ++k)
            if (m_view.linkFrom[k] >= 0) {
                edges.emplace_back(Vertex(m_view.linkFrom[k]), Vertex(m_view.linkTo[k]));
                edges.emplace_back(Vertex(m_view.linkTo[k]), Vertex(m_view.linkFrom[k]));
            }
        for (Vertex v = 0; v < n; ++v)
            if (restricted[v])
                edges.emplace_back(Vertex(n), v);
        const DataGraph g(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(), n + 1);
        std::vector<Vertex> parent(n + 1, Vertex(n));
        std::vector<boost::default_color_type> color(n + 1, boost::white_color);
        boost::breadth_first_search(g, Vertex(n),
                                    boost::visitor(DataTreeRecorder{{}, parent})
                                        .color_map(boost::make_iterator_property_map(
                                            color.begin(), boost::get(boost::vertex_index, g))));
        for (Vertex v = 0; v < n; ++v) {
            if (restricted[v] || color[v] == boost::white_color || !outside[std::size_t(m_view.region[v])])
                continue;
            const Node &node = *m_view.nodes[v];
            std::vector<std::string> path{node.id};
            Vertex origin = v;
            for (Vertex at = parent[v]; at != Vertex(n) && path.size() <= n; at = parent[at]) {
                path.push_back(m_view.nodes[at]->id);
                origin = at;
            }
            std::reverse(path.begin(), path.end());
            std::string route;
            for (const std::string &id : path)
                route += (route.empty() ? "" : " — ") + id;
            m_ctx.report("SP-RESIDENCY",
                         "data under policy '" + p.id + "' can flow from '" + m_view.nodes[origin]->id + "' to '" + node.id
                             + "' in region '" + node.region + "': " + route,
                         {node.id, m_view.nodes[origin]->id}, "nodes/" + node.id);
        }
    }

    void segmentation(const Policy &p)
    {
        const Value *zoneField = field(p, "zone");
        const auto allowed = textList(field(p, "allow-from"));
        if (!zoneField || !zoneField->isString()) {
            malformed(p, "a segmentation policy needs 'zone', the id of a declared zone");
            return;
        }
        if (!m_t.zone(zoneField->toString())) { // a zone deleted or renamed since, or misspelt
            malformed(p, "'zone' names '" + zoneField->toString() + "', which is not a declared zone");
            return;
        }
        if (!allowed || allowed->empty()) {
            malformed(p, "a segmentation policy needs 'allow-from', the zones that may reach its zone");
            return;
        }
        for (const std::string &z : *allowed)
            if (!m_t.zone(z)) {
                malformed(p, "'allow-from' names '" + z + "', which is not a declared zone");
                return;
            }
        const std::string &zone = zoneField->toString();
        // Per node: within the policy's zone, within an allowed zone.
        const std::vector<std::string> target{zone};
        ZoneTest inTarget(m_t, m_view, target), inAllowed(m_t, m_view, *allowed);
        std::vector<char> within(m_view.nodeCount), fromAllowed(m_view.nodeCount);
        for (Vertex v = 0; v < m_view.nodeCount; ++v) {
            within[v] = inTarget(m_view.zone[v]);
            fromAllowed[v] = within[v] || inAllowed(m_view.zone[v]);
        }
        for (std::size_t k = 0; k < m_t.links.size(); ++k) {
            if (m_view.linkFrom[k] < 0 || !within[std::size_t(m_view.linkTo[k])]
                || fromAllowed[std::size_t(m_view.linkFrom[k])])
                continue;
            // Ids and zones from the index: the nodes are not fetched.
            const Vertex a = Vertex(m_view.linkFrom[k]), b = Vertex(m_view.linkTo[k]);
            const std::string_view from = m_view.id(a), to = m_view.id(b);
            const std::string_view fromZone = m_view.zoneNames[std::size_t(m_view.zone[a])];
            std::string key;
            m_t.links[k].appendKey(key, from, to);
            std::string message = "link " + key + " reaches zone '" + zone + "' from '";
            message += from;
            message += "' (";
            if (fromZone.empty()) {
                message += "no zone";
            } else {
                message += "zone '";
                message += fromZone;
                message += '\'';
            }
            message += "); policy '" + p.id + "' lets only " + joinPlain(*allowed) + " reach it";
            if (m_view.reachable[a]) {
                message += "; requests take " + pathOf(m_view, m_view.predLink, a, nullptr, m_t) + " → ";
                message += to;
            }
            m_ctx.report("SP-SEGMENTATION", message, {key}, "links/", key);
        }
    }

    CheckContext &m_ctx;
    const GraphView &m_view;
    const Topology &m_t;
};

void checkBudget(CheckContext &ctx, const GraphView &view)
{
    const Resources &budget = ctx.topology.budget;
    if (!budget.cpu && !budget.memory && !budget.bandwidth)
        return;
    double cpu = 0, memory = 0, bandwidth = 0;
    for (Vertex v = 0; v < view.nodeCount; ++v) {
        const ComponentType *type = view.types[v];
        if (view.external[v] || !type)
            continue; // the internet is not deployed; unknown types are SP-TYPE
        // The node's own resources, else its type's defaults (gathered by the index).
        const double replicas = std::max(1, view.replicas[v]);
        cpu += replicas * view.cpu[v];
        memory += replicas * view.memory[v];
        bandwidth += replicas * view.bandwidth[v];
    }
    const auto over = [&](const char *what, double used, double limit, const std::string &usedText,
                          const std::string &limitText) {
        if (used > limit * (1 + 1e-12))
            ctx.report("SP-BUDGET",
                       std::string(what) + ": the nodes ask for " + usedText + " (replicas included), over the budget of "
                           + limitText,
                       {}, std::string("budget/") + what);
    };
    if (budget.cpu)
        over("cpu", cpu, *budget.cpu, formatNumber(cpu) + " cores", formatNumber(*budget.cpu) + " cores");
    if (budget.memory)
        over("memory", memory, double(*budget.memory), formatSize(std::uint64_t(memory)), formatSize(*budget.memory));
    if (budget.bandwidth)
        over("bandwidth", bandwidth, double(*budget.bandwidth), formatBandwidth(std::uint64_t(bandwidth)),
             formatBandwidth(*budget.bandwidth));
}

} // namespace

void checkPolicies(CheckContext &ctx, const GraphView &view)
{
    PolicyChecker(ctx, view).run();
}

void checkInventory(CheckContext &ctx, const GraphView &view)
{
    if (ctx.enabled("SP-BUDGET"))
        checkBudget(ctx, view);
    const Topology &t = ctx.topology;
    if (ctx.enabled("SP-ISOLATED"))
        for (Vertex v = 0; v < view.nodeCount; ++v)
            if (!view.linked[v]) {
                const Node &n = *view.nodes[v];
                ctx.report("SP-ISOLATED", "node '" + n.id + "' (" + n.type + ") has no links", {n.id}, "nodes/" + n.id);
            }
    if (ctx.enabled("SP-EMPTY-ZONE")) {
        // The zones some node is placed in (numbered by the index), then
        // those and their parents: views of zone names held by the topology.
        std::vector<char> placed(view.zoneNames.size(), 0);
        for (const int z : view.zone)
            placed[std::size_t(z)] = 1;
        std::set<std::string_view> used;
        for (std::size_t i = 1; i < placed.size(); ++i) {
            if (!placed[i])
                continue;
            for (std::string_view z = view.zoneNames[i]; !z.empty() && used.insert(z).second;) {
                const Zone *zone = t.zone(std::string(z));
                z = zone ? std::string_view(zone->parent) : std::string_view();
            }
        }
        for (const auto &[id, z] : t.zones)
            if (!used.count(id))
                ctx.report("SP-EMPTY-ZONE", "zone '" + id + "' holds no node", {id}, "zones/" + id);
    }
}

} // namespace sky::detail
