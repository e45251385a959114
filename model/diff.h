#pragma once

#include "topology.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sky {

class Catalog;

// What a diff or a merge compares: the parts of a topology that have stable
// ids, and the topology itself.
enum class Entity { Topology, Node, Link, Zone, Policy };
std::string_view entityName(Entity e); // "topology", "node", …

// One field of an entity. `Field` is a named field of the format (label,
// zone, protocol…); `Resource` a key under resources (budget for the
// topology); `Property` a key under properties (requirements for the
// topology); `Rule` a key under the topology's rules; `Extra` a field the
// format does not know (for a policy: its kind-specific fields).
struct FieldKey
{
    enum class Group { Field, Resource, Property, Rule, Extra };
    Group group = Group::Field;
    std::string name;

    // As the descriptor spells it: "label", "resources.cpu", "properties.port",
    // "budget.cpu", "requirements.uptime", "rules.SP-SPOF", "owner".
    std::string text(Entity entity) const;
    friend auto operator<=>(const FieldKey &, const FieldKey &) = default;
};

// An entity as a flat map from field to value. A field at its default value
// (empty text, one replica, no port…) is absent, so the map is minimal and
// two entities mean the same exactly when their maps are equal.
using FieldMap = std::map<FieldKey, Value>;

FieldMap fieldsOf(const Node &node);
FieldMap fieldsOf(const Link &link);
FieldMap fieldsOf(const Zone &zone);
FieldMap fieldsOf(const Policy &policy);
FieldMap fieldsOf(const Topology &topology);   // top-level fields only
FieldMap layoutFieldsOf(const Layout &layout); // layout extras only

// The inverse of fieldsOf: false (with `error` set) when a value has a kind
// the field cannot hold.
bool applyFields(Node &node, const FieldMap &fields, std::string &error);
bool applyFields(Link &link, const FieldMap &fields, std::string &error);
bool applyFields(Zone &zone, const FieldMap &fields, std::string &error);
bool applyFields(Policy &policy, const FieldMap &fields, std::string &error);
bool applyTopologyFields(Topology &topology, const FieldMap &fields, std::string &error);
void applyLayoutFields(Layout &layout, const FieldMap &fields);

struct FieldChange
{
    FieldKey key;
    std::optional<Value> before; // absent: unset (default) before
    std::optional<Value> after;

    friend bool operator==(const FieldChange &, const FieldChange &) = default;
};

struct Change
{
    enum class Kind { Added, Removed, Changed, Renamed };
    Kind kind = Kind::Changed;
    Entity entity = Entity::Node;
    std::string id; // node, zone or policy id, link key ("a.out -> b.in"); the new id of a rename
    std::string oldId; // renamed: the id before
    // Changed: the fields that differ. Added: every set field (before absent).
    // Removed: every set field (after absent). Renamed: nothing.
    std::vector<FieldChange> fields;
    Link link; // for a link: its endpoints (in the new naming)

    friend bool operator==(const Change &, const Change &) = default;
};

std::string_view changeKindName(Change::Kind k); // "added", "removed", "changed", "renamed"

// A node whose canvas position changed; absent before or after when the
// node has no position on that side (or does not exist there).
struct Move
{
    std::string node; // id in the new naming
    std::optional<Point> before;
    std::optional<Point> after;
    friend bool operator==(const Move &, const Move &) = default;
};

struct TopologyDiff
{
    // Meaning: in a stable order (topology, zones, nodes, links, policies;
    // by id inside each).
    std::vector<Change> changes;
    // Layout, apart: positions by node id, then the layout's other fields.
    std::vector<Move> moves;
    std::vector<FieldChange> layoutFields;

    bool sameMeaning() const { return changes.empty(); }
    bool sameLayout() const { return moves.empty() && layoutFields.empty(); }
    bool empty() const { return sameMeaning() && sameLayout(); }
};

struct DiffOptions
{
    bool layout = true;        // false: leave moves and layoutFields empty
    bool detectRenames = true; // false: a renamed node is one removed and one added
};

// Compares two topologies by stable ids. A node whose id disappears while
// another appears that is otherwise identical (type, fields, properties, and
// links once the rename is applied) is reported as renamed, and its links are
// then compared under the new name. Linear in the size of the topologies
// plus the square of the number of renamed candidates of one type.
TopologyDiff
diffTopologies(const Topology &before, const Topology &after, const DiffOptions &options = {});

// The renames diffTopologies detects, old id -> new id.
std::map<std::string, std::string> detectRenames(const Topology &before, const Topology &after);

// Applies a diff made from `before` to `before`, giving the `after` it was
// made against (a check of completeness, and what a merge builds on). False
// with `error` set when the diff does not fit the topology.
bool applyDiff(Topology &topology, const TopologyDiff &diff, std::string &error);

// Whether a field's value must never be printed: properties a catalog marks
// secret, and (for types no catalog knows) properties and unknown fields
// named like secrets (password, token, psk, private key…).
class SecretPolicy
{
public:
    explicit SecretPolicy(std::vector<const Catalog *> catalogs)
        : m_catalogs(std::move(catalogs))
    {}
    bool isSecret(Entity entity, const std::string &nodeType, const FieldKey &key) const;

private:
    std::vector<const Catalog *> m_catalogs;
};

// A value for a human, on one line, with control characters escaped.
std::string displayValue(const Value &value);

} // namespace sky
