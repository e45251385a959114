// Single points of failure (SP-SPOF), on the dominator tree of the request
// flow (Boost's lengauer_tarjan_dominator_tree).
//
// A service is a node other than the internet. Losing a node or a link loses
// a service when the service and every peer doing the same job are cut off
// every entry point. Peers: nodes of the same type with the same clients
// (predecessors), each ignoring the other — two web servers behind the same
// load balancer, or a database primary and its replica both used by the app
// and linked to each other. A node with two or more replicas never fails as a
// whole, and a link between two replicated nodes (or the internet) stands for
// one connection per replica, so neither is a point of failure.
//
// Why dominators and not undirected articulation points: requests flow one
// way. Removing x cuts w off every entry point exactly when x dominates w in
// the flow graph rooted at a virtual root over the entry points; an
// undirected articulation point can be harmless (a fan-in the requests never
// depend on) and a directed cut vertex need not be an articulation point.
#include "checkcontext_p.h"

#include <boost/graph/dominator_tree.hpp>

#include <algorithm>
#include <map>

namespace sky::detail {

namespace {

class SpofChecker
{
public:
    SpofChecker(CheckContext &ctx, const GraphView &view) : m_ctx(ctx), m_view(view), m_g(view.graph) {}

    void run()
    {
        buildDominatorTree();
        findPeers();
        markServices();
        reportNodes();
        reportLinks();
    }

private:
    void buildDominatorTree()
    {
        const std::size_t total = m_view.nodeCount + 1;
        const Vertex none = boost::graph_traits<Graph>::null_vertex();
        m_idom.assign(total, none);
        // Boost's Lengauer-Tarjan expects every vertex to be reachable from
        // the root (unreachable ones corrupt its result), so it runs on a
        // compact copy of the reachable part.
        std::vector<Vertex> compact(total, none), original;
        for (Vertex v = 0; v < total; ++v)
            if (m_view.reachable[v]) {
                compact[v] = original.size();
                original.push_back(v);
            }
        Graph reached(original.size());
        for (const Vertex v : original)
            for (const Edge e : boost::make_iterator_range(boost::out_edges(v, m_g)))
                boost::add_edge(compact[v], compact[boost::target(e, m_g)], reached);
        std::vector<Vertex> idom(original.size(), none);
        boost::lengauer_tarjan_dominator_tree(
            reached, compact[m_view.root],
            boost::make_iterator_property_map(idom.begin(), boost::get(boost::vertex_index, reached)));
        for (std::size_t i = 0; i < original.size(); ++i)
            if (idom[i] != none)
                m_idom[original[i]] = original[idom[i]];
        m_children.assign(total, {});
        for (Vertex v = 0; v < m_view.nodeCount; ++v)
            if (m_view.reachable[v] && m_idom[v] != boost::graph_traits<Graph>::null_vertex())
                m_children[m_idom[v]].push_back(v);
        // Pre-order intervals (for "x dominates y") and depths, iteratively.
        m_in.assign(total, 0);
        m_out.assign(total, 0);
        m_depth.assign(total, 0);
        m_preorder.clear();
        std::vector<std::pair<Vertex, std::size_t>> stack{{m_view.root, 0}};
        int clock = 0;
        m_in[m_view.root] = clock++;
        m_preorder.push_back(m_view.root);
        while (!stack.empty()) {
            auto &[v, next] = stack.back();
            if (next < m_children[v].size()) {
                const Vertex c = m_children[v][next++];
                m_depth[c] = m_depth[v] + 1;
                m_in[c] = clock++;
                m_preorder.push_back(c);
                stack.emplace_back(c, 0);
            } else {
                m_out[v] = clock;
                stack.pop_back();
            }
        }
    }

    bool dominates(Vertex x, Vertex y) const { return m_in[x] <= m_in[y] && m_out[y] <= m_out[x]; }

    Vertex lca(Vertex a, Vertex b) const
    {
        while (m_depth[a] > m_depth[b])
            a = m_idom[a];
        while (m_depth[b] > m_depth[a])
            b = m_idom[b];
        while (a != b) {
            a = m_idom[a];
            b = m_idom[b];
        }
        return a;
    }

    bool service(Vertex v) const { return v < m_view.nodeCount && !m_view.external[v] && m_view.types[v]; }

    std::vector<Vertex> predecessors(Vertex v) const
    {
        std::vector<Vertex> p;
        for (const Edge e : boost::make_iterator_range(boost::in_edges(v, m_g)))
            if (boost::source(e, m_g) != m_view.root)
                p.push_back(boost::source(e, m_g));
        std::sort(p.begin(), p.end());
        p.erase(std::unique(p.begin(), p.end()), p.end());
        return p;
    }

    static std::vector<Vertex> without(std::vector<Vertex> set, Vertex x)
    {
        set.erase(std::remove(set.begin(), set.end(), x), set.end());
        return set;
    }

