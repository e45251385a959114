#include "diff.h"

#include "catalog.h"
#include "secrets.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <iterator>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace sky {

using Group = FieldKey::Group;

std::string_view entityName(Entity e)
{
    switch (e) {
    case Entity::Topology:
        return "topology";
    case Entity::Node:
        return "node";
    case Entity::Link:
        return "link";
    case Entity::Zone:
        return "zone";
    case Entity::Policy:
        return "policy";
    }
    return {};
}

std::string_view changeKindName(Change::Kind k)
{
    switch (k) {
    case Change::Kind::Added:
        return "added";
    case Change::Kind::Removed:
        return "removed";
    case Change::Kind::Changed:
        return "changed";
    case Change::Kind::Renamed:
        return "renamed";
    }
    return {};
}

std::string FieldKey::text(Entity entity) const
{
    const bool top = entity == Entity::Topology;
    switch (group) {
    case Group::Field:
        return name;
    case Group::Resource:
        return (top ? "budget." : "resources.") + name;
    case Group::Property:
        return (top ? "requirements." : "properties.") + name;
    case Group::Rule:
        return "rules." + name;
    case Group::Extra:
        return name;
    }
    return name;
}

// ---------------------------------------------------------------- fields

namespace {

void putText(FieldMap &m, const char *name, const std::string &s)
{
    if (!s.empty())
        m.emplace(FieldKey{Group::Field, name}, Value(s));
}

void putMap(FieldMap &m, Group g, const ValueMap &values)
{
    for (const auto &[k, v] : values)
        m.emplace(FieldKey{g, k}, v);
}

// A placement as one field, a map, so a review shows where a node moved.
void putPlacement(FieldMap &m, const Placement &p)
{
    if (p.empty())
        return;
    ValueMap v;
    if (!p.provider.empty())
        v["provider"] = Value(p.provider);
    if (!p.region.empty())
        v["region"] = Value(p.region);
    if (!p.size.empty())
        v["size"] = Value(p.size);
    if (p.pinned)
        v["pinned"] = Value(true);
    m.emplace(FieldKey{Group::Field, "placement"}, Value(std::move(v)));
}

void putResources(FieldMap &m, const Resources &r)
{
    if (r.cpu)
        m.emplace(FieldKey{Group::Resource, "cpu"}, Value(*r.cpu));
    if (r.memory)
        m.emplace(FieldKey{Group::Resource, "memory"}, Value(std::int64_t(*r.memory)));
    if (r.bandwidth)
        m.emplace(FieldKey{Group::Resource, "bandwidth"}, Value(std::int64_t(*r.bandwidth)));
    putMap(m, Group::Resource, r.extra);
}

// Reads values back into typed fields, reporting the first misfit.
struct Sink
{
    std::string &error;

    bool text(const FieldKey &k, const Value &v, std::string &out)
    {
        if (!v.isString())
            return fail(k, "text");
        out = v.toString();
        return true;
    }
    bool integer(const FieldKey &k, const Value &v, std::int64_t &out)
    {
        if (!v.isInt())
            return fail(k, "an integer");
        out = v.toInt();
        return true;
    }
    bool fail(const FieldKey &k, const char *what)
    {
        error = "field '" + k.name + "' needs " + what;
        return false;
    }
    bool placement(const FieldKey &k, const Value &v, Placement &p)
    {
        if (!v.isMap())
            return fail(k, "a map");
        for (const auto &[key, item] : v.toMap()) {
            if (key == "pinned" && item.isBool())
                p.pinned = item.toBool();
            else if (!item.isString())
                return fail(k, "text fields");
            else if (key == "provider")
                p.provider = item.toString();
            else if (key == "region")
                p.region = item.toString();
            else if (key == "size")
                p.size = item.toString();
            else
                return fail(k, "provider, region, size or pinned");
        }
        return true;
    }
    bool resources(const FieldKey &k, const Value &v, Resources &r)
    {
        std::int64_t i = 0;
        if (k.name == "cpu") {
            if (!v.isNumber())
                return fail(k, "a number");
            r.cpu = v.toDouble();
        } else if (k.name == "memory" || k.name == "bandwidth") {
            if (!integer(k, v, i) || i < 0)
                return i < 0 ? fail(k, "a size") : false;
            (k.name == "memory" ? r.memory : r.bandwidth) = std::uint64_t(i);
        } else {
            r.extra[k.name] = v;
        }
        return true;
    }
};

} // namespace

