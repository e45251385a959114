#pragma once

// Private to skyplan_model: shared by the rule files, never included from a
// public header. It is the one place Boost.Graph types appear (STYLE.md 13).

#include "catalog.h"
#include "checks.h"
#include "topology.h"

#include <boost/graph/adjacency_list.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace sky::detail {

// Request flow as a Boost graph, built once per check. Vertex i < nodeCount
// is the i-th node of the topology (nodes are ordered by id); the last vertex
// is a virtual root with an edge to every entry point, so "reachable from an
// entry point" is "reachable from the root". Edge property: the index of the
// link in Topology::links, or -1 for the root's edges.
struct EdgeData
{
    int link = -1;
};
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property, EdgeData>;
using Vertex = Graph::vertex_descriptor;
using Edge = Graph::edge_descriptor;

struct GraphView
{
    Graph graph;
    std::size_t nodeCount = 0;
    Vertex root = 0;
    std::vector<const Node *> nodes;         // by vertex
    std::vector<const ComponentType *> types; // by vertex; null when the type is unknown
    std::vector<std::string> tierOf;         // "" when the type is unknown
    std::vector<char> entry;                 // requests originate here
    std::vector<char> external;              // an entry point of the edge tier: the internet, not ours
    std::vector<char> barrier;               // a security-tier node (firewall, VPN gateway)
    std::vector<char> dataTier;              // data or storage tier
    std::vector<char> linked;                // has at least one link
    std::vector<int> linkFrom, linkTo;       // by link index; -1 when the node is unknown
    // Breadth-first search from the root along request flow.
    std::vector<char> reachable;
    std::vector<int> predLink; // the tree link that first reached each vertex; -1 for none

    Vertex vertexOf(const std::string &id) const;
    // Entry point → … → vertex, as the links of the BFS tree.
    std::vector<int> pathTo(Vertex v) const;
    std::string pathText(Vertex v) const; // "internet → fw → db"

private:
    friend GraphView buildGraphView(const Topology &, const Catalog &);
    std::vector<std::pair<std::string_view, Vertex>> m_index; // sorted by id
};

GraphView buildGraphView(const Topology &topology, const Catalog &catalog);

// What every rule needs to report: the topology, its sources and the output.
class CheckContext
{
public:
    CheckContext(const Topology &t, const Catalog &c, const SourceMap &s, const std::string &file,
                 std::vector<Diagnostic> &out)
        : topology(t), catalog(c), m_sources(s), m_file(file), m_out(out)
    {}

    const Topology &topology;
    const Catalog &catalog;

    // False when the topology turned the rule off.
    bool enabled(std::string_view rule) const;
    void report(std::string_view rule, std::string message, std::vector<std::string> subjects,
                const std::string &sourcePath);

private:
    const SourceMap &m_sources;
    const std::string &m_file;
    std::vector<Diagnostic> &m_out;
};

// The rule families, each in its own file.
void checkGraphRules(CheckContext &ctx, const GraphView &view);  // graphrules.cpp
void checkSpof(CheckContext &ctx, const GraphView &view);        // spofrule.cpp
void checkBandwidth(CheckContext &ctx, const GraphView &view);   // flowrule.cpp
void checkPolicies(CheckContext &ctx, const GraphView &view);    // policyrules.cpp
void checkInventory(CheckContext &ctx, const GraphView &view);   // policyrules.cpp: budget, isolated, empty zones

std::string linkKey(const Topology &t, int link);
std::string joinIds(const std::vector<std::string> &ids, std::size_t max = 5);

} // namespace sky::detail
