#pragma once

// Private to skyplan_model: shared by the rule files, never included from a
// public header. It is the one place Boost.Graph types appear (STYLE.md 13).

#include "catalog.h"
#include "checks.h"
#include "topology.h"

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/range/iterator_range.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sky {
class ProviderSet;
}

namespace sky::detail {

// The nodes of a topology by index (in id order, as Topology::nodes keeps
// them), their types and the node index of each link's ends, built once per
// check and shared by the schema checks and the graph rules. Ids are found
// through a hash table, so no rule looks a node up by a string path.
struct TopologyIndex
{
    std::vector<const Node *> nodes;          // by index
    std::vector<const ComponentType *> types; // by index; null when the type is unknown
    std::vector<int> replicas;                // by index: read once, as rules test it per link
    std::vector<int> linkFrom, linkTo;        // by link index; -1 when the node is unknown
    static constexpr std::uint64_t kNoBandwidth = ~std::uint64_t(0);
    std::vector<std::uint64_t> linkBandwidth; // by link index: its declared bandwidth, else kNoBandwidth
    // The node fields the rules read, gathered in the one pass over the
    // nodes: at 100,000 nodes the nodes no longer fit in the cache, and each
    // rule's own pass over them would fetch every node again.
    std::vector<int> zone, region;            // by index: into zoneNames, regionNames
    std::vector<std::string_view> zoneNames;  // distinct zone names, "" (no zone) first
    std::vector<std::string_view> regionNames; // distinct regions, "" (no region) first
    // Resources: the node's own, else its type's default; 0 without a type
    // (bandwidth: its own, if any). Not multiplied by replicas.
    std::vector<double> cpu, memory, bandwidth;

    // Told of each node and link the moment the index has read it, so that
    // a check that reads every node and link (the schema checks) does so
    // while they are in the cache: at 100,000 nodes they no longer fit, and
    // a pass of its own fetched the whole topology from memory again.
    class Visitor
    {
    public:
        // Node i is indexed (nodes[i] .. bandwidth[i], id(i)); indexOf
        // knows nodes 0 .. i only.
        virtual void node(std::size_t i) = 0;
        virtual void nodesDone() = 0; // every node is indexed; no link yet
        // Link k is indexed (linkFrom[k], linkTo[k], linkBandwidth[k]), and
        // so are up to kVisitDelay links after it; those after them are
        // not yet (they read 0, not -1).
        virtual void link(std::size_t k) = 0;
        // Link k is indexed, and link(k) follows kVisitDelay links later:
        // time to fetch what it will read at the link's `to` end, which
        // lies anywhere in the nodes (at 100,000 nodes, a miss a link).
        virtual void linkAhead(std::size_t k) = 0;
    protected:
        ~Visitor() = default;
    };

    static constexpr std::size_t kVisitDelay = 8;

    TopologyIndex() = default;
    TopologyIndex(const Topology &topology, const Catalog &catalog) { build(topology, catalog, nullptr); }
    void build(const Topology &topology, const Catalog &catalog, Visitor *visitor); // on an empty index
    int indexOf(std::string_view id) const; // -1 when absent
    // The i-th node's id, from the index's own copy of the ids: a rule that
    // names thousands of nodes reads them side by side instead of fetching
    // each node from wherever the topology keeps it.
    std::string_view id(std::size_t i) const { return std::string_view(m_ids).substr(m_idStart[i], m_idStart[i + 1] - m_idStart[i]); }

