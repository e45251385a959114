// Kubernetes manifest reader: multi-document YAML, `kind: List` expanded.
// Deployments, StatefulSets and DaemonSets become nodes (type by image,
// unknown images an app server), their namespaces zones, a required node
// affinity on one region their region; Services of type
// LoadBalancer or NodePort, Ingresses and ipBlock peers become links from the
// internet, NetworkPolicy ingress rules between workloads links. Every object
// is kept whole (kubernetes.h) and written back by the writer; kinds that are
// no built-in Kubernetes kind are kept with a warning. Read as kubectl reads
// (YAML 1.1). A tiered layout is computed.
#include "compose.h"
#include "format.h"
#include "importlayout.h"
#include "kubernetes.h"
#include "sidecar.h"

#include "catalog.h"
#include "yamltree.h"

#include <algorithm>
#include <map>
#include <set>

namespace sky {

namespace {

using namespace kubernetes;

const std::string kKeptKey(kKept);

bool builtinKind(const std::string &kind)
{
    static const std::set<std::string> kinds{
        "Namespace", "Pod", "Service", "ConfigMap", "Secret", "ServiceAccount", "PersistentVolumeClaim",
        "PersistentVolume", "Endpoints", "LimitRange", "ResourceQuota", "ReplicationController", "Deployment",
        "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Ingress", "IngressClass", "NetworkPolicy",
        "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "HorizontalPodAutoscaler", "PodDisruptionBudget",
        "StorageClass", "PriorityClass", "EndpointSlice", "CSIDriver", "RuntimeClass", "PodTemplate",
        "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "CustomResourceDefinition", "Lease"};
    return kinds.count(kind) > 0;
}

const Value *at(const Value &v, std::initializer_list<const char *> path)
{
    const Value *cur = &v;
    for (const char *key : path) {
        if (!cur->isMap())
            return nullptr;
        cur = cur->find(key);
        if (!cur)
            return nullptr;
    }
    return cur;
}

std::string text(const Value &v, std::initializer_list<const char *> path)
{
    const Value *x = at(v, path);
    return x && x->isString() ? x->toString() : std::string();
}

struct Object
{
    Value value;
    std::string kind, name, ns;
    SourceLoc loc;
};

struct Workload
{
    std::string node;
    std::string ns;
    ValueMap podLabels;
};

bool selects(const Value *selector, const ValueMap &labels)
{
    if (!selector || !selector->isMap() || selector->toMap().empty())
        return false;
    for (const auto &[k, v] : selector->toMap())
        if (auto it = labels.find(k); it == labels.end() || !(it->second == v))
            return false;
    return true;
}

class KubernetesReader
{
public:
    KubernetesReader(const std::string &file, const Catalog &c, std::vector<Diagnostic> &d)
        : m_file(file), m_catalog(c), m_diags(d)
    {}

    bool read(std::string_view source, Topology &out)
    {
        if (!split(source))
            return false;
        for (Object &o : m_objects)
            if (o.kind == "Namespace")
                zone(o, out);
        for (Object &o : m_objects)
            if (o.kind == "Deployment" || o.kind == "StatefulSet" || o.kind == "DaemonSet")
                workload(o, out);
        ValueList kept;
        for (Object &o : m_objects) {
            if (o.kind == "Namespace" || o.kind == "Deployment" || o.kind == "StatefulSet" || o.kind == "DaemonSet")
                continue;
            if (o.kind == "Service" && service(o, out))
                continue;
            if (o.kind == "Ingress")
                ingress(o, out);
            else if (o.kind == "NetworkPolicy")
                policy(o, out);
            else if (!builtinKind(o.kind))
                diag(Severity::Warning, o.loc, "kind '" + o.kind + "' (" + text(o.value, {"apiVersion"})
                                                   + ") is no built-in Kubernetes kind: kept by value, not drawn");
            kept.push_back(std::move(o.value));
        }
        for (Value &v : m_extraKept)
            kept.push_back(std::move(v));
        out.extra[kKeptKey] = Value(ValueMap{{"objects", Value(std::move(kept))}});
        layOut(out, m_catalog);
        return !hasErrors(m_diags);
    }

private:
    void diag(Severity s, SourceLoc loc, std::string message)
    {
        Diagnostic d;
        d.severity = s;
        d.rule = s == Severity::Error ? "SP-IMPORT" : "SP-IMPORT-KEPT";
        d.message = std::move(message);
        d.file = m_file;
        d.loc = loc;
        m_diags.push_back(std::move(d));
    }

    // The documents of the stream, each parsed on its own (lines counted
    // from the stream's start), List items expanded.
    bool split(std::string_view text)
    {
        const auto isMarker = [&](std::size_t p, char c) {
            return text.compare(p, 3, std::string(3, c)) == 0
                && (p + 3 == text.size() || text[p + 3] == ' ' || text[p + 3] == '\n' || text[p + 3] == '\r'
                    || text[p + 3] == '\t');
        };
        bool ok = true;
        std::size_t start = 0, pos = 0;
        int line = 1, startLine = 1;
        while (pos < text.size()) { // at the start of a line
            const bool end = isMarker(pos, '.');
            if ((pos != start && isMarker(pos, '-')) || end) {
                ok = document(text.substr(start, pos - start), startLine) && ok;
                start = pos;
                startLine = line;
            }
            while (pos < text.size() && text[pos] != '\n')
                ++pos;
            if (pos < text.size())
                ++pos;
            ++line;
            if (end) { // `...` ends a document; what follows starts the next
                start = pos;
                startLine = line;
            }
        }
        return document(text.substr(start), startLine) && ok;
    }

    bool document(std::string_view chunk, int firstLine)
    {
        // Blank, comment-only or marker-only chunks hold no document.
        bool content = false;
        for (std::size_t i = 0; i < chunk.size() && !content;) {
            std::size_t e = chunk.find('\n', i);
            if (e == std::string_view::npos)
                e = chunk.size();
            std::string_view l = chunk.substr(i, e - i);
            while (!l.empty() && (l.front() == ' ' || l.front() == '\t' || l.front() == '\r'))
                l.remove_prefix(1);
            if (l.rfind("---", 0) == 0 || l.rfind("...", 0) == 0)
                l.remove_prefix(3);
            while (!l.empty() && (l.front() == ' ' || l.front() == '\t' || l.front() == '\r'))
                l.remove_prefix(1);
            content = !l.empty() && l.front() != '#';
            i = e + 1;
        }
        if (!content)
            return true;
        const std::size_t before = m_diags.size();
        auto doc = parseYaml(chunk, m_file, m_diags);
        for (std::size_t i = before; i < m_diags.size(); ++i)
            if (m_diags[i].loc.line > 0)
                m_diags[i].loc.line += firstLine - 1;
        if (!doc || hasErrors(m_diags))
            return false;
        const YamlNode *root = doc->root();
        if (!root || root->isNull())
            return true;
        return object(root, firstLine - 1, "");
    }

    bool object(const YamlNode *node, int lineOffset, const std::string &where)
    {
        SourceLoc loc = node->loc;
        loc.line += lineOffset;
        if (!node->isMap()) {
            diag(Severity::Error, loc, where + "not a Kubernetes object (expected a mapping with apiVersion and kind)");
            return false;
        }
        Value v = compose::yaml11Value(node);
        const std::string kind = text(v, {"kind"}), apiVersion = text(v, {"apiVersion"});
        if (kind.empty() || apiVersion.empty()) {
            diag(Severity::Error, loc, where + "apiVersion and kind are required (strings)");
            return false;
        }
        if (kind == "List" && apiVersion == "v1") {
            const YamlNode *items = node->get("items");
            if (!items || !items->isSequence()) {
                diag(Severity::Error, loc, "a List needs items: a sequence of objects");
                return false;
            }
            bool ok = true;
            for (std::size_t i = 0; i < items->items.size(); ++i)
                ok = object(items->items[i], lineOffset, "List item " + std::to_string(i) + ": ") && ok;
            return ok;
        }
        const std::string name = text(v, {"metadata", "name"});
        if (name.empty()) {
            diag(Severity::Error, loc, where + kind + ": metadata.name is required");
            return false;
        }
        std::string ns = text(v, {"metadata", "namespace"});
        m_objects.push_back({std::move(v), kind, name, std::move(ns), loc});
        return true;
    }

    std::string zoneId(const std::string &ns, Topology &out)
    {
        if (ns.empty())
            return {};
        if (!isValidId(ns))
            return {};
        if (!out.zone(ns)) {
            Zone z;
            z.id = ns;
            out.addZone(std::move(z));
        }
        return ns;
    }

    void zone(Object &o, Topology &out)
    {
        if (!isValidId(o.name)) {
            diag(Severity::Warning, o.loc, "namespace '" + o.name + "' is no Skyplan id: kept, not a zone");
            m_extraKept.push_back(o.value);
            return;
        }
        zoneId(o.name, out);
        if (Zone *z = const_cast<Zone *>(out.zone(o.name)))
            z->extra[kKeptKey] = o.value;
    }

    std::string freeId(std::string id, const std::string &ns, const Topology &out)
    {
        if (!isValidId(id))
            id = dnsLabel(id, "workload");
        if (out.node(id) && !ns.empty())
            id = dnsLabel(ns) + '-' + id;
        const std::string base = id;
        for (int i = 2; out.node(id); ++i)
            id = base + '-' + std::to_string(i);
        return id;
    }

    void workload(Object &o, Topology &out)
    {
        Node n;
        const std::string annotated = text(o.value, {"metadata", "annotations", std::string(kNodeAnnotation).c_str()});
        n.id = isValidId(annotated) && !out.node(annotated) ? annotated : freeId(o.name, o.ns, out);
        const Value *containers = at(o.value, {"spec", "template", "spec", "containers"});
        const Value *first = containers && containers->isList() && !containers->toList().empty()
                                 ? &containers->toList().front()
                                 : nullptr;
        const std::string image = first ? text(*first, {"image"}) : std::string();
        const std::string annotatedType = text(o.value, {"metadata", "annotations", std::string(kTypeAnnotation).c_str()});
        n.type = !annotatedType.empty() ? annotatedType : compose::typeOfImage(image);
        if (!m_catalog.type(n.type)) {
            diag(Severity::Warning, o.loc, o.kind + " '" + o.name + "': type '" + n.type + "' is not in the catalog: an app_server");
            n.type = "app_server";
        }
        if (!image.empty())
            n.properties["image"] = image;
        if (const std::string engine = compose::engineOfImage(image); !engine.empty())
            if (const ComponentType *t = m_catalog.type(n.type); t && t->property("engine"))
                n.properties["engine"] = engine;
        if (const Value *ports = first ? at(*first, {"ports"}) : nullptr; ports && ports->isList() && !ports->toList().empty())
            if (const Value *p = at(ports->toList().front(), {"containerPort"}); p && p->isInt())
                n.properties["port"] = p->toInt();
        if (const Value *r = at(o.value, {"spec", "replicas"}); r && r->isInt() && r->toInt() >= 0 && r->toInt() <= 1'000'000)
            n.replicas = int(r->toInt());
        n.label = text(o.value, {"metadata", "annotations", "skyplan.io/label"});
        n.zone = zoneId(o.ns, out);
        if (!o.ns.empty() && n.zone.empty())
            diag(Severity::Warning, o.loc, "namespace '" + o.ns + "' is no Skyplan id: no zone");
        // resources: the limits, else the requests
        for (const char *which : {"limits", "requests"}) {
            const Value *res = first ? at(*first, {"resources", which}) : nullptr;
            if (!res || !res->isMap())
                continue;
            if (const Value *cpu = res->find("cpu"); cpu && !n.resources.cpu)
                n.resources.cpu = cpu->isNumber() ? std::optional<double>(cpu->toDouble())
                                                  : cpu->isString() ? parseCpuQuantity(cpu->toString()) : std::nullopt;
            if (const Value *mem = res->find("memory"); mem && !n.resources.memory)
                n.resources.memory = mem->isInt() && mem->toInt() >= 0 ? std::optional<std::uint64_t>(std::uint64_t(mem->toInt()))
                                     : mem->isString() ? parseByteQuantity(mem->toString()) : std::nullopt;
        }
        // region: a required node affinity on exactly one region
        const Value *terms = at(o.value, {"spec", "template", "spec", "affinity", "nodeAffinity",
                                          "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"});
        if (terms && terms->isList())
            for (const Value &t : terms->toList()) {
                const Value *exprs = at(t, {"matchExpressions"});
                if (!exprs || !exprs->isList())
                    continue;
                for (const Value &e : exprs->toList()) {
                    const Value *values = at(e, {"values"});
                    if (text(e, {"key"}) == kRegionKey && text(e, {"operator"}) == "In" && values && values->isList()
                        && values->toList().size() == 1 && values->toList().front().isString())
                        n.region = values->toList().front().toString();
                }
            }
        const Value *labels = at(o.value, {"spec", "template", "metadata", "labels"});
        m_workloads.push_back({n.id, o.ns, labels && labels->isMap() ? labels->toMap() : ValueMap{}});
        n.extra[kKeptKey] = Value(ValueMap{{"objects", Value(ValueList{o.value})}});
        out.addNode(std::move(n));
    }

    // The workloads of namespace `ns` whose pods `selector` selects: the
    // candidates of its first label from an index, then the whole selector.
    std::vector<std::string> selected(const Value *selector, const std::string &ns)
    {
        std::vector<std::string> out;
        if (!selector || !selector->isMap() || selector->toMap().empty())
            return out;
        if (m_byLabel.empty())
            for (std::size_t i = 0; i < m_workloads.size(); ++i)
                for (const auto &[k, v] : m_workloads[i].podLabels)
                    if (v.isString())
                        m_byLabel[m_workloads[i].ns + '\n' + k + '\n' + v.toString()].push_back(i);
        const auto &[k, v] = *selector->toMap().begin();
        if (!v.isString())
            return out;
        const auto it = m_byLabel.find(ns + '\n' + k + '\n' + v.toString());
        if (it == m_byLabel.end())
            return out;
        for (const std::size_t i : it->second)
            if (selects(selector, m_workloads[i].podLabels))
                out.push_back(m_workloads[i].node);
        return out;
    }

    std::string internet(Topology &out)
    {
        if (!m_internet.empty())
            return m_internet;
        std::string id = "internet";
        for (int i = 2; out.node(id); ++i)
            id = "internet-" + std::to_string(i);
        Node n;
        n.id = id;
        n.type = "internet";
        out.addNode(std::move(n));
        return m_internet = id;
    }

    static std::optional<int> intPort(const Value *v)
    {
        if (v && v->isInt() && v->toInt() >= 1 && v->toInt() <= 65535)
            return int(v->toInt());
        return std::nullopt;
    }

    void addLink(Topology &out, const std::string &from, const std::string &to, std::optional<int> port,
                 const std::string &protocol, const std::string &source)
    {
        Link l;
        l.from.node = from;
        l.to.node = to;
        l.port = port;
        l.protocol = protocol;
        l.extra[kKeptKey] = Value(ValueMap{{"from", Value(source)}});
        out.addLink(std::move(l));
    }

    // A Service belongs to the (first) workload it selects; false when it
    // selects none (then it is kept at the topology level).
    bool service(Object &o, Topology &out)
    {
        const std::vector<std::string> targets = selected(at(o.value, {"spec", "selector"}), o.ns);
        if (targets.empty())
            return false;
        const std::string type = text(o.value, {"spec", "type"});
        const Value *ports = at(o.value, {"spec", "ports"});
        std::optional<int> port;
        std::string protocol = "tcp";
        if (ports && ports->isList() && !ports->toList().empty()) {
            const Value &p = ports->toList().front();
            port = intPort(at(p, {"targetPort"}));
            if (!port)
                port = intPort(at(p, {"port"}));
            if (text(p, {"protocol"}) == "UDP")
                protocol = "udp";
        }
        if (type == "LoadBalancer" || type == "NodePort")
            for (const std::string &t : targets)
                addLink(out, internet(out), t, port, protocol, "Service/" + o.ns + "/" + o.name);
        m_services[o.ns + '/' + o.name] = {targets.front(), port};
        Node *n = out.node(targets.front());
        n->extra[kKeptKey].map()["objects"].list().push_back(std::move(o.value));
        return true;
    }

    void ingress(const Object &o, Topology &out)
    {
        std::vector<const Value *> backends;
        if (const Value *d = at(o.value, {"spec", "defaultBackend"}))
            backends.push_back(d);
        if (const Value *rules = at(o.value, {"spec", "rules"}); rules && rules->isList())
            for (const Value &r : rules->toList())
                if (const Value *paths = at(r, {"http", "paths"}); paths && paths->isList())
                    for (const Value &p : paths->toList())
                        if (const Value *b = at(p, {"backend"}))
                            backends.push_back(b);
        for (const Value *b : backends) {
            const std::string svc = text(*b, {"service", "name"});
            const auto it = m_services.find(o.ns + '/' + svc);
            if (it == m_services.end())
                continue;
            addLink(out, internet(out), it->second.first, it->second.second, "http", "Ingress/" + o.ns + "/" + o.name);
        }
    }

    void policy(const Object &o, Topology &out)
    {
        const Value *podSelector = at(o.value, {"spec", "podSelector"});
        std::vector<std::string> targets;
        if (podSelector && podSelector->isMap() && at(*podSelector, {"matchLabels"}))
            targets = selected(at(*podSelector, {"matchLabels"}), o.ns);
        const Value *rules = at(o.value, {"spec", "ingress"});
        if (targets.empty() || !rules || !rules->isList())
            return;
        const std::string source = "NetworkPolicy/" + o.ns + "/" + o.name;
        for (const Value &rule : rules->toList()) {
            std::optional<int> port;
            std::string protocol = "tcp";
            if (const Value *ports = at(rule, {"ports"}); ports && ports->isList() && !ports->toList().empty()) {
                port = intPort(at(ports->toList().front(), {"port"}));
                if (text(ports->toList().front(), {"protocol"}) == "UDP")
                    protocol = "udp";
            }
            const Value *from = at(rule, {"from"});
            if (!from || !from->isList())
                continue;
            for (const Value &peer : from->toList()) {
                std::vector<std::string> sources;
                if (at(peer, {"ipBlock"})) {
                    sources.push_back(internet(out));
                } else if (const Value *ps = at(peer, {"podSelector", "matchLabels"})) {
                    std::string ns = o.ns;
                    if (const Value *nsSel = at(peer, {"namespaceSelector", "matchLabels"}))
                        ns = text(*nsSel, {"kubernetes.io/metadata.name"});
                    sources = selected(ps, ns);
                }
                for (const std::string &s : sources)
                    for (const std::string &t : targets)
                        if (s != t)
                            addLink(out, s, t, port, protocol, source);
            }
        }
    }

    const std::string &m_file;
    const Catalog &m_catalog;
    std::vector<Diagnostic> &m_diags;
    std::vector<Object> m_objects;
    std::vector<Workload> m_workloads;
    std::map<std::string, std::vector<std::size_t>> m_byLabel; // "ns\nkey\nvalue" -> workloads
    std::map<std::string, std::pair<std::string, std::optional<int>>> m_services; // ns/name -> node, port
    ValueList m_extraKept;
    std::string m_internet;
};

} // namespace

bool readKubernetes(std::string_view text, const std::string &file, const Catalog &c, Topology &out,
                    std::vector<Diagnostic> &diagnostics)
{
    out = Topology{};
    return KubernetesReader(file, c, diagnostics).read(text, out);
}

} // namespace sky
