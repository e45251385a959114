// The examples priced by hand, the region-closing story (what validate
// reports, what place --keep moves and what it costs), the new fields'
// round trip, and the checks of malformed placement policies.
#include "catalog.h"
#include "checks.h"
#include "costreport.h"
#include "descriptor.h"
#include "placement.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace sky;

namespace {

const std::string kClosing = std::string(SKYPLAN_EXAMPLES) + "/region-closing/shop.sky.yaml";

ProviderSet providersOf(const ReadResult &r, const std::string &file)
{
    std::vector<Diagnostic> found;
    ProviderSet set = loadProviders(r.topology.providers, file, found, &r.sources);
    for (const Diagnostic &d : found)
        ADD_FAILURE() << d.format();
    return set;
}

} // namespace

TEST(PlacementExamples, RegionClosingIsReportedWithItsDate)
{
    const ReadResult r = readDescriptorFile(kClosing);
    ASSERT_TRUE(r.readable);
    const ProviderSet providers = providersOf(r, kClosing);
    const auto found = checkTopology(r.topology, Catalog::builtin(), r.sources, kClosing, &providers);
    std::vector<std::string> placed;
    for (const Diagnostic &d : found)
        if (d.rule == "SP-PLACEMENT") {
            placed.push_back(std::string(d.subjects.front()));
            EXPECT_NE(d.message.find("closes on 2027-01-31"), std::string::npos) << d.format();
            EXPECT_GT(d.loc.line, 0);
        }
    std::sort(placed.begin(), placed.end());
    // db is pinned to us-west, which stays open.
    EXPECT_EQ(placed, (std::vector<std::string>{"app", "cache", "fw", "lb", "web"}));
    // Without profiles nothing is judged: unplaced or not, no SP-PLACEMENT.
    for (const Diagnostic &d : checkTopology(r.topology, Catalog::builtin(), r.sources, kClosing))
        EXPECT_NE(d.rule, "SP-PLACEMENT");
}

TEST(PlacementExamples, KeepMovesOnlyWhatMustMoveAtTheHandComputedCost)
{
    const ReadResult r = readDescriptorFile(kClosing);
    const ProviderSet providers = providersOf(r, kClosing);
    const PlacementModel model(r.topology, Catalog::builtin(), providers);
    PlaceOptions options;
    options.keep = true;
    const PlaceResult result = place(model, options);
    ASSERT_TRUE(result.feasible);
    // Before (acme-cloud.yaml prices, 730 h): fw small 0.05*730 + internet
    // 100 GB*0.05 = 41.50; lb 36.50; web 2*36.50 = 73.00; app large
    // 0.20*730 = 146.00; cache 36.50; db 0.33*730 + 100 GiB*0.10 = 250.90;
    // app-db 20 GB between regions at 0.02 = 0.40. Total 584.80.
    EXPECT_NEAR(result.costBefore, 584.80, 1e-9);
    // After: us-east is the cheapest open region for all five (us-west
    // would be 635.50): fw 40.15 + 5.00, lb 40.15, web 80.30, app 153.30,
    // cache 40.15, db 250.90, app-db 0.40. Total 610.35, delta +25.55.
    EXPECT_NEAR(result.cost, 610.35, 1e-9);
    EXPECT_NEAR(result.cost - result.costBefore, 25.55, 1e-9);
    std::vector<std::string> moved;
    for (const auto &m : result.moves) {
        moved.push_back(model.nodes()[std::size_t(m.node)]->id);
        EXPECT_EQ(model.locations()[std::size_t(m.from)].text(), "acme/us-northwest");
        EXPECT_EQ(model.locations()[std::size_t(m.to)].text(), "acme/us-east");
        EXPECT_NE(m.why.find("2027-01-31"), std::string::npos);
    }
    std::sort(moved.begin(), moved.end());
    EXPECT_EQ(moved, (std::vector<std::string>{"app", "cache", "fw", "lb", "web"}));

    // Written back: the design validates without SP-PLACEMENT and costs
    // what the solver said.
    Topology after = r.topology;
    applyPlacement(after, model, result);
    const ReadResult back = readDescriptor(writeDescriptor(after), kClosing);
    ASSERT_TRUE(back.readable);
    EXPECT_EQ(back.topology, after);
    for (const Diagnostic &d : checkTopology(back.topology, Catalog::builtin(), back.sources, kClosing, &providers))
        EXPECT_NE(d.rule, "SP-PLACEMENT") << d.format();
    const PlacementModel placed(back.topology, Catalog::builtin(), providers, PlacementModel::Extent::CurrentOnly);
    EXPECT_NEAR(costReport(placed).total, 610.35, 1e-9);
}

