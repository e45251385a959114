// The placement solvers against exhaustive enumeration on small random
// designs: up to 8 nodes over 4 locations (2 providers x 2 regions), random
// prices, attestations, requirements (residency, compliance, provider,
// spread, budget) and link traffic. The exact solver's optimum must equal
// the enumeration's, and it must call a design infeasible exactly when the
// enumeration finds nothing; alpha-expansion must lie within its own
// reported bound (lower bound <= optimum <= its cost).
#include "catalog.h"
#include "placement.h"
#include "topology.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace sky;

namespace {

struct Instance
{
    Topology topology;
    ProviderSet providers;
};

Instance randomInstance(std::uint32_t seed)
{
    std::mt19937 rng(seed);
    const auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
    const auto chance = [&](double p) { return uniform(0, 1) < p; };
    Instance in;
    const char *types[] = {"web_server", "app_server", "database"};
    for (int p = 0; p < 2; ++p) {
        ProviderProfile profile;
        profile.id = "p" + std::to_string(p);
        profile.currency = "USD";
        profile.priceSource = "test";
        profile.priceDate = "2026-12-01";
        profile.transfer = {uniform(0, 0.1), uniform(0, 0.05), uniform(0.02, 0.12)};
        for (int r = 0; r < 2; ++r) {
            Region region;
            region.id = "r" + std::to_string(r);
            region.jurisdiction = chance(0.5) ? "EU" : "US";
            region.country = region.jurisdiction == "EU" ? "DE" : "US";
            if (chance(0.6))
                region.certifications.push_back("PCI DSS");
            if (chance(0.5))
                region.certifications.push_back("ISO 27001");
            if (chance(0.1))
                region.status = RegionStatus::Closing, region.closes = "2027-01-31";
            profile.regions.push_back(region);
        }
        for (const char *type : types) {
            Offering o;
            o.id = std::string(type) + "-size";
            o.types = {type};
            for (const Region &r : profile.regions)
                if (chance(0.85))
                    o.hourly[r.id] = uniform(0.01, 0.5);
            profile.offerings.push_back(o);
        }
        in.providers.add(profile);
    }
    Topology &t = in.topology;
    const int n = std::uniform_int_distribution<int>(2, 8)(rng);
    for (int i = 0; i < n; ++i) {
        Node node;
        node.id = "n" + std::to_string(i);
        node.type = types[std::uniform_int_distribution<int>(0, 2)(rng)];
        node.replicas = std::uniform_int_distribution<int>(1, 3)(rng);
        t.nodes.emplace(node.id, node);
    }
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            if (i != j && chance(0.3)) {
                Link l;
                l.from = {"n" + std::to_string(i), "out"};
                l.to = {"n" + std::to_string(j), "in"};
                l.traffic = chance(0.2) ? 0.0 : uniform(0, 5000);
                t.links.push_back(l);
            }
    t.sortLinks();
    const auto someNodes = [&] {
        ValueList ids;
        for (int i = 0; i < n; ++i)
            if (chance(0.4))
                ids.emplace_back("n" + std::to_string(i));
        if (ids.empty())
            ids.emplace_back("n0");
        return Value(ValueMap{{"nodes", Value(ids)}});
    };
    if (chance(0.5))
        t.policies["eu"] = {"eu", "data-residency", {{"regions", Value(ValueList{"EU"})}, {"applies-to", someNodes()}}};
    if (chance(0.5))
        t.policies["pci"] = {"pci", "compliance", {{"certifications", Value(ValueList{"PCI DSS"})}, {"applies-to", someNodes()}}};
    if (chance(0.3))
        t.policies["no-p1"] = {"no-p1", "provider", {{"exclude", Value(ValueList{"p1"})}, {"applies-to", someNodes()}}};
    if (chance(0.4))
        t.policies["spread"] = {"spread", "spread",
                                {{"at-least", Value(2)}, {"across", Value(chance(0.5) ? "regions" : "providers")},
                                 {"applies-to", someNodes()}}};
    if (chance(0.2))
        t.budget.extra["monthly"] = Value(std::to_string(int(uniform(100, 2000))) + " USD");
    return in;
}

struct Enumerated
{
    bool feasible = false;
    double best = 0;
};

Enumerated enumerate(const PlacementModel &m)
{
    const int n = int(m.nodes().size()), L = int(m.locations().size());
    Enumerated e;
    std::vector<int> a(std::size_t(n), 0);
    for (;;) {
        bool ok = true;
        for (int i = 0; i < n && ok; ++i)
            ok = m.feasible(i, a[std::size_t(i)]);
        for (const auto &g : m.spreads()) {
            if (!ok)
                break;
            std::vector<int> keys;
            for (const int i : g.nodes) {
                const int l = a[std::size_t(i)];
                const int key = g.byProvider ? m.locations()[std::size_t(l)].providerIndex : l;
                if (std::find(keys.begin(), keys.end(), key) == keys.end())
                    keys.push_back(key);
            }
            ok = int(keys.size()) >= g.atLeast;
        }
        if (ok) {
            const double c = m.totalCost(a);
            if (!m.budget() || c <= *m.budget() * (1 + 1e-12)) {
                if (!e.feasible || c < e.best)
                    e.best = c;
                e.feasible = true;
            }
        }
        int i = 0;
        while (i < n && ++a[std::size_t(i)] == L)
            a[std::size_t(i++)] = 0;
        if (i == n)
            break;
    }
    return e;
}

bool near(double a, double b)
{
    return std::fabs(a - b) <= 1e-6 * std::max(1.0, std::fabs(b));
}

} // namespace

