// The lower bound of the labelling problem (solver.h), by min-sum diffusion
// (Kovalevsky and Koval; Werner 2007, "A linear programming approach to
// max-sum problem"): the cost is rewritten, without changing the cost of any
// labelling, by moving amounts between each node and its edges until each
// node's costs agree with its edges' min-marginals (their average). After
// any number of steps, the sum of each node's and each edge's smallest
// rewritten cost is at most the cost of every labelling: a valid bound, and
// at a fixed point close to the LP relaxation's. The edge cost is the sum of
// two weighted Potts terms, so an edge's min-marginal takes O(labels) with
// the best and second best per provider, not O(labels^2). Each node's gap
// between a label's rewritten cost and its smallest one also bounds the
// cost of every labelling that gives the node that label ("reduced costs"),
// which lets the exact solver drop labels that cannot be optimal.
#include "solver.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace sky {

namespace {

class Diffusion
{
public:
    explicit Diffusion(const LabelProblem &p) : m_p(p), m_allowed(std::size_t(p.nodes))
    {
        for (int n = 0; n < p.nodes; ++n)
            for (int l = 0; l < p.labels; ++l)
                if (p.u(n, l) < kNotAllowed)
                    m_allowed[std::size_t(n)].push_back(l);
        int providers = 0;
        for (const int prov : p.provider)
            providers = std::max(providers, prov + 1);
        m_providers = std::size_t(providers);
        m_incident.resize(std::size_t(p.nodes));
        for (std::size_t k = 0; k < p.edges.size(); ++k) {
            m_incident[std::size_t(p.edges[k].a)].push_back(int(k));
            m_incident[std::size_t(p.edges[k].b)].push_back(int(k));
        }
        // phi[k][side][i]: the amount moved from the node at `side` of edge
        // k into the edge, for its i-th allowed label.
        m_phi.resize(p.edges.size());
        for (std::size_t k = 0; k < p.edges.size(); ++k) {
            m_phi[k][0].assign(m_allowed[std::size_t(p.edges[k].a)].size(), 0);
            m_phi[k][1].assign(m_allowed[std::size_t(p.edges[k].b)].size(), 0);
        }
        m_node.resize(std::size_t(p.nodes));
        for (int n = 0; n < p.nodes; ++n)
            for (const int l : m_allowed[std::size_t(n)])
                m_node[std::size_t(n)].push_back(p.u(n, l));
    }

    bool feasible() const
    {
        return std::none_of(m_allowed.begin(), m_allowed.end(), [](const auto &a) { return a.empty(); });
    }

    void sweep()
    {
        std::vector<double> sum, marginal;
        for (int n = 0; n < m_p.nodes; ++n) {
            const auto &edges = m_incident[std::size_t(n)];
            if (edges.empty())
                continue;
            std::vector<double> &theta = m_node[std::size_t(n)];
            sum = theta;
            std::vector<std::vector<double>> marginals(edges.size());
            for (std::size_t i = 0; i < edges.size(); ++i) {
                minMarginal(edges[i], n, marginals[i]);
                for (std::size_t j = 0; j < sum.size(); ++j)
                    sum[j] += marginals[i][j];
            }
            const double share = 1.0 / double(edges.size() + 1);
            for (std::size_t j = 0; j < sum.size(); ++j)
                sum[j] *= share; // the average every part takes
            for (std::size_t i = 0; i < edges.size(); ++i) {
                const int k = edges[i];
                const int side = m_p.edges[std::size_t(k)].a == n ? 0 : 1;
                std::vector<double> &phi = m_phi[std::size_t(k)][side];
                for (std::size_t j = 0; j < phi.size(); ++j)
                    phi[j] += sum[j] - marginals[i][j];
            }
            theta = sum;
        }
    }