    // Where id(i) ends in the index's copy of the ids (and id(i + 1) starts): for fetching ahead.
    const std::uint32_t &idEnd(std::size_t i) const { return m_idStart[i + 1]; }

private:
    int find(std::string_view id, std::size_t hash) const;
    int startOf(const Link &link, int previous, const Link *before) const;
    // The ids side by side, so a lookup compares against compact memory
    // rather than chasing each node. A slot holds the id's place in m_ids
    // itself: a lookup reads the slot, then the characters, and no third
    // place in between (at 100,000 nodes each is a miss). Sixteen bytes, so
    // the table of 100,000 ids takes 4 MB.
    struct Slot
    {
        std::uint32_t hash = 0;
        std::uint32_t index = 0; // index + 1; 0: empty
        std::uint32_t start = 0, size = 0; // the id in m_ids
    };
    std::string m_ids;
    std::vector<std::uint32_t> m_idStart; // by index, and the end of the last id
    std::vector<Slot> m_slots;
};

// Request flow as a Boost graph, built once per check. Vertex i < nodeCount
// is the i-th node of the topology (nodes are ordered by id); the last vertex
// is a virtual root with an edge to every entry point, so "reachable from an
// entry point" is "reachable from the root". Edge property: the index of the
// link in Topology::links, or -1 for the root's edges. A compressed sparse
// row graph: built in one pass with no allocation per edge, and each
// vertex's out-edges keep the order they were added in (root edges by
// vertex, then links in Topology::links order).
struct EdgeData
{
    int link = -1;
};
using Graph = boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property, EdgeData, boost::no_property,
                                                std::uint32_t, std::uint32_t>;
using Vertex = Graph::vertex_descriptor;
using Edge = Graph::edge_descriptor;

// The index's linkFrom and linkTo are both -1 here when either end is unknown.
struct GraphView : TopologyIndex
{
    Graph graph;
    std::size_t nodeCount = 0;
    Vertex root = 0;
    std::vector<std::string_view> tierOf; // "" when the type is unknown
    std::vector<char> entry;              // requests originate here
    std::vector<char> external;           // an entry point of the edge tier: the internet, not ours
    std::vector<char> barrier;            // a security-tier node (firewall, VPN gateway)
    std::vector<char> dataTier;           // data or storage tier
    std::vector<char> linked;             // has at least one link
    // Breadth-first search from the root along request flow.
    std::vector<char> reachable;
    std::vector<int> predLink; // the tree link that first reached each vertex; -1 for none

    Vertex vertexOf(const std::string &id) const; // the root when absent
};

GraphView buildGraphView(TopologyIndex index);

// Builds the index of `topology` and runs the schema checks as it goes.
TopologyIndex indexCheckingSchema(const Topology &topology, const Catalog &catalog, const SourceMap &sources,
                                  const std::string &file, std::vector<Diagnostic> &out);

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

    // Room for `more` findings beyond those reported so far, for a rule
    // about to report many: the findings are moved once, not at each doubling.
    void reserve(std::size_t more)
    {
        // Half as much again for the rules that follow, as a growing vector
        // would have; left untouched, the spare room is address space only.
        const std::size_t wanted = m_out.size() + more;
        if (wanted > m_out.capacity())
            m_out.reserve(wanted + wanted / 2);
    }
    // False when the topology turned the rule off.
    bool enabled(std::string_view rule) const;
    // The message and subjects are copied into blocks the findings of this
    // check share (a TextArena): a rule may build them in a reused buffer.
    void report(std::string_view rule, std::string_view message, const Subjects &subjects,
                const std::string &sourcePath);
    // The same with the source path in two parts ("nodes/", id), joined in a
    // reused buffer: for rules that report thousands of findings.
    void report(std::string_view rule, std::string_view message, const Subjects &subjects,
                std::string_view pathPrefix, std::string_view pathRest);
    // The same about one subject, which goes straight into the shared blocks.
    void reportSubject(std::string_view rule, std::string_view message, std::string_view subject,
                       std::string_view pathPrefix, std::string_view pathRest);

private:
    const SourceMap &m_sources;
    const std::string &m_file;
    std::vector<Diagnostic> &m_out;
    const RuleInfo *m_rule = nullptr; // the last rule reported, looked up once
    std::string m_path;               // buffer for the two-part report()
    TextArena m_texts;                // messages and subjects of the findings

    void push(std::string_view rule, SharedText message, Subjects subjects, const std::string &sourcePath);
};

// The rule families, each in its own file.
void checkGraphRules(CheckContext &ctx, const GraphView &view);  // graphrules.cpp
void checkSpof(CheckContext &ctx, const GraphView &view);        // spofrule.cpp
void checkBandwidth(CheckContext &ctx, const GraphView &view);   // flowrule.cpp
void checkPolicies(CheckContext &ctx, const GraphView &view);    // policyrules.cpp
void checkInventory(CheckContext &ctx, const GraphView &view);   // policyrules.cpp: budget, isolated, empty zones
void checkPlacement(CheckContext &ctx, const ProviderSet &providers); // placement/placementcheck.cpp

std::string linkKey(const Topology &t, int link);
// "internet → fw → db": the path to v along a search tree (predLink: the
// tree link that reached each vertex, -1 at its start), such as the
// view's own; each link's key is added to linkKeys when given.
std::string pathOf(const GraphView &view, const std::vector<int> &predLink, Vertex v, Subjects *linkKeys,
                   const Topology &t);
std::string joinIds(const std::vector<std::string> &ids, std::size_t max = 5);

} // namespace sky::detail