TEST(PlacementExamples, KeepHoldsNodesThatMayStay)
{
    // Open the closing region's twin: with us-northwest active again,
    // --keep moves nothing, while a fresh placement may move to cheaper
    // regions (it is already the cheapest, so nothing moves either way).
    ReadResult r = readDescriptorFile(kClosing);
    ProviderSet providers = providersOf(r, kClosing);
    ProviderProfile acme = *providers.find("acme");
    for (Region &region : acme.regions)
        region.status = RegionStatus::Active;
    ProviderSet open;
    open.add(acme);
    const PlacementModel model(r.topology, Catalog::builtin(), open);
    PlaceOptions keep;
    keep.keep = true;
    const PlaceResult kept = place(model, keep);
    ASSERT_TRUE(kept.feasible);
    EXPECT_TRUE(kept.moves.empty());
    EXPECT_NEAR(kept.cost, 584.80, 1e-9);
}

TEST(PlacementExamples, PrivateDatacenterCostByHand)
{
    // The webshop's database on private-dc: 2 replicas of 4 vCPU and
    // 16 GiB at 3.91 per vCPU-month and 0.98 per GiB-month, and 200 GiB each
    // at 0.09 per GB-month: compute 2*(15.64+15.68) = 62.64, storage 36.00.
    ReadResult r = readDescriptorFile(std::string(SKYPLAN_EXAMPLES) + "/webshop.sky.yaml");
    ASSERT_TRUE(r.readable);
    r.topology.nodes["db"].placement = {"private-dc", "dc-fra", {}, false};
    std::vector<Diagnostic> found;
    const ProviderSet providers = loadProviders({"private-dc"}, "webshop.sky.yaml", found);
    ASSERT_TRUE(found.empty());
    const PlacementModel model(r.topology, Catalog::builtin(), providers, PlacementModel::Extent::CurrentOnly);
    const CostReport report = costReport(model);
    const auto db = std::find_if(report.nodes.begin(), report.nodes.end(), [](const auto &l) { return l.id == "db"; });
    ASSERT_NE(db, report.nodes.end());
    EXPECT_EQ(db->size, "db-vm");
    EXPECT_NEAR(db->compute, 62.64, 1e-9);
    EXPECT_NEAR(db->storage, 36.00, 1e-9);
    EXPECT_EQ(report.unplaced, report.nodes.size() - 1); // the others are not placed: not costed, not errors
    EXPECT_NEAR(report.total, db->total(), 1e-12);
}

TEST(PlacementExamples, NewFieldsRoundTripCanonically)
{
    const char *text = R"(skyplan: 1
providers: [aws, our-dc.yaml]
budget: {monthly: 1200 USD}
nodes:
  a:
    type: web_server
    zone: z
    placement: {provider: aws, region: eu-west-1, size: m5.large, pinned: true}
  b:
    type: app_server
links:
  - {from: a.out, to: b.in, traffic: 500GB/month}
zones:
  z: {placement: {provider: private-dc}}
)";
    const ReadResult r = readDescriptor(text, "t.sky.yaml");
    for (const Diagnostic &d : r.diagnostics)
        ADD_FAILURE() << d.format();
    EXPECT_EQ(writeDescriptor(r.topology), text);
    EXPECT_EQ(r.topology.nodes.at("a").placement, (Placement{"aws", "eu-west-1", "m5.large", true}));
    EXPECT_DOUBLE_EQ(*r.topology.links.at(0).traffic, 500);
    EXPECT_EQ(r.topology.zones.at("z").placement.provider, "private-dc");
}