FieldMap fieldsOf(const Node &n)
{
    FieldMap m;
    putText(m, "type", n.type);
    putText(m, "label", n.label);
    putText(m, "zone", n.zone);
    putText(m, "region", n.region);
    putText(m, "host", n.host);
    putPlacement(m, n.placement);
    if (n.replicas != 1)
        m.emplace(FieldKey{Group::Field, "replicas"}, Value(n.replicas));
    putResources(m, n.resources);
    putMap(m, Group::Property, n.properties);
    putMap(m, Group::Extra, n.extra);
    return m;
}

FieldMap fieldsOf(const Link &l)
{
    FieldMap m;
    putText(m, "protocol", l.protocol);
    if (l.port)
        m.emplace(FieldKey{Group::Field, "port"}, Value(*l.port));
    if (l.bandwidth)
        m.emplace(FieldKey{Group::Field, "bandwidth"}, Value(std::int64_t(*l.bandwidth)));
    if (l.traffic)
        m.emplace(FieldKey{Group::Field, "traffic"}, Value(*l.traffic));
    putMap(m, Group::Extra, l.extra);
    return m;
}

FieldMap fieldsOf(const Zone &z)
{
    FieldMap m;
    putText(m, "label", z.label);
    putText(m, "parent", z.parent);
    putPlacement(m, z.placement);
    putMap(m, Group::Extra, z.extra);
    return m;
}

FieldMap fieldsOf(const Policy &p)
{
    FieldMap m;
    putText(m, "kind", p.kind);
    putMap(m, Group::Extra, p.fields);
    return m;
}

FieldMap fieldsOf(const Topology &t)
{
    FieldMap m;
    putText(m, "name", t.name);
    putText(m, "description", t.description);
    if (!t.catalogs.empty()) {
        ValueList list(t.catalogs.begin(), t.catalogs.end());
        m.emplace(FieldKey{Group::Field, "catalogs"}, Value(std::move(list)));
    }
    if (!t.providers.empty()) {
        ValueList list(t.providers.begin(), t.providers.end());
        m.emplace(FieldKey{Group::Field, "providers"}, Value(std::move(list)));
    }
    putResources(m, t.budget);
    putMap(m, Group::Property, t.requirements);
    for (const auto &[rule, severity] : t.rules)
        m.emplace(FieldKey{Group::Rule, rule}, Value(severity));
    putMap(m, Group::Extra, t.extra);
    return m;
}

FieldMap layoutFieldsOf(const Layout &layout)
{
    FieldMap m;
    putMap(m, Group::Extra, layout.extra);
    return m;
}

bool applyFields(Node &n, const FieldMap &fields, std::string &error)
{
    const std::string id = n.id;
    n = Node{};
    n.id = id;
    Sink s{error};
    for (const auto &[k, v] : fields) {
        std::int64_t i = 0;
        bool ok = true;
        switch (k.group) {
        case Group::Field:
            if (k.name == "type")
                ok = s.text(k, v, n.type);
            else if (k.name == "label")
                ok = s.text(k, v, n.label);
            else if (k.name == "zone")
                ok = s.text(k, v, n.zone);
            else if (k.name == "region")
                ok = s.text(k, v, n.region);
            else if (k.name == "host")
                ok = s.text(k, v, n.host);
            else if (k.name == "placement")
                ok = s.placement(k, v, n.placement);
            else if (k.name == "replicas")
                ok = s.integer(k, v, i) && (n.replicas = int(i), true);
            else
                ok = s.fail(k, "to be a node field");
            break;
        case Group::Resource:
            ok = s.resources(k, v, n.resources);
            break;
        case Group::Property:
            n.properties[k.name] = v;
            break;
        case Group::Extra:
            n.extra[k.name] = v;
            break;
        case Group::Rule:
            ok = s.fail(k, "to be a node field");
            break;
        }
        if (!ok)
            return false;
    }
    return true;
}

