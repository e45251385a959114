#pragma once

// What a policy reaches, for drawing it on the canvas: the nodes in its
// scope, and the path a SP-RESIDENCY or SP-SEGMENTATION finding describes.

#include "diagnostic.h"
#include "topology.h"

#include <string>
#include <vector>

namespace sky {

class Catalog;

// The nodes a policy applies to: `applies-to: {tiers, zones, nodes, types}`
// (zones nested included), or every node without it; a segmentation's are
// the nodes within its `zone`. In id order.
std::vector<std::string> nodesInScope(const Topology &topology, const Catalog &catalog, const Policy &policy);

// The way a finding's data or requests travel: nodes in order, and the
// links between consecutive ones (and the link the finding names). Empty
// for other rules, or when the message names no path.
struct FindingPath
{
    std::vector<std::string> nodes;
    std::vector<std::string> links; // keys
    bool empty() const { return nodes.empty() && links.empty(); }
};
FindingPath findingPath(const Diagnostic &diagnostic, const Topology &topology);

// The placement a node takes from its zones: the nearest zone (following
// parents) whose placement names a provider, as the placement model reads
// it; empty when none. Sets `zone` to that zone. Safe on nesting loops.
Placement zonePlacementOf(const Topology &topology, const Node &node, std::string *zone = nullptr);

// The policy fields as the editor shows them: a list of texts (a scalar
// counts as a one-item list), and back.
std::vector<std::string> fieldTexts(const Policy &policy, const std::string &key);
void setFieldTexts(Policy &policy, const std::string &key, const std::vector<std::string> &texts);

} // namespace sky
