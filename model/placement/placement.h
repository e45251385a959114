#pragma once

// Placement: where each node of a topology may run and where it is
// cheapest, under the topology's requirements (policies of kinds
// data-residency, compliance, platform, provider, spread, and the money
// budget). A location is a (provider, region) of the loaded profiles; at a
// location a node runs on the cheapest offering that serves its type and
// fits its resources (or on its pinned size). The cost of a placement is
// each node's offering, storage and internet transfer, plus the transfer of
// every link whose ends land in different regions or providers. Small
// designs are solved exactly as a mixed-integer program (GLPK); large ones
// by alpha-expansion over Boost.Graph's Boykov-Kolmogorov max-flow, always
// with a lower bound. The solvers themselves live in solver.h.

#include "provider.h"

#include <deque>
#include <limits>
#include <map>
#include <unordered_map>
#include <optional>
#include <string>
#include <vector>

namespace sky {

class Catalog;
class Topology;
struct ComponentType;
struct Node;
struct Link;

inline constexpr double kHoursPerMonth = 730;
// A link without `traffic:` carries this share of its bandwidth (its own,
// else the smaller of its ends' bandwidths), averaged over the month.
inline constexpr double kDefaultUtilisation = 0.001;
// Object storage without a `size` property holds this many GB.
inline constexpr double kDefaultObjectStorageGb = 100;

// One requirement a node is subject to, as parsed from a policy, or an
// implicit one: the type must be offered, the region open, a pin honoured.
struct Requirement
{
    enum class Kind { Residency, Compliance, Platform, Provider, Spread, Offered, Open, Pinned };
    Kind kind = Kind::Offered;
    std::string policy;   // the policy id; empty for implicit ones
    std::string_view summary; // "eu-only (EU)", "pci (PCI DSS)": text the model owns
};

// The locations (provider, region) of a set of profiles, numbered.
struct Location
{
    const ProviderProfile *provider = nullptr;
    const Region *region = nullptr;
    int providerIndex = 0;
    std::string text() const { return provider->id + "/" + region->id; }
};

// The cost of one node at one location: the offering it would run on and
// what it costs a month (its replicas included).
struct NodeCost
{
    const Offering *offering = nullptr; // null: nothing serves the node there
    double compute = 0;  // offering (instances or managed service)
    double storage = 0;  // its storage, per GB-month
    double internet = 0; // transfer of its links to external nodes (the internet)
    double total() const { return compute + storage + internet; }
    std::string why; // when no offering: why not
};

// What placement reads of a topology, with the profiles: the placeable nodes
// (every node but external ones such as the internet), their requirements
// and costs per location, and the links between them with their traffic.
class PlacementModel
{
public:
    // AllLocations judges and prices every node at every location (for
    // `place`); CurrentOnly only where each node is placed now (for the
    // checks and `cost`, which must stay fast at 100,000 nodes): then
    // excludedBy, feasible and cost answer for current(node) alone.
    enum class Extent { AllLocations, CurrentOnly };
    PlacementModel(const Topology &topology, const Catalog &catalog, const ProviderSet &providers,
                   Extent extent = Extent::AllLocations);

    const std::vector<Location> &locations() const { return m_locations; }
    int locationOf(std::string_view provider, std::string_view region) const; // -1 when unknown

    // Placeable nodes, in id order.
    const std::vector<const Node *> &nodes() const { return m_nodes; }
    int nodeIndex(std::string_view id) const; // -1 when not placeable
    // The node's requirements, and per location the indexes of those that
    // exclude it (empty: feasible).
    const std::vector<Requirement> &requirements(int node) const { return m_reqs[std::size_t(node)]; }
    const std::vector<int> &excludedBy(int node, int location) const
    {
        return m_excluded[slot(std::size_t(node), std::size_t(location))];
    }
    bool feasible(int node, int location) const { return excludedBy(node, location).empty(); }
    const NodeCost &cost(int node, int location) const
    {
        return m_costs[slot(std::size_t(node), std::size_t(location))];
    }
    // The location the node is placed at now (own placement, else its
    // zone's pin), and whether that is a pin; -1 when unplaced or unknown.
    int current(int node) const { return m_current[std::size_t(node)]; }
    bool pinned(int node) const { return m_pinned[std::size_t(node)]; }
    // The node's cost where it is placed now, on the size its placement
    // names (else the cheapest there); no offering when unplaced.
    NodeCost costAsPlaced(int node) const;

    struct Edge
    {
        int a = 0, b = 0;      // placeable node indexes
        double traffic = 0;    // GB a month
        int link = 0;          // index in Topology::links
    };
    const std::vector<Edge> &edges() const { return m_edges; }
    // Transfer cost a month of `traffic` GB between two locations: nothing
    // within a region; between regions each side's inter-region price on
    // half; between providers each side's `out` price on half.
    double transfer(double traffic, int la, int lb) const;

