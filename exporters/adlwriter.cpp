// AppLogic ADL writer (the grammar condensed in DESIGN.md): one `component`
// per type used and one `assembly main` for the topology. An AppLogic output
// connects to exactly one input, so a terminal with several links becomes
// out1..outN. Names are folded to ADL's lowercase words; every text value is
// a quoted string; secret properties become mandatory assembly properties
// that subordinates reference ($name), never values.
#include "format.h"
#include "allformats.h"
#include "sidecar.h"

#include "catalog.h"
#include "jsonescape.h"
#include "quantity.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace sky {

namespace {

std::string word(std::string_view s)
{
    std::string out;
    for (const char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')
            out += c;
        else if (c >= 'A' && c <= 'Z')
            out += char(c - 'A' + 'a');
        else
            out += '_';
    }
    if (out.empty() || (out[0] >= '0' && out[0] <= '9') || out[0] == '_')
        out = "n" + out;
    return out;
}

// ADL string values are quoted and escaped as JSON strings are.
std::string valueText(const Value &v)
{
    switch (v.kind()) {
    case Value::Kind::Int: return std::to_string(v.toInt());
    case Value::Kind::String: return jsonString(v.toString());
    case Value::Kind::List:
    case Value::Kind::Map: return jsonString(toJson(v));
    default: return jsonString(v.display());
    }
}

// A plain decimal (ADL has no exponents): 0.25, 1024, 100000.
std::string decimal(double v)
{
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        return std::to_string(std::int64_t(v));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6f", v);
    std::string s = buf;
    while (s.back() == '0')
        s.pop_back();
    if (s.back() == '.')
        s.pop_back();
    return s;
}

std::string megas(double v, double unit)
{
    return decimal(v / unit) + "M";
}

bool isAdlValue(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    });
}

class AdlWriter
{
public:
    AdlWriter(const Topology &t, const Catalog &c) : m_topo(t), m_catalog(c) {}

    std::string write()
    {
        assignNames();
        std::map<std::string, std::vector<const Link *>> linksFrom;
        for (const Link &l : m_topo.links)
            if (m_names.count(l.from.node) && m_names.count(l.to.node))
                linksFrom[l.from.node].push_back(&l);
        // Fan-out per (type, output terminal): how many numbered outputs it needs.
        std::map<std::pair<std::string, std::string>, std::size_t> fanout;
        for (const auto &[node, links] : linksFrom) {
            std::map<std::string, std::size_t> perTerminal;
            for (const Link *l : links)
                ++perTerminal[word(terminalOf(l->from, m_topo, m_catalog, Direction::Out))];
            for (const auto &[term, count] : perTerminal) {
                auto &f = fanout[{m_topo.node(node)->type, term}];
                f = std::max(f, count);
            }
        }
        std::string out = "# AppLogic ADL written by Skyplan\n";
        std::set<std::string> types;
        for (const auto &[id, n] : m_topo.nodes)
            types.insert(n.type);
        std::map<std::string, std::vector<const Link *>> linksInto; // class -> links to its nodes
        for (const Link &l : m_topo.links)
            if (const Node *to = m_topo.node(l.to.node))
                linksInto[to->type].push_back(&l);
        std::map<std::string, std::set<std::string>> inputs; // class -> input terminal names
        for (const std::string &type : types)
            out += component(type, fanout, linksInto[type], inputs[type]);

        std::string subs, conns;
        std::set<std::string> secrets;
        for (const auto &[id, n] : m_topo.nodes)
            subs += subordinate(n, secrets);
        for (const auto &[node, links] : linksFrom) {
            std::map<std::string, std::size_t> used;
            const std::string type = m_topo.node(node)->type;
            for (const Link *l : links) {
                const std::string term = word(terminalOf(l->from, m_topo, m_catalog, Direction::Out));
                const std::size_t index = ++used[term];
                const std::string output = fanout[{type, term}] > 1 ? term + std::to_string(index) : term;
                conns += "    " + m_names[node] + '.' + output + " => " + m_names[l->to.node] + '.'
                    + word(terminalOf(l->to, m_topo, m_catalog, Direction::In)) + '\n';
            }
        }
        out += "assembly main {\n";
        for (const std::string &s : secrets)
            out += "  property " + s + " : mandatory\n";
        out += subs;
        out += "  connections [\n" + conns + "  ]\n}\n";
        return out;
    }

private:
    void assignNames()
    {
        std::set<std::string> taken;
        for (const auto &[id, n] : m_topo.nodes) {
            std::string name = word(id);
            for (int i = 2; taken.count(name); ++i)
                name = word(id) + '_' + std::to_string(i);
            taken.insert(name);
            m_names[id] = name;
        }
    }

