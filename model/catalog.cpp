#include "catalog.h"

#include "quantity.h"
#include "topology.h"
#include "yamltree.h"

#include <algorithm>
#include <filesystem>
#include <regex>

namespace sky {

const std::vector<std::pair<std::string_view, std::string_view>> &builtinCatalogFiles();

namespace {

constexpr std::pair<Tier, std::string_view> kTiers[] = {
    {Tier::Edge, "edge"}, {Tier::Security, "security"}, {Tier::Network, "network"},
    {Tier::Compute, "compute"}, {Tier::Data, "data"}, {Tier::Storage, "storage"},
};

constexpr std::pair<PropertyKind, std::string_view> kKinds[] = {
    {PropertyKind::String, "string"}, {PropertyKind::Integer, "integer"},
    {PropertyKind::Number, "number"}, {PropertyKind::Boolean, "boolean"},
    {PropertyKind::Ip, "ip"}, {PropertyKind::Size, "size"},
    {PropertyKind::Bandwidth, "bandwidth"}, {PropertyKind::Enum, "enum"},
    {PropertyKind::List, "list"},
};

bool isIpAddress(const std::string &s)
{
    static const std::regex v4(R"((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3})");
    static const std::regex v6(R"([0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)");
    if (std::regex_match(s, v4))
        return true;
    if (!std::regex_match(s, v6) || s.size() > 45)
        return false;
    const auto dc = s.find("::");
    return std::count(s.begin(), s.end(), ':') <= 7 && (dc == std::string::npos || s.find("::", dc + 1) == std::string::npos);
}

class Loader
{
public:
    Loader(const std::string &file, std::vector<Diagnostic> &diagnostics)
        : m_file(file), m_diagnostics(diagnostics)
    {}

    void error(const YamlNode *at, std::string message)
    {
        m_diagnostics.push_back({Severity::Error, "SP-CATALOG", std::move(message), {}, {}, m_file,
                                 at ? at->loc : SourceLoc{}});
        m_ok = false;
    }

    static Value value(const YamlNode *n) { return yamlValue(n); }

    std::vector<std::string> strings(const YamlNode *n, const std::string &what)
    {
        std::vector<std::string> out;
        if (!n->isSequence()) {
            error(n, what + " must be a list");
            return out;
        }
        for (const YamlNode *i : n->items)
            out.push_back(i->scalar);
        return out;
    }

    std::optional<double> quantity(const YamlNode *n, const std::string &resource)
    {
        if (!n->isScalar()) {
            error(n, resource + " must be a value");
            return std::nullopt;
        }
        if (resource == "memory") {
            if (auto b = parseSize(n->scalar))
                return double(*b);
        } else if (resource == "bandwidth") {
            if (auto b = parseBandwidth(n->scalar))
                return double(*b);
        } else if (Value v = resolvePlainScalar(n->scalar); v.isNumber()) {
            return v.toDouble();
        }
        error(n, "invalid " + resource + " value '" + n->scalar + "'");
        return std::nullopt;
    }

    void terminals(const YamlNode *n, ComponentType &t)
    {
        if (!n->isSequence()) {
            error(n, "terminals of '" + t.id + "' must be a list");
            return;
        }
        for (const YamlNode *item : n->items) {
            TerminalType term;
            if (!item->isMap()) {
                error(item, "a terminal must be a mapping");
                continue;
            }
            for (const auto &[k, v] : item->entries) {
                const std::string &f = k->scalar;
                if (f == "name")
                    term.name = v->scalar;
                else if (f == "direction" && (v->scalar == "in" || v->scalar == "out"))
                    term.direction = v->scalar == "in" ? Direction::In : Direction::Out;
                else if (f == "protocols")
                    term.protocols = strings(v, "protocols");
                else if (f == "links")
                    term.maxLinks = v->scalar == "many" ? 0 : std::max(0, std::atoi(v->scalar.c_str()));
                else if (f == "mandatory")
                    term.mandatory = v->scalar == "true";
                else
                    error(k, "unknown terminal field '" + f + "'");
            }
            if (term.name.empty())
                error(item, "a terminal of '" + t.id + "' has no name");
            else if (t.terminal(term.name))
                error(item, "terminal '" + term.name + "' of '" + t.id + "' is declared twice");
            else
                t.terminals.push_back(std::move(term));
        }
    }