    // The bound, and per node and allowed label its reduced cost.
    double bound(std::vector<std::vector<double>> *reduced) const
    {
        double total = 0;
        if (reduced)
            reduced->assign(std::size_t(m_p.nodes), {});
        for (int n = 0; n < m_p.nodes; ++n) {
            const auto &theta = m_node[std::size_t(n)];
            const double best = *std::min_element(theta.begin(), theta.end());
            total += best;
            if (reduced) {
                auto &r = (*reduced)[std::size_t(n)];
                r.assign(std::size_t(m_p.labels), kNotAllowed);
                for (std::size_t j = 0; j < theta.size(); ++j)
                    r[std::size_t(m_allowed[std::size_t(n)][j])] = theta[j] - best;
            }
        }
        std::vector<double> marginal;
        for (std::size_t k = 0; k < m_p.edges.size(); ++k) {
            minMarginal(int(k), m_p.edges[k].a, marginal);
            total += *std::min_element(marginal.begin(), marginal.end());
        }
        return total;
    }

private:
    // For each allowed label of node n, the least rewritten cost of edge k
    // with n at that label.
    void minMarginal(int k, int n, std::vector<double> &out) const
    {
        const auto &e = m_p.edges[std::size_t(k)];
        const int side = e.a == n ? 0 : 1;
        const int other = side == 0 ? e.b : e.a;
        const auto &mine = m_allowed[std::size_t(n)];
        const auto &theirs = m_allowed[std::size_t(other)];
        const std::vector<double> &phiMine = m_phi[std::size_t(k)][side];
        const std::vector<double> &phiTheirs = m_phi[std::size_t(k)][1 - side];
        const double w = e.weight * 0.5;
        // Per provider: best and second best of phi + w*r (same provider,
        // another region), best of phi + w*(r+p) (another provider).
        struct Best
        {
            double v1 = kNotAllowed, v2 = kNotAllowed;
            int l1 = -1;
            double cross = kNotAllowed;
        };
        std::vector<Best> best(m_providers);
        std::vector<double> at(std::size_t(m_p.labels), kNotAllowed); // phi of the other end by label
        for (std::size_t j = 0; j < theirs.size(); ++j) {
            const int l = theirs[j];
            at[std::size_t(l)] = phiTheirs[j];
            Best &b = best[std::size_t(m_p.provider[std::size_t(l)])];
            const double same = phiTheirs[j] + w * m_p.regionRate[std::size_t(l)];
            if (same < b.v1) {
                b.v2 = b.v1;
                b.v1 = same;
                b.l1 = l;
            } else if (same < b.v2) {
                b.v2 = same;
            }
            b.cross = std::min(b.cross, same + w * m_p.providerRate[std::size_t(l)]);
        }
        // The two providers with the best cross values.
        int c1 = -1, c2 = -1;
        for (std::size_t q = 0; q < best.size(); ++q) {
            if (c1 < 0 || best[q].cross < best[std::size_t(c1)].cross) {
                c2 = c1;
                c1 = int(q);
            } else if (c2 < 0 || best[q].cross < best[std::size_t(c2)].cross) {
                c2 = int(q);
            }
        }
        out.resize(mine.size());
        for (std::size_t j = 0; j < mine.size(); ++j) {
            const int l = mine[j];
            const int prov = m_p.provider[std::size_t(l)];
            const double r = w * m_p.regionRate[std::size_t(l)], pr = w * m_p.providerRate[std::size_t(l)];
            double v = at[std::size_t(l)]; // same label: no transfer
            const Best &b = best[std::size_t(prov)];
            const double sameProvider = b.l1 == l ? b.v2 : b.v1;
            v = std::min(v, sameProvider + r);
            const int c = c1 == prov ? c2 : c1;
            if (c >= 0)
                v = std::min(v, best[std::size_t(c)].cross + r + pr);
            out[j] = phiMine[j] + v;
        }
    }

    const LabelProblem &m_p;
    std::vector<std::vector<int>> m_allowed;
    std::size_t m_providers = 0;
    std::vector<std::vector<int>> m_incident;
    std::vector<std::array<std::vector<double>, 2>> m_phi;
    std::vector<std::vector<double>> m_node; // rewritten node costs, per allowed label
};

} // namespace

double labellingLowerBound(const LabelProblem &p, std::vector<std::vector<double>> *reduced, int sweeps)
{
    Diffusion d(p);
    if (!d.feasible())
        return kNotAllowed;
    for (int i = 0; i < sweeps; ++i)
        d.sweep();
    return d.bound(reduced);
}

} // namespace sky
