// The shortcuts that keep the checks fast (docs/PERFORMANCE.md, "Checks"):
// the shared node index, the acyclic tail (sinks and what lies on no cycle)
// left out of Lengauer-Tarjan, links counted
// per terminal slot. Each case pins down a result those shortcuts could get
// wrong; none of them may leave state behind between two checks.
#include "checkstest.h"
#include "checkcontext_p.h"
#include "generator.h"

#include <string>

using namespace sky;
using namespace sky::test;

namespace {

std::string fixture(const std::string &nodes, const std::string &links)
{
    return "skyplan: 1\nname: fixture\nnodes:\n" + nodes + "links:\n" + links;
}

const char *const kGraphRules[] = {"SP-UNREACHABLE", "SP-EXPOSED-DATA", "SP-SPOF",     "SP-CYCLE",
                                   "SP-BANDWIDTH",   "SP-RESIDENCY",    "SP-SEGMENTATION", "SP-POLICY",
                                   "SP-BUDGET",      "SP-ISOLATED",     "SP-EMPTY-ZONE"};

// A generated topology of `nodes` nodes and 1.5 links a node, without positions.
Topology generated(int nodes)
{
    GeneratorOptions options;
    options.nodes = nodes;
    options.linksPerNode = 1.5;
    options.layout = false;
    return generateTopology(Catalog::builtin(), options);
}

std::vector<std::string> formatted(const std::vector<Diagnostic> &all)
{
    std::vector<std::string> out;
    for (const Diagnostic &d : all) {
        std::string line = d.format() + " {";
        for (const std::string_view s : d.subjects)
            line.append(s).append(";");
        out.push_back(line + "}");
    }
    return out;
}

} // namespace

// checkSchema builds its own index; checkTopology shares one with the graph rules.
TEST(FastPath, SchemaAloneMatchesTheSchemaPartOfAllChecks)
{
    const ReadResult r = readDescriptorFile(std::string(SKYPLAN_CHECKS_DATA) + "/problems.sky.yaml");
    ASSERT_TRUE(r.readable);
    std::vector<Diagnostic> schema;
    checkSchema(r.topology, Catalog::builtin(), r.sources, "problems.sky.yaml", schema);
    sortByLocation(schema);
    Topology t = r.topology;
    for (const char *rule : kGraphRules)
        t.rules[rule] = "off";
    const auto all = checkTopology(t, Catalog::builtin(), r.sources, "problems.sky.yaml");
    ASSERT_FALSE(schema.empty());
    EXPECT_EQ(formatted(schema), formatted(all));
}

// db has no out-link, so its dominator comes from its predecessors web1 and
// web2: the load balancer, whose loss therefore cuts three nodes, not two.
TEST(FastPath, SinkHangsUnderTheCommonDominatorOfItsPredecessors)
{
    const auto found = checkText(fixture(R"(  internet: {type: internet}
  fw: {type: firewall, replicas: 2}
  lb: {type: load_balancer}
  web1: {type: web_server}
  web2: {type: web_server}
  db: {type: database}
)",
                                         R"(  - {from: internet.out, to: fw.ext}
  - {from: fw.int, to: lb.in}
  - {from: lb.out, to: web1.in}
  - {from: lb.out, to: web2.in}
  - {from: web1.out, to: db.in}
  - {from: web2.out, to: db.in}
)"));
    EXPECT_EQ(subjectsOf(found, "SP-SPOF"), (SubjectLists{{"db"}, {"fw.int -> lb.in"}, {"lb"}}));
    for (const Diagnostic &d : only(found, "SP-SPOF")) {
        if (d.subjects == std::vector<std::string>{"lb"}) {
            EXPECT_NE(d.message.find("its loss cuts 3 other nodes off every entry point"), std::string::npos)
                << d.message;
        }
    }
}

// Everything below the loop lb ⇄ web1 lies on no cycle (web2, app, db): it is
// left out of Lengauer-Tarjan and hangs, predecessors first, under the
// nearest common dominator of its predecessors. app's predecessors are web1
// (dominated through the loop) and web2 (itself left out), so app hangs
// under lb, and lb's loss cuts four nodes; app, a node with an out-link,
// cuts db.
TEST(FastPath, AcyclicTailHangsUnderTheCommonDominatorOfItsPredecessors)
{
    const auto found = checkText(fixture(R"(  internet: {type: internet}
  fw: {type: firewall, replicas: 2}
  lb: {type: load_balancer}
  web1: {type: web_server}
  web2: {type: web_server}
  app: {type: app_server}
  db: {type: database}
)",
                                         R"(  - {from: internet.out, to: fw.ext}
  - {from: fw.int, to: lb.in}
  - {from: lb.out, to: web1.in}
  - {from: lb.out, to: web2.in}
  - {from: web1.out, to: lb.in}
  - {from: web1.out, to: app.in}
  - {from: web2.out, to: app.in}
  - {from: app.out, to: db.in}
)"));
    EXPECT_EQ(subjectsOf(found, "SP-SPOF"),
              (SubjectLists{{"app"}, {"app.out -> db.in"}, {"db"}, {"fw.int -> lb.in"}, {"lb"}}));
    for (const Diagnostic &d : only(found, "SP-SPOF")) {
        if (d.subjects == std::vector<std::string>{"lb"}) {
            EXPECT_NE(d.message.find("its loss cuts 4 other nodes off every entry point"), std::string::npos)
                << d.message;
        }
        if (d.subjects == std::vector<std::string>{"app"}) {
            EXPECT_NE(d.message.find("its loss cuts 1 other node off every entry point"), std::string::npos)
                << d.message;
        }
    }
}

