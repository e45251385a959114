// The exact solver of the labelling problem (solver.h): a mixed-integer
// program handed to GLPK's branch and cut. One binary per node and allowed
// label; a split edge costs half of each end's region rate, written per label
// as d >= |x_a,l - x_b,l|, plus half of each end's provider rate, written per
// provider the same way over the sums of its labels. Spread groups get one
// binary per key that may only be set when a member uses it. Also the
// energy, the spread test and the lower bound both solvers report.
#include "solver.h"

#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace sky {

double LabelProblem::energy(const std::vector<int> &labelling) const
{
    double total = 0;
    for (int n = 0; n < nodes; ++n) {
        const int l = labelling[std::size_t(n)];
        if (l < 0 || l >= labels)
            return kNotAllowed;
        total += u(n, l);
    }
    for (const Edge &e : edges)
        total += pair(e, labelling[std::size_t(e.a)], labelling[std::size_t(e.b)]);
    return total;
}

bool LabelProblem::groupsHold(const std::vector<int> &labelling) const
{
    for (const Group &g : groups) {
        std::set<int> keys;
        for (const int n : g.nodes) {
            const int l = labelling[std::size_t(n)];
            keys.insert(g.byProvider ? provider[std::size_t(l)] : l);
        }
        if (int(keys.size()) < g.atLeast)
            return false;
    }
    return true;
}

namespace {

struct Rows
{
    glp_prob *lp;
    std::vector<int> index{0};
    std::vector<double> value{0};

    void add(int column, double v)
    {
        index.push_back(column);
        value.push_back(v);
    }
    // Ends the row under construction: lower bound `lo` (GLP_LO), or upper `up`, or fixed.
    void finish(int type, double lo, double up)
    {
        const int row = glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, row, type, lo, up);
        glp_set_mat_row(lp, row, int(index.size()) - 1, index.data(), value.data());
        index.resize(1);
        value.resize(1);
    }
};

} // namespace

