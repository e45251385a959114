// Hand-made pairs, one kind of change each: the diff must say exactly that,
// and applying it must give the new topology back.
#include "difftest.h"

#include "catalog.h"

using namespace sky;
using namespace sky::test;
using Set = std::set<std::string>;

TEST(Diff, SameTopologyIsEmpty)
{
    const Topology t = smallTopology();
    const TopologyDiff d = checkedDiff(t, t);
    EXPECT_TRUE(d.empty());
    EXPECT_TRUE(summary(d).empty());
}

TEST(Diff, NodeAddedWithItsFieldsLinkAndPosition)
{
    const Topology a = smallTopology();
    Topology b = a;
    Node cache{"cache", "cache"};
    cache.zone = "data";
    cache.properties["size"] = Value("1GiB");
    b.addNode(cache, Point{10, 20});
    b.addLink({{"web", "out"}, {"cache", "in"}, {}, {}, {}, {}});
    const TopologyDiff d = checkedDiff(a, b);
    EXPECT_EQ(summary(d), (Set{"added node cache", "added link web.out -> cache.in",
                               "move cache - -> (10,20)"}));
    ASSERT_EQ(d.changes.size(), 2u);
    const Change &c = d.changes[0];
    EXPECT_EQ(c.entity, Entity::Node);
    ASSERT_EQ(c.fields.size(), 3u); // type, zone, properties.size; nothing unset
    EXPECT_FALSE(c.fields[0].before);
    EXPECT_EQ(c.fields[0].key.text(Entity::Node), "type");
    EXPECT_EQ(*c.fields[0].after, Value("cache"));
}

TEST(Diff, NodeRemovedWithItsLinks)
{
    const Topology a = smallTopology();
    Topology b = a;
    b.removeNode("lb");
    EXPECT_EQ(summary(checkedDiff(a, b)),
              (Set{"removed node lb", "removed link fw.int -> lb.in",
                   "removed link lb.out -> web.in", "move lb (320,0) -> -"}));
}

TEST(Diff, PropertyChangedAddedRemoved)
{
    const Topology a = smallTopology();
    Topology b = a;
    b.node("db")->properties["engine"] = Value("mysql");
    b.node("db")->properties["port"] = Value(3306);
    b.node("web")->properties.erase("image");
    EXPECT_EQ(summary(checkedDiff(a, b)),
              (Set{"changed node db properties.engine: \"postgres\" -> \"mysql\"",
                   "changed node db properties.port: - -> 3306",
                   "changed node web properties.image: \"nginx:1.27\" -> -"}));
}

TEST(Diff, NodeFieldsResourcesAndExtra)
{
    const Topology a = smallTopology();
    Topology b = a;
    Node &web = *b.node("web");
    web.label = "Front";
    web.zone = "dmz";
    web.region = "eu-central";
    web.replicas = 1; // back to the default: unset
    web.resources.cpu = 4;
    web.resources.memory = 1024;
    web.resources.extra["gpu"] = Value(1);
    web.extra["owner"] = Value("team-a");
    b.node("db")->type = "cache";
    EXPECT_EQ(
        summary(checkedDiff(a, b)),
        (Set{"changed node web label: - -> \"Front\"", "changed node web zone: \"web\" -> \"dmz\"",
             "changed node web region: - -> \"eu-central\"", "changed node web replicas: 3 -> -",
             "changed node web resources.cpu: 2.0 -> 4.0",
             "changed node web resources.memory: - -> 1024",
             "changed node web resources.gpu: - -> 1", "changed node web owner: - -> \"team-a\"",
             "changed node db type: \"database\" -> \"cache\""}));
}

TEST(Diff, RenamedNodeKeepsItsLinksAndPosition)
{
    const Topology a = smallTopology();
    Topology b = a;
    ASSERT_TRUE(b.renameNode("lb", "edge-lb"));
    const TopologyDiff d = checkedDiff(a, b);
    EXPECT_EQ(summary(d), (Set{"renamed node lb -> edge-lb"}));
    // Also moved: the move is reported under the new name, apart.
    b.layout.nodes["edge-lb"] = Point{1, 2};
    EXPECT_EQ(summary(checkedDiff(a, b)),
              (Set{"renamed node lb -> edge-lb", "move edge-lb (320,0) -> (1,2)"}));
}

