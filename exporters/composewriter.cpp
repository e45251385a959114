// Docker Compose writer (file format 3.8, what docker-compose 1.29 checks).
// One service per node (entry nodes such as `internet` become published
// ports instead), replicas as deploy.replicas, depends_on from links,
// networks from zones, properties as environment, secret properties as
// file secrets (`<name>_FILE` points at them): never their values. Labels
// and the `x-skyplan` extension keep what Compose has no field for.
#include "compose.h"
#include "format.h"
#include "allformats.h"
#include "sidecar.h"

#include "catalog.h"
#include "quantity.h"
#include "yamlemit.h"
#include "yamlstream.h"

#include <algorithm>
#include <map>
#include <set>

namespace sky {

namespace compose {

std::string escapeDollars(std::string_view s)
{
    if (s.find('$') == std::string_view::npos)
        return std::string(s);
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        out += c;
        if (c == '$')
            out += '$';
    }
    return out;
}

std::string unescapeDollars(std::string_view s)
{
    if (s.find('$') == std::string_view::npos)
        return std::string(s);
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        out += s[i];
        if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '$')
            ++i;
    }
    return out;
}

namespace {
template<typename F>
Value mapStrings(const Value &v, F f)
{
    switch (v.kind()) {
    case Value::Kind::String: return f(v.toString());
    case Value::Kind::List: {
        ValueList l;
        for (const Value &i : v.toList())
            l.push_back(mapStrings(i, f));
        return l;
    }
    case Value::Kind::Map: {
        ValueMap m;
        for (const auto &[k, i] : v.toMap())
            m.emplace(k, mapStrings(i, f));
        return m;
    }
    default: return v;
    }
}
} // namespace

Value escapeValueDollars(const Value &v)
{
    return mapStrings(v, [](const std::string &s) { return escapeDollars(s); });
}

Value unescapeValueDollars(const Value &v)
{
    return mapStrings(v, [](const std::string &s) { return unescapeDollars(s); });
}

} // namespace compose