    void properties(const YamlNode *n, ComponentType &t)
    {
        if (!n->isMap()) {
            error(n, "properties of '" + t.id + "' must be a mapping");
            return;
        }
        for (const auto &[pk, pv] : n->entries) {
            PropertySchema p;
            p.name = pk->scalar;
            if (!pv->isMap()) {
                error(pv, "property '" + p.name + "' must be a mapping");
                continue;
            }
            for (const auto &[k, v] : pv->entries) {
                const std::string &f = k->scalar;
                if (f == "type" || f == "items") {
                    const auto kind = parsePropertyKind(v->scalar);
                    if (!kind)
                        error(v, "unknown property type '" + v->scalar + "'");
                    else
                        (f == "type" ? p.kind : p.itemKind) = *kind;
                } else if (f == "values") {
                    p.values = strings(v, "values");
                } else if (f == "default") {
                    p.defaultValue = value(v);
                } else if (f == "required") {
                    p.required = v->scalar == "true";
                } else if (f == "min" || f == "max") {
                    const std::string unit = p.kind == PropertyKind::Size        ? "memory"
                                             : p.kind == PropertyKind::Bandwidth ? "bandwidth"
                                                                                 : "number";
                    (f == "min" ? p.min : p.max) = quantity(v, unit);
                } else if (f == "pattern") {
                    p.pattern = v->scalar;
                    try {
                        p.compiled = std::make_shared<const std::regex>(p.pattern);
                    } catch (const std::regex_error &) {
                        error(v, "invalid pattern for property '" + p.name + "'");
                    }
                } else if (f == "secret") {
                    p.secret = v->scalar == "true";
                } else if (f == "description") {
                    p.description = v->scalar;
                } else {
                    error(k, "unknown property schema field '" + f + "'");
                }
            }
            if (p.defaultValue) {
                if (const std::string why = p.check(*p.defaultValue); !why.empty())
                    error(pv, "default of '" + t.id + "." + p.name + "' is invalid: " + why);
            }
            t.properties.push_back(std::move(p));
        }
    }

    void resources(const YamlNode *n, ComponentType &t)
    {
        if (!n->isMap()) {
            error(n, "resources of '" + t.id + "' must be a mapping");
            return;
        }
        for (const auto &[k, v] : n->entries) {
            ResourceRange *r = k->scalar == "cpu"         ? &t.cpu
                               : k->scalar == "memory"    ? &t.memory
                               : k->scalar == "bandwidth" ? &t.bandwidth
                                                          : nullptr;
            if (!r || !v->isMap()) {
                error(k, "unknown resource '" + k->scalar + "'");
                continue;
            }
            for (const auto &[rk, rv] : v->entries) {
                const auto q = quantity(rv, k->scalar);
                if (!q)
                    continue;
                if (rk->scalar == "min")
                    r->min = *q;
                else if (rk->scalar == "max")
                    r->max = *q;
                else if (rk->scalar == "default")
                    r->defaultValue = *q;
                else
                    error(rk, "unknown resource field '" + rk->scalar + "'");
            }
        }
    }

    void type(const YamlNode *key, const YamlNode *n, std::map<std::string, ComponentType, std::less<>> &out)
    {
        ComponentType t;
        t.id = key->scalar;
        if (!n->isMap()) {
            error(n, "type '" + t.id + "' must be a mapping");
            return;
        }
        const YamlNode *overrides = nullptr;
        for (const auto &[k, v] : n->entries) {
            const std::string &f = k->scalar;
            if (f == "overrides") {
                overrides = v;
                if (v->scalar != "true" && v->scalar != "false")
                    error(v, "overrides must be true or false");
                else if (v->scalar == "false")
                    overrides = nullptr;
            } else if (f == "name")
                t.name = v->scalar;
            else if (f == "tier") {
                const auto tier = parseTier(v->scalar);
                if (!tier)
                    error(v, "unknown tier '" + v->scalar + "'");
                else
                    t.tier = *tier;
            } else if (f == "icon")
                t.icon = v->scalar;
            else if (f == "description")
                t.description = v->scalar;
            else if (f == "entry")
                t.entry = v->scalar == "true";
            else if (f == "terminals")
                terminals(v, t);
            else if (f == "properties")
                properties(v, t);
            else if (f == "resources")
                resources(v, t);
            else
                error(k, "unknown field '" + f + "' in type '" + t.id + "'");
        }
        if (t.name.empty())
            t.name = t.id;
        // Type ids are unique across all loaded files: a team catalog must
        // not quietly replace a type (and drop the secret flag of its
        // password). An explicit `overrides: true` may, keeping every secret.
        const auto existing = out.find(t.id);
        if (existing == out.end()) {
            if (overrides)
                error(overrides, "type '" + t.id + "' overrides nothing: no catalog loaded before defines it");
            else
                out[t.id] = std::move(t);
            return;
        }
        if (!overrides) {
            error(key, "type '" + t.id + "' is already defined by another catalog; type ids are unique "
                           "(write 'overrides: true' to replace it, keeping its secret properties secret)");
            return;
        }
        bool keepsSecrets = true;
        for (const PropertySchema &p : existing->second.properties) {
            if (!p.secret)
                continue;
            const PropertySchema *mine = t.property(p.name);
            if (!mine || !mine->secret) {
                const YamlNode *props = n->get("properties");
                const YamlNode *at = props && props->isMap() ? props->get(p.name) : nullptr;
                error(at ? at : overrides, "type '" + t.id + "' overrides a type whose property '" + p.name
                                              + "' is secret; keep it, with secret: true");
                keepsSecrets = false;
            }
        }
        if (keepsSecrets)
            existing->second = std::move(t);
    }

