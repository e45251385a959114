// One fixture a case: each rule's findings that must appear, with their exact
// subjects, and designs on which the rule must stay silent.
#include "checkstest.h"

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace sky;
using namespace sky::test;

namespace {

std::string topology(const std::string &nodes, const std::string &links, const std::string &rest = {})
{
    return "skyplan: 1\nname: fixture\nnodes:\n" + nodes + "links:\n" + links + rest;
}

// internet → edge firewall (2) → load balancer (2) → web (3) → app (3) → db pair
const std::string kGoodNodes = R"(  internet: {type: internet}
  fw: {type: firewall, replicas: 2, zone: dmz}
  lb: {type: load_balancer, replicas: 2, zone: dmz}
  web: {type: web_server, replicas: 3, zone: web}
  app: {type: app_server, replicas: 3, zone: app}
  db-a: {type: database, zone: data, region: eu-west}
  db-b: {type: database, zone: data, region: eu-central}
)";
const std::string kGoodLinks = R"(  - {from: internet.out, to: fw.ext}
  - {from: fw.int, to: lb.in}
  - {from: lb.out, to: web.in}
  - {from: web.out, to: app.in}
  - {from: app.out, to: db-a.in}
  - {from: app.out, to: db-b.in}
  - {from: db-a.replica, to: db-b.in}
)";
const std::string kGoodZones = "zones:\n  dmz: {}\n  web: {}\n  app: {}\n  data: {}\n";

const char *const kGraphRules[] = {"SP-UNREACHABLE", "SP-EXPOSED-DATA", "SP-SPOF",     "SP-CYCLE",
                                   "SP-BANDWIDTH",   "SP-RESIDENCY",    "SP-SEGMENTATION", "SP-POLICY",
                                   "SP-BUDGET",      "SP-ISOLATED",     "SP-EMPTY-ZONE"};

} // namespace

TEST(Rules, GoodDesignHasNoGraphFindings)
{
    const auto found = checkText(topology(kGoodNodes, kGoodLinks, kGoodZones));
    for (const char *rule : kGraphRules)
        EXPECT_TRUE(only(found, rule).empty()) << rule << ": " << only(found, rule).front().format();
}

TEST(Rules, ExamplesAreClean)
{
    for (const char *name : {"webshop", "wordpress-ha", "event-pipeline"}) {
        const std::string path = std::string(SKYPLAN_EXAMPLES) + "/" + name + ".sky.yaml";
        ReadResult r = readDescriptorFile(path);
        ASSERT_TRUE(r.readable) << path;
        std::vector<Diagnostic> found = r.diagnostics;
        const Catalog catalog = catalogFor(r.topology, path, found);
        const auto checks = checkTopology(r.topology, catalog, r.sources, path);
        found.insert(found.end(), checks.begin(), checks.end());
        for (const Diagnostic &d : found)
            ADD_FAILURE() << d.format();
    }
}

TEST(Rules, Unreachable)
{
    const auto found = checkText(topology(kGoodNodes + "  orphan: {type: app_server}\n  store: {type: cache}\n"
                                                       "  alone: {type: worker}\n",
                                          kGoodLinks + "  - {from: orphan.out, to: store.in}\n", kGoodZones));
    EXPECT_EQ(subjectsOf(found, "SP-UNREACHABLE"), (SubjectLists{{"orphan"}, {"store"}}));
    EXPECT_EQ(subjectsOf(found, "SP-ISOLATED"), (SubjectLists{{"alone"}}));
}

TEST(Rules, UnreachableWithoutEntryPointSaysSo)
{
    const auto found = checkText(topology("  a: {type: app_server}\n  b: {type: database}\n", "  - {from: a.out, to: b.in}\n"));
    ASSERT_EQ(subjectsOf(found, "SP-UNREACHABLE"), (SubjectLists{{"a"}, {"b"}}));
    EXPECT_NE(only(found, "SP-UNREACHABLE")[0].message.find("no entry point"), std::string::npos);
}

