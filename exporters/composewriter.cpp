// Docker Compose writer: the Compose Specification form by default (no
// `version:`), the 1.29 file format (`version: "3.8"`) on request. One
// service per node (entry nodes such as `internet` become published ports
// instead). A node imported from Compose is written back from what it kept
// (compose.h), with only what was edited in Skyplan changed; a node drawn in
// Skyplan gets its image, environment, deploy, depends_on, networks, ports
// and secrets from the model, secret properties as file secrets (`<name>_FILE`
// points at them), never their values. The `x-skyplan` extension keeps what
// Compose has no field for, and what the writer generated (so a re-import
// tells a hand edit from it).
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

using compose::kAdded;

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

using compose::field;
using compose::isEnvName;
using compose::stringField;

using compose::ImageProfile;
using compose::imageProfile;

class ComposeWriter
{
public:
    ComposeWriter(const Topology &t, const Catalog &c, const WriteOptions &o, std::vector<Diagnostic> &w)
        : m_topo(t), m_catalog(c), m_options(o), m_warnings(w)
    {
        if (const Value *k = field(t.extra, std::string(compose::kKept)); k && k->isMap())
            m_keptTop = k->toMap();
    }

    std::string write()
    {
        for (const auto &[id, n] : m_topo.nodes)
            if (isExternal(n, m_catalog))
                m_external.insert(id);
        for (const Link &l : m_topo.links)
            m_linksFrom[l.from.node].push_back(&l), m_linksTo[l.to.node].push_back(&l);

        // The services first: they find the networks and secrets declared after them.
        std::string services;
        services.reserve(m_topo.nodes.size() * 400);
        for (const auto &[id, n] : m_topo.nodes)
            if (!m_external.count(id))
                service(services, n);

        ValueMap nets = mapField(m_keptTop, "networks");
        ValueMap addedNets;
        for (const std::string &net : m_networks)
            if (net != "default" && !nets.count(net))
                nets[net] = addedNets[net] = Value(ValueMap{});
        ValueMap volumes = mapField(m_keptTop, "volumes");
        ValueMap addedVolumes;
        for (const std::string &v : m_volumes)
            if (!volumes.count(v))
                volumes[v] = addedVolumes[v] = Value(ValueMap{});
        ValueMap secrets = mapField(m_keptTop, "secrets");
        ValueMap addedSecrets;
        for (const std::string &s : m_secrets)
            if (!secrets.count(s))
                secrets[s] = addedSecrets[s] = Value(ValueMap{{"file", Value("./secrets/" + s)}});
        // What the top level gained from the writer, for a re-import to leave out.
        ValueMap topAdded;
        if (!addedNets.empty())
            topAdded["networks"] = std::move(addedNets);
        if (!addedSecrets.empty())
            topAdded["secrets"] = std::move(addedSecrets);
        if (!addedVolumes.empty())
            topAdded["volumes"] = std::move(addedVolumes);

        YamlOut top = YamlOut::map(Style::Block);
        if (const Value *v = field(m_keptTop, "version"))
            top.set("version", YamlOut::from(*v));
        else if (m_options.version == "1.29")
            top.set("version", YamlOut::string("3.8"));
        if (const Value *v = field(m_keptTop, "name"))
            top.set("name", m_topo.name.empty() ? YamlOut::from(*v) : YamlOut::string(compose::escapeDollars(m_topo.name)));
        top.set(compose::kExtension, extension(std::move(topAdded)));
        // The per-node and per-link sidecars, one flow line each, straight
        // into the text (a YamlOut tree of 10,000 of them costs more than the
        // text): x-skyplan is the head's last entry, so they continue it.
        std::string out = emitYaml(top);
        sidecarLines(out);
        top = YamlOut::map(Style::Block);
        if (services.empty())
            out += "services: {}\n";
        else
            out += "services:\n" + services;
        for (const auto &[k, v] : m_keptTop) {
            if (k == "version" || k == "name" || k == "networks" || k == "secrets" || k == "volumes")
                continue;
            top.set(k, YamlOut::from(v));
        }
        if (!nets.empty())
            top.set("networks", YamlOut::from(Value(std::move(nets))));
        if (!volumes.empty())
            top.set("volumes", YamlOut::from(Value(std::move(volumes))));
        if (!secrets.empty())
            top.set("secrets", YamlOut::from(Value(std::move(secrets))));
        if (!top.empty())
            out += emitYaml(top);
        return out;
    }

private:
    static ValueMap mapField(const ValueMap &m, const std::string &key)
    {
        const Value *v = field(m, key);
        return v && v->isMap() ? v->toMap() : ValueMap{};
    }