    std::string component(const std::string &typeId,
                          const std::map<std::pair<std::string, std::string>, std::size_t> &fanout,
                          const std::vector<const Link *> &linksInto, std::set<std::string> &inputs) const
    {
        const ComponentType *type = m_catalog.type(typeId);
        std::string out = "component " + word(typeId) + " {\n";
        if (type) {
            auto range = [&](const char *name, const ResourceRange &r, double unit, bool mega) {
                if (r.max <= 0)
                    return;
                auto f = [&](double v) { return mega ? megas(v, unit) : decimal(v); };
                out += std::string("  resource ") + name + " : min=" + f(r.min) + ", max=" + f(r.max) + ", dflt=" + f(r.defaultValue) + '\n';
            };
            range("cpu", type->cpu, 1, false);
            range("mem", type->memory, 1024.0 * 1024.0, true);
            range("bw", type->bandwidth, 1e6, true);
        }
        std::set<std::string> outputs;
        if (type)
            for (const TerminalType &t : type->terminals) {
                const std::string name = word(t.name);
                const std::string protocol = t.protocols.empty() ? "any" : word(t.protocols.front());
                if (t.direction == Direction::In) {
                    if (inputs.insert(name).second)
                        out += "  input " + name + " : protocol=" + protocol + '\n';
                    continue;
                }
                auto it = fanout.find({typeId, name});
                const std::size_t n = it == fanout.end() ? 1 : it->second;
                outputs.insert(name);
                for (std::size_t i = 1; i <= n; ++i)
                    out += "  output " + (n > 1 ? name + std::to_string(i) : name) + " : protocol=" + protocol
                        + (t.mandatory && i == 1 ? ", mandatory" : "") + '\n';
            }
        // Terminals used by links but unknown to the catalog (a forced export).
        for (const Link *l : linksInto) {
            const std::string name = word(terminalOf(l->to, m_topo, m_catalog, Direction::In));
            if (inputs.insert(name).second)
                out += "  input " + name + " : protocol=any\n";
        }
        for (const auto &[key, n] : fanout)
            if (key.first == typeId && !outputs.count(key.second))
                for (std::size_t i = 1; i <= n; ++i)
                    out += "  output " + (n > 1 ? key.second + std::to_string(i) : key.second) + " : protocol=any\n";
        if (type)
            for (const PropertySchema &p : type->properties) {
                out += "  property " + word(p.name) + " : type=";
                out += p.kind == PropertyKind::Integer ? "integer" : p.kind == PropertyKind::Ip ? "ip_addr" : "string";
                if (p.kind == PropertyKind::Enum && !p.values.empty()
                    && std::all_of(p.values.begin(), p.values.end(), [](const std::string &v) { return isAdlValue(v); })) {
                    out += ", values=";
                    for (std::size_t i = 0; i < p.values.size(); ++i)
                        out += (i ? "|" : "") + p.values[i];
                }
                if (p.kind == PropertyKind::Integer && p.min && p.max)
                    out += ", min=" + decimal(*p.min) + ", max=" + decimal(*p.max);
                if (p.required)
                    out += ", mandatory";
                else if (p.defaultValue && !p.secret && !p.defaultValue->isNull())
                    out += ", dflt=" + valueText(*p.defaultValue);
                out += '\n';
            }
        return out + "}\n";
    }

    std::string subordinate(const Node &n, std::set<std::string> &secrets)
    {
        std::string out = "  subordinate " + m_names[n.id] + " {\n";
        out += "    .class = " + word(n.type) + '\n';
        if (n.resources.cpu)
            out += "    cpu = " + decimal(*n.resources.cpu) + '\n';
        if (n.resources.memory)
            out += "    mem = " + megas(double(*n.resources.memory), 1024.0 * 1024.0) + '\n';
        if (n.resources.bandwidth)
            out += "    bw = " + megas(double(*n.resources.bandwidth), 1e6) + '\n';
        ValueMap masked;
        for (const auto &[name, v] : exportableProperties(n, m_catalog, masked)) {
            if (auto secret = v.secretRef()) {
                const std::string prop = word(*secret);
                secrets.insert(prop);
                out += "    " + word(name) + " = $" + prop + '\n';
            } else if (!v.isNull()) {
                out += "    " + word(name) + " = " + valueText(v) + '\n';
            }
        }
        return out + "  }\n";
    }

    const Topology &m_topo;
    const Catalog &m_catalog;
    std::map<std::string, std::string> m_names;
};

class AdlFormat : public Format
{
public:
    std::string name() const override { return "adl"; }
    std::string description() const override { return "AppLogic ADL component and assembly descriptors"; }
    std::string extension() const override { return ".adl"; }
    bool canWrite() const override { return true; }
    bool write(const Topology &t, const Catalog &c, std::string &out, std::string &) const override
    {
        out = AdlWriter(t, c).write();
        return true;
    }
};

} // namespace

std::unique_ptr<Format> makeAdlFormat()
{
    return std::make_unique<AdlFormat>();
}

} // namespace sky
