// Alpha-expansion (Boykov, Veksler and Zabih, 2001) for large placements:
// from the cheapest allowed label of each node, each label alpha in turn is
// offered to every node at once, and a minimum cut (Boost.Graph's
// boykov_kolmogorov_max_flow) picks the nodes that take it so the cost
// falls most. The edge cost is a metric, so every move is an exact min-cut
// (Kolmogorov and Zabih's construction) and the result is within twice the
// ratio of the largest to smallest rate of the optimum; in practice much
// closer, and the lower bound says how close. Nodes that cannot take alpha,
// or hold it already, stay out of the cut graph: their edges become unary
// terms of their neighbours. Spread groups are mended afterwards by the
// cheapest moves that add a distinct key.
#include "solver.h"

// GCC 12 reports a false "maybe uninitialized" inside Boost's edge iterator
// (a boost::optional it copies) when boykov_kolmogorov_max_flow is inlined,
// as flowrule.cpp notes; the region runs to the end of the file.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>

#include <algorithm>
#include <cmath>
#include <set>

namespace sky {

namespace {

using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using FlowGraph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS,
    boost::property<boost::vertex_index_t, long,
                    boost::property<boost::vertex_color_t, boost::default_color_type,
                                    boost::property<boost::vertex_distance_t, long,
                                                    boost::property<boost::vertex_predecessor_t, Traits::edge_descriptor>>>>,
    boost::property<boost::edge_capacity_t, double,
                    boost::property<boost::edge_residual_capacity_t, double,
                                    boost::property<boost::edge_reverse_t, Traits::edge_descriptor>>>>;

class Expansion
{
public:
    explicit Expansion(const LabelProblem &p) : m_p(p), m_incident(std::size_t(p.nodes))
    {
        for (std::size_t k = 0; k < p.edges.size(); ++k) {
            m_incident[std::size_t(p.edges[k].a)].push_back(int(k));
            m_incident[std::size_t(p.edges[k].b)].push_back(int(k));
        }
    }

    // One sweep over every label; true when the cost fell.
    bool sweep(std::vector<int> &labels, double &cost)
    {
        bool improved = false;
        for (int alpha = 0; alpha < m_p.labels; ++alpha)
            improved |= expand(alpha, labels, cost);
        return improved;
    }

    // The cost change of moving node n to label l, the rest as they are.
    double moveDelta(const std::vector<int> &labels, int n, int l) const
    {
        const int from = labels[std::size_t(n)];
        double d = m_p.u(n, l) - m_p.u(n, from);
        for (const int k : m_incident[std::size_t(n)]) {
            const auto &e = m_p.edges[std::size_t(k)];
            const int other = labels[std::size_t(e.a == n ? e.b : e.a)];
            d += m_p.pair(e, l, other) - m_p.pair(e, from, other);
        }
        return d;
    }

private:
    bool expand(int alpha, std::vector<int> &labels, double &cost)
    {
        const LabelProblem &p = m_p;
        // Active: may take alpha and holds another label.
        std::vector<long> vertexOf(std::size_t(p.nodes), -1);
        std::vector<int> active;
        for (int n = 0; n < p.nodes; ++n)
            if (labels[std::size_t(n)] != alpha && p.u(n, alpha) < kNotAllowed) {
                vertexOf[std::size_t(n)] = long(active.size());
                active.push_back(n);
            }
        if (active.empty())
            return false;
        const long source = long(active.size()), sink = source + 1;
        FlowGraph g(std::size_t(sink + 1));
        auto capacity = boost::get(boost::edge_capacity, g);
        auto reverse = boost::get(boost::edge_reverse, g);
        const auto addEdge = [&](long from, long to, double c) {
            const auto e = boost::add_edge(std::size_t(from), std::size_t(to), g).first;
            const auto r = boost::add_edge(std::size_t(to), std::size_t(from), g).first;
            capacity[e] = c;
            capacity[r] = 0;
            reverse[e] = r;
            reverse[r] = e;
        };
        // theta: the cost of taking alpha over keeping the label, per active node.
        std::vector<double> theta(active.size(), 0);
        for (std::size_t i = 0; i < active.size(); ++i) {
            const int n = active[i];
            theta[i] = p.u(n, alpha) - p.u(n, labels[std::size_t(n)]);
        }
        for (const auto &e : p.edges) {
            const long va = vertexOf[std::size_t(e.a)], vb = vertexOf[std::size_t(e.b)];
            const int la = labels[std::size_t(e.a)], lb = labels[std::size_t(e.b)];
            if (va < 0 && vb < 0)
                continue;
            if (va < 0 || vb < 0) { // one end stays where it is
                const long v = va < 0 ? vb : va;
                const int fixed = va < 0 ? la : lb, own = va < 0 ? lb : la;
                theta[std::size_t(v)] += p.pair(e, alpha, fixed) - p.pair(e, own, fixed);
                continue;
            }
            // E(0,0)=A keep both, E(0,1)=B, E(1,0)=C, E(1,1)=D both take alpha.
            const double A = p.pair(e, la, lb), B = p.pair(e, la, alpha), C = p.pair(e, alpha, lb), D = 0;
            theta[std::size_t(va)] += C - A;
            theta[std::size_t(vb)] += D - C;
            const double w = B + C - A - D; // >= 0 for a metric
            if (w > 0)
                addEdge(va, vb, w);
        }
        for (std::size_t i = 0; i < active.size(); ++i) {
            if (theta[i] > 0)
                addEdge(source, long(i), theta[i]); // cut when the node takes alpha
            else if (theta[i] < 0)
                addEdge(long(i), sink, -theta[i]);  // cut when it keeps its label
        }
        boost::boykov_kolmogorov_max_flow(g, std::size_t(source), std::size_t(sink));
        auto color = boost::get(boost::vertex_color, g);
        std::vector<int> next = labels;
        bool changed = false;
        for (std::size_t i = 0; i < active.size(); ++i)
            if (color[i] != boost::black_color) { // the sink's side: takes alpha
                next[std::size_t(active[i])] = alpha;
                changed = true;
            }
        if (!changed)
            return false;
        const double nextCost = p.energy(next);
        if (!(nextCost < cost - 1e-9 * std::max(1.0, std::fabs(cost))))
            return false;
        labels = std::move(next);
        cost = nextCost;
        return true;
    }