    YamlOut extension(ValueMap topAdded) const
    {
        ValueMap x;
        x["format"] = kFormatVersion;
        if (!topAdded.empty())
            x[std::string(kAdded)] = std::move(topAdded);
        if (!m_topo.name.empty())
            x["name"] = m_topo.name;
        if (!m_topo.description.empty())
            x["description"] = m_topo.description;
        Value rest = topologyRestValue(m_topo);
        if (Value *extra = const_cast<Value *>(member(rest, "extra")); extra && extra->isMap()) {
            extra->map().erase(std::string(compose::kKept));
            if (extra->toMap().empty())
                rest.map().erase("extra");
        }
        if (!rest.toMap().empty())
            x["topology"] = rest;
        if (!m_topo.zones.empty())
            x["zones"] = zonesValue(m_topo.zones);
        ValueMap ext;
        for (const std::string &id : m_external) {
            Value v = sidecar(*m_topo.node(id));
            if (auto pos = m_topo.layout.nodes.find(id); pos != m_topo.layout.nodes.end())
                v.map()["position"] = pointValue(pos->second);
            v.map()["replicas"] = m_topo.node(id)->replicas;
            ext[id] = std::move(v);
        }
        if (!ext.empty())
            x["external"] = std::move(ext);
        // Block style: the node and link lines follow it (sidecarLines).
        const Value escaped = compose::escapeValueDollars(Value(std::move(x)));
        YamlOut out = YamlOut::map(Style::Block);
        for (const auto &[k, v] : escaped.toMap())
            out.set(k, YamlOut::from(v));
        return out;
    }

    // x-skyplan's nodes and links, at its indentation, `$` doubled in text.
    void sidecarLines(std::string &out)
    {
        const auto text = [](std::string &o, std::string_view v) { o += yamlScalar(compose::escapeDollars(v)); };
        bool first = true;
        for (const auto &[id, n] : m_topo.nodes) {
            if (m_external.count(id))
                continue;
            if (first)
                out += "  nodes:\n", first = false;
            Value v = sidecar(n);
            if (auto pos = m_topo.layout.nodes.find(id); pos != m_topo.layout.nodes.end())
                v.map()["position"] = pointValue(pos->second);
            if (auto a = m_added.find(id); a != m_added.end())
                v.map()[std::string(kAdded)] = std::move(a->second); // written once, here
            if (auto z = m_zoneNetwork.find(id); z != m_zoneNetwork.end())
                v.map()[std::string(compose::kZoneNetwork)] = z->second;
            out += "    ";
            out += yamlScalar(id);
            out += ": ";
            appendInline(out, v, appendYamlScalar, text);
            out += '\n';
        }
        if (m_topo.links.empty())
            return;
        out += "  links:\n";
        for (const Link &l : m_topo.links) {
            out += "    - ";
            appendInline(out, linkValue(l), appendYamlScalar, text);
            out += '\n';
        }
    }

