// Docker Compose reader. What Skyplan models comes into the model (nodes,
// links, zones, image, replicas); every other field of a service and of the
// file is kept by value (compose.h) and written back as it was. Our own
// exports bring their sidecar (x-skyplan: types, labels, terminals,
// positions, and what the writer generated, which is left out of what is
// kept); other Compose files are read as well as images tell: types from
// images, links from depends_on, links and shared networks, zones from
// networks, published ports on links from the internet, then a tiered layout.
#include "compose.h"
#include "format.h"
#include "allformats.h"
#include "importlayout.h"
#include "secrets.h"
#include "sidecar.h"

#include "catalog.h"

#include <algorithm>
#include <map>
#include <set>

namespace sky {

namespace {

using compose::kAdded;
using compose::kKept;

const std::string kKeptKey(kKept);

// Removes from `kept` what `added` says the writer put there, where it is
// still what the writer wrote: a hand edit since stays.
void removeAdded(ValueMap &kept, const Value &added)
{
    if (!added.isMap())
        return;
    for (const auto &[key, what] : added.toMap()) {
        auto it = kept.find(key);
        if (key == "limits") {
            if (auto d = kept.find("deploy"); d != kept.end() && d->second.isMap()) {
                auto &deploy = d->second.map();
                if (auto r = deploy.find("resources"); r != deploy.end() && r->second.isMap()) {
                    auto &res = r->second.map();
                    if (auto l = res.find("limits"); l != res.end() && l->second.isMap() && what.isMap()) {
                        for (const auto &[k, v] : what.toMap())
                            if (auto e = l->second.map().find(k); e != l->second.map().end() && e->second == v)
                                l->second.map().erase(e);
                        if (l->second.toMap().empty())
                            res.erase(l);
                    }
                    if (res.empty())
                        deploy.erase(r);
                }
                if (deploy.empty())
                    kept.erase(d);
            }
            continue;
        }
        if (it == kept.end())
            continue;
        Value &have = it->second;
        if (what.isScalar()) {
            if (have == what)
                kept.erase(it);
            continue;
        }
        if (what.isMap() && key != "environment") { // top-level networks and secrets: name -> definition
            if (have.isMap())
                for (const auto &[name, v] : what.toMap())
                    if (auto e = have.map().find(name); e != have.map().end() && e->second == v)
                        have.map().erase(e);
        } else if (what.isMap()) {
            for (const auto &[name, v] : what.toMap()) {
                if (have.isMap()) {
                    if (auto e = have.map().find(name); e != have.map().end() && e->second == v)
                        have.map().erase(e);
                } else if (have.isList() && v.isString()) {
                    auto &l = have.list();
                    l.erase(std::remove(l.begin(), l.end(), Value(name + '=' + v.toString())), l.end());
                }
            }
        } else if (what.isList()) {
            for (const Value &item : what.toList()) {
                if (have.isList()) {
                    auto &l = have.list();
                    l.erase(std::remove(l.begin(), l.end(), item), l.end());
                } else if (have.isMap() && item.isString()) {
                    if (auto e = have.map().find(item.toString()); e != have.map().end() && e->second.isNull())
                        have.map().erase(e);
                }
            }
        }
        if ((have.isMap() && have.toMap().empty()) || (have.isList() && have.toList().empty()))
            kept.erase(it);
    }
}

class ComposeReader
{
public:
    ComposeReader(const std::string &file, const Catalog &c, std::vector<Diagnostic> &d, YamlBudget &budget)
        : m_file(file), m_catalog(c), m_diags(d), m_budget(budget) {}

