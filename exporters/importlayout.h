#pragma once

namespace sky {

class Catalog;
class Topology;

// Gives every node without a position a place on a tiered grid: one column
// per catalog tier (edge, security, network, compute, data, storage), nodes
// of a tier stacked by id. For imports, whose sources carry no layout.
void layOut(Topology &topology, const Catalog &catalog);

} // namespace sky