    // What Compose has no field for: the node without its replicas (deploy
    // has them) and without what it kept (the service has that), properties
    // masked.
    Value sidecar(const Node &n) const
    {
        ValueMap m;
        m["type"] = n.type;
        if (!n.label.empty())
            m["label"] = n.label;
        if (!n.zone.empty())
            m["zone"] = n.zone;
        if (!n.region.empty())
            m["region"] = n.region;
        if (!n.host.empty())
            m["host"] = n.host;
        if (!n.placement.empty()) {
            ValueMap p;
            if (!n.placement.provider.empty())
                p["provider"] = n.placement.provider;
            if (!n.placement.region.empty())
                p["region"] = n.placement.region;
            if (!n.placement.size.empty())
                p["size"] = n.placement.size;
            if (n.placement.pinned)
                p["pinned"] = true;
            m["placement"] = std::move(p);
        }
        if (!n.resources.empty())
            m["resources"] = resourcesValue(n.resources);
        ValueMap masked;
        const ValueMap &properties = exportableProperties(n, m_catalog, masked);
        if (!properties.empty())
            m["properties"] = properties;
        ValueMap extra = n.extra;
        const bool imported = extra.erase(std::string(compose::kKept)) > 0;
        if (!extra.empty())
            m["extra"] = std::move(extra);
        if (imported)
            m["imported"] = true;
        return Value(std::move(m));
    }

    std::string network(const std::string &nodeId) const
    {
        const Node *n = m_topo.node(nodeId);
        return n && !n->zone.empty() ? n->zone : "default";
    }

    const std::vector<const Link *> &linksOf(const std::map<std::string, std::vector<const Link *>> &index,
                                             const std::string &id) const
    {
        static const std::vector<const Link *> none;
        const auto it = index.find(id);
        return it == index.end() ? none : it->second;
    }

    static const ValueMap *keptOf(const Link &l)
    {
        const Value *v = field(l.extra, std::string(compose::kKept));
        return v && v->isMap() ? &v->toMap() : nullptr;
    }

    void warn(const Node &n, const std::string &message)
    {
        m_warnings.push_back(exportWarning(n.id, message));
    }

    // Adds `key: value` to a service's environment in the form it has (a list
    // of NAME=value or a map), replacing an entry of the same name.
    static void setEnv(ValueMap &svc, const std::string &name, const std::string &value)
    {
        Value &env = svc["environment"];
        if (env.isList()) {
            auto &list = env.list();
            const std::string prefix = name + '=';
            list.erase(std::remove_if(list.begin(), list.end(),
                                      [&](const Value &v) {
                                          return v.isString() && (v.toString() == name || v.toString().rfind(prefix, 0) == 0);
                                      }),
                       list.end());
            list.push_back(prefix + value);
            return;
        }
        if (!env.isMap())
            env = Value(ValueMap{});
        env.map()[name] = value;
    }

