#pragma once

// The placement requirements a topology asserts as policies, parsed: kinds
// data-residency (regions: ids, countries or jurisdictions), compliance
// (certifications all required), platform (platforms: any of; exclude: none
// of), provider (allow / exclude), spread (across: regions or providers,
// at-least: N), each scoped by `applies-to: {tiers, zones, nodes, types}` or
// applying to every node. Shared by the placement and by SP-POLICY.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sky {

class Topology;
struct Node;
struct Policy;
struct Region;
struct ProviderProfile;

// Whether `kind` is one of the placement kinds above (data-residency is
// checked by SP-RESIDENCY too, and is not in this list).
bool isPlacementPolicyKind(const std::string &kind);

struct PlacementPolicy
{
    std::string id, kind;
    bool everything = true;
    std::vector<std::string> tiers, zones, nodes, types;
    std::vector<std::string> values;  // regions, certifications, platforms or allowed providers
    std::vector<std::string> exclude; // platforms or providers
    int atLeast = 2;                  // spread
    bool byProvider = false;          // spread across providers

    bool appliesTo(const Topology &topology, const Node &node, std::string_view tier) const;
    // Whether a location meets it (spread: always; it is judged per group).
    bool allows(const ProviderProfile &provider, const Region &region) const;
    // "eu-only (EU, CH)": for messages.
    std::string summary() const;
};

// The policy parsed, or nullopt with the reasons in `problems` (phrased for
// SP-POLICY, without the policy id). Kinds other than the placement kinds
// and data-residency give nullopt and no problem.
std::optional<PlacementPolicy> parsePlacementPolicy(const Policy &policy, std::vector<std::string> &problems);

} // namespace sky