    const LabelProblem &m_p;
    std::vector<std::vector<int>> m_incident;
};

int keyOf(const LabelProblem &p, const LabelProblem::Group &g, int label)
{
    return g.byProvider ? p.provider[std::size_t(label)] : label;
}

// Moves the cheapest members of each spread group short of keys to new
// keys, one at a time, until each group holds; false when one cannot.
bool mendGroups(const LabelProblem &p, const Expansion &x, std::vector<int> &labels)
{
    for (int pass = 0; pass < 4; ++pass) {
        bool allHold = true;
        for (const auto &g : p.groups) {
            for (;;) {
                std::multiset<int> used;
                for (const int n : g.nodes)
                    used.insert(keyOf(p, g, labels[std::size_t(n)]));
                const int distinct = int(std::set<int>(used.begin(), used.end()).size());
                if (distinct >= g.atLeast)
                    break;
                double best = kNotAllowed;
                int bestNode = -1, bestLabel = -1;
                for (const int n : g.nodes) {
                    // Moving a key's only holder adds nothing.
                    if (used.count(keyOf(p, g, labels[std::size_t(n)])) < 2)
                        continue;
                    for (int l = 0; l < p.labels; ++l) {
                        if (p.u(n, l) >= kNotAllowed || used.count(keyOf(p, g, l)))
                            continue;
                        const double d = x.moveDelta(labels, n, l);
                        if (d < best) {
                            best = d;
                            bestNode = n;
                            bestLabel = l;
                        }
                    }
                }
                if (bestNode < 0)
                    return false;
                labels[std::size_t(bestNode)] = bestLabel;
                allHold = false;
            }
        }
        if (allHold || p.groupsHold(labels))
            return p.groupsHold(labels);
    }
    return p.groupsHold(labels);
}

} // namespace

LabelSolution solveExpansion(const LabelProblem &p, const std::vector<int> *start)
{
    LabelSolution s;
    std::vector<int> labels(std::size_t(p.nodes), -1);
    for (int n = 0; n < p.nodes; ++n) {
        int best = -1;
        for (int l = 0; l < p.labels; ++l)
            if (p.u(n, l) < kNotAllowed && (best < 0 || p.u(n, l) < p.u(n, best)))
                best = l;
        if (best < 0)
            return s; // no allowed label
        const int given = start ? (*start)[std::size_t(n)] : -1;
        labels[std::size_t(n)] = given >= 0 && given < p.labels && p.u(n, given) < kNotAllowed ? given : best;
    }
    Expansion x(p);
    double cost = p.energy(labels);
    for (int round = 0; round < 8 && x.sweep(labels, cost); ++round) {
    }
    if (!p.groups.empty()) {
        if (!mendGroups(p, x, labels))
            return s;
        cost = p.energy(labels);
    }
    s.feasible = true;
    s.labels = std::move(labels);
    s.cost = cost;
    s.lowerBound = std::min(cost, labellingLowerBound(p));
    s.optimal = s.cost - s.lowerBound <= 1e-9 * std::max(1.0, s.cost);
    return s;
}

} // namespace sky

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
