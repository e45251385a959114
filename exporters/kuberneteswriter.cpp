// Kubernetes writer: one multi-document YAML stream, or (--kustomize) a
// folder with one file per namespace and a kustomization.yaml.
//
// web/app/worker -> Deployment + Service; database, cache, queue ->
// StatefulSet + headless Service + a volume claim template sized by their
// storage; a load balancer -> a Service of its backends (type LoadBalancer
// where the internet reaches it); the internet reaching an HTTP workload
// directly -> an Ingress (networking.k8s.io/v1), any other protocol -> its
// Service as type LoadBalancer. Zones -> namespaces (or a label). Links ->
// NetworkPolicies: every namespace denies all by default, and each workload
// admits exactly the flows drawn into it and sends exactly the flows drawn
// out of it (the link's port and protocol), firewalls, routers and switches
// passing the flows through. Secrets -> secretKeyRef to Secrets the user
// creates, never values. What cannot be carried is a warning that names the
// node and the field. Objects kept from an import (kubernetes.h) are written
// back as they were, with the model's edits.
#include "compose.h"
#include "format.h"
#include "allformats.h"
#include "kubernetes.h"
#include "sidecar.h"

#include "catalog.h"
#include "quantity.h"
#include "requirements.h"
#include "yamlemit.h"
#include "yamlstream.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

// gcc 12 takes the moves of a Value (a std::variant) into the vectors and
// maps of the objects built here for maybe-uninitialised reads of its
// scalar alternatives: a false positive (GCC bug 80635 and its kin).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace sky {

namespace {

using namespace kubernetes;

const std::string kKeptKey(kKept);

enum class Role { Deployment, StatefulSet, Balancer, PassThrough, External, None };

Role roleOf(const Node &n, const Catalog &c)
{
    if (n.type == "web_server" || n.type == "app_server" || n.type == "worker")
        return Role::Deployment;
    if (n.type == "database" || n.type == "cache" || n.type == "message_queue")
        return Role::StatefulSet;
    if (n.type == "load_balancer")
        return Role::Balancer;
    if (n.type == "firewall" || n.type == "router" || n.type == "switch")
        return Role::PassThrough;
    const ComponentType *t = c.type(n.type);
    if (t && t->entry && std::none_of(t->terminals.begin(), t->terminals.end(), [](const TerminalType &term) {
            return term.direction == Direction::In;
        }))
        return Role::External;
    // A type of a team's catalog that runs as a container of its own, like
    // the app server imports make of an unknown image.
    if (!t && n.properties.count("image"))
        return Role::Deployment;
    return Role::None;
}

using compose::field;
using compose::isEnvName;
using compose::stringField;

ValueMap labelSelector(const std::string &key, const std::string &value)
{
    return ValueMap{{"matchLabels", Value(ValueMap{{key, Value(value)}})}};
}

struct Port
{
    int port = 0; // 0: every port
    std::string protocol; // TCP, UDP
    friend auto operator<=>(const Port &, const Port &) = default;
};

// One allowed flow into a workload: from another workload, or from outside.
enum class Origin { Workload, Internet, IngressController };
struct Flow
{
    Origin origin = Origin::Workload;
    std::string from; // node id, for Origin::Workload
    std::string to;   // node id of the workload
    Port port;
    friend auto operator<=>(const Flow &, const Flow &) = default;
};

class KubernetesWriter
{
public:
    KubernetesWriter(const Topology &t, const Catalog &c, const WriteOptions &o, std::vector<Diagnostic> &w)
        : m_topo(t), m_catalog(c), m_options(o), m_warnings(w)
    {}

    // Objects by namespace ("" for cluster-scoped ones and kept ones).
    std::map<std::string, std::string> write()
    {
        m_labels = m_options.zones == "labels";
        m_imported = field(m_topo.extra, kKeptKey) != nullptr;
        for (const Link &l : m_topo.links)
            m_linksTo[l.to.node].push_back(&l);
        for (const auto &[id, n] : m_topo.nodes) {
            m_roles[id] = roleOf(n, m_catalog);
            nameNode(n);
        }
        for (const auto &[id, n] : m_topo.nodes)
            if (m_roles[id] == Role::Deployment || m_roles[id] == Role::StatefulSet)
                collectFlows(n);
        for (const auto &[id, n] : m_topo.nodes)
            if (m_roles[id] == Role::Balancer)
                balancerFlows(n);

        for (const auto &[lb, backends] : m_backends)
            for (const auto &b : backends)
                m_balancersOf[b.first].insert(lb);
        for (const auto &[id, n] : m_topo.nodes)
            node(n);
        namespaces();
        policies();
        keptTopology();
        return std::move(m_out);
    }

private:
    // ---- names ------------------------------------------------------------

    std::string namespaceOf(const Node &n) const
    {
        if (m_labels || n.zone.empty())
            return m_labels && !m_topo.name.empty() ? dnsLabel(m_topo.name, "default") : std::string("default");
        return dnsLabel(n.zone, "default");
    }

