#include "topology.h"

#include <gtest/gtest.h>

using namespace sky;

namespace {

Topology threeNodes()
{
    Topology t;
    t.addZone({"web", "Web", {}, {}});
    Node a{"a", "internet"};
    Node b{"b", "load_balancer"};
    b.zone = "web";
    Node c{"c", "web_server"};
    c.zone = "web";
    t.addNode(a, Point{0, 0});
    t.addNode(b, Point{200, 0});
    t.addNode(c, Point{400, 0});
    t.addLink({{"a", "out"}, {"b", "in"}});
    t.addLink({{"b", "out"}, {"c", "in"}});
    return t;
}

} // namespace

TEST(Topology, RenameNodeRewritesLinksAndLayoutAndKeepsZone)
{
    Topology t = threeNodes();
    ASSERT_TRUE(t.renameNode("b", "lb"));
    EXPECT_EQ(t.node("b"), nullptr);
    ASSERT_NE(t.node("lb"), nullptr);
    EXPECT_EQ(t.node("lb")->id, "lb");
    EXPECT_EQ(t.node("lb")->zone, "web");
    ASSERT_EQ(t.links.size(), 2u);
    EXPECT_GE(t.linkIndex({"a", "out"}, {"lb", "in"}), 0);
    EXPECT_GE(t.linkIndex({"lb", "out"}, {"c", "in"}), 0);
    EXPECT_EQ(t.layout.nodes.count("b"), 0u);
    EXPECT_EQ(t.layout.nodes.at("lb"), (Point{200, 0}));
    EXPECT_TRUE(std::is_sorted(t.links.begin(), t.links.end(), linkLess));
}

TEST(Topology, RenameRefusesTakenOrInvalidIds)
{
    Topology t = threeNodes();
    const Topology before = t;
    EXPECT_FALSE(t.renameNode("b", "c"));
    EXPECT_FALSE(t.renameNode("b", "has.dot"));
    EXPECT_FALSE(t.renameNode("b", ""));
    EXPECT_FALSE(t.renameNode("missing", "x"));
    EXPECT_EQ(t, before);
}

// Renames reach the policies, so diff and merge (which rename through the
// model) leave no policy naming what is gone.
TEST(Topology, RenamesRewriteThePoliciesThatNameTheNodeOrZone)
{
    Topology t = threeNodes();
    t.policies["eu"] = {"eu", "data-residency",
                        {{"applies-to", ValueMap{{"nodes", ValueList{"b", "c"}}, {"zones", ValueList{"web"}}}},
                         {"regions", ValueList{"eu-west"}}}};
    t.policies["seg"] = {"seg", "segmentation", {{"zone", "web"}, {"allow-from", ValueList{"web", "dmz"}}}};
    ASSERT_TRUE(t.renameNode("b", "lb"));
    ASSERT_TRUE(t.renameZone("web", "front"));
    const ValueMap &scope = t.policies.at("eu").fields.at("applies-to").map();
    EXPECT_EQ(scope.at("nodes"), Value(ValueList{"lb", "c"}));
    EXPECT_EQ(scope.at("zones"), Value(ValueList{"front"}));
    EXPECT_EQ(t.policies.at("eu").fields.at("regions"), Value(ValueList{"eu-west"})); // a region, not a zone
    EXPECT_EQ(t.policies.at("seg").fields.at("zone"), Value("front"));
    EXPECT_EQ(t.policies.at("seg").fields.at("allow-from"), Value(ValueList{"front", "dmz"}));

    EXPECT_TRUE(policyNamesZone(t.policies.at("seg"), "front"));
    EXPECT_TRUE(policyNamesZone(t.policies.at("seg"), "dmz"));      // in allow-from
    EXPECT_TRUE(policyNamesZone(t.policies.at("eu"), "front"));     // in applies-to: zones
    EXPECT_FALSE(policyNamesZone(t.policies.at("eu"), "lb"));       // a node's name
    EXPECT_FALSE(policyNamesZone(t.policies.at("eu"), "eu-west"));  // a region's name

    // A policy that names neither is left as it was.
    Policy other{"other", "segmentation", {{"zone", "data"}}};
    EXPECT_FALSE(renameZoneInPolicy(other, "web", "x"));
    EXPECT_FALSE(renameNodeInPolicy(other, "data", "x")); // a zone's name, not a node's
    EXPECT_EQ(other.fields.at("zone"), Value("data"));
}