TEST(Diff, RenameWithAnotherChangeIsRemoveAndAdd)
{
    const Topology a = smallTopology();
    Topology b = a;
    b.renameNode("lb", "edge-lb");
    b.node("edge-lb")->properties["port"] = Value(8443);
    const Set s = summary(checkedDiff(a, b));
    EXPECT_TRUE(s.count("removed node lb"));
    EXPECT_TRUE(s.count("added node edge-lb"));
    EXPECT_TRUE(s.count("added link edge-lb.out -> web.in"));
    EXPECT_TRUE(s.count("removed link lb.out -> web.in"));
    // With the links changed too (not only the properties), still no rename.
    Topology c = a;
    c.renameNode("lb", "edge-lb");
    c.removeLink({"edge-lb", "out"}, {"web", "in"});
    EXPECT_FALSE(summary(checkedDiff(a, c)).count("renamed node lb -> edge-lb"));
}

TEST(Diff, TwoLinkedNodesRenamedTogether)
{
    const Topology a = smallTopology();
    Topology b = a;
    b.renameNode("lb", "lb2");
    b.renameNode("web", "web2");
    EXPECT_EQ(summary(checkedDiff(a, b)),
              (Set{"renamed node lb -> lb2", "renamed node web -> web2"}));
    DiffOptions noRenames;
    noRenames.detectRenames = false;
    const Set s = summary(diffTopologies(a, b, noRenames));
    EXPECT_TRUE(s.count("removed node lb"));
    EXPECT_TRUE(s.count("added node web2"));
}

TEST(Diff, IdenticalTwinsAreTakenApartByTheirLinks)
{
    Topology a = smallTopology();
    Node w2 = *a.node("web");
    w2.id = "web-b";
    a.addNode(w2);
    a.addLink({{"web-b", "out"}, {"db", "in"}, "x", {}, {}, {}});
    Topology b = a;
    b.removeNode("web"); // the twin without the 'x' link goes; the other is renamed
    b.renameNode("web-b", "web-c");
    const Set s = summary(checkedDiff(a, b));
    EXPECT_TRUE(s.count("renamed node web-b -> web-c")) << ::testing::PrintToString(s);
    EXPECT_TRUE(s.count("removed node web"));
}

TEST(Diff, LinkAddedRemovedChanged)
{
    const Topology a = smallTopology();
    Topology b = a;
    b.removeLink({"web", "out"}, {"db", "in"});
    b.addLink({{"web", "out"}, {"db", "replica"}, "tcp", 5432, {}, {}});
    Link &l = b.links[size_t(b.linkIndex({"lb", "out"}, {"web", "in"}))];
    l.port = 8081;
    l.protocol.clear();
    l.bandwidth = 1000;
    l.extra["note"] = Value("x");
    EXPECT_EQ(summary(checkedDiff(a, b)),
              (Set{"removed link web.out -> db.in", "added link web.out -> db.replica",
                   "changed link lb.out -> web.in port: 8080 -> 8081",
                   "changed link lb.out -> web.in protocol: \"http\" -> -",
                   "changed link lb.out -> web.in bandwidth: - -> 1000",
                   "changed link lb.out -> web.in note: - -> \"x\""}));
}

TEST(Diff, ZonesAddedRemovedChanged)
{
    const Topology a = smallTopology();
    Topology b = a;
    b.zones.at("dmz").label = "Perimeter";
    b.zones.at("data").parent = "web";
    b.zones.at("data").extra["colour"] = Value("blue");
    b.addZone({"mgmt", "Management", {}, {}});
    b.zones.erase("web");
    b.zones.at("data").parent.clear();
    b.node("web")->zone.clear();
    EXPECT_EQ(summary(checkedDiff(a, b)),
              (Set{"changed zone dmz label: \"DMZ\" -> \"Perimeter\"",
                   "changed zone data colour: - -> \"blue\"", "added zone mgmt", "removed zone web",
                   "changed node web zone: \"web\" -> -"}));
}

TEST(Diff, PoliciesAddedRemovedChanged)
{
    const Topology a = smallTopology();
    Topology b = a;
    b.policies.at("eu-only").fields["regions"] =
        Value(ValueList{Value("eu-west"), Value("eu-central")});
    b.policies.at("eu-only").kind = "residency";
    b.policies["no-public-db"] = Policy{"no-public-db", "exposure", {}};
    EXPECT_EQ(summary(checkedDiff(a, b)),
              (Set{"changed policy eu-only regions: [\"eu-west\"] -> [\"eu-west\", \"eu-central\"]",
                   "changed policy eu-only kind: \"data-residency\" -> \"residency\"",
                   "added policy no-public-db"}));
    Topology c = a;
    c.policies.clear();
    EXPECT_EQ(summary(checkedDiff(a, c)), (Set{"removed policy eu-only"}));
}