    void nameNode(const Node &n)
    {
        const std::string ns = namespaceOf(n);
        std::string name = dnsLabel(n.id, "node");
        // A name two ids share ("web_1", "web-1") gets a number.
        std::set<std::string> &taken = m_taken[ns];
        if (taken.count(name)) {
            const std::string base = name.substr(0, 56);
            for (int i = 2; taken.count(name); ++i)
                name = base + '-' + std::to_string(i);
        }
        taken.insert(name);
        m_names[n.id] = name;
        m_ns[n.id] = ns;
    }

    // ---- flows ------------------------------------------------------------

    Port portOf(const Link &l, const Node &target)
    {
        Port p;
        std::string proto = l.protocol;
        p.protocol = proto == "udp" || proto == "dns" ? "UDP" : "TCP";
        if (l.port)
            p.port = *l.port;
        else if (const Value *v = field(target.properties, "port"); v && v->isInt())
            p.port = int(v->toInt());
        else if (const ComponentType *t = m_catalog.type(target.type))
            if (const PropertySchema *s = t->property("port"); s && s->defaultValue && s->defaultValue->isInt())
                p.port = int(s->defaultValue->toInt());
        if (p.port < 1 || p.port > 65535) {
            p.port = 0;
            warn(target.id, "link " + l.key() + " has no port: its NetworkPolicy admits every "
                                + p.protocol + " port from that source");
        }
        return p;
    }

    // The origins of requests reaching `id` through its in-links, firewalls,
    // routers and switches passed through.
    void origins(const std::string &id, std::set<std::string> &seen, std::vector<std::string> &out)
    {
        const auto it = m_linksTo.find(id);
        if (it == m_linksTo.end())
            return;
        for (const Link *l : it->second) {
            const std::string &from = l->from.node;
            if (!m_topo.node(from) || !seen.insert(from).second)
                continue;
            if (m_roles[from] == Role::PassThrough)
                origins(from, seen, out);
            else
                out.push_back(from);
        }
    }

    void addFlowsFrom(const std::string &source, const Node &target, const Port &port, const std::string &protocol)
    {
        switch (m_roles[source]) {
        case Role::Deployment:
        case Role::StatefulSet: m_flows.insert({Origin::Workload, source, target.id, port}); break;
        case Role::External:
            if (m_roles[target.id] == Role::Balancer) {
                m_public.insert(target.id);
            } else if (protocol == "http" || protocol == "https") {
                m_ingress[target.id].insert(port.port);
                m_flows.insert({Origin::IngressController, {}, target.id, port});
            } else {
                m_public.insert(target.id);
                m_flows.insert({Origin::Internet, {}, target.id, port});
            }
            break;
        case Role::Balancer: break; // balancerFlows
        default: break;               // warned about where the node is written
        }
    }

    void collectFlows(const Node &n)
    {
        const auto it = m_linksTo.find(n.id);
        if (it == m_linksTo.end())
            return;
        for (const Link *l : it->second) {
            const Port port = portOf(*l, n);
            m_ports[n.id].insert(port);
            if (port.port && l->protocol == "dns")
                m_ports[n.id].insert({port.port, "TCP"});
            const std::string &from = l->from.node;
            if (!m_topo.node(from))
                continue;
            if (m_roles[from] == Role::Balancer) {
                m_backends[from].push_back({n.id, port});
                continue;
            }
            std::vector<std::string> sources;
            std::set<std::string> seen{n.id};
            if (m_roles[from] == Role::PassThrough)
                seen.insert(from), origins(from, seen, sources);
            else
                sources.push_back(from);
            for (const std::string &s : sources) {
                if (m_roles[s] == Role::Balancer) {
                    m_backends[s].push_back({n.id, port});
                    continue;
                }
                addFlowsFrom(s, n, port, l->protocol);
                if (port.port && l->protocol == "dns")
                    addFlowsFrom(s, n, {port.port, "TCP"}, l->protocol);
            }
        }
    }

    // A balancer's sources reach each of its backends on the backend's port.
    void balancerFlows(const Node &lb)
    {
        std::vector<std::string> sources;
        std::set<std::string> seen{lb.id};
        origins(lb.id, seen, sources);
        for (const std::string &s : sources)
            if (m_roles[s] == Role::External)
                m_public.insert(lb.id);
        for (const auto &[backend, port] : m_backends[lb.id]) {
            const Node &b = *m_topo.node(backend);
            for (const std::string &s : sources) {
                if (m_roles[s] == Role::External)
                    m_flows.insert({Origin::Internet, {}, b.id, port});
                else if (m_roles[s] == Role::Deployment || m_roles[s] == Role::StatefulSet)
                    m_flows.insert({Origin::Workload, s, b.id, port});
            }
        }
    }

    // ---- objects ----------------------------------------------------------

    void emit(const std::string &ns, const ValueMap &object)
    {
        std::string &out = m_out[ns];
        out += "---\n";
        appendBlock(out, 0, object);
    }

    static ValueMap object(const char *apiVersion, const char *kind, ValueMap metadata)
    {
        return ValueMap{{"apiVersion", Value(apiVersion)}, {"kind", Value(kind)}, {"metadata", Value(std::move(metadata))}};
    }

