// TOSCA Simple Profile writer, for OpenStack tosca-parser 2.6 and the
// orchestrators built on it. A design drawn in Skyplan: every catalog type
// used becomes a generated node type derived from the closest normative
// type, declaring one capability per `in` terminal and one requirement per
// `out` terminal, so each link is a requirement the parser keeps; software
// gets a host chain ending at a Compute. What TOSCA has no field for rides
// in `metadata` (strings; JSON for structured values), so the reader gives
// back the same topology. A template imported from another tool is written
// back from what the import kept (tosca.h, kKeep), edits applied.
#include "format.h"
#include "allformats.h"
#include "sidecar.h"
#include "tosca.h"

#include "catalog.h"
#include "quantity.h"
#include "yamlemit.h"
#include "yamlstream.h"
#include "yamltree.h"

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
                                                     "attachment", "storage_endpoint", "data_endpoint",
                                                     "admin_endpoint", "database_endpoint", "client",
                                                     "application"};
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

// The normative type a catalog type derives from: software (web server,
// database, application, cache, queue) from the normative software types,
// placed on a host chain ending at a Compute; appliances that are machines
// of their own (firewall, router, switch, VPN gateway, DNS) from Compute.
std::string derivedFrom(const std::string &typeId, const ComponentType *type)
{
    if (typeId == "object_storage")
        return "tosca.nodes.ObjectStorage";
    if (typeId == "block_storage")
        return "tosca.nodes.BlockStorage";
    if (!type || type->entry || type->tier == Tier::Storage)
        return "tosca.nodes.Root";
    if (typeId == "web_server")
        return "tosca.nodes.WebServer";
    if (typeId == "database")
        return "tosca.nodes.Database";
    if (typeId == "load_balancer")
        return "tosca.nodes.LoadBalancer";
    if (typeId == "app_server" || typeId == "worker" || typeId == "cache" || typeId == "message_queue")
        return "tosca.nodes.SoftwareComponent";
    return "tosca.nodes.Compute";
}

// Types whose normative base requires a host: they get one.
bool isSoftware(std::string_view base)
{
    return base == "tosca.nodes.WebServer" || base == "tosca.nodes.Database" || base == "tosca.nodes.SoftwareComponent";
}

