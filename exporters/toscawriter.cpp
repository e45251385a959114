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

        YamlOut tt = YamlOut::map();
        YamlOut templates = YamlOut::map();
        for (const auto &[id, n] : m_topo.nodes)
            templates.set(id, nodeTemplate(n));
        if (!m_secrets.empty()) {
            YamlOut inputs = YamlOut::map();
            for (const std::string &s : m_secrets)
                inputs.set(s, YamlOut::map(Style::Flow)
                                  .set("type", YamlOut::string("string"))
                                  .set("required", YamlOut::boolean(false))
                                  .set("description", YamlOut::string("Secret: supply it at deployment; never stored here.")));
            tt.set("inputs", std::move(inputs));
        }
        tt.set("node_templates", std::move(templates));
        YamlOut groups = zoneGroups();
        if (!groups.empty())
            tt.set("groups", std::move(groups));
        root.set("topology_template", std::move(tt));
        return emitYaml(root);
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
        if (!m_topo.zones.empty()) {
            ValueMap zones;
            for (const auto &[id, z] : m_topo.zones)
                zones[id] = zoneValue(z);
            m.set(tosca::kMetaZones, YamlOut::string(toJson(Value(std::move(zones)))));
        }
        return m;
    }

    YamlOut nodeTemplate(const Node &n)
    {
        const ComponentType *type = m_catalog.type(n.type);
        const std::string base = derivedFrom(n.type, type);
        YamlOut t = YamlOut::map();
        t.set("type", YamlOut::string(std::string(tosca::kTypePrefix) + n.type));

        YamlOut meta = YamlOut::map();
        meta.set(tosca::kMetaType, YamlOut::string(n.type));
        if (!n.label.empty())
            meta.set(tosca::kMetaLabel, YamlOut::string(n.label));
        if (!n.region.empty())
            meta.set(tosca::kMetaRegion, YamlOut::string(n.region));
        const bool scalable = base == "tosca.nodes.Compute" && n.replicas >= 1;
        if (!scalable)
            meta.set(tosca::kMetaReplicas, YamlOut::string(std::to_string(n.replicas)));
        if (!n.resources.empty())
            meta.set(tosca::kMetaResources, YamlOut::string(toJson(resourcesValue(n.resources))));
        if (!n.extra.empty())
            meta.set(tosca::kMetaExtra, YamlOut::string(toJson(Value(n.extra))));
        if (auto pos = m_topo.layout.nodes.find(n.id); pos != m_topo.layout.nodes.end())
            meta.set(tosca::kMetaPosition, YamlOut::string(toJson(pointValue(pos->second))));

        YamlOut props = YamlOut::map();
        ValueMap rest;
        ValueMap masked;
        for (const auto &[name, v] : exportableProperties(n, m_catalog, masked)) {
            const PropertySchema *s = type ? type->property(name) : nullptr;
            if (!s || !fits(*s, v)) {
                rest.emplace(name, v);
            } else if (auto secret = v.secretRef()) {
                m_secrets.insert(*secret);
                props.set(name, YamlOut::map(Style::Flow).set("get_input", YamlOut::string(*secret)));
            } else {
                props.set(name, YamlOut::from(v));
            }
        }
        if (!rest.empty())
            meta.set(tosca::kMetaProperties, YamlOut::string(toJson(Value(std::move(rest)))));
        t.set("metadata", std::move(meta));
        if (!props.empty())
            t.set("properties", std::move(props));

        if (base == "tosca.nodes.Compute") {
            YamlOut caps = YamlOut::map();
            YamlOut host = YamlOut::map(Style::Flow);
            if (n.resources.cpu && *n.resources.cpu > 0 && *n.resources.cpu < 1e9)
                host.set("num_cpus", YamlOut::integer(std::max<std::int64_t>(1, std::int64_t(std::ceil(*n.resources.cpu)))));
            if (n.resources.memory)
                host.set("mem_size", YamlOut::string(std::to_string(*n.resources.memory) + " B"));
            if (!host.empty())
                caps.set("host", YamlOut::map(Style::Flow).set("properties", std::move(host)));
            if (scalable)
                caps.set("scalable", YamlOut::map(Style::Flow).set("properties", YamlOut::map(Style::Flow)
                    .set("min_instances", YamlOut::integer(1))
                    .set("max_instances", YamlOut::integer(n.replicas))
                    .set("default_instances", YamlOut::integer(n.replicas))));
            t.set("capabilities", std::move(caps));
        }

        YamlOut reqs = YamlOut::list(Style::Block);
        for (const Link *l : linksFrom(n.id))
            reqs.add(requirement(*l));
        if (!reqs.empty())
            t.set("requirements", std::move(reqs));
        return t;
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

    YamlOut requirement(const Link &l) const
    {
        YamlOut props = YamlOut::map(Style::Flow);
        if (!l.protocol.empty())
            props.set("protocol", YamlOut::string(l.protocol));
        if (l.port)
            props.set("port", YamlOut::integer(*l.port));
        if (l.bandwidth)
            props.set("bandwidth", YamlOut::string(formatBandwidth(*l.bandwidth)));
        ValueMap side;
        if (l.from.terminal.empty())
            side["from-default"] = true;
        if (l.to.terminal.empty())
            side["to-default"] = true;
        if (!l.extra.empty())
            side["extra"] = l.extra;
        if (!side.empty())
            props.set(tosca::kLinkSidecar, YamlOut::string(toJson(Value(std::move(side)))));
        YamlOut rel = YamlOut::map(Style::Flow).set("type", YamlOut::string(tosca::kLinkType));
        if (!props.empty())
            rel.set("properties", std::move(props));
        YamlOut target = YamlOut::map(Style::Flow);
        target.set("node", YamlOut::string(l.to.node));
        target.set("capability", YamlOut::string(toscaTerminal(terminalOf(l.to, m_topo, m_catalog, Direction::In))));
        target.set("relationship", std::move(rel));
        return YamlOut::map().set(toscaTerminal(terminalOf(l.from, m_topo, m_catalog, Direction::Out)), std::move(target));
    }

    YamlOut zoneGroups() const
    {
        std::map<std::string, std::vector<std::string>> members;
        for (const auto &[id, n] : m_topo.nodes)
            if (!n.zone.empty())
                members[n.zone].push_back(id);
        YamlOut groups = YamlOut::map();
        for (const auto &[zone, ids] : members) {
            YamlOut g = YamlOut::map();
            g.set("type", YamlOut::string("tosca.groups.Root"));
            const Zone *z = m_topo.zone(zone);
            if (z && !z->label.empty())
                g.set("description", YamlOut::string(z->label));
            YamlOut list = YamlOut::list();
            for (const std::string &id : ids)
                list.add(YamlOut::string(id));
            g.set("members", std::move(list));
            groups.set(zone, std::move(g));
        }
        return groups;
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
