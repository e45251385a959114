// Three-way merge on hand-made cases: what merges cleanly, what conflicts,
// and that a conflict keeps every side's value.
#include "difftest.h"

#include "descriptor.h"
#include "merge.h"

#include <filesystem>
#include <unistd.h>

using namespace sky;
using namespace sky::test;

namespace {

const Value *conflictRecord(const Topology &t, std::size_t i)
{
    const auto it = t.extra.find(kConflictsKey);
    if (it == t.extra.end() || !it->second.isList() || it->second.toList().size() <= i)
        return nullptr;
    return &it->second.toList()[i];
}

} // namespace

TEST(Merge, NothingChangedIsTheBase)
{
    const Topology base = smallTopology();
    const MergeResult r = mergeTopologies(base, base, base);
    EXPECT_TRUE(r.clean());
    EXPECT_EQ(r.merged, base);
}

TEST(Merge, IndependentPropertyChangesOnOneNodeMerge)
{
    const Topology base = smallTopology();
    Topology ours = base, theirs = base;
    ours.node("db")->properties["engine"] = Value("mysql");
    theirs.node("db")->properties["port"] = Value(5433);
    theirs.node("db")->label = "Main DB";
    const MergeResult r = mergeTopologies(base, ours, theirs);
    EXPECT_TRUE(r.clean());
    Topology expected = ours;
    expected.node("db")->properties["port"] = Value(5433);
    expected.node("db")->label = "Main DB";
    EXPECT_EQ(r.merged, expected);
}

TEST(Merge, SameChangeOnBothSidesIsNoConflict)
{
    const Topology base = smallTopology();
    Topology ours = base;
    ours.node("web")->replicas = 5;
    ours.addLink({{"lb", "out"}, {"db", "in"}, {}, {}, {}, {}});
    const MergeResult r = mergeTopologies(base, ours, ours);
    EXPECT_TRUE(r.clean());
    EXPECT_EQ(r.merged, ours);
}

TEST(Merge, BothChangedOneFieldIsAConflictKeepingAllValues)
{
    const Topology base = smallTopology();
    Topology ours = base, theirs = base;
    ours.node("lb")->properties["port"] = Value(8443);
    theirs.node("lb")->properties["port"] = Value(9443);
    theirs.node("web")->replicas = 4; // independent: merges
    const MergeResult r = mergeTopologies(base, ours, theirs);
    ASSERT_EQ(r.conflicts.size(), 1u);
    const MergeConflict &c = r.conflicts[0];
    EXPECT_EQ(c.where(), "node lb, properties.port");
    EXPECT_EQ(*c.base, Value(443));
    EXPECT_EQ(*c.ours, Value(8443));
    EXPECT_EQ(*c.theirs, Value(9443));
    EXPECT_EQ(r.merged.node("lb")->properties.at("port"), Value(8443)); // kept ours
    EXPECT_EQ(r.merged.node("web")->replicas, 4);
    const Value *record = conflictRecord(r.merged, 0);
    ASSERT_NE(record, nullptr);
    EXPECT_EQ(*record->find("node"), Value("lb"));
    EXPECT_EQ(*record->find("field"), Value("properties.port"));
    EXPECT_EQ(*record->find("theirs"), Value(9443));
    EXPECT_EQ(*record->find("ours"), Value(8443));
    EXPECT_EQ(*record->find("base"), Value(443));
}

TEST(Merge, ChangedOnOneSideRemovedOnTheOtherKeepsTheChange)
{
    const Topology base = smallTopology();
    Topology ours = base, theirs = base;
    ours.removeNode("db");
    theirs.node("db")->properties["engine"] = Value("mysql");
    const MergeResult r = mergeTopologies(base, ours, theirs);
    ASSERT_FALSE(r.clean());
    ASSERT_NE(r.merged.node("db"), nullptr);
    EXPECT_EQ(r.merged.node("db")->properties.at("engine"), Value("mysql"));
    EXPECT_EQ(r.conflicts[0].what, "theirs changed, ours removed");
    EXPECT_FALSE(r.conflicts[0].ours);
    EXPECT_TRUE(r.conflicts[0].theirs);
    // The link ours removed with the node stays removed; nothing dangles.
    EXPECT_LT(r.merged.linkIndex({"web", "out"}, {"db", "in"}), 0);
}

TEST(Merge, ALinkToANodeTheOtherSideRemovedBringsItBack)
{
    const Topology base = smallTopology();
    Topology ours = base, theirs = base;
    ours.addLink({{"lb", "out"}, {"db", "in"}, {}, {}, {}, {}});
    theirs.removeNode("db");
    const MergeResult r = mergeTopologies(base, ours, theirs);
    ASSERT_EQ(r.conflicts.size(), 1u) << r.conflicts[0].what;
    EXPECT_EQ(r.conflicts[0].entity, Entity::Node);
    EXPECT_EQ(r.conflicts[0].id, "db");
    EXPECT_NE(r.merged.node("db"), nullptr);
    EXPECT_GE(r.merged.linkIndex({"lb", "out"}, {"db", "in"}), 0);
    EXPECT_LT(r.merged.linkIndex({"web", "out"}, {"db", "in"}),
              0); // theirs' removal of that link holds
    EXPECT_TRUE(r.merged.layout.nodes.count("db"));
}