    bool read(const YamlNode *root, Topology &out)
    {
        if (!root || !root->isMap())
            return fail(root, "not a Compose file: expected a map at the top");
        const YamlNode *services = root->get("services");
        if (services && services->isNull())
            services = nullptr;
        if ((!services && !root->get("include")) || (services && !services->isMap()))
            return fail(services ? services : root,
                        root->get("version") || services
                            ? "not a Compose file: no services map"
                            : "not a Compose file: no services map (Compose's first file format, with services at "
                              "the top, is not read: put them under 'services:')");
        const YamlNode *x = root->get(compose::kExtension);
        m_ours = x && x->isMap();
        if (m_ours)
            readExtension(x);
        readTop(root);
        if (services)
            for (const auto &[k, v] : services->entries)
                readService(k, v);
        if (!m_ours && services)
            inferLinks();
        m_topo.sortLinks();
        if (!m_positioned && !m_ours)
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

    // A path named by the file (include, extends, env_file) must stay in its
    // folder: nothing outside is read, and a re-export beside it means the same.
    void checkPath(const YamlNode *at, const std::string &what)
    {
        if (!at || !at->isScalar())
            return;
        if (const std::string why = compose::pathLeavesFolder(at->scalar); !why.empty())
            report(at, what + " '" + at->scalar + "' refused: " + why);
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
        if (const Value *a = member(v, std::string(kAdded)))
            m_topAdded = *a;
        if (const Value *nodes = member(v, "nodes"); nodes && nodes->isMap())
            m_sidecars = nodes->toMap();
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
                readPosition(id, nv, x);
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

    void readPosition(const std::string &id, const Value &sidecar, const YamlNode *at)
    {
        const Value *pos = member(sidecar, "position");
        if (!pos)
            return;
        Point p;
        if (readPoint(*pos, p)) {
            m_topo.layout.nodes[id] = p;
            m_positioned = true;
        } else {
            report(at, "unreadable position of '" + id + "'");
        }
    }

    // Everything at the top but the services and our sidecar, by value.
    void readTop(const YamlNode *root)
    {
        ValueMap kept;
        for (const auto &[k, v] : root->entries) {
            const std::string &key = k->scalar;
            if (key == "services" || key == compose::kExtension)
                continue;
            if (key == "include") {
                const auto check = [&](const YamlNode *item) {
                    if (item->isScalar())
                        checkPath(item, "include");
                    else if (item->isMap()) {
                        const YamlNode *path = item->get("path");
                        if (path && path->isSequence())
                            for (const YamlNode *p : path->items)
                                checkPath(p, "include");
                        else
                            checkPath(path, "include");
                        checkPath(item->get("env_file"), "include env_file");
                        checkPath(item->get("project_directory"), "include project_directory");
                    }
                };
                if (v->isSequence())
                    for (const YamlNode *item : v->items)
                        check(item);
                report(k, "include kept as written: the services of the included files are not drawn",
                       Severity::Warning);
            }
            kept.emplace(key, compose::yaml11Value(v));
        }
        if (m_ours)
            removeAdded(kept, m_topAdded);
        if (const auto n = kept.find("name"); n != kept.end() && n->second.isString() && !m_ours)
            m_topo.name = n->second.toString();
        if (!kept.empty())
            m_topo.extra[kKeptKey] = Value(std::move(kept));
    }

    void readService(const YamlNode *key, const YamlNode *s)
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
        ValueMap svc = compose::yaml11Value(s).toMap();
        const YamlNode *labels = s->get("labels");
        const YamlNode *oldSidecar = labels && labels->isMap() ? labels->get(compose::kLabelNode) : nullptr;
        bool imported = true;
        bool ours = false;
        if (auto it = m_sidecars.find(id); it != m_sidecars.end()) {
            std::string why;
            if (!readNode(it->second, n, &why)) {
                report(key, "unreadable node '" + id + "' in " + std::string(compose::kExtension) + (why.empty() ? "" : ": " + why));
                return;
            }
            n.replicas = 1;
            imported = member(it->second, "imported") != nullptr;
            ours = true;
            readPosition(id, it->second, key);
            if (const Value *added = member(it->second, std::string(kAdded)))
                removeAdded(svc, *added);
            if (const Value *z = member(it->second, std::string(compose::kZoneNetwork)))
                svc[std::string(compose::kZoneNetwork)] = *z;
        } else if (oldSidecar) {
            if (!readOldSidecar(id, n, labels, oldSidecar))
                return;
            imported = false;
            ours = true;
            // The exports that wrote these labels generated all of this.
            for (const char *generated : {"environment", "depends_on", "networks", "ports", "expose", "secrets"})
                svc.erase(generated);
            if (auto d = svc.find("deploy"); d != svc.end() && d->second.isMap())
                d->second.map().erase("resources");
            if (!n.properties.count("image"))
                svc.erase("image");
        } else {
            inferNode(s, svc, n);
        }
        if (auto l = svc.find("labels"); l != svc.end()) {
            if (l->second.isMap()) {
                for (const std::string_view label : {compose::kLabelNode, compose::kLabelType, compose::kLabelPosition})
                    l->second.map().erase(std::string(label));
                if (l->second.toMap().empty())
                    svc.erase(l);
            }
        }

        // What becomes links and zones must have Compose's shape; Compose
        // itself refuses anything else.
        for (const auto &shape : {std::pair<const char *, bool>{"networks", true}, {"depends_on", true},
                                  {"links", false}, {"ports", false}}) {
            const auto it = svc.find(shape.first);
            if (it == svc.end() || it->second.isNull() || it->second.isList() || (shape.second && it->second.isMap()))
                continue;
            const YamlNode *at = s->get(shape.first);
            report(at ? at : key, std::string(shape.first) + " of '" + id + "' must be a list"
                                      + (shape.second ? " or a map" : ""));
            return;
        }
        // image: the model's where the type has the property.
        const ComponentType *type = m_catalog.type(n.type);
        if (auto img = svc.find("image"); img != svc.end() && img->second.isString() && type && type->property("image")) {
            n.properties["image"] = img->second.toString();
            svc.erase(img);
        }
        // replicas: the model's from 1 up; 0 (a service that does not run) is kept as written.
        if (auto d = svc.find("deploy"); d != svc.end() && d->second.isMap()) {
            auto &deploy = d->second.map();
            if (auto r = deploy.find("replicas"); r != deploy.end()) {
                const YamlNode *dn = s->get("deploy");
                const YamlNode *at = dn && dn->isMap() && dn->get("replicas") ? dn->get("replicas") : s;
                if (!r->second.isInt() || r->second.toInt() < 0 || r->second.toInt() > 100000) {
                    report(at, "replicas of '" + id + "' must be an integer from 0 to 100000");
                } else if (r->second.toInt() >= 2 || (ours && !imported)) {
                    n.replicas = int(r->second.toInt());
                    deploy.erase(r);
                } else if (r->second.toInt() == 0) {
                    report(at, "'" + id + "' has deploy.replicas 0: kept as written; Skyplan checks it as one replica",
                           Severity::Warning);
                } // an explicit 1 stays in the file as written, and the model has 1

            }
            if (deploy.empty())
                svc.erase(d);
        }
        // depends_on, links and ports are links (inferLinks); our own files have them in x-skyplan.
        for (const char *linked : {"depends_on", "links", "ports"}) {
            auto it = svc.find(linked);
            if (it == svc.end())
                continue;
            if (!ours && std::string_view(linked) != "ports")
                m_pendingLinks[id][linked] = it->second; // inferLinks makes them links
            if (ours || std::string_view(linked) != "links")
                svc.erase(it); // legacy links stay, for their order: the writer matches them to the links
        }
        if (const YamlNode *ef = s->get("env_file")) {
            if (ef->isSequence())
                for (const YamlNode *item : ef->items)
                    checkPath(item->isMap() ? item->get("path") : item, "env_file");
            else
                checkPath(ef, "env_file");
        }
        if (const YamlNode *ext = s->get("extends"); ext && ext->isMap())
            checkPath(ext->get("file"), "extends file");
        if (!ours)
            warnSecrets(id, s);
        // A node drawn in Skyplan keeps nothing, unless the file was edited by hand since.
        if (imported || !svc.empty())
            n.extra[kKeptKey] = Value(std::move(svc));
        m_topo.nodes[id] = std::move(n);
    }

    bool readOldSidecar(const std::string &id, Node &n, const YamlNode *labels, const YamlNode *side)
    {
        Value v;
        std::string err;
        if (!side->isScalar() || !fromJson(text(side), v, err, &m_budget) || !readNode(v, n, &err)) {
            report(side, "unreadable " + std::string(compose::kLabelNode) + " label of '" + id + "'" + (err.empty() ? "" : ": " + err));
            return false;
        }
        if (!member(v, "replicas"))
            n.replicas = 1;
        if (const YamlNode *pos = labels->get(compose::kLabelPosition)) {
            Value pv;
            Point p;
            if (fromJson(text(pos), pv, err, &m_budget) && readPoint(pv, p)) {
                m_topo.layout.nodes[id] = p;
                m_positioned = true;
            } else {
                report(pos, "unreadable position of '" + id + "'");
            }
        }
        return true;
    }

    void inferNode(const YamlNode *s, ValueMap &svc, Node &n)
    {
        const auto img = svc.find("image");
        const std::string image = img != svc.end() && img->second.isString() ? img->second.toString() : std::string();
        n.type = compose::typeOfImage(image);
        const ComponentType *type = m_catalog.type(n.type);
        if (type && type->property("engine")) {
            const std::string engine = compose::engineOfImage(image);
            if (!engine.empty() && type->property("engine")->check(engine).empty())
                n.properties["engine"] = engine;
        }
        const YamlNode *netsNode = s->get("networks");
        if (const auto nets = svc.find("networks"); nets != svc.end()) {
            if (nets->second.isList() && !nets->second.toList().empty() && nets->second.toList().front().isString()) {
                n.zone = nets->second.toList().front().toString();
            } else if (nets->second.isMap() && !nets->second.toMap().empty()) {
                // The first as written (a map's order is not kept): from the
                // parsed node when the map is written here, else the first name.
                n.zone = netsNode && netsNode->isMap() && !netsNode->entries.empty()
                             ? netsNode->entries.front().first->scalar
                             : nets->second.toMap().begin()->first;
                if (nets->second.toMap().size() > 1)
                    svc[std::string(compose::kZoneNetwork)] = n.zone;
            }
            for (const std::string &net : compose::networkNames(nets->second))
                m_members[net].insert(n.id);
            if (n.zone == "default" || !isValidId(n.zone))
                n.zone.clear();
            if (!n.zone.empty() && !m_topo.zones.count(n.zone))
                m_topo.zones[n.zone] = Zone{n.zone, n.zone, {}, {}};
        }
        if (const auto ports = svc.find("ports"); ports != svc.end() && ports->second.isList())
            m_published[n.id] = ports->second.toList();
    }

    // A literal that looks like a secret, kept as written: say so.
    void warnSecrets(const std::string &id, const YamlNode *s)
    {
        const YamlNode *env = s->get("environment");
        if (!env)
            return;
        auto check = [&](const YamlNode *at, const std::string &name, const YamlNode *value, const std::string &literal) {
            if (!secretLikeName(name) || literal.empty() || literal.find('$') != std::string::npos)
                return;
            (void)value;
            report(at, "environment of '" + id + "': " + name
                           + " holds a literal that looks like a secret; kept as written (use a secret or ${VARIABLE})",
                   Severity::Warning);
        };
        if (env->isMap()) {
            for (const auto &[k, v] : env->entries)
                check(k, k->scalar, v, v && v->isScalar() ? v->scalar : std::string());
        } else if (env->isSequence()) {
            for (const YamlNode *item : env->items) {
                const std::string t = item->isScalar() ? item->scalar : std::string();
                const auto eq = t.find('=');
                if (eq != std::string::npos)
                    check(item, t.substr(0, eq), item, t.substr(eq + 1));
            }
        }
    }

    Link makeLink(const std::string &from, const std::string &to)
    {
        Link l;
        l.from = {from, terminalOf({from, {}}, m_topo, m_catalog, Direction::Out)};
        l.to = {to, terminalOf({to, {}}, m_topo, m_catalog, Direction::In)};
        return l;
    }

    // The link from -> to, made if new; null when an end is no node.
    Link *linkBetween(const std::string &from, const std::string &to)
    {
        if (from == to || !m_topo.node(from) || !m_topo.node(to))
            return nullptr;
        const std::string key = from + '\n' + to;
        if (auto it = m_linkIndex.find(key); it != m_linkIndex.end())
            return &m_newLinks[it->second];
        m_linkIndex[key] = m_newLinks.size();
        m_newLinks.push_back(makeLink(from, to));
        return &m_newLinks.back();
    }

    static ValueMap &keptOf(Link &l)
    {
        Value &v = l.extra[kKeptKey];
        if (!v.isMap())
            v = Value(ValueMap{});
        return v.map();
    }

    void inferLinks()
    {
        // depends_on and links, each kept in the form it came in; a name that
        // is no service here stays in the service as written.
        for (auto &[from, fields] : m_pendingLinks) {
            Node *node = m_topo.node(from);
            ValueMap *kept = node ? &node->extra[kKeptKey].map() : nullptr;
            if (auto d = fields.find("depends_on"); d != fields.end()) {
                Value left;
                if (d->second.isList()) {
                    ValueList unresolved;
                    for (const Value &t : d->second.toList()) {
                        Link *l = t.isString() ? linkBetween(from, t.toString()) : nullptr;
                        if (l)
                            keptOf(*l)["depends_on"] = Value(ValueMap{});
                        else
                            unresolved.push_back(t);
                    }
                    if (!unresolved.empty())
                        left = Value(std::move(unresolved));
                } else if (d->second.isMap()) {
                    ValueMap unresolved;
                    for (const auto &[t, cond] : d->second.toMap()) {
                        Link *l = linkBetween(from, t);
                        if (l)
                            keptOf(*l)["depends_on"] = cond.isMap() && !cond.toMap().empty()
                                                            ? cond
                                                            : Value(ValueMap{{"condition", Value("service_started")}});
                        else
                            unresolved[t] = cond;
                    }
                    if (!unresolved.empty())
                        left = Value(std::move(unresolved));
                }
                if (!left.isNull() && kept) {
                    (*kept)["depends_on"] = left;
                    report(nullptr, "depends_on of '" + from + "' names services not in this file: kept as written",
                           Severity::Warning);
                }
            }
            if (auto lk = fields.find("links"); lk != fields.end() && lk->second.isList()) {
                ValueList unresolved;
                for (const Value &t : lk->second.toList()) {
                    const std::string target = t.isString() ? t.toString() : std::string();
                    Link *l = linkBetween(from, target.substr(0, target.find(':')));
                    if (l)
                        keptOf(*l)["links"] = target;
                    else
                        unresolved.push_back(t);
                }

            }
        }
        // Services that share a network talk down the tiers: edge to storage;
        // on networks small enough for "everyone may call everyone below" to
        // be a guess worth drawing: one of thousands of services would give
        // millions of links.
        constexpr std::size_t kInferLimit = 64;
        auto tier = [&](const std::string &id) {
            const ComponentType *t = m_catalog.type(m_topo.node(id)->type);
            return t ? int(t->tier) : int(Tier::Compute);
        };
        for (auto [net, ids] : m_members) {
            std::erase_if(ids, [&](const std::string &id) { return !m_topo.node(id); }); // refused services
            if (ids.size() > kInferLimit) {
                report(nullptr,
                       "network '" + net + "' joins " + std::to_string(ids.size())
                           + " services: no links are inferred from it (draw them, or give depends_on)",
                       Severity::Warning);
                continue;
            }
            for (const std::string &a : ids)
                for (const std::string &b : ids)
                    if (tier(a) < tier(b) && !m_linkIndex.count(a + '\n' + b)) {
                        if (Link *l = linkBetween(a, b))
                            keptOf(*l)["network"] = net;
                    }
        }
        if (!m_published.empty()) {
            std::string id = "internet";
            while (m_topo.node(id))
                id += "_";
            Node internet;
            internet.id = id;
            internet.type = "internet";
            m_topo.nodes[id] = std::move(internet);
            for (const auto &[svc, ports] : m_published) {
                Link *l = linkBetween(id, svc);
                if (!l)
                    continue;
                for (const Value &p : ports) {
                    if (l->port)
                        break;
                    const Value *target = p.isMap() ? p.find("target") : &p;
                    std::string spec = !target ? std::string() : target->isString() ? target->toString() : target->display();
                    spec = spec.substr(spec.rfind(':') == std::string::npos ? 0 : spec.rfind(':') + 1);
                    spec = spec.substr(0, spec.find('/'));
                    const Value port = resolvePlainScalar(spec);
                    if (port.isInt() && port.toInt() >= 1 && port.toInt() <= 65535)
                        l->port = int(port.toInt());
                }
                keptOf(*l)["ports"] = Value(ports);
            }
        }
        for (Link &l : m_newLinks)
            m_topo.links.push_back(std::move(l));
    }

    std::string m_file;
    const Catalog &m_catalog;
    std::vector<Diagnostic> &m_diags;
    YamlBudget &m_budget; // the file's, shared by the labels' JSON
    Topology m_topo;
    bool m_ours = false;
    ValueMap m_sidecars;
    Value m_topAdded;
    std::map<std::string, ValueList> m_published;                 // service -> its ports as written
    std::map<std::string, std::set<std::string>> m_members;       // network -> services on it
    std::map<std::string, ValueMap> m_pendingLinks; // service -> depends_on / links as read
    std::vector<Link> m_newLinks;
    std::map<std::string, std::size_t> m_linkIndex;
    bool m_failed = false;
    bool m_positioned = false;
};

} // namespace

bool writeCompose(const Topology &topology, const Catalog &catalog, const WriteOptions &options,
                  std::string &out, std::string &error, std::vector<Diagnostic> &warnings);

class ComposeFormat : public Format
{
public:
    std::string name() const override { return "compose"; }
    std::string description() const override { return "Docker Compose file (Compose Specification; 1.29 on request)"; }
    std::string extension() const override { return ".compose.yaml"; }
    bool canRead() const override { return true; }
    bool canWrite() const override { return true; }
    bool write(const Topology &t, const Catalog &c, std::string &out, std::string &error) const override
    {
        std::vector<Diagnostic> warnings;
        return writeCompose(t, c, {}, out, error, warnings);
    }
    bool writeWith(const Topology &t, const Catalog &c, const WriteOptions &options, std::string &out,
                   std::string &error, std::vector<Diagnostic> &warnings) const override
    {
        return writeCompose(t, c, options, out, error, warnings);
    }
    bool read(std::string_view text, const std::string &file, const Catalog &c, Topology &out,
              std::vector<Diagnostic> &diagnostics) const override
    {
        YamlBudget budget;
        auto doc = parseYaml(text, file, diagnostics, budget);
        if (!doc || hasErrors(diagnostics))
            return false;
        return ComposeReader(file, c, diagnostics, budget).read(doc->root(), out);
    }
};

std::unique_ptr<Format> makeComposeFormat()
{
    return std::make_unique<ComposeFormat>();
}

} // namespace sky