    // peers(v): same type, P(v)\{u} == P(u)\{v}, not empty. Either u and v
    // have the same predecessors (grouped by key) or one links the other.
    void findPeers()
    {
        const std::size_t n = m_view.nodeCount;
        m_preds.assign(n, {});
        m_group.assign(n, -1);
        m_linkedPeers.assign(n, {});
        std::map<std::pair<std::string_view, std::vector<Vertex>>, int> groups;
        for (Vertex v = 0; v < n; ++v) {
            if (!service(v))
                continue;
            m_preds[v] = predecessors(v);
            if (m_preds[v].empty() || std::binary_search(m_preds[v].begin(), m_preds[v].end(), v))
                continue;
            const auto [it, added] = groups.try_emplace({m_view.nodes[v]->type, m_preds[v]}, int(m_groups.size()));
            if (added)
                m_groups.emplace_back();
            m_groups[std::size_t(it->second)].push_back(v);
            m_group[v] = it->second;
        }
        for (Vertex v = 0; v < n; ++v) {
            if (!service(v) || m_preds[v].empty())
                continue;
            std::vector<Vertex> near = m_preds[v];
            for (const Edge e : boost::make_iterator_range(boost::out_edges(v, m_g)))
                near.push_back(boost::target(e, m_g));
            std::sort(near.begin(), near.end());
            near.erase(std::unique(near.begin(), near.end()), near.end());
            for (const Vertex u : near)
                if (u != v && service(u) && m_view.nodes[u]->type == m_view.nodes[v]->type
                    && !m_preds[u].empty() && without(m_preds[v], u) == without(m_preds[u], v)
                    && !without(m_preds[v], u).empty())
                    m_linkedPeers[v].push_back(u);
        }
    }

    // Each reachable service w is lost with any x that dominates w and all its
    // reachable peers, that is, any ancestor-or-self of their common dominator.
    void markServices()
    {
        const std::size_t total = m_view.nodeCount + 1;
        std::vector<Vertex> groupLca(m_groups.size(), m_view.root);
        for (std::size_t g = 0; g < m_groups.size(); ++g) {
            bool first = true;
            for (const Vertex v : m_groups[g])
                if (m_view.reachable[v]) {
                    groupLca[g] = first ? v : lca(groupLca[g], v);
                    first = false;
                }
        }
        m_marks.assign(total, 0);
        m_peerless.assign(total, 0);
        for (Vertex w = 0; w < m_view.nodeCount; ++w) {
            if (!service(w) || !m_view.reachable[w])
                continue;
            Vertex m = m_group[w] >= 0 ? groupLca[std::size_t(m_group[w])] : w;
            for (const Vertex u : m_linkedPeers[w])
                if (m_view.reachable[u])
                    m = lca(m, u);
            m_peerless[w] = m == w;
            ++m_marks[m];
        }
        m_subtree.assign(total, 1);
        for (auto it = m_preorder.rbegin(); it != m_preorder.rend(); ++it)
            if (*it != m_view.root) {
                m_marks[m_idom[*it]] += m_marks[*it];
                m_subtree[m_idom[*it]] += m_subtree[*it];
            }
    }

    bool replicated(Vertex v) const { return m_view.external[v] || m_view.nodes[v]->replicas >= 2; }

    std::string cutText(Vertex v, bool includeSelf) const
    {
        const int others = m_subtree[v] - 1;
        std::string s = includeSelf ? "'" + m_view.nodes[v]->id + "'" : std::string();
        if (others > 0)
            s += (includeSelf ? " and " : "") + std::to_string(others) + (others == 1 ? " other node" : " other nodes");
        return s;
    }

    void reportNodes()
    {
        for (Vertex x = 0; x < m_view.nodeCount; ++x) {
            if (!service(x) || !m_view.reachable[x] || replicated(x) || m_marks[x] == 0)
                continue;
            const Node &n = *m_view.nodes[x];
            std::string why = "node '" + n.id + "' (" + n.type + ") is a single point of failure: ";
            if (m_peerless[x])
                why += "one instance and no peer doing the same job";
            if (m_subtree[x] > 1)
                why += std::string(m_peerless[x] ? "; " : "") + "its loss cuts " + cutText(x, false)
                       + " off every entry point";
            m_ctx.report("SP-SPOF", std::move(why), {n.id}, "nodes/" + n.id);
        }
    }

    void reportLinks()
    {
        // in-links of b from reachable nodes b does not dominate: b's ways in.
        std::vector<int> waysIn(m_view.nodeCount + 1, 0);
        for (const Edge e : boost::make_iterator_range(boost::edges(m_g))) {
            const Vertex p = boost::source(e, m_g), b = boost::target(e, m_g);
            if (m_view.reachable[p] && !dominates(b, p))
                ++waysIn[b];
        }
        const Topology &t = m_ctx.topology;
        for (std::size_t k = 0; k < t.links.size(); ++k) {
            if (m_view.linkFrom[k] < 0)
                continue;
            const Vertex a = Vertex(m_view.linkFrom[k]), b = Vertex(m_view.linkTo[k]);
            if (a == b || !m_view.reachable[a] || (replicated(a) && replicated(b)) || dominates(b, a)
                || waysIn[b] != 1 || m_marks[b] == 0)
                continue;
            const std::string key = t.links[k].key();
            m_ctx.report("SP-SPOF",
                         "link " + key + " is a single point of failure: its loss cuts " + cutText(b, true)
                             + " off every entry point",
                         {key}, "links/" + key);
        }
    }

    CheckContext &m_ctx;
    const GraphView &m_view;
    const Graph &m_g;
    std::vector<Vertex> m_idom;
    std::vector<std::vector<Vertex>> m_children;
    std::vector<int> m_in, m_out, m_depth;
    std::vector<Vertex> m_preorder;
    std::vector<std::vector<Vertex>> m_preds;
    std::vector<int> m_group;
    std::vector<std::vector<Vertex>> m_groups;
    std::vector<std::vector<Vertex>> m_linkedPeers;
    std::vector<int> m_marks;
    std::vector<char> m_peerless;
    std::vector<int> m_subtree;
};

} // namespace

void checkSpof(CheckContext &ctx, const GraphView &view)
{
    if (ctx.enabled("SP-SPOF"))
        SpofChecker(ctx, view).run();
}

} // namespace sky::detail