TEST(Merge, ANodeInAZoneTheOtherSideRemovedBringsTheZoneBack)
{
    const Topology base = smallTopology();
    Topology ours = base, theirs = base;
    theirs.zones.erase("dmz");
    theirs.node("fw")->zone.clear();
    theirs.node("lb")->zone.clear();
    Node vpn{"vpn", "vpn_gateway"};
    vpn.zone = "dmz";
    ours.addNode(vpn);
    const MergeResult r = mergeTopologies(base, ours, theirs);
    ASSERT_EQ(r.conflicts.size(), 1u);
    EXPECT_EQ(r.conflicts[0].entity, Entity::Zone);
    EXPECT_TRUE(r.merged.zones.count("dmz"));
    EXPECT_EQ(r.merged.node("vpn")->zone, "dmz");
    EXPECT_EQ(r.merged.node("fw")->zone, ""); // theirs' moves out of it hold
}

TEST(Merge, ARenameOnOneSideMeetsAChangeOnTheOther)
{
    const Topology base = smallTopology();
    Topology ours = base, theirs = base;
    ours.renameNode("lb", "edge-lb");
    theirs.node("lb")->properties["port"] = Value(8443);
    theirs.addLink({{"lb", "out"}, {"db", "in"}, {}, {}, {}, {}});
    const MergeResult r = mergeTopologies(base, ours, theirs);
    EXPECT_TRUE(r.clean());
    ASSERT_NE(r.merged.node("edge-lb"), nullptr);
    EXPECT_EQ(r.merged.node("lb"), nullptr);
    EXPECT_EQ(r.merged.node("edge-lb")->properties.at("port"), Value(8443));
    EXPECT_GE(r.merged.linkIndex({"edge-lb", "out"}, {"db", "in"}), 0);
    EXPECT_TRUE(r.merged.layout.nodes.count("edge-lb"));
    // The same with the sides swapped.
    const MergeResult s = mergeTopologies(base, theirs, ours);
    EXPECT_TRUE(s.clean());
    EXPECT_EQ(s.merged, r.merged);
}

TEST(Merge, BothRenamedDifferentlyIsAConflict)
{
    const Topology base = smallTopology();
    Topology ours = base, theirs = base;
    ours.renameNode("lb", "lb-a");
    theirs.renameNode("lb", "lb-b");
    const MergeResult r = mergeTopologies(base, ours, theirs);
    ASSERT_EQ(r.conflicts.size(), 1u);
    EXPECT_EQ(r.conflicts[0].what, "both renamed");
    EXPECT_EQ(*r.conflicts[0].theirs, Value("lb-b"));
    EXPECT_NE(r.merged.node("lb-a"), nullptr);
    EXPECT_EQ(r.merged.node("lb-b"), nullptr);
}

TEST(Merge, BothAddedTheSameIdDifferently)
{
    const Topology base = smallTopology();
    Topology ours = base, theirs = base;
    Node a{"cache", "cache"};
    a.zone = "data";
    Node b = a;
    b.zone = "web";
    ours.addNode(a);
    theirs.addNode(b);
    const MergeResult r = mergeTopologies(base, ours, theirs);
    ASSERT_EQ(r.conflicts.size(), 1u);
    EXPECT_EQ(r.conflicts[0].where(), "node cache, zone");
    EXPECT_FALSE(r.conflicts[0].base);
}

TEST(Merge, LinksZonesPoliciesAndTopLevelMergeIndependently)
{
    const Topology base = smallTopology();
    Topology ours = base, theirs = base;
    ours.name = "shop-a";
    theirs.description = "Changed by them.";
    ours.links[size_t(ours.linkIndex({"lb", "out"}, {"web", "in"}))].port = 8081;
    theirs.links[size_t(theirs.linkIndex({"lb", "out"}, {"web", "in"}))].protocol = "https";
    ours.zones.at("dmz").label = "Perimeter";
    theirs.policies["p2"] = Policy{"p2", "exposure", {}};
    theirs.layout.nodes["web"] = Point{5, 5};
    const MergeResult r = mergeTopologies(base, ours, theirs);
    EXPECT_TRUE(r.clean());
    EXPECT_EQ(r.merged.name, "shop-a");
    EXPECT_EQ(r.merged.description, "Changed by them.");
    const Link &l = r.merged.links[size_t(r.merged.linkIndex({"lb", "out"}, {"web", "in"}))];
    EXPECT_EQ(l.port, 8081);
    EXPECT_EQ(l.protocol, "https");
    EXPECT_EQ(r.merged.zones.at("dmz").label, "Perimeter");
    EXPECT_TRUE(r.merged.policies.count("p2"));
    EXPECT_EQ(r.merged.layout.nodes.at("web"), (Point{5, 5}));
}

