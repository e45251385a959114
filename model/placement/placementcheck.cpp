// SP-PLACEMENT and the money side of SP-BUDGET: each placed node judged
// where it stands against the loaded provider profiles (a requirement or an
// attestation that fails there, a region closing or closed, with its date;
// a provider, region or size the profiles do not hold), spread policies
// whose nodes are all placed, and the monthly cost of what is placed against
// `budget: {monthly: ...}`. Unplaced nodes are not findings.
#include "checkcontext_p.h"
#include "costreport.h"
#include "placement.h"

#include <set>

namespace sky::detail {

void checkPlacement(CheckContext &ctx, const ProviderSet &providers)
{
    const bool placementOn = ctx.enabled("SP-PLACEMENT"), budgetOn = ctx.enabled("SP-BUDGET");
    if (!placementOn && !budgetOn)
        return;
    const PlacementModel model(ctx.topology, ctx.catalog, providers, PlacementModel::Extent::CurrentOnly);
    if (placementOn) {
        for (const auto &[node, message] : model.placementProblems())
            ctx.reportSubject("SP-PLACEMENT", message, model.nodes()[std::size_t(node)]->id, "nodes/",
                              model.nodes()[std::size_t(node)]->id + "/placement");
        for (std::size_t i = 0; i < model.nodes().size(); ++i) {
            const int l = model.current(int(i));
            if (l < 0 || model.feasible(int(i), l))
                continue;
            const Node &node = *model.nodes()[i];
            const Location &loc = model.locations()[std::size_t(l)];
            std::string why;
            for (const int req : model.excludedBy(int(i), l)) {
                const Requirement &q = model.requirements(int(i))[std::size_t(req)];
                std::string text;
                switch (q.kind) {
                case Requirement::Kind::Open:
                    text = "the region is " + std::string(regionStatusName(loc.region->status)) + " ("
                           + (loc.region->status == RegionStatus::Closed ? "closed on " : "closes on ")
                           + loc.region->closes + ")";
                    break;
                case Requirement::Kind::Offered:
                    text = model.cost(int(i), l).why;
                    break;
                default:
                    text = "policy " + std::string(q.summary) + " is not met";
                    if (q.kind == Requirement::Kind::Pinned)
                        text = "the zone is " + std::string(q.summary);
                    break;
                }
                why += (why.empty() ? "" : "; ") + text;
            }
            ctx.reportSubject("SP-PLACEMENT", "node '" + node.id + "' is placed on " + loc.text() + " where " + why,
                              node.id, "nodes/", node.id + "/placement");
        }
        for (const auto &g : model.spreads()) {
            std::set<int> keys;
            bool all = true;
            for (const int n : g.nodes) {
                const int l = model.current(n);
                all = all && l >= 0;
                if (l >= 0)
                    keys.insert(g.byProvider ? model.locations()[std::size_t(l)].providerIndex : l);
            }
            if (all && int(keys.size()) < g.atLeast)
                ctx.report("SP-PLACEMENT",
                           "policy '" + g.policy + "' asks for at least " + std::to_string(g.atLeast)
                               + (g.byProvider ? " providers" : " regions") + "; its " + std::to_string(g.nodes.size())
                               + " node(s) are placed in " + std::to_string(keys.size()),
                           {g.policy}, "policies/" + g.policy);
        }
    }
    if (budgetOn && model.budget()) {
        const CostReport report = costReport(model);
        if (!report.currency.empty() && report.currency != model.budgetCurrency())
            ctx.report("SP-BUDGET",
                       "the budget is in " + model.budgetCurrency() + " and the placed nodes are priced in "
                           + report.currency + "; Skyplan does not convert currencies",
                       {}, "budget/monthly");
        else if (report.total > *model.budget() * (1 + 1e-12))
            ctx.report("SP-BUDGET",
                       "money: the placed nodes cost " + formatMoney(report.total) + " " + report.currency
                           + " a month, over the budget of " + formatMoney(*model.budget()) + " "
                           + model.budgetCurrency(),
                       {}, "budget/monthly");
    }
}

} // namespace sky::detail
