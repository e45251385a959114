// `place`: the placement model handed to a solver (solver.h) and the answer
// turned back into locations, conflicts and moves. Exact (GLPK) for designs
// up to PlaceOptions::exactLimit free nodes, alpha-expansion beyond; a node
// with no allowed location is explained by its smallest conflicting set of
// requirements before any solver runs. With `keep`, nodes already placed
// where they may stay are held there, and only the rest are placed.
#include "placement.h"

#include "solver.h"
#include "topology.h"

#include <algorithm>
#include <cmath>

namespace sky {

namespace {

LabelProblem labelProblem(const PlacementModel &model, const std::vector<int> &hold)
{
    LabelProblem p;
    p.nodes = int(model.nodes().size());
    p.labels = int(model.locations().size());
    p.unary.assign(std::size_t(p.nodes) * std::size_t(p.labels), kNotAllowed);
    for (int n = 0; n < p.nodes; ++n)
        for (int l = 0; l < p.labels; ++l)
            if (model.feasible(n, l) && (hold[std::size_t(n)] < 0 || hold[std::size_t(n)] == l))
                p.unary[std::size_t(n) * std::size_t(p.labels) + std::size_t(l)] = model.cost(n, l).total();
    for (int l = 0; l < p.labels; ++l) {
        p.provider.push_back(model.locations()[std::size_t(l)].providerIndex);
        // The rates as the model prices them: transfer(1, l, other) splits
        // into these halves.
        const auto &t = model.locations()[std::size_t(l)].provider->transfer;
        p.regionRate.push_back(t.interRegion);
        p.providerRate.push_back(std::max(0.0, t.out - t.interRegion));
    }
    for (const auto &e : model.edges())
        if (e.traffic > 0)
            p.edges.push_back({e.a, e.b, e.traffic});
    for (const auto &g : model.spreads())
        p.groups.push_back({g.nodes, g.atLeast, g.byProvider});
    return p;
}

std::string money(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

} // namespace

PlaceResult place(const PlacementModel &model, const PlaceOptions &options)
{
    PlaceResult r;
    const std::size_t n = model.nodes().size();
    std::vector<int> hold(n, -1);
    std::size_t free = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const int now = model.current(int(i));
        if (options.keep && now >= 0 && !model.pinned(int(i)) && model.feasible(int(i), now))
            hold[i] = now;
        else
            ++free;
    }
    for (std::size_t i = 0; i < n; ++i) {
        bool any = false;
        for (std::size_t l = 0; l < model.locations().size() && !any; ++l)
            any = model.feasible(int(i), int(l));
        if (!any)
            r.conflicts.push_back(model.conflict(int(i)));
    }
    if (!r.conflicts.empty())
        return r;
    const LabelProblem problem = labelProblem(model, hold);
    const bool exact = options.method == PlaceOptions::Method::Exact
                       || (options.method == PlaceOptions::Method::Auto && free <= options.exactLimit);
    LabelSolution s;
    if (exact) {
        s = solveExact(problem, options.timeLimitSeconds);
        r.method = "exact (GLPK branch and cut)";
        if (s.solverFailed || s.timedOut) {
            LabelSolution x = solveExpansion(problem, s.feasible ? &s.labels : nullptr);
            if (x.feasible && (!s.feasible || x.cost < s.cost)) {
                x.lowerBound = std::max(x.lowerBound, s.feasible ? s.lowerBound : 0.0);
                s = x;
                r.method = "alpha-expansion (Boost max-flow) after the exact solver stopped";
            }
        }
    } else {
        s = solveExpansion(problem);
        r.method = "alpha-expansion (Boost max-flow)";
    }
    if (!s.feasible) {
        for (const auto &g : model.spreads())
            r.conflicts.push_back("spread policy '" + g.policy + "' asks for at least " + std::to_string(g.atLeast)
                                  + (g.byProvider ? " providers" : " regions") + " across "
                                  + std::to_string(g.nodes.size()) + " node(s), and their allowed locations "
                                  + (exact ? "cannot give that" : "gave no such placement to the large-design method"));
        if (r.conflicts.empty())
            r.conflicts.push_back("the solver found no placement");
        return r;
    }
    r.assignment = s.labels;
    r.cost = s.cost;
    r.lowerBound = std::min(s.lowerBound, s.cost);
    r.optimal = s.optimal;
    std::vector<int> before(n);
    for (std::size_t i = 0; i < n; ++i)
        before[i] = model.current(int(i));
    r.costBefore = model.totalCost(before);
    for (std::size_t i = 0; i < n; ++i)
        if (before[i] >= 0 && before[i] != r.assignment[i]) {
            std::string why = model.feasible(int(i), before[i]) ? "cheaper elsewhere" : "";
            if (why.empty())
                for (const int req : model.excludedBy(int(i), before[i])) {
                    const Requirement &q = model.requirements(int(i))[std::size_t(req)];
                    std::string text(q.summary);
                    if (q.kind == Requirement::Kind::Open) {
                        const Region &region = *model.locations()[std::size_t(before[i])].region;
                        text = "region " + std::string(regionStatusName(region.status)) + " on " + region.closes;
                    } else if (q.kind == Requirement::Kind::Offered) {
                        text = model.cost(int(i), before[i]).why;
                    }
                    why += (why.empty() ? "" : "; ") + text;
                }
            r.moves.push_back({int(i), before[i], r.assignment[i], why});
        }
    if (const auto budget = model.budget(); budget && r.cost > *budget * (1 + 1e-12)) {
        r.conflicts.push_back("the money budget of " + money(*budget) + " " + model.budgetCurrency()
                              + " a month is below the cheapest feasible placement, " + money(r.cost) + " a month");
        r.feasible = false;
        return r;
    }
    r.feasible = true;
    return r;
}

void applyPlacement(Topology &topology, const PlacementModel &model, const PlaceResult &result)
{
    for (std::size_t i = 0; i < model.nodes().size(); ++i) {
        const int l = result.assignment[i];
        Node *node = topology.node(model.nodes()[i]->id);
        if (!node || l < 0 || node->placement.pinned)
            continue; // a user's pin stays as written
        const Location &loc = model.locations()[std::size_t(l)];
        const NodeCost &c = model.cost(int(i), l);
        node->placement = Placement{loc.provider->id, loc.region->id, c.offering ? c.offering->id : std::string(), false};
    }
}

} // namespace sky
