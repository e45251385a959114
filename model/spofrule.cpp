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
// Hosting (Node::host, TOSCA's HostedOn) is failure, not flow: a host takes
// down everything it hosts, directly or through hosts in between, whatever
// their replicas (every replica runs on it). So a host without replicas is a
// single point of failure when something it hosts is lost with a service
// (its loss loses a service in the flow), or when it hosts every reachable
// member of a group of peers (two web servers behind one load balancer on
// one machine). A host need not be in the request flow itself: a TOSCA
// Compute node rarely is.
//
// Why dominators and not undirected articulation points: requests flow one
// way. Removing x cuts w off every entry point exactly when x dominates w in
// the flow graph rooted at a virtual root over the entry points; an
// undirected articulation point can be harmless (a fan-in the requests never
// depend on) and a directed cut vertex need not be an articulation point.
#include "checkcontext_p.h"

#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/dominator_tree.hpp>

#include <algorithm>
#include <functional>

namespace sky::detail {

namespace {

// Boost 1.74's bidirectional compressed_sparse_row_graph has no degree(),
// which the BidirectionalGraph concept of lengauer_tarjan_dominator_tree
// asks for; this graph adds it (found by argument-dependent lookup).
struct DominatorGraph : boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property, boost::no_property,
                                                           boost::no_property, Vertex, Vertex>
{
    using compressed_sparse_row_graph::compressed_sparse_row_graph;
};

[[maybe_unused]] std::size_t degree(Vertex v, const DominatorGraph &g)
{
    return boost::in_degree(v, g) + boost::out_degree(v, g);
}

// Records the order in which a depth-first search finishes the vertices.
// Holds its state by reference (Boost copies visitors).
struct PostOrder : boost::default_dfs_visitor
{
    std::vector<Vertex> &order;
    void finish_vertex(Vertex v, const Graph &) const { order.push_back(v); }
};

class SpofChecker
{
public:
    SpofChecker(CheckContext &ctx, const GraphView &view) : m_ctx(ctx), m_view(view), m_g(view.graph) {}

