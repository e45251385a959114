#include "catalog.h"
#include "checkcontext_p.h"
#include "checks.h"
#include "quantity.h"
#include "secrets.h"
#include "topology.h"

#include <functional>
#include <unordered_map>
#include <utility>

namespace sky {

namespace {

// Runs as the index is built (TopologyIndex::Visitor): each node and link
// is checked right after the index has read it, then finish() checks what
// needs them all.
class SchemaChecker final : public detail::TopologyIndex::Visitor
{
public:
    SchemaChecker(const detail::TopologyIndex &index, const Topology &t, const SourceMap &s,
                  const std::string &file, std::vector<Diagnostic> &out)
        : m_index(index), m_t(t), m_sources(s), m_file(file), m_out(out)
    {
        // One slot a terminal of each node, for counting the links on it.
        m_slotStart.reserve(t.nodes.size() + 1);
        m_slotStart.push_back(0);
    }

    void node(std::size_t i) override
    {
        const ComponentType *type = m_index.types[i];
        m_slotStart.push_back(m_slotStart.back() + std::uint32_t(type ? type->terminals.size() : 0));
        checkNode(*m_index.nodes[i], type);
    }

    void nodesDone() override
    {
        m_slotCount.assign(m_slotStart.back(), 0);
        m_linkSlots.assign(m_t.links.size(), {-1, -1});
    }

    void linkAhead(std::size_t k) override
    {
        // The `from` ends come in node order and stay in the cache; the
        // `to` ends are anywhere. Their type and first slot are fetched now,
        // and their link counts (which need the first slot) at link(k)
        // for the link halfway to here.
        if (const int to = m_index.linkTo[k]; to >= 0) {
            __builtin_prefetch(&m_index.types[std::size_t(to)]);
            __builtin_prefetch(&m_slotStart[std::size_t(to)]);
        }
    }

    void link(std::size_t k) override
    {
        constexpr std::size_t kHalf = detail::TopologyIndex::kVisitDelay / 2;
        if (k + kHalf < m_linkSlots.size())
            if (const int to = m_index.linkTo[k + kHalf]; to >= 0)
                __builtin_prefetch(m_slotCount.data() + m_slotStart[std::size_t(to)], 1);
        checkLink(k);
    }

    void finish()
    {
        checkTerminalUse();
        for (const auto &[id, _] : m_t.rules)
            if (!findRule(id))
                report("SP-UNKNOWN-FIELD", "unknown rule '" + id + "' in rules (kept as is)", {}, "rules/" + id);
    }

private:
    void report(const char *rule, std::string_view message, const Subjects &subjects,
                const std::string &path)
    {
        const RuleInfo *info = findRule(rule);
        m_out.push_back({info ? info->severity : Severity::Error, rule, m_texts.text(message),
                         info ? info->hint : StaticText(), m_texts.subjects(subjects), m_file,
                         m_sources.find(path)});
    }

    // For each terminal of a type, the first terminal of that type with the
    // same name: links are counted per node and terminal name.
    const std::vector<std::size_t> &canonical(const ComponentType *type)
    {
        // A link's two ends take turns: the last two types are kept.
        for (const Known &k : m_known)
            if (k.type == type)
                return *k.canonical;
        const auto [it, added] = m_canonical.try_emplace(type);
        if (added)
            for (const TerminalType &term : type->terminals)
                it->second.push_back(std::size_t(type->terminal(term.name) - type->terminals.data()));
        m_known[1] = m_known[0];
        m_known[0] = {type, &it->second};
        return it->second;
    }

