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

YamlOut str(std::string_view s)
{
    return YamlOut::string(compose::escapeDollars(s));
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

        YamlOut root = YamlOut::map();
        root.set("version", YamlOut::string("3.8"));
        root.set(compose::kExtension, extension());
        YamlOut services = YamlOut::map();
        for (const auto &[id, n] : m_topo.nodes)
            if (!m_external.count(id))
                services.set(id, service(n));
        root.set("services", std::move(services));
        if (!m_networks.empty()) {
            YamlOut nets = YamlOut::map();
            for (const std::string &net : m_networks) {
                if (net == "default")
                    continue;
                YamlOut labels = YamlOut::map();
                if (const Zone *z = m_topo.zone(net); z && !z->label.empty())
                    labels.set(compose::kLabelZone, str(z->label));
                YamlOut def = YamlOut::map();
                if (!labels.empty())
                    def.set("labels", std::move(labels));
                nets.set(net, std::move(def));
            }
            if (!nets.empty())
                root.set("networks", std::move(nets));
        }
        if (!m_secrets.empty()) {
            YamlOut secrets = YamlOut::map();
            for (const std::string &s : m_secrets)
                secrets.set(s, YamlOut::map(Style::Flow).set("file", str("./secrets/" + s)));
            root.set("secrets", std::move(secrets));
        }
        return emitYaml(root);
    }

private:
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
        if (!m_topo.zones.empty()) {
            ValueMap zones;
            for (const auto &[id, z] : m_topo.zones)
                zones[id] = zoneValue(z);
            x["zones"] = std::move(zones);
        }
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
        YamlOut out = YamlOut::from(compose::escapeValueDollars(Value(std::move(x))));
        if (!m_topo.links.empty()) {
            YamlOut links = YamlOut::list(Style::Block);
            for (const Link &l : m_topo.links) {
                YamlOut o = YamlOut::map(Style::Flow);
                o.set("from", YamlOut::string(l.from.text()));
                o.set("to", YamlOut::string(l.to.text()));
                if (!l.protocol.empty())
                    o.set("protocol", str(l.protocol));
                if (l.port)
                    o.set("port", YamlOut::integer(*l.port));
                if (l.bandwidth)
                    o.set("bandwidth", YamlOut::string(formatBandwidth(*l.bandwidth)));
                if (!l.extra.empty())
                    o.set("extra", YamlOut::from(compose::escapeValueDollars(Value(l.extra))));
                links.add(std::move(o));
            }
            out.set("links", std::move(links));
        }
        return out;
    }

    std::string network(const std::string &nodeId) const
    {
        const Node *n = m_topo.node(nodeId);
        return n && !n->zone.empty() ? n->zone : "default";
    }

    YamlOut service(const Node &n)
    {
        YamlOut s = YamlOut::map();
        const Value *image = n.properties.count("image") ? &n.properties.at("image") : nullptr;
        s.set("image", str(image && image->isString() && !image->toString().empty() ? image->toString() : defaultImage(n)));

        YamlOut labels = YamlOut::map();
        labels.set(compose::kLabelType, str(n.type));
        ValueMap masked;
        const ValueMap &properties = exportableProperties(n, m_catalog, masked);
        Node copy;
        copy.type = n.type;
        copy.label = n.label;
        copy.zone = n.zone;
        copy.region = n.region;
        copy.resources = n.resources;
        copy.extra = n.extra;
        Value side = nodeValue(copy); // without the properties: they follow, masked
        side.map().erase("replicas");
        if (!properties.empty())
            side.map()["properties"] = properties;
        if (n.replicas < 1)
            side.map()["replicas"] = n.replicas;
        labels.set(compose::kLabelNode, str(toJson(side)));
        if (auto pos = m_topo.layout.nodes.find(n.id); pos != m_topo.layout.nodes.end())
            labels.set(compose::kLabelPosition, str(toJson(pointValue(pos->second))));
        s.set("labels", std::move(labels));

        YamlOut env = YamlOut::map();
        std::set<std::string> secrets;
        for (const auto &[name, v] : properties) {
            if (!isEnvName(name) || name == "image")
                continue;
            if (auto secret = v.secretRef()) {
                secrets.insert(*secret);
                env.set(name + "_FILE", str("/run/secrets/" + *secret));
            } else if (!v.isNull()) {
                env.set(name, str(propertyText(v)));
            }
        }
        if (!env.empty())
            s.set("environment", std::move(env));

        YamlOut deploy = YamlOut::map();
        if (n.replicas >= 1)
            deploy.set("replicas", YamlOut::integer(n.replicas));
        YamlOut limits = YamlOut::map(Style::Flow);
        if (n.resources.cpu && *n.resources.cpu > 0)
            limits.set("cpus", YamlOut::string(formatNumber(*n.resources.cpu)));
        if (n.resources.memory)
            limits.set("memory", YamlOut::string(std::to_string(*n.resources.memory)));
        if (!limits.empty())
            deploy.set("resources", YamlOut::map(Style::Flow).set("limits", std::move(limits)));
        if (!deploy.empty())
            s.set("deploy", std::move(deploy));

        std::set<std::string> depends, nets{network(n.id)}, published, exposed;
        for (const Link *l : m_linksFrom[n.id]) {
            if (l->to.node != n.id && m_topo.node(l->to.node) && !m_external.count(l->to.node))
                depends.insert(l->to.node);
            nets.insert(network(l->to.node));
        }
        for (const Link *l : m_linksTo[n.id]) {
            if (!l->port || *l->port < 1 || *l->port > 65535)
                continue;
            if (m_external.count(l->from.node))
                published.insert(std::to_string(*l->port));
            else
                exposed.insert(std::to_string(*l->port));
        }
        if (!depends.empty()) {
            YamlOut d = YamlOut::list();
            for (const std::string &id : depends)
                d.add(YamlOut::string(id));
            s.set("depends_on", std::move(d));
        }
        if (nets != std::set<std::string>{"default"}) {
            YamlOut list = YamlOut::list();
            for (const std::string &net : nets) {
                list.add(YamlOut::string(net));
                m_networks.insert(net);
            }
            s.set("networks", std::move(list));
        }
        if (!published.empty()) {
            YamlOut p = YamlOut::list();
            for (const std::string &port : published)
                p.add(YamlOut::string(port + ':' + port));
            s.set("ports", std::move(p));
        }
        if (!exposed.empty()) {
            YamlOut e = YamlOut::list();
            for (const std::string &port : exposed)
                e.add(YamlOut::string(port));
            s.set("expose", std::move(e));
        }
        if (!secrets.empty()) {
            YamlOut list = YamlOut::list();
            for (const std::string &sec : secrets) {
                list.add(str(sec));
                m_secrets.insert(sec);
            }
            s.set("secrets", std::move(list));
        }
        return s;
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