    void run()
    {
        buildDominatorTree();
        findPeers();
        markServices();
        // At scale most findings are this rule's: room for all of them at
        // once, rather than moving every finding each time the output grows.
        const std::vector<std::size_t> links = linksToReport();
        findFailingHosts();
        std::size_t nodes = 0;
        for (Vertex x = 0; x < m_view.nodeCount; ++x)
            nodes += nodeToReport(x) || hostToReport(x);
        m_ctx.reserve(nodes + links.size());
        reportNodes();
        reportLinks(links);
    }

private:
    void buildDominatorTree()
    {
        const std::size_t total = m_view.nodeCount + 1;
        const Vertex none = boost::graph_traits<Graph>::null_vertex();
        m_idom.assign(total, none);
        // Boost's Lengauer-Tarjan expects every vertex to be reachable from
        // the root (unreachable ones corrupt its result), and its visitor
        // allocates a std::deque per vertex, so it runs on a compact copy of
        // a part of the reachable graph only: the vertices of the "tail" (see
        // markTail) are left out and hang below under the nearest common
        // dominator of their predecessors.
        std::vector<Vertex> postorder;
        std::vector<char> tail;
        markTail(postorder, tail);
        std::vector<Vertex> compact(total, none), original;
        original.reserve(total);
        for (Vertex v = 0; v < total; ++v)
            if (m_view.reachable[v] && !tail[v]) {
                compact[v] = original.size();
                original.push_back(v);
            }
        std::vector<std::pair<Vertex, Vertex>> edges;
        for (const Vertex v : original)
            for (const Edge e : boost::make_iterator_range(boost::out_edges(v, m_g)))
                if (compact[boost::target(e, m_g)] != none)
                    edges.emplace_back(compact[v], compact[boost::target(e, m_g)]);
        const DominatorGraph reached(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(),
                                     original.size());
        const std::size_t count = original.size();
        std::vector<Vertex> idom(count, none), parent(count, none), byNumber(count, none);
        std::vector<std::size_t> number(count, 0);
        const boost::typed_identity_property_map<Vertex> index;
        boost::lengauer_tarjan_dominator_tree(reached, compact[m_view.root], index,
                                              boost::make_iterator_property_map(number.begin(), index),
                                              boost::make_iterator_property_map(parent.begin(), index), byNumber,
                                              boost::make_iterator_property_map(idom.begin(), index));
        for (std::size_t i = 0; i < original.size(); ++i)
            if (idom[i] != none)
                m_idom[original[i]] = original[idom[i]];
        // Depths in that tree: a dominator comes before what it dominates in
        // depth-first order.
        m_depth.assign(total, 0);
        m_jump.assign(total, none);
        m_jump[m_view.root] = m_view.root;
        for (const Vertex i : byNumber)
            if (i != none && idom[i] != none)
                hang(original[i], original[idom[i]]);
        // Then each tail vertex, predecessors first (reverse post-order: a
        // tail vertex's predecessors in the tail finished after it), hangs
        // under the nearest common dominator of its reachable predecessors.
        // Proof: for w other than the root, Dom(w) = {w} ∪ ⋂ Dom(p) over its
        // reachable predecessors p, and w dominates none of them (that would
        // close a cycle through w, and the tail has none); each Dom(p) is the
        // path from p up to the root in the tree, so their intersection is
        // the path from the predecessors' nearest common ancestor up.
        // Reverse post-order visits the vertices at random: each one's
        // in-edges are fetched ahead, where they start kAhead vertices
        // before and the first of them half as far. Boost keeps a CSR
        // graph's arrays in public members (m_backward: for each vertex the
        // start of its in-edges, and their sources), not in its documented
        // interface; nothing but these fetches reads them.
        constexpr std::ptrdiff_t kAhead = 16, kEdges = kAhead / 2;
        const auto &in = m_g.m_backward;
        for (auto it = postorder.rbegin(); it != postorder.rend(); ++it) {
            const std::ptrdiff_t left = postorder.rend() - it;
            if (left > kAhead)
                __builtin_prefetch(&in.m_rowstart[it[kAhead]]);
            if (left > kEdges)
                __builtin_prefetch(in.m_column.data() + in.m_rowstart[it[kEdges]]); // may be one past the end: fetched, never read
            const Vertex v = *it;
            if (!tail[v])
                continue;
            Vertex common = none;
            for (const Edge e : boost::make_iterator_range(boost::in_edges(v, m_g))) {
                const Vertex p = boost::source(e, m_g);
                if (m_view.reachable[p])
                    common = common == none ? p : lca(common, p);
            }
            m_idom[v] = common; // reachable, so it has a reachable predecessor
            hang(v, common);
        }
        // The children of each vertex in the dominator tree, in vertex order,
        // as one array with an offset a vertex.
        m_childStart.assign(total + 1, 0);
        for (Vertex v = 0; v < m_view.nodeCount; ++v)
            if (m_view.reachable[v] && m_idom[v] != none)
                ++m_childStart[m_idom[v] + 1];
        for (std::size_t i = 0; i < total; ++i)
            m_childStart[i + 1] += m_childStart[i];
        m_children.resize(m_childStart[total]);
        std::vector<std::size_t> fill(m_childStart.begin(), m_childStart.end() - 1);
        for (Vertex v = 0; v < m_view.nodeCount; ++v)
            if (m_view.reachable[v] && m_idom[v] != none)
                m_children[fill[m_idom[v]]++] = v;
        // Pre-order intervals (for "x dominates y"), iteratively; hang() set the depths.
        m_in.assign(total, 0);
        m_out.assign(total, 0);
        m_preorder.clear();
        m_preorder.reserve(total);
        std::vector<std::pair<Vertex, std::size_t>> stack{{m_view.root, m_childStart[m_view.root]}};
        int clock = 0;
        m_in[m_view.root] = clock++;
        m_preorder.push_back(m_view.root);
        while (!stack.empty()) {
            auto &[v, next] = stack.back();
            if (next < m_childStart[v + 1]) {
                const Vertex c = m_children[next++];
                m_in[c] = clock++;
                m_preorder.push_back(c);
                stack.emplace_back(c, m_childStart[c]);
            } else {
                m_out[v] = clock;
                stack.pop_back();
            }
        }
    }