struct TypeUse
{
    std::set<std::string> inputs;  // capability names (TOSCA spelling)
    std::set<std::string> outputs; // requirement names
    bool hosted = false;           // a node of the type is hosted on another
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
    const bool hosted = use.hosted && !isSoftware(base); // software inherits `host`
    if (!use.outputs.empty() || hosted) {
        YamlOut reqs = YamlOut::list(Style::Block);
        if (hosted)
            reqs.add(YamlOut::map().set("host", YamlOut::map(Style::Flow)
                                                    .set("capability", YamlOut::string("tosca.capabilities.Container"))
                                                    .set("relationship", YamlOut::string(tosca::kHostedOn))
                                                    .set("occurrences", YamlOut::list(Style::Flow).add(YamlOut::integer(0)).add(YamlOut::integer(1)))));
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

// `yaml` (emitYaml's text) indented by `indent` spaces, appended to `out`.
void appendIndented(std::string &out, const std::string &yaml, int indent)
{
    std::size_t begin = 0;
    while (begin < yaml.size()) {
        const std::size_t end = std::min(yaml.find('\n', begin), yaml.size());
        if (end > begin)
            out.append(std::size_t(indent), ' ');
        out.append(yaml, begin, end - begin);
        out += '\n';
        begin = end + 1;
    }
}

const Value *keptOf(const ValueMap &extra)
{
    auto it = extra.find(std::string(tosca::kKeep));
    return it != extra.end() && it->second.isMap() ? &it->second : nullptr;
}

const Value *field(const Value *map, const char *key)
{
    return map ? map->find(key) : nullptr;
}

// `extra` without what the import kept for the TOSCA export itself.
ValueMap withoutKept(const ValueMap &extra)
{
    ValueMap m = extra;
    m.erase(std::string(tosca::kKeep));
    return m;
}

// Where the sections of a kept template go: in the order TOSCA lists them,
// any other after.
int sectionRank(const std::string &k)
{
    static const char *order[] = {"metadata", "repositories", "imports", "dsl_definitions", "artifact_types",
                                  "data_types", "capability_types", "interface_types", "relationship_types",
                                  "node_types", "group_types", "policy_types"};
    for (int i = 0; i < int(std::size(order)); ++i)
        if (k == order[i])
            return i;
    return 100;
}

class ToscaWriter
{
public:
    ToscaWriter(const Topology &t, const Catalog &c) : m_topo(t), m_catalog(c)
    {
        m_keep = keptOf(t.extra);
        if (const Value *tmpl = field(m_keep, "template"); tmpl && tmpl->isMap())
            m_template = &tmpl->toMap();
        if (const Value *top = field(m_keep, "topology"); top && top->isMap())
            m_topology = &top->toMap();
    }

    std::string write()
    {
        findNames();
        collectUses();
        // The node templates first: they find the secrets the inputs declare.
        std::string templates;
        templates.reserve(m_topo.nodes.size() * 400);
        for (const auto &[id, n] : m_topo.nodes)
            nodeTemplate(templates, n);
        templates += m_synthesized;

        YamlOut root = YamlOut::map();
        const Value *version = field(m_keep, "version");
        root.set("tosca_definitions_version", YamlOut::string(version && version->isString() ? version->toString()
                                                                                              : std::string(tosca::kVersion)));
        if (!m_topo.description.empty())
            root.set("description", YamlOut::string(m_topo.description));
        root.set("metadata", topologyMetadata());
        // Kept sections in TOSCA's order, ours merged into theirs.
        std::vector<std::pair<int, std::string>> sections;
        if (m_template)
            for (const auto &[k, v] : *m_template)
                if (k != "metadata")
                    sections.emplace_back(sectionRank(k), k);
        for (const char *ours : {"relationship_types", "node_types"})
            if (!m_template || !m_template->count(ours))
                sections.emplace_back(sectionRank(ours), ours);
        std::stable_sort(sections.begin(), sections.end());
        for (const auto &[rank, k] : sections) {
            YamlOut section = YamlOut::map();
            bool any = false;
            if (m_template)
                if (auto it = m_template->find(k); it != m_template->end()) {
                    if (!it->second.isMap() || (k != "node_types" && k != "relationship_types")) {
                        root.set(k, YamlOut::from(it->second));
                        continue;
                    }
                    for (const auto &[name, def] : it->second.toMap())
                        section.set(name, YamlOut::from(def));
                    any = true;
                }
            if (k == "relationship_types" && m_linkTypeUsed) {
                section.set(tosca::kLinkType, linkType());
                any = true;
            }
            if (k == "node_types")
                for (const auto &[id, use] : m_uses) {
                    section.set(std::string(tosca::kTypePrefix) + id, nodeType(id, m_catalog.type(id), use));
                    any = true;
                }
            if (any)
                root.set(k, std::move(section));
        }
        std::string out = emitYaml(root);
        out.reserve(out.size() + templates.size() + m_topo.nodes.size() * 24);

        out += "topology_template:\n";
        keptTopology(out, {"description"});
        inputs(out);
        if (templates.empty()) {
            appendEntry(out, 2, "node_templates", "{}");
        } else {
            appendBlockKey(out, 2, "node_templates");
            out += templates;
        }
        keptTopology(out, {"relationship_templates"});
        groups(out);
        keptTopology(out, {"policies", "outputs", "substitution_mappings", "workflows"});
        keptTopologyRest(out);
        return out;
    }

private:
    // The TOSCA name of each node: the one it came with, unless renamed on
    // the canvas since; and the renames, for kept text that names nodes.
    void findNames()
    {
        for (const auto &[id, n] : m_topo.nodes) {
            const Value *keep = keptOf(n.extra);
            const Value *name = field(keep, "name");
            if (!name || !name->isString())
                continue;
            const Value *given = field(keep, "id");
            const std::string &was = given && given->isString() ? given->toString() : name->toString();
            if (was == id)
                m_names[id] = name->toString();
            else if (name->toString() != id)
                m_renames[name->toString()] = id;
        }
    }

    std::string nameOf(const std::string &id) const
    {
        auto it = m_names.find(id);
        return it == m_names.end() ? id : it->second;
    }

    Value renamed(const Value &v) const
    {
        Value copy = v;
        tosca::renameNodes(copy, m_renames);
        return copy;
    }

    // A kept section under its key, so the key says how to read it
    // (substitution_mappings' [node, name] pairs).
    Value renamed(const std::string &key, const Value &v) const
    {
        if (m_renames.empty())
            return v;
        Value wrapped(ValueMap{{key, v}});
        tosca::renameNodes(wrapped, m_renames);
        return wrapped.toMap().begin()->second;
    }

    // A node keeps its TOSCA type while its Skyplan type is the one the
    // import gave it.
    const Value *foreignType(const Node &n) const
    {
        const Value *keep = keptOf(n.extra);
        const Value *type = field(keep, "type");
        const Value *as = field(keep, "as");
        return type && type->isString() && as && as->isString() && as->toString() == n.type ? type : nullptr;
    }

    void collectUses()
    {
        for (const auto &[id, n] : m_topo.nodes) {
            if (foreignType(n))
                continue;
            TypeUse &use = m_uses[n.type];
            if (const ComponentType *type = m_catalog.type(n.type))
                for (const TerminalType &term : type->terminals)
                    (term.direction == Direction::In ? use.inputs : use.outputs).insert(toscaTerminal(term.name));
            if (!n.host.empty())
                use.hosted = true;
        }
        for (const Link &l : m_topo.links) {
            if (keptOf(l.extra))
                continue;
            m_linkTypeUsed = true;
            const Node *from = m_topo.node(l.from.node);
            const Node *to = m_topo.node(l.to.node);
            if (from && !foreignType(*from))
                m_uses[from->type].outputs.insert(toscaTerminal(terminalOf(l.from, m_topo, m_catalog, Direction::Out)));
            if (to && !foreignType(*to))
                m_uses[to->type].inputs.insert(toscaTerminal(terminalOf(l.to, m_topo, m_catalog, Direction::In)));
        }
        // Our node types' requirements name our relationship type.
        for (const auto &[id, use] : m_uses)
            m_linkTypeUsed = m_linkTypeUsed || !use.outputs.empty();
    }

    YamlOut topologyMetadata() const
    {
        YamlOut m = YamlOut::map();
        const Value *kept = m_template && m_template->count("metadata") ? &m_template->at("metadata") : nullptr;
        if (kept && kept->isMap()) {
            for (const auto &[k, v] : kept->toMap())
                m.set(k, k == "template_name" ? YamlOut::string(m_topo.name) : YamlOut::from(v));
            if (!kept->find("template_name") && !m_topo.name.empty())
                m.set(tosca::kMetaName, YamlOut::string(m_topo.name));
        } else if (m_keep) {
            if (!m_topo.name.empty())
                m.set(tosca::kMetaName, YamlOut::string(m_topo.name));
        } else {
            m.set("template_name", YamlOut::string(m_topo.name));
            m.set("template_author", YamlOut::string("Skyplan"));
            m.set("template_version", YamlOut::string("1"));
        }
        m.set(tosca::kMetaFormat, YamlOut::string(std::to_string(kFormatVersion)));
        Value rest = topologyRestValue(m_topo);
        if (auto e = rest.map().find("extra"); e != rest.map().end()) {
            e->second.map().erase(std::string(tosca::kKeep));
            if (e->second.toMap().empty())
                rest.map().erase(e);
        }
        if (!rest.toMap().empty())
            m.set(tosca::kMetaTopology, YamlOut::string(toJson(rest)));
        if (!m_topo.zones.empty())
            m.set(tosca::kMetaZones, YamlOut::string(toJson(zonesValue(m_topo.zones))));
        return m;
    }

    void keptTopology(std::string &out, std::initializer_list<const char *> keys) const
    {
        if (!m_topology)
            return;
        for (const char *k : keys)
            if (auto it = m_topology->find(k); it != m_topology->end())
                appendIndented(out, emitYaml(YamlOut::map().set(k, YamlOut::from(renamed(k, it->second)))), 2);
    }

    void keptTopologyRest(std::string &out) const
    {
        if (!m_topology)
            return;
        static const std::set<std::string> placed{"description", "inputs", "relationship_templates", "groups",
                                                  "policies", "outputs", "substitution_mappings", "workflows"};
        for (const auto &[k, v] : *m_topology)
            if (!placed.count(k))
                appendIndented(out, emitYaml(YamlOut::map().set(k, YamlOut::from(renamed(k, v)))), 2);
    }

    void inputs(std::string &out) const
    {
        const Value *kept = m_topology && m_topology->count("inputs") ? &m_topology->at("inputs") : nullptr;
        std::vector<const std::string *> secrets;
        for (const std::string &s : m_secrets)
            if (!(kept && kept->isMap() && kept->toMap().count(s)))
                secrets.push_back(&s);
        if (secrets.empty() && !kept)
            return;
        if (kept && !kept->isMap()) {
            appendIndented(out, emitYaml(YamlOut::map().set("inputs", YamlOut::from(*kept))), 2);
            return;
        }
        appendBlockKey(out, 2, "inputs");
        if (kept)
            for (const auto &[k, v] : kept->toMap())
                appendIndented(out, emitYaml(YamlOut::map().set(k, YamlOut::from(v))), 4);
        const std::string input = YamlCollection::map()
                                      .add("type", "string")
                                      .add("required", "false")
                                      .add("description", yamlScalar(tosca::kSecretInputText))
                                      .flow();
        for (const std::string *s : secrets)
            appendEntry(out, 4, yamlScalar(*s), input);
    }

    // Node metadata in both kinds of template: what TOSCA has no field for.
    void skyplanMetadata(YamlCollection &meta, const Node &n, bool writeReplicas, bool writeResources) const
    {
        meta.add(tosca::kMetaType, yamlScalar(n.type));
        if (!n.label.empty())
            meta.add(tosca::kMetaLabel, yamlScalar(n.label));
        if (!n.region.empty())
            meta.add(tosca::kMetaRegion, yamlScalar(n.region));
        if (!n.placement.empty()) {
            JsonObject p;
            if (!n.placement.provider.empty())
                p.string("provider", n.placement.provider);
            if (!n.placement.region.empty())
                p.string("region", n.placement.region);
            if (!n.placement.size.empty())
                p.string("size", n.placement.size);
            if (n.placement.pinned)
                p.raw("pinned", "true");
            meta.add(tosca::kMetaPlacement, yamlScalar(p.text()));
        }
        if (writeReplicas)
            meta.add(tosca::kMetaReplicas, yamlScalar(std::to_string(n.replicas)));
        if (writeResources && !n.resources.empty())
            meta.add(tosca::kMetaResources, yamlScalar(toJson(resourcesValue(n.resources))));
    }

    // A link kept as its requirement was written has no relationship of ours
    // to hold a protocol, port, bandwidth or extra set on the canvas: they
    // ride in the source node's metadata.
    void keptLinkFields(YamlCollection &meta, const Node &n)
    {
        ValueList links;
        for (const Link *l : linksFrom(n.id))
            if (keptOf(l->extra) && (!l->protocol.empty() || l->port || l->bandwidth || !withoutKept(l->extra).empty()))
                links.push_back(linkValue(*l));
        if (!links.empty())
            meta.add(tosca::kMetaLinks, yamlScalar(toJson(Value(std::move(links)))));
    }

    void skyplanExtra(YamlCollection &meta, const Node &n, const ValueMap &extra) const
    {
        if (!extra.empty()) {
            std::string text;
            appendJson(text, extra);
            meta.add(tosca::kMetaExtra, yamlScalar(text));
        }
        if (auto pos = m_topo.layout.nodes.find(n.id); pos != m_topo.layout.nodes.end())
            meta.add(tosca::kMetaPosition, yamlScalar(pointJson(pos->second)));
    }

    void nodeTemplate(std::string &out, const Node &n)
    {
        if (const Value *type = foreignType(n))
            foreignTemplate(out, n, type->toString());
        else
            skyplanTemplate(out, n);
    }

    // A template of a type TOSCA knows or the imported file declared:
    // everything as it came, what was edited on the canvas changed.
    void foreignTemplate(std::string &out, const Node &n, const std::string &type)
    {
        const Value *keep = keptOf(n.extra);
        const Value *tmpl = field(keep, "template");
        const ValueMap none;
        const ValueMap &kept = tmpl && tmpl->isMap() ? tmpl->toMap() : none;

        Value caps = kept.count("capabilities") ? kept.at("capabilities") : Value();
        const bool compute = type.ends_with("Compute");
        // Sizes and instances edited on the canvas go where TOSCA has them.
        const Resources was = tosca::hostResources(caps);
        auto capProps = [&](const char *cap) -> ValueMap & {
            if (!caps.isMap())
                caps = ValueMap{};
            Value &c = caps.map()[cap];
            if (!c.isMap())
                c = ValueMap{};
            Value &p = c.map()["properties"];
            if (!p.isMap())
                p = ValueMap{};
            return p.map();
        };
        const bool hasHost = caps.isMap() && caps.find("host");
        if ((hasHost || compute) && n.resources.cpu != was.cpu && n.resources.cpu && *n.resources.cpu > 0 && *n.resources.cpu < 1e9)
            capProps("host")["num_cpus"] = std::max<std::int64_t>(1, std::int64_t(std::ceil(*n.resources.cpu)));
        if ((hasHost || compute) && n.resources.memory != was.memory && n.resources.memory)
            capProps("host")["mem_size"] = std::to_string(*n.resources.memory) + " B";
        const bool hasScalable = caps.isMap() && caps.find("scalable");
        if ((hasScalable || compute) && n.replicas != tosca::scalableInstances(caps) && n.replicas >= 1) {
            ValueMap &p = capProps("scalable");
            p["default_instances"] = n.replicas;
            if (const Value *max = p.count("max_instances") ? &p["max_instances"] : nullptr; !max || !max->isInt() || max->toInt() < n.replicas)
                p["max_instances"] = n.replicas;
            if (const Value *min = p.count("min_instances") ? &p["min_instances"] : nullptr; min && min->isInt() && min->toInt() > n.replicas)
                p["min_instances"] = n.replicas;
        }
        Resources now = tosca::hostResources(caps);
        YamlOut t = YamlOut::map();
        t.set("type", YamlOut::string(type));
        if (auto d = kept.find("description"); d != kept.end())
            t.set("description", YamlOut::from(d->second));
        YamlCollection meta = YamlCollection::map();
        skyplanMetadata(meta, n, n.replicas != tosca::scalableInstances(caps), !(now == n.resources));
        skyplanExtra(meta, n, withoutKept(n.extra));
        keptLinkFields(meta, n);
        YamlOut metadata = YamlOut::map();
        if (auto m = kept.find("metadata"); m != kept.end() && m->second.isMap())
            for (const auto &[k, v] : m->second.toMap())
                metadata.set(k, YamlOut::from(v));
        // Our metadata is flat text: read it back as YAML to nest it here.
        {
            std::string flat;
            meta.write(flat, 0, "m", 1 << 30);
            std::vector<Diagnostic> ignored;
            if (auto doc = parseYaml(flat, "metadata", ignored); doc && doc->root())
                if (const YamlNode *m = doc->root()->get("m"); m && m->isMap())
                    for (const auto &[k, v] : m->entries)
                        metadata.set(k->scalar, YamlOut::from(yamlValue(v)));
        }
        t.set("metadata", std::move(metadata));
        if (auto d = kept.find("directives"); d != kept.end())
            t.set("directives", YamlOut::from(d->second));
        ValueMap masked;
        const ValueMap &props = exportableProperties(n, m_catalog, masked);
        if (!props.empty()) {
            YamlOut p = YamlOut::map();
            for (const auto &[name, exported] : props) {
                // A TOSCA function is no literal: it stays as written.
                const Value &v = tosca::isFunctionCall(n.properties.at(name)) ? n.properties.at(name) : exported;
                if (auto secret = v.secretRef()) {
                    m_secrets.insert(*secret);
                    p.set(name, YamlOut::map(Style::Flow).set("get_input", YamlOut::string(*secret)));
                } else {
                    p.set(name, YamlOut::from(renamed(v)));
                }
            }
            t.set("properties", std::move(p));
        } else if (auto p = kept.find("properties"); p != kept.end()) {
            t.set("properties", YamlOut::from(p->second));
        }
        if (auto a = kept.find("attributes"); a != kept.end())
            t.set("attributes", YamlOut::from(renamed(a->second)));
        YamlOut reqs = requirements(n, keep);
        if (!reqs.empty())
            t.set("requirements", std::move(reqs));
        if (!caps.isNull())
            t.set("capabilities", YamlOut::from(renamed(caps)));
        static const std::set<std::string> placed{"description", "metadata", "directives", "properties",
                                                  "attributes", "capabilities"};
        for (const auto &[k, v] : kept)
            if (!placed.count(k))
                t.set(k, YamlOut::from(renamed(v)));
        appendIndented(out, emitYaml(YamlOut::map().set(nameOf(n.id), std::move(t))), 4);
    }

    // The hosting requirement, the links, the requirements kept as written.
    YamlOut requirements(const Node &n, const Value *keep)
    {
        YamlOut reqs = YamlOut::list(Style::Block);
        if (!n.host.empty()) {
            const Value *host = field(keep, "host");
            const Value *name = field(host, "name");
            Value value = field(host, "value") ? *field(host, "value") : Value();
            if (value.isMap())
                value.map()["node"] = nameOf(n.host);
            else if (value.isString())
                value = nameOf(n.host);
            else
                value = ValueMap{{"node", Value(nameOf(n.host))}, {"relationship", Value(std::string(tosca::kHostedOn))}};
            reqs.add(YamlOut::map().set(name && name->isString() ? name->toString() : "host", YamlOut::from(value)));
        }
        for (const Link *l : linksFrom(n.id)) {
            const Value *lk = keptOf(l->extra);
            if (!lk) {
                reqs.add(skyplanRequirement(*l));
                continue;
            }
            const Value *name = field(lk, "name");
            Value value = field(lk, "value") ? renamed(*field(lk, "value")) : Value();
            if (value.isMap())
                value.map()["node"] = nameOf(l->to.node);
            else
                value = nameOf(l->to.node);
            reqs.add(YamlOut::map().set(name && name->isString() ? name->toString() : l->from.terminal, YamlOut::from(value)));
        }
        if (const Value *kept = field(keep, "requirements"); kept && kept->isList())
            for (const Value &r : kept->toList())
                reqs.add(YamlOut::from(renamed(r)));
        return reqs;
    }

    YamlOut skyplanRequirement(const Link &l) const
    {
        YamlOut target = YamlOut::map(Style::Flow);
        target.set("node", YamlOut::string(nameOf(l.to.node)));
        target.set("capability", YamlOut::string(toscaTerminal(terminalOf(l.to, m_topo, m_catalog, Direction::In))));
        YamlOut props = YamlOut::map(Style::Flow);
        if (!l.protocol.empty())
            props.set("protocol", YamlOut::string(l.protocol));
        if (l.port)
            props.set("port", YamlOut::integer(*l.port));
        if (l.bandwidth)
            props.set("bandwidth", YamlOut::string(formatBandwidth(*l.bandwidth)));
        const std::string side = linkSidecar(l);
        if (!side.empty())
            props.set(tosca::kLinkSidecar, YamlOut::string(side));
        if (!props.empty())
            target.set("relationship", YamlOut::map(Style::Flow).set("type", YamlOut::string(tosca::kLinkType)).set("properties", std::move(props)));
        return YamlOut::map().set(toscaTerminal(terminalOf(l.from, m_topo, m_catalog, Direction::Out)), std::move(target));
    }

    static std::string linkSidecar(const Link &l)
    {
        JsonObject side;
        const ValueMap extra = withoutKept(l.extra);
        if (!extra.empty())
            side.map("extra", extra);
        if (l.from.terminal.empty())
            side.raw("from-default", "true");
        if (l.to.terminal.empty())
            side.raw("to-default", "true");
        if (l.traffic)
            side.value("traffic", Value(*l.traffic));
        return side.empty() ? std::string() : side.text();
    }

    // The node's template, at the indentation of node_templates' entries.
    void skyplanTemplate(std::string &out, const Node &n)
    {
        const ComponentType *type = m_catalog.type(n.type);
        const std::string base = derivedFrom(n.type, type);
        appendBlockKey(out, 4, yamlScalar(nameOf(n.id)));
        appendEntry(out, 6, "type", yamlScalar(std::string(tosca::kTypePrefix) + n.type));

        const bool scalable = base == "tosca.nodes.Compute" && n.replicas >= 1;
        YamlCollection meta = YamlCollection::map();
        skyplanMetadata(meta, n, !scalable, true);
        // What the import kept that a template of our type has no place for
        // (the type changed on the canvas) rides along in the extra.
        ValueMap extra = n.extra;
        const Value *keep = keptOf(n.extra);
        if (keep) {
            ValueMap rest = keep->toMap();
            for (const char *k : {"name", "id", "host", "requirements"})
                rest.erase(k);
            if (rest.empty())
                extra.erase(std::string(tosca::kKeep));
            else
                extra[std::string(tosca::kKeep)] = std::move(rest);
        }
        skyplanExtra(meta, n, extra);
        keptLinkFields(meta, n);

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
            port(n, nameOf(n.id));
        }

        const std::vector<const Link *> &links = linksFrom(n.id);
        const Value *keptReqs = field(keep, "requirements");
        std::string chain; // the synthesized host of software placed on nothing
        if (isSoftware(base) && n.host.empty())
            chain = hostChain(n, base == "tosca.nodes.Database");
        if (!chain.empty()) {
            YamlOut reqs = requirements(n, keep);
            YamlOut all = YamlOut::list(Style::Block);
            all.add(YamlOut::map(Style::Flow).set("host", YamlOut::string(chain)));
            YamlOut wrapped = YamlOut::map().set("requirements", std::move(all));
            std::string text = emitYaml(wrapped);
            if (!reqs.empty()) {
                std::string rest = emitYaml(YamlOut::map().set("requirements", std::move(reqs)));
                text += rest.substr(rest.find('\n') + 1);
            }
            appendIndented(out, text, 6);
        } else if (!n.host.empty() || (keptReqs && keptReqs->isList() && !keptReqs->toList().empty())
            || std::any_of(links.begin(), links.end(), [](const Link *l) { return keptOf(l->extra) != nullptr; })) {
            // Rare: through the tree writer.
            YamlOut reqs = requirements(n, keep);
            appendIndented(out, emitYaml(YamlOut::map().set("requirements", std::move(reqs))), 6);
        } else if (!links.empty()) {
            appendBlockKey(out, 6, "requirements");
            for (const Link *l : links)
                requirement(out, *l);
        }
    }

    std::string freeName(const std::string &wanted)
    {
        if (m_used.empty()) {
            for (const auto &[id, n] : m_topo.nodes)
                m_used.insert(nameOf(id));
        }
        std::string name = wanted;
        for (int i = 2; m_used.count(name); ++i)
            name = wanted + '_' + std::to_string(i);
        m_used.insert(name);
        return name;
    }

    // A Compute (and for a database a DBMS on it) that `n` runs on, written
    // to m_synthesized with the node's sizes: `host` num_cpus and mem_size,
    // `os`, `scalable` for replicas. Marked kMetaHostOf, so the import
    // folds them back into the node. Returns the name `n` is hosted on.
    std::string hostChain(const Node &n, bool database)
    {
        const std::string name = nameOf(n.id);
        const std::string compute = freeName(name + "_host");
        std::string &out = m_synthesized; // after the node templates, which it must not interleave
        appendBlockKey(out, 4, yamlScalar(compute));
        appendEntry(out, 6, "type", "tosca.nodes.Compute");
        appendEntry(out, 6, "metadata", "{" + std::string(tosca::kMetaHostOf) + ": " + yamlScalar(n.id) + "}");
        YamlCollection host = YamlCollection::map();
        if (n.resources.cpu && *n.resources.cpu > 0 && *n.resources.cpu < 1e9)
            host.add("num_cpus", std::to_string(std::max<std::int64_t>(1, std::int64_t(std::ceil(*n.resources.cpu)))));
        if (n.resources.memory)
            host.add("mem_size", yamlScalar(std::to_string(*n.resources.memory) + " B"));
        YamlCollection caps = YamlCollection::map();
        if (!host.empty())
            caps.add("host", "{properties: " + host.flow() + '}');
        caps.add("os", "{properties: {type: linux}}");
        if (n.replicas > 1) {
            const std::string count = std::to_string(n.replicas);
            caps.add("scalable", "{properties: {min_instances: 1, max_instances: " + count
                                     + ", default_instances: " + count + "}}");
        }
        caps.write(out, 6, "capabilities");
        // Block storage the node links to is attached to the machine it runs
        // on (the Skyplan link stays on the node for the round trip).
        bool first = true;
        for (const Link *l : linksFrom(n.id)) {
            const Node *to = m_topo.node(l->to.node);
            if (!to || to->type != "block_storage")
                continue;
            if (first)
                appendBlockKey(out, 6, "requirements");
            first = false;
            out += "        - local_storage: {node: " + yamlScalar(nameOf(to->id))
                   + ", relationship: {type: tosca.relationships.AttachesTo, properties: {location: "
                   + yamlScalar("/mnt/" + to->id) + "}}}\n";
        }
        port(n, compute);
        if (!database)
            return compute;
        const std::string dbms = freeName(name + "_dbms");
        appendBlockKey(out, 4, yamlScalar(dbms));
        appendEntry(out, 6, "type", "tosca.nodes.DBMS");
        appendEntry(out, 6, "metadata", "{" + std::string(tosca::kMetaHostOf) + ": " + yamlScalar(n.id) + "}");
        appendBlockKey(out, 6, "requirements");
        out += "        - host: " + yamlScalar(compute) + '\n';
        return dbms;
    }

    // A node's zone as a network an orchestrator can create: the zone's
    // tosca.nodes.network.Network (one a zone, written once, marked
    // kMetaNetworkOf) and a tosca.nodes.network.Port binding `compute` (the
    // node itself when it is a Compute, else the host written for it) to
    // it, marked kMetaHostOf. The import folds both away: the zone is the
    // node's `zone:`.
    void port(const Node &n, const std::string &compute)
    {
        if (n.zone.empty())
            return;
        std::string &out = m_synthesized;
        auto [it, added] = m_networks.try_emplace(n.zone);
        if (added) {
            it->second = freeName(tosca::idFor(n.zone, {}) + "_network");
            appendBlockKey(out, 4, yamlScalar(it->second));
            appendEntry(out, 6, "type", "tosca.nodes.network.Network");
            appendEntry(out, 6, "metadata", "{" + std::string(tosca::kMetaNetworkOf) + ": " + yamlScalar(n.zone) + "}");
            const Zone *z = m_topo.zone(n.zone);
            appendEntry(out, 6, "properties",
                        "{network_name: " + yamlScalar(z && !z->label.empty() ? z->label : n.zone) + "}");
        }
        appendBlockKey(out, 4, yamlScalar(freeName(compute + "_port")));
        appendEntry(out, 6, "type", "tosca.nodes.network.Port");
        appendEntry(out, 6, "metadata", "{" + std::string(tosca::kMetaHostOf) + ": " + yamlScalar(n.id) + "}");
        appendBlockKey(out, 6, "requirements");
        out += "        - binding: " + yamlScalar(compute) + '\n';
        out += "        - link: " + yamlScalar(it->second) + '\n';
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
        if (const std::string side = linkSidecar(l); !side.empty())
            props.add(tosca::kLinkSidecar, yamlScalar(side));
        YamlCollection target = YamlCollection::map();
        target.add("node", yamlScalar(nameOf(l.to.node)));
        target.add("capability", yamlScalar(toscaTerminal(terminalOf(l.to, m_topo, m_catalog, Direction::In))));
        if (!props.empty())
            target.add("relationship", "{type: " + std::string(tosca::kLinkType) + ", properties: " + props.flow() + '}');
        out += "        - ";
        out += yamlScalar(toscaTerminal(terminalOf(l.from, m_topo, m_catalog, Direction::Out)));
        out += ": ";
        out += target.flow();
        out += '\n';
    }

    // Zones as groups (tosca-parser rejects empty groups: empty zones live
    // in metadata only), then the groups the import kept as they were.
    void groups(std::string &out) const
    {
        std::map<std::string, std::vector<std::string>> members;
        for (const auto &[id, n] : m_topo.nodes)
            if (!n.zone.empty())
                members[n.zone].push_back(nameOf(id));
        const Value *kept = m_topology && m_topology->count("groups") ? &m_topology->at("groups") : nullptr;
        if (members.empty() && !kept)
            return;
        appendBlockKey(out, 2, "groups");
        for (const auto &[zone, names] : members) {
            const Zone *z = m_topo.zone(zone);
            const Value *keep = z ? keptOf(z->extra) : nullptr;
            if (keep) {
                YamlOut g = YamlOut::map();
                const Value *name = field(keep, "name");
                for (const auto &[k, v] : keep->toMap())
                    if (k != "name" && k != "description")
                        g.set(k, YamlOut::from(renamed(v)));
                if (!z->label.empty())
                    g.set("description", YamlOut::string(z->label));
                else if (const Value *d = field(keep, "description"))
                    g.set("description", YamlOut::from(*d));
                YamlOut list = YamlOut::list();
                for (const std::string &m : names)
                    list.add(YamlOut::string(m));
                g.set("members", std::move(list));
                // The group's own name, unless the zone was renamed since.
                const bool same = name && name->isString() && tosca::idFor(name->toString(), {}) == zone;
                appendIndented(out, emitYaml(YamlOut::map().set(same ? name->toString() : zone, std::move(g))), 4);
                continue;
            }
            appendBlockKey(out, 4, yamlScalar(zone));
            appendEntry(out, 6, "type", "tosca.groups.Root");
            if (z && !z->label.empty())
                appendEntry(out, 6, "description", yamlScalar(z->label));
            YamlCollection list = YamlCollection::list();
            for (const std::string &id : names)
                list.add(yamlScalar(id));
            list.write(out, 6, "members");
        }
        if (kept && kept->isMap())
            for (const auto &[k, v] : kept->toMap())
                appendIndented(out, emitYaml(YamlOut::map().set(k, YamlOut::from(renamed(v)))), 4);
    }

    const Topology &m_topo;
    const Catalog &m_catalog;
    const Value *m_keep = nullptr;             // Topology::extra.tosca
    const ValueMap *m_template = nullptr;      // its `template`
    const ValueMap *m_topology = nullptr;      // its `topology`
    std::map<std::string, TypeUse> m_uses;
    std::set<std::string> m_secrets;
    std::map<std::string, std::vector<const Link *>> m_linksFrom;
    std::map<std::string, std::string> m_names;   // id -> TOSCA name, where they differ
    std::map<std::string, std::string> m_renames; // kept TOSCA name -> id, for nodes renamed since
    std::set<std::string> m_used;                 // TOSCA names taken, for synthesized hosts
    std::string m_synthesized;                    // their templates
    std::map<std::string, std::string> m_networks; // zone -> its network.Network template
    bool m_linkTypeUsed = false;
};

} // namespace

bool writeTosca(const Topology &topology, const Catalog &catalog, std::string &out, std::string &)
{
    out = ToscaWriter(topology, catalog).write();
    return true;
}

} // namespace sky