TEST(Rules, VpnIsAnEntryPoint)
{
    const auto found = checkText(topology("  internet: {type: internet}\n  vpn: {type: vpn_gateway, replicas: 2}\n"
                                          "  ops: {type: worker, replicas: 2}\n",
                                          "  - {from: internet.out, to: vpn.ext}\n  - {from: vpn.out, to: ops.admin}\n"));
    EXPECT_TRUE(only(found, "SP-UNREACHABLE").empty());
    EXPECT_TRUE(only(found, "SP-SPOF").empty());
}

TEST(Rules, ExposedDataShowsThePath)
{
    const auto found = checkText(topology(kGoodNodes, kGoodLinks + "  - {from: internet.out, to: lb.in}\n", kGoodZones));
    EXPECT_EQ(subjectsOf(found, "SP-EXPOSED-DATA"),
              (SubjectLists{{"db-a", "internet.out -> lb.in", "lb.out -> web.in", "web.out -> app.in", "app.out -> db-a.in"},
                        {"db-b", "internet.out -> lb.in", "lb.out -> web.in", "web.out -> app.in", "app.out -> db-b.in"}}));
    EXPECT_NE(only(found, "SP-EXPOSED-DATA")[0].message.find("internet → lb → web → app → db-a"), std::string::npos);
}

TEST(Rules, DataBehindFirewallOrVpnIsNotExposed)
{
    EXPECT_TRUE(only(checkText(topology(kGoodNodes, kGoodLinks, kGoodZones)), "SP-EXPOSED-DATA").empty());
    const auto found = checkText(topology("  internet: {type: internet}\n  vpn: {type: vpn_gateway}\n  db: {type: database}\n",
                                          "  - {from: internet.out, to: vpn.ext}\n  - {from: vpn.out, to: db.in}\n"));
    EXPECT_TRUE(only(found, "SP-EXPOSED-DATA").empty());
}

TEST(Rules, SpofSingleLoadBalancerAndItsLinks)
{
    const auto found = checkText(topology(R"(  internet: {type: internet}
  fw: {type: firewall, replicas: 2}
  lb: {type: load_balancer}
  web: {type: web_server, replicas: 2}
)",
                                          R"(  - {from: internet.out, to: fw.ext}
  - {from: fw.int, to: lb.in}
  - {from: lb.out, to: web.in}
)"));
    EXPECT_EQ(subjectsOf(found, "SP-SPOF"), (SubjectLists{{"fw.int -> lb.in"}, {"lb"}, {"lb.out -> web.in"}}));
    // The whole message: the node by id and type id (not the catalog's display name).
    std::vector<std::string> messages;
    for (const Diagnostic &d : only(found, "SP-SPOF"))
        messages.push_back(d.message.str());
    std::sort(messages.begin(), messages.end());
    EXPECT_EQ(messages, (std::vector<std::string>{
                            "link fw.int -> lb.in is a single point of failure: its loss cuts 'lb' and 1 other node off every entry point",
                            "link lb.out -> web.in is a single point of failure: its loss cuts 'web' off every entry point",
                            "node 'lb' (load_balancer) is a single point of failure: one instance and no peer doing the same job; "
                            "its loss cuts 1 other node off every entry point"}));
}

TEST(Rules, SpofPeersDoingTheSameJobAreNotPointsOfFailure)
{
    const auto found = checkText(topology(R"(  internet: {type: internet}
  fw: {type: firewall, replicas: 2}
  lb1: {type: load_balancer}
  lb2: {type: load_balancer}
  web: {type: web_server, replicas: 2}
)",
                                          R"(  - {from: internet.out, to: fw.ext}
  - {from: fw.int, to: lb1.in}
  - {from: fw.int, to: lb2.in}
  - {from: lb1.out, to: web.in}
  - {from: lb2.out, to: web.in}
)"));
    EXPECT_EQ(subjectsOf(found, "SP-SPOF"), SubjectLists{});
}

TEST(Rules, SpofReplicaReachedOnlyThroughThePrimary)
{
    // The replica is not used by the app: it is no peer, and the primary is
    // the only way to it.
    const auto found = checkText(topology(R"(  internet: {type: internet}
  fw: {type: firewall, replicas: 2}
  app: {type: app_server, replicas: 2}
  db-primary: {type: database}
  db-replica: {type: database}
)",
                                          R"(  - {from: internet.out, to: fw.ext}
  - {from: fw.int, to: app.in}
  - {from: app.out, to: db-primary.in}
  - {from: db-primary.replica, to: db-replica.in}
)"));
    EXPECT_EQ(subjectsOf(found, "SP-SPOF"),
              (SubjectLists{{"app.out -> db-primary.in"}, {"db-primary"}, {"db-primary.replica -> db-replica.in"}, {"db-replica"}}));
    for (const Diagnostic &d : only(found, "SP-SPOF"))
        EXPECT_EQ(d.severity, Severity::Warning);
}

