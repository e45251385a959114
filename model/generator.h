#pragma once

#include "topology.h"

#include <cstdint>

namespace sky {

class Catalog;

struct GeneratorOptions
{
    int nodes = 100;
    double linksPerNode = 1.5;
    std::uint32_t seed = 1;
    bool layout = true; // give every node a position: tiers left to right, a tall one wrapped (rankgrid.h)
};

// A plausible layered topology (internet → firewalls → load balancers → web →
// app → data and storage) with required properties filled in from the
// catalog, for tests, benchmarks and `skyplan generate`. Deterministic for a
// given seed.
Topology generateTopology(const Catalog &catalog, const GeneratorOptions &options);

} // namespace sky