    ValueMap metadata(const Node &n, bool annotate) const
    {
        ValueMap labels{{std::string(kNodeLabel), Value(m_names.at(n.id))},
                        {"app.kubernetes.io/name", Value(m_names.at(n.id))},
                        {"app.kubernetes.io/managed-by", Value("skyplan")}};
        if (m_labels && !n.zone.empty())
            labels[std::string(kZoneLabel)] = dnsLabel(n.zone);
        ValueMap m{{"name", Value(m_names.at(n.id))}, {"namespace", Value(m_ns.at(n.id))}, {"labels", Value(std::move(labels))}};
        if (annotate) {
            ValueMap a{{std::string(kNodeAnnotation), Value(n.id)}, {std::string(kTypeAnnotation), Value(n.type)}};
            if (!n.label.empty())
                a["skyplan.io/label"] = n.label;
            m["annotations"] = std::move(a);
        }
        return m;
    }

    void node(const Node &n)
    {
        const Role role = m_roles[n.id];
        if (const Value *kept = field(n.extra, kKeptKey)) {
            keptNode(n, *kept);
            return;
        }
        switch (role) {
        case Role::Deployment:
        case Role::StatefulSet: workload(n, role); break;
        case Role::Balancer: balancer(n); break;
        case Role::PassThrough: {
            std::string fields;
            for (const auto &[k, v] : n.properties)
                fields += (fields.empty() ? "" : ", ") + k;
            warn(n.id, "a " + n.type + " has no Kubernetes object: the flows through it become NetworkPolicies"
                           + (fields.empty() ? std::string() : "; properties not carried: " + fields));
            break;
        }
        case Role::External: break;
        case Role::None: warn(n.id, "type '" + n.type + "' has no Kubernetes mapping: not exported"); break;
        }
        if (!n.host.empty())
            warn(n.id, "host '" + n.host + "' is not carried (Kubernetes schedules pods itself)");
    }

    std::vector<std::string> regionsOf(const Node &n)
    {
        if (!n.placement.region.empty())
            return {n.placement.region};
        if (!n.region.empty())
            return {n.region};
        std::string z = n.zone;
        for (int depth = 0; !z.empty() && depth < 64; ++depth) {
            const Zone *zone = m_topo.zone(z);
            if (!zone)
                break;
            if (!zone->placement.region.empty())
                return {zone->placement.region};
            z = zone->parent;
        }
        // Residency: the regions every data-residency policy on it allows.
        std::vector<std::string> out;
        const ComponentType *t = m_catalog.type(n.type);
        const std::string tier(t ? tierName(t->tier) : std::string_view());
        for (const auto &[id, p] : m_topo.policies) {
            if (p.kind != "data-residency")
                continue;
            std::vector<std::string> problems;
            const auto parsed = parsePlacementPolicy(p, problems);
            if (!parsed || !parsed->appliesTo(m_topo, n, tier))
                continue;
            if (out.empty())
                out = parsed->values;
            else
                out.erase(std::remove_if(out.begin(), out.end(),
                                         [&](const std::string &r) {
                                             return std::find(parsed->values.begin(), parsed->values.end(), r)
                                                 == parsed->values.end();
                                         }),
                          out.end());
        }
        return out;
    }

    static Value envValue(const Value &v)
    {
        if (auto secret = v.secretRef())
            return Value(ValueMap{{"secretKeyRef", Value(ValueMap{{"name", Value(dnsLabel(*secret, "secret"))},
                                                                   {"key", Value("value")}})}});
        std::string text;
        if (v.isString())
            text = v.toString();
        else if (v.isScalar())
            text = v.display();
        else
            text = toJson(v);
        return Value(text);
    }

