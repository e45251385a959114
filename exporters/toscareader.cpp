// TOSCA reader: gives back what the writer wrote (metadata first), and reads
// other tools' templates by value: normative and custom types mapped to
// catalog types for the canvas, requirements to links, HostedOn to
// Node::host, groups to zones, and everything Skyplan has no field for kept
// verbatim in the model's `extra` maps (tosca.h, kKeep) for the writer.
#include "format.h"
#include "allformats.h"
#include "importlayout.h"
#include "sidecar.h"
#include "tosca.h"

#include "catalog.h"
#include "quantity.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace sky {

namespace {

bool isVersion(std::string_view v)
{
    return v == "tosca_simple_yaml_1_0" || v == "tosca_simple_yaml_1_1" || v == "tosca_simple_yaml_1_2"
           || v == "tosca_simple_yaml_1_3" || v == "tosca_simple_profile_for_nfv_1_0_0";
}

// A path an `imports:` entry may name: relative, inside the file's folder.
std::string whyRefused(const std::string &path)
{
    if (path.find("://") != std::string::npos || path.starts_with("//"))
        return "a URL (nothing is fetched)";
    if (path.starts_with('/') || path.starts_with('\\') || (path.size() > 1 && path[1] == ':'))
        return "an absolute path";
    int depth = 0;
    std::size_t i = 0;
    while (i <= path.size()) {
        const std::size_t j = std::min(path.find_first_of("/\\", i), path.size());
        const std::string_view part(path.data() + i, j - i);
        if (part == "..") {
            if (--depth < 0)
                return "outside the template's folder";
        } else if (!part.empty() && part != ".") {
            ++depth;
        }
        i = j + 1;
    }
    return {};
}

// The input the writer declares for a secret reference.
const Value &ourSecretInput()
{
    static const Value input(ValueMap{{"type", Value("string")},
                                      {"required", Value(false)},
                                      {"description", Value(std::string(tosca::kSecretInputText))}});
    return input;
}

class ToscaReader
{
public:
    ToscaReader(const std::string &file, const Catalog &c, std::vector<Diagnostic> &d, YamlBudget &budget)
        : m_file(file), m_catalog(c), m_diags(d), m_budget(budget) {}

