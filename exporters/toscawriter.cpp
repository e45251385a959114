// TOSCA Simple Profile 1.2 writer, for OpenStack tosca-parser 2.6 and the
// orchestrators built on it. Every catalog type used becomes a generated
// node type (derived from the closest normative type that needs no host
// chain) declaring one capability per `in` terminal and one requirement per
// `out` terminal, so each link is a requirement the parser keeps. What TOSCA
// has no field for rides in `metadata` (strings; JSON for structured
// values), so the reader gives back the same topology.
#include "format.h"
#include "allformats.h"
#include "sidecar.h"
#include "tosca.h"

#include "catalog.h"
#include "quantity.h"
#include "yamlemit.h"
#include "yamlstream.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace sky {

namespace {

using Style = YamlOut::Style;

bool isReservedTerminal(std::string_view name)
{
    static const std::set<std::string_view> reserved{"feature", "host", "endpoint", "os", "scalable",
                                                     "binding", "dependency", "local_storage",
                                                     "attachment", "storage_endpoint"};
    return reserved.count(name) > 0 || name.starts_with(tosca::kTerminalPrefix);
}

std::string toscaTerminal(const std::string &name)
{
    return isReservedTerminal(name) ? std::string(tosca::kTerminalPrefix) + name : name;
}

// The TOSCA data type a schema kind is declared with, and whether a value
// fits it exactly (anything else goes to metadata, never to a wrong type).
std::string_view toscaType(PropertyKind k)
{
    switch (k) {
    case PropertyKind::Integer: return "integer";
    case PropertyKind::Number: return "float";
    case PropertyKind::Boolean: return "boolean";
    case PropertyKind::List: return "list";
    default: return "string";
    }
}

bool fits(const PropertySchema &s, const Value &v)
{
    if (v.secretRef())
        return toscaType(s.kind) == "string";
    switch (s.kind) {
    case PropertyKind::Integer: return v.isInt();
    case PropertyKind::Number: return v.kind() == Value::Kind::Number && std::isfinite(v.toDouble());
    case PropertyKind::Boolean: return v.isBool();
    case PropertyKind::List:
        return v.isList() && std::all_of(v.toList().begin(), v.toList().end(),
                                         [](const Value &i) { return i.isString(); });
    default: return v.isString();
    }
}

std::string derivedFrom(const std::string &typeId, const ComponentType *type)
{
    if (typeId == "object_storage")
        return "tosca.nodes.ObjectStorage";
    if (typeId == "block_storage")
        return "tosca.nodes.BlockStorage";
    if (!type || type->entry || type->tier == Tier::Storage)
        return "tosca.nodes.Root";
    return "tosca.nodes.Compute";
}

struct TypeUse
{
    std::set<std::string> inputs;  // capability names (TOSCA spelling)
    std::set<std::string> outputs; // requirement names
};

YamlOut nodeType(const std::string &typeId, const ComponentType *type, const TypeUse &use)
{
    YamlOut t = YamlOut::map();
    const std::string base = derivedFrom(typeId, type);
    t.set("derived_from", YamlOut::string(base));
    if (type && !type->description.empty())
        t.set("description", YamlOut::string(type->description));
    YamlOut props = YamlOut::map();
    if (base == "tosca.nodes.ObjectStorage") // normative and required; we do not use it
        props.set("name", YamlOut::map(Style::Flow).set("type", YamlOut::string("string")).set("required", YamlOut::boolean(false)));
    if (type) {
        for (const PropertySchema &s : type->properties) {
            YamlOut p = YamlOut::map(Style::Flow);
            p.set("type", YamlOut::string(toscaType(s.kind)));
            p.set("required", YamlOut::boolean(false));
            if (s.kind == PropertyKind::List)
                p.set("entry_schema", YamlOut::map(Style::Flow).set("type", YamlOut::string("string")));
            props.set(s.name, std::move(p));
        }
    }
    if (!props.empty())
        t.set("properties", std::move(props));
    if (!use.inputs.empty()) {
        YamlOut caps = YamlOut::map();
        for (const std::string &c : use.inputs)
            caps.set(c, YamlOut::map(Style::Flow).set("type", YamlOut::string("tosca.capabilities.Node")));
        t.set("capabilities", std::move(caps));
    }
    if (!use.outputs.empty()) {
        YamlOut reqs = YamlOut::list(Style::Block);
        for (const std::string &r : use.outputs) {
            YamlOut def = YamlOut::map(Style::Flow);
            def.set("capability", YamlOut::string("tosca.capabilities.Node"));
            def.set("node", YamlOut::string("tosca.nodes.Root"));
            def.set("relationship", YamlOut::string(tosca::kLinkType));
            def.set("occurrences", YamlOut::list(Style::Flow).add(YamlOut::integer(0)).add(YamlOut::string("UNBOUNDED")));
            reqs.add(YamlOut::map().set(r, std::move(def)));
        }
        t.set("requirements", std::move(reqs));
    }
    return t;
}

YamlOut linkType()
{
    auto optional = [](std::string_view type) {
        return YamlOut::map(Style::Flow).set("type", YamlOut::string(type)).set("required", YamlOut::boolean(false));
    };
    YamlOut props = YamlOut::map();
    props.set("protocol", optional("string"));
    props.set("port", optional("integer"));
    props.set("bandwidth", optional("string"));
    props.set(tosca::kLinkSidecar, optional("string"));
    YamlOut t = YamlOut::map();
    t.set("derived_from", YamlOut::string("tosca.relationships.ConnectsTo"));
    t.set("description", YamlOut::string("A Skyplan link: requests flow from the requirement to the capability."));
    t.set("properties", std::move(props));
    return t;
}

class ToscaWriter
{
public:
    ToscaWriter(const Topology &t, const Catalog &c) : m_topo(t), m_catalog(c) {}

