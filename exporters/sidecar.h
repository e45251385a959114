#pragma once

// What an export keeps for the round trip beside the fields the target
// format has: model parts as plain Values, and Values as compact JSON text
// (for formats whose metadata holds strings only: TOSCA metadata, Compose
// labels). JSON is YAML, so the text reads back with the bounded parseYaml.

#include "catalog.h"
#include "topology.h"
#include "value.h"
#include "yamltree.h"

#include <string>
#include <string_view>

namespace sky {

struct YamlNode;

std::string toJson(const Value &value);
// False with `error` set when `text` is not a JSON/YAML value.
bool fromJson(std::string_view text, Value &out, std::string &error);

// A parsed YAML node as a Value: yamlValue() in model/yamltree.h.

Value resourcesValue(const Resources &r);
bool readResources(const Value &v, Resources &out);
Value zoneValue(const Zone &z);   // label, parent, extra
void readZone(const Value &v, Zone &out);
Value policyValue(const Policy &p);
bool readPolicy(const Value &v, Policy &out);
Value linkValue(const Link &l);   // from, to, protocol, port, bandwidth, extra
bool readLink(const Value &v, Link &out);
Value nodeValue(const Node &n);   // every field but the id
bool readNode(const Value &v, Node &out);
Value pointValue(const Point &p);
bool readPoint(const Value &v, Point &out);

// Topology-level fields no format has a place for: catalogs, budget,
// requirements, rules, policies, layout extras, unknown fields.
Value topologyRestValue(const Topology &t);
void readTopologyRest(const Value &v, Topology &t);

// The terminal a link end uses: its own, else the type's default one in that
// direction, else "out" / "in".
std::string terminalOf(const Endpoint &e, const Topology &t, const Catalog &c, Direction d);

// A node's properties as an export may write them: a literal value of a
// secret property (secret in the catalog, or unknown to it and named like a
// password, token or key) becomes a reference {secret: NODE_PROPERTY}, so
// that no export ever holds a secret, even a forced one.
ValueMap exportableProperties(const Node &n, const Catalog &c);
// The same without a copy when nothing needs masking: returns n.properties
// or `storage`, filled.
const ValueMap &exportableProperties(const Node &n, const Catalog &c, ValueMap &storage);

// Reads "a" / "b" keys of a map value, for the helpers above.
const Value *member(const Value &map, const std::string &key);

} // namespace sky
