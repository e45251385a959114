#include "catalog.h"
#include "checks.h"
#include "quantity.h"
#include "topology.h"

#include <map>

namespace sky {

namespace {

class SchemaChecker
{
public:
    SchemaChecker(const Topology &t, const Catalog &c, const SourceMap &s, const std::string &file,
                  std::vector<Diagnostic> &out)
        : m_t(t), m_catalog(c), m_sources(s), m_file(file), m_out(out)
    {}

    void run()
    {
        for (const auto &[id, n] : m_t.nodes)
            checkNode(n);
        for (const Link &l : m_t.links)
            checkLink(l);
        checkTerminalUse();
        for (const auto &[id, _] : m_t.rules)
            if (!findRule(id))
                report("SP-UNKNOWN-FIELD", "unknown rule '" + id + "' in rules (kept as is)", {}, "rules/" + id);
    }

private:
    void report(const char *rule, std::string message, std::vector<std::string> subjects,
                const std::string &path)
    {
        const RuleInfo *info = findRule(rule);
        m_out.push_back({info ? info->severity : Severity::Error, rule, std::move(message),
                         info ? std::string(info->hint) : std::string(), std::move(subjects), m_file,
                         m_sources.find(path)});
    }

    void checkNode(const Node &n)
    {
        const std::string path = "nodes/" + n.id;
        const ComponentType *type = m_catalog.type(n.type);
        if (!type) {
            report("SP-TYPE", "node '" + n.id + "' has unknown type '" + n.type + "'", {n.id}, path + "/type");
            return;
        }
        for (const auto &[name, value] : n.properties) {
            const PropertySchema *schema = type->property(name);
            const std::string where = path + "/properties/" + name;
            if (!schema) {
                report("SP-PROPERTY-UNKNOWN",
                       "node '" + n.id + "': " + type->id + " has no property '" + name + "'", {n.id}, where);
                continue;
            }
            if (schema->secret && !value.secretRef()) {
                report("SP-SECRET-LITERAL",
                       "node '" + n.id + "': property '" + name + "' is secret; give {secret: VARIABLE}, not a literal",
                       {n.id}, where);
                continue;
            }
            if (const std::string why = schema->check(value); !why.empty())
                report("SP-PROPERTY", "node '" + n.id + "': property '" + name + "': " + why, {n.id}, where);
        }
        for (const PropertySchema &schema : type->properties)
            if (schema.required && !n.properties.count(schema.name))
                report("SP-REQUIRED",
                       "node '" + n.id + "' (" + type->id + ") needs property '" + schema.name + "'",
                       {n.id}, path);
        checkResource(n, "cpu", n.resources.cpu ? std::optional<double>(*n.resources.cpu) : std::nullopt,
                      type->cpu, [](double v) { return formatNumber(v); });
        checkResource(n, "memory", n.resources.memory ? std::optional<double>(double(*n.resources.memory)) : std::nullopt,
                      type->memory, [](double v) { return formatSize(std::uint64_t(v)); });
        checkResource(n, "bandwidth",
                      n.resources.bandwidth ? std::optional<double>(double(*n.resources.bandwidth)) : std::nullopt,
                      type->bandwidth, [](double v) { return formatBandwidth(std::uint64_t(v)); });
    }

    template<typename Format>
    void checkResource(const Node &n, const char *what, std::optional<double> value,
                       const ResourceRange &range, Format format)
    {
        if (!value || range.max <= 0)
            return;
        if (*value < range.min || *value > range.max)
            report("SP-RESOURCES",
                   "node '" + n.id + "': " + what + " " + format(*value) + " is outside " + n.type
                       + "'s range " + format(range.min) + " to " + format(range.max),
                   {n.id}, "nodes/" + n.id + "/resources/" + what);
    }