bool applyFields(Link &l, const FieldMap &fields, std::string &error)
{
    l = Link{l.from, l.to, {}, {}, {}, {}};
    Sink s{error};
    for (const auto &[k, v] : fields) {
        std::int64_t i = 0;
        bool ok = true;
        if (k.group == Group::Extra)
            l.extra[k.name] = v;
        else if (k.group == Group::Field && k.name == "protocol")
            ok = s.text(k, v, l.protocol);
        else if (k.group == Group::Field && k.name == "port")
            ok = s.integer(k, v, i) && (l.port = int(i), true);
        else if (k.group == Group::Field && k.name == "bandwidth")
            ok = s.integer(k, v, i) && i >= 0 && (l.bandwidth = std::uint64_t(i), true);
        else if (k.group == Group::Field && k.name == "traffic")
            ok = v.isNumber() && v.toDouble() >= 0 && (l.traffic = v.toDouble(), true);
        else
            ok = s.fail(k, "to be a link field");
        if (!ok)
            return error.empty() ? s.fail(k, "a size") : false;
    }
    return true;
}

bool applyFields(Zone &z, const FieldMap &fields, std::string &error)
{
    z = Zone{z.id, {}, {}, {}};
    Sink s{error};
    for (const auto &[k, v] : fields) {
        bool ok = true;
        if (k.group == Group::Extra)
            z.extra[k.name] = v;
        else if (k.group == Group::Field && k.name == "label")
            ok = s.text(k, v, z.label);
        else if (k.group == Group::Field && k.name == "parent")
            ok = s.text(k, v, z.parent);
        else if (k.group == Group::Field && k.name == "placement")
            ok = s.placement(k, v, z.placement);
        else
            ok = s.fail(k, "to be a zone field");
        if (!ok)
            return false;
    }
    return true;
}

bool applyFields(Policy &p, const FieldMap &fields, std::string &error)
{
    p = Policy{p.id, {}, {}};
    Sink s{error};
    for (const auto &[k, v] : fields) {
        bool ok = true;
        if (k.group == Group::Extra)
            p.fields[k.name] = v;
        else if (k.group == Group::Field && k.name == "kind")
            ok = s.text(k, v, p.kind);
        else
            ok = s.fail(k, "to be a policy field");
        if (!ok)
            return false;
    }
    return true;
}

bool applyTopologyFields(Topology &t, const FieldMap &fields, std::string &error)
{
    t.name.clear();
    t.description.clear();
    t.catalogs.clear();
    t.providers.clear();
    t.budget = {};
    t.requirements.clear();
    t.rules.clear();
    t.extra.clear();
    Sink s{error};
    for (const auto &[k, v] : fields) {
        bool ok = true;
        switch (k.group) {
        case Group::Field:
            if (k.name == "name")
                ok = s.text(k, v, t.name);
            else if (k.name == "description")
                ok = s.text(k, v, t.description);
            else if (k.name == "catalogs" && v.isList()) {
                for (const Value &c : v.toList()) {
                    if (!c.isString())
                        return s.fail(k, "a list of paths");
                    t.catalogs.push_back(c.toString());
                }
            } else if (k.name == "providers" && v.isList()) {
                for (const Value &c : v.toList()) {
                    if (!c.isString())
                        return s.fail(k, "a list of profile ids or paths");
                    t.providers.push_back(c.toString());
                }
            } else
                ok = s.fail(k, "to be a topology field");
            break;
        case Group::Resource:
            ok = s.resources(k, v, t.budget);
            break;
        case Group::Property:
            t.requirements[k.name] = v;
            break;
        case Group::Rule:
            ok = s.text(k, v, t.rules[k.name]);
            break;
        case Group::Extra:
            t.extra[k.name] = v;
            break;
        }
        if (!ok)
            return false;
    }
    return true;
}

void applyLayoutFields(Layout &layout, const FieldMap &fields)
{
    layout.extra.clear();
    for (const auto &[k, v] : fields)
        layout.extra[k.name] = v;
}

// ---------------------------------------------------------------- display