// A host takes down all it hosts, whatever their replicas; it need not be in
// the request flow (a TOSCA Compute node rarely is).
TEST(Rules, SpofHostOfBothPeersFailsThemTogether)
{
    const std::string nodes = R"(  internet: {type: internet}
  fw: {type: firewall, replicas: 2}
  lb: {type: load_balancer, replicas: 2}
  vm1: {type: app_server}
  vm2: {type: app_server}
  web1: {type: web_server, host: vm1}
  web2: {type: web_server, host: HOST2}
)";
    const std::string links = R"(  - {from: internet.out, to: fw.ext}
  - {from: fw.int, to: lb.in}
  - {from: lb.out, to: web1.in}
  - {from: lb.out, to: web2.in}
)";
    const auto apart = checkText(topology(std::regex_replace(nodes, std::regex("HOST2"), "vm2"), links));
    EXPECT_EQ(subjectsOf(apart, "SP-SPOF"), SubjectLists{});
    const auto together = checkText(topology(std::regex_replace(nodes, std::regex("HOST2"), "vm1"), links));
    ASSERT_EQ(subjectsOf(together, "SP-SPOF"), SubjectLists{{"vm1"}});
    EXPECT_NE(only(together, "SP-SPOF")[0].message.find("it hosts 'web1'"), std::string::npos)
        << only(together, "SP-SPOF")[0].message;
}

TEST(Rules, SpofHostOfAReplicatedDatabaseAndTheHostsAboveIt)
{
    const std::string links = R"(  - {from: internet.out, to: fw.ext}
  - {from: fw.int, to: app.in}
  - {from: app.out, to: db.in}
)";
    const std::string nodes = R"(  internet: {type: internet}
  fw: {type: firewall, replicas: 2}
  app: {type: app_server, replicas: 2}
  rack: {type: app_server, REPLICAS}
  vm: {type: app_server, host: rack}
  db: {type: database, replicas: 3, host: vm}
)";
    // Three replicas of the database on one virtual machine in one rack: both fail them all.
    const auto one = checkText(topology(std::regex_replace(nodes, std::regex("REPLICAS"), "replicas: 1"), links));
    EXPECT_EQ(subjectsOf(one, "SP-SPOF"), (SubjectLists{{"rack"}, {"vm"}}));
    // A rack of two stands; the machine on it still does not.
    const auto two = checkText(topology(std::regex_replace(nodes, std::regex("REPLICAS"), "replicas: 2"), links));
    EXPECT_EQ(subjectsOf(two, "SP-SPOF"), SubjectLists{{"vm"}});
}

TEST(Rules, SpofHostingCycleEnds)
{
    const auto found = checkText(topology(R"(  internet: {type: internet}
  fw: {type: firewall, replicas: 2}
  a: {type: app_server, host: b}
  b: {type: app_server, host: a}
  db: {type: database, host: a}
)",
                                          R"(  - {from: internet.out, to: fw.ext}
  - {from: fw.int, to: db.in}
)"));
    // db alone does the job: it, and both hosts above it, are points of failure.
    EXPECT_EQ(subjectsOf(found, "SP-SPOF"), (SubjectLists{{"a"}, {"b"}, {"db"}, {"fw.int -> db.in"}}));
}