// A terminal that takes one link: every link on it is named, in link order,
// and the finding points at the first link over the limit.
TEST(FastPath, LinkLimitNamesEveryLinkOnTheTerminal)
{
    const std::string text = fixture(R"(  internet: {type: internet}
  a: {type: app_server, properties: {image: a:1}}
  b: {type: app_server, properties: {image: b:1}}
  c: {type: app_server, properties: {image: c:1}}
  vol: {type: block_storage, properties: {size: 10GiB}}
)",
                                     R"(  - {from: a.out, to: vol.in}
  - {from: b.out, to: vol.in}
  - {from: c.out, to: vol.in}
)");
    const ReadResult r = readDescriptor(text, "fixture.sky.yaml");
    const auto found = checkTopology(r.topology, Catalog::builtin(), r.sources, "fixture.sky.yaml");
    const auto limit = only(found, "SP-LINK-LIMIT");
    ASSERT_EQ(limit.size(), 1u);
    EXPECT_EQ(limit[0].subjects,
              (std::vector<std::string>{"vol", "a.out -> vol.in", "b.out -> vol.in", "c.out -> vol.in"}));
    EXPECT_EQ(limit[0].loc.line, 11); // the link from b, the second on the terminal
}

// The canvas re-checks after each edit: a second check sees the edit.
TEST(FastPath, RecheckAfterAnEditSeesTheEdit)
{
    const ReadResult r = readDescriptor(fixture(R"(  internet: {type: internet}
  fw: {type: firewall, replicas: 2}
  lb: {type: load_balancer}
  web: {type: web_server, replicas: 2}
)",
                                                R"(  - {from: internet.out, to: fw.ext}
  - {from: fw.int, to: lb.in}
  - {from: lb.out, to: web.in}
)"),
                                        "fixture.sky.yaml");
    Topology t = r.topology;
    EXPECT_EQ(subjectsOf(check(t), "SP-SPOF"), (SubjectLists{{"fw.int -> lb.in"}, {"lb"}, {"lb.out -> web.in"}}));
    Node lb2;
    lb2.id = "lb2";
    lb2.type = "load_balancer";
    ASSERT_TRUE(t.addNode(lb2));
    ASSERT_TRUE(t.addLink({{"fw", "int"}, {"lb2", "in"}, {}, {}, {}, {}}));
    ASSERT_TRUE(t.addLink({{"lb2", "out"}, {"web", "in"}, {}, {}, {}, {}}));
    EXPECT_EQ(subjectsOf(check(t), "SP-SPOF"), SubjectLists{});
    ASSERT_TRUE(t.removeNode("lb2"));
    EXPECT_EQ(subjectsOf(check(t), "SP-SPOF"), (SubjectLists{{"fw.int -> lb.in"}, {"lb"}, {"lb.out -> web.in"}}));
}

// The index reads each link's start from the node after the previous link's
// start, as links are kept sorted; links left in another order (a topology
// built through the API) must be found through the table all the same.
TEST(FastPath, LinksInAnyOrderGiveTheSameFindings)
{
    const Topology sorted = generated(300);
    ASSERT_GT(sorted.links.size(), 300u);
    const auto expected = [](std::vector<Diagnostic> all) {
        std::vector<std::string> lines = formatted(all);
        std::sort(lines.begin(), lines.end());
        return lines;
    };
    const std::vector<std::string> want = expected(check(sorted));
    ASSERT_FALSE(want.empty());
    Topology reversed = sorted;
    std::reverse(reversed.links.begin(), reversed.links.end());
    EXPECT_EQ(want, expected(check(reversed)));
    // Every fifth link moved to the end: starts that skip ahead of the
    // nodes the index looks at next, and starts that go back.
    Topology skipping = sorted;
    std::stable_partition(skipping.links.begin(), skipping.links.end(),
                          [k = 0](const Link &) mutable { return k++ % 5 != 0; });
    EXPECT_EQ(want, expected(check(skipping)));
}

// The same, on the index itself: every link's start is the node its id
// names, in sorted order, in any other order, after a link whose start is
// unknown, and for a first link that starts past the first few nodes.
TEST(FastPath, EveryLinkStartIsTheNodeItNames)
{
    const Topology sorted = generated(200);
    Topology reversed = sorted;
    std::reverse(reversed.links.begin(), reversed.links.end());
    Topology unknown = sorted;
    unknown.links.insert(unknown.links.begin() + 10, 2, Link{{"nowhere", "out"}, {sorted.links[0].to}, {}, {}, {}, {}});
    Topology late = sorted;
    const std::string last = std::prev(sorted.nodes.end())->first;
    late.links.erase(std::remove_if(late.links.begin(), late.links.end(),
                                    [&](const Link &l) { return l.from.node != last; }),
                     late.links.end());
    ASSERT_FALSE(late.links.empty()) << "the last node should start a link";
    for (const Topology *t : std::initializer_list<const Topology *>{&sorted, &reversed, &unknown, &late}) {
        const detail::TopologyIndex index(*t, Catalog::builtin());
        ASSERT_EQ(index.linkFrom.size(), t->links.size());
        for (std::size_t k = 0; k < t->links.size(); ++k) {
            ASSERT_EQ(index.linkFrom[k], index.indexOf(t->links[k].from.node)) << "link " << k << ": " << t->links[k].key();
            ASSERT_EQ(index.linkTo[k], index.indexOf(t->links[k].to.node)) << "link " << k << ": " << t->links[k].key();
        }
    }
}
