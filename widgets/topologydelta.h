#pragma once

#include "topology.h"
#include "topologychange.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sky {

// The design-wide settings an edit may change as one entity: requirements
// (throughput, …), the budget (resources and money) and the provider
// profiles in use.
struct TopologySettings
{
    ValueMap requirements;
    Resources budget;
    std::vector<std::string> providers;
    friend bool operator==(const TopologySettings &, const TopologySettings &) = default;
};

// The before and after states of the entities one edit touches, keyed by id
// (links by key). An absent optional means "does not exist". Applying a
// delta looks every target up by id, so it never holds a pointer into the
// topology.
struct TopologyDelta
{
    template<typename T>
    struct Entry
    {
        std::optional<T> before;
        std::optional<T> after;
        friend bool operator==(const Entry &, const Entry &) = default;
    };

    std::map<std::string, Entry<Node>> nodes;
    std::map<std::string, Entry<Point>> positions;
    std::map<std::string, Entry<Link>> links;
    std::map<std::string, Entry<Zone>> zones;
    std::map<std::string, Entry<Policy>> policies;
    std::optional<Entry<TopologySettings>> settings;

    // Records the current state of a target as its "before" (once) and its
    // "after" (the caller edits `after` next).
    Entry<Node> &node(const Topology &t, const std::string &id);
    Entry<Point> &position(const Topology &t, const std::string &id);
    Entry<Link> &link(const Topology &t, const Link &link);
    Entry<Zone> &zone(const Topology &t, const std::string &id);
    Entry<Policy> &policy(const Topology &t, const std::string &id);
    Entry<TopologySettings> &topologySettings(const Topology &t);

    bool isNoOp() const;
    bool empty() const { return nodes.empty() && positions.empty() && links.empty() && zones.empty()
                                 && policies.empty() && !settings; }
    bool sameTargets(const TopologyDelta &other) const;
    void mergeLater(const TopologyDelta &later); // keeps our befores, takes its afters

    // Sets every target to its after (forward) or before state.
    TopologyChange apply(Topology &topology, bool forward) const;
};

} // namespace sky