    std::string write()
    {
        collectUses();
        // The node templates first: they find the secrets the inputs declare.
        std::string templates;
        templates.reserve(m_topo.nodes.size() * 400);
        for (const auto &[id, n] : m_topo.nodes)
            nodeTemplate(templates, n);

        YamlOut root = YamlOut::map();
        root.set("tosca_definitions_version", YamlOut::string(tosca::kVersion));
        if (!m_topo.description.empty())
            root.set("description", YamlOut::string(m_topo.description));
        root.set("metadata", topologyMetadata());
        root.set("relationship_types", YamlOut::map().set(tosca::kLinkType, linkType()));
        YamlOut types = YamlOut::map();
        for (const auto &[id, use] : m_uses)
            types.set(std::string(tosca::kTypePrefix) + id, nodeType(id, m_catalog.type(id), use));
        root.set("node_types", std::move(types));
        std::string out = emitYaml(root);
        out.reserve(out.size() + templates.size() + m_topo.nodes.size() * 24);

        out += "topology_template:\n";
        if (!m_secrets.empty()) {
            appendBlockKey(out, 2, "inputs");
            const std::string input = YamlCollection::map()
                                          .add("type", "string")
                                          .add("required", "false")
                                          .add("description", yamlScalar("Secret: supply it at deployment; never stored here."))
                                          .flow();
            for (const std::string &s : m_secrets)
                appendEntry(out, 4, yamlScalar(s), input);
        }
        if (templates.empty()) {
            appendEntry(out, 2, "node_templates", "{}");
        } else {
            appendBlockKey(out, 2, "node_templates");
            out += templates;
        }
        zoneGroups(out);
        return out;
    }

private:
    void collectUses()
    {
        for (const auto &[id, n] : m_topo.nodes) {
            TypeUse &use = m_uses[n.type];
            if (const ComponentType *type = m_catalog.type(n.type))
                for (const TerminalType &term : type->terminals)
                    (term.direction == Direction::In ? use.inputs : use.outputs).insert(toscaTerminal(term.name));
        }
        for (const Link &l : m_topo.links) {
            const Node *from = m_topo.node(l.from.node);
            const Node *to = m_topo.node(l.to.node);
            if (from)
                m_uses[from->type].outputs.insert(toscaTerminal(terminalOf(l.from, m_topo, m_catalog, Direction::Out)));
            if (to)
                m_uses[to->type].inputs.insert(toscaTerminal(terminalOf(l.to, m_topo, m_catalog, Direction::In)));
        }
    }

