// TOSCA reader: gives back what the writer wrote (metadata first), and reads
// other tools' templates as well as their types allow (normative types mapped
// to catalog types, requirements to links, groups to zones).
#include "format.h"
#include "allformats.h"
#include "importlayout.h"
#include "sidecar.h"
#include "tosca.h"

#include "catalog.h"
#include "quantity.h"

#include <cmath>

namespace sky {

namespace {

class ToscaReader
{
public:
    ToscaReader(const std::string &file, const Catalog &c, std::vector<Diagnostic> &d)
        : m_file(file), m_catalog(c), m_diags(d) {}

    bool read(const YamlNode *root, Topology &out)
    {
        if (!root || !root->isMap())
            return fail(root, "not a TOSCA service template: expected a map at the top");
        const YamlNode *version = root->get("tosca_definitions_version");
        if (!version || !version->isScalar() || !version->scalar.starts_with("tosca_simple_yaml_1_"))
            return fail(version ? version : root, "not a TOSCA Simple Profile template: "
                        "tosca_definitions_version must be tosca_simple_yaml_1_x");
        if (const YamlNode *d = root->get("description"); d && d->isScalar())
            m_topo.description = d->scalar;
        if (const YamlNode *meta = root->get("metadata"); meta && meta->isMap()) {
            m_ours = meta->get(tosca::kMetaFormat) != nullptr;
            if (const YamlNode *n = meta->get("template_name"); n && n->isScalar())
                m_topo.name = n->scalar;
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
        const YamlNode *tt = root->get("topology_template");
        if (!tt || !tt->isMap())
            return fail(tt ? tt : root, "no topology_template map");
        const YamlNode *templates = tt->get("node_templates");
        if (templates && !templates->isMap())
            return fail(templates, "node_templates must be a map");
        if (templates)
            for (const auto &[k, v] : templates->entries)
                readNode(k, v);
        if (templates)
            for (const auto &[k, v] : templates->entries)
                readRequirements(k, v);
        if (const YamlNode *groups = tt->get("groups"); groups && groups->isMap())
            for (const auto &[k, v] : groups->entries)
                readGroup(k, v);
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
        Diagnostic d;
        d.rule = "SP-IMPORT";
        d.file = m_file;
        d.message = message;
        if (at)
            d.loc = at->loc;
        m_diags.push_back(std::move(d));
        m_failed = true;
    }

    bool json(const YamlNode *n, Value &out)
    {
        if (!n)
            return false;
        std::string err;
        if (!n->isScalar() || !fromJson(n->scalar, out, err)) {
            error(n, "unreadable Skyplan metadata: " + (n->isScalar() ? err : "expected a string"));
            return false;
        }
        return true;
    }

    std::string mapType(const std::string &toscaType) const
    {
        if (toscaType.starts_with(tosca::kTypePrefix))
            return toscaType.substr(tosca::kTypePrefix.size());
        static const std::pair<std::string_view, std::string_view> normative[] = {
            {"ObjectStorage", "object_storage"}, {"BlockStorage", "block_storage"},
            {"LoadBalancer", "load_balancer"},   {"WebServer", "web_server"},
            {"Database", "database"},            {"DBMS", "database"},
            {"network.Network", "switch"},       {"network.Port", "switch"},
        };
        for (const auto &[suffix, type] : normative)
            if (toscaType.ends_with(suffix))
                return std::string(type);
        return "app_server";
    }

    static std::string terminal(const std::string &name)
    {
        return name.starts_with(tosca::kTerminalPrefix) ? name.substr(tosca::kTerminalPrefix.size()) : name;
    }

    void readNode(const YamlNode *key, const YamlNode *value)
    {
        const std::string id = key->scalar;
        if (!isValidId(id)) {
            error(key, "node template name '" + id + "' is not a valid Skyplan id (letters, digits, '_' and '-')");
            return;
        }
        if (!value->isMap()) {
            error(value, "node template '" + id + "' must be a map");
            return;
        }
        Node n;
        n.id = id;
        const YamlNode *type = value->get("type");
        const YamlNode *meta = value->get("metadata");
        if (meta && !meta->isMap()) {
            error(meta, "metadata of '" + id + "' must be a map");
            meta = nullptr;
        }
        auto metaText = [&](std::string_view k) -> const YamlNode * {
            const YamlNode *m = meta ? meta->get(k) : nullptr;
            return m && m->isScalar() ? m : nullptr;
        };
        if (const YamlNode *t = metaText(tosca::kMetaType))
            n.type = t->scalar;
        else if (type && type->isScalar())
            n.type = mapType(type->scalar);
        else
            error(value, "node template '" + id + "' has no type");
        if (const YamlNode *l = metaText(tosca::kMetaLabel))
            n.label = l->scalar;
        if (const YamlNode *r = metaText(tosca::kMetaRegion))
            n.region = r->scalar;
        const YamlNode *caps = value->get("capabilities");
        auto capProp = [&](std::string_view cap, std::string_view prop) -> const YamlNode * {
            const YamlNode *c = caps && caps->isMap() ? caps->get(cap) : nullptr;
            const YamlNode *p = c && c->isMap() ? c->get("properties") : nullptr;
            return p && p->isMap() ? p->get(prop) : nullptr;
        };
        if (const YamlNode *r = metaText(tosca::kMetaReplicas)) {
            const Value v = resolvePlainScalar(r->scalar);
            if (v.isInt())
                n.replicas = int(v.toInt());
            else
                error(r, "replicas of '" + id + "' must be an integer");
        } else if (const YamlNode *d = capProp("scalable", "default_instances"); d && d->isScalar()) {
            const Value v = resolvePlainScalar(d->scalar);
            if (v.isInt())
                n.replicas = int(v.toInt());
        }
        Value res;
        if (json(metaText(tosca::kMetaResources), res)) {
            if (const std::string why = readResources(res, n.resources); !why.empty())
                error(metaText(tosca::kMetaResources), "resources of '" + id + "': " + why);
        } else if (!meta || !meta->get(tosca::kMetaType)) {
            if (const YamlNode *c = capProp("host", "num_cpus"); c && c->isScalar()) {
                const Value v = resolvePlainScalar(c->scalar);
                if (v.isNumber())
                    n.resources.cpu = v.toDouble();
            }
            if (const YamlNode *m = capProp("host", "mem_size"); m && m->isScalar()) {
                std::string s = m->scalar;
                std::erase(s, ' ');
                n.resources.memory = parseSize(s);
            }
        }
        const ComponentType *ct = m_catalog.type(n.type);
        if (const YamlNode *props = value->get("properties"); props && props->isMap()) {
            for (const auto &[pk, pv] : props->entries) {
                if (pk->scalar == "name" && n.type == "object_storage" && !(ct && ct->property("name")))
                    continue; // the normative ObjectStorage name, not ours
                Value v = yamlValue(pv);
                if (const Value *in = member(v, "get_input"); in && in->isString() && v.toMap().size() == 1)
                    v = Value::secret(in->toString());
                n.properties[pk->scalar] = std::move(v);
            }
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
        if (!m_topo.nodes.emplace(id, std::move(n)).second)
            error(key, "node template '" + id + "' appears twice");
    }

    void readRequirements(const YamlNode *key, const YamlNode *value)
    {
        const YamlNode *reqs = value->isMap() ? value->get("requirements") : nullptr;
        if (!reqs)
            return;
        if (!reqs->isSequence()) {
            error(reqs, "requirements of '" + key->scalar + "' must be a list");
            return;
        }
        for (const YamlNode *req : reqs->items) {
            if (!req->isMap() || req->entries.size() != 1) {
                error(req, "a requirement must be a map with one entry");
                continue;
            }
            const auto &[rk, rv] = req->entries.front();
            Link l;
            l.from = {key->scalar, terminal(rk->scalar)};
            const YamlNode *target = rv;
            const YamlNode *cap = nullptr;
            const YamlNode *rel = nullptr;
            if (rv->isMap()) {
                target = rv->get("node");
                cap = rv->get("capability");
                rel = rv->get("relationship");
            }
            if (!target || !target->isScalar()) {
                if (rk->scalar == "host" || rk->scalar == "local_storage" || rk->scalar == "dependency")
                    continue; // an abstract requirement without a target
                error(req, "requirement '" + rk->scalar + "' of '" + key->scalar + "' names no node");
                continue;
            }
            l.to.node = target->scalar;
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
                    }
                }
            }
            m_topo.links.push_back(std::move(l));
        }
    }