    // The tail: the reachable vertices (the root aside) that reach no cycle;
    // the sinks (no out-link: most of the data tier) and, below the last
    // loop of the request flow, everything. A vertex joins it when all its
    // successors have joined before, in the order a Boost depth-first search
    // from the root finishes the vertices: a vertex finishes after all its
    // successors unless one is still on the search's stack, which closes a
    // cycle through it. So the tail is closed under successors (no path from
    // the root to a vertex outside it crosses it, and Lengauer-Tarjan on the
    // rest sees every such path) and holds no cycle (the first vertex of a
    // cycle to join would have needed its successor on the cycle to have
    // joined before).
    void markTail(std::vector<Vertex> &postorder, std::vector<char> &tail) const
    {
        const std::size_t total = m_view.nodeCount + 1;
        postorder.reserve(total);
        std::vector<boost::default_color_type> color(total, boost::white_color);
        const auto colorMap = boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, m_g));
        boost::depth_first_visit(m_g, m_view.root, PostOrder{{}, postorder}, colorMap);
        tail.assign(total, 0);
        for (const Vertex v : postorder) {
            if (v == m_view.root)
                continue;
            bool closed = true;
            for (const Edge e : boost::make_iterator_range(boost::out_edges(v, m_g)))
                if (!tail[boost::target(e, m_g)]) {
                    closed = false;
                    break;
                }
            tail[v] = closed;
        }
    }

    static Vertex none() { return boost::graph_traits<Graph>::null_vertex(); }

    bool dominates(Vertex x, Vertex y) const { return m_in[x] <= m_in[y] && m_out[y] <= m_out[x]; }

    // Records v's depth and jump pointer once its dominator d has its own.
    // The jumps form a skew-binary pattern (Myers' jump pointers): one extra
    // pointer a vertex, and any ancestor is reached in O(log depth) steps, so
    // a long chain of dominators cannot make the nearest common dominator
    // queries quadratic. Which ancestor a jump reaches depends on the depth
    // only, so two vertices at one depth jump to one depth.
    void hang(Vertex v, Vertex d)
    {
        m_depth[v] = m_depth[d] + 1;
        const Vertex j = m_jump[d];
        m_jump[v] = m_depth[d] - m_depth[j] == m_depth[j] - m_depth[m_jump[j]] ? m_jump[j] : d;
    }

    Vertex lca(Vertex a, Vertex b) const
    {
        if (m_depth[a] < m_depth[b])
            std::swap(a, b);
        while (m_depth[a] > m_depth[b])
            a = m_depth[m_jump[a]] >= m_depth[b] ? m_jump[a] : m_idom[a];
        while (a != b) {
            if (m_jump[a] != m_jump[b]) {
                a = m_jump[a];
                b = m_jump[b];
            } else {
                a = m_idom[a];
                b = m_idom[b];
            }
        }
        return a;
    }

    bool service(Vertex v) const { return v < m_view.nodeCount && !m_view.external[v] && m_view.types[v]; }

    // The predecessors of service v (the root excluded), sorted, without repeats.
    const Vertex *predBegin(Vertex v) const { return m_predList.data() + m_predStart[v]; }
    const Vertex *predEnd(Vertex v) const { return m_predList.data() + m_predStart[v + 1]; }
    bool hasPreds(Vertex v) const { return m_predStart[v] != m_predStart[v + 1]; }

    // Whether P(v)\{u} == P(u)\{v}; both lists are sorted and hold each vertex once.
    bool samePredsWithout(Vertex v, Vertex u) const
    {
        const Vertex *a = predBegin(v), *aEnd = predEnd(v), *b = predBegin(u), *bEnd = predEnd(u);
        for (;;) {
            if (a != aEnd && *a == u)
                ++a;
            if (b != bEnd && *b == v)
                ++b;
            if (a == aEnd || b == bEnd)
                return a == aEnd && b == bEnd;
            if (*a++ != *b++)
                return false;
        }
    }

    // u is a peer of v linked to it: same type, P(v)\{u} == P(u)\{v}, not empty.
    bool linkedPeer(Vertex v, Vertex u) const
    {
        if (u == v || !service(u) || m_view.types[u] != m_view.types[v] || !hasPreds(u))
            return false;
        const std::size_t count = m_predStart[v + 1] - m_predStart[v];
        const bool othersThanU = count > 1 || (count == 1 && *predBegin(v) != u);
        return othersThanU && samePredsWithout(v, u);
    }