    bool read(const YamlNode *root, Topology &out)
    {
        if (!root || !root->isMap())
            return fail(root, "not a TOSCA service template: expected a map at the top");
        const YamlNode *version = root->get("tosca_definitions_version");
        if (!version || !version->isScalar() || !isVersion(version->scalar))
            return fail(version ? version : root, "not a TOSCA Simple Profile template: "
                        "tosca_definitions_version must be tosca_simple_yaml_1_0 to 1_3 "
                        "or tosca_simple_profile_for_nfv_1_0_0");
        ValueMap header;
        const YamlNode *tt = nullptr;
        for (const auto &[k, v] : root->entries) {
            const std::string &f = k->scalar;
            if (f == "tosca_definitions_version") {
                continue;
            } else if (f == "topology_template") {
                tt = v;
            } else if (f == "description" && v->isScalar()) {
                m_topo.description = v->scalar;
            } else if (f == "metadata" && v->isMap()) {
                readTemplateMetadata(v, header);
            } else {
                if (f == "imports" && !checkImports(v))
                    return false;
                Value section = tosca::toscaValue(v);
                // Our own types are written again from the catalog.
                if ((f == "node_types" || f == "relationship_types") && section.isMap()) {
                    std::erase_if(section.map(), [](const auto &e) {
                        return e.first.starts_with(tosca::kTypePrefix) || e.first == tosca::kLinkType;
                    });
                    if (section.toMap().empty())
                        continue;
                }
                header[f] = std::move(section);
            }
        }
        if (!tt || !tt->isMap())
            return fail(tt ? tt : root, "no topology_template map");
        // Another tool's template (or ours of one) is written back in the
        // version it came in; a design of our own in ours.
        if (!m_ourDesign || version->scalar != tosca::kVersion)
            m_keep["version"] = version->scalar;
        const YamlNode *templates = tt->get("node_templates");
        if (templates && !templates->isMap())
            return fail(templates, "node_templates must be a map");
        for (const auto &[k, v] : header)
            if (k.ends_with("_types") && v.isMap())
                for (const auto &[name, def] : v.toMap())
                    if (const Value *d = def.find("derived_from"); d && d->isString())
                        m_derivedFrom[name] = d->toString();
        if (templates) {
            std::set<std::string> taken;
            for (const auto &[k, v] : templates->entries)
                if (isValidId(k->scalar))
                    taken.insert(k->scalar);
            for (const auto &[k, v] : templates->entries) {
                if (isValidId(k->scalar) || m_ids.count(k->scalar))
                    continue;
                const std::string id = tosca::idFor(k->scalar, taken);
                taken.insert(id);
                m_ids[k->scalar] = id;
                warn(k, "node template '" + k->scalar + "' is on the canvas as '" + id
                            + "' (its TOSCA name is kept for the export)");
            }
            for (const auto &[k, v] : templates->entries) {
                const YamlNode *meta = v->isMap() ? v->get("metadata") : nullptr;
                if (meta && meta->isMap() && (meta->get(tosca::kMetaHostOf) || meta->get(tosca::kMetaNetworkOf)))
                    m_synthesized.insert(k->scalar); // what we wrote for a node (its host, its port) or a zone
            }
            for (const auto &[k, v] : templates->entries)
                if (!m_synthesized.count(k->scalar))
                    readNode(k, v);
            for (const auto &[k, v] : templates->entries)
                readRequirements(k, v);
            for (const auto &[k, v] : templates->entries)
                readLinkFields(v);
        }
        ValueMap topology;
        for (const auto &[k, v] : tt->entries) {
            if (k->scalar == "node_templates")
                continue;
            if (k->scalar == "groups" && v->isMap()) {
                ValueMap rest;
                for (const auto &[gk, gv] : v->entries)
                    if (!readGroup(gk, gv))
                        rest[gk->scalar] = tosca::toscaValue(gv);
                if (!rest.empty())
                    topology["groups"] = std::move(rest);
                continue;
            }
            Value section = tosca::toscaValue(v);
            // The inputs we declare for secrets are declared again from them.
            if (k->scalar == "inputs" && section.isMap()) {
                std::erase_if(section.map(), [](const auto &e) { return e.second == ourSecretInput(); });
                if (section.toMap().empty())
                    continue;
            }
            topology[k->scalar] = std::move(section);
        }
        if (!header.empty())
            m_keep["template"] = std::move(header);
        if (!topology.empty())
            m_keep["topology"] = std::move(topology);
        if (!m_keep.empty())
            m_topo.extra[std::string(tosca::kKeep)] = std::move(m_keep);
        m_topo.sortLinks();
        if (!m_positioned && !m_ours)
            layOut(m_topo, m_catalog);
        out = std::move(m_topo);
        return !m_failed;
    }

private:
    bool fail(const YamlNode *at, const std::string &message)
    {
        error(at, message);
        return false;
    }

    void error(const YamlNode *at, const std::string &message)
    {
        report(at, message, Severity::Error);
        m_failed = true;
    }

    void warn(const YamlNode *at, const std::string &message) { report(at, message, Severity::Warning); }

    void report(const YamlNode *at, const std::string &message, Severity severity)
    {
        Diagnostic d;
        d.severity = severity;
        d.rule = "SP-IMPORT";
        d.file = m_file;
        d.message = message;
        if (at)
            d.loc = at->loc;
        m_diags.push_back(std::move(d));
    }

    bool json(const YamlNode *n, Value &out)
    {
        if (!n)
            return false;
        std::string err;
        if (!n->isScalar() || !fromJson(n->scalar, out, err, &m_budget)) {
            error(n, "unreadable Skyplan metadata: " + (n->isScalar() ? err : "expected a string"));
            return false;
        }
        return true;
    }