TEST(PlacementExamples, MalformedPlacementAndPoliciesAreReported)
{
    const ReadResult bad = readDescriptor("skyplan: 1\nnodes:\n  a: {type: web_server, placement: {region: x, where: y}}\n"
                                          "links:\n  - {from: a.out, to: a.in, traffic: lots}\nbudget: {monthly: -5 USD}\n",
                                          "t.sky.yaml");
    std::vector<std::string> messages;
    for (const Diagnostic &d : bad.diagnostics)
        messages.push_back(std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + " " + d.message.str());
    const auto has = [&](const std::string &s) {
        return std::any_of(messages.begin(), messages.end(), [&](const std::string &m) { return m.find(s) != std::string::npos; });
    };
    EXPECT_TRUE(has("3:48 node 'a': placement: unknown field 'where'")) << ::testing::PrintToString(messages);
    EXPECT_TRUE(has("node 'a': placement needs a 'provider'"));
    EXPECT_TRUE(has("5:38 link 1: traffic must be an amount a month"));
    EXPECT_TRUE(has("6:19 budget: monthly must be an amount and a currency"));

    Topology t;
    t.nodes["a"] = Node{.id = "a", .type = "web_server"};
    t.policies["c"] = {"c", "compliance", {}};
    t.policies["s"] = {"s", "spread", {{"at-least", Value(1)}}};
    t.policies["p"] = {"p", "platform", {{"platforms", Value(3)}}};
    int policy = 0;
    for (const Diagnostic &d : checkTopology(t, Catalog::builtin()))
        policy += d.rule == "SP-POLICY";
    EXPECT_EQ(policy, 3);
}

TEST(PlacementExamples, MoneyBudgetIsChecked)
{
    ReadResult r = readDescriptorFile(kClosing);
    const ProviderSet providers = providersOf(r, kClosing);
    const auto budgetFindings = [&](const std::string &amount) {
        r.topology.budget.extra["monthly"] = Value(amount);
        int n = 0;
        for (const Diagnostic &d : checkTopology(r.topology, Catalog::builtin(), r.sources, kClosing, &providers))
            n += d.rule == "SP-BUDGET";
        return n;
    };
    EXPECT_EQ(budgetFindings("584.80 USD"), 0); // the placed cost, exactly
    EXPECT_EQ(budgetFindings("584.79 USD"), 1);
    EXPECT_EQ(budgetFindings("9000 EUR"), 1); // no conversion
    // And place refuses a budget below the cheapest feasible placement.
    r.topology.budget.extra["monthly"] = Value("600 USD");
    const PlacementModel model(r.topology, Catalog::builtin(), providers);
    PlaceOptions keep;
    keep.keep = true;
    const PlaceResult result = place(model, keep);
    EXPECT_FALSE(result.feasible);
    ASSERT_FALSE(result.conflicts.empty());
    EXPECT_NE(result.conflicts.front().find("610.35"), std::string::npos) << result.conflicts.front();
}

TEST(PlacementExamples, ZonePinHoldsItsMembersAndAPinnedNodeStays)
{
    ReadResult r = readDescriptorFile(kClosing);
    const ProviderSet providers = providersOf(r, kClosing);
    // Put web and lb in a zone pinned to us-west: they must land there,
    // though us-east is cheaper; db stays on its own pin.
    r.topology.zones["front"] = Zone{.id = "front", .placement = {"acme", "us-west", {}, false}};
    r.topology.nodes["web"].zone = "front";
    r.topology.nodes["lb"].zone = "front";
    const PlacementModel model(r.topology, Catalog::builtin(), providers);
    const PlaceResult result = place(model);
    ASSERT_TRUE(result.feasible);
    const auto where = [&](const char *id) {
        return model.locations()[std::size_t(result.assignment[std::size_t(model.nodeIndex(id))])].text();
    };
    EXPECT_EQ(where("web"), "acme/us-west");
    EXPECT_EQ(where("lb"), "acme/us-west");
    EXPECT_EQ(where("db"), "acme/us-west");
    EXPECT_EQ(where("app"), "acme/us-east");
    EXPECT_TRUE(model.pinned(model.nodeIndex("web")));
    EXPECT_FALSE(model.pinned(model.nodeIndex("app")));
    // Written back, the user's pin on db is kept as written.
    Topology after = r.topology;
    applyPlacement(after, model, result);
    EXPECT_EQ(after.nodes.at("db").placement, r.topology.nodes.at("db").placement);
    EXPECT_EQ(after.nodes.at("web").placement, (Placement{"acme", "us-west", "small", false}));
}