    // peers(v): same type, P(v)\{u} == P(u)\{v}, not empty. Either u and v
    // have the same predecessors (grouped by type and predecessors) or one
    // links the other (linkedPeer, tried in markServices). Services of one
    // type share their ComponentType.
    void findPeers()
    {
        const std::size_t n = m_view.nodeCount;
        m_predStart.assign(n + 1, 0);
        m_predList.clear();
        m_predList.reserve(boost::num_edges(m_g));
        m_group.assign(n, -1);
        m_groupCount = 0;
        for (Vertex v = 0; v < n; ++v) {
            m_predStart[v] = m_predList.size();
            if (!service(v))
                continue;
            for (const Edge e : boost::make_iterator_range(boost::in_edges(v, m_g)))
                if (boost::source(e, m_g) != m_view.root)
                    m_predList.push_back(boost::source(e, m_g));
            const auto first = m_predList.begin() + std::ptrdiff_t(m_predStart[v]);
            std::sort(first, m_predList.end());
            m_predList.erase(std::unique(first, m_predList.end()), m_predList.end());
        }
        m_predStart[n] = m_predList.size();
        // Groups by (type, predecessors), found through an open-addressing
        // table of group representatives keyed by a hash of both.
        std::size_t capacity = 16;
        while (capacity < 2 * n)
            capacity *= 2;
        std::vector<Vertex> table(capacity, none());
        for (Vertex v = 0; v < n; ++v) {
            if (!service(v) || !hasPreds(v) || std::binary_search(predBegin(v), predEnd(v), v))
                continue;
            std::size_t hash = std::hash<const void *>{}(m_view.types[v]);
            for (const Vertex *p = predBegin(v); p != predEnd(v); ++p)
                hash = (hash ^ std::hash<Vertex>{}(*p)) * 1099511628211u;
            std::size_t i = hash & (capacity - 1);
            for (; table[i] != none(); i = (i + 1) & (capacity - 1)) {
                const Vertex u = table[i];
                if (m_view.types[u] == m_view.types[v] && std::equal(predBegin(u), predEnd(u), predBegin(v), predEnd(v)))
                    break;
            }
            if (table[i] == none()) {
                table[i] = v;
                m_group[v] = m_groupCount++;
            } else {
                m_group[v] = m_group[table[i]];
            }
        }
    }