std::string displayValue(const Value &v)
{
    switch (v.kind()) {
    case Value::Kind::String: {
        std::string s = "\"";
        for (const char c : v.toString()) {
            const auto u = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                s += '\\';
                s += c;
            } else if (c == '\n') {
                s += "\\n";
            } else if (c == '\t') {
                s += "\\t";
            } else if (u < 0x20 || u == 0x7f) {
                static const char hex[] = "0123456789abcdef";
                s += "\\x";
                s += hex[u >> 4];
                s += hex[u & 15];
            } else {
                s += c;
            }
        }
        return s + '"';
    }
    case Value::Kind::List: {
        std::string s = "[";
        for (const Value &item : v.toList())
            s += (s.size() > 1 ? ", " : "") + displayValue(item);
        return s + ']';
    }
    case Value::Kind::Map: {
        std::string s = "{";
        for (const auto &[k, item] : v.toMap())
            s += (s.size() > 1 ? ", " : "") + displayValue(Value(k)) + ": " + displayValue(item);
        return s + '}';
    }
    default:
        return v.display();
    }
}

// ---------------------------------------------------------------- secrets

// The names: secretLikeName in secrets.h, the rule the exports use too.
bool SecretPolicy::isSecret(Entity entity, const std::string &nodeType, const FieldKey &key) const
{
    if (key.group == Group::Field || key.group == Group::Rule)
        return false;
    if (entity == Entity::Node && key.group == Group::Property) {
        for (const Catalog *catalog : m_catalogs) {
            const ComponentType *type = catalog ? catalog->type(nodeType) : nullptr;
            if (const PropertySchema *p = type ? type->property(key.name) : nullptr)
                return p->secret || secretLikeName(key.name);
        }
    }
    return secretLikeName(key.name);
}

// ---------------------------------------------------------------- renames

namespace {

bool sameContent(const Node &a, const Node &b)
{
    return a.type == b.type && a.label == b.label && a.zone == b.zone && a.region == b.region && a.host == b.host &&
           a.replicas == b.replicas && a.resources == b.resources && a.properties == b.properties &&
           a.extra == b.extra;
}

std::size_t contentHash(const Node &n)
{
    std::hash<std::string> h;
    std::size_t seed = h(n.type);
    auto mix = [&seed](std::size_t v) {
        seed ^= v + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
    };
    mix(h(n.label));
    mix(h(n.zone));
    mix(h(n.region));
    mix(h(n.host));
    mix(std::size_t(n.replicas));
    for (const auto &[k, v] : n.properties) {
        mix(h(k));
        mix(h(displayValue(v)));
    }
    mix(n.extra.size());
    return seed;
}

using Renames = std::map<std::string, std::string>;

Endpoint mapped(const Endpoint &e, const Renames &m)
{
    const auto it = m.find(e.node);
    return it == m.end() ? e : Endpoint{it->second, e.terminal};
}

Link mapped(const Link &l, const Renames &m)
{
    Link copy = l;
    copy.from = mapped(l.from, m);
    copy.to = mapped(l.to, m);
    return copy;
}

} // namespace