    YamlOut topologyMetadata() const
    {
        YamlOut m = YamlOut::map();
        m.set("template_name", YamlOut::string(m_topo.name));
        m.set("template_author", YamlOut::string("Skyplan"));
        m.set("template_version", YamlOut::string("1"));
        m.set(tosca::kMetaFormat, YamlOut::string(std::to_string(kFormatVersion)));
        const Value rest = topologyRestValue(m_topo);
        if (!rest.toMap().empty())
            m.set(tosca::kMetaTopology, YamlOut::string(toJson(rest)));
        if (!m_topo.zones.empty())
            m.set(tosca::kMetaZones, YamlOut::string(toJson(zonesValue(m_topo.zones))));
        return m;
    }

    // The node's template, at the indentation of node_templates' entries.
    void nodeTemplate(std::string &out, const Node &n)
    {
        const ComponentType *type = m_catalog.type(n.type);
        const std::string base = derivedFrom(n.type, type);
        appendBlockKey(out, 4, yamlScalar(n.id));
        appendEntry(out, 6, "type", yamlScalar(std::string(tosca::kTypePrefix) + n.type));

        YamlCollection meta = YamlCollection::map();
        meta.add(tosca::kMetaType, yamlScalar(n.type));
        if (!n.label.empty())
            meta.add(tosca::kMetaLabel, yamlScalar(n.label));
        if (!n.region.empty())
            meta.add(tosca::kMetaRegion, yamlScalar(n.region));
        const bool scalable = base == "tosca.nodes.Compute" && n.replicas >= 1;
        if (!scalable)
            meta.add(tosca::kMetaReplicas, yamlScalar(std::to_string(n.replicas)));
        if (!n.resources.empty())
            meta.add(tosca::kMetaResources, yamlScalar(toJson(resourcesValue(n.resources))));
        if (!n.extra.empty()) {
            std::string extra;
            appendJson(extra, n.extra);
            meta.add(tosca::kMetaExtra, yamlScalar(extra));
        }
        if (auto pos = m_topo.layout.nodes.find(n.id); pos != m_topo.layout.nodes.end())
            meta.add(tosca::kMetaPosition, yamlScalar(pointJson(pos->second)));

        // Values that fit the declared type are properties; the rest ride
        // in metadata as one JSON object.
        YamlCollection props = YamlCollection::map();
        JsonObject rest;
        ValueMap masked;
        for (const auto &[name, v] : exportableProperties(n, m_catalog, masked)) {
            const PropertySchema *s = type ? type->property(name) : nullptr;
            if (!s || !fits(*s, v)) {
                rest.value(name, v);
            } else if (auto secret = v.secretRef()) {
                m_secrets.insert(*secret);
                props.add(yamlScalar(name), "{get_input: " + yamlScalar(*secret) + '}');
            } else {
                props.add(yamlScalar(name), flowValue(v));
            }
        }
        if (!rest.empty())
            meta.add(tosca::kMetaProperties, yamlScalar(rest.text()));
        meta.write(out, 6, "metadata");
        if (!props.empty())
            props.write(out, 6, "properties");

        if (base == "tosca.nodes.Compute") {
            YamlCollection host = YamlCollection::map();
            if (n.resources.cpu && *n.resources.cpu > 0 && *n.resources.cpu < 1e9)
                host.add("num_cpus", std::to_string(std::max<std::int64_t>(1, std::int64_t(std::ceil(*n.resources.cpu)))));
            if (n.resources.memory)
                host.add("mem_size", yamlScalar(std::to_string(*n.resources.memory) + " B"));
            YamlCollection caps = YamlCollection::map();
            if (!host.empty())
                caps.add("host", "{properties: " + host.flow() + '}');
            // One instance is TOSCA's default: only other counts are written.
            if (scalable && n.replicas != 1) {
                const std::string count = std::to_string(n.replicas);
                caps.add("scalable", "{properties: {min_instances: 1, max_instances: " + count
                                         + ", default_instances: " + count + "}}");
            }
            if (!caps.empty())
                caps.write(out, 6, "capabilities");
        }

        const std::vector<const Link *> &links = linksFrom(n.id);
        if (!links.empty()) {
            appendBlockKey(out, 6, "requirements");
            for (const Link *l : links)
                requirement(out, *l);
        }
    }