    void readTemplateMetadata(const YamlNode *meta, ValueMap &header)
    {
        m_ours = meta->get(tosca::kMetaFormat) != nullptr;
        ValueMap kept;
        for (const auto &[k, v] : meta->entries) {
            if (k->scalar == "template_name" && v->isScalar())
                m_topo.name = v->scalar;
            if (!k->scalar.starts_with("skyplan."))
                kept[k->scalar] = tosca::toscaValue(v);
        }
        if (const YamlNode *n = meta->get(tosca::kMetaName); n && n->isScalar() && !meta->get("template_name"))
            m_topo.name = n->scalar;
        // The name, author and version we write for a design of our own
        // are no one's to keep.
        if (m_ours && kept.size() == 3 && kept.count("template_name") && kept["template_author"] == Value("Skyplan")
            && kept["template_version"] == Value("1")) {
            kept.clear();
            m_ourDesign = true;
        }
        if (!kept.empty())
            header["metadata"] = std::move(kept);
        Value rest;
        if (json(meta->get(tosca::kMetaTopology), rest))
            if (const std::string why = readTopologyRest(rest, m_topo); !why.empty())
                error(meta->get(tosca::kMetaTopology), "unreadable budget: " + why);
        Value zones;
        if (json(meta->get(tosca::kMetaZones), zones) && zones.isMap()) {
            m_zonesFromMetadata = true;
            readZones(zones, m_topo.zones);
        }
    }

    // Refuses, where it is written, an import this reader would have to
    // fetch or read outside the template's folder. Nothing is read: the
    // imports are kept as written.
    bool checkImports(const YamlNode *imports)
    {
        if (!imports->isSequence())
            return imports->isNull() || (error(imports, "imports must be a list"), false);
        bool ok = true;
        auto check = [&](const YamlNode *at, const std::string &path) {
            if (const std::string why = whyRefused(path); !why.empty()) {
                error(at, "import '" + path + "' refused: " + why);
                ok = false;
            }
        };
        for (const YamlNode *item : imports->items) {
            if (item->isScalar()) {
                check(item, item->scalar);
                continue;
            }
            if (!item->isMap()) {
                error(item, "an import must be a file name or a map");
                ok = false;
                continue;
            }
            // 1.2+: {file, repository, namespace_uri, namespace_prefix};
            // 1.0: {NAME: file} or {NAME: {file, repository}}.
            const YamlNode *def = item->get("file") ? item : nullptr;
            if (!def && item->entries.size() == 1) {
                const YamlNode *v = item->entries.front().second;
                if (v->isScalar()) {
                    check(v, v->scalar);
                    continue;
                }
                def = v->isMap() ? v : nullptr;
            }
            const YamlNode *file = def ? def->get("file") : nullptr;
            if (!file || !file->isScalar()) {
                error(item, "an import names no file");
                ok = false;
                continue;
            }
            if (const YamlNode *repo = def->get("repository")) {
                error(repo, "import '" + file->scalar + "' refused: from a repository (nothing is fetched)");
                ok = false;
                continue;
            }
            check(file, file->scalar);
        }
        return ok;
    }

    std::string idOf(const std::string &name) const
    {
        auto it = m_ids.find(name);
        return it == m_ids.end() ? name : it->second;
    }

    bool knownNode(const std::string &name) const
    {
        return m_topo.nodes.count(idOf(name)) > 0;
    }

    std::string mapType(std::string toscaType) const
    {
        if (toscaType.starts_with(tosca::kTypePrefix))
            return toscaType.substr(tosca::kTypePrefix.size());
        static const std::pair<std::string_view, std::string_view> normative[] = {
            {"ObjectStorage", "object_storage"}, {"BlockStorage", "block_storage"},
            {"LoadBalancer", "load_balancer"},   {"WebServer", "web_server"},
            {"Database", "database"},            {"DBMS", "database"},
            {"network.Network", "switch"},       {"network.Port", "switch"},
        };
        // A type of the template's own is read as the normative one it derives from.
        for (int hops = 0; hops < 32; ++hops) {
            for (const auto &[suffix, type] : normative)
                if (toscaType.ends_with(suffix))
                    return std::string(type);
            auto it = m_derivedFrom.find(toscaType);
            if (it == m_derivedFrom.end())
                break;
            toscaType = it->second;
        }
        return "app_server";
    }