    void checkNode(const Node &n, const ComponentType *type)
    {
        // The one rule of secrets.h, as the exports apply it: a literal named
        // like a secret (or such a field inside a map) is never exported.
        for (const auto &[name, value] : n.properties) {
            const PropertySchema *schema = type ? type->property(name) : nullptr;
            if (schema && schema->secret)
                continue; // SP-SECRET-LITERAL's
            const bool named = secretLikeName(name) && isSecretLiteral(value, false);
            bool nested = false;
            if (!named && !value.isScalar())
                maskNestedSecrets(value, std::string(), nested);
            if (named || nested)
                report("SP-SECRET-LIKELY",
                       "node '" + n.id + "': property '" + name
                           + (nested ? "' holds a field that looks like a secret" : "' looks like a secret")
                           + " and holds a literal; exports write a reference instead",
                       {n.id}, "nodes/" + n.id + "/properties/" + name);
        }
        // Source paths ("nodes/web/properties/port") are built only for a finding.
        if (!type) {
            report("SP-TYPE", "node '" + n.id + "' has unknown type '" + n.type + "'", {n.id}, "nodes/" + n.id + "/type");
            return;
        }
        for (const auto &[name, value] : n.properties) {
            const PropertySchema *schema = type->property(name);
            if (!schema) {
                report("SP-PROPERTY-UNKNOWN",
                       "node '" + n.id + "': " + type->id + " has no property '" + name + "'", {n.id},
                       "nodes/" + n.id + "/properties/" + name);
                continue;
            }
            if (schema->secret && !value.secretRef()) {
                report("SP-SECRET-LITERAL",
                       "node '" + n.id + "': property '" + name + "' is secret; give {secret: VARIABLE}, not a literal",
                       {n.id}, "nodes/" + n.id + "/properties/" + name);
                continue;
            }
            if (const std::string why = schema->check(value); !why.empty())
                report("SP-PROPERTY", "node '" + n.id + "': property '" + name + "': " + why, {n.id},
                       "nodes/" + n.id + "/properties/" + name);
        }
        // A service imported from Compose that is built from source (`build:`)
        // runs the image it builds: it needs no image property.
        const auto kept = n.extra.find("compose");
        const bool built = kept != n.extra.end() && kept->second.isMap() && kept->second.find("build");
        for (const PropertySchema &schema : type->properties)
            if (schema.required && !n.properties.count(schema.name) && !(built && schema.name == "image"))
                report("SP-REQUIRED",
                       "node '" + n.id + "' (" + type->id + ") needs property '" + schema.name + "'",
                       {n.id}, "nodes/" + n.id);
        if (n.resources.cpu)
            checkResource(n, "cpu", *n.resources.cpu, type->cpu, [](double v) { return formatNumber(v); });
        if (n.resources.memory)
            checkResource(n, "memory", double(*n.resources.memory), type->memory,
                          [](double v) { return formatSize(std::uint64_t(v)); });
        if (n.resources.bandwidth)
            checkResource(n, "bandwidth", double(*n.resources.bandwidth), type->bandwidth,
                          [](double v) { return formatBandwidth(std::uint64_t(v)); });
    }

    template<typename Format>
    void checkResource(const Node &n, const char *what, double value, const ResourceRange &range, Format format)
    {
        if (range.max <= 0)
            return;
        if (value < range.min || value > range.max)
            report("SP-RESOURCES",
                   "node '" + n.id + "': " + what + " " + format(value) + " is outside " + n.type
                       + "'s range " + format(range.min) + " to " + format(range.max),
                   {n.id}, "nodes/" + n.id + "/resources/" + what);
    }

    // The terminal an endpoint names, or its node's default one; null if unknown.
    const TerminalType *resolve(const Endpoint &e, int node, Direction wanted, const Link &l)
    {
        const ComponentType *type = node >= 0 ? m_index.types[std::size_t(node)] : nullptr;
        if (!type)
            return nullptr; // reported as SP-REF or SP-TYPE already
        if (e.terminal.empty()) {
            const TerminalType *t = type->defaultTerminal(wanted);
            if (!t)
                report("SP-TERMINAL",
                       "link " + l.key() + ": " + type->id + " '" + e.node + "' has no '"
                           + std::string(directionName(wanted)) + "' terminal",
                       {e.node, l.key()}, "links/" + l.key());
            return t;
        }
        const TerminalType *t = type->terminal(e.terminal);
        if (!t)
            report("SP-TERMINAL",
                   "link " + l.key() + ": " + type->id + " '" + e.node + "' has no terminal '" + e.terminal + "'",
                   {e.node, l.key()}, "links/" + l.key());
        return t;
    }

    // protocolsCompatible, once per pair of terminals: many links join the same two.
    bool compatible(const TerminalType *from, const TerminalType *to)
    {
        const auto [it, added] = m_compatible.try_emplace({from, to}, false);
        if (added)
            it->second = protocolsCompatible(*from, *to);
        return it->second;
    }

    // The slot counting the links on terminal `t` of node `node`.
    int slot(int node, const TerminalType *t)
    {
        const ComponentType *type = m_index.types[std::size_t(node)];
        const std::size_t i = std::size_t(t - type->terminals.data());
        return int(m_slotStart[std::size_t(node)] + canonical(type)[i]);
    }

    void checkLink(std::size_t k)
    {
        const Link &l = m_t.links[k];
        const int fromNode = m_index.linkFrom[k], toNode = m_index.linkTo[k];
        const TerminalType *from = resolve(l.from, fromNode, Direction::Out, l);
        const TerminalType *to = resolve(l.to, toNode, Direction::In, l);
        if (from && from->direction != Direction::Out)
            report("SP-DIRECTION",
                   "link " + l.key() + " starts at '" + l.from.text() + "', an 'in' terminal; links run from out to in",
                   {l.key()}, "links/" + l.key());
        if (to && to->direction != Direction::In)
            report("SP-DIRECTION",
                   "link " + l.key() + " ends at '" + l.to.text() + "', an 'out' terminal; links run from out to in",
                   {l.key()}, "links/" + l.key());
        if (!from || !to || from->direction != Direction::Out || to->direction != Direction::In)
            return;
        if (!l.protocol.empty()) {
            if (!from->accepts(l.protocol) || !to->accepts(l.protocol))
                report("SP-PROTOCOL",
                       "link " + l.key() + ": protocol '" + l.protocol + "' is not accepted by "
                           + (from->accepts(l.protocol) ? l.to.text() : l.from.text()),
                       {l.key()}, "links/" + l.key());
        } else if (!compatible(from, to)) {
            report("SP-PROTOCOL", "link " + l.key() + ": the terminals share no protocol", {l.key()},
                   "links/" + l.key());
        }
        const int a = slot(fromNode, from), b = slot(toNode, to);
        ++m_slotCount[std::size_t(a)];
        ++m_slotCount[std::size_t(b)];
        m_linkSlots[k] = {a, b};
    }