    void workload(const Node &n, Role role)
    {
        const std::string &name = m_names.at(n.id);
        const std::string &ns = m_ns.at(n.id);
        const bool stateful = role == Role::StatefulSet;
        const std::string engine = stringField(n.properties, "engine");
        const Value *imageProp = field(n.properties, "image");
        const bool ownImage = imageProp && imageProp->isString() && !imageProp->toString().empty();
        const compose::ImageProfile *profile = ownImage ? nullptr : compose::imageProfile(n.type, engine);
        const std::string image = ownImage ? imageProp->toString()
                                           : compose::defaultImage(n.type, engine, stringField(n.properties, "version"));

        // Environment: the official image's variables for a data service,
        // else one variable a property; secrets by reference.
        ValueMap masked;
        const ValueMap &properties = exportableProperties(n, m_catalog, masked);
        ValueList env;
        std::set<std::string> consumed{"image", "port", "health_check"};
        const auto addEnv = [&](const std::string &var, const std::string &property) {
            const Value *v = field(properties, property);
            if (!v || v->isNull())
                return;
            consumed.insert(property);
            Value e = envValue(*v);
            if (e.isMap())
                env.push_back(ValueMap{{"name", Value(var)}, {"valueFrom", e}});
            else
                env.push_back(ValueMap{{"name", Value(var)}, {"value", e}});
        };
        if (profile) {
            consumed.insert({"engine", "version", "storage"});
            if (!profile->dbVar.empty())
                addEnv(std::string(profile->dbVar), "db_name");
            if (!profile->userVar.empty())
                addEnv(std::string(profile->userVar), "user");
            if (!profile->passwordFileVar.empty()) {
                std::string var(profile->passwordFileVar);
                if (var.size() > 5 && var.compare(var.size() - 5, 5, "_FILE") == 0)
                    var.resize(var.size() - 5);
                addEnv(var, "password");
            }
            if (!profile->extraVar.empty())
                env.push_back(ValueMap{{"name", Value(std::string(profile->extraVar))},
                                       {"value", Value(std::string(profile->extraValue))}});
            for (const auto &[k, v] : properties)
                if (!consumed.count(k) && !v.isNull())
                    warn(n.id, "property '" + k + "' has no variable in the " + image + " image: not carried");
        } else {
            if (!ownImage)
                consumed.insert({"engine", "version"});
            for (const auto &[k, v] : properties) {
                if (consumed.count(k) || v.isNull())
                    continue;
                if (!isEnvName(k)) {
                    warn(n.id, "property '" + k + "' is no environment variable name: not carried");
                    continue;
                }
                addEnv(k, k);
            }
        }

        // Ports: those the flows into it use, and its own.
        std::set<Port> ports = m_ports[n.id];
        if (const Value *p = field(n.properties, "port"); p && p->isInt() && p->toInt() >= 1 && p->toInt() <= 65535)
            ports.insert({int(p->toInt()), "TCP"});
        ports.erase(Port{0, "TCP"});
        ports.erase(Port{0, "UDP"});
        ValueList containerPorts, servicePorts;
        for (const Port &p : ports) {
            const std::string portName = (p.protocol == "UDP" ? "udp-" : "tcp-") + std::to_string(p.port);
            containerPorts.push_back(ValueMap{{"containerPort", Value(p.port)}, {"protocol", Value(p.protocol)},
                                              {"name", Value(portName)}});
            servicePorts.push_back(servicePort(p.port, p));
        }

        ValueMap container{{"name", Value(name)}, {"image", Value(image)}};
        if (!env.empty())
            container["env"] = std::move(env);
        if (!containerPorts.empty())
            container["ports"] = containerPorts;

        // Resources: requests and limits alike.
        ValueMap amounts;
        if (n.resources.cpu && *n.resources.cpu > 0)
            amounts["cpu"] = cpuQuantity(*n.resources.cpu);
        if (n.resources.memory && *n.resources.memory > 0)
            amounts["memory"] = byteQuantity(*n.resources.memory);
        if (!amounts.empty())
            container["resources"] = ValueMap{{"requests", Value(amounts)}, {"limits", Value(amounts)}};
        if (n.resources.bandwidth)
            warn(n.id, "resources.bandwidth is not carried (Kubernetes has no bandwidth request)");
        for (const auto &[k, v] : n.resources.extra)
            warn(n.id, "resources." + k + " is not carried");

        // Probes: the catalog's HTTP health check, or the image's own.
        const std::string health = stringField(n.properties, "health_check");
        if (!health.empty() && !ports.empty() && ports.begin()->protocol == "TCP") {
            const Value probe(ValueMap{{"httpGet", Value(ValueMap{{"path", Value(health)}, {"port", Value(ports.begin()->port)}})},
                                       {"periodSeconds", Value(10)}});
            container["readinessProbe"] = probe;
            container["livenessProbe"] = probe;
        } else if (!health.empty()) {
            warn(n.id, "property 'health_check' needs a TCP port to probe: not carried");
        } else if (profile && !profile->health.empty()) {
            ValueList command;
            if (profile->health.front() == "CMD-SHELL") {
                command = {Value("sh"), Value("-c")};
                for (std::size_t i = 1; i < profile->health.size(); ++i)
                    command.push_back(compose::unescapeDollars(profile->health[i]));
            } else {
                for (std::size_t i = 1; i < profile->health.size(); ++i)
                    command.push_back(std::string(profile->health[i]));
            }
            const Value probe(ValueMap{{"exec", Value(ValueMap{{"command", Value(std::move(command))}})},
                                       {"periodSeconds", Value(10)}, {"timeoutSeconds", Value(5)},
                                       {"failureThreshold", Value(5)}});
            container["readinessProbe"] = probe;
            container["livenessProbe"] = probe;
        }

        ValueMap podSpec;
        const std::vector<std::string> regions = regionsOf(n);
        if (!regions.empty()) {
            ValueList values;
            for (const std::string &r : regions)
                values.push_back(r);
            const Value expression(ValueMap{{"key", Value(std::string(kRegionKey))}, {"operator", Value("In")},
                                            {"values", Value(std::move(values))}});
            podSpec["affinity"] = ValueMap{
                {"nodeAffinity",
                 Value(ValueMap{{"requiredDuringSchedulingIgnoredDuringExecution",
                                 Value(ValueMap{{"nodeSelectorTerms",
                                                 Value(ValueList{Value(ValueMap{{"matchExpressions",
                                                                                 Value(ValueList{expression})}})})}})}})}};
        }

        ValueMap podLabels = metadata(n, false).at("labels").toMap();
        if (const auto lbs = m_balancersOf.find(n.id); lbs != m_balancersOf.end())
            for (const std::string &lb : lbs->second)
                podLabels[balancerLabel(lb)] = "backend";

        ValueMap spec{{"replicas", Value(n.replicas)},
                      {"selector", Value(labelSelector(std::string(kNodeLabel), name))}};
        if (stateful) {
            const std::string dataDir = profile ? std::string(profile->dataDir) : std::string("/data");
            container["volumeMounts"] = ValueList{Value(ValueMap{{"name", Value("data")}, {"mountPath", Value(dataDir)}})};
            std::uint64_t bytes = 1ull << 30;
            if (const Value *s = field(n.properties, "storage"); s && s->isString()) {
                if (auto b = parseSize(s->toString()))
                    bytes = *b;
            } else if (const ComponentType *t = m_catalog.type(n.type)) {
                if (const PropertySchema *ps = t->property("storage"); ps && ps->defaultValue && ps->defaultValue->isString())
                    if (auto b = parseSize(ps->defaultValue->toString()))
                        bytes = *b;
            }
            spec["serviceName"] = name;
            spec["volumeClaimTemplates"] = ValueList{Value(ValueMap{
                {"metadata", Value(ValueMap{{"name", Value("data")}})},
                {"spec", Value(ValueMap{{"accessModes", Value(ValueList{Value("ReadWriteOnce")})},
                                        {"resources", Value(ValueMap{{"requests", Value(ValueMap{{"storage", Value(byteQuantity(bytes))}})}})}})}})};
        }
        podSpec["containers"] = ValueList{Value(std::move(container))};
        spec["template"] = ValueMap{{"metadata", Value(ValueMap{{"labels", Value(std::move(podLabels))}})},
                                    {"spec", Value(std::move(podSpec))}};

        ValueMap w = object("apps/v1", stateful ? "StatefulSet" : "Deployment", metadata(n, true));
        w["spec"] = std::move(spec);
        emit(ns, w);

        // Its Service: headless for a StatefulSet, LoadBalancer where the
        // internet reaches it directly over a protocol other than HTTP.
        if (!servicePorts.empty() || stateful) {
            ValueMap s = object("v1", "Service", metadata(n, false));
            ValueMap sspec{{"selector", Value(ValueMap{{std::string(kNodeLabel), Value(name)}})}};
            if (stateful)
                sspec["clusterIP"] = "None";
            else if (m_public.count(n.id))
                sspec["type"] = "LoadBalancer";
            if (!servicePorts.empty())
                sspec["ports"] = servicePorts;
            s["spec"] = std::move(sspec);
            emit(ns, s);
        }
        if (const auto it = m_ingress.find(n.id); it != m_ingress.end())
            ingress(n, it->second);
    }