    static std::string terminal(const std::string &name)
    {
        return name.starts_with(tosca::kTerminalPrefix) ? name.substr(tosca::kTerminalPrefix.size()) : name;
    }

    void readNode(const YamlNode *key, const YamlNode *value)
    {
        const std::string &name = key->scalar;
        const std::string id = idOf(name);
        if (!value->isMap()) {
            error(value, "node template '" + name + "' must be a map");
            return;
        }
        Node n;
        n.id = id;
        const YamlNode *type = value->get("type");
        const YamlNode *meta = value->get("metadata");
        if (meta && !meta->isMap()) {
            error(meta, "metadata of '" + name + "' must be a map");
            meta = nullptr;
        }
        auto metaText = [&](std::string_view k) -> const YamlNode * {
            const YamlNode *m = meta ? meta->get(k) : nullptr;
            return m && m->isScalar() ? m : nullptr;
        };
        // A type of our own (skyplan.nodes.*) says all; any other is kept.
        const bool foreign = type && type->isScalar() && !type->scalar.starts_with(tosca::kTypePrefix);
        ValueMap keep;
        ValueMap kept; // the template's fields Skyplan has no place for
        if (foreign)
            keep["type"] = type->scalar;
        if (foreign || name != id)
            keep["name"] = name;
        if (name != id)
            keep["id"] = id;
        if (const YamlNode *t = metaText(tosca::kMetaType))
            n.type = t->scalar;
        else if (type && type->isScalar())
            n.type = mapType(type->scalar);
        else
            error(value, "node template '" + name + "' has no type");
        if (foreign)
            keep["as"] = n.type;
        if (const YamlNode *l = metaText(tosca::kMetaLabel))
            n.label = l->scalar;
        if (const YamlNode *r = metaText(tosca::kMetaRegion))
            n.region = r->scalar;
        if (const YamlNode *p = metaText(tosca::kMetaPlacement)) {
            Value pv;
            std::string why;
            Node placed;
            if (fromJson(p->scalar, pv, why, &m_budget) && sky::readNode(Value(ValueMap{{"placement", pv}}), placed))
                n.placement = placed.placement;
            else
                error(p, "node template '" + name + "': unreadable " + std::string(tosca::kMetaPlacement));
        }
        Value caps;
        if (const YamlNode *c = value->get("capabilities"))
            caps = tosca::toscaValue(c);
        if (const YamlNode *r = metaText(tosca::kMetaReplicas)) {
            const Value v = resolvePlainScalar(r->scalar);
            if (v.isInt())
                n.replicas = int(v.toInt());
            else
                error(r, "replicas of '" + name + "' must be an integer");
        } else {
            n.replicas = tosca::scalableInstances(caps);
        }
        Value res;
        if (json(metaText(tosca::kMetaResources), res)) {
            if (const std::string why = readResources(res, n.resources); !why.empty())
                error(metaText(tosca::kMetaResources), "resources of '" + name + "': " + why);
        } else if (foreign || !meta || !meta->get(tosca::kMetaType)) {
            n.resources = tosca::hostResources(caps);
        }
        const ComponentType *ct = m_catalog.type(n.type);
        if (const YamlNode *props = value->get("properties"); props && props->isMap()) {
            for (const auto &[pk, pv] : props->entries) {
                if (!foreign && pk->scalar == "name" && n.type == "object_storage" && !(ct && ct->property("name")))
                    continue; // the normative ObjectStorage name, not ours
                Value v = foreign ? tosca::toscaValue(pv) : yamlValue(pv);
                // An input is a secret reference where the property is
                // secret: always in our own types, in a foreign one when
                // the catalog says so; else the function stays as written.
                const PropertySchema *schema = ct ? ct->property(pk->scalar) : nullptr;
                if (const Value *in = member(v, "get_input"); in && in->isString() && v.toMap().size() == 1
                                                               && (!foreign || (schema && schema->secret)))
                    v = Value::secret(in->toString());
                n.properties[pk->scalar] = std::move(v);
            }
        } else if (const YamlNode *p = value->get("properties"); p && !p->isNull()) {
            kept["properties"] = tosca::toscaValue(p);
        }
        Value props;
        if (json(metaText(tosca::kMetaProperties), props) && props.isMap())
            for (const auto &[k, v] : props.toMap())
                n.properties[k] = v;
        Value extra;
        if (json(metaText(tosca::kMetaExtra), extra) && extra.isMap())
            n.extra = extra.toMap();
        Value pos;
        Point p;
        if (json(metaText(tosca::kMetaPosition), pos) && readPoint(pos, p)) {
            m_topo.layout.nodes[id] = p;
            m_positioned = true;
        }
        for (const auto &[k, v] : value->entries) {
            const std::string &f = k->scalar;
            if (f == "type" || f == "properties" || f == "requirements")
                continue;
            if (f == "metadata") {
                ValueMap m;
                if (v->isMap())
                    for (const auto &[mk, mv] : v->entries)
                        if (!mk->scalar.starts_with("skyplan."))
                            m[mk->scalar] = tosca::toscaValue(mv);
                if (!m.empty())
                    kept["metadata"] = std::move(m);
            } else if (f == "capabilities") {
                // Ours are written from replicas and resources; a foreign
                // template's are kept as written (sizes compared at export).
                if (foreign)
                    kept[f] = caps;
            } else {
                kept[f] = tosca::toscaValue(v);
            }
        }
        if (!kept.empty())
            keep["template"] = std::move(kept);
        if (!keep.empty()) {
            Value &into = n.extra[std::string(tosca::kKeep)]; // may hold what our metadata carried
            if (!into.isMap())
                into = ValueMap{};
            for (auto &[k, v] : keep)
                into.map()[k] = std::move(v);
        }
        if (!m_topo.nodes.emplace(id, std::move(n)).second)
            error(key, "node template '" + name + "' appears twice");
    }

