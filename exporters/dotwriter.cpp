// Graphviz DOT writer: zones as (nested) clusters, one rank per tier, node
// labels with their type, protocol and port on the edges. Every id and label
// is a quoted DOT string, so no text can add an attribute or a statement.
#include "format.h"
#include "allformats.h"
#include "sidecar.h"

#include "catalog.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

namespace sky {

namespace {

std::string quoted(std::string_view s)
{
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            continue;
        else if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F)
            out += "\xEF\xBF\xBD"; // U+FFFD: a NUL stops dot, other controls draw nothing useful
        else
            out += c;
    }
    return out + '"';
}

class DotWriter
{
public:
    DotWriter(const Topology &t, const Catalog &c) : m_topo(t), m_catalog(c) {}

    std::string write()
    {
        for (const auto &[id, n] : m_topo.nodes)
            m_members[m_topo.zone(n.zone) ? n.zone : std::string()].push_back(&n);
        for (const auto &[id, z] : m_topo.zones)
            m_children[m_topo.zone(z.parent) && z.parent != id ? z.parent : std::string()].push_back(&z);

        m_out += "digraph " + quoted(m_topo.name.empty() ? "topology" : m_topo.name) + " {\n";
        m_out += "  graph [rankdir=LR, newrank=true, compound=true, fontname=\"Helvetica\", label=" + quoted(m_topo.name) + "];\n";
        m_out += "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f4f6f8\", fontname=\"Helvetica\"];\n";
        m_out += "  edge [fontname=\"Helvetica\", fontsize=10];\n";
        writeZones();
        writeRanks();
        for (const Link &l : m_topo.links) {
            if (!m_topo.node(l.from.node) || !m_topo.node(l.to.node))
                continue;
            std::string label = l.protocol;
            if (l.port)
                label += (label.empty() ? "" : ":") + std::to_string(*l.port);
            m_out += "  " + quoted(l.from.node) + " -> " + quoted(l.to.node);
            m_out += " [taillabel=" + quoted(terminalOf(l.from, m_topo, m_catalog, Direction::Out));
            m_out += ", headlabel=" + quoted(terminalOf(l.to, m_topo, m_catalog, Direction::In));
            if (!label.empty())
                m_out += ", label=" + quoted(label);
            m_out += "];\n";
        }
        m_out += "}\n";
        return std::move(m_out);
    }

private:
    // Indentation grows with the nesting up to a cap: a chain of 20,000
    // zones each inside the next would otherwise be written in 400 MB.
    static std::string indentOf(int depth)
    {
        constexpr int kMaxIndent = 16;
        return std::string(std::size_t(std::min(depth, kMaxIndent)) * 2, ' ');
    }

    void writeMembers(const std::string &zone, int depth)
    {
        const std::string indent = indentOf(depth);
        for (const Node *n : m_members[zone]) {
            const ComponentType *type = m_catalog.type(n->type);
            std::string label = n->label.empty() ? n->id : n->label;
            label += "\n" + (type ? type->name : n->type);
            if (n->replicas != 1)
                label += " ×" + std::to_string(n->replicas);
            m_out += indent + quoted(n->id) + " [label=" + quoted(label) + "];\n";
        }
    }

    // The zones as nested clusters, depth first with a stack of its own
    // (no recursion, whatever the depth); each zone once, even on a cycle.
    void writeZones()
    {
        struct Frame
        {
            const std::string *zone;
            int depth;
            std::size_t next;
        };
        static const std::string top;
        std::vector<Frame> stack;
        m_visited.insert(top);
        writeMembers(top, 1);
        stack.push_back({&top, 1, 0});
        while (!stack.empty()) {
            Frame &f = stack.back();
            const std::vector<const Zone *> &children = m_children[*f.zone];
            if (f.next == children.size()) {
                const int depth = f.depth;
                stack.pop_back();
                if (!stack.empty())
                    m_out += indentOf(depth - 1) + "}\n";
                continue;
            }
            const Zone *z = children[f.next++];
            if (!m_visited.insert(z->id).second)
                continue; // a parent cycle: draw each zone once
            const int depth = f.depth;
            const std::string indent = indentOf(depth);
            m_out += indent + "subgraph " + quoted("cluster_" + z->id) + " {\n";
            m_out += indent + "  label=" + quoted(z->label.empty() ? z->id : z->label) + ";\n";
            m_out += indent + "  style=\"rounded,dashed\";\n";
            writeMembers(z->id, depth + 1);
            stack.push_back({&z->id, depth + 1, 0});
        }
    }

    void writeRanks()
    {
        std::map<int, std::vector<std::string>> tiers;
        for (const auto &[id, n] : m_topo.nodes)
            if (const ComponentType *type = m_catalog.type(n.type))
                tiers[int(type->tier)].push_back(id);
        for (const auto &[tier, ids] : tiers) {
            m_out += "  { rank=same;";
            for (const std::string &id : ids)
                m_out += ' ' + quoted(id) + ';';
            m_out += " }\n";
        }
    }

    const Topology &m_topo;
    const Catalog &m_catalog;
    std::string m_out;
    std::map<std::string, std::vector<const Node *>> m_members;
    std::map<std::string, std::vector<const Zone *>> m_children;
    std::set<std::string> m_visited;
};

class DotFormat : public Format
{
public:
    std::string name() const override { return "dot"; }
    std::string description() const override { return "Graphviz DOT graph"; }
    std::string extension() const override { return ".dot"; }
    bool canWrite() const override { return true; }
    bool write(const Topology &t, const Catalog &c, std::string &out, std::string &) const override
    {
        out = DotWriter(t, c).write();
        return true;
    }
};

} // namespace

std::unique_ptr<Format> makeDotFormat()
{
    return std::make_unique<DotFormat>();
}

} // namespace sky