    void ingress(const Node &n, const std::set<int> &ports)
    {
        const int port = *ports.begin();
        if (port == 0) {
            warn(n.id, "the internet reaches it with no port: no Ingress written");
            return;
        }
        ValueMap i = object("networking.k8s.io/v1", "Ingress", metadata(n, false));
        const Value backend(ValueMap{{"service", Value(ValueMap{{"name", Value(m_names.at(n.id))},
                                                                {"port", Value(ValueMap{{"number", Value(port)}})}})}});
        i["spec"] = ValueMap{
            {"ingressClassName", Value("nginx")},
            {"rules", Value(ValueList{Value(ValueMap{
                          {"http", Value(ValueMap{{"paths", Value(ValueList{Value(ValueMap{
                                                                {"path", Value("/")},
                                                                {"pathType", Value("Prefix")},
                                                                {"backend", backend}})})}})}})})}};
        emit(m_ns.at(n.id), i);
        if (ports.size() > 1)
            warn(n.id, "the internet reaches it on several ports: the Ingress routes port " + std::to_string(port));
    }

    void balancer(const Node &lb)
    {
        const auto it = m_backends.find(lb.id);
        if (it == m_backends.end() || it->second.empty()) {
            warn(lb.id, "a load balancer without backends: no Service written");
            return;
        }
        // A Service selects pods of its own namespace only: one Service named
        // after the balancer in each namespace its backends are in.
        std::map<std::string, std::set<Port>> byNamespace;
        for (const auto &[backend, port] : it->second)
            if (port.port)
                byNamespace[m_ns.at(backend)].insert(port);
        int front = 0;
        if (const Value *p = field(lb.properties, "port"); p && p->isInt() && p->toInt() >= 1 && p->toInt() <= 65535)
            front = int(p->toInt());
        if (byNamespace.empty())
            warn(lb.id, "its backends have no port: no Service written");
        if (byNamespace.size() > 1)
            warn(lb.id, "backends in " + std::to_string(byNamespace.size())
                            + " namespaces: one Service in each (one address each)");
        for (const auto &[ns, ports] : byNamespace) {
            ValueList servicePorts;
            for (const Port &p : ports) {
                const int exposed = ports.size() == 1 && front ? front : p.port;
                servicePorts.push_back(servicePort(exposed, p));
            }
            ValueMap meta = metadata(lb, true);
            meta["namespace"] = ns;
            ValueMap s = object("v1", "Service", std::move(meta));
            ValueMap spec{{"selector", Value(ValueMap{{balancerLabel(lb.id), Value("backend")}})},
                          {"ports", Value(std::move(servicePorts))}};
            if (m_public.count(lb.id))
                spec["type"] = "LoadBalancer";
            s["spec"] = std::move(spec);
            emit(ns, s);
        }
        for (const char *p : {"algorithm", "tls_certificate", "health_check"})
            if (field(lb.properties, p))
                warn(lb.id, std::string("property '") + p + "' is not carried by a Service");
    }