    void keepRequirement(Node &n, Value requirement)
    {
        Value &keep = n.extra[std::string(tosca::kKeep)];
        if (!keep.isMap())
            keep = ValueMap{};
        Value &list = keep.map()["requirements"];
        if (!list.isList())
            list = ValueList{};
        list.list().push_back(std::move(requirement));
    }

    void readRequirements(const YamlNode *key, const YamlNode *value)
    {
        const YamlNode *reqs = value->isMap() ? value->get("requirements") : nullptr;
        if (!reqs || m_synthesized.count(key->scalar))
            return;
        if (!reqs->isSequence()) {
            error(reqs, "requirements of '" + key->scalar + "' must be a list");
            return;
        }
        Node *self = m_topo.node(idOf(key->scalar));
        const bool foreign = self && self->extra.count(std::string(tosca::kKeep))
                             && self->extra.at(std::string(tosca::kKeep)).find("type");
        for (const YamlNode *req : reqs->items) {
            if (!req->isMap() || req->entries.size() != 1) {
                error(req, "a requirement must be a map with one entry");
                continue;
            }
            const auto &[rk, rv] = req->entries.front();
            const std::string &reqName = rk->scalar;
            const YamlNode *target = rv;
            const YamlNode *cap = nullptr;
            const YamlNode *rel = nullptr;
            if (rv->isMap()) {
                target = rv->get("node");
                cap = rv->get("capability");
                rel = rv->get("relationship");
            }
            Value written = tosca::toscaValue(req);
            if (!self || (target && target->isScalar() && m_synthesized.count(target->scalar)))
                continue;
            // A requirement naming no node template of this file (abstract,
            // a node filter, a capability type only) is kept as written.
            if (!target || !target->isScalar() || !knownNode(target->scalar)) {
                if (target && target->isScalar() && !foreign)
                    error(req, "requirement '" + reqName + "' of '" + key->scalar + "' names unknown node '"
                                   + target->scalar + "'");
                keepRequirement(*self, std::move(written));
                continue;
            }
            const std::string relType = rel && rel->isScalar() ? rel->scalar
                                        : rel && rel->isMap() && rel->get("type") && rel->get("type")->isScalar()
                                            ? rel->get("type")->scalar
                                            : std::string();
            const std::string targetId = idOf(target->scalar);
            if ((reqName == "host" || relType == tosca::kHostedOn) && self->host.empty() && targetId != self->id) {
                self->host = targetId;
                // What our writer writes for a host is no one's to keep.
                const Value ours(ValueMap{{"node", Value(target->scalar)}, {"relationship", Value(std::string(tosca::kHostedOn))}});
                if (!foreign && reqName == "host" && tosca::toscaValue(rv) == ours)
                    continue;
                ValueMap host{{"name", Value(reqName)}, {"value", tosca::toscaValue(rv)}};
                Value &keep = self->extra[std::string(tosca::kKeep)];
                if (!keep.isMap())
                    keep = ValueMap{};
                keep.map()["host"] = std::move(host);
                continue;
            }
            Link l;
            l.from.node = self->id;
            l.to.node = targetId;
            if (foreign) {
                // Terminals the catalog knows are drawn as such; other
                // requirement and capability names ride with the link.
                const ComponentType *from = m_catalog.type(self->type);
                const ComponentType *to = m_catalog.type(m_topo.node(targetId)->type);
                const TerminalType *ft = from ? from->terminal(reqName) : nullptr;
                if (ft && ft->direction == Direction::Out)
                    l.from.terminal = reqName;
                if (cap && cap->isScalar() && to)
                    if (const TerminalType *tt = to->terminal(cap->scalar); tt && tt->direction == Direction::In)
                        l.to.terminal = cap->scalar;
                ValueMap keep{{"value", tosca::toscaValue(rv)}};
                if (l.from.terminal != reqName)
                    keep["name"] = reqName;
                l.extra[std::string(tosca::kKeep)] = std::move(keep);
                if (std::any_of(m_topo.links.begin(), m_topo.links.end(), [&](const Link &o) {
                        return o.from == l.from && o.to == l.to;
                    })) {
                    keepRequirement(*self, std::move(written)); // a second one between the same ends
                    continue;
                }
                m_topo.links.push_back(std::move(l));
                continue;
            }
            l.from.terminal = terminal(reqName);
            if (cap && cap->isScalar() && cap->scalar.find('.') == std::string::npos)
                l.to.terminal = terminal(cap->scalar);
            else
                l.to.terminal = terminalOf({l.to.node, {}}, m_topo, m_catalog, Direction::In);
            const YamlNode *props = rel && rel->isMap() ? rel->get("properties") : nullptr;
            if (props && props->isMap()) {
                for (const auto &[pk, pv] : props->entries) {
                    const Value v = yamlValue(pv);
                    if (pk->scalar == "protocol" && v.isString()) {
                        l.protocol = v.toString();
                    } else if (pk->scalar == "port" && v.isInt()) {
                        l.port = int(v.toInt());
                    } else if (pk->scalar == "bandwidth" && v.isString()) {
                        l.bandwidth = parseBandwidth(v.toString());
                    } else if (pk->scalar == tosca::kLinkSidecar) {
                        Value side;
                        if (!json(pv, side))
                            continue;
                        if (const Value *f = member(side, "from-default"); f && f->isBool() && f->toBool())
                            l.from.terminal.clear();
                        if (const Value *t = member(side, "to-default"); t && t->isBool() && t->toBool())
                            l.to.terminal.clear();
                        if (const Value *e = member(side, "extra"); e && e->isMap())
                            l.extra = e->toMap();
                        if (const Value *t = member(side, "traffic"); t && t->isNumber())
                            l.traffic = t->toDouble();
                    }
                }
            }
            m_topo.links.push_back(std::move(l));
        }
    }