    void readGroup(const YamlNode *key, const YamlNode *value)
    {
        const YamlNode *members = value->isMap() ? value->get("members") : nullptr;
        if (!members || !members->isSequence())
            return;
        if (!m_zonesFromMetadata && !m_topo.zones.count(key->scalar)) {
            Zone z;
            z.id = key->scalar;
            if (const YamlNode *d = value->get("description"); d && d->isScalar())
                z.label = d->scalar;
            m_topo.zones[z.id] = std::move(z);
        }
        for (const YamlNode *m : members->items)
            if (Node *n = m->isScalar() ? m_topo.node(m->scalar) : nullptr)
                n->zone = key->scalar;
    }

    std::string m_file;
    const Catalog &m_catalog;
    std::vector<Diagnostic> &m_diags;
    Topology m_topo;
    bool m_failed = false;
    bool m_zonesFromMetadata = false;
    bool m_positioned = false;
    bool m_ours = false; // written by Skyplan: no layout of our own
};

} // namespace

bool writeTosca(const Topology &topology, const Catalog &catalog, std::string &out, std::string &error);

class ToscaFormat : public Format
{
public:
    std::string name() const override { return "tosca"; }
    std::string description() const override { return "TOSCA Simple Profile 1.2 YAML"; }
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
        auto doc = parseYaml(text, file, diagnostics);
        if (!doc || hasErrors(diagnostics))
            return false;
        return ToscaReader(file, c, diagnostics).read(doc->root(), out);
    }
};

std::unique_ptr<Format> makeToscaFormat()
{
    return std::make_unique<ToscaFormat>();
}

} // namespace sky