TEST(Rules, Cycles)
{
    const auto found = checkText(topology(R"(  internet: {type: internet}
  r1: {type: router}
  r2: {type: router}
  r3: {type: router}
  sw: {type: switch}
  end: {type: app_server}
)",
                                          R"(  - {from: internet.out, to: r1.in}
  - {from: r1.out, to: r2.in}
  - {from: r2.out, to: r3.in}
  - {from: r3.out, to: r1.in}
  - {from: r3.out, to: end.in}
  - {from: sw.out, to: sw.in}
  - {from: r1.out, to: sw.in}
)"));
    EXPECT_EQ(subjectsOf(found, "SP-CYCLE"), (SubjectLists{{"r1", "r2", "r3"}, {"sw"}}));
    for (const Diagnostic &d : only(found, "SP-CYCLE"))
        EXPECT_TRUE(d.message.find("r1 → r2 → r3 → r1") != std::string::npos
                    || d.message.find("sw → sw") != std::string::npos)
            << d.message;
    EXPECT_TRUE(only(checkText(topology(kGoodNodes, kGoodLinks, kGoodZones)), "SP-CYCLE").empty());
}

namespace {

std::string flowTopology(const std::string &requirement, const std::string &lbBandwidth, const std::string &linkBandwidth)
{
    return "skyplan: 1\nname: flow\nrequirements: {throughput: " + requirement + "}\nnodes:\n"
           "  internet: {type: internet}\n"
           "  fw: {type: firewall, replicas: 2, resources: {bandwidth: 1Gbps}}\n"
           "  lb: {type: load_balancer, replicas: 2, resources: {bandwidth: " + lbBandwidth + "}}\n"
           "  web: {type: web_server, replicas: 4, resources: {bandwidth: 1Gbps}}\n"
           "  db: {type: database, replicas: 2, resources: {bandwidth: 10Gbps}}\n"
           "links:\n"
           "  - {from: internet.out, to: fw.ext}\n"
           "  - {from: fw.int, to: lb.in}\n"
           "  - {from: lb.out, to: web.in}\n"
           "  - {from: web.out, to: db.in" + (linkBandwidth.empty() ? "" : ", bandwidth: " + linkBandwidth) + "}\n";
}

// A node of `type` with its own bandwidth, in bits per second.
void addWithBandwidth(Topology &t, const std::string &id, const char *type, std::uint64_t bps)
{
    Node n;
    n.id = id;
    n.type = type;
    n.resources.bandwidth = bps;
    t.addNode(n);
}

} // namespace

TEST(Rules, BandwidthNamesTheMinimumCut)
{
    auto found = checkText(flowTopology("2Gbps", "500Mbps", ""));
    EXPECT_EQ(subjectsOf(found, "SP-BANDWIDTH"), (SubjectLists{{"lb"}}));
    EXPECT_NE(only(found, "SP-BANDWIDTH")[0].message.find("at most 1Gbps"), std::string::npos);

    found = checkText(flowTopology("2Gbps", "10Gbps", "300Mbps"));
    EXPECT_EQ(subjectsOf(found, "SP-BANDWIDTH"), (SubjectLists{{"web.out -> db.in"}}));

    found = checkText(flowTopology("{internet: 1Gbps}", "500Mbps", ""));
    EXPECT_EQ(subjectsOf(found, "SP-BANDWIDTH"), SubjectLists{});
    found = checkText(flowTopology("2Gbps", "1Gbps", ""));
    EXPECT_EQ(subjectsOf(found, "SP-BANDWIDTH"), SubjectLists{});
    found = checkText(flowTopology("fast", "1Gbps", ""));
    ASSERT_EQ(only(found, "SP-BANDWIDTH").size(), 1u);
    EXPECT_NE(only(found, "SP-BANDWIDTH")[0].message.find("not a bandwidth"), std::string::npos);
}

