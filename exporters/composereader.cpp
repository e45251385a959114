// Docker Compose reader: our own exports come back exactly (labels and
// x-skyplan); other Compose files are read as well as images tell: types
// from images, links from depends_on, links and shared networks, zones from
// networks, published ports from the internet, then a tiered layout.
#include "compose.h"
#include "format.h"
#include "allformats.h"
#include "importlayout.h"
#include "sidecar.h"

#include "catalog.h"

#include <algorithm>
#include <map>
#include <set>

namespace sky {

namespace {

std::string typeFromImage(std::string image)
{
    std::transform(image.begin(), image.end(), image.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (auto at = image.find('@'); at != std::string::npos)
        image.erase(at);
    if (auto colon = image.rfind(':'); colon != std::string::npos && image.find('/', colon) == std::string::npos)
        image.erase(colon);
    const std::string base = image.substr(image.rfind('/') == std::string::npos ? 0 : image.rfind('/') + 1);
    static const std::pair<std::string_view, std::string_view> known[] = {
        {"nginx", "web_server"},       {"httpd", "web_server"},       {"caddy", "web_server"},
        {"haproxy", "load_balancer"},  {"traefik", "load_balancer"},  {"envoy", "load_balancer"},
        {"postgres", "database"},      {"postgresql", "database"},    {"mysql", "database"},
        {"mariadb", "database"},       {"mongo", "database"},         {"mongodb", "database"},
        {"redis", "cache"},            {"memcached", "cache"},        {"valkey", "cache"},
        {"rabbitmq", "message_queue"}, {"kafka", "message_queue"},    {"nats", "message_queue"},
        {"minio", "object_storage"},   {"coredns", "dns"},            {"bind9", "dns"},
    };
    for (const auto &[name, type] : known)
        if (base == name)
            return std::string(type);
    return "app_server";
}

class ComposeReader
{
public:
    ComposeReader(const std::string &file, const Catalog &c, std::vector<Diagnostic> &d)
        : m_file(file), m_catalog(c), m_diags(d) {}

    bool read(const YamlNode *root, Topology &out)
    {
        if (!root || !root->isMap())
            return fail(root, "not a Compose file: expected a map at the top");
        const YamlNode *services = root->get("services");
        if (!services || !services->isMap())
            return fail(services ? services : root, "not a Compose file: no services map");
        const YamlNode *x = root->get(compose::kExtension);
        const bool ours = x && x->isMap();
        if (ours)
            readExtension(x);
        for (const auto &[k, v] : services->entries)
            readService(k, v, ours);
        if (!ours)
            inferLinks(services);
        m_topo.sortLinks();
        if (!m_positioned && !ours)
            layOut(m_topo, m_catalog);
        out = std::move(m_topo);
        return !m_failed;
    }

private:
    bool fail(const YamlNode *at, const std::string &message)
    {
        report(at, message, Severity::Error);
        return false;
    }

    void report(const YamlNode *at, const std::string &message, Severity severity = Severity::Error)
    {
        Diagnostic d;
        d.severity = severity;
        d.rule = "SP-IMPORT";
        d.file = m_file;
        d.message = message;
        if (at)
            d.loc = at->loc;
        m_diags.push_back(std::move(d));
        if (severity == Severity::Error)
            m_failed = true;
    }

    static Value value(const YamlNode *n) { return compose::unescapeValueDollars(yamlValue(n)); }

    static std::string text(const YamlNode *n)
    {
        return n && n->isScalar() ? compose::unescapeDollars(n->scalar) : std::string();
    }

    void readExtension(const YamlNode *x)
    {
        const Value v = value(x);
        if (const Value *n = member(v, "name"); n && n->isString())
            m_topo.name = n->toString();
        if (const Value *d = member(v, "description"); d && d->isString())
            m_topo.description = d->toString();
        if (const Value *rest = member(v, "topology"))
            if (const std::string why = readTopologyRest(*rest, m_topo); !why.empty())
                report(x, "unreadable budget in " + std::string(compose::kExtension) + ": " + why);
        if (const Value *zones = member(v, "zones"))
            readZones(*zones, m_topo.zones);
        if (const Value *ext = member(v, "external"); ext && ext->isMap())
            for (const auto &[id, nv] : ext->toMap()) {
                Node n;
                n.id = id;
                std::string why;
                if (!isValidId(id) || !readNode(nv, n, &why)) {
                    report(x, "unreadable external node '" + id + "' in " + std::string(compose::kExtension)
                                  + (why.empty() ? "" : ": " + why));
                    continue;
                }
                Point p;
                if (const Value *pos = member(nv, "position"); pos && readPoint(*pos, p)) {
                    m_topo.layout.nodes[id] = p;
                    m_positioned = true;
                }
                m_topo.nodes[id] = std::move(n);
            }
        if (const Value *links = member(v, "links"); links && links->isList())
            for (const Value &lv : links->toList()) {
                Link l;
                if (readLink(lv, l))
                    m_topo.links.push_back(std::move(l));
                else
                    report(x, "unreadable link in " + std::string(compose::kExtension));
            }
    }

    void readService(const YamlNode *key, const YamlNode *s, bool ours)
    {
        const std::string id = key->scalar;
        if (!isValidId(id)) {
            report(key, "service name '" + id + "' is not a valid Skyplan id (letters, digits, '_' and '-')");
            return;
        }
        if (!s->isMap()) {
            report(s, "service '" + id + "' must be a map");
            return;
        }
        Node n;
        n.id = id;
        const YamlNode *labels = s->get("labels");
        const YamlNode *side = labels && labels->isMap() ? labels->get(compose::kLabelNode) : nullptr;
        if (side) {
            Value v;
            std::string err;
            if (!side->isScalar() || !fromJson(text(side), v, err) || !readNode(v, n, &err)) {
                report(side, "unreadable " + std::string(compose::kLabelNode) + " label of '" + id + "'" + (err.empty() ? "" : ": " + err));
                return;
            }
            if (!member(v, "replicas"))
                n.replicas = 1;
            if (const YamlNode *pos = labels->get(compose::kLabelPosition)) {
                Value pv;
                Point p;
                if (fromJson(text(pos), pv, err) && readPoint(pv, p)) {
                    m_topo.layout.nodes[id] = p;
                    m_positioned = true;
                } else {
                    report(pos, "unreadable position of '" + id + "'");
                }
            }
        } else {
            const std::string image = text(s->get("image"));
            n.type = typeFromImage(image);
            const ComponentType *type = m_catalog.type(n.type);
            if (!image.empty() && type && type->property("image"))
                n.properties["image"] = image;
            if (n.type == "database" || n.type == "cache" || n.type == "message_queue") {
                std::string engine = typeFromImage(image) == n.type ? image.substr(image.rfind('/') == std::string::npos ? 0 : image.rfind('/') + 1) : "";
                engine = engine.substr(0, engine.find(':'));
                if (engine == "mongo")
                    engine = "mongodb";
                if (type && type->property("engine") && type->property("engine")->check(engine).empty())
                    n.properties["engine"] = engine;
            }
            if (s->get("environment"))
                report(s->get("environment"), "environment of '" + id + "' not imported: set its properties in Skyplan (secrets as references)", Severity::Warning);
            if (const YamlNode *nets = s->get("networks")) {
                if (nets->isSequence() && !nets->items.empty())
                    n.zone = text(nets->items.front());
                else if (nets->isMap() && !nets->entries.empty())
                    n.zone = text(nets->entries.front().first);
                if (n.zone == "default")
                    n.zone.clear();
                if (!n.zone.empty() && !isValidId(n.zone))
                    n.zone.clear();
                if (!n.zone.empty() && !m_topo.zones.count(n.zone))
                    m_topo.zones[n.zone] = Zone{n.zone, n.zone, {}, {}};
            }
            if (const YamlNode *ports = s->get("ports"); ports && ports->isSequence())
                for (const YamlNode *p : ports->items)
                    m_published[id].push_back(p);
        }
        if (const YamlNode *deploy = s->get("deploy"); deploy && deploy->isMap())
            if (const YamlNode *r = deploy->get("replicas")) {
                const Value v = value(r);
                if (v.isInt())
                    n.replicas = int(v.toInt());
                else
                    report(r, "replicas of '" + id + "' must be an integer");
            }
        (void)ours;
        m_topo.nodes[id] = std::move(n);
    }

    void addLink(const std::string &from, const std::string &to, std::optional<int> port = {})
    {
        if (from == to || !m_topo.node(from) || !m_topo.node(to))
            return;
        Link l;
        l.from = {from, terminalOf({from, {}}, m_topo, m_catalog, Direction::Out)};
        l.to = {to, terminalOf({to, {}}, m_topo, m_catalog, Direction::In)};
        l.port = port;
        m_topo.addLink(std::move(l));
    }

    void inferLinks(const YamlNode *services)
    {
        std::map<std::string, std::set<std::string>> members; // network -> services
        for (const auto &[k, s] : services->entries) {
            if (!s->isMap() || !m_topo.node(k->scalar))
                continue;
            const std::string from = k->scalar;
            if (const YamlNode *d = s->get("depends_on")) {
                if (d->isSequence())
                    for (const YamlNode *t : d->items)
                        addLink(from, text(t));
                else if (d->isMap())
                    for (const auto &[t, _] : d->entries)
                        addLink(from, text(t));
                else
                    report(d, "depends_on of '" + from + "' must be a list or a map");
            }
            if (const YamlNode *l = s->get("links"); l && l->isSequence())
                for (const YamlNode *t : l->items) {
                    const std::string target = text(t);
                    addLink(from, target.substr(0, target.find(':')));
                }
            if (const YamlNode *nets = s->get("networks")) {
                if (nets->isSequence())
                    for (const YamlNode *n : nets->items)
                        members[text(n)].insert(from);
                else if (nets->isMap())
                    for (const auto &[n, _] : nets->entries)
                        members[text(n)].insert(from);
            }
        }
        // Services that share a network talk down the tiers: edge to storage.
        auto tier = [&](const std::string &id) {
            const ComponentType *t = m_catalog.type(m_topo.node(id)->type);
            return t ? int(t->tier) : int(Tier::Compute);
        };
        for (const auto &[net, ids] : members)
            for (const std::string &a : ids)
                for (const std::string &b : ids)
                    if (tier(a) < tier(b))
                        addLink(a, b);
        if (!m_published.empty()) {
            std::string id = "internet";
            while (m_topo.node(id))
                id += "_";
            Node internet;
            internet.id = id;
            internet.type = "internet";
            m_topo.nodes[id] = std::move(internet);
            for (const auto &[svc, ports] : m_published)
                for (const YamlNode *p : ports) {
                    std::string spec = p->isMap() ? text(p->get("target")) : text(p);
                    spec = spec.substr(spec.rfind(':') == std::string::npos ? 0 : spec.rfind(':') + 1);
                    spec = spec.substr(0, spec.find('/'));
                    const Value port = resolvePlainScalar(spec);
                    addLink(id, svc, port.isInt() ? std::optional<int>(int(port.toInt())) : std::nullopt);
                }
        }
    }

    std::string m_file;
    const Catalog &m_catalog;
    std::vector<Diagnostic> &m_diags;
    Topology m_topo;
    std::map<std::string, std::vector<const YamlNode *>> m_published;
    bool m_failed = false;
    bool m_positioned = false;
};

} // namespace

bool writeCompose(const Topology &topology, const Catalog &catalog, std::string &out, std::string &error);

class ComposeFormat : public Format
{
public:
    std::string name() const override { return "compose"; }
    std::string description() const override { return "Docker Compose file (format 3.8)"; }
    std::string extension() const override { return ".compose.yaml"; }
    bool canRead() const override { return true; }
    bool canWrite() const override { return true; }
    bool write(const Topology &t, const Catalog &c, std::string &out, std::string &error) const override
    {
        return writeCompose(t, c, out, error);
    }
    bool read(std::string_view text, const std::string &file, const Catalog &c, Topology &out,
              std::vector<Diagnostic> &diagnostics) const override
    {
        auto doc = parseYaml(text, file, diagnostics);
        if (!doc || hasErrors(diagnostics))
            return false;
        return ComposeReader(file, c, diagnostics).read(doc->root(), out);
    }
};

std::unique_ptr<Format> makeComposeFormat()
{
    return std::make_unique<ComposeFormat>();
}

} // namespace sky
