#pragma once

// What an export keeps for the round trip beside the fields the target
// format has: model parts as plain Values, and Values as compact JSON text
// (for formats whose metadata holds strings only: TOSCA metadata, Compose
// labels). JSON is YAML, so the text reads back with the bounded parseYaml.

#include "catalog.h"
#include "topology.h"
#include "value.h"
#include "yamltree.h"

#include <map>
#include <string>
#include <string_view>

namespace sky {

struct YamlNode;

std::string toJson(const Value &value);
// The same appended to `out`; a map or a point without a Value around it.
void appendJson(std::string &out, const Value &value);
void appendJson(std::string &out, const ValueMap &map);
std::string pointJson(const Point &p); // "[x, y]": toJson(pointValue(p))

// A JSON object written field by field into its text, for sidecars built
// from model fields without intermediate Values. Keys in the order given.
class JsonObject
{
public:
    JsonObject &raw(std::string_view key, std::string_view json); // `json` already JSON text
    JsonObject &string(std::string_view key, std::string_view s);
    JsonObject &value(std::string_view key, const Value &v);
    JsonObject &map(std::string_view key, const ValueMap &m);
    bool empty() const { return m_text.empty(); }
    // "{...}"; "{}" when nothing was added.
    std::string text() const { return m_text.empty() ? std::string("{}") : m_text + '}'; }

private:
    void key(std::string_view k);
    std::string m_text; // "{" and the fields so far, without the closing brace
};
// False with `error` set when `text` is not a JSON/YAML value. With a
// budget, the text is charged to the file it came from (yamltree.h).
bool fromJson(std::string_view text, Value &out, std::string &error, YamlBudget *budget = nullptr);

// A parsed YAML node as a Value: yamlValue() in model/yamltree.h.

Value resourcesValue(const Resources &r);
// Empty, or why `v` is no resources map the native reader would accept
// (an unreadable cpu, memory or bandwidth is refused, not kept as extra).
std::string readResources(const Value &v, Resources &out);
Value zoneValue(const Zone &z);   // label, parent, extra
void readZone(const Value &v, Zone &out);
Value zonesValue(const std::map<std::string, Zone> &zones); // id -> zoneValue
// The zones zonesValue wrote, added to `out` (nothing when `v` is no map).
void readZones(const Value &v, std::map<std::string, Zone> &out);
Value policyValue(const Policy &p);
bool readPolicy(const Value &v, Policy &out);
Value linkValue(const Link &l);   // from, to, protocol, port, bandwidth, extra
bool readLink(const Value &v, Link &out);
Value nodeValue(const Node &n);   // every field but the id
// False when `v` is no map, or (with `why` set) on unreadable resources.
bool readNode(const Value &v, Node &out, std::string *why = nullptr);
Value pointValue(const Point &p);
bool readPoint(const Value &v, Point &out);

// Topology-level fields no format has a place for: catalogs, budget,
// requirements, rules, policies, layout extras, unknown fields.
Value topologyRestValue(const Topology &t);
// Empty, or why the budget is unreadable (the rest is read regardless).
std::string readTopologyRest(const Value &v, Topology &t);

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
