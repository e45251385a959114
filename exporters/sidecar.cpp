#include "sidecar.h"

#include "jsonescape.h"
#include "quantity.h"
#include "secrets.h"
#include "yamlstream.h"

#include <cctype>

namespace sky {

namespace {

// JSON is YAML's flow style with JSON strings (NaN and infinities as YAML
// writes them: the reader is a YAML one).
void json(std::string &out, const Value &v)
{
    appendInline(out, v, appendJsonString, appendJsonString);
}

void jsonMap(std::string &out, const ValueMap &m)
{
    appendInline(out, m, appendJsonString, appendJsonString);
}

std::string str(const Value *v)
{
    return v && v->isString() ? v->toString() : std::string();
}

void setIf(ValueMap &m, const char *key, const std::string &s)
{
    if (!s.empty())
        m.emplace(key, s);
}

} // namespace

std::string toJson(const Value &value)
{
    std::string out;
    json(out, value);
    return out;
}

void appendJson(std::string &out, const Value &value)
{
    json(out, value);
}

void appendJson(std::string &out, const ValueMap &map)
{
    jsonMap(out, map);
}

std::string pointJson(const Point &p)
{
    std::string out = "[";
    json(out, Value(p.x));
    out += ", ";
    json(out, Value(p.y));
    return out + ']';
}

void JsonObject::key(std::string_view k)
{
    m_text += m_text.empty() ? "{" : ", ";
    appendJsonString(m_text, k);
    m_text += ": ";
}

JsonObject &JsonObject::raw(std::string_view key, std::string_view json)
{
    this->key(key);
    m_text += json;
    return *this;
}

JsonObject &JsonObject::string(std::string_view key, std::string_view s)
{
    this->key(key);
    appendJsonString(m_text, s);
    return *this;
}

JsonObject &JsonObject::value(std::string_view key, const Value &v)
{
    this->key(key);
    json(m_text, v);
    return *this;
}

JsonObject &JsonObject::map(std::string_view key, const ValueMap &m)
{
    this->key(key);
    jsonMap(m_text, m);
    return *this;
}

bool fromJson(std::string_view text, Value &out, std::string &error, YamlBudget *budget)
{
    std::vector<Diagnostic> diagnostics;
    auto doc = budget ? parseYaml(text, "metadata", diagnostics, *budget) : parseYaml(text, "metadata", diagnostics);
    if (!doc || hasErrors(diagnostics)) {
        error = diagnostics.empty() ? "not a value" : diagnostics.front().message.str();
        return false;
    }
    out = yamlValue(doc->root());
    return true;
}


const Value *member(const Value &map, const std::string &key)
{
    return map.isMap() ? map.find(key) : nullptr;
}

Value resourcesValue(const Resources &r)
{
    ValueMap m = r.extra;
    if (r.cpu)
        m["cpu"] = *r.cpu;
    if (r.memory)
        m["memory"] = formatSize(*r.memory);
    if (r.bandwidth)
        m["bandwidth"] = formatBandwidth(*r.bandwidth);
    return Value(std::move(m));
}

std::string readResources(const Value &v, Resources &out)
{
    if (!v.isMap())
        return "resources must be a map";
    out = {};
    for (const auto &[k, item] : v.toMap()) {
        // The native reader's words (model/descriptorreader.cpp): a field it
        // would refuse is refused here too, not kept as extra. Stricter in
        // one point: memory and bandwidth must be text, as the writer writes
        // them (the native reader also takes a bare number of bytes).
        if (k == "cpu") {
            if (!item.isNumber() || item.toDouble() < 0)
                return "cpu must be a number of cores, like 2 or 0.5";
            out.cpu = item.toDouble();
        } else if (k == "memory") {
            out.memory = item.isString() ? parseSize(item.toString()) : std::nullopt;
            if (!out.memory)
                return "memory must be a size, like 512MiB or 4GiB";
        } else if (k == "bandwidth") {
            out.bandwidth = item.isString() ? parseBandwidth(item.toString()) : std::nullopt;
            if (!out.bandwidth)
                return "bandwidth must be a rate, like 250Mbps or 1Gbps";
        } else {
            out.extra[k] = item;
        }
    }
    return {};
}

namespace {

// Where a node or zone runs (placement issue): provider, region, size, pinned.
Value placementValue(const Placement &p)
{
    ValueMap m;
    setIf(m, "provider", p.provider);
    setIf(m, "region", p.region);
    setIf(m, "size", p.size);
    if (p.pinned)
        m["pinned"] = true;
    return Value(std::move(m));
}

void readPlacement(const Value *v, Placement &out)
{
    if (!v || !v->isMap())
        return;
    out.provider = str(member(*v, "provider"));
    out.region = str(member(*v, "region"));
    out.size = str(member(*v, "size"));
    if (const Value *p = member(*v, "pinned"); p && p->isBool())
        out.pinned = p->toBool();
}

} // namespace

Value zoneValue(const Zone &z)
{
    ValueMap m;
    setIf(m, "label", z.label);
    setIf(m, "parent", z.parent);
    if (!z.extra.empty())
        m.emplace("extra", z.extra);
    if (!z.placement.empty())
        m.emplace("placement", placementValue(z.placement));
    return Value(std::move(m));
}

void readZone(const Value &v, Zone &out)
{
    out.label = str(member(v, "label"));
    out.parent = str(member(v, "parent"));
    if (const Value *e = member(v, "extra"); e && e->isMap())
        out.extra = e->toMap();
    readPlacement(member(v, "placement"), out.placement);
}

Value zonesValue(const std::map<std::string, Zone> &zones)
{
    ValueMap m;
    for (const auto &[id, z] : zones)
        m.emplace(id, zoneValue(z));
    return Value(std::move(m));
}

void readZones(const Value &v, std::map<std::string, Zone> &out)
{
    if (!v.isMap())
        return;
    for (const auto &[id, item] : v.toMap()) {
        Zone z;
        z.id = id;
        readZone(item, z);
        out[id] = std::move(z);
    }
}

Value policyValue(const Policy &p)
{
    ValueMap m;
    m["id"] = p.id;
    m["kind"] = p.kind;
    m["fields"] = p.fields;
    return Value(std::move(m));
}

bool readPolicy(const Value &v, Policy &out)
{
    const Value *f = member(v, "fields");
    if (!member(v, "id") || !f || !f->isMap())
        return false;
    out.id = str(member(v, "id"));
    out.kind = str(member(v, "kind"));
    out.fields = f->toMap();
    return true;
}

Value linkValue(const Link &l)
{
    ValueMap m;
    m["from"] = l.from.text();
    m["to"] = l.to.text();
    setIf(m, "protocol", l.protocol);
    if (l.port)
        m["port"] = *l.port;
    if (l.bandwidth)
        m["bandwidth"] = formatBandwidth(*l.bandwidth);
    if (!l.extra.empty())
        m["extra"] = l.extra;
    if (l.traffic)
        m["traffic"] = *l.traffic;
    return Value(std::move(m));
}

bool readLink(const Value &v, Link &out)
{
    const Value *from = member(v, "from");
    const Value *to = member(v, "to");
    if (!from || !to || !from->isString() || !to->isString())
        return false;
    out = {};
    out.from = Endpoint::parse(from->toString());
    out.to = Endpoint::parse(to->toString());
    out.protocol = str(member(v, "protocol"));
    if (const Value *p = member(v, "port"); p && p->isInt())
        out.port = int(p->toInt());
    if (const Value *b = member(v, "bandwidth"); b && b->isString())
        out.bandwidth = parseBandwidth(b->toString());
    if (const Value *e = member(v, "extra"); e && e->isMap())
        out.extra = e->toMap();
    if (const Value *t = member(v, "traffic"); t && t->isNumber())
        out.traffic = t->toDouble();
    return true;
}

Value nodeValue(const Node &n)
{
    ValueMap m;
    m["type"] = n.type;
    setIf(m, "label", n.label);
    setIf(m, "zone", n.zone);
    setIf(m, "region", n.region);
    setIf(m, "host", n.host);
    if (!n.placement.empty())
        m["placement"] = placementValue(n.placement);
    m["replicas"] = n.replicas;
    if (!n.resources.empty())
        m["resources"] = resourcesValue(n.resources);
    if (!n.properties.empty())
        m["properties"] = n.properties;
    if (!n.extra.empty())
        m["extra"] = n.extra;
    return Value(std::move(m));
}

bool readNode(const Value &v, Node &out, std::string *why)
{
    if (!v.isMap())
        return false;
    out.type = str(member(v, "type"));
    out.label = str(member(v, "label"));
    out.zone = str(member(v, "zone"));
    out.region = str(member(v, "region"));
    out.host = str(member(v, "host"));
    readPlacement(member(v, "placement"), out.placement);
    if (const Value *r = member(v, "replicas"); r && r->isInt())
        out.replicas = int(r->toInt());
    if (const Value *r = member(v, "resources")) {
        if (std::string reason = readResources(*r, out.resources); !reason.empty()) {
            if (why)
                *why = "resources: " + reason;
            return false;
        }
    }
    if (const Value *p = member(v, "properties"); p && p->isMap())
        out.properties = p->toMap();
    if (const Value *e = member(v, "extra"); e && e->isMap())
        out.extra = e->toMap();
    return true;
}

Value pointValue(const Point &p)
{
    return Value(ValueList{Value(p.x), Value(p.y)});
}

bool readPoint(const Value &v, Point &out)
{
    if (!v.isList() || v.toList().size() != 2 || !v.toList()[0].isNumber() || !v.toList()[1].isNumber())
        return false;
    out = {v.toList()[0].toDouble(), v.toList()[1].toDouble()};
    return true;
}

Value topologyRestValue(const Topology &t)
{
    ValueMap m;
    if (!t.catalogs.empty()) {
        ValueList l(t.catalogs.begin(), t.catalogs.end());
        m["catalogs"] = std::move(l);
    }
    if (!t.budget.empty())
        m["budget"] = resourcesValue(t.budget);
    if (!t.requirements.empty())
        m["requirements"] = t.requirements;
    if (!t.rules.empty()) {
        ValueMap r;
        for (const auto &[k, s] : t.rules)
            r[k] = s;
        m["rules"] = std::move(r);
    }
    if (!t.policies.empty()) {
        ValueList l;
        for (const auto &[id, p] : t.policies)
            l.push_back(policyValue(p));
        m["policies"] = std::move(l);
    }
    if (!t.providers.empty())
        m["providers"] = ValueList(t.providers.begin(), t.providers.end());
    if (!t.layout.extra.empty())
        m["layout-extra"] = t.layout.extra;
    if (!t.extra.empty())
        m["extra"] = t.extra;
    return Value(std::move(m));
}

std::string readTopologyRest(const Value &v, Topology &t)
{
    std::string why;
    if (const Value *c = member(v, "catalogs"); c && c->isList())
        for (const Value &item : c->toList())
            if (item.isString())
                t.catalogs.push_back(item.toString());
    if (const Value *b = member(v, "budget"))
        why = readResources(*b, t.budget);
    if (const Value *r = member(v, "requirements"); r && r->isMap())
        t.requirements = r->toMap();
    if (const Value *r = member(v, "rules"); r && r->isMap())
        for (const auto &[k, s] : r->toMap())
            if (s.isString())
                t.rules[k] = s.toString();
    if (const Value *p = member(v, "policies"); p && p->isList())
        for (const Value &item : p->toList()) {
            Policy policy;
            if (readPolicy(item, policy))
                t.policies[policy.id] = std::move(policy);
        }
    if (const Value *p = member(v, "providers"); p && p->isList())
        for (const Value &item : p->toList())
            if (item.isString())
                t.providers.push_back(item.toString());
    if (const Value *e = member(v, "layout-extra"); e && e->isMap())
        t.layout.extra = e->toMap();
    if (const Value *e = member(v, "extra"); e && e->isMap())
        t.extra = e->toMap();
    return why;
}

namespace {

// The one rule of secrets.h: declared secret, or named like a secret; or a
// map holding such a field at any depth (settings: {password: ...}).
bool mustMask(const std::string &name, const Value &v, const ComponentType *type)
{
    if (isSecretProperty(type, name)) {
        const PropertySchema *s = type ? type->property(name) : nullptr;
        return isSecretLiteral(v, s && s->secret);
    }
    bool nested = false;
    if (v.isMap() || v.isList())
        maskNestedSecrets(v, std::string(), nested);
    return nested;
}

} // namespace

const ValueMap &exportableProperties(const Node &n, const Catalog &c, ValueMap &storage)
{
    const ComponentType *type = c.type(n.type);
    for (const auto &[name, v] : n.properties)
        if (mustMask(name, v, type)) {
            storage = exportableProperties(n, c);
            return storage;
        }
    return n.properties;
}

ValueMap exportableProperties(const Node &n, const Catalog &c)
{
    const ComponentType *type = c.type(n.type);
    ValueMap out = n.properties;
    for (auto &[name, v] : out) {
        if (!mustMask(name, v, type))
            continue;
        if (isSecretProperty(type, name)) {
            v = Value::secret(secretVariableName(n.id, name));
        } else {
            bool changed = false;
            v = maskNestedSecrets(v, secretVariableName(n.id, name), changed);
        }
    }
    return out;
}

std::string terminalOf(const Endpoint &e, const Topology &t, const Catalog &c, Direction d)
{
    if (!e.terminal.empty())
        return e.terminal;
    if (const Node *n = t.node(e.node))
        if (const ComponentType *type = c.type(n->type))
            if (const TerminalType *term = type->defaultTerminal(d))
                return term->name;
    return d == Direction::Out ? "out" : "in";
}

} // namespace sky