TEST(Topology, RemoveNodeRemovesItsLinksPositionAndNameInPolicies)
{
    Topology t = threeNodes();
    t.policies["eu"] = {"eu", "data-residency",
                        {{"applies-to", ValueMap{{"nodes", ValueList{"b", "c", "b"}}, {"zones", ValueList{"b"}}}},
                         {"regions", ValueList{"eu-west"}}}};
    t.policies["seg"] = {"seg", "segmentation", {{"zone", "b"}, {"allow-from", ValueList{"b"}}}};
    const Policy seg = t.policies.at("seg");
    ASSERT_TRUE(t.removeNode("b"));
    EXPECT_TRUE(t.links.empty());
    EXPECT_EQ(t.layout.nodes.count("b"), 0u);
    EXPECT_EQ(t.nodes.size(), 2u);
    // Only the node list loses it: "b" is also a zone's name there.
    EXPECT_EQ(t.policies.at("eu").fields.at("applies-to"),
              Value(ValueMap{{"nodes", ValueList{"c"}}, {"zones", ValueList{"b"}}}));
    EXPECT_EQ(t.policies.at("seg"), seg);
    EXPECT_FALSE(t.removeNode("b"));

    // One name given alone, as the checks read it too: renamed, then dropped.
    Policy one{"one", "data-residency", {{"applies-to", ValueMap{{"nodes", "c"}}}}};
    EXPECT_TRUE(renameNodeInPolicy(one, "c", "d"));
    EXPECT_EQ(one.fields.at("applies-to"), Value(ValueMap{{"nodes", "d"}}));
    EXPECT_FALSE(removeNodeFromPolicy(one, "c"));
    EXPECT_TRUE(removeNodeFromPolicy(one, "d"));
    EXPECT_EQ(one.fields.at("applies-to"), Value(ValueMap{{"nodes", ValueList{}}}));
}

TEST(Topology, LinksStaySortedAndUnique)
{
    Topology t = threeNodes();
    EXPECT_FALSE(t.addLink({{"a", "out"}, {"b", "in"}}));
    EXPECT_TRUE(t.addLink({{"a", "out"}, {"c", "in"}}));
    EXPECT_EQ(t.links.size(), 3u);
    EXPECT_TRUE(std::is_sorted(t.links.begin(), t.links.end(), linkLess));
    EXPECT_TRUE(t.removeLink({"a", "out"}, {"c", "in"}));
    EXPECT_FALSE(t.removeLink({"a", "out"}, {"c", "in"}));
}

TEST(Topology, ZonesNestRenameAndRemove)
{
    Topology t = threeNodes();
    ASSERT_TRUE(t.addZone({"front", "Front", "web", {}}));
    EXPECT_FALSE(t.addZone({"orphan", "", "nowhere", {}}));
    ASSERT_TRUE(t.setNodeZone("a", "front"));
    EXPECT_FALSE(t.setNodeZone("a", "nowhere"));

    ASSERT_TRUE(t.renameZone("web", "webtier"));
    EXPECT_EQ(t.node("b")->zone, "webtier");
    EXPECT_EQ(t.zone("front")->parent, "webtier");

    // Removing a zone moves its members and child zones to its parent.
    ASSERT_TRUE(t.removeZone("front"));
    EXPECT_EQ(t.node("a")->zone, "webtier");
    ASSERT_TRUE(t.removeZone("webtier"));
    EXPECT_EQ(t.node("a")->zone, "");
    EXPECT_EQ(t.node("b")->zone, "");
}

TEST(Topology, EndpointParsing)
{
    EXPECT_EQ(Endpoint::parse("web.in"), (Endpoint{"web", "in"}));
    EXPECT_EQ(Endpoint::parse("web"), (Endpoint{"web", ""}));
    EXPECT_EQ((Endpoint{"web", ""}).text(), "web");
    EXPECT_EQ((Endpoint{"web", "out"}).text(), "web.out");
}