    void keptNode(const Node &n, const Value &kept)
    {
        const Value *objects = member(kept, "objects");
        if (!objects || !objects->isList())
            return;
        const std::string image = stringField(n.properties, "image");
        for (const Value &o : objects->toList()) {
            if (!o.isMap())
                continue;
            ValueMap obj = o.toMap();
            const std::string kind = stringField(obj, "kind");
            ValueMap *meta = obj.count("metadata") && obj["metadata"].isMap() ? &obj["metadata"].map() : nullptr;
            // The zone edited in Skyplan moves the node's objects along.
            if (meta && !m_labels && meta->count("namespace") && !n.zone.empty()
                && stringField(*meta, "namespace") != n.zone)
                (*meta)["namespace"] = n.zone;
            if (kind == "Deployment" || kind == "StatefulSet") {
                Value &spec = obj["spec"];
                if (spec.isMap()) {
                    auto &s = spec.map();
                    const Value *r = field(s, "replicas");
                    if ((r && r->isInt() && r->toInt() != n.replicas) || (!r && n.replicas != 1))
                        s["replicas"] = n.replicas;
                    setImage(s, image);
                }
            } else if (kind == "DaemonSet" && obj["spec"].isMap()) {
                setImage(obj["spec"].map(), image);
            }
            emit("", obj);
        }
    }

    static void setImage(ValueMap &spec, const std::string &image)
    {
        if (image.empty())
            return;
        Value *t = const_cast<Value *>(field(spec, "template"));
        Value *ps = t && t->isMap() ? const_cast<Value *>(field(t->toMap(), "spec")) : nullptr;
        Value *cs = ps && ps->isMap() ? const_cast<Value *>(field(ps->toMap(), "containers")) : nullptr;
        if (!cs || !cs->isList() || cs->toList().empty() || !cs->list().front().isMap())
            return;
        cs->list().front().map()["image"] = image;
    }

    // A Namespace for each namespace written into, but "default"; the
    // Namespaces an import kept, as they were.
    void namespaces()
    {
        std::set<std::string> names;
        for (const auto &[ns, _] : m_out)
            if (!ns.empty() && ns != "default")
                names.insert(ns);
        // Ahead of everything else, kept objects included: `kubectl apply -f`
        // creates in file order, and a namespace must exist before its objects.
        std::string head;
        for (const auto &[id, z] : m_topo.zones)
            if (const Value *kept = field(z.extra, kKeptKey); kept && kept->isMap()) {
                names.erase(dnsLabel(id));
                head += "---\n";
                appendBlock(head, 0, kept->toMap());
            }
        for (const std::string &ns : names) {
            ValueMap meta{{"name", Value(ns)}, {"labels", Value(ValueMap{{"app.kubernetes.io/managed-by", Value("skyplan")}})}};
            head += "---\n";
            appendBlock(head, 0, object("v1", "Namespace", std::move(meta)));
        }
        if (!head.empty())
            m_out[""].insert(0, head);
    }

    static Value peer(const std::string &ns, const std::string &name, bool labels)
    {
        ValueMap p{{"podSelector", Value(labelSelector(std::string(kNodeLabel), name))}};
        if (!labels)
            p["namespaceSelector"] = labelSelector("kubernetes.io/metadata.name", ns);
        return Value(std::move(p));
    }

    // The pod label a balancer's Service selects its backends by; the name
    // part of a label key has at most 63 characters.
    std::string balancerLabel(const std::string &lb) const
    {
        std::string name = "lb-" + m_names.at(lb);
        if (name.size() > 63)
            name.resize(63);
        while (name.back() == '-')
            name.pop_back();
        return "skyplan.io/" + name;
    }

    // A Service port `exposed` that reaches the pods on `target`.
    static Value servicePort(int exposed, const Port &target)
    {
        ValueMap m;
        m["name"] = (target.protocol == "UDP" ? "udp-" : "tcp-") + std::to_string(exposed);
        m["port"] = exposed;
        m["targetPort"] = target.port;
        m["protocol"] = target.protocol;
        return Value(std::move(m));
    }