    bool ok() const { return m_ok; }

private:
    const std::string &m_file;
    std::vector<Diagnostic> &m_diagnostics;
    bool m_ok = true;
};

} // namespace

std::string_view directionName(Direction d)
{
    return d == Direction::In ? "in" : "out";
}

std::string_view tierName(Tier t)
{
    for (const auto &[tier, name] : kTiers)
        if (tier == t)
            return name;
    return "compute";
}

std::optional<Tier> parseTier(std::string_view text)
{
    for (const auto &[tier, name] : kTiers)
        if (name == text)
            return tier;
    return std::nullopt;
}

const std::vector<Tier> &allTiers()
{
    static const std::vector<Tier> tiers{Tier::Edge, Tier::Security, Tier::Network,
                                         Tier::Compute, Tier::Data, Tier::Storage};
    return tiers;
}

std::string_view propertyKindName(PropertyKind k)
{
    for (const auto &[kind, name] : kKinds)
        if (kind == k)
            return name;
    return "string";
}

std::optional<PropertyKind> parsePropertyKind(std::string_view text)
{
    for (const auto &[kind, name] : kKinds)
        if (name == text)
            return kind;
    return std::nullopt;
}

bool TerminalType::accepts(const std::string &protocol) const
{
    return std::find(protocols.begin(), protocols.end(), "any") != protocols.end()
           || std::find(protocols.begin(), protocols.end(), protocol) != protocols.end();
}

bool protocolsCompatible(const TerminalType &out, const TerminalType &in)
{
    const auto any = [](const TerminalType &t) {
        return std::find(t.protocols.begin(), t.protocols.end(), "any") != t.protocols.end();
    };
    if (any(out) || any(in))
        return true;
    return std::any_of(out.protocols.begin(), out.protocols.end(),
                       [&](const std::string &p) { return in.accepts(p); });
}

namespace {

std::string checkScalar(PropertyKind kind, const PropertySchema &s, const Value &v)
{
    auto range = [&](double x, const std::string &shown) -> std::string {
        if (s.min && x < *s.min)
            return shown + " is below the minimum " + formatNumber(*s.min);
        if (s.max && x > *s.max)
            return shown + " is above the maximum " + formatNumber(*s.max);
        return {};
    };
    switch (kind) {
    case PropertyKind::String:
        if (!v.isString() && !(v.isScalar() && !v.isNull()))
            return "expected text, got " + v.display();
        if (!s.pattern.empty() && v.isString()) {
            try {
                if (!std::regex_match(v.toString(), s.compiled ? *s.compiled : std::regex(s.pattern)))
                    return v.display() + " does not match the pattern " + s.pattern;
            } catch (const std::regex_error &) {
                return "the catalog's pattern is invalid";
            }
        }
        return {};
    case PropertyKind::Integer:
        if (!v.isInt())
            return "expected a whole number, got " + v.display();
        return range(double(v.toInt()), std::to_string(v.toInt()));
    case PropertyKind::Number:
        if (!v.isNumber())
            return "expected a number, got " + v.display();
        return range(v.toDouble(), v.display());
    case PropertyKind::Boolean:
        return v.isBool() ? std::string() : "expected true or false, got " + v.display();
    case PropertyKind::Ip:
        return v.isString() && isIpAddress(v.toString()) ? std::string()
                                                         : "expected an IP address, got " + v.display();
    case PropertyKind::Size: {
        const auto b = v.isString() ? parseSize(v.toString()) : v.isInt() && v.toInt() >= 0 ? std::optional<std::uint64_t>(v.toInt()) : std::nullopt;
        if (!b)
            return "expected a size like 20GiB, got " + v.display();
        return range(double(*b), v.display());
    }
    case PropertyKind::Bandwidth: {
        const auto b = v.isString() ? parseBandwidth(v.toString()) : std::nullopt;
        if (!b)
            return "expected a rate like 100Mbps, got " + v.display();
        return range(double(*b), v.display());
    }
    case PropertyKind::Enum: {
        const std::string text = v.isString() ? v.toString() : v.isScalar() ? v.display() : std::string();
        if (std::find(s.values.begin(), s.values.end(), text) != s.values.end())
            return {};
        std::string allowed;
        for (const auto &a : s.values)
            allowed += (allowed.empty() ? "" : ", ") + a;
        return v.display() + " is not one of: " + allowed;
    }
    case PropertyKind::List: return "nested lists are not supported";
    }
    return {};
}

} // namespace

std::string PropertySchema::check(const Value &v) const
{
    if (secret)
        return v.secretRef() ? std::string() : "a secret must be a reference {secret: VARIABLE}, never a literal";
    if (kind == PropertyKind::List) {
        if (!v.isList())
            return "expected a list, got " + v.display();
        for (const Value &item : v.toList())
            if (std::string why = checkScalar(itemKind, *this, item); !why.empty())
                return why;
        return {};
    }
    return checkScalar(kind, *this, v);
}

const TerminalType *ComponentType::terminal(std::string_view n) const
{
    for (const TerminalType &t : terminals)
        if (t.name == n)
            return &t;
    return nullptr;
}

const TerminalType *ComponentType::defaultTerminal(Direction d) const
{
    for (const TerminalType &t : terminals)
        if (t.direction == d)
            return &t;
    return nullptr;
}

const PropertySchema *ComponentType::property(std::string_view n) const
{
    for (const PropertySchema &p : properties)
        if (p.name == n)
            return &p;
    return nullptr;
}

bool Catalog::load(std::string_view text, const std::string &fileName, std::vector<Diagnostic> &diagnostics)
{
    const auto doc = parseYaml(text, fileName, diagnostics);
    if (!doc)
        return false;
    Loader loader(fileName, diagnostics);
    const YamlNode *root = doc->root();
    if (!root || !root->isMap() || !root->get("catalog")) {
        loader.error(root, "not a Skyplan catalog: expected 'catalog: 1' and 'types:'");
        return false;
    }
    if (root->get("catalog")->scalar != "1") {
        loader.error(root->get("catalog"), "catalog version " + root->get("catalog")->scalar
                                               + " is not supported (this Skyplan reads version 1)");
        return false;
    }
    const YamlNode *types = root->get("types");
    if (!types || !types->isMap()) {
        loader.error(root, "a catalog needs a 'types:' mapping");
        return false;
    }
    for (const auto &[k, v] : types->entries)
        loader.type(k, v, m_types);
    return loader.ok();
}

bool Catalog::loadFile(const std::string &path, std::vector<Diagnostic> &diagnostics)
{
    std::string text, error;
    if (!readFile(path, text, error)) {
        diagnostics.push_back({Severity::Error, "SP-IO", error, {}, {}, path, {}});
        return false;
    }
    return load(text, path, diagnostics);
}

const ComponentType *Catalog::type(std::string_view id) const
{
    const auto it = m_types.find(id);
    return it == m_types.end() ? nullptr : &it->second;
}

const Catalog &Catalog::builtin()
{
    static const Catalog catalog = [] {
        Catalog c;
        std::vector<Diagnostic> diagnostics;
        for (const auto &[name, text] : builtinCatalogFiles())
            c.load(text, "resources/catalog/" + std::string(name), diagnostics);
        // The built-in catalog is checked by the tests; a broken one is a build bug.
        return c;
    }();
    return catalog;
}

Catalog catalogFor(const Topology &topology, const std::string &topologyPath,
                   std::vector<Diagnostic> &diagnostics, const SourceMap *sources)
{
    namespace fs = std::filesystem;
    Catalog c = Catalog::builtin();
    if (topology.catalogs.empty())
        return c;
    const SourceLoc loc = sources ? sources->find("top/catalogs") : SourceLoc{};
    std::error_code ec;
    const fs::path folder = fs::weakly_canonical(fs::absolute(fs::path(topologyPath), ec).parent_path(), ec);
    for (const std::string &name : topology.catalogs) {
        const fs::path rel(name);
        const bool climbs = std::any_of(rel.begin(), rel.end(), [](const fs::path &p) { return p == ".."; });
        fs::path resolved = fs::weakly_canonical(folder / rel, ec);
        const auto [end, _] = std::mismatch(folder.begin(), folder.end(), resolved.begin(), resolved.end());
        if (name.empty() || rel.is_absolute() || climbs || ec || end != folder.end()) {
            diagnostics.push_back({Severity::Error, "SP-CATALOG",
                                   "catalog '" + name + "' is outside the topology's folder; refused",
                                   "keep extra catalogs beside the topology, named relative to it", {},
                                   topologyPath, loc});
            continue;
        }
        c.loadFile(resolved.string(), diagnostics);
    }
    return c;
}

} // namespace sky
