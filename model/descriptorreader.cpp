#include "descriptor.h"

#include "quantity.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace sky {

namespace {

constexpr const char *kRuleSchema = "SP-FORMAT";
constexpr const char *kRuleUnknown = "SP-UNKNOWN-FIELD";
constexpr const char *kRuleRef = "SP-REF";
constexpr const char *kRuleDuplicate = "SP-DUPLICATE";
constexpr double kMaxCoordinate = 1e7; // canvas units, either way

class Reader
{
public:
    Reader(const std::string &file, ReadResult &result)
        : m_file(file), m_result(result), m_topo(result.topology), m_src(result.sources)
    {}

    void read(const YamlNode *root);

private:
    void report(Severity s, const char *rule, const YamlNode *at, std::string message,
                StaticText hint = {})
    {
        m_result.diagnostics.push_back(
            {s, rule, std::move(message), hint, {}, m_file, at ? at->loc : SourceLoc{}});
    }
    void error(const YamlNode *at, std::string message, const char *rule = kRuleSchema)
    {
        report(Severity::Error, rule, at, std::move(message));
    }

    static Value toValue(const YamlNode *n) { return yamlValue(n); }
    bool text(const YamlNode *n, std::string &out, const std::string &what);
    bool integer(const YamlNode *n, std::int64_t &out, const std::string &what);
    bool expectMap(const YamlNode *n, const std::string &what);
    void unknown(const YamlNode *key, const YamlNode *value, ValueMap &extra, const std::string &where);

    void readResources(const YamlNode *n, Resources &r, const std::string &what, const std::string &path);
    void readPlacement(const YamlNode *n, Placement &p, const std::string &what, const std::string &path);
    void readNode(const YamlNode *key, const YamlNode *value);
    void readLink(const YamlNode *n, std::size_t index);
    void readZone(const YamlNode *key, const YamlNode *value);
    void readPolicy(const YamlNode *n);
    void readLayout(const YamlNode *n);
    void checkReferences(const YamlNode *root);