TEST(Diff, TopLevelFields)
{
    const Topology a = smallTopology();
    Topology b = a;
    b.name = "shop2";
    b.description.clear();
    b.catalogs = {"team.yaml"};
    b.budget.cpu = 64;
    b.requirements["uptime"] = Value("99.9%");
    b.rules["SP-SPOF"] = "off";
    b.extra["x-owner"] = Value("ops");
    EXPECT_EQ(summary(checkedDiff(a, b)),
              (Set{"changed topology name: \"shop\" -> \"shop2\"",
                   "changed topology description: \"A small shop.\" -> -",
                   "changed topology catalogs: - -> [\"team.yaml\"]",
                   "changed topology budget.cpu: - -> 64.0",
                   "changed topology requirements.uptime: - -> \"99.9%\"",
                   "changed topology rules.SP-SPOF: - -> \"off\"",
                   "changed topology x-owner: - -> \"ops\""}));
}

TEST(Diff, LayoutOnlyMovesAreApart)
{
    const Topology a = smallTopology();
    Topology b = a;
    b.layout.nodes["web"] = Point{480, 99};
    b.layout.nodes.erase("db");
    b.layout.extra["grid"] = Value(20);
    const TopologyDiff d = checkedDiff(a, b);
    EXPECT_TRUE(d.sameMeaning());
    EXPECT_FALSE(d.sameLayout());
    EXPECT_EQ(summary(d),
              (Set{"move web (480,0) -> (480,99)", "move db (640,0) -> -", "layout grid"}));
    DiffOptions o;
    o.layout = false;
    EXPECT_TRUE(diffTopologies(a, b, o).empty());
}

TEST(Diff, FieldsRoundTripForEveryEntity)
{
    const Topology t = smallTopology();
    std::string error;
    for (const auto &[id, n] : t.nodes) {
        Node back{id};
        ASSERT_TRUE(applyFields(back, fieldsOf(n), error)) << error;
        EXPECT_EQ(back, n);
    }
    for (const Link &l : t.links) {
        Link back{l.from, l.to, {}, {}, {}, {}};
        ASSERT_TRUE(applyFields(back, fieldsOf(l), error)) << error;
        EXPECT_EQ(back, l);
    }
    Topology top;
    Topology withTop = t;
    withTop.budget.memory = 1u << 30;
    withTop.rules["SP-X"] = "warning";
    ASSERT_TRUE(applyTopologyFields(top, fieldsOf(withTop), error)) << error;
    EXPECT_EQ(fieldsOf(top), fieldsOf(withTop));
    Node bad{"x"};
    EXPECT_FALSE(applyFields(
        bad, FieldMap{{FieldKey{FieldKey::Group::Field, "replicas"}, Value("two")}}, error));
    EXPECT_NE(error.find("replicas"), std::string::npos);
}

TEST(Diff, ApplyRefusesADiffThatDoesNotFit)
{
    const Topology a = smallTopology();
    Topology b = a;
    b.removeNode("lb");
    const TopologyDiff d = diffTopologies(a, b);
    Topology other;
    std::string error;
    EXPECT_FALSE(applyDiff(other, d, error));
    EXPECT_FALSE(error.empty());
}

TEST(Diff, SecretsComeFromTheCatalogAndFromNames)
{
    const SecretPolicy p({&Catalog::builtin()});
    using G = FieldKey::Group;
    EXPECT_TRUE(p.isSecret(Entity::Node, "database", {G::Property, "password"}));
    EXPECT_TRUE(p.isSecret(Entity::Node, "load_balancer", {G::Property, "tls_certificate"}));
    EXPECT_FALSE(p.isSecret(Entity::Node, "database", {G::Property, "engine"}));
    EXPECT_TRUE(p.isSecret(Entity::Node, "no_such_type", {G::Property, "api_token"}));
    EXPECT_TRUE(p.isSecret(Entity::Node, "web_server", {G::Extra, "db_password"}));
    EXPECT_FALSE(p.isSecret(Entity::Node, "no_such_type", {G::Property, "port"}));
    EXPECT_FALSE(p.isSecret(Entity::Node, "database", {G::Field, "label"}));
}

TEST(Diff, DisplayEscapesControlCharacters)
{
    EXPECT_EQ(displayValue(Value("a\x1b[31mb\n\"")), "\"a\\x1b[31mb\\n\\\"\"");
    EXPECT_EQ(displayValue(Value(ValueMap{{"k", Value(1)}})), "{\"k\": 1}");
}