    static Value portsValue(const std::set<Port> &ports)
    {
        ValueList l;
        for (const Port &p : ports) {
            ValueMap m;
            m["protocol"] = p.protocol;
            if (p.port)
                m["port"] = p.port;
            l.push_back(std::move(m));
        }
        return Value(std::move(l));
    }

    void policies()
    {
        // Per workload: who may send to it, and where it may send, on which ports.
        std::map<std::string, std::map<std::string, std::set<Port>>> in, out; // node -> peer key -> ports
        std::map<std::string, Value> peers;
        for (const Flow &f : m_flows) {
            std::string key;
            if (f.origin == Origin::Workload) {
                key = "w:" + f.from;
                if (!peers.count(key))
                    peers.emplace(key, peer(m_ns.at(f.from), m_names.at(f.from), m_labels));
                std::string back = "w:" + f.to;
                if (!peers.count(back))
                    peers.emplace(back, peer(m_ns.at(f.to), m_names.at(f.to), m_labels));
                out[f.from][std::move(back)].insert(f.port);
            } else if (f.origin == Origin::Internet) {
                key = "internet";
                if (!peers.count(key))
                    peers.emplace(key, Value(ValueMap{{"ipBlock", Value(ValueMap{{"cidr", Value("0.0.0.0/0")}})}}));
            } else {
                key = "ingress";
                if (!peers.count(key))
                    peers.emplace(key, Value(ValueMap{{"namespaceSelector",
                                                       Value(labelSelector("kubernetes.io/metadata.name", "ingress-nginx"))}}));
            }
            in[f.to][key].insert(f.port);
        }
        std::set<std::string> workloads;
        for (const auto &[id, _] : in)
            workloads.insert(id);
        for (const auto &[id, _] : out)
            workloads.insert(id);
        for (const std::string &id : workloads) {
            const Node &n = *m_topo.node(id);
            if (field(n.extra, kKeptKey) && !hasDrawnFlow(id))
                continue;
            ValueMap meta{{"name", Value(m_names.at(id) + "-flows")}, {"namespace", Value(m_ns.at(id))},
                          {"labels", Value(ValueMap{{"app.kubernetes.io/managed-by", Value("skyplan")}})}};
            ValueMap np = object("networking.k8s.io/v1", "NetworkPolicy", std::move(meta));
            ValueList types;
            ValueMap spec{{"podSelector", Value(labelSelector(std::string(kNodeLabel), m_names.at(id)))}};
            if (const auto it = in.find(id); it != in.end()) {
                ValueList rules;
                for (const auto &[key, ports] : it->second)
                    rules.push_back(ValueMap{{"from", Value(ValueList{peers[key]})}, {"ports", portsValue(ports)}});
                spec["ingress"] = std::move(rules);
                types.push_back("Ingress");
            }
            if (const auto it = out.find(id); it != out.end()) {
                ValueList rules;
                for (const auto &[key, ports] : it->second)
                    rules.push_back(ValueMap{{"to", Value(ValueList{peers[key]})}, {"ports", portsValue(ports)}});
                spec["egress"] = std::move(rules);
                types.push_back("Egress");
            }
            spec["policyTypes"] = std::move(types);
            np["spec"] = std::move(spec);
            emit(m_ns.at(id), np);
        }
        if (m_imported)
            return; // an imported cluster keeps its own policies
        // Every namespace with workloads denies everything not drawn, and lets
        // its pods ask the cluster DNS for the Services they call.
        std::set<std::string> used;
        for (const auto &[id, role] : m_roles)
            if (role == Role::Deployment || role == Role::StatefulSet)
                used.insert(m_ns.at(id));
        for (const std::string &ns : used) {
            ValueMap deny = object("networking.k8s.io/v1", "NetworkPolicy",
                                   ValueMap{{"name", Value("skyplan-default-deny")}, {"namespace", Value(ns)}});
            deny["spec"] = ValueMap{{"podSelector", Value(ValueMap{})},
                                    {"policyTypes", Value(ValueList{Value("Ingress"), Value("Egress")})}};
            emit(ns, deny);
            ValueMap dns = object("networking.k8s.io/v1", "NetworkPolicy",
                                  ValueMap{{"name", Value("skyplan-allow-dns")}, {"namespace", Value(ns)}});
            const Value to(ValueMap{{"namespaceSelector", Value(labelSelector("kubernetes.io/metadata.name", "kube-system"))},
                                    {"podSelector", Value(labelSelector("k8s-app", "kube-dns"))}});
            dns["spec"] = ValueMap{
                {"podSelector", Value(ValueMap{})},
                {"policyTypes", Value(ValueList{Value("Egress")})},
                {"egress", Value(ValueList{Value(ValueMap{
                               {"to", Value(ValueList{to})},
                               {"ports", portsValue({{53, "UDP"}, {53, "TCP"}})}})})}};
            emit(ns, dns);
        }
    }

    // Whether a flow into or out of `id` comes from a link drawn in Skyplan
    // (not one an imported NetworkPolicy already allows).
    bool hasDrawnFlow(const std::string &id)
    {
        if (!m_drawnIndexed) {
            for (const Link &l : m_topo.links)
                if (!field(l.extra, kKeptKey))
                    m_drawn.insert(l.from.node), m_drawn.insert(l.to.node);
            m_drawnIndexed = true;
        }
        return m_drawn.count(id) > 0;
    }