std::map<std::string, std::string> detectRenames(const Topology &before, const Topology &after)
{
    std::vector<const Node *> removed, added;
    for (auto i = before.nodes.begin(), j = after.nodes.begin();
         i != before.nodes.end() || j != after.nodes.end();) {
        if (j == after.nodes.end() || (i != before.nodes.end() && i->first < j->first)) {
            removed.push_back(&i++->second);
        } else if (i == before.nodes.end() || j->first < i->first) {
            added.push_back(&j++->second);
        } else {
            ++i;
            ++j;
        }
    }
    if (removed.empty() || added.empty())
        return {};

    std::unordered_multimap<std::size_t, const Node *> addedByHash;
    for (const Node *n : added)
        addedByHash.emplace(contentHash(*n), n);
    std::map<std::string, std::vector<const Node *>> candidates; // removed id -> added nodes
    std::map<std::string, int> wanted; // added id -> removed nodes wanting it
    for (const Node *r : removed) {
        const auto [lo, hi] = addedByHash.equal_range(contentHash(*r));
        for (auto it = lo; it != hi; ++it)
            if (sameContent(*r, *it->second)) {
                candidates[r->id].push_back(it->second);
                ++wanted[it->second->id];
            }
    }
    if (candidates.empty())
        return {};

    // Links at the candidates, on each side (hashed: this looks at every link).
    std::unordered_map<std::string_view, std::vector<const Link *>> oldAt, newAt;
    for (const auto &[id, _] : candidates)
        oldAt[id];
    for (const auto &[id, _] : wanted)
        newAt[id];
    auto collect = [](const std::vector<Link> &links, auto &at) {
        for (const Link &l : links) {
            if (const auto f = at.find(l.from.node); f != at.end())
                f->second.push_back(&l);
            if (l.to.node != l.from.node)
                if (const auto t = at.find(l.to.node); t != at.end())
                    t->second.push_back(&l);
        }
    };
    collect(before.links, oldAt);
    collect(after.links, newAt);
    auto oldLinks = [&](const std::string &id) -> const std::vector<const Link *> & {
        return oldAt.at(id);
    };
    auto newLinks = [&](const std::string &id) -> const std::vector<const Link *> & {
        return newAt.at(id);
    };

    auto linksMatch = [&](const std::string &r, const std::string &a, const Renames &m) {
        const auto &o = oldLinks(r);
        const auto &n = newLinks(a);
        if (o.size() != n.size())
            return false;
        std::vector<Link> x, y;
        for (const Link *l : o)
            x.push_back(mapped(*l, m));
        for (const Link *l : n)
            y.push_back(*l);
        std::sort(x.begin(), x.end(), linkLess);
        std::sort(y.begin(), y.end(), linkLess);
        return x == y;
    };

    Renames m;
    std::set<std::string> taken;
    // Unambiguous pairs first, then the ambiguous ones by their links.
    for (const auto &[r, list] : candidates)
        if (list.size() == 1 && wanted[list.front()->id] == 1) {
            m[r] = list.front()->id;
            taken.insert(list.front()->id);
        }
    for (const auto &[r, list] : candidates) {
        if (m.count(r))
            continue;
        for (const Node *a : list) {
            if (taken.count(a->id))
                continue;
            Renames trial = m;
            trial[r] = a->id;
            if (linksMatch(r, a->id, trial)) {
                m = std::move(trial);
                taken.insert(a->id);
                break;
            }
        }
    }
    // Keep only pairs whose links agree under the whole mapping; dropping one
    // pair can break another (a link between two renamed nodes), so repeat.
    for (bool dropped = true; dropped;) {
        dropped = false;
        for (auto it = m.begin(); it != m.end();) {
            if (linksMatch(it->first, it->second, m)) {
                ++it;
            } else {
                it = m.erase(it);
                dropped = true;
            }
        }
    }
    return m;
}

// ---------------------------------------------------------------- diff

namespace {

std::vector<FieldChange> diffFields(const FieldMap &a, const FieldMap &b)
{
    std::vector<FieldChange> out;
    auto i = a.begin(), j = b.begin();
    while (i != a.end() || j != b.end()) {
        if (j == b.end() || (i != a.end() && i->first < j->first)) {
            out.push_back({i->first, i->second, std::nullopt});
            ++i;
        } else if (i == a.end() || j->first < i->first) {
            out.push_back({j->first, std::nullopt, j->second});
            ++j;
        } else {
            if (!(i->second == j->second))
                out.push_back({i->first, i->second, j->second});
            ++i;
            ++j;
        }
    }
    return out;
}

std::vector<FieldChange> allFields(const FieldMap &m, bool asBefore)
{
    std::vector<FieldChange> out;
    for (const auto &[k, v] : m)
        out.push_back(asBefore ? FieldChange{k, v, std::nullopt} : FieldChange{k, std::nullopt, v});
    return out;
}

// Compares two id-keyed maps in one ordered pass.
template<typename Map, typename Same>
void diffMaps(const Map &a, const Map &b, Entity entity, Same same, std::vector<Change> &out)
{
    auto i = a.begin(), j = b.begin();
    while (i != a.end() || j != b.end()) {
        if (j == b.end() || (i != a.end() && i->first < j->first)) {
            out.push_back({Change::Kind::Removed,
                           entity,
                           i->first,
                           {},
                           allFields(fieldsOf(i->second), true),
                           {}});
            ++i;
        } else if (i == a.end() || j->first < i->first) {
            out.push_back({Change::Kind::Added,
                           entity,
                           j->first,
                           {},
                           allFields(fieldsOf(j->second), false),
                           {}});
            ++j;
        } else {
            if (!same(i->second, j->second))
                out.push_back({Change::Kind::Changed,
                               entity,
                               i->first,
                               {},
                               diffFields(fieldsOf(i->second), fieldsOf(j->second)),
                               {}});
            ++i;
            ++j;
        }
    }
}

} // namespace