    // Fields of links kept as written, from their source's metadata: each
    // replaces the link between the same ends.
    void readLinkFields(const YamlNode *value)
    {
        const YamlNode *meta = value->isMap() ? value->get("metadata") : nullptr;
        const YamlNode *text = meta && meta->isMap() ? meta->get(tosca::kMetaLinks) : nullptr;
        Value links;
        if (!json(text, links) || !links.isList())
            return;
        for (const Value &v : links.toList()) {
            Link l;
            if (!readLink(v, l))
                continue;
            for (Link &have : m_topo.links)
                if (have.from == l.from && have.to == l.to)
                    have = l;
        }
    }

    // A group becomes a zone when its members are node templates none of
    // which is in a zone yet; false for the others, kept as written.
    bool readGroup(const YamlNode *key, const YamlNode *value)
    {
        const YamlNode *members = value->isMap() ? value->get("members") : nullptr;
        if (!members || !members->isSequence() || members->items.empty())
            return false;
        for (const YamlNode *m : members->items)
            if (!m->isScalar() || !knownNode(m->scalar) || !m_topo.node(idOf(m->scalar))->zone.empty())
                return false;
        const std::string id = isValidId(key->scalar) ? key->scalar : tosca::idFor(key->scalar, {});
        ValueMap kept;
        for (const auto &[k, v] : value->entries)
            if (k->scalar != "members")
                kept[k->scalar] = tosca::toscaValue(v);
        const bool plain = kept.size() <= 2 && kept.count("type") && kept["type"] == Value("tosca.groups.Root")
                           && (kept.size() == 1 || kept.count("description"));
        if (m_zonesFromMetadata) {
            // Our zones are in our metadata; a plain group is a zone too (a
            // node may name a zone that is not declared).
            if (!m_topo.zones.count(id) && !plain)
                return false;
        } else {
            if (m_topo.zones.count(id))
                return false;
            Zone z;
            z.id = id;
            if (const YamlNode *d = value->get("description"); d && d->isScalar())
                z.label = d->scalar;
            if (!plain || id != key->scalar) {
                if (id != key->scalar)
                    kept["name"] = key->scalar;
                z.extra[std::string(tosca::kKeep)] = std::move(kept);
            }
            m_topo.zones[z.id] = std::move(z);
        }
        for (const YamlNode *m : members->items)
            if (Node *n = m_topo.node(idOf(m->scalar)))
                n->zone = id;
        return true;
    }