TEST(Merge, BothMovedANodeKeepsOursWithANote)
{
    const Topology base = smallTopology();
    Topology ours = base, theirs = base;
    ours.layout.nodes["web"] = Point{1, 1};
    theirs.layout.nodes["web"] = Point{2, 2};
    const MergeResult r = mergeTopologies(base, ours, theirs);
    EXPECT_TRUE(r.clean());
    EXPECT_EQ(r.merged.layout.nodes.at("web"), (Point{1, 1}));
    ASSERT_EQ(r.notes.size(), 1u);
    EXPECT_NE(r.notes[0].find("web"), std::string::npos);
}

TEST(Merge, AConflictedResultSavesReadsBackAndIsFlagged)
{
    const Topology base = smallTopology();
    Topology ours = base, theirs = base;
    ours.node("db")->properties["engine"] = Value("mysql");
    theirs.node("db")->properties["engine"] = Value("mariadb");
    const MergeResult r = mergeTopologies(base, ours, theirs);
    ASSERT_FALSE(r.clean());
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("skyplan-merge-" + std::to_string(::getpid()) + ".sky.yaml"))
                                 .string();
    std::string error;
    ASSERT_TRUE(saveDescriptor(r.merged, path, error)) << error;
    const ReadResult back = readDescriptorFile(path);
    std::filesystem::remove(path);
    EXPECT_EQ(back.topology, r.merged);
    bool flagged = false;
    for (const Diagnostic &d : back.diagnostics)
        flagged = flagged || d.message.find(kConflictsKey) != std::string::npos;
    EXPECT_TRUE(flagged) << "the reader must report the conflicts section";
    const std::string text = writeDescriptor(r.merged);
    EXPECT_NE(text.find("mysql"), std::string::npos);
    EXPECT_NE(text.find("mariadb"), std::string::npos);
}

// Issue 26.6: ours renames lb, theirs removes it. git's own merge calls a
// rename against a delete a conflict; so does this one, keeping the renamed
// node and its links.
TEST(Merge, RenameAgainstDeleteIsAConflictKeepingTheNode)
{
    const Topology base = smallTopology();
    Topology ours = base, theirs = base;
    ours.renameNode("lb", "edge-lb");
    theirs.removeNode("lb");
    std::size_t lbLinks = 0;
    for (const Link &l : base.links)
        lbLinks += l.from.node == "lb" || l.to.node == "lb";
    ASSERT_GT(lbLinks, 0u);
    for (bool swapped : {false, true}) {
        const MergeResult r = swapped ? mergeTopologies(base, theirs, ours) : mergeTopologies(base, ours, theirs);
        ASSERT_EQ(r.conflicts.size(), 1u) << swapped;
        EXPECT_EQ(r.conflicts[0].what, swapped ? "theirs renamed (from lb), ours removed" : "ours renamed (from lb), theirs removed");
        EXPECT_EQ(r.conflicts[0].id, "edge-lb");
        ASSERT_NE(r.merged.node("edge-lb"), nullptr) << swapped;
        std::size_t kept = 0;
        for (const Link &l : r.merged.links)
            kept += l.from.node == "edge-lb" || l.to.node == "edge-lb";
        EXPECT_EQ(kept, lbLinks) << swapped;
        EXPECT_NE(r.merged.extra.find(kConflictsKey), r.merged.extra.end());
    }
}

TEST(Merge, ChangeAgainstDeleteIsAConflict)
{
    const Topology base = smallTopology();
    Topology ours = base, theirs = base;
    ours.node("lb")->properties["port"] = Value(8443);
    theirs.removeNode("lb");
    const MergeResult r = mergeTopologies(base, ours, theirs);
    ASSERT_FALSE(r.clean());
    EXPECT_NE(r.merged.node("lb"), nullptr);
}

// Two clean edits that nest zones inside each other: a conflict, and the
// merged file has no loop.
TEST(Merge, TwoEditsThatMakeAZoneLoopAreAConflict)
{
    const Topology base = smallTopology();
    Topology ours = base, theirs = base;
    ours.zones.at("web").parent = "data";
    theirs.zones.at("data").parent = "web";
    const MergeResult r = mergeTopologies(base, ours, theirs);
    ASSERT_EQ(r.conflicts.size(), 1u);
    EXPECT_EQ(r.conflicts[0].what, "the merged zones nest inside each other");
    EXPECT_EQ(r.conflicts[0].id, "data");
    EXPECT_EQ(*r.conflicts[0].theirs, Value("web"));
    EXPECT_EQ(r.merged.zones.at("web").parent, "data");
    EXPECT_EQ(r.merged.zones.at("data").parent, "");
}