TopologyDiff
diffTopologies(const Topology &before, const Topology &after, const DiffOptions &options)
{
    TopologyDiff d;
    const Renames renames = options.detectRenames ? detectRenames(before, after) : Renames{};
    // Hashed views of the renames, for the passes over every link and position.
    std::unordered_set<std::string_view> renamedOld, renamedNew;
    for (const auto &[from, to] : renames) {
        renamedOld.insert(from);
        renamedNew.insert(to);
    }

    if (auto top = diffFields(fieldsOf(before), fieldsOf(after)); !top.empty())
        d.changes.push_back({Change::Kind::Changed, Entity::Topology, {}, {}, std::move(top), {}});

    diffMaps(before.zones, after.zones, Entity::Zone, std::equal_to<>{}, d.changes);

    // Nodes: the old side seen under the new names.
    {
        std::vector<Change> nodes;
        auto i = before.nodes.begin(), j = after.nodes.begin();
        std::vector<Change> renamed;
        while (i != before.nodes.end() || j != after.nodes.end()) {
            if (i != before.nodes.end() && !renamedOld.empty() && renamedOld.count(i->first)) {
                renamed.push_back(
                    {Change::Kind::Renamed, Entity::Node, renames.at(i->first), i->first, {}, {}});
                ++i;
            } else if (j == after.nodes.end() || (i != before.nodes.end() && i->first < j->first)) {
                nodes.push_back({Change::Kind::Removed,
                                 Entity::Node,
                                 i->first,
                                 {},
                                 allFields(fieldsOf(i->second), true),
                                 {}});
                ++i;
            } else if (i == before.nodes.end() || j->first < i->first) {
                nodes.push_back({Change::Kind::Added,
                                 Entity::Node,
                                 j->first,
                                 {},
                                 allFields(fieldsOf(j->second), false),
                                 {}});
                ++j;
            } else {
                if (!(i->second == j->second))
                    nodes.push_back({Change::Kind::Changed,
                                     Entity::Node,
                                     i->first,
                                     {},
                                     diffFields(fieldsOf(i->second), fieldsOf(j->second)),
                                     {}});
                ++i;
                ++j;
            }
        }
        // The new ids of renamed nodes were listed as added: they are not.
        if (!renamed.empty()) {
            std::set<std::string> newIds;
            for (const Change &c : renamed)
                newIds.insert(c.id);
            std::erase_if(nodes, [&](const Change &c) {
                return c.kind == Change::Kind::Added && newIds.count(c.id);
            });
            nodes.insert(nodes.end(), renamed.begin(), renamed.end());
            std::stable_sort(nodes.begin(), nodes.end(),
                             [](const Change &a, const Change &b) { return a.id < b.id; });
        }
        d.changes.insert(d.changes.end(), nodes.begin(), nodes.end());
    }

    // Links, by endpoints under the new names.
    {
        // Only the links at renamed nodes are copied under their new names;
        // the rest stay in place, in order, and the two are merged.
        auto ptrLess = [](const Link *a, const Link *b) { return linkLess(*a, *b); };
        std::vector<Link> renamedLinks;
        std::vector<const Link *> old, kept;
        old.reserve(before.links.size());
        kept.reserve(before.links.size());
        for (const Link &l : before.links) {
            if (!renamedOld.empty() &&
                (renamedOld.count(l.from.node) || renamedOld.count(l.to.node)))
                renamedLinks.push_back(mapped(l, renames));
            else
                kept.push_back(&l);
        }
        if (!std::is_sorted(kept.begin(), kept.end(), ptrLess))
            std::sort(kept.begin(), kept.end(), ptrLess);
        std::sort(renamedLinks.begin(), renamedLinks.end(), linkLess);
        std::vector<const Link *> moved;
        for (const Link &l : renamedLinks)
            moved.push_back(&l);
        std::merge(kept.begin(), kept.end(), moved.begin(), moved.end(), std::back_inserter(old),
                   ptrLess);
        std::vector<const Link *> now;
        now.reserve(after.links.size());
        for (const Link &l : after.links)
            now.push_back(&l);
        if (!std::is_sorted(after.links.begin(), after.links.end(), linkLess))
            std::sort(now.begin(), now.end(),
                      [](const Link *a, const Link *b) { return linkLess(*a, *b); });
        auto endpoints = [](const Link &l) { return Link{l.from, l.to, {}, {}, {}, {}}; };
        auto i = old.begin(), j = now.begin();
        while (i != old.end() || j != now.end()) {
            if (j == now.end() || (i != old.end() && linkLess(**i, **j))) {
                d.changes.push_back({Change::Kind::Removed,
                                     Entity::Link,
                                     (*i)->key(),
                                     {},
                                     allFields(fieldsOf(**i), true),
                                     endpoints(**i)});
                ++i;
            } else if (i == old.end() || linkLess(**j, **i)) {
                d.changes.push_back({Change::Kind::Added,
                                     Entity::Link,
                                     (*j)->key(),
                                     {},
                                     allFields(fieldsOf(**j), false),
                                     endpoints(**j)});
                ++j;
            } else {
                if (!(**i == **j))
                    d.changes.push_back({Change::Kind::Changed,
                                         Entity::Link,
                                         (*j)->key(),
                                         {},
                                         diffFields(fieldsOf(**i), fieldsOf(**j)),
                                         endpoints(**j)});
                ++i;
                ++j;
            }
        }
    }

    diffMaps(before.policies, after.policies, Entity::Policy, std::equal_to<>{}, d.changes);

    if (options.layout) {
        // Renamed nodes' positions are compared apart; the rest in one ordered pass.
        for (const auto &[from, to] : renames) {
            const auto o = before.layout.nodes.find(from);
            const auto n = after.layout.nodes.find(to);
            const std::optional<Point> op =
                o == before.layout.nodes.end() ? std::nullopt : std::optional<Point>(o->second);
            const std::optional<Point> np =
                n == after.layout.nodes.end() ? std::nullopt : std::optional<Point>(n->second);
            if (op != np)
                d.moves.push_back({to, op, np});
        }
        const auto &oldPos = before.layout.nodes;
        auto skip = [&](auto &it, const auto &map, bool old) {
            while (it != map.end() &&
                   (old ? renamedOld.count(it->first) : renamedNew.count(it->first)))
                ++it;
        };
        auto i = oldPos.cbegin(), j = after.layout.nodes.cbegin();
        while (true) {
            if (!renames.empty()) {
                skip(i, oldPos, true);
                skip(j, after.layout.nodes, false);
            }
            if (i == oldPos.cend() && j == after.layout.nodes.cend())
                break;
            if (j == after.layout.nodes.end() || (i != oldPos.end() && i->first < j->first)) {
                d.moves.push_back({i->first, i->second, std::nullopt});
                ++i;
            } else if (i == oldPos.end() || j->first < i->first) {
                d.moves.push_back({j->first, std::nullopt, j->second});
                ++j;
            } else {
                if (!(i->second == j->second))
                    d.moves.push_back({j->first, i->second, j->second});
                ++i;
                ++j;
            }
        }
        if (!renames.empty())
            std::sort(d.moves.begin(), d.moves.end(),
                      [](const Move &a, const Move &b) { return a.node < b.node; });
        d.layoutFields = diffFields(layoutFieldsOf(before.layout), layoutFieldsOf(after.layout));
    }
    return d;
}