// A hundred narrow paths: more than the depth-first searches try before
// handing over to the maximum flow algorithm, whose answer must agree.
TEST(Rules, BandwidthOverManyNarrowPathsFallsBackToTheMaximumFlow)
{
    Topology t;
    const auto add = [&t](const std::string &id, const char *type, std::uint64_t bps) { addWithBandwidth(t, id, type, bps); };
    add("internet", "internet", 1'000'000'000'000);
    add("fw", "firewall", 1'000'000'000'000);
    add("db", "database", 1'000'000'000'000);
    t.addLink({{"internet", ""}, {"fw", ""}});
    std::vector<std::string> webs;
    for (int i = 0; i < 100; ++i) {
        webs.push_back("web-" + std::string(i < 10 ? "0" : "") + std::to_string(i));
        add(webs.back(), "web_server", 100'000'000);
        t.addLink({{"fw", ""}, {webs.back(), ""}});
        t.addLink({{webs.back(), ""}, {"db", ""}});
    }
    t.requirements["throughput"] = Value("10Gbps"); // exactly the hundred paths together
    EXPECT_EQ(subjectsOf(check(t), "SP-BANDWIDTH"), SubjectLists{});
    t.requirements["throughput"] = Value(std::int64_t(10'100'000'000));
    const auto found = only(check(t), "SP-BANDWIDTH");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_NE(found[0].message.find("at most 10Gbps"), std::string::npos) << found[0].message;
    auto subjects = found[0].subjects.toVector();
    std::sort(subjects.begin(), subjects.end());
    EXPECT_EQ(subjects, webs);
}

// The first path along request flow (internet → a → c) blocks both others:
// the requirement is met only by rerouting a's share through d, which the
// first step (paths along request flow, no undoing) cannot do. Its falling
// short must not be taken for a shortfall.
TEST(Rules, BandwidthMetOnlyByReroutingAnEarlierPath)
{
    Topology t;
    const auto add = [&t](const std::string &id, const char *type, std::uint64_t bps) { addWithBandwidth(t, id, type, bps); };
    add("internet", "internet", 1'000'000'000'000);
    add("a", "web_server", 1'000'000'000);
    add("b", "web_server", 1'000'000'000);
    add("c", "database", 1'000'000'000);
    add("d", "database", 1'000'000'000);
    for (const auto &[from, to] : {std::pair{"internet", "a"}, {"internet", "b"}, {"a", "c"}, {"a", "d"}, {"b", "c"}})
        t.addLink({{from, ""}, {to, ""}});
    t.requirements["throughput"] = Value("2Gbps");
    EXPECT_EQ(subjectsOf(check(t), "SP-BANDWIDTH"), SubjectLists{});
    t.requirements["throughput"] = Value("2100Mbps");
    const auto found = only(check(t), "SP-BANDWIDTH");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_NE(found[0].message.find("at most 2Gbps"), std::string::npos) << found[0].message;
}

TEST(Rules, ResidencyPlacementAndFlows)
{
    const std::string policy = "policies:\n  - {id: eu, kind: data-residency, applies-to: {tiers: [data]}, "
                               "regions: [eu-west, eu-central]}\n";
    auto found = checkText(topology(kGoodNodes, kGoodLinks, kGoodZones + policy));
    EXPECT_EQ(subjectsOf(found, "SP-RESIDENCY"), SubjectLists{});

    std::string nodes = kGoodNodes;
    nodes.replace(nodes.find("region: eu-central"), 18, "region: us-east");
    nodes += "  report: {type: worker, region: ap-south, replicas: 2}\n  far: {type: worker, region: eu-west, replicas: 2}\n";
    found = checkText(topology(nodes, kGoodLinks + "  - {from: report.out, to: db-a.in}\n", kGoodZones + policy));
    EXPECT_EQ(subjectsOf(found, "SP-RESIDENCY"), (SubjectLists{{"db-b"}, {"report", "db-a"}}));
}

TEST(Rules, Segmentation)
{
    const std::string zones = "zones:\n  dmz: {}\n  web: {}\n  app: {}\n  app-inner: {parent: app}\n  data: {}\n";
    const std::string policy = "policies:\n  - {id: data-from-app, kind: segmentation, zone: data, allow-from: [app]}\n";
    std::string nodes = kGoodNodes + "  batch: {type: worker, zone: app-inner, replicas: 2}\n";
    std::string links = kGoodLinks + "  - {from: batch.out, to: db-a.in}\n";
    auto found = checkText(topology(nodes, links, zones + policy));
    EXPECT_EQ(subjectsOf(found, "SP-SEGMENTATION"), SubjectLists{});

    found = checkText(topology(nodes, links + "  - {from: web.out, to: db-b.in}\n", zones + policy));
    EXPECT_EQ(subjectsOf(found, "SP-SEGMENTATION"), (SubjectLists{{"web.out -> db-b.in"}}));
    EXPECT_EQ(only(found, "SP-SEGMENTATION")[0].message,
              "link web.out -> db-b.in reaches zone 'data' from 'web' (zone 'web'); policy 'data-from-app' lets "
              "only app reach it; requests take internet → fw → lb → web → db-b");

    // From a node in no zone, which no request reaches: no path in the message.
    found = checkText(topology(nodes + "  loose: {type: worker, replicas: 2}\n",
                               links + "  - {from: loose.out, to: db-a.in}\n", zones + policy));
    ASSERT_EQ(subjectsOf(found, "SP-SEGMENTATION"), (SubjectLists{{"loose.out -> db-a.in"}}));
    EXPECT_EQ(only(found, "SP-SEGMENTATION")[0].message,
              "link loose.out -> db-a.in reaches zone 'data' from 'loose' (no zone); policy 'data-from-app' lets "
              "only app reach it");
}

TEST(Rules, MalformedPolicies)
{
    const std::string policies = "policies:\n  - {id: a, kind: data-residency}\n"
                                 "  - {id: b, kind: segmentation, zone: nowhere, allow-from: [app]}\n"
                                 "  - {id: c, kind: teleport}\n";
    const auto found = checkText(topology(kGoodNodes, kGoodLinks, kGoodZones + policies));
    EXPECT_EQ(subjectsOf(found, "SP-POLICY"), (SubjectLists{{"a"}, {"b"}, {"c"}}));
    EXPECT_EQ(only(found, "SP-POLICY")[1].message, "policy 'b': 'zone' names 'nowhere', which is not a declared zone");
}

// A residency policy scoped to a zone or node that is not there (deleted,
// or misspelt) would guard nothing without a word.
TEST(Rules, AResidencyPolicyScopedToAnUnknownZoneOrNodeIsReported)
{
    const auto policy = [](const std::string &scope) {
        return "policies:\n  - {id: eu, kind: data-residency, applies-to: {" + scope + "}, regions: [eu-west]}\n";
    };
    auto found = checkText(topology(kGoodNodes, kGoodLinks, kGoodZones + policy("zones: [data], nodes: [db-a]")));
    EXPECT_EQ(subjectsOf(found, "SP-POLICY"), SubjectLists{});
    EXPECT_EQ(subjectsOf(found, "SP-RESIDENCY"), (SubjectLists{{"db-b"}})); // db-b is in eu-central

    // Reported, and what its other names match is still guarded.
    found = checkText(topology(kGoodNodes, kGoodLinks, kGoodZones + policy("zones: [data, vault]")));
    ASSERT_EQ(subjectsOf(found, "SP-POLICY"), (SubjectLists{{"eu"}}));
    EXPECT_NE(only(found, "SP-POLICY")[0].message.find("'vault', which is not a declared zone"), std::string::npos)
        << only(found, "SP-POLICY")[0].message;
    EXPECT_EQ(subjectsOf(found, "SP-RESIDENCY"), (SubjectLists{{"db-b"}}));

    // A scope whose only name matches nothing guards nothing: not everything.
    found = checkText(topology(kGoodNodes, kGoodLinks, kGoodZones + policy("nodes: [db-z]")));
    ASSERT_EQ(subjectsOf(found, "SP-POLICY"), (SubjectLists{{"eu"}}));
    EXPECT_NE(only(found, "SP-POLICY")[0].message.find("'db-z', which is not a node"), std::string::npos);
    EXPECT_EQ(subjectsOf(found, "SP-RESIDENCY"), SubjectLists{});

    // Nor does a scope with no name left (its last node deleted), and it is said.
    for (const char *empty : {"nodes: []", "tiers: [], zones: []"}) {
        found = checkText(topology(kGoodNodes, kGoodLinks, kGoodZones + policy(empty)));
        ASSERT_EQ(subjectsOf(found, "SP-POLICY"), (SubjectLists{{"eu"}})) << empty;
        EXPECT_EQ(only(found, "SP-POLICY")[0].message.str(),
                  "policy 'eu': 'applies-to' names nothing, so the policy guards no node; name tiers, zones, nodes "
                  "or types, or remove 'applies-to' to guard every node");
        EXPECT_EQ(subjectsOf(found, "SP-RESIDENCY"), SubjectLists{}) << empty;
    }
}

TEST(Rules, Budget)
{
    // web 3 × 2 cores + app 3 × 1 core + 2 databases × 4 cores = 17 cores.
    std::string nodes = R"(  internet: {type: internet}
  web: {type: web_server, replicas: 3, resources: {cpu: 2, memory: 1GiB}}
  app: {type: app_server, replicas: 3, resources: {cpu: 1, memory: 1GiB}}
  db: {type: database, replicas: 2, resources: {cpu: 4, memory: 8GiB}}
)";
    const std::string links = "  - {from: internet.out, to: web.in}\n  - {from: web.out, to: app.in}\n  - {from: app.out, to: db.in}\n";
    auto found = checkText("skyplan: 1\nname: b\nbudget: {cpu: 16, memory: 64GiB}\nnodes:\n" + nodes + "links:\n" + links);
    ASSERT_EQ(only(found, "SP-BUDGET").size(), 1u);
    EXPECT_NE(only(found, "SP-BUDGET")[0].message.find("cpu: the nodes ask for 17 cores"), std::string::npos);
    EXPECT_EQ(only(found, "SP-BUDGET")[0].loc.line, 3); // budget: {cpu: …}
    found = checkText("skyplan: 1\nname: b\nbudget: {cpu: 17, memory: 22GiB}\nnodes:\n" + nodes + "links:\n" + links);
    EXPECT_TRUE(only(found, "SP-BUDGET").empty());
    found = checkText("skyplan: 1\nname: b\nbudget: {memory: 21GiB}\nnodes:\n" + nodes + "links:\n" + links);
    EXPECT_EQ(only(found, "SP-BUDGET").size(), 1u);
}

TEST(Rules, EmptyZonesAndNesting)
{
    const std::string zones = kGoodZones + "  dr: {parent: data}\n  outer: {}\n  inner: {parent: outer}\n";
    std::string nodes = kGoodNodes;
    nodes.replace(nodes.find("zone: data, region: eu-central"), 10, "zone: dr");
    const auto found = checkText(topology(nodes, kGoodLinks, zones));
    EXPECT_EQ(subjectsOf(found, "SP-EMPTY-ZONE"), (SubjectLists{{"inner"}, {"outer"}}));
}

TEST(Rules, TopologyCanChangeSeverityOrTurnRulesOff)
{
    const std::string links = kGoodLinks + "  - {from: internet.out, to: lb.in}\n";
    auto found = checkText(topology(kGoodNodes, links, kGoodZones + "rules: {SP-EXPOSED-DATA: warning}\n"));
    ASSERT_EQ(only(found, "SP-EXPOSED-DATA").size(), 2u);
    EXPECT_EQ(only(found, "SP-EXPOSED-DATA")[0].severity, Severity::Warning);
    found = checkText(topology(kGoodNodes, links, kGoodZones + "rules: {SP-EXPOSED-DATA: off}\n"));
    EXPECT_TRUE(only(found, "SP-EXPOSED-DATA").empty());
}

TEST(Rules, FindingsPointAtTheirSubject)
{
    const auto found = checkText(topology(kGoodNodes + "  alone: {type: worker}\n", kGoodLinks, kGoodZones));
    ASSERT_EQ(only(found, "SP-ISOLATED").size(), 1u);
    EXPECT_EQ(only(found, "SP-ISOLATED")[0].loc.line, 11);
    EXPECT_EQ(only(found, "SP-ISOLATED")[0].file, "fixture.sky.yaml");
}

TEST(Rules, EveryRuleIsDocumentedOnceAndDocsAreCurrent)
{
    std::set<std::string_view> ids;
    for (const RuleInfo &r : allRules()) {
        EXPECT_TRUE(ids.insert(r.id).second) << r.id;
        EXPECT_FALSE(r.hint.empty()) << r.id;
        EXPECT_FALSE(r.explanation.empty()) << r.id;
    }
    for (const char *rule : kGraphRules)
        EXPECT_TRUE(ids.count(rule)) << rule;
    std::ifstream in(SKYPLAN_RULES_MD, std::ios::binary);
    std::stringstream committed;
    committed << in.rdbuf();
    EXPECT_EQ(committed.str(), rulesMarkdown())
        << "docs/RULES.md is stale: run 'skyplan rules --markdown > docs/RULES.md'";
}
