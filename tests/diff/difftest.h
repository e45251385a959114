#pragma once

#include "diff.h"
#include "topology.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

namespace sky::test {

// internet -> fw -> lb -> web -> db, zones dmz/web/data, one policy, a layout.
inline Topology smallTopology()
{
    Topology t;
    t.name = "shop";
    t.description = "A small shop.";
    t.addZone({"dmz", "DMZ", {}, {}});
    t.addZone({"web", "Web tier", {}, {}});
    t.addZone({"data", "Data tier", {}, {}});
    Node internet{"internet", "internet"};
    Node fw{"fw", "firewall"};
    fw.zone = "dmz";
    fw.properties["allow"] = Value(ValueList{Value("tcp/443")});
    Node lb{"lb", "load_balancer"};
    lb.zone = "dmz";
    lb.properties["port"] = Value(443);
    Node web{"web", "web_server"};
    web.zone = "web";
    web.replicas = 3;
    web.resources.cpu = 2;
    web.properties["image"] = Value("nginx:1.27");
    Node db{"db", "database"};
    db.zone = "data";
    db.region = "eu-west";
    db.properties["engine"] = Value("postgres");
    db.properties["password"] = Value::secret("DB_PASSWORD");
    double x = 0;
    for (Node *n : {&internet, &fw, &lb, &web, &db}) {
        t.addNode(*n, Point{x, 0});
        x += 160;
    }
    t.addLink({{"internet", "out"}, {"fw", "ext"}, "https", 443, {}, {}});
    t.addLink({{"fw", "int"}, {"lb", "in"}, {}, {}, {}, {}});
    t.addLink({{"lb", "out"}, {"web", "in"}, "http", 8080, {}, {}});
    t.addLink({{"web", "out"}, {"db", "in"}, {}, {}, {}, {}});
    t.policies["eu-only"] =
        Policy{"eu-only", "data-residency", {{"regions", Value(ValueList{Value("eu-west")})}}};
    return t;
}

inline std::string pointText(const std::optional<Point> &p)
{
    if (!p)
        return "-";
    std::ostringstream s;
    s << '(' << p->x << ',' << p->y << ')';
    return s.str();
}

// One line per reported fact, comparable with an expectation written by hand.
inline std::set<std::string> summary(const TopologyDiff &d)
{
    std::set<std::string> out;
    for (const Change &c : d.changes) {
        const std::string head = std::string(changeKindName(c.kind)) + ' ' +
                                 std::string(entityName(c.entity)) +
                                 (c.id.empty() ? "" : " " + c.id);
        switch (c.kind) {
        case Change::Kind::Added:
        case Change::Kind::Removed:
            out.insert(head);
            break;
        case Change::Kind::Renamed:
            out.insert("renamed node " + c.oldId + " -> " + c.id);
            break;
        case Change::Kind::Changed:
            for (const FieldChange &f : c.fields)
                out.insert(head + ' ' + f.key.text(c.entity) + ": " +
                           (f.before ? displayValue(*f.before) : "-") + " -> " +
                           (f.after ? displayValue(*f.after) : "-"));
            break;
        }
    }
    for (const Move &m : d.moves)
        out.insert("move " + m.node + ' ' + pointText(m.before) + " -> " + pointText(m.after));
    for (const FieldChange &f : d.layoutFields)
        out.insert("layout " + f.key.name);
    return out;
}

// The diff, after checking that applying it to `a` gives `b` exactly.
inline TopologyDiff checkedDiff(const Topology &a, const Topology &b)
{
    TopologyDiff d = diffTopologies(a, b);
    Topology applied = a;
    std::string error;
    EXPECT_TRUE(applyDiff(applied, d, error)) << error;
    EXPECT_TRUE(applied == b) << "applying the diff does not give the new topology";
    return d;
}

} // namespace sky::test
