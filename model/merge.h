#pragma once

#include "diff.h"
#include "topology.h"

#include <optional>
#include <string>
#include <vector>

namespace sky {

// One place where both sides changed the same thing differently, or one
// changed what the other removed. Nothing is lost: the merged topology keeps
// one value (`kept`) and the record keeps all three.
struct MergeConflict
{
    Entity entity = Entity::Node;
    std::string id; // node, zone or policy id, link key; empty for the topology
    std::optional<FieldKey>
        field; // absent: the whole entity (changed on one side, removed on the other)
    std::optional<Value> base; // absent: not there (a whole entity: its fields as a map)
    std::optional<Value> ours;
    std::optional<Value> theirs;
    std::string what;     // "both changed", "ours changed, theirs removed", "both renamed"…
    std::string kept;     // "ours" or "theirs"
    std::string nodeType; // for a node's property: its type, to know what is secret

    std::string where() const; // "node web, properties.port"
};

struct MergeResult
{
    Topology merged; // with the conflicts recorded under kConflictsKey when there are any
    std::vector<MergeConflict> conflicts;
    std::vector<std::string> notes; // resolved on their own, e.g. a node both sides moved
    bool clean() const { return conflicts.empty(); }
};

// The top-level key of a merged file that lists its conflicts. Format 1 does
// not know it, so `skyplan validate` reports it until the user resolves the
// conflicts and deletes it.
inline constexpr const char *kConflictsKey = "merge-conflicts";

// Three-way merge by stable ids. Renames on either side (diffTopologies'
// detection) are followed, so a property change on one side reaches a node
// the other side renamed. Independent changes, down to single properties,
// merge cleanly; layout positions both sides changed keep ours (a note, not a
// conflict). A link or zone membership pointing at something the other side
// removed brings that thing back, as a conflict, so the result always reads.
MergeResult mergeTopologies(const Topology &base, const Topology &ours, const Topology &theirs);

// The conflicts as written under kConflictsKey.
Value conflictsValue(const std::vector<MergeConflict> &conflicts);

} // namespace sky
