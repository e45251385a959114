#pragma once

#include "diff.h"
#include "topology.h"

#include <QColor>
#include <QString>

#include <map>
#include <string>

namespace sky {

// How an item of a compared topology differs from the other side.
enum class Mark { None, Added, Removed, Changed, Moved };

struct CompareMarks
{
    std::map<std::string, Mark> nodes; // by id (the new id of a rename)
    std::map<std::string, Mark> links; // by key, in the new naming
    std::map<std::string, Mark> zones;
    bool empty() const { return nodes.empty() && links.empty() && zones.empty(); }
};

// What the compare view and `skyplan render --diff` draw: the new topology
// with the removed nodes, links and zones put back as ghosts at their old
// positions, and a mark per item that differs.
struct Comparison
{
    Topology shown;
    CompareMarks marks;
    TopologyDiff diff;
    std::map<std::string, std::string> renames; // old id -> new id
};

// The colour and the short word the canvas shows for a mark.
QColor markColor(Mark mark);
QString markText(Mark mark);

Comparison compareTopologies(const Topology &before, const Topology &after);

// The canvas subjects of one change (node ids, link keys, zone ids), as the
// compare view selects them.
std::vector<std::string> changeSubjects(const Change &change);

} // namespace sky