TEST(PlacementSolver, ExactEqualsEnumerationOnRandomDesigns)
{
    int feasible = 0, infeasible = 0, spread = 0;
    for (std::uint32_t seed = 1; seed <= 400; ++seed) {
        const Instance in = randomInstance(seed);
        const PlacementModel model(in.topology, Catalog::builtin(), in.providers);
        ASSERT_EQ(model.locations().size(), 4u);
        ASSERT_TRUE(model.policyProblems().empty());
        const Enumerated truth = enumerate(model);
        PlaceOptions options;
        options.method = PlaceOptions::Method::Exact;
        const PlaceResult r = place(model, options);
        SCOPED_TRACE("seed " + std::to_string(seed));
        ASSERT_EQ(r.feasible, truth.feasible) << (r.conflicts.empty() ? "" : r.conflicts.front());
        if (!truth.feasible) {
            EXPECT_FALSE(r.conflicts.empty());
            ++infeasible;
            continue;
        }
        ++feasible;
        spread += !model.spreads().empty();
        EXPECT_TRUE(near(r.cost, truth.best)) << r.cost << " vs " << truth.best;
        EXPECT_TRUE(near(model.totalCost(r.assignment), r.cost));
        EXPECT_TRUE(r.optimal);
    }
    // The generator must exercise both answers and the spread constraint.
    EXPECT_GT(feasible, 100);
    EXPECT_GT(infeasible, 20);
    EXPECT_GT(spread, 30);
}

TEST(PlacementSolver, ExpansionLiesWithinItsBound)
{
    int compared = 0, equal = 0;
    for (std::uint32_t seed = 1; seed <= 400; ++seed) {
        const Instance in = randomInstance(seed);
        const PlacementModel model(in.topology, Catalog::builtin(), in.providers);
        const Enumerated truth = enumerate(model);
        PlaceOptions options;
        options.method = PlaceOptions::Method::Expansion;
        const PlaceResult r = place(model, options);
        SCOPED_TRACE("seed " + std::to_string(seed));
        if (!truth.feasible) {
            EXPECT_FALSE(r.feasible); // a heuristic cannot find what does not exist
            continue;
        }
        if (!r.feasible) {
            // Only the spread repair may give up where a placement exists.
            EXPECT_FALSE(model.spreads().empty());
            continue;
        }
        ++compared;
        EXPECT_LE(r.lowerBound, truth.best * (1 + 1e-9) + 1e-9);
        EXPECT_GE(r.cost, truth.best * (1 - 1e-9) - 1e-9);
        EXPECT_TRUE(near(model.totalCost(r.assignment), r.cost));
        equal += near(r.cost, truth.best);
    }
    EXPECT_GT(compared, 100);
    // Alpha-expansion is a heuristic with a bound; on these it is mostly exact.
    EXPECT_GE(equal * 10, compared * 8) << equal << " of " << compared;
}

TEST(PlacementSolver, ConflictNamesTheSmallestSetOfRequirements)
{
    // EU regions lack PCI DSS; US regions have it: eu-only and pci conflict,
    // and the provider policy (which allows everything) is not named.
    ProviderSet providers;
    ProviderProfile p;
    p.id = "cloud";
    p.currency = "USD";
    p.regions = {{"eu-1", "", "DE", "EU", RegionStatus::Active, "", {"ISO 27001"}, {}},
                 {"us-1", "", "US", "US", RegionStatus::Active, "", {"PCI DSS"}, {}},
                 {"us-2", "", "US", "US", RegionStatus::Active, "", {"PCI DSS"}, {}}};
    Offering o;
    o.id = "vm";
    o.types = {"database"};
    o.hourly = {{"eu-1", 0.1}, {"us-1", 0.1}, {"us-2", 0.1}};
    p.offerings = {o};
    providers.add(p);
    Topology t;
    t.nodes["db"] = Node{.id = "db", .type = "database"};
    t.policies["eu-only"] = {"eu-only", "data-residency", {{"regions", Value(ValueList{"EU"})}}};
    t.policies["pci"] = {"pci", "compliance", {{"certifications", Value(ValueList{"PCI DSS"})}}};
    t.policies["any"] = {"any", "provider", {{"allow", Value(ValueList{"cloud"})}}};
    const PlacementModel model(t, Catalog::builtin(), providers);
    const PlaceResult r = place(model);
    ASSERT_FALSE(r.feasible);
    ASSERT_EQ(r.conflicts.size(), 1u);
    const std::string &c = r.conflicts.front();
    EXPECT_NE(c.find("db: "), std::string::npos) << c;
    EXPECT_NE(c.find("eu-only (EU) (allows cloud/eu-1)"), std::string::npos) << c;
    EXPECT_NE(c.find("pci (PCI DSS) (allows cloud/us-1, cloud/us-2)"), std::string::npos) << c;
    EXPECT_EQ(c.find("any ("), std::string::npos) << c;
}

TEST(PlacementSolver, LinkOrderDoesNotChangeTheModel)
{
    // The model walks links sorted by their `from` end in step with the
    // nodes; a topology built by hand may hold them in any order.
    for (std::uint32_t seed = 1; seed <= 50; ++seed) {
        Instance in = randomInstance(seed);
        const PlacementModel sorted(in.topology, Catalog::builtin(), in.providers);
        std::reverse(in.topology.links.begin(), in.topology.links.end());
        const PlacementModel reversed(in.topology, Catalog::builtin(), in.providers);
        ASSERT_EQ(sorted.edges().size(), reversed.edges().size());
        std::vector<int> a(sorted.nodes().size());
        for (std::size_t i = 0; i < a.size(); ++i)
            a[i] = int((i * 7 + seed) % sorted.locations().size());
        EXPECT_DOUBLE_EQ(sorted.totalCost(a), reversed.totalCost(a));
        EXPECT_EQ(sorted.totalCost(a) > 0, !sorted.nodes().empty());
    }
}