    // Each reachable service w is lost with any x that dominates w and all its
    // reachable peers, that is, any ancestor-or-self of their common dominator.
    void markServices()
    {
        const std::size_t total = m_view.nodeCount + 1;
        // The common dominator of each group's reachable members.
        std::vector<Vertex> groupLca(std::size_t(m_groupCount), none());
        for (Vertex v = 0; v < m_view.nodeCount; ++v)
            if (m_group[v] >= 0 && m_view.reachable[v]) {
                Vertex &g = groupLca[std::size_t(m_group[v])];
                g = g == none() ? v : lca(g, v);
            }
        for (Vertex &g : groupLca)
            if (g == none())
                g = m_view.root;
        m_marks.assign(total, 0);
        m_peerless.assign(total, 0);
        for (Vertex w = 0; w < m_view.nodeCount; ++w) {
            if (!service(w) || !m_view.reachable[w])
                continue;
            Vertex m = m_group[w] >= 0 ? groupLca[std::size_t(m_group[w])] : w;
            if (hasPreds(w)) {
                // Linked peers are among w's predecessors and successors.
                for (const Vertex *p = predBegin(w); p != predEnd(w); ++p)
                    if (m_view.reachable[*p] && linkedPeer(w, *p))
                        m = lca(m, *p);
                for (const Edge e : boost::make_iterator_range(boost::out_edges(w, m_g))) {
                    const Vertex u = boost::target(e, m_g);
                    if (m_view.reachable[u] && linkedPeer(w, u))
                        m = lca(m, u);
                }
            }
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

    bool replicated(Vertex v) const { return m_view.external[v] || m_view.replicas[v] >= 2; }

    // "'db' and 3 other nodes" (with itself) or "3 other nodes" (without).
    void appendCut(std::string &s, Vertex v, bool includeSelf) const
    {
        const int others = m_subtree[v] - 1;
        if (includeSelf) {
            s += '\'';
            s += m_view.id(v);
            s += '\'';
        }
        if (others > 0) {
            if (includeSelf)
                s += " and ";
            s += std::to_string(others);
            s += others == 1 ? " other node" : " other nodes";
        }
    }

    // The hosts of v, nearest first, each once (a hosting cycle, which the
    // reader does not refuse, ends the walk), at most kMaxHostDepth of them.
    static constexpr std::size_t kMaxHostDepth = 64;
    void hostsOf(Vertex v, std::vector<Vertex> &chain) const
    {
        chain.clear();
        for (Vertex h = m_hostOf[v]; h != none() && h != v && chain.size() < kMaxHostDepth; h = m_hostOf[h]) {
            if (std::find(chain.begin(), chain.end(), h) != chain.end())
                break;
            chain.push_back(h);
        }
    }

    // Which hosts take a service down with them (see the header), and the
    // hosted node each one is reported for. Nothing at all is done for a
    // topology without hosting.
    void findFailingHosts()
    {
        const std::size_t n = m_view.nodeCount;
        m_hostOf.clear();
        m_hostCause.clear();
        bool any = false;
        for (Vertex v = 0; v < n && !any; ++v)
            any = !m_view.nodes[v]->host.empty();
        if (!any)
            return;
        m_hostOf.assign(n, none());
        for (Vertex v = 0; v < n; ++v)
            if (const std::string &h = m_view.nodes[v]->host; !h.empty()) {
                const int i = m_view.indexOf(h);
                if (i >= 0 && Vertex(i) != v)
                    m_hostOf[v] = Vertex(i);
            }
        m_hostCause.assign(n, none());
        m_hostCount.assign(n, 0);
        std::vector<Vertex> chain;
        const auto blame = [&](Vertex hosted) {
            for (const Vertex h : chain)
                if (!replicated(h)) {
                    if (m_hostCause[h] == none())
                        m_hostCause[h] = hosted;
                    ++m_hostCount[h];
                }
        };
        // Something hosted whose loss loses a service.
        for (Vertex v = 0; v < n; ++v)
            if (m_hostOf[v] != none() && service(v) && m_view.reachable[v] && m_marks[v] != 0) {
                hostsOf(v, chain);
                blame(v);
            }
        // Every reachable member of a group of peers on one host: the hosts
        // common to all their chains.
        std::vector<std::vector<Vertex>> common(static_cast<std::size_t>(m_groupCount));
        std::vector<char> started(std::size_t(m_groupCount), 0);
        std::vector<int> members(std::size_t(m_groupCount), 0);
        for (Vertex v = 0; v < n; ++v) {
            if (m_group[v] < 0 || !m_view.reachable[v])
                continue;
            const auto g = std::size_t(m_group[v]);
            ++members[g];
            hostsOf(v, chain);
            if (!started[g]) {
                started[g] = 1;
                common[g] = chain;
            } else {
                std::erase_if(common[g], [&chain](Vertex h) {
                    return std::find(chain.begin(), chain.end(), h) == chain.end();
                });
            }
        }
        for (Vertex v = 0; v < n; ++v) {
            if (m_group[v] < 0 || !m_view.reachable[v])
                continue;
            const auto g = std::size_t(m_group[v]);
            if (members[g] < 2 || common[g].empty())
                continue;
            chain = std::move(common[g]);
            common[g].clear();
            blame(v);
        }
    }

    bool hostToReport(Vertex x) const { return !m_hostCause.empty() && m_hostCause[x] != none(); }

    bool nodeToReport(Vertex x) const
    {
        return service(x) && m_view.reachable[x] && !replicated(x) && m_marks[x] != 0;
    }

    void reportNodes()
    {
        for (Vertex x = 0; x < m_view.nodeCount; ++x) {
            const bool flow = nodeToReport(x), host = hostToReport(x);
            if (!flow && !host)
                continue;
            // The id and type from the index: the nodes themselves are not fetched.
            const std::string_view id = m_view.id(x);
            const std::string_view type = m_view.types[x] ? std::string_view(m_view.types[x]->id) : m_view.nodes[x]->type;
            std::string &why = m_why; // reused: the context copies the message
            why.assign("node '");
            why += id;
            why += "' (";
            why += type;
            why += ") is a single point of failure: ";
            if (flow && m_peerless[x])
                why += "one instance and no peer doing the same job";
            if (flow && m_subtree[x] > 1) {
                if (m_peerless[x])
                    why += "; ";
                why += "its loss cuts ";
                appendCut(why, x, false);
                why += " off every entry point";
            }
            if (host) {
                if (flow)
                    why += "; ";
                why += "it hosts '";
                why += m_view.id(m_hostCause[x]);
                why += '\'';
                if (const int more = m_hostCount[x] - 1; more > 0) {
                    why += " and ";
                    why += std::to_string(more);
                    why += more == 1 ? " other node" : " other nodes";
                }
                why += " whose loss loses a service, and everything it hosts fails with it";
            }
            m_ctx.reportSubject("SP-SPOF", why, id, "nodes/", id);
        }
    }

    // The links that are single points of failure, in link order.
    std::vector<std::size_t> linksToReport() const
    {
        // in-links of b from reachable nodes b does not dominate: b's ways in.
        std::vector<int> waysIn(m_view.nodeCount + 1, 0);
        for (const Edge e : boost::make_iterator_range(boost::edges(m_g))) {
            const Vertex p = boost::source(e, m_g), b = boost::target(e, m_g);
            if (m_view.reachable[p] && !dominates(b, p))
                ++waysIn[b];
        }
        std::vector<std::size_t> links;
        for (std::size_t k = 0; k < m_view.linkFrom.size(); ++k) {
            if (m_view.linkFrom[k] < 0)
                continue;
            const Vertex a = Vertex(m_view.linkFrom[k]), b = Vertex(m_view.linkTo[k]);
            if (a == b || !m_view.reachable[a] || (replicated(a) && replicated(b)) || dominates(b, a)
                || waysIn[b] != 1 || m_marks[b] == 0)
                continue;
            links.push_back(k);
        }
        return links;
    }

    void reportLinks(const std::vector<std::size_t> &links)
    {
        const Topology &t = m_ctx.topology;
        std::string key;
        // What a finding reads at random is fetched ahead: the link's
        // terminals and its `to` end's id offset and subtree size kAhead
        // findings before, that id's characters (which need the offset)
        // half as far.
        constexpr std::size_t kAhead = 16, kChars = kAhead / 2;
        for (std::size_t i = 0; i < links.size(); ++i) {
            const std::size_t k = links[i];
            // The key as Link::appendKey writes it, with the ids from the
            // index's copies: a long id lives apart from its link, and at
            // 100,000 nodes each would be a cache miss.
            if (i + kAhead < links.size()) {
                const std::size_t next = links[i + kAhead];
                const Link &ahead = t.links[next];
                __builtin_prefetch(&ahead.from.terminal);
                __builtin_prefetch(&ahead.to.terminal);
                const Vertex end = Vertex(m_view.linkTo[next]);
                __builtin_prefetch(&m_subtree[end]);
                __builtin_prefetch(&m_view.idEnd(end));
            }
            if (i + kChars < links.size())
                __builtin_prefetch(m_view.id(Vertex(m_view.linkTo[links[i + kChars]])).data());
            const Link &link = t.links[k];
            const Vertex a = Vertex(m_view.linkFrom[k]), b = Vertex(m_view.linkTo[k]);
            key.clear();
            link.appendKey(key, m_view.id(a), m_view.id(b));
            std::string &why = m_why;
            why.assign("link ");
            why += key;
            why += " is a single point of failure: its loss cuts ";
            appendCut(why, b, true);
            why += " off every entry point";
            m_ctx.reportSubject("SP-SPOF", why, key, "links/", key);
        }
    }

    CheckContext &m_ctx;
    const GraphView &m_view;
    const Graph &m_g;
    std::vector<Vertex> m_idom;
    std::vector<std::size_t> m_childStart; // dominator tree: children of v are m_children[m_childStart[v] ..]
    std::vector<Vertex> m_children;
    std::vector<int> m_in, m_out, m_depth;
    std::vector<Vertex> m_jump; // see hang()
    std::vector<Vertex> m_preorder;
    std::vector<std::size_t> m_predStart; // predecessors of v are m_predList[m_predStart[v] ..]
    std::vector<Vertex> m_predList;
    std::vector<int> m_group; // by vertex; -1 for none
    int m_groupCount = 0;
    std::vector<int> m_marks;
    std::vector<char> m_peerless;
    std::vector<int> m_subtree;
    std::string m_why; // the message being written
    std::vector<Vertex> m_hostOf;    // by vertex: its host, none() without; empty without hosting
    std::vector<Vertex> m_hostCause; // by vertex: the hosted node it is reported for, none() when not
    std::vector<int> m_hostCount;    // by vertex: how many hosted nodes or peer groups blame it
};

} // namespace

void checkSpof(CheckContext &ctx, const GraphView &view)
{
    if (ctx.enabled("SP-SPOF"))
        SpofChecker(ctx, view).run();
}

} // namespace sky::detail