    struct SpreadGroup
    {
        std::string policy;
        std::vector<int> nodes;
        int atLeast = 2;
        bool byProvider = false;
    };
    const std::vector<SpreadGroup> &spreads() const { return m_spreads; }

    // The money budget a month, if the topology sets one (and its currency).
    std::optional<double> budget() const { return m_budget; }
    const std::string &budgetCurrency() const { return m_budgetCurrency; }

    // Placements that name what the profiles do not hold: an unknown
    // provider, region or size, with the choices (for SP-PLACEMENT).
    const std::vector<std::pair<int, std::string>> &placementProblems() const { return m_placementProblems; }

    // Problems with the requirements (malformed policies, unknown names),
    // phrased for SP-POLICY, each with the policy id.
    const std::vector<std::pair<std::string, std::string>> &policyProblems() const { return m_policyProblems; }

    // For infeasible nodes: the smallest set of requirements whose allowed
    // locations do not meet, phrased "eu-only (EU) and pci (PCI DSS) leave
    // no location".
    std::string conflict(int node) const;
    // "excluded by eu-only (EU): aws/us-east-1, aws/us-west-2; …" for messages.
    std::string exclusions(int node) const;

    // Cost of a whole assignment (location per node, -1 unplaced: costs nothing).
    double totalCost(const std::vector<int> &assignment) const;

private:
    void readPolicies(const Topology &topology);
    void computeCosts(const Topology &topology, const Catalog &catalog);
    NodeCost nodeCost(const Node &node, const ComponentType &type, const Location &loc, double internetGb,
                      const std::string &size) const;
    std::string loadedProviders() const;

    std::size_t slot(std::size_t node, std::size_t location) const
    {
        return m_full ? node * m_locations.size() + location : node;
    }
    // The locations judged for a node: all, or its current one.
    std::size_t first(std::size_t node) const { return m_full ? 0 : m_current[node] < 0 ? 0 : std::size_t(m_current[node]); }
    std::size_t last(std::size_t node) const
    {
        return m_full ? m_locations.size() : m_current[node] < 0 ? 0 : std::size_t(m_current[node]) + 1;
    }

    bool m_full = true;
    std::vector<Location> m_locations;
    std::vector<const Node *> m_nodes;
    std::vector<const ComponentType *> m_types;
    std::unordered_map<std::string_view, int> m_index; // ids as the topology holds them
    std::unordered_map<std::string, int> m_locationIndex; // "provider\nregion"
    // Per provider index: the offerings serving each catalog type.
    std::vector<std::unordered_map<std::string_view, std::vector<const Offering *>>> m_offerings;
    std::deque<std::string> m_texts; // what requirements' summaries point into
    std::vector<std::vector<Requirement>> m_reqs;
    std::vector<std::vector<int>> m_excluded;
    std::vector<NodeCost> m_costs;
    std::vector<int> m_current;
    std::vector<char> m_pinned;
    std::vector<std::string> m_size; // the size a pin asks for, per node
    std::vector<std::string> m_recordedSize; // the size written in the placement, pinned or not
    std::vector<double> m_internetGb;
    std::vector<std::pair<int, std::string>> m_placementProblems;
    std::vector<Edge> m_edges;
    std::vector<SpreadGroup> m_spreads;
    std::optional<double> m_budget;
    std::string m_budgetCurrency;
    std::vector<std::pair<std::string, std::string>> m_policyProblems;
    std::vector<double> m_regionRate, m_providerRate; // per location: inter-region, out beyond it
};

// The traffic of a link a month: its `traffic:`, else the default share of
// its bandwidth (its own, else the smaller of its ends').
double linkTraffic(const Link &link, const Topology &topology, const Catalog &catalog);

struct PlaceOptions
{
    enum class Method { Auto, Exact, Expansion };
    Method method = Method::Auto;
    bool keep = false;           // keep placed nodes where they may stay
    std::size_t exactLimit = 200; // Auto: exact up to this many free nodes
    double timeLimitSeconds = 30; // for the exact solver
};

struct PlaceResult
{
    bool feasible = false;
    std::vector<std::string> conflicts; // why not, per node or requirement
    std::vector<int> assignment;        // location per placeable node
    double cost = 0;                    // a month
    double lowerBound = 0;
    std::string method;                 // "exact (GLPK)", "alpha-expansion (Boost max-flow)"
    bool optimal = false;
    double gap() const { return cost > 0 ? (cost - lowerBound) / cost : 0; }
    // With keep: the nodes moved and the cost before.
    struct Move
    {
        int node = 0;
        int from = -1, to = -1;
        std::string why;
    };
    std::vector<Move> moves;
    double costBefore = 0;
};

PlaceResult place(const PlacementModel &model, const PlaceOptions &options = {});

// The placement of every node a result places, for writing into the topology.
void applyPlacement(Topology &topology, const PlacementModel &model, const PlaceResult &result);

} // namespace sky
