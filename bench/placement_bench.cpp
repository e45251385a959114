// Placement and cost (issue 28) on generated designs. The design is
// generateTopology's (tiered links internet -> firewalls -> load balancers ->
// web -> app -> data and storage, zones per tier, ~1.5 links a node, link
// traffic from the documented default); the providers are two generated
// profiles of 30 regions each (60 locations): a third of the regions EU, a
// third US, a third elsewhere; PCI DSS in every other region; every catalog
// type offered in two sizes at prices that vary by region (a fixed
// pseudo-random spread of +-30 % around a base) with one region in ten
// without some offering. Requirements: the data tier must stay in the EU,
// the storage tier needs PCI DSS. Timed: building the placement model and
// solving (exact with GLPK, or alpha-expansion); `cost` of a placed design
// (model + report); all checks of a placed design with the profiles.
// Counters: cost, lower bound and gap (%). Figures in docs/PERFORMANCE.md.
#include "catalog.h"
#include "checks.h"
#include "costreport.h"
#include "generator.h"
#include "placement.h"

#include <benchmark/benchmark.h>

#include <map>
#include <random>

namespace {

using namespace sky;

const ProviderSet &providers()
{
    static const ProviderSet set = [] {
        ProviderSet s;
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> spread(0.7, 1.3);
        for (int p = 0; p < 2; ++p) {
            ProviderProfile profile;
            profile.id = "cloud" + std::to_string(p);
            profile.currency = "USD";
            profile.priceSource = "generated";
            profile.priceDate = "2026-12-01";
            profile.transfer = {0.09, 0.02 + 0.01 * p, 0.09};
            for (int r = 0; r < 30; ++r) {
                Region region;
                region.id = "r" + std::to_string(r);
                region.jurisdiction = r % 3 == 0 ? "EU" : r % 3 == 1 ? "US" : "XX";
                if (r % 2 == 0)
                    region.certifications = {"PCI DSS"};
                profile.regions.push_back(region);
            }
            for (const auto &[id, type] : Catalog::builtin().types()) {
                for (int size = 1; size <= 2; ++size) {
                    Offering o;
                    o.id = id + "-" + std::to_string(size);
                    o.types = {id};
                    o.vcpu = 0; // fits every node: sizes differ in price only
                    for (int r = 0; r < 30; ++r)
                        if ((r + size) % 10 != 0)
                            o.hourly["r" + std::to_string(r)] = 0.05 * size * spread(rng);
                    o.storageGbMonth = {};
                    profile.offerings.push_back(o);
                }
            }
            s.add(profile);
        }
        return s;
    }();
    return set;
}

const Topology &design(int nodes, bool placed)
{
    static std::map<std::pair<int, bool>, Topology> cache;
    auto it = cache.find({nodes, placed});
    if (it != cache.end())
        return it->second;
    GeneratorOptions options;
    options.nodes = nodes;
    options.layout = false;
    Topology t = generateTopology(Catalog::builtin(), options);
    t.policies["eu-data"] = {"eu-data", "data-residency",
                             {{"applies-to", ValueMap{{"tiers", ValueList{"data"}}}}, {"regions", ValueList{"EU"}}}};
    t.policies["pci-storage"] = {"pci-storage", "compliance",
                                 {{"applies-to", ValueMap{{"tiers", ValueList{"storage"}}}},
                                  {"certifications", ValueList{"PCI DSS"}}}};
    if (placed) {
        int i = 0;
        for (auto &[id, n] : t.nodes)
            n.placement = {"cloud" + std::to_string(i % 2), "r" + std::to_string(3 * (i % 10)), {}, false};
    }
    return cache.emplace(std::make_pair(nodes, placed), std::move(t)).first->second;
}

void place(benchmark::State &state, PlaceOptions::Method method)
{
    const Topology &t = design(int(state.range(0)), false);
    PlaceResult result;
    std::size_t nodes = 0;
    for (auto _ : state) {
        const PlacementModel model(t, Catalog::builtin(), providers());
        PlaceOptions options;
        options.method = method;
        result = sky::place(model, options);
        nodes = model.nodes().size();
        benchmark::DoNotOptimize(result.assignment.data());
    }
    if (!result.feasible)
        state.SkipWithError("infeasible");
    state.counters["placed"] = double(nodes);
    state.counters["cost"] = result.cost;
    state.counters["bound"] = result.lowerBound;
    state.counters["gap%"] = 100 * result.gap();
    state.counters["optimal"] = result.optimal;
}

void BM_PlaceExact(benchmark::State &state)
{
    place(state, PlaceOptions::Method::Exact);
}
BENCHMARK(BM_PlaceExact)->Arg(100)->Unit(benchmark::kMillisecond);

void BM_PlaceExpansion(benchmark::State &state)
{
    place(state, PlaceOptions::Method::Expansion);
}
BENCHMARK(BM_PlaceExpansion)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_Cost(benchmark::State &state)
{
    const Topology &t = design(int(state.range(0)), true);
    double total = 0;
    for (auto _ : state) {
        const PlacementModel model(t, Catalog::builtin(), providers(), PlacementModel::Extent::CurrentOnly);
        const CostReport report = costReport(model);
        total = report.total;
        benchmark::DoNotOptimize(report.nodes.data()); // not the double: DoNotOptimize clobbered one here
    }
    state.counters["total"] = total;
}
BENCHMARK(BM_Cost)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_ChecksWithPlacement(benchmark::State &state)
{
    const Topology &t = design(int(state.range(0)), true);
    std::size_t found = 0;
    for (auto _ : state) {
        found = checkTopology(t, Catalog::builtin(), {}, {}, &providers()).size();
        benchmark::DoNotOptimize(found);
    }
    state.counters["findings"] = double(found);
}
BENCHMARK(BM_ChecksWithPlacement)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_ChecksWithoutPlacement(benchmark::State &state)
{
    const Topology &t = design(int(state.range(0)), true);
    for (auto _ : state)
        benchmark::DoNotOptimize(checkTopology(t, Catalog::builtin()).size());
}
BENCHMARK(BM_ChecksWithoutPlacement)->Arg(10000)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