    void checkTerminalUse()
    {
        // Links of the slots over their limit, gathered in one pass.
        std::unordered_map<int, std::vector<const Link *>> over;
        for (std::size_t i = 0; i < m_index.nodes.size(); ++i) {
            const ComponentType *type = m_index.types[i];
            if (!type)
                continue;
            for (std::size_t j = 0; j < type->terminals.size(); ++j) {
                const int s = int(m_slotStart[i] + canonical(type)[j]);
                if (type->terminals[j].maxLinks > 0 && m_slotCount[std::size_t(s)] > std::size_t(type->terminals[j].maxLinks))
                    over.try_emplace(s);
            }
        }
        if (!over.empty())
            for (std::size_t k = 0; k < m_linkSlots.size(); ++k)
                for (const int s : {m_linkSlots[k].first, m_linkSlots[k].second})
                    if (const auto it = over.find(s); it != over.end())
                        it->second.push_back(&m_t.links[k]);
        for (std::size_t i = 0; i < m_index.nodes.size(); ++i) {
            const ComponentType *type = m_index.types[i];
            if (!type)
                continue;
            for (std::size_t j = 0; j < type->terminals.size(); ++j) {
                const TerminalType &term = type->terminals[j];
                const int s = int(m_slotStart[i] + canonical(type)[j]);
                const std::size_t count = m_slotCount[std::size_t(s)];
                if ((!term.mandatory || count > 0) && (term.maxLinks <= 0 || count <= std::size_t(term.maxLinks)))
                    continue;
                const std::string id(m_index.id(i)); // only now: the nodes are not fetched again to check them
                if (term.mandatory && count == 0)
                    report("SP-MANDATORY",
                           "node '" + id + "': mandatory terminal '" + term.name + "' is not connected",
                           {id}, "nodes/" + id);
                if (term.maxLinks > 0 && count > std::size_t(term.maxLinks)) {
                    const std::vector<const Link *> &links = over.at(s);
                    Subjects subjects;
                    subjects.push_back(id);
                    std::string key;
                    for (const Link *l : links) {
                        key.clear();
                        l->appendKey(key);
                        subjects.push_back(key);
                    }
                    report("SP-LINK-LIMIT",
                           "node '" + id + "': terminal '" + term.name + "' has " + std::to_string(count)
                               + " links; it takes at most " + std::to_string(term.maxLinks),
                           std::move(subjects), "links/" + links[std::size_t(term.maxLinks)]->key());
                }
            }
        }
    }

    const detail::TopologyIndex &m_index;
    const Topology &m_t;
    const SourceMap &m_sources;
    const std::string &m_file;
    std::vector<Diagnostic> &m_out;
    TextArena m_texts; // messages and subjects of the findings
    // 32 bits each: the link pass reads them at random, and at 100,000
    // nodes half the size is half as many misses.
    std::vector<std::uint32_t> m_slotStart;           // node → its first slot
    std::vector<std::uint32_t> m_slotCount;           // slot → links on it
    std::vector<std::pair<int, int>> m_linkSlots;     // link → (from slot, to slot); -1 when not counted
    std::unordered_map<const ComponentType *, std::vector<std::size_t>> m_canonical;
    struct PairHash
    {
        std::size_t operator()(const std::pair<const TerminalType *, const TerminalType *> &p) const
        {
            return std::hash<const void *>{}(p.first) * 31 + std::hash<const void *>{}(p.second);
        }
    };
    std::unordered_map<std::pair<const TerminalType *, const TerminalType *>, bool, PairHash> m_compatible;
    struct Known
    {
        const ComponentType *type = nullptr;
        const std::vector<std::size_t> *canonical = nullptr;
    };
    Known m_known[2]; // the last two types canonical() was asked for
};

} // namespace

namespace detail {

TopologyIndex indexCheckingSchema(const Topology &topology, const Catalog &catalog, const SourceMap &sources,
                                  const std::string &file, std::vector<Diagnostic> &out)
{
    TopologyIndex index;
    SchemaChecker checker(index, topology, sources, file, out);
    index.build(topology, catalog, &checker);
    checker.finish();
    return index;
}

} // namespace detail

void checkSchema(const Topology &topology, const Catalog &catalog, const SourceMap &sources,
                 const std::string &file, std::vector<Diagnostic> &out)
{
    detail::indexCheckingSchema(topology, catalog, sources, file, out);
}

} // namespace sky
