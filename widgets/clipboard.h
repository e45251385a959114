#pragma once

#include "topology.h"

#include <optional>
#include <string>
#include <vector>

namespace sky {

// The clipboard carries a descriptor fragment: a small topology of the
// selected nodes, the links between them, the zones they sit in and their
// positions, written as native YAML (text/plain), so pasting into another
// window or into a text editor works.
Topology fragmentOf(const Topology &topology, const std::vector<std::string> &nodes);
std::string fragmentText(const Topology &topology, const std::vector<std::string> &nodes);

// A fragment read back from clipboard text; nullopt when the text is not a
// descriptor with at least one node.
std::optional<Topology> fragmentFromText(const std::string &text);

} // namespace sky