    const std::vector<const Link *> &linksFrom(const std::string &id)
    {
        static const std::vector<const Link *> none;
        if (m_linksFrom.empty())
            for (const Link &l : m_topo.links)
                m_linksFrom[l.from.node].push_back(&l);
        auto it = m_linksFrom.find(id);
        return it == m_linksFrom.end() ? none : it->second;
    }

    // "- TERMINAL: {node: ..., capability: ...}"; a relationship only for
    // properties: the requirement's definition names the relationship type.
    void requirement(std::string &out, const Link &l) const
    {
        YamlCollection props = YamlCollection::map();
        if (!l.protocol.empty())
            props.add("protocol", yamlScalar(l.protocol));
        if (l.port)
            props.add("port", std::to_string(*l.port));
        if (l.bandwidth)
            props.add("bandwidth", yamlScalar(formatBandwidth(*l.bandwidth)));
        JsonObject side;
        if (!l.extra.empty())
            side.map("extra", l.extra);
        if (l.from.terminal.empty())
            side.raw("from-default", "true");
        if (l.to.terminal.empty())
            side.raw("to-default", "true");
        if (!side.empty())
            props.add(tosca::kLinkSidecar, yamlScalar(side.text()));
        YamlCollection target = YamlCollection::map();
        target.add("node", yamlScalar(l.to.node));
        target.add("capability", yamlScalar(toscaTerminal(terminalOf(l.to, m_topo, m_catalog, Direction::In))));
        if (!props.empty())
            target.add("relationship", "{type: " + std::string(tosca::kLinkType) + ", properties: " + props.flow() + '}');
        out += "        - ";
        out += yamlScalar(toscaTerminal(terminalOf(l.from, m_topo, m_catalog, Direction::Out)));
        out += ": ";
        out += target.flow();
        out += '\n';
    }

    void zoneGroups(std::string &out) const
    {
        std::map<std::string, std::vector<std::string_view>> members;
        for (const auto &[id, n] : m_topo.nodes)
            if (!n.zone.empty())
                members[n.zone].push_back(id);
        if (members.empty())
            return;
        appendBlockKey(out, 2, "groups");
        for (const auto &[zone, ids] : members) {
            appendBlockKey(out, 4, yamlScalar(zone));
            appendEntry(out, 6, "type", "tosca.groups.Root");
            const Zone *z = m_topo.zone(zone);
            if (z && !z->label.empty())
                appendEntry(out, 6, "description", yamlScalar(z->label));
            YamlCollection list = YamlCollection::list();
            for (const std::string_view id : ids)
                list.add(yamlScalar(id));
            list.write(out, 6, "members");
        }
    }

    const Topology &m_topo;
    const Catalog &m_catalog;
    std::map<std::string, TypeUse> m_uses;
    std::set<std::string> m_secrets;
    std::map<std::string, std::vector<const Link *>> m_linksFrom;
};

} // namespace

bool writeTosca(const Topology &topology, const Catalog &catalog, std::string &out, std::string &)
{
    out = ToscaWriter(topology, catalog).write();
    return true;
}

} // namespace sky
