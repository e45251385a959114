#pragma once

// The labelling problem behind placement, apart from topologies: n nodes,
// L labels (locations), a unary cost per node and label (infinite where the
// label is not allowed), and edges whose cost depends only on whether their
// ends share the label and the label's provider (a sum of two weighted Potts
// terms, hence a metric). Spread groups ask some nodes to use at least N
// distinct keys (a label's location or provider). Solved exactly as a MIP
// with GLPK, or by alpha-expansion over Boost's Boykov-Kolmogorov max-flow;
// every solution comes with a lower bound.

#include <limits>
#include <vector>

namespace sky {

inline constexpr double kNotAllowed = std::numeric_limits<double>::infinity();

struct LabelProblem
{
    int nodes = 0, labels = 0;
    std::vector<double> unary;  // nodes * labels, kNotAllowed where not allowed
    std::vector<int> provider;  // per label
    std::vector<double> regionRate, providerRate; // per label: half of each is paid on a split edge
    struct Edge
    {
        int a = 0, b = 0;
        double weight = 0; // traffic
    };
    std::vector<Edge> edges;
    struct Group
    {
        std::vector<int> nodes;
        int atLeast = 2;
        bool byProvider = false;
    };
    std::vector<Group> groups;

    double u(int n, int l) const { return unary[std::size_t(n) * std::size_t(labels) + std::size_t(l)]; }
    double pair(const Edge &e, int la, int lb) const
    {
        if (la == lb)
            return 0;
        double c = e.weight * 0.5 * (regionRate[std::size_t(la)] + regionRate[std::size_t(lb)]);
        if (provider[std::size_t(la)] != provider[std::size_t(lb)])
            c += e.weight * 0.5 * (providerRate[std::size_t(la)] + providerRate[std::size_t(lb)]);
        return c;
    }
    // Cost of a full labelling; kNotAllowed when a label is not allowed.
    double energy(const std::vector<int> &labelling) const;
    bool groupsHold(const std::vector<int> &labelling) const;
};

struct LabelSolution
{
    bool feasible = false;
    bool optimal = false;       // proven optimal
    bool solverFailed = false;  // the exact solver gave up for a reason of its own
    bool timedOut = false;      // the exact solver hit its time limit
    std::vector<int> labels;
    double cost = 0;
    double lowerBound = 0;
};

// Exact: GLPK's branch and cut on the MIP (one binary per node and allowed
// label; split edges linearised per label and per provider), after dropping
// the labels whose reduced cost proves them worse than the alpha-expansion
// answer (so the MIP holds only labels that may be optimal).
LabelSolution solveExact(const LabelProblem &problem, double timeLimitSeconds);
// Alpha-expansion from the cheapest allowed label of each node, then a
// repair for spread groups. Starts from `start` when given (a labelling).
LabelSolution solveExpansion(const LabelProblem &problem, const std::vector<int> *start = nullptr);
// A lower bound on every labelling's cost that ignores spread groups, by
// min-sum diffusion (bound.cpp); kNotAllowed when a node has no allowed
// label. `reduced`, when given, receives per node and label how much the
// bound rises when the node takes that label (kNotAllowed where not allowed).
double labellingLowerBound(const LabelProblem &problem, std::vector<std::vector<double>> *reduced = nullptr,
                           int sweeps = 40);

} // namespace sky