    // The node's service. Kept fields are Compose text and go out as they
    // came; Skyplan's own values are literal and have their `$` doubled.
    void service(std::string &out, const Node &n)
    {
        const Value *keptValue = field(n.extra, std::string(compose::kKept));
        const bool imported = keptValue != nullptr;
        ValueMap svc = keptValue && keptValue->isMap() ? keptValue->toMap() : ValueMap{};
        ValueMap added;

        // image: the property (the model's), else what was kept, else the catalog's.
        const Value *image = field(n.properties, "image");
        if (image && image->isString() && !image->toString().empty()) {
            svc["image"] = imported ? image->toString() : compose::escapeDollars(image->toString());
        } else if (!imported && !svc.count("image") && !svc.count("build")) { // never invented for a kept service
            const std::string img = compose::defaultImage(n.type, stringField(n.properties, "engine"),
                                                          stringField(n.properties, "version"));
            svc["image"] = img;
            added["image"] = img;
        }

        // environment from the properties (not image; not the engine an
        // imported image implies).
        ValueMap masked;
        const ValueMap &properties = exportableProperties(n, m_catalog, masked);
        ValueMap env;
        std::set<std::string> secrets;
        const Value *keptEngine = imported ? field(n.properties, "engine") : nullptr;
        for (const auto &[name, v] : properties) {
            if (name == "image" || v.isNull())
                continue;
            if (keptEngine && name == "engine" && v.isString()
                && v.toString() == compose::engineOfImage(stringField(svc, "image")))
                continue;
            if (!isEnvName(name)) {
                warn(n, "property '" + name + "' is no environment variable name: kept in x-skyplan only");
                continue;
            }
            if (auto secret = v.secretRef()) {
                secrets.insert(*secret);
                env[name + "_FILE"] = "/run/secrets/" + *secret;
            } else {
                env[name] = compose::escapeDollars(propertyText(v));
            }
        }
        // A data service drawn here speaks to its official image.
        const ImageProfile *profile = imported || image ? nullptr
                                                        : imageProfile(n.type, stringField(n.properties, "engine"));
        if (profile) {
            ValueMap mapped;
            auto take = [&](const char *property, std::string_view var) {
                const auto it = env.find(property);
                if (it != env.end() && !var.empty())
                    mapped[std::string(var)] = it->second;
            };
            take("db_name", profile->dbVar);
            take("user", profile->userVar);
            if (const auto it = env.find("password_FILE"); it != env.end()) // the secret file, under the image's name
                mapped[profile->passwordFileVar.empty() ? it->first : std::string(profile->passwordFileVar)] = it->second;
            if (!profile->extraVar.empty())
                mapped[std::string(profile->extraVar)] = std::string(profile->extraValue);
            env = std::move(mapped);
            if (!svc.count("healthcheck")) {
                ValueList test;
                for (const std::string_view part : profile->health)
                    test.push_back(std::string(part));
                const Value health(ValueMap{{"test", Value(std::move(test))}, {"interval", Value("10s")},
                                            {"timeout", Value("5s")}, {"retries", Value(5)}});
                svc["healthcheck"] = health;
                added["healthcheck"] = health;
            }
            if (n.replicas > 1)
                warn(n, std::to_string(n.replicas) + " replicas of a " + n.type
                            + " share one data volume in Compose: replication needs the engine's own setup");
            const std::string volume = n.id + "-data";
            const Value mount(volume + ':' + std::string(profile->dataDir));
            Value &volumes = svc["volumes"];
            if (!volumes.isList())
                volumes = Value(ValueList{});
            volumes.list().push_back(mount);
            added["volumes"] = Value(ValueList{mount});
            m_volumes.insert(volume);
        }
        for (const auto &[name, v] : env)
            setEnv(svc, name, v.toString());
        if (!env.empty())
            added["environment"] = std::move(env);

        // deploy: replicas (the model's, unless it is the default and the
        // file kept its own, such as 0) and the resources as limits.
        {
            Value &deployValue = svc["deploy"];
            if (!deployValue.isMap())
                deployValue = Value(ValueMap{});
            ValueMap &deploy = deployValue.map();
            // The model's count; a file's explicit 1 stays explicit, its 0 stays 0
            // until the count is changed.
            const auto kept = deploy.find("replicas");
            const bool keptCount = kept != deploy.end() && kept->second.isInt() && kept->second.toInt() >= 1;
            if (n.replicas != 1 || keptCount)
                deploy["replicas"] = n.replicas;
            ValueMap limits;
            if (n.resources.cpu && *n.resources.cpu > 0)
                limits["cpus"] = formatNumber(*n.resources.cpu);
            if (n.resources.memory)
                limits["memory"] = std::to_string(*n.resources.memory);
            if (!limits.empty()) {
                Value &res = deploy["resources"];
                if (!res.isMap())
                    res = Value(ValueMap{});
                Value &lim = res.map()["limits"];
                if (!lim.isMap())
                    lim = Value(ValueMap{});
                for (const auto &[k, v] : limits)
                    lim.map()[k] = v;
                added["limits"] = std::move(limits);
            }
            if (deploy.empty())
                svc.erase("deploy");
        }

        // depends_on and legacy links from the links, each in the form it came in.
        Value depends = svc.count("depends_on") ? svc["depends_on"] : Value();
        // Legacy links in the order written: each entry the file had is
        // matched to its link (renamed with it, gone with it).
        const ValueList keptLegacy = svc.count("links") && svc["links"].isList() ? svc["links"].toList() : ValueList{};
        std::vector<std::pair<std::string, std::string>> legacyLinks; // entry as kept -> as written now
        bool longForm = depends.isMap();
        std::vector<std::pair<std::string, Value>> dependsOn;
        std::set<std::string> nets;
        const std::vector<std::string> keptNets =
            svc.count("networks") ? compose::networkNames(svc["networks"]) : std::vector<std::string>{};
        const std::string ownNet = network(n.id);
        for (const Link *l : linksOf(m_linksFrom, n.id)) {
            const std::string &to = l->to.node;
            if (to == n.id || !m_topo.node(to) || m_external.count(to))
                continue;
            if (const ValueMap *k = keptOf(*l)) {
                if (const Value *d = field(*k, "depends_on")) {
                    dependsOn.emplace_back(to, *d);
                    if (d->isMap() && !d->toMap().empty())
                        longForm = true;
                }
                if (const Value *lk = field(*k, "links")) {
                    const std::string text = lk->isString() ? lk->toString() : std::string();
                    const auto colon = text.find(':');
                    legacyLinks.emplace_back(text, colon == std::string::npos ? to : to + text.substr(colon));
                }
                continue; // a link inferred from a shared network: nothing to write
            }
            dependsOn.emplace_back(to, Value(ValueMap{}));
            nets.insert(network(to)); // drawn: the service must reach what it calls
        }
        if (!dependsOn.empty()) {
            if (longForm) {
                ValueMap m = depends.isMap() ? depends.toMap() : ValueMap{};
                if (depends.isList())
                    for (const Value &v : depends.toList())
                        if (v.isString())
                            m[v.toString()] = Value(ValueMap{{"condition", Value("service_started")}});
                for (auto &[to, d] : dependsOn)
                    m[to] = d.isMap() && !d.toMap().empty() ? d : Value(ValueMap{{"condition", Value("service_started")}});
                svc["depends_on"] = std::move(m);
            } else {
                ValueList l = depends.isList() ? depends.toList() : ValueList{};
                for (auto &[to, d] : dependsOn)
                    if (std::find(l.begin(), l.end(), Value(to)) == l.end())
                        l.push_back(to);
                svc["depends_on"] = std::move(l);
            }
        }
        ValueList legacy;
        for (const Value &entry : keptLegacy) {
            const auto it = std::find_if(legacyLinks.begin(), legacyLinks.end(), [&](const auto &l) {
                return entry.isString() && l.first == entry.toString();
            });
            if (it == legacyLinks.end()) {
                // A service of no other file stays as written; a link deleted in Skyplan goes.
                const std::string target = entry.isString() ? entry.toString().substr(0, entry.toString().find(':')) : "";
                if (!m_topo.node(target))
                    legacy.push_back(entry);
            } else {
                legacy.push_back(it->second);
                legacyLinks.erase(it);
            }
        }
        for (const auto &[_, now] : legacyLinks)
            legacy.push_back(now);
        if (!legacy.empty())
            svc["links"] = std::move(legacy);
        else
            svc.erase("links");

        // networks: what was kept, with the zone's network where the zone
        // was, plus what drawn links must reach.
        // networks that are neither a list nor a map (the reader refuses them;
        // a hand-edited native file may hold anything) are left as written.
        const bool oddNetworks = svc.count("networks") && !svc["networks"].isList() && !svc["networks"].isMap();
        if (oddNetworks) {
            warn(n, "its networks are neither a list nor a map: kept as written, no network added");
        } else if (!svc.count("network_mode")) {
            Value netsValue = svc.count("networks") ? svc["networks"] : Value(ValueList{});
            // The zone's network: named where the networks are a map (whose
            // order the model does not keep), else the first.
            std::string importedZone = keptNets.empty() ? "default" : keptNets.front();
            if (const auto z = svc.find(std::string(compose::kZoneNetwork)); z != svc.end()) {
                if (z->second.isString())
                    importedZone = z->second.toString();
                svc.erase(z);
            }
            if (imported && !keptNets.empty() && importedZone != ownNet && isValidId(importedZone))
                renameNetwork(netsValue, importedZone, ownNet);
            std::vector<std::string> have = compose::networkNames(netsValue);
            if (have.empty()) {
                have.push_back(ownNet);
                netsValue.list().push_back(ownNet);
            }
            ValueList addedNets;
            for (const std::string &net : nets)
                if (std::find(have.begin(), have.end(), net) == have.end()) {
                    if (netsValue.isMap())
                        netsValue.map()[net] = Value();
                    else
                        netsValue.list().push_back(net);
                    addedNets.push_back(net);
                    have.push_back(net);
                }
            if (keptNets.empty() && have.size() == 1 && have.front() == "default") {
                svc.erase("networks");
            } else {
                if (keptNets.empty()) { // every network is the writer's
                    addedNets.clear();
                    for (const std::string &net : have)
                        addedNets.push_back(net);
                }
                if (netsValue.isMap() && netsValue.toMap().size() > 1)
                    m_zoneNetwork[n.id] = netsValue.toMap().count(ownNet) ? ownNet : importedZone;
                svc["networks"] = std::move(netsValue);
                if (!addedNets.empty())
                    added["networks"] = std::move(addedNets);
            }
            // Top-level networks: the writer declares those it added; the
            // file's own stay as it declared them (or left them to another file).
            if (keptNets.empty())
                m_networks.insert(have.begin(), have.end());
            else if (const Value *a = field(added, "networks"))
                for (const Value &net : a->toList())
                    m_networks.insert(net.toString());
            if (imported && !keptNets.empty() && importedZone != ownNet && isValidId(importedZone))
                m_networks.insert(ownNet);
        } else if (!nets.empty()) {
            warn(n, "network_mode '" + stringField(svc, "network_mode")
                        + "' is kept: the networks its new links need are not added");
        }

        // ports from the internet's links, expose from the others'.
        ValueList ports = svc.count("ports") && svc["ports"].isList() ? svc["ports"].toList() : ValueList{};
        ValueList addedExpose;
        std::set<std::string> published;
        for (const Link *l : linksOf(m_linksTo, n.id)) {
            if (m_external.count(l->from.node)) {
                if (const ValueMap *k = keptOf(*l); k && field(*k, "ports") && field(*k, "ports")->isList()) {
                    for (const Value &p : field(*k, "ports")->toList())
                        ports.push_back(p);
                } else if (l->port && *l->port >= 1 && *l->port <= 65535) {
                    published.insert(std::to_string(*l->port));
                }
            } else if (!keptOf(*l) && l->port && *l->port >= 1 && *l->port <= 65535) {
                addedExpose.push_back(std::to_string(*l->port));
            }
        }
        for (const std::string &p : published)
            ports.push_back(p + ':' + p);
        if (!ports.empty())
            svc["ports"] = std::move(ports);
        if (!addedExpose.empty()) {
            ValueList expose = svc.count("expose") && svc["expose"].isList() ? svc["expose"].toList() : ValueList{};
            ValueList fresh;
            for (const Value &p : addedExpose)
                if (std::find(expose.begin(), expose.end(), p) == expose.end())
                    expose.push_back(p), fresh.push_back(p);
            svc["expose"] = std::move(expose);
            if (!fresh.empty())
                added["expose"] = std::move(fresh);
        }

        // secrets: kept ones, and one file secret per secret property.
        if (!secrets.empty()) {
            ValueList list = svc.count("secrets") && svc["secrets"].isList() ? svc["secrets"].toList() : ValueList{};
            ValueList fresh;
            for (const std::string &s : secrets) {
                const bool listed = std::any_of(list.begin(), list.end(), [&](const Value &v) {
                    return (v.isString() && v.toString() == s) || (v.isMap() && v.find("source") && *v.find("source") == Value(s));
                });
                if (!listed)
                    list.push_back(s), fresh.push_back(s);
            }
            svc["secrets"] = std::move(list);
            if (!fresh.empty())
                added["secrets"] = std::move(fresh);
            m_secrets.insert(secrets.begin(), secrets.end());
        }

        if (!added.empty())
            m_added[n.id] = Value(std::move(added));

        // Streamed (docs/PERFORMANCE.md, "Exports"): image first, then the
        // fields by name, each in flow style when it fits the line.
        out += "  ";
        out += yamlScalar(n.id);
        out += ":\n";
        if (const auto it = svc.find("image"); it != svc.end())
            appendField(out, "image", it->second);
        for (const auto &[k, v] : svc)
            if (k != "image")
                appendField(out, k, v);
        if (svc.empty())
            out.insert(out.size() - 1, " {}");
    }

