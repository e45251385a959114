#include "importlayout.h"

#include "catalog.h"
#include "topology.h"

#include <map>

namespace sky {

void layOut(Topology &topology, const Catalog &catalog)
{
    constexpr double columnWidth = 200;
    constexpr double rowHeight = 120;
    std::map<int, int> rows; // column -> nodes placed so far
    for (const auto &[id, n] : topology.nodes) {
        if (topology.layout.nodes.count(id))
            continue;
        const ComponentType *type = catalog.type(n.type);
        const int column = type ? int(type->tier) : int(Tier::Compute);
        const int row = rows[column]++;
        topology.layout.nodes[id] = Point{column * columnWidth, row * rowHeight};
    }
}

} // namespace sky