    std::string m_file;
    const Catalog &m_catalog;
    std::vector<Diagnostic> &m_diags;
    YamlBudget &m_budget; // the file's, shared by the metadata's JSON
    Topology m_topo;
    ValueMap m_keep;                                 // Topology::extra.tosca
    std::map<std::string, std::string> m_ids;        // TOSCA names that are no Skyplan id -> id
    std::map<std::string, std::string> m_derivedFrom; // the template's own types
    std::set<std::string> m_synthesized;              // hosts the writer made for nodes
    bool m_failed = false;
    bool m_zonesFromMetadata = false;
    bool m_positioned = false;
    bool m_ours = false;      // written by Skyplan: no layout of our own
    bool m_ourDesign = false; // a design drawn in Skyplan, not another tool's template
};

} // namespace

bool writeTosca(const Topology &topology, const Catalog &catalog, std::string &out, std::string &error);

class ToscaFormat : public Format
{
public:
    std::string name() const override { return "tosca"; }
    std::string description() const override { return "TOSCA Simple Profile YAML (1.0-1.3)"; }
    std::string extension() const override { return ".tosca.yaml"; }
    bool canRead() const override { return true; }
    bool canWrite() const override { return true; }
    bool write(const Topology &t, const Catalog &c, std::string &out, std::string &error) const override
    {
        return writeTosca(t, c, out, error);
    }
    bool read(std::string_view text, const std::string &file, const Catalog &c, Topology &out,
              std::vector<Diagnostic> &diagnostics) const override
    {
        YamlBudget budget;
        auto doc = parseYaml(text, file, diagnostics, budget);
        if (!doc || hasErrors(diagnostics))
            return false;
        return ToscaReader(file, c, diagnostics, budget).read(doc->root(), out);
    }
};

std::unique_ptr<Format> makeToscaFormat()
{
    return std::make_unique<ToscaFormat>();
}

} // namespace sky