// ---------------------------------------------------------------- apply

namespace {

FieldMap patched(FieldMap m, const std::vector<FieldChange> &changes)
{
    for (const FieldChange &c : changes) {
        if (c.after)
            m[c.key] = *c.after;
        else
            m.erase(c.key);
    }
    return m;
}

template<typename T>
bool applyToMap(std::map<std::string, T> &map, const Change &c, std::string &error)
{
    switch (c.kind) {
    case Change::Kind::Removed:
        if (!map.erase(c.id))
            return (error = "no " + std::string(entityName(c.entity)) + " '" + c.id + "' to remove",
                    false);
        return true;
    case Change::Kind::Added: {
        T item{};
        item.id = c.id;
        if (map.count(c.id))
            return (error = std::string(entityName(c.entity)) + " '" + c.id + "' exists already",
                    false);
        if (!applyFields(item, patched({}, c.fields), error))
            return false;
        map.emplace(c.id, std::move(item));
        return true;
    }
    case Change::Kind::Changed: {
        const auto it = map.find(c.id);
        if (it == map.end())
            return (error = "no " + std::string(entityName(c.entity)) + " '" + c.id + "' to change",
                    false);
        return applyFields(it->second, patched(fieldsOf(it->second), c.fields), error);
    }
    case Change::Kind::Renamed:
        break;
    }
    return true;
}

} // namespace