namespace {

using Style = YamlOut::Style;

// Text as Compose reads it back: `$` doubled, then quoted as YAML needs.
std::string str(std::string_view s)
{
    return yamlScalar(compose::escapeDollars(s));
}

void appendText(std::string &out, std::string_view s)
{
    out += str(s);
}

bool isExternal(const Node &n, const Catalog &c)
{
    const ComponentType *t = c.type(n.type);
    return t && t->entry && t->tier == Tier::Edge
        && std::none_of(t->terminals.begin(), t->terminals.end(),
                        [](const TerminalType &term) { return term.direction == Direction::In; });
}

std::string propertyText(const Value &v)
{
    switch (v.kind()) {
    case Value::Kind::Null: return {};
    case Value::Kind::String: return v.toString();
    case Value::Kind::List:
    case Value::Kind::Map: return toJson(v);
    default: return v.display();
    }
}

bool isEnvName(const std::string &s)
{
    if (s.empty() || (s[0] >= '0' && s[0] <= '9'))
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

std::string defaultImage(const Node &n)
{
    auto prop = [&](const char *k) -> std::string {
        const Value *v = n.properties.count(k) ? &n.properties.at(k) : nullptr;
        return v && v->isString() ? v->toString() : std::string();
    };
    const std::string engine = prop("engine");
    const std::string version = prop("version");
    if (n.type == "database") {
        const std::string e = engine == "mongodb" ? "mongo" : engine.empty() ? "postgres" : engine;
        return e + ':' + (version.empty() ? "latest" : version);
    }
    if (n.type == "cache")
        return (engine.empty() ? "redis" : engine) + ':' + (version.empty() ? "latest" : version);
    if (n.type == "message_queue")
        return engine == "kafka" ? "bitnami/kafka:latest" : engine == "nats" ? "nats:latest" : "rabbitmq:3";
    if (n.type == "object_storage")
        return "minio/minio:latest";
    if (n.type == "load_balancer")
        return "haproxy:2.9";
    if (n.type == "dns")
        return "coredns/coredns:latest";
    if (n.type == "web_server")
        return "nginx:1.27";
    return "skyplan/" + n.type + ":latest"; // an appliance with no public image: build or mirror it
}

class ComposeWriter
{
public:
    ComposeWriter(const Topology &t, const Catalog &c) : m_topo(t), m_catalog(c) {}

    std::string write()
    {
        for (const auto &[id, n] : m_topo.nodes)
            if (isExternal(n, m_catalog))
                m_external.insert(id);
        for (const Link &l : m_topo.links)
            m_linksFrom[l.from.node].push_back(&l), m_linksTo[l.to.node].push_back(&l);

        // The services first: they find the networks and secrets declared after them.
        std::string services;
        services.reserve(m_topo.nodes.size() * 450);
        for (const auto &[id, n] : m_topo.nodes)
            if (!m_external.count(id))
                service(services, n);

        YamlOut head = YamlOut::map();
        head.set("version", YamlOut::string("3.8"));
        head.set(compose::kExtension, extension());
        std::string out = emitYaml(head);
        out.reserve(out.size() + services.size() + m_topo.links.size() * 64);
        links(out); // the rest of x-skyplan, a block map
        if (services.empty()) {
            appendEntry(out, 0, "services", "{}");
        } else {
            appendBlockKey(out, 0, "services");
            out += services;
        }

        YamlOut tail = YamlOut::map();
        YamlOut nets = YamlOut::map();
        for (const std::string &net : m_networks) {
            if (net == "default")
                continue;
            YamlOut labels = YamlOut::map();
            if (const Zone *z = m_topo.zone(net); z && !z->label.empty())
                labels.set(compose::kLabelZone, YamlOut::string(compose::escapeDollars(z->label)));
            YamlOut def = YamlOut::map();
            if (!labels.empty())
                def.set("labels", std::move(labels));
            nets.set(net, std::move(def));
        }
        if (!nets.empty())
            tail.set("networks", std::move(nets));
        if (!m_secrets.empty()) {
            YamlOut secrets = YamlOut::map();
            for (const std::string &s : m_secrets)
                secrets.set(s, YamlOut::map(Style::Flow).set("file", YamlOut::string(compose::escapeDollars("./secrets/" + s))));
            tail.set("secrets", std::move(secrets));
        }
        if (!tail.empty())
            out += emitYaml(tail);
        return out;
    }

private:
    // x-skyplan without its links, in block style so that they can follow.
    YamlOut extension() const
    {
        ValueMap x;
        x["format"] = kFormatVersion;
        if (!m_topo.name.empty())
            x["name"] = m_topo.name;
        if (!m_topo.description.empty())
            x["description"] = m_topo.description;
        const Value rest = topologyRestValue(m_topo);
        if (!rest.toMap().empty())
            x["topology"] = rest;
        if (!m_topo.zones.empty())
            x["zones"] = zonesValue(m_topo.zones);
        if (!m_external.empty()) {
            ValueMap ext;
            for (const std::string &id : m_external) {
                Value v = nodeValue(*m_topo.node(id));
                if (auto pos = m_topo.layout.nodes.find(id); pos != m_topo.layout.nodes.end())
                    v.map()["position"] = pointValue(pos->second);
                ext[id] = std::move(v);
            }
            x["external"] = std::move(ext);
        }
        const Value escaped = compose::escapeValueDollars(Value(std::move(x)));
        YamlOut out = YamlOut::map(Style::Block);
        for (const auto &[k, v] : escaped.toMap())
            out.set(k, YamlOut::from(v));
        return out;
    }

    // x-skyplan.links: one flow map a line.
    void links(std::string &out) const
    {
        if (m_topo.links.empty())
            return;
        appendBlockKey(out, 2, "links");
        for (const Link &l : m_topo.links) {
            out += "    - {from: ";
            out += yamlScalar(l.from.text());
            out += ", to: ";
            out += yamlScalar(l.to.text());
            if (!l.protocol.empty()) {
                out += ", protocol: ";
                out += str(l.protocol);
            }
            if (l.port) {
                out += ", port: ";
                out += std::to_string(*l.port);
            }
            if (l.bandwidth) {
                out += ", bandwidth: ";
                out += yamlScalar(formatBandwidth(*l.bandwidth));
            }
            if (!l.extra.empty()) {
                out += ", extra: ";
                appendInline(out, l.extra, appendYamlScalar, appendText);
            }
            out += "}\n";
        }
    }

    std::string network(const std::string &nodeId) const
    {
        const Node *n = m_topo.node(nodeId);
        return n && !n->zone.empty() ? n->zone : "default";
    }

    // What the com.skyplan.node label holds: nodeValue(n) without the
    // replicas (deploy has them, unless below 1) and with the properties masked.
    static std::string nodeJson(const Node &n, const ValueMap &properties)
    {
        JsonObject o;
        if (!n.extra.empty())
            o.map("extra", n.extra);
        if (!n.label.empty())
            o.string("label", n.label);
        if (!properties.empty())
            o.map("properties", properties);
        if (!n.region.empty())
            o.string("region", n.region);
        if (n.replicas < 1)
            o.raw("replicas", std::to_string(n.replicas));
        if (!n.resources.empty())
            o.value("resources", resourcesValue(n.resources));
        o.string("type", n.type);
        if (!n.zone.empty())
            o.string("zone", n.zone);
        return o.text();
    }

    const std::vector<const Link *> &linksOf(const std::map<std::string, std::vector<const Link *>> &index,
                                             const std::string &id) const
    {
        static const std::vector<const Link *> none;
        const auto it = index.find(id);
        return it == index.end() ? none : it->second;
    }

    // The node's service, at the indentation of services' entries.
    void service(std::string &out, const Node &n)
    {
        appendBlockKey(out, 2, yamlScalar(n.id));
        const Value *image = n.properties.count("image") ? &n.properties.at("image") : nullptr;
        appendEntry(out, 4, "image", str(image && image->isString() && !image->toString().empty() ? image->toString() : defaultImage(n)));

        ValueMap masked;
        const ValueMap &properties = exportableProperties(n, m_catalog, masked);
        YamlCollection labels = YamlCollection::map();
        labels.add(compose::kLabelType, str(n.type));
        labels.add(compose::kLabelNode, str(nodeJson(n, properties)));
        if (auto pos = m_topo.layout.nodes.find(n.id); pos != m_topo.layout.nodes.end())
            labels.add(compose::kLabelPosition, str(pointJson(pos->second)));
        labels.write(out, 4, "labels");

        YamlCollection env = YamlCollection::map();
        std::set<std::string> secrets;
        for (const auto &[name, v] : properties) {
            if (!isEnvName(name) || name == "image")
                continue;
            if (auto secret = v.secretRef()) {
                secrets.insert(*secret);
                env.add(yamlScalar(name + "_FILE"), str("/run/secrets/" + *secret));
            } else if (!v.isNull()) {
                env.add(yamlScalar(name), str(propertyText(v)));
            }
        }
        if (!env.empty())
            env.write(out, 4, "environment");

        YamlCollection deploy = YamlCollection::map();
        if (n.replicas >= 1)
            deploy.add("replicas", std::to_string(n.replicas));
        YamlCollection limits = YamlCollection::map();
        if (n.resources.cpu && *n.resources.cpu > 0)
            limits.add("cpus", yamlScalar(formatNumber(*n.resources.cpu)));
        if (n.resources.memory)
            limits.add("memory", yamlScalar(std::to_string(*n.resources.memory)));
        if (!limits.empty())
            deploy.add("resources", "{limits: " + limits.flow() + '}');
        if (!deploy.empty())
            deploy.write(out, 4, "deploy");

        std::set<std::string> depends, nets{network(n.id)}, published, exposed;
        for (const Link *l : linksOf(m_linksFrom, n.id)) {
            if (l->to.node != n.id && m_topo.node(l->to.node) && !m_external.count(l->to.node))
                depends.insert(l->to.node);
            nets.insert(network(l->to.node));
        }
        for (const Link *l : linksOf(m_linksTo, n.id)) {
            if (!l->port || *l->port < 1 || *l->port > 65535)
                continue;
            if (m_external.count(l->from.node))
                published.insert(std::to_string(*l->port));
            else
                exposed.insert(std::to_string(*l->port));
        }
        auto list = [&](const char *key, const std::set<std::string> &items, auto render) {
            if (items.empty())
                return;
            YamlCollection c = YamlCollection::list();
            for (const std::string &item : items)
                c.add(render(item));
            c.write(out, 4, key);
        };
        list("depends_on", depends, [](const std::string &id) { return yamlScalar(id); });
        if (nets.size() > 1 || *nets.begin() != "default") {
            m_networks.insert(nets.begin(), nets.end());
            list("networks", nets, [](const std::string &net) { return yamlScalar(net); });
        }
        list("ports", published, [](const std::string &port) { return yamlScalar(port + ':' + port); });
        list("expose", exposed, [](const std::string &port) { return yamlScalar(port); });
        m_secrets.insert(secrets.begin(), secrets.end());
        list("secrets", secrets, [](const std::string &sec) { return str(sec); });
    }

    const Topology &m_topo;
    const Catalog &m_catalog;
    std::set<std::string> m_external, m_networks, m_secrets;
    std::map<std::string, std::vector<const Link *>> m_linksFrom, m_linksTo;
};

} // namespace

bool writeCompose(const Topology &topology, const Catalog &catalog, std::string &out, std::string &)
{
    out = ComposeWriter(topology, catalog).write();
    return true;
}

} // namespace sky