    const std::string &m_file;
    ReadResult &m_result;
    Topology &m_topo;
    SourceMap &m_src;
    std::vector<std::pair<const YamlNode *, Link>> m_links;
};


bool Reader::text(const YamlNode *n, std::string &out, const std::string &what)
{
    if (!n->isScalar()) {
        error(n, what + " must be text, not a " + std::string(n->kindName()));
        return false;
    }
    out = n->scalar;
    return true;
}

bool Reader::integer(const YamlNode *n, std::int64_t &out, const std::string &what)
{
    const Value v = n->isScalar() && !n->quoted ? resolvePlainScalar(n->scalar) : Value();
    if (!v.isInt()) {
        error(n, what + " must be a whole number, not " + (n->isScalar() ? "'" + n->scalar + "'" : "a " + std::string(n->kindName())));
        return false;
    }
    out = v.toInt();
    return true;
}

bool Reader::expectMap(const YamlNode *n, const std::string &what)
{
    if (n->isMap())
        return true;
    error(n, what + " must be a mapping (key: value), not a " + std::string(n->kindName()));
    return false;
}

void Reader::unknown(const YamlNode *key, const YamlNode *value, ValueMap &extra, const std::string &where)
{
    // What an import kept by value from the file it came from, to write it
    // back (docs/EXPORTS.md): known, so no warning.
    if (key->scalar == "compose" || key->scalar == "tosca" || key->scalar == "terraform"
        || key->scalar == "kubernetes") {
        extra[key->scalar] = toValue(value);
        return;
    }
    report(Severity::Warning, kRuleUnknown, key,
           "unknown field '" + key->scalar + "' in " + where + " (kept as is)",
           "check the spelling; fields Skyplan does not know are written back unchanged");
    extra[key->scalar] = toValue(value);
}

void Reader::readResources(const YamlNode *n, Resources &r, const std::string &what, const std::string &path)
{
    if (!expectMap(n, what))
        return;
    for (const auto &[k, v] : n->entries) {
        const std::string &key = k->scalar;
        m_src.set(path + '/' + key, k->loc);
        if (key == "cpu") {
            const Value val = v->isScalar() && !v->quoted ? resolvePlainScalar(v->scalar) : Value();
            if (!val.isNumber() || val.toDouble() < 0)
                error(v, what + ": cpu must be a number of cores, like 2 or 0.5");
            else
                r.cpu = val.toDouble();
        } else if (key == "memory") {
            const auto bytes = v->isScalar() ? parseSize(v->scalar) : std::nullopt;
            if (!bytes)
                error(v, what + ": memory must be a size, like 512MiB or 4GiB");
            else
                r.memory = *bytes;
        } else if (key == "bandwidth") {
            const auto bps = v->isScalar() ? parseBandwidth(v->scalar) : std::nullopt;
            if (!bps)
                error(v, what + ": bandwidth must be a rate, like 250Mbps or 1Gbps");
            else
                r.bandwidth = *bps;
        } else if (path == "budget" && key == "monthly") {
            // A money budget, "12000 USD": kept with the resources' extra
            // fields (so it round-trips as written), judged with the
            // provider profiles by SP-BUDGET.
            if (!v->isScalar() || !parseMoney(v->scalar))
                error(v, "budget: monthly must be an amount and a currency, like 12000 USD");
            else
                r.extra[key] = toValue(v);
        } else {
            unknown(k, v, r.extra, what);
        }
    }
}

// `placement: {provider: aws, region: eu-west-1, size: m5.large, pinned: true}`.
// Whether the names exist is judged against the provider profiles by the
// placement checks (SP-PLACEMENT), not here: the reader knows no profiles.
void Reader::readPlacement(const YamlNode *n, Placement &p, const std::string &what, const std::string &path)
{
    if (!expectMap(n, what))
        return;
    for (const auto &[k, v] : n->entries) {
        const std::string &key = k->scalar;
        m_src.set(path + '/' + key, k->loc);
        if (key == "provider")
            text(v, p.provider, what + ": provider");
        else if (key == "region")
            text(v, p.region, what + ": region");
        else if (key == "size")
            text(v, p.size, what + ": size");
        else if (key == "pinned") {
            const Value b = v->isScalar() && !v->quoted ? resolvePlainScalar(v->scalar) : Value();
            if (!b.isBool())
                error(v, what + ": pinned must be true or false");
            else
                p.pinned = b.toBool();
        } else {
            error(k, what + ": unknown field '" + key + "' (known: provider, region, size, pinned)");
        }
    }
    if (p.provider.empty() && (!p.region.empty() || !p.size.empty() || p.pinned))
        error(n, what + " needs a 'provider'");
}

void Reader::readNode(const YamlNode *key, const YamlNode *value)
{
    const std::string &id = key->scalar;
    const std::string path = "nodes/" + id;
    m_src.set(path, key->loc);
    if (!isValidId(id))
        error(key, "invalid node id '" + id + "': use letters, digits, '-' and '_' (not first '-')");
    Node n;
    n.id = id;
    const std::string what = "node '" + id + "'";
    if (!expectMap(value, what)) {
        m_topo.nodes.emplace(id, std::move(n));
        return;
    }
    bool hasType = false;
    for (const auto &[k, v] : value->entries) {
        const std::string &f = k->scalar;
        m_src.set(path + '/' + f, k->loc);
        if (f == "type") {
            hasType = text(v, n.type, what + ": type");
        } else if (f == "label") {
            text(v, n.label, what + ": label");
        } else if (f == "zone") {
            text(v, n.zone, what + ": zone");
        } else if (f == "region") {
            text(v, n.region, what + ": region");
        } else if (f == "host") {
            text(v, n.host, what + ": host");
        } else if (f == "placement") {
            readPlacement(v, n.placement, what + ": placement", path + "/placement");
        } else if (f == "replicas") {
            std::int64_t r = 0;
            if (integer(v, r, what + ": replicas")) {
                if (r < 1 || r > 100000)
                    error(v, what + ": replicas must be between 1 and 100000");
                else
                    n.replicas = int(r);
            }
        } else if (f == "resources") {
            readResources(v, n.resources, what + " resources", path + "/resources");
        } else if (f == "properties") {
            if (expectMap(v, what + ": properties"))
                for (const auto &[pk, pv] : v->entries) {
                    m_src.set(path + "/properties/" + pk->scalar, pk->loc);
                    n.properties.emplace(pk->scalar, toValue(pv));
                }
        } else {
            unknown(k, v, n.extra, what);
        }
    }
    if (!hasType)
        error(key, what + " has no type");
    m_topo.nodes.emplace(id, std::move(n));
}

void Reader::readLink(const YamlNode *n, std::size_t index)
{
    const std::string what = "link " + std::to_string(index + 1);
    if (!expectMap(n, what))
        return;
    Link l;
    bool hasFrom = false, hasTo = false, malformed = false;
    for (const auto &[k, v] : n->entries) {
        const std::string &f = k->scalar;
        std::string s;
        if (f == "from" || f == "to") {
            (f == "from" ? hasFrom : hasTo) = true; // present, even if malformed
            if (!text(v, s, what + ": " + f)) {
                malformed = true;
                continue;
            }
            const Endpoint e = Endpoint::parse(s);
            if (!isValidId(e.node) || (s.find('.') != std::string::npos && e.terminal.empty())) {
                error(v, what + ": '" + s + "' is not a node or node.terminal");
                malformed = true;
                continue;
            }
            (f == "from" ? l.from : l.to) = e;
        } else if (f == "protocol") {
            text(v, l.protocol, what + ": protocol");
        } else if (f == "port") {
            std::int64_t p = 0;
            if (integer(v, p, what + ": port")) {
                if (p < 1 || p > 65535)
                    error(v, what + ": port must be between 1 and 65535");
                else
                    l.port = int(p);
            }
        } else if (f == "bandwidth") {
            const auto bps = v->isScalar() ? parseBandwidth(v->scalar) : std::nullopt;
            if (!bps)
                error(v, what + ": bandwidth must be a rate, like 250Mbps or 1Gbps");
            else
                l.bandwidth = *bps;
        } else if (f == "traffic") {
            const auto gb = v->isScalar() ? parseTraffic(v->scalar) : std::nullopt;
            if (!gb)
                error(v, what + ": traffic must be an amount a month, like 500GB/month or 2TB/month");
            else
                l.traffic = *gb;
        } else {
            unknown(k, v, l.extra, what);
        }
    }
    if (!hasFrom || !hasTo) {
        error(n, what + " needs both 'from' and 'to'");
        return;
    }
    if (malformed)
        return;
    m_links.emplace_back(n, std::move(l));
}

void Reader::readZone(const YamlNode *key, const YamlNode *value)
{
    const std::string &id = key->scalar;
    m_src.set("zones/" + id, key->loc);
    if (!isValidId(id))
        error(key, "invalid zone id '" + id + "'");
    Zone z;
    z.id = id;
    const std::string what = "zone '" + id + "'";
    if (value->isMap()) {
        for (const auto &[k, v] : value->entries) {
            if (k->scalar == "label")
                text(v, z.label, what + ": label");
            else if (k->scalar == "parent")
                text(v, z.parent, what + ": parent");
            else if (k->scalar == "placement")
                readPlacement(v, z.placement, what + ": placement", "zones/" + id + "/placement");
            else
                unknown(k, v, z.extra, what);
        }
    } else if (!value->isNull()) {
        expectMap(value, what);
    }
    m_topo.zones.emplace(id, std::move(z));
}

void Reader::readPolicy(const YamlNode *n)
{
    if (!expectMap(n, "a policy"))
        return;
    Policy p;
    const YamlNode *idNode = n->get("id");
    if (!idNode || !text(idNode, p.id, "policy id") || p.id.empty()) {
        if (!idNode)
            error(n, "a policy needs an 'id'");
        return;
    }
    const std::string what = "policy '" + p.id + "'";
    for (const auto &[k, v] : n->entries) {
        if (k->scalar == "id")
            continue;
        if (k->scalar == "kind")
            text(v, p.kind, what + ": kind");
        else
            p.fields.emplace(k->scalar, toValue(v));
    }
    if (p.kind.empty())
        error(n, what + " needs a 'kind'");
    m_src.set("policies/" + p.id, n->loc);
    if (m_topo.policies.count(p.id)) {
        error(idNode, "duplicate policy id '" + p.id + "'", kRuleDuplicate);
        return;
    }
    m_topo.policies.emplace(p.id, std::move(p));
}

void Reader::readLayout(const YamlNode *n)
{
    if (!expectMap(n, "layout"))
        return;
    for (const auto &[k, v] : n->entries) {
        if (k->scalar != "nodes") {
            unknown(k, v, m_topo.layout.extra, "layout");
            continue;
        }
        if (!expectMap(v, "layout nodes"))
            continue;
        for (const auto &[nk, nv] : v->entries) {
            Value pos = toValue(nv);
            if (!pos.isList() || pos.toList().size() != 2 || !pos.toList()[0].isNumber()
                || !pos.toList()[1].isNumber()) {
                error(nv, "position of '" + nk->scalar + "' must be [x, y]");
                continue;
            }
            const double x = pos.toList()[0].toDouble();
            const double y = pos.toList()[1].toDouble();
            // A canvas is a few hundred thousand units wide; a position
            // far beyond that (or .inf, .nan) is a typo, not a place.
            if (!(std::abs(x) <= kMaxCoordinate) || !(std::abs(y) <= kMaxCoordinate)) {
                error(nv, "position of '" + nk->scalar + "' must be two numbers between -1e7 and 1e7");
                continue;
            }
            m_topo.layout.nodes[nk->scalar] = {x, y};
            m_src.set("layout/" + nk->scalar, nk->loc);
        }
    }
}

void Reader::checkReferences(const YamlNode *)
{
    // Sort once (a file's links are usually sorted already), then drop and
    // report the later copy of each duplicate: linear after the sort.
    // A sorted range is left as it is: no merge passes moving every Link.
    const auto less = [](const auto &a, const auto &b) { return linkLess(a.second, b.second); };
    if (!std::is_sorted(m_links.begin(), m_links.end(), less))
        std::stable_sort(m_links.begin(), m_links.end(), less);
    m_topo.links.reserve(m_links.size());
    for (auto &[node, link] : m_links) {
        for (const Endpoint *e : {&link.from, &link.to})
            if (!m_topo.nodes.count(e->node))
                error(node, "link " + link.key() + " refers to unknown node '" + e->node + "'", kRuleRef);
        if (!m_topo.links.empty() && m_topo.links.back().from == link.from && m_topo.links.back().to == link.to) {
            error(node, "duplicate link " + link.key(), kRuleDuplicate);
            continue;
        }
        m_src.set("links/" + link.key(), node->loc);
        m_topo.links.push_back(std::move(link));
    }
    for (const auto &[id, n] : m_topo.nodes)
        if (!n.host.empty() && (n.host == id || !m_topo.nodes.count(n.host)))
            m_result.diagnostics.push_back({Severity::Error, kRuleRef,
                                            "node '" + id + "' is hosted on " + (n.host == id ? "itself" : "unknown node '" + n.host + "'"),
                                            "name another node of this topology under 'host:'", {id}, m_file,
                                            m_src.find("nodes/" + id + "/host")});
    for (const auto &[id, n] : m_topo.nodes)
        if (!n.zone.empty() && !m_topo.zones.count(n.zone))
            m_result.diagnostics.push_back({Severity::Error, kRuleRef,
                                            "node '" + id + "' is in unknown zone '" + n.zone + "'",
                                            "declare the zone under 'zones:'", {id}, m_file,
                                            m_src.find("nodes/" + id + "/zone")});
    // The zones on a parent cycle, each parent followed once in all (a
    // chain of 20,000 zones each inside the next is linear, issue 26):
    // a walk stops at a zone already walked; meeting its own path again
    // closes a cycle, whose zones are those of the path from there.
    std::unordered_map<std::string_view, char> state; // 1 on the current path, 2 done
    std::unordered_set<std::string_view> cyclic;
    std::vector<std::string_view> path;
    for (const auto &[id, z] : m_topo.zones) {
        path.clear();
        std::string_view at = id;
        while (!at.empty()) {
            char &st = state[at];
            if (st == 2)
                break;
            if (st == 1) {
                const auto from = std::find(path.begin(), path.end(), at);
                cyclic.insert(from, path.end());
                break;
            }
            st = 1;
            path.push_back(at);
            const auto p = m_topo.zones.find(std::string(at));
            at = p == m_topo.zones.end() ? std::string_view() : std::string_view(p->second.parent);
        }
        for (std::string_view walked : path)
            state[walked] = 2;
    }
    for (const auto &[id, z] : m_topo.zones) {
        if (z.parent.empty())
            continue;
        if (!m_topo.zones.count(z.parent)) {
            m_result.diagnostics.push_back({Severity::Error, kRuleRef,
                                            "zone '" + id + "' has unknown parent '" + z.parent + "'",
                                            {}, {}, m_file, m_src.find("zones/" + id)});
            continue;
        }
        if (cyclic.count(id))
            m_result.diagnostics.push_back({Severity::Error, kRuleRef,
                                            "zone '" + id + "' is nested inside itself",
                                            {}, {}, m_file, m_src.find("zones/" + id)});
    }
    for (const auto &[id, pos] : m_topo.layout.nodes)
        if (!m_topo.nodes.count(id))
            m_result.diagnostics.push_back({Severity::Warning, kRuleRef,
                                            "layout position for unknown node '" + id + "' (kept)",
                                            {}, {}, m_file, m_src.find("layout/" + id)});
}

void Reader::read(const YamlNode *root)
{
    if (!root || root->isNull() || (root->isScalar() && root->scalar.empty())) {
        m_result.diagnostics.push_back({Severity::Error, kRuleSchema,
                                        "empty file: expected a topology starting with 'skyplan: 1'",
                                        {}, {}, m_file, root ? root->loc : SourceLoc{1, 1}});
        return;
    }
    if (!root->isMap()) {
        error(root, "expected a topology mapping starting with 'skyplan: 1', not a "
                        + std::string(root->kindName()));
        return;
    }
    const YamlNode *version = root->get("skyplan");
    if (!version) {
        error(root, "missing format version: the file should start with 'skyplan: 1'");
        return;
    }
    std::int64_t v = 0;
    if (!integer(version, v, "the format version 'skyplan'"))
        return;
    if (v > kFormatVersion) {
        error(version, "format version " + std::to_string(v) + " is newer than this Skyplan reads (version "
                           + std::to_string(kFormatVersion) + "); upgrade Skyplan to open it",
              "SP-VERSION");
        return;
    }
    if (v < 1) {
        error(version, "format version " + std::to_string(v) + " does not exist; use 'skyplan: 1'", "SP-VERSION");
        return;
    }
    m_result.readable = true;
    // About one source position per mapping key: half the nodes at most.
    m_src.reserve(root->weight / 2);

    for (const auto &[k, v] : root->entries) {
        const std::string &f = k->scalar;
        m_src.set("top/" + f, k->loc);
        if (f == "skyplan") {
            continue;
        } else if (f == "name") {
            text(v, m_topo.name, "name");
        } else if (f == "description") {
            text(v, m_topo.description, "description");
        } else if (f == "catalogs") {
            if (!v->isSequence()) {
                error(v, "catalogs must be a list of file names");
                continue;
            }
            for (const YamlNode *item : v->items)
                if (std::string s; text(item, s, "a catalog file name"))
                    m_topo.catalogs.push_back(s);
        } else if (f == "providers") {
            if (!v->isSequence()) {
                error(v, "providers must be a list of built-in profile ids or profile files");
                continue;
            }
            for (const YamlNode *item : v->items)
                if (std::string s; text(item, s, "a provider profile"))
                    m_topo.providers.push_back(s);
        } else if (f == "budget") {
            readResources(v, m_topo.budget, "budget", "budget");
        } else if (f == "requirements") {
            if (expectMap(v, "requirements"))
                m_topo.requirements = toValue(v).toMap();
        } else if (f == "rules") {
            if (!expectMap(v, "rules"))
                continue;
            for (const auto &[rk, rv] : v->entries) {
                std::string s;
                if (!text(rv, s, "rule " + rk->scalar))
                    continue;
                if (s != "error" && s != "warning" && s != "info" && s != "off")
                    error(rv, "rule " + rk->scalar + ": severity must be error, warning, info or off");
                else
                    m_topo.rules[rk->scalar] = s;
                m_src.set("rules/" + rk->scalar, rk->loc);
            }
        } else if (f == "nodes") {
            if (v->isNull())
                continue;
            if (expectMap(v, "nodes"))
                for (const auto &[nk, nv] : v->entries)
                    readNode(nk, nv);
        } else if (f == "links") {
            if (v->isNull())
                continue;
            if (!v->isSequence()) {
                error(v, "links must be a list of {from: node.terminal, to: node.terminal}");
                continue;
            }
            for (std::size_t i = 0; i < v->items.size(); ++i)
                readLink(v->items[i], i);
        } else if (f == "zones") {
            if (v->isNull())
                continue;
            if (expectMap(v, "zones"))
                for (const auto &[zk, zv] : v->entries)
                    readZone(zk, zv);
        } else if (f == "policies") {
            if (v->isNull())
                continue;
            if (!v->isSequence()) {
                error(v, "policies must be a list");
                continue;
            }
            for (const YamlNode *item : v->items)
                readPolicy(item);
        } else if (f == "layout") {
            readLayout(v);
        } else if (f == "merge-conflicts") {
            // Written by `skyplan merge` with both sides' values: kept so
            // nothing is lost, and an error until someone resolves it.
            m_topo.extra[f] = toValue(v);
            const std::size_t count = v->isSequence() ? v->items.size() : v->isMap() ? v->entries.size() : 1;
            report(Severity::Error, "SP-MERGE-CONFLICT", k,
                   std::to_string(count) + " unresolved merge conflict" + (count == 1 ? "" : "s")
                       + " (see 'merge-conflicts')",
                   "choose a value for each conflict, then delete the 'merge-conflicts' section");
        } else {
            unknown(k, v, m_topo.extra, "the topology");
        }
    }
    checkReferences(root);
}

} // namespace

ReadResult readDescriptor(std::string_view text, const std::string &fileName, const YamlLimits &limits)
{
    ReadResult result;
    const auto doc = parseYaml(text, fileName, result.diagnostics, limits);
    if (!doc)
        return result;
    Reader(fileName, result).read(doc->root());
    return result;
}

ReadResult readDescriptorFile(const std::string &path, const YamlLimits &limits)
{
    std::string text, error;
    if (!readFile(path, text, error, limits.maxBytes)) {
        ReadResult result;
        result.diagnostics.push_back({Severity::Error, "SP-IO", error, {}, {}, path, {}});
        return result;
    }
    return readDescriptor(text, path, limits);
}

} // namespace sky