    // The terminal an endpoint names, or its node's default one; null if unknown.
    const TerminalType *resolve(const Endpoint &e, Direction wanted, const Link &l, bool reportProblems)
    {
        const Node *node = m_t.node(e.node);
        const ComponentType *type = node ? m_catalog.type(node->type) : nullptr;
        if (!type)
            return nullptr; // reported as SP-REF or SP-TYPE already
        const std::string where = "links/" + l.key();
        if (e.terminal.empty()) {
            const TerminalType *t = type->defaultTerminal(wanted);
            if (!t && reportProblems)
                report("SP-TERMINAL",
                       "link " + l.key() + ": " + type->id + " '" + e.node + "' has no '"
                           + std::string(directionName(wanted)) + "' terminal",
                       {e.node, l.key()}, where);
            return t;
        }
        const TerminalType *t = type->terminal(e.terminal);
        if (!t && reportProblems)
            report("SP-TERMINAL",
                   "link " + l.key() + ": " + type->id + " '" + e.node + "' has no terminal '" + e.terminal + "'",
                   {e.node, l.key()}, where);
        return t;
    }

    void checkLink(const Link &l)
    {
        const TerminalType *from = resolve(l.from, Direction::Out, l, true);
        const TerminalType *to = resolve(l.to, Direction::In, l, true);
        const std::string where = "links/" + l.key();
        if (from && from->direction != Direction::Out)
            report("SP-DIRECTION",
                   "link " + l.key() + " starts at '" + l.from.text() + "', an 'in' terminal; links run from out to in",
                   {l.key()}, where);
        if (to && to->direction != Direction::In)
            report("SP-DIRECTION",
                   "link " + l.key() + " ends at '" + l.to.text() + "', an 'out' terminal; links run from out to in",
                   {l.key()}, where);
        if (!from || !to || from->direction != Direction::Out || to->direction != Direction::In)
            return;
        if (!l.protocol.empty()) {
            if (!from->accepts(l.protocol) || !to->accepts(l.protocol))
                report("SP-PROTOCOL",
                       "link " + l.key() + ": protocol '" + l.protocol + "' is not accepted by "
                           + (from->accepts(l.protocol) ? l.to.text() : l.from.text()),
                       {l.key()}, where);
        } else if (!protocolsCompatible(*from, *to)) {
            report("SP-PROTOCOL", "link " + l.key() + ": the terminals share no protocol", {l.key()}, where);
        }
        m_use[{l.from.node, from->name}].push_back(&l);
        m_use[{l.to.node, to->name}].push_back(&l);
    }

    void checkTerminalUse()
    {
        for (const auto &[id, n] : m_t.nodes) {
            const ComponentType *type = m_catalog.type(n.type);
            if (!type)
                continue;
            for (const TerminalType &term : type->terminals) {
                const auto it = m_use.find({id, term.name});
                const std::size_t count = it == m_use.end() ? 0 : it->second.size();
                if (term.mandatory && count == 0)
                    report("SP-MANDATORY",
                           "node '" + id + "': mandatory terminal '" + term.name + "' is not connected",
                           {id}, "nodes/" + id);
                if (term.maxLinks > 0 && count > std::size_t(term.maxLinks)) {
                    std::vector<std::string> subjects{id};
                    for (const Link *l : it->second)
                        subjects.push_back(l->key());
                    report("SP-LINK-LIMIT",
                           "node '" + id + "': terminal '" + term.name + "' has " + std::to_string(count)
                               + " links; it takes at most " + std::to_string(term.maxLinks),
                           subjects, "links/" + it->second[std::size_t(term.maxLinks)]->key());
                }
            }
        }
    }

    const Topology &m_t;
    const Catalog &m_catalog;
    const SourceMap &m_sources;
    const std::string &m_file;
    std::vector<Diagnostic> &m_out;
    std::map<std::pair<std::string, std::string>, std::vector<const Link *>> m_use;
};

} // namespace

void checkSchema(const Topology &topology, const Catalog &catalog, const SourceMap &sources,
                 const std::string &file, std::vector<Diagnostic> &out)
{
    SchemaChecker(topology, catalog, sources, file, out).run();
}

} // namespace sky