    void keptTopology()
    {
        const Value *kept = field(m_topo.extra, kKeptKey);
        const Value *objects = kept ? member(*kept, "objects") : nullptr;
        if (!objects || !objects->isList())
            return;
        for (const Value &o : objects->toList())
            if (o.isMap())
                emit("", o.toMap());
    }

    void warn(const std::string &node, const std::string &message)
    {
        m_warnings.push_back(exportWarning(node, message));
    }

    const Topology &m_topo;
    const Catalog &m_catalog;
    const WriteOptions &m_options;
    std::vector<Diagnostic> &m_warnings;
    bool m_labels = false;
    bool m_imported = false;
    // Hashed: looked up several times per node and per flow.
    std::unordered_map<std::string, Role> m_roles;
    std::unordered_map<std::string, std::string> m_names, m_ns;
    std::map<std::string, std::set<std::string>> m_taken;
    std::map<std::string, std::vector<const Link *>> m_linksTo;
    std::set<Flow> m_flows;
    std::map<std::string, std::set<Port>> m_ports;
    std::map<std::string, std::vector<std::pair<std::string, Port>>> m_backends; // lb -> (backend, port)
    std::set<std::string> m_drawn; // ends of links drawn in Skyplan (not kept from an import)
    bool m_drawnIndexed = false;
    std::map<std::string, std::set<std::string>> m_balancersOf; // backend -> its balancers
    std::set<std::string> m_public;                  // reached from the internet: type LoadBalancer
    std::map<std::string, std::set<int>> m_ingress;  // reached from the internet over HTTP
    std::map<std::string, std::string> m_out;
};

bool checkOptions(const WriteOptions &o, std::string &error)
{
    if (!o.version.empty()) {
        error = "the Kubernetes export has no versions ('" + o.version + "')";
        return false;
    }
    if (!o.zones.empty() && o.zones != "namespaces" && o.zones != "labels") {
        error = "unknown --k8s-zones '" + o.zones + "' (namespaces, labels)";
        return false;
    }
    return true;
}

class KubernetesFormat : public Format
{
public:
    std::string name() const override { return "kubernetes"; }
    std::string description() const override { return "Kubernetes manifests (multi-document YAML; a kustomize folder on request)"; }
    std::string extension() const override { return ".k8s.yaml"; }
    std::vector<std::string> readPatterns() const override { return {"*.k8s.yaml", "*.yaml", "*.yml"}; }
    bool canRead() const override { return true; }
    bool canWrite() const override { return true; }
    bool write(const Topology &t, const Catalog &c, std::string &out, std::string &error) const override
    {
        std::vector<Diagnostic> warnings;
        return writeWith(t, c, {}, out, error, warnings);
    }
    bool writeWith(const Topology &t, const Catalog &c, const WriteOptions &options, std::string &out,
                   std::string &error, std::vector<Diagnostic> &warnings) const override
    {
        if (!checkOptions(options, error))
            return false;
        auto parts = KubernetesWriter(t, c, options, warnings).write();
        out.clear();
        // Cluster-scoped and kept objects first: namespaces exist before what goes in them.
        if (auto it = parts.find(""); it != parts.end())
            out += it->second;
        for (const auto &[ns, text] : parts)
            if (!ns.empty())
                out += text;
        return true;
    }
    bool writesDirectory(const WriteOptions &options) const override { return options.directory; }
    bool writeFiles(const Topology &t, const Catalog &c, const WriteOptions &options, std::vector<OutputFile> &files,
                    std::string &error, std::vector<Diagnostic> &warnings) const override
    {
        if (!checkOptions(options, error))
            return false;
        auto parts = KubernetesWriter(t, c, options, warnings).write();
        std::string kustomization = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n";
        files.clear();
        for (auto &[ns, text] : parts) {
            if (text.empty())
                continue;
            // Namespace names are DNS labels: safe as file names.
            const std::string file = ns.empty() ? std::string("cluster.yaml") : "namespace-" + ns + ".yaml";
            kustomization += "  - " + file + "\n";
            files.push_back({file, std::move(text)});
        }
        files.push_back({"kustomization.yaml", std::move(kustomization)});
        return true;
    }
    bool read(std::string_view text, const std::string &file, const Catalog &c, Topology &out,
              std::vector<Diagnostic> &diagnostics) const override;
};

} // namespace

bool readKubernetes(std::string_view text, const std::string &file, const Catalog &c, Topology &out,
                    std::vector<Diagnostic> &diagnostics);

bool KubernetesFormat::read(std::string_view text, const std::string &file, const Catalog &c, Topology &out,
                            std::vector<Diagnostic> &diagnostics) const
{
    return readKubernetes(text, file, c, out, diagnostics);
}

std::unique_ptr<Format> makeKubernetesFormat()
{
    return std::make_unique<KubernetesFormat>();
}

} // namespace sky
