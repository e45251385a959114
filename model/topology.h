#pragma once

#include "value.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sky {

inline constexpr int kFormatVersion = 1;

// cpu in cores, memory in bytes, bandwidth in bits per second.
struct Resources
{
    std::optional<double> cpu;
    std::optional<std::uint64_t> memory;
    std::optional<std::uint64_t> bandwidth;
    ValueMap extra; // keys the format does not know, kept for the round trip

    bool empty() const { return !cpu && !memory && !bandwidth && extra.empty(); }
    friend bool operator==(const Resources &, const Resources &) = default;
};

// Where a node (or every node of a zone) runs: a provider of a profile, one
// of its regions and optionally an offering (an instance size). `pinned`
// marks the user's choice, which `skyplan place` never moves; a placement
// without it was chosen by `skyplan place` and may be re-chosen.
struct Placement
{
    std::string provider;
    std::string region;
    std::string size;
    bool pinned = false;

    bool empty() const { return provider.empty() && region.empty() && size.empty() && !pinned; }
    friend bool operator==(const Placement &, const Placement &) = default;
};

struct Node
{
    std::string id;
    std::string type;
    std::string label;
    std::string zone;
    std::string region;
    std::string host; // the node this one is hosted on (TOSCA HostedOn): placed on it, not linked to it
    int replicas = 1;
    Resources resources;
    ValueMap properties;
    ValueMap extra;
    Placement placement; // last, so brace initialisers written before it still hold

    friend bool operator==(const Node &, const Node &) = default;
};

// One end of a link: `node.terminal`, or `node` alone for the node's default
// terminal in the link's direction (terminal left empty).
struct Endpoint
{
    std::string node;
    std::string terminal;

    std::string text() const
    {
        std::string s;
        appendText(s);
        return s;
    }
    // Appends text() to `s`, without a temporary: for rules that name
    // thousands of links.
    void appendText(std::string &s) const
    {
        s += node;
        if (!terminal.empty()) {
            s += '.';
            s += terminal;
        }
    }
    static Endpoint parse(const std::string &text);
    friend auto operator<=>(const Endpoint &, const Endpoint &) = default;
};

struct Link
{
    Endpoint from; // an `out` terminal: the side that sends requests
    Endpoint to;   // an `in` terminal: the side that serves them
    std::string protocol;
    std::optional<int> port;
    std::optional<std::uint64_t> bandwidth; // bits per second
    ValueMap extra;
    std::optional<double> traffic; // GB per month, both ways together (placement and cost); last, as above

    std::string key() const
    {
        std::string s;
        appendKey(s);
        return s;
    }
    void appendKey(std::string &s) const // appends key() to `s`
    {
        appendKey(s, from.node, to.node);
    }
    // The same with the ends' node ids given apart (from a packed copy of
    // the ids, say), the terminals from this link.
    void appendKey(std::string &s, std::string_view fromNode, std::string_view toNode) const
    {
        appendEnd(s, fromNode, from.terminal);
        s += " -> ";
        appendEnd(s, toNode, to.terminal);
    }
    static void appendEnd(std::string &s, std::string_view node, const std::string &terminal)
    {
        s += node;
        if (!terminal.empty()) {
            s += '.';
            s += terminal;
        }
    }
    friend bool operator==(const Link &, const Link &) = default;
};

struct Zone
{
    std::string id;
    std::string label;
    std::string parent; // zones nest; empty at the top
    ValueMap extra;
    Placement placement; // pins every node within (nested zones too) that has no placement of its own

    friend bool operator==(const Zone &, const Zone &) = default;
};

// A policy is a kind and its kind-specific fields (applies-to, regions, …).
struct Policy
{
    std::string id;
    std::string kind;
    ValueMap fields;

    friend bool operator==(const Policy &, const Policy &) = default;
};

struct Point
{
    double x = 0;
    double y = 0;
    friend bool operator==(const Point &, const Point &) = default;
};

// Positions only, apart from meaning: rules, exporters and diffs ignore it.
struct Layout
{
    std::map<std::string, Point> nodes;
    ValueMap extra;
    friend bool operator==(const Layout &, const Layout &) = default;
};

// The whole design, a plain value. Nodes, zones and policies are keyed by id
// (unique by construction); links are kept sorted and free of duplicates by
// the edit operations below and by the reader.
class Topology
{
public:
    std::string name;
    std::string description;
    std::vector<std::string> catalogs; // extra catalog files, relative to the topology file
    // Provider profiles the design may use: a built-in profile's id (`aws`)
    // or a profile file relative to the topology file (`our-dc.yaml`).
    std::vector<std::string> providers;
    Resources budget;
    ValueMap requirements;
    std::map<std::string, std::string> rules; // rule id -> severity or "off"
    std::map<std::string, Node> nodes;
    std::vector<Link> links;
    std::map<std::string, Zone> zones;
    std::map<std::string, Policy> policies;
    Layout layout;
    ValueMap extra;

    const Node *node(const std::string &id) const;
    Node *node(const std::string &id);
    const Zone *zone(const std::string &id) const;
    // Whether zone `zone` is `ancestor` or nested in it, following parents;
    // safe on nesting loops and unknown parents (a file may hold either).
    bool zoneWithin(std::string zone, const std::string &ancestor) const;

    // Edit operations that keep the topology consistent. Each returns false
    // (and changes nothing) when it cannot apply: unknown or taken ids.
    bool addNode(Node node, std::optional<Point> position = {});
    bool removeNode(const std::string &id);       // and its links, position, name in policies and as a host
    bool renameNode(const std::string &from, const std::string &to); // rewrites links, hosts, layout, policies
    bool addLink(Link link);                      // kept sorted; refuses duplicates
    bool removeLink(const Endpoint &from, const Endpoint &to);
    bool addZone(Zone zone);
    bool removeZone(const std::string &id);       // members and child zones move to its parent
    bool renameZone(const std::string &from, const std::string &to); // rewrites members, child zones, policies
    bool setNodeZone(const std::string &node, const std::string &zone);

    std::vector<const Link *> linksOf(const std::string &nodeId) const;
    int linkIndex(const Endpoint &from, const Endpoint &to) const; // -1 when absent
    void sortLinks();

    friend bool operator==(const Topology &, const Topology &) = default;
};

// Rename what a policy names, as renameNode and renameZone do for every
// policy: a node in `applies-to: {nodes: [...]}`; a zone in a segmentation's
// `zone` and `allow-from` and in `applies-to: {zones: [...]}`. True when
// anything changed.
bool renameNodeInPolicy(Policy &policy, const std::string &from, const std::string &to);
bool renameZoneInPolicy(Policy &policy, const std::string &from, const std::string &to);
// Drop a deleted node from `applies-to: {nodes: [...]}`, as removeNode does
// for every policy; true when it was named. The node and its data are gone,
// so nothing is loosened; a scope left with no name at all guards nothing
// (not everything), and SP-POLICY reports it. A deleted zone is not dropped
// this way: its members move to its parent, so dropping it would free them
// from a residency scope or a segmentation's `allow-from` without a word.
// Its name stays, and SP-POLICY reports it until someone decides.
bool removeNodeFromPolicy(Policy &policy, const std::string &id);
// Whether a policy names the zone where renameZoneInPolicy would rewrite it.
bool policyNamesZone(const Policy &policy, const std::string &zone);

bool linkLess(const Link &a, const Link &b);
bool isValidId(const std::string &id);

} // namespace sky