LabelSolution solveExact(const LabelProblem &problem, double timeLimitSeconds)
{
    LabelSolution s;
    std::vector<std::vector<double>> reduced;
    const double bound = labellingLowerBound(problem, &reduced);
    if (bound >= kNotAllowed)
        return s; // a node with no allowed label
    // Reduced-cost fixing: a label whose bound exceeds a known placement's
    // cost is in no optimal placement (spread groups only raise the optimum).
    const LabelSolution known = solveExpansion(problem);
    LabelProblem pruned = problem;
    if (known.feasible) {
        const double limit = known.cost + 1e-9 * std::max(1.0, std::fabs(known.cost));
        for (int n = 0; n < problem.nodes; ++n)
            for (int l = 0; l < problem.labels; ++l)
                if (bound + reduced[std::size_t(n)][std::size_t(l)] > limit && l != known.labels[std::size_t(n)])
                    pruned.unary[std::size_t(n) * std::size_t(problem.labels) + std::size_t(l)] = kNotAllowed;
    }
    const LabelProblem &p = pruned;
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    // x columns, by node and label (0: not allowed).
    std::vector<int> x(std::size_t(p.nodes) * std::size_t(p.labels), 0);
    const auto col = [&](int kind, double lo, double cost) {
        const int c = glp_add_cols(lp, 1);
        glp_set_col_kind(lp, c, kind);
        glp_set_col_bnds(lp, c, kind == GLP_BV ? GLP_DB : GLP_LO, lo, 1);
        glp_set_obj_coef(lp, c, cost);
        return c;
    };
    Rows rows{lp};
    for (int n = 0; n < p.nodes; ++n) {
        for (int l = 0; l < p.labels; ++l)
            if (p.u(n, l) < kNotAllowed) {
                x[std::size_t(n) * std::size_t(p.labels) + std::size_t(l)] = col(GLP_BV, 0, p.u(n, l));
                rows.add(x[std::size_t(n) * std::size_t(p.labels) + std::size_t(l)], 1);
            }
        rows.finish(GLP_FX, 1, 1);
    }
    const auto xc = [&](int n, int l) { return x[std::size_t(n) * std::size_t(p.labels) + std::size_t(l)]; };
    std::map<int, double> providerRate;
    for (int l = 0; l < p.labels; ++l)
        providerRate[p.provider[std::size_t(l)]] = p.providerRate[std::size_t(l)];
    for (const auto &e : p.edges) {
        if (e.weight <= 0)
            continue;
        std::set<int> used, providers;
        for (int l = 0; l < p.labels; ++l)
            if (xc(e.a, l) || xc(e.b, l)) {
                used.insert(l);
                providers.insert(p.provider[std::size_t(l)]);
            }
        for (const int l : used) {
            const double rate = p.regionRate[std::size_t(l)];
            if (rate <= 0)
                continue;
            const int d = col(GLP_CV, 0, 0.5 * e.weight * rate);
            for (const double sign : {1.0, -1.0}) {
                rows.add(d, 1);
                if (xc(e.a, l))
                    rows.add(xc(e.a, l), -sign);
                if (xc(e.b, l))
                    rows.add(xc(e.b, l), sign);
                rows.finish(GLP_LO, 0, 0);
            }
        }
        if (providers.size() < 2)
            continue; // both ends within one provider: never split by provider
        for (const int prov : providers) {
            const double rate = providerRate[prov];
            if (rate <= 0)
                continue;
            const int g = col(GLP_CV, 0, 0.5 * e.weight * rate);
            for (const double sign : {1.0, -1.0}) {
                rows.add(g, 1);
                for (const int l : used)
                    if (p.provider[std::size_t(l)] == prov) {
                        if (xc(e.a, l))
                            rows.add(xc(e.a, l), -sign);
                        if (xc(e.b, l))
                            rows.add(xc(e.b, l), sign);
                    }
                rows.finish(GLP_LO, 0, 0);
            }
        }
    }
    for (const auto &g : p.groups) {
        std::map<int, std::vector<int>> byKey; // key -> x columns
        for (const int n : g.nodes)
            for (int l = 0; l < p.labels; ++l)
                if (xc(n, l))
                    byKey[g.byProvider ? p.provider[std::size_t(l)] : l].push_back(xc(n, l));
        std::vector<int> keys;
        for (const auto &[key, columns] : byKey) {
            const int k = col(GLP_BV, 0, 0);
            keys.push_back(k);
            rows.add(k, 1);
            for (const int c : columns)
                rows.add(c, -1);
            rows.finish(GLP_UP, 0, 0);
        }
        for (const int k : keys)
            rows.add(k, 1);
        rows.finish(GLP_LO, g.atLeast, 0);
    }

    glp_iocp params;
    glp_init_iocp(&params);
    params.presolve = GLP_ON;
    params.msg_lev = GLP_MSG_OFF;
    glp_term_out(GLP_OFF);
    params.tm_lim = int(std::min(timeLimitSeconds * 1000, 2e9));
    const int ret = glp_intopt(lp, &params);
    const int status = glp_mip_status(lp);
    if (ret == 0 || ret == GLP_ETMLIM) {
        if (status == GLP_OPT || status == GLP_FEAS) {
            s.feasible = true;
            s.optimal = status == GLP_OPT && ret == 0;
            s.labels.assign(std::size_t(p.nodes), -1);
            for (int n = 0; n < p.nodes; ++n)
                for (int l = 0; l < p.labels; ++l)
                    if (xc(n, l) && glp_mip_col_val(lp, xc(n, l)) > 0.5)
                        s.labels[std::size_t(n)] = l;
            s.cost = problem.energy(s.labels);
            s.lowerBound = s.optimal ? s.cost : std::min(bound, s.cost);
        }
    }
    // GLP_ENOPFS / GLP_ENODFS (presolve proved it infeasible) and
    // GLP_NOFEAS leave s infeasible; any other return is the solver's failure.
    s.solverFailed = ret != 0 && ret != GLP_ETMLIM && ret != GLP_ENOPFS && ret != GLP_ENODFS;
    s.timedOut = ret == GLP_ETMLIM;
    glp_delete_prob(lp);
    // GLPK keeps an environment per thread until glp_free_env(): a solve
    // on a worker thread (the designer's Place…) would leave it behind when
    // the thread ends. Nothing else of GLPK is alive here; the next solve
    // makes a new one.
    glp_free_env();
    if (s.feasible && !std::isfinite(s.cost))
        s.feasible = false;
    return s;
}

} // namespace sky