    // `key: value` at a service field's indentation: a scalar, or a
    // collection in flow style within 100 columns, else one entry a line.
    static void appendField(std::string &out, const std::string &key, const Value &v)
    {
        constexpr std::size_t kWidth = 100;
        const std::size_t start = out.size();
        out += "    ";
        out += yamlScalar(key);
        out += ": ";
        appendInline(out, v, appendYamlScalar, appendYamlScalar);
        out += '\n';
        if (v.isScalar() || out.size() - start <= kWidth + 1)
            return;
        out.resize(start);
        out += "    ";
        out += yamlScalar(key);
        out += ":\n";
        if (v.isList()) {
            for (const Value &item : v.toList()) {
                out += "      - ";
                appendInline(out, item, appendYamlScalar, appendYamlScalar);
                out += '\n';
            }
        } else {
            for (const auto &[k, item] : v.toMap()) {
                out += "      ";
                out += yamlScalar(k);
                out += ": ";
                appendInline(out, item, appendYamlScalar, appendYamlScalar);
                out += '\n';
            }
        }
    }

    static void renameNetwork(Value &nets, const std::string &from, const std::string &to)
    {
        if (nets.isList()) {
            for (Value &v : nets.list())
                if (v.isString() && v.toString() == from)
                    v = to;
        } else if (nets.isMap()) {
            auto &m = nets.map();
            if (auto it = m.find(from); it != m.end()) {
                Value settings = std::move(it->second);
                m.erase(it);
                m[to] = std::move(settings);
            }
        }
    }

    const Topology &m_topo;
    const Catalog &m_catalog;
    const WriteOptions &m_options;
    std::vector<Diagnostic> &m_warnings;
    ValueMap m_keptTop;
    std::set<std::string> m_external, m_networks, m_secrets, m_volumes;
    std::map<std::string, Value> m_added;
    std::map<std::string, std::string> m_zoneNetwork; // node -> its zone's network, where networks are a map
    std::map<std::string, std::vector<const Link *>> m_linksFrom, m_linksTo;
};

} // namespace

bool writeCompose(const Topology &topology, const Catalog &catalog, const WriteOptions &options,
                  std::string &out, std::string &error, std::vector<Diagnostic> &warnings)
{
    if (!options.version.empty() && options.version != "1.29" && options.version != "spec") {
        error = "unknown Compose file format '" + options.version + "' (spec, 1.29)";
        return false;
    }
    out = ComposeWriter(topology, catalog, options, warnings).write();
    return true;
}

} // namespace sky