bool applyDiff(Topology &t, const TopologyDiff &diff, std::string &error)
{
    // Renames first: the rest of the diff speaks the new names.
    for (const Change &c : diff.changes)
        if (c.kind == Change::Kind::Renamed && c.entity == Entity::Node) {
            const auto handle = t.nodes.find(c.oldId);
            if (handle == t.nodes.end() || t.nodes.count(c.id))
                return (error = "cannot rename node '" + c.oldId + "' to '" + c.id + "'", false);
            Node n = handle->second;
            t.nodes.erase(handle);
            n.id = c.id;
            t.nodes.emplace(c.id, std::move(n));
            for (Link &l : t.links) {
                if (l.from.node == c.oldId)
                    l.from.node = c.id;
                if (l.to.node == c.oldId)
                    l.to.node = c.id;
            }
            if (auto pos = t.layout.nodes.extract(c.oldId); !pos.empty()) {
                pos.key() = c.id;
                t.layout.nodes.insert(std::move(pos));
            }
        }
    std::map<std::pair<Endpoint, Endpoint>, Link> links;
    for (Link &l : t.links)
        links.emplace(std::make_pair(l.from, l.to), std::move(l));
    for (const Change &c : diff.changes) {
        bool ok = true;
        switch (c.entity) {
        case Entity::Topology:
            ok = applyTopologyFields(t, patched(fieldsOf(t), c.fields), error);
            break;
        case Entity::Node:
            ok = applyToMap(t.nodes, c, error);
            break;
        case Entity::Zone:
            ok = applyToMap(t.zones, c, error);
            break;
        case Entity::Policy:
            ok = applyToMap(t.policies, c, error);
            break;
        case Entity::Link: {
            const auto key = std::make_pair(c.link.from, c.link.to);
            const auto it = links.find(key);
            if (c.kind == Change::Kind::Removed) {
                ok = it != links.end() && (links.erase(it), true);
            } else if (c.kind == Change::Kind::Added) {
                Link l{c.link.from, c.link.to, {}, {}, {}, {}};
                ok = it == links.end() && applyFields(l, patched({}, c.fields), error) &&
                     links.emplace(key, std::move(l)).second;
            } else if (c.kind == Change::Kind::Changed) {
                ok = it != links.end() &&
                     applyFields(it->second, patched(fieldsOf(it->second), c.fields), error);
            }
            if (!ok && error.empty())
                error = "link " + c.id + " does not fit the topology";
            break;
        }
        }
        if (!ok)
            return false;
    }
    t.links.clear();
    t.links.reserve(links.size());
    for (auto &[_, l] : links)
        t.links.push_back(std::move(l));
    for (const Move &m : diff.moves) {
        if (m.after)
            t.layout.nodes[m.node] = *m.after;
        else
            t.layout.nodes.erase(m.node);
    }
    if (!diff.layoutFields.empty())
        applyLayoutFields(t.layout, patched(layoutFieldsOf(t.layout), diff.layoutFields));
    return true;
}

} // namespace sky
