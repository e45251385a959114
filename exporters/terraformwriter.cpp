// Terraform writer: a directory of HCL (main.tf, variables.tf, outputs.tf,
// providers.tf) or of the same in JSON syntax (*.tf.json), for the nodes
// placed on `aws` or `google` (or, unplaced, sent there by --provider and
// --region). docs/EXPORTS.md has the mapping table.
//
// Least privilege by construction: a network per provider and region with
// no rule of its own; every rule that lets traffic in or out comes from a
// drawn link (through firewalls, routers and switches, which carry no
// resource of their own: a firewall's `allow` list filters what passes),
// allows that link's protocol and port from that node's group to that
// node's group, and nothing else. Segmentation policies drop the flows they
// forbid. A private subnet gets a NAT route only when one of its nodes has
// a drawn link to a service reached over the provider's public API.
//
// Nodes imported from Terraform keep their resources by value (terraform.h)
// and are written back from them into kept.tf.json, not generated again.
#include "terraform.h"

#include "allformats.h"
#include "format.h"

#include "catalog.h"
#include "quantity.h"
#include "topology.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

// GCC 12 reports a false "maybe uninitialized" when a sky::Value (a
// std::variant) is copied into a list and inlined at -O2; the region runs to
// the end of the file.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace sky {

namespace {

using tf::Block;
using tf::Body;

enum class Role { Internet, PassThrough, Compute, LoadBalancer, Database, Cache, Queue, Object, File, Block, Dns, Vpn, Other };

Role roleOf(const std::string &type)
{
    static const std::map<std::string, Role, std::less<>> roles = {
        {"internet", Role::Internet},          {"firewall", Role::PassThrough},  {"router", Role::PassThrough},
        {"switch", Role::PassThrough},         {"web_server", Role::Compute},    {"app_server", Role::Compute},
        {"worker", Role::Compute},             {"load_balancer", Role::LoadBalancer}, {"database", Role::Database},
        {"cache", Role::Cache},                {"message_queue", Role::Queue},   {"object_storage", Role::Object},
        {"file_storage", Role::File},          {"block_storage", Role::Block},   {"dns", Role::Dns},
        {"vpn_gateway", Role::Vpn},
    };
    const auto it = roles.find(type);
    return it == roles.end() ? Role::Other : it->second;
}

// The properties each role carries into the configuration; any other set on
// a node is a warning.
const std::set<std::string> &carried(Role r)
{
    static const std::map<Role, std::set<std::string>> table = {
        {Role::Compute, {"image", "port", "health_check", "admin_port", "tls"}},
        {Role::LoadBalancer, {"port", "health_check", "tls_certificate", "idle_timeout", "algorithm", "sticky_sessions"}},
        {Role::Database, {"engine", "version", "port", "db_name", "user", "password", "storage", "backup_retention_days"}},
        {Role::Cache, {"engine", "version", "port", "max_memory", "password"}},
        {Role::Queue, {"engine", "port", "retention_hours", "durable"}},
        {Role::Object, {"bucket", "versioning", "encryption", "lifecycle_days"}},
        {Role::File, {"size", "export"}},
        {Role::Block, {"size", "iops", "encrypted"}},
        {Role::Dns, {"domain", "dnssec", "port", "ttl"}},
        {Role::Vpn, {"peer", "psk", "ike_version", "local_subnet", "remote_subnet"}},
    };
    static const std::set<std::string> none;
    const auto it = table.find(r);
    return it == table.end() ? none : it->second;
}

// A Terraform name (letters, digits, '_' and '-', not starting with a digit
// or '-') from a Skyplan id.
std::string tfName(std::string_view id)
{
    std::string s;
    s.reserve(id.size() + 1);
    for (const char c : id)
        s += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') ? c : '_';
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-')
        s.insert(0, "n");
    return s;
}

// A cloud resource name: lowercase letters, digits and hyphens, starting
// with a letter, at most `max` characters (a short hash of the whole when cut).
std::string cloudName(std::string_view text, std::size_t max)
{
    std::string s;
    for (const char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            s += char(std::tolower(static_cast<unsigned char>(c)));
        else if (!s.empty() && s.back() != '-')
            s += '-';
    }
    while (!s.empty() && s.back() == '-')
        s.pop_back();
    if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0])))
        s.insert(0, "n");
    if (s.size() > max) {
        // FNV-1a: the same name from every build and platform (a name that
        // changed would make Terraform replace the resource).
        std::uint32_t h = 2166136261u;
        for (const char c : text)
            h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
        char buf[16];
        std::snprintf(buf, sizeof buf, "%08x", unsigned(h));
        s = s.substr(0, max - 9);
        while (!s.empty() && s.back() == '-')
            s.pop_back();
        s += '-';
        s += buf;
    }
    return s;
}

std::string ref(std::string_view type, std::string_view name, std::string_view attr)
{
    std::string s = "${";
    s += type;
    s += '.';
    s += name;
    s += '.';
    s += attr;
    s += '}';
    return s;
}

const Value *prop(const Node &n, const ComponentType *type, const std::string &key)
{
    if (const Value *v = n.properties.count(key) ? &n.properties.at(key) : nullptr)
        return v;
    if (type)
        if (const PropertySchema *p = type->property(key))
            if (p->defaultValue)
                return &*p->defaultValue;
    return nullptr;
}

std::string propString(const Node &n, const ComponentType *type, const std::string &key, std::string fallback = {})
{
    const Value *v = prop(n, type, key);
    if (!v || v->secretRef())
        return fallback;
    if (v->isString())
        return v->toString();
    if (v->isScalar() && !v->isNull())
        return v->display();
    return fallback;
}

std::optional<std::int64_t> propInt(const Node &n, const ComponentType *type, const std::string &key)
{
    const Value *v = prop(n, type, key);
    if (v && v->isInt())
        return v->toInt();
    if (v && v->isNumber())
        return std::int64_t(v->toDouble());
    return std::nullopt;
}

bool propBool(const Node &n, const ComponentType *type, const std::string &key, bool fallback)
{
    const Value *v = prop(n, type, key);
    return v && v->isBool() ? v->toBool() : fallback;
}

// A size property in whole GiB, rounded up, at least `min`.
std::int64_t propGiB(const Node &n, const ComponentType *type, const std::string &key, std::int64_t min)
{
    const Value *v = prop(n, type, key);
    std::optional<std::uint64_t> bytes;
    if (v && v->isString())
        bytes = parseSize(v->toString());
    else if (v && v->isInt() && v->toInt() > 0)
        bytes = std::uint64_t(v->toInt());
    if (!bytes)
        return min;
    const std::uint64_t gib = 1ull << 30;
    return std::max<std::int64_t>(min, std::int64_t((*bytes + gib - 1) / gib));
}

struct Size
{
    const char *name;
    double cpu;
    double memoryGiB;
};

// The smallest general-purpose size that fits the node's resources.
std::string sizeFor(const Node &n, const ComponentType *type, bool google)
{
    static const Size aws[] = {{"t3.micro", 2, 1},      {"t3.small", 2, 2},       {"t3.medium", 2, 4},
                               {"t3.large", 2, 8},      {"m6i.xlarge", 4, 16},    {"m6i.2xlarge", 8, 32},
                               {"m6i.4xlarge", 16, 64}, {"m6i.8xlarge", 32, 128}, {"m6i.16xlarge", 64, 256},
                               {"r6i.24xlarge", 96, 768}};
    static const Size gcp[] = {{"e2-small", 2, 2},         {"e2-medium", 2, 4},        {"e2-standard-2", 2, 8},
                               {"e2-standard-4", 4, 16},   {"e2-standard-8", 8, 32},   {"e2-standard-16", 16, 64},
                               {"e2-standard-32", 32, 128}, {"n2-standard-64", 64, 256}, {"n2-highmem-96", 96, 768}};
    const double cpu = n.resources.cpu.value_or(type ? type->cpu.defaultValue : 1);
    const double mem = double(n.resources.memory.value_or(type ? std::uint64_t(type->memory.defaultValue) : (1ull << 30)))
                       / double(1ull << 30);
    const Size *table = google ? gcp : aws;
    const std::size_t count = google ? std::size(gcp) : std::size(aws);
    for (std::size_t i = 0; i < count; ++i)
        if (table[i].cpu >= cpu && table[i].memoryGiB >= mem)
            return table[i].name;
    return table[count - 1].name;
}

struct Net
{
    bool google = false;
    std::string region;
    std::string name;   // Terraform name of the network and its parts ("eu_west_1")
    std::string alias;  // provider alias
    int index = 0;      // the VPC's 10.<index>.0.0/16
    std::vector<std::string> zones;
    std::set<std::string> publicZones;
    std::set<std::string> egressZones;
    bool compute = false;
    bool privateServices = false; // google: Cloud SQL / Memorystore over private services access
    std::string publicSubnetZone;  // aws: where the NAT gateway goes
};

struct Placed
{
    const Node *node = nullptr;
    const ComponentType *type = nullptr;
    Role role = Role::Other;
    Net *net = nullptr;
    std::string zone; // "" when the node has none: the network's "default" zone
    std::string name; // Terraform name
    std::string size; // the placement's offering
};

struct Flow
{
    std::string src; // node id; empty for a CIDR source
    std::string cidr;
    std::string dst;
    std::string proto; // tcp or udp
    int port = 0;
    std::string link; // the link's key, for warnings
};

class TerraformWriter
{
public:
    TerraformWriter(const Topology &t, const Catalog &c, const WriteOptions &o, std::vector<Diagnostic> &w)
        : m_t(t), m_catalog(c), m_options(o), m_warnings(w)
    {}

    bool run(std::vector<OutputFile> &files, std::string &error)
    {
        for (const Link &l : m_t.links) {
            m_out[l.from.node].push_back(&l);
            m_in[l.to.node].push_back(&l);
        }
        if (!place(error))
            return false;
        flows();
        kept();
        for (auto &entry : m_nets)
            network(*entry.second);
        // Load balancers first: their target groups join the servers' groups.
        for (const auto &id : m_order)
            if (m_placed.at(id).role == Role::LoadBalancer)
                node(m_placed.at(id));
        for (const auto &id : m_order)
            if (m_placed.at(id).role != Role::LoadBalancer)
                node(m_placed.at(id));
        rules();
        finish(files);
        return true;
    }

private:
    // ------------------------------------------------------------ placement

    Net &netFor(bool google, const std::string &region)
    {
        const std::string key = std::string(google ? "google/" : "aws/") + region;
        auto it = m_nets.find(key);
        if (it != m_nets.end())
            return *it->second;
        auto net = std::make_unique<Net>();
        net->google = google;
        net->region = region;
        net->name = tfName(cloudName(region, 60));
        for (char &c : net->name)
            if (c == '-')
                c = '_';
        net->alias = net->name;
        net->index = int(m_nets.size());
        Net &ref = *net;
        m_nets.emplace(key, std::move(net));
        return ref;
    }

    Placement effectivePlacement(const Node &n) const
    {
        if (!n.placement.provider.empty())
            return n.placement;
        std::string zone = n.zone;
        std::set<std::string> seen;
        while (!zone.empty() && seen.insert(zone).second) {
            const Zone *z = m_t.zone(zone);
            if (!z)
                break;
            if (!z->placement.provider.empty())
                return z->placement;
            zone = z->parent;
        }
        return {};
    }

    bool place(std::string &error)
    {
        if (!m_options.provider.empty() && m_options.provider != "aws" && m_options.provider != "google") {
            error = "--provider must be aws or google, not '" + m_options.provider + "'";
            return false;
        }
        std::set<std::string> names;
        for (const auto &entry : m_t.nodes) {
            const Node &n = entry.second;
            if (n.extra.count(std::string(tf::kKept)))
                continue; // imported: written back from what it kept
            const ComponentType *type = m_catalog.type(n.type);
            const Role role = type ? roleOf(n.type) : Role::Other;
            if (role == Role::Internet || role == Role::PassThrough) {
                m_roles[n.id] = role;
                continue;
            }
            if (role == Role::Other) {
                warn(n.id, "type '" + n.type + "' has no Terraform mapping (not written)");
                continue;
            }
            Placement p = effectivePlacement(n);
            if (p.provider.empty()) {
                if (m_options.provider.empty()) {
                    error = "node '" + n.id + "' is not placed: place it (skyplan place) or give --provider aws|google "
                            "and --region";
                    return false;
                }
                p.provider = m_options.provider;
                p.region = m_options.region;
                p.size.clear();
            }
            if (p.provider != "aws" && p.provider != "google") {
                warn(n.id, "placed on '" + p.provider + "', which Terraform export does not cover (aws, google): not written");
                continue;
            }
            if (p.region.empty())
                p.region = m_options.provider == p.provider ? m_options.region : std::string();
            if (p.region.empty()) {
                error = "node '" + n.id + "' is placed on " + p.provider + " without a region: give --region";
                return false;
            }
            Placed pl;
            pl.node = &n;
            pl.type = type;
            pl.role = role;
            pl.net = &netFor(p.provider == "google", p.region);
            pl.zone = n.zone;
            pl.size = p.size;
            std::string name = tfName(n.id);
            while (!names.insert(name).second)
                name += "_";
            pl.name = name;
            m_roles[n.id] = role;
            m_order.push_back(n.id);
            m_placed.emplace(n.id, pl);
            for (const auto &kv : n.properties)
                if (!carried(role).count(kv.first))
                    warn(n.id, "property '" + kv.first + "' has no Terraform counterpart (not written)");
            if (role == Role::Compute) {
                if (!n.properties.empty() && n.properties.count("environment")) {
                    // listed above already
                }
                if (n.properties.count("image"))
                    warn(n.id, "image '" + propString(n, type, "image")
                                   + "' is recorded in the tag skyplan-image; the instances boot the Debian image "
                                     "and need your own configuration to run it");
            }
        }
        // Zones of each network, in a stable order; nodes without a zone in "default".
        for (const auto &id : m_order) {
            Placed &p = m_placed.at(id);
            const std::string zone = p.zone.empty() ? std::string("default") : p.zone;
            if (std::find(p.net->zones.begin(), p.net->zones.end(), zone) == p.net->zones.end())
                p.net->zones.push_back(zone);
            if (p.role == Role::Compute)
                p.net->compute = true;
            if (p.role == Role::Database || p.role == Role::Cache)
                p.net->privateServices = true;
        }
        for (auto &entry : m_nets)
            std::sort(entry.second->zones.begin(), entry.second->zones.end());
        return true;
    }

    std::string zoneOf(const Placed &p) const { return p.zone.empty() ? std::string("default") : p.zone; }

    // ---------------------------------------------------------------- flows

    static std::vector<std::string> ipProtocols(const std::string &protocol)
    {
        if (protocol == "udp")
            return {"udp"};
        if (protocol == "dns")
            return {"udp", "tcp"};
        return {"tcp"};
    }

    // Whether a firewall's `allow` list (tcp/443, udp/53) lets proto/port through.
    bool firewallAllows(const Node &fw, const std::string &proto, int port) const
    {
        const Value *allow = prop(fw, m_catalog.type(fw.type), "allow");
        if (!allow || !allow->isList())
            return true;
        for (const Value &v : allow->toList()) {
            if (!v.isString())
                continue;
            const std::string &s = v.toString();
            const auto slash = s.find('/');
            if (slash == std::string::npos)
                continue;
            const std::string p = s.substr(0, slash);
            const std::string ports = s.substr(slash + 1);
            if (p != proto && p != "any")
                continue;
            const auto dash = ports.find('-');
            try {
                if (ports == "any" || ports == "*")
                    return true;
                if (dash == std::string::npos ? std::stoi(ports) == port
                                              : (std::stoi(ports.substr(0, dash)) <= port
                                                 && port <= std::stoi(ports.substr(dash + 1))))
                    return true;
            } catch (...) {
                continue;
            }
        }
        return false;
    }

    struct Source
    {
        std::string node; // empty: the internet, or the CIDR below
        std::string cidr;
    };

    void resolve(const std::string &id, const std::string &proto, int port, const std::string &linkKey,
                 std::set<std::string> &visiting, std::vector<Source> &out)
    {
        const auto role = m_roles.find(id);
        if (role == m_roles.end())
            return; // not written
        if (role->second == Role::Internet) {
            out.push_back({std::string(), "0.0.0.0/0"});
            return;
        }
        if (role->second == Role::Vpn) {
            const Node &n = *m_t.node(id);
            const std::string remote = propString(n, m_catalog.type(n.type), "remote_subnet");
            if (remote.empty())
                warn(id, "no remote_subnet: traffic from the tunnel is not allowed by any rule (link " + linkKey + ")");
            else
                out.push_back({std::string(), remote});
            return;
        }
        if (role->second != Role::PassThrough) {
            out.push_back({id, std::string()});
            return;
        }
        if (!visiting.insert(id).second)
            return;
        const Node &pass = *m_t.node(id);
        if (pass.type == "firewall" && !firewallAllows(pass, proto, port)) {
            warn(id, "its allow list does not let " + proto + "/" + std::to_string(port) + " through: link " + linkKey
                         + " gets no rule");
            visiting.erase(id);
            return;
        }
        if (const auto in = m_in.find(id); in != m_in.end())
            for (const Link *l : in->second)
                resolve(l->from.node, proto, port, linkKey, visiting, out);
        visiting.erase(id);
    }

    // Segmentation policies: may a flow from zone `from` enter zone `to`?
    bool segmentationAllows(const std::string &from, const std::string &to, std::string &policy) const
    {
        for (const auto &entry : m_t.policies) {
            const Policy &p = entry.second;
            if (p.kind != "segmentation")
                continue;
            const auto zoneIt = p.fields.find("zone");
            if (zoneIt == p.fields.end() || !zoneIt->second.isString())
                continue;
            const std::string &z = zoneIt->second.toString();
            if (to.empty() || !m_t.zoneWithin(to, z) || (!from.empty() && m_t.zoneWithin(from, z)))
                continue;
            bool allowed = false;
            const auto allowIt = p.fields.find("allow-from");
            if (allowIt != p.fields.end() && allowIt->second.isList())
                for (const Value &a : allowIt->second.toList())
                    if (a.isString() && !from.empty() && m_t.zoneWithin(from, a.toString()))
                        allowed = true;
            if (!allowed) {
                policy = p.id;
                return false;
            }
        }
        return true;
    }

    void flows()
    {
        std::set<std::string> seen;
        for (const Link &l : m_t.links) {
            const auto dst = m_placed.find(l.to.node);
            if (dst == m_placed.end())
                continue;
            const Placed &d = dst->second;
            std::optional<std::int64_t> port = l.port;
            if (!port)
                port = propInt(*d.node, d.type, "port");
            if (!port) {
                warn(d.node->id, "link " + l.key() + " has no port: no rule is written for it");
                continue;
            }
            for (const std::string &proto : ipProtocols(l.protocol)) {
                std::vector<Source> sources;
                std::set<std::string> visiting;
                resolve(l.from.node, proto, int(*port), l.key(), visiting, sources);
                for (const Source &s : sources) {
                    const Node *srcNode = s.node.empty() ? nullptr : m_t.node(s.node);
                    std::string policy;
                    if (!segmentationAllows(srcNode ? srcNode->zone : std::string(), d.node->zone, policy)) {
                        warn(d.node->id, "segmentation policy '" + policy + "' forbids the flow from "
                                             + (srcNode ? "'" + s.node + "'" : s.cidr) + " (link " + l.key()
                                             + "): no rule");
                        continue;
                    }
                    Flow f{s.node, s.cidr, d.node->id, proto, int(*port), l.key()};
                    const std::string key = f.src + "|" + f.cidr + "|" + f.dst + "|" + f.proto + "|"
                                            + std::to_string(f.port);
                    if (!seen.insert(key).second)
                        continue;
                    if (srcNode && m_placed.count(s.node) && m_placed.at(s.node).net != d.net) {
                        warn(d.node->id, "link " + l.key() + " joins two networks (" + m_placed.at(s.node).net->region
                                             + ", " + d.net->region + "): peering is not written, so no rule");
                        continue;
                    }
                    if (!srcNode && f.cidr == "0.0.0.0/0")
                        d.net->publicZones.insert(zoneOf(d));
                    if (srcNode && !m_placed.count(s.node))
                        continue; // a source that is not written
                    if (srcNode && publicApi(d.role)) {
                        const Placed &src = m_placed.at(s.node);
                        src.net->egressZones.insert(zoneOf(src));
                    }
                    m_flows.push_back(std::move(f));
                }
            }
        }
    }

    // Reached over the provider's public API, not inside the network.
    static bool publicApi(Role r) { return r == Role::Object || r == Role::Queue || r == Role::Dns; }

    // ---------------------------------------------------------------- output

    Block &block(std::string kind, std::vector<std::string> labels, tf::Blocks *where = nullptr)
    {
        auto &list = where ? *where : m_main;
        list.push_back(Block{std::move(kind), std::move(labels), Body()});
        return list.back();
    }

    Body &resource(const Net &net, const std::string &type, const std::string &name)
    {
        Body &b = block("resource", {type, name}).body;
        b.setRaw("provider", std::string(net.google ? "google." : "aws.") + net.alias);
        return b;
    }

    Body &data(const Net &net, const std::string &type, const std::string &name)
    {
        Body &b = block("data", {type, name}).body;
        b.setRaw("provider", std::string(net.google ? "google." : "aws.") + net.alias);
        return b;
    }

    std::string variable(const std::string &name, const std::string &description, bool sensitive)
    {
        if (m_variables.insert(name).second) {
            Body &b = block("variable", {name}, &m_vars).body;
            b.setRaw("type", "string");
            b.set("description", tf::literal(description));
            if (sensitive)
                b.set("sensitive", true);
        }
        return "${var." + name + "}";
    }

    // A secret property as a sensitive variable: named after its secret
    // reference when it has one, else after the node and property.
    std::string secret(const Placed &p, const std::string &key)
    {
        const Value *v = p.node->properties.count(key) ? &p.node->properties.at(key) : nullptr;
        std::string name;
        if (v && v->secretRef()) {
            name = *v->secretRef();
            for (char &c : name)
                c = char(std::tolower(static_cast<unsigned char>(c)));
            name = tfName(name);
        } else {
            name = p.name + "_" + key;
            if (v)
                warn(p.node->id, "property '" + key + "' holds a value; secrets are written as the sensitive variable "
                                     + name + ", never as values");
        }
        return variable(name, "Secret '" + key + "' of node " + p.node->id, true);
    }

    bool hasSecret(const Placed &p, const std::string &key) const { return p.node->properties.count(key) > 0; }

    ValueMap tags(const Placed &p) const
    {
        ValueMap m;
        m["skyplan-node"] = tf::literal(p.node->id);
        if (!p.zone.empty())
            m["skyplan-zone"] = tf::literal(p.zone);
        return m;
    }

    ValueMap labels(const Placed &p) const
    {
        ValueMap m;
        m["skyplan-node"] = cloudName(p.node->id, 63);
        if (!p.zone.empty())
            m["skyplan-zone"] = cloudName(p.zone, 63);
        return m;
    }

    std::string subnetName(const Net &net, const std::string &zone, const char *suffix = "") const
    {
        return net.name + "_" + tfName(zone) + suffix;
    }

    ValueList subnetIds(const Placed &p) const
    {
        const Net &net = *p.net;
        return {ref("aws_subnet", subnetName(net, zoneOf(p), "_a"), "id"),
                ref("aws_subnet", subnetName(net, zoneOf(p), "_b"), "id")};
    }

    std::string topologyName() const { return m_t.name.empty() ? std::string("skyplan") : m_t.name; }

    void network(Net &net)
    {
        Block &prov = block("provider", {net.google ? "google" : "aws"}, &m_providers);
        prov.body.set("alias", net.alias);
        prov.body.set("region", net.region);
        if (net.google) {
            prov.body.set("project", variable("project", "Google Cloud project the resources are created in", false));
            prov.body.set("default_labels", ValueMap{{"managed-by", "skyplan"}});
        } else {
            prov.body.block("default_tags").set("tags", ValueMap{{"managed-by", "skyplan"},
                                                                 {"skyplan-topology", tf::literal(topologyName())}});
        }
        // Subnet CIDRs: the network's /16 cut into equal parts.
        const bool needNatZone = !net.google && !net.egressZones.empty() && net.publicZones.empty();
        if (needNatZone) {
            net.zones.push_back("egress");
            net.publicZones.insert("egress");
        }
        const std::size_t subnets = net.zones.size() * (net.google ? 1 : 2);
        int bits = 0;
        while ((std::size_t(1) << bits) < subnets)
            ++bits;
        bits = std::max(bits, 4);
        const int prefix = std::min(16 + bits, 28);
        const auto cidr = [&net, prefix](std::size_t i) {
            const std::uint32_t base = (10u << 24) | (std::uint32_t(net.index & 0xff) << 16);
            const std::uint32_t addr = base + std::uint32_t(i << (32 - prefix));
            return std::to_string(addr >> 24) + "." + std::to_string((addr >> 16) & 0xff) + "."
                   + std::to_string((addr >> 8) & 0xff) + "." + std::to_string(addr & 0xff) + "/"
                   + std::to_string(prefix);
        };
        const std::string netLabel = cloudName(topologyName() + "-" + net.region, 60);
        if (net.google) {
            Body &vpc = resource(net, "google_compute_network", net.name);
            vpc.set("name", netLabel);
            vpc.set("auto_create_subnetworks", false);
            for (std::size_t i = 0; i < net.zones.size(); ++i) {
                const std::string &zone = net.zones[i];
                Body &s = resource(net, "google_compute_subnetwork", subnetName(net, zone));
                s.set("name", cloudName(netLabel + "-" + zone, 63));
                s.set("region", net.region);
                s.set("network", ref("google_compute_network", net.name, "id"));
                s.set("ip_cidr_range", cidr(i));
                s.set("private_ip_google_access", true);
            }
            if (!net.egressZones.empty()) {
                Body &router = resource(net, "google_compute_router", net.name);
                router.set("name", cloudName(netLabel + "-router", 63));
                router.set("region", net.region);
                router.set("network", ref("google_compute_network", net.name, "id"));
                Body &nat = resource(net, "google_compute_router_nat", net.name);
                nat.set("name", cloudName(netLabel + "-nat", 63));
                nat.set("region", net.region);
                nat.set("router", ref("google_compute_router", net.name, "name"));
                nat.set("nat_ip_allocate_option", "AUTO_ONLY");
                nat.set("source_subnetwork_ip_ranges_to_nat", "LIST_OF_SUBNETWORKS");
                for (const std::string &zone : net.egressZones) {
                    Body &sn = nat.block("subnetwork");
                    sn.set("name", ref("google_compute_subnetwork", subnetName(net, zone), "id"));
                    sn.set("source_ip_ranges_to_nat", ValueList{"ALL_IP_RANGES"});
                }
            }
            if (net.compute) {
                Body &img = data(net, "google_compute_image", net.name + "_debian");
                img.set("family", "debian-12");
                img.set("project", "debian-cloud");
            }
            if (net.privateServices) {
                Body &addr = resource(net, "google_compute_global_address", net.name + "_services");
                addr.set("name", cloudName(netLabel + "-services", 63));
                addr.set("purpose", "VPC_PEERING");
                addr.set("address_type", "INTERNAL");
                addr.set("prefix_length", 20);
                addr.set("network", ref("google_compute_network", net.name, "id"));
                Body &peer = resource(net, "google_service_networking_connection", net.name);
                peer.set("network", ref("google_compute_network", net.name, "id"));
                peer.set("service", "servicenetworking.googleapis.com");
                peer.set("reserved_peering_ranges", ValueList{ref("google_compute_global_address",
                                                                   net.name + "_services", "name")});
            }
            return;
        }
        Body &azs = data(net, "aws_availability_zones", net.name);
        azs.set("state", "available");
        if (net.compute) {
            Body &ami = data(net, "aws_ami", net.name + "_debian");
            ami.set("most_recent", true);
            ami.set("owners", ValueList{"136693071363"}); // Debian's AWS account (wiki.debian.org/Cloud/AmazonEC2Image)
            Body &f = ami.block("filter");
            f.set("name", "name");
            f.set("values", ValueList{"debian-12-amd64-*"});
            Body &f2 = ami.block("filter");
            f2.set("name", "virtualization-type");
            f2.set("values", ValueList{"hvm"});
        }
        Body &vpc = resource(net, "aws_vpc", net.name);
        vpc.set("cidr_block", "10." + std::to_string(net.index & 0xff) + ".0.0/16");
        vpc.set("enable_dns_support", true);
        vpc.set("enable_dns_hostnames", true);
        vpc.set("tags", ValueMap{{"Name", netLabel}});
        for (std::size_t i = 0; i < net.zones.size(); ++i) {
            const std::string &zone = net.zones[i];
            for (int half = 0; half < 2; ++half) {
                Body &s = resource(net, "aws_subnet", subnetName(net, zone, half ? "_b" : "_a"));
                s.set("vpc_id", ref("aws_vpc", net.name, "id"));
                s.set("cidr_block", cidr(2 * i + std::size_t(half)));
                s.set("availability_zone",
                      "${data.aws_availability_zones." + net.name + ".names[" + std::to_string(half) + "]}");
                s.set("map_public_ip_on_launch", net.publicZones.count(zone) > 0);
                s.set("tags", ValueMap{{"Name", cloudName(netLabel + "-" + zone + (half ? "-b" : "-a"), 255)},
                                       {"skyplan-zone", tf::literal(zone)}});
            }
        }
        if (net.publicZones.empty())
            return;
        Body &igw = resource(net, "aws_internet_gateway", net.name);
        igw.set("vpc_id", ref("aws_vpc", net.name, "id"));
        Body &rt = resource(net, "aws_route_table", net.name + "_public");
        rt.set("vpc_id", ref("aws_vpc", net.name, "id"));
        Body &route = resource(net, "aws_route", net.name + "_public_internet");
        route.set("route_table_id", ref("aws_route_table", net.name + "_public", "id"));
        route.set("destination_cidr_block", "0.0.0.0/0");
        route.set("gateway_id", ref("aws_internet_gateway", net.name, "id"));
        for (const std::string &zone : net.publicZones)
            for (const char *half : {"_a", "_b"}) {
                Body &a = resource(net, "aws_route_table_association", subnetName(net, zone, half));
                a.set("subnet_id", ref("aws_subnet", subnetName(net, zone, half), "id"));
                a.set("route_table_id", ref("aws_route_table", net.name + "_public", "id"));
            }
        std::vector<std::string> natZones;
        for (const std::string &zone : net.egressZones)
            if (!net.publicZones.count(zone))
                natZones.push_back(zone);
        if (natZones.empty())
            return;
        Body &eip = resource(net, "aws_eip", net.name + "_nat");
        eip.set("domain", "vpc");
        Body &nat = resource(net, "aws_nat_gateway", net.name);
        nat.set("allocation_id", ref("aws_eip", net.name + "_nat", "id"));
        nat.set("subnet_id", ref("aws_subnet", subnetName(net, *net.publicZones.begin(), "_a"), "id"));
        nat.setRaw("depends_on", ValueList{"aws_internet_gateway." + net.name});
        Body &prt = resource(net, "aws_route_table", net.name + "_private");
        prt.set("vpc_id", ref("aws_vpc", net.name, "id"));
        Body &proute = resource(net, "aws_route", net.name + "_private_nat");
        proute.set("route_table_id", ref("aws_route_table", net.name + "_private", "id"));
        proute.set("destination_cidr_block", "0.0.0.0/0");
        proute.set("nat_gateway_id", ref("aws_nat_gateway", net.name, "id"));
        for (const std::string &zone : natZones)
            for (const char *half : {"_a", "_b"}) {
                Body &a = resource(net, "aws_route_table_association", subnetName(net, zone, half));
                a.set("subnet_id", ref("aws_subnet", subnetName(net, zone, half), "id"));
                a.set("route_table_id", ref("aws_route_table", net.name + "_private", "id"));
            }
    }

    // Whether a node of this role gets an AWS security group.
    static bool hasGroup(Role r)
    {
        return r == Role::Compute || r == Role::LoadBalancer || r == Role::Database || r == Role::Cache
               || r == Role::File;
    }

    std::string group(const Placed &p) const { return ref("aws_security_group", p.name, "id"); }

    void securityGroup(const Placed &p)
    {
        Body &sg = resource(*p.net, "aws_security_group", p.name);
        sg.set("name", cloudName(topologyName() + "-" + p.node->id, 255));
        sg.set("description", tf::literal("Skyplan node " + p.node->id + ": only the drawn links"));
        sg.set("vpc_id", ref("aws_vpc", p.net->name, "id"));
        sg.set("tags", tags(p));
    }

    // The backends of a load balancer: the written compute nodes its links reach.
    std::vector<std::pair<const Placed *, int>> backends(const Placed &lb)
    {
        std::vector<std::pair<const Placed *, int>> out;
        const auto outs = m_out.find(lb.node->id);
        if (outs == m_out.end())
            return out;
        for (const Link *link : outs->second) {
            const Link &l = *link;
            const auto it = m_placed.find(l.to.node);
            if (it == m_placed.end())
                continue;
            if (it->second.role != Role::Compute) {
                warn(lb.node->id, "backend '" + l.to.node + "' is not a server: the target group leaves it out");
                continue;
            }
            if (it->second.net != lb.net)
                continue;
            std::optional<std::int64_t> port = l.port;
            if (!port)
                port = propInt(*it->second.node, it->second.type, "port");
            out.emplace_back(&it->second, int(port.value_or(80)));
        }
        return out;
    }

    void node(const Placed &p)
    {
        if (!p.net->google && hasGroup(p.role))
            securityGroup(p);
        switch (p.role) {
        case Role::Compute: p.net->google ? googleCompute(p) : awsCompute(p); break;
        case Role::LoadBalancer: p.net->google ? googleLb(p) : awsLb(p); break;
        case Role::Database: p.net->google ? googleDatabase(p) : awsDatabase(p); break;
        case Role::Cache: p.net->google ? googleCache(p) : awsCache(p); break;
        case Role::Queue: p.net->google ? googleQueue(p) : awsQueue(p); break;
        case Role::Object: p.net->google ? googleObject(p) : awsObject(p); break;
        case Role::File: p.net->google ? googleFile(p) : awsFile(p); break;
        case Role::Block: p.net->google ? googleBlock(p) : awsBlock(p); break;
        case Role::Dns: p.net->google ? googleDns(p) : awsDns(p); break;
        case Role::Vpn: p.net->google ? googleVpn(p) : awsVpn(p); break;
        default: break;
        }
    }

    std::string instanceSize(const Placed &p, bool google, const char *prefix = "")
    {
        std::string size = p.size;
        if (!size.empty() && size.size() > 3 && size.compare(size.size() - 3, 3, "-db") == 0)
            size.resize(size.size() - 3);
        if (size.empty())
            size = sizeFor(*p.node, p.type, google);
        return prefix + size;
    }

    // ------------------------------------------------------------------ AWS

    void awsCompute(const Placed &p)
    {
        const Net &net = *p.net;
        Body &lt = resource(net, "aws_launch_template", p.name);
        lt.set("name_prefix", cloudName(p.node->id, 100) + "-");
        lt.set("image_id", "${data.aws_ami." + net.name + "_debian.id}");
        lt.set("instance_type", instanceSize(p, false));
        lt.set("vpc_security_group_ids", ValueList{group(p)});
        lt.block("metadata_options").set("http_tokens", "required");
        Body &ts = lt.block("tag_specifications");
        ts.set("resource_type", "instance");
        ValueMap t = tags(p);
        const std::string image = propString(*p.node, p.type, "image");
        if (!image.empty())
            t["skyplan-image"] = tf::literal(image);
        ts.set("tags", t);
        lt.set("tags", tags(p));
        Body &asg = resource(net, "aws_autoscaling_group", p.name);
        asg.set("name", cloudName(topologyName() + "-" + p.node->id, 255));
        asg.set("min_size", p.node->replicas);
        asg.set("max_size", p.node->replicas);
        asg.set("desired_capacity", p.node->replicas);
        asg.set("vpc_zone_identifier", subnetIds(p));
        ValueList groups;
        if (const auto it = m_targetGroups.find(p.node->id); it != m_targetGroups.end())
            for (const std::string &tg : it->second)
                groups.push_back(ref("aws_lb_target_group", tg, "arn"));
        if (!groups.empty())
            asg.set("target_group_arns", groups);
        Body &spec = asg.block("launch_template");
        spec.set("id", ref("aws_launch_template", p.name, "id"));
        spec.set("version", "$Latest");
        Body &tag = asg.block("tag");
        tag.set("key", "skyplan-node");
        tag.set("value", tf::literal(p.node->id));
        tag.set("propagate_at_launch", true);
    }

    void awsLb(const Placed &p)
    {
        const Net &net = *p.net;
        const bool isPublic = net.publicZones.count(zoneOf(p)) > 0;
        const auto backs = backends(p);
        const int port = int(propInt(*p.node, p.type, "port").value_or(443));
        const bool tls = port == 443 || hasSecret(p, "tls_certificate");
        Body &lb = resource(net, "aws_lb", p.name);
        lb.set("name", cloudName(p.node->id, 32));
        lb.set("internal", !isPublic);
        lb.set("load_balancer_type", "application");
        lb.set("security_groups", ValueList{group(p)});
        lb.set("subnets", subnetIds(p));
        if (const auto idle = propInt(*p.node, p.type, "idle_timeout"))
            lb.set("idle_timeout", *idle);
        lb.set("tags", tags(p));
        std::vector<std::string> tgs;
        for (const auto &back : backs) {
            const std::string name = p.name + "_" + back.first->name;
            Body &tg = resource(net, "aws_lb_target_group", name);
            tg.set("name", cloudName(p.node->id + "-" + back.first->node->id, 32));
            tg.set("port", back.second);
            tg.set("protocol", "HTTP");
            tg.set("vpc_id", ref("aws_vpc", net.name, "id"));
            tg.set("target_type", "instance");
            if (propString(*p.node, p.type, "algorithm") == "least_conn")
                tg.set("load_balancing_algorithm_type", "least_outstanding_requests");
            if (propBool(*p.node, p.type, "sticky_sessions", false)) {
                Body &st = tg.block("stickiness");
                st.set("type", "lb_cookie");
                st.set("enabled", true);
            }
            Body &hc = tg.block("health_check");
            hc.set("path", tf::literal(propString(*p.node, p.type, "health_check", "/")));
            hc.set("matcher", "200-399");
            tg.set("tags", tags(p));
            tgs.push_back(name);
            m_targetGroups[back.first->node->id].push_back(name);
        }
        if (propString(*p.node, p.type, "algorithm") == "ip_hash")
            warn(p.node->id, "algorithm 'ip_hash' has no Application Load Balancer counterpart (round robin is used)");
        Body &listener = resource(net, "aws_lb_listener", p.name);
        listener.set("load_balancer_arn", ref("aws_lb", p.name, "arn"));
        listener.set("port", port);
        listener.set("protocol", tls ? "HTTPS" : "HTTP");
        if (tls) {
            Body &cert = resource(net, "aws_acm_certificate", p.name);
            cert.set("certificate_body", variable(p.name + "_tls_certificate",
                                                  "PEM certificate the load balancer " + p.node->id + " serves", true));
            cert.set("private_key", variable(p.name + "_tls_private_key",
                                             "PEM private key of the certificate of " + p.node->id, true));
            cert.set("tags", tags(p));
            listener.set("ssl_policy", "ELBSecurityPolicy-TLS13-1-2-2021-06");
            listener.set("certificate_arn", ref("aws_acm_certificate", p.name, "arn"));
        }
        Body &action = listener.block("default_action");
        if (tgs.empty()) {
            action.set("type", "fixed-response");
            Body &fixed = action.block("fixed_response");
            fixed.set("content_type", "text/plain");
            fixed.set("status_code", "503");
        } else if (tgs.size() == 1) {
            action.set("type", "forward");
            action.set("target_group_arn", ref("aws_lb_target_group", tgs[0], "arn"));
        } else {
            action.set("type", "forward");
            Body &fwd = action.block("forward");
            for (const std::string &tg : tgs)
                fwd.block("target_group").set("arn", ref("aws_lb_target_group", tg, "arn"));
        }
    }

    std::string lowerId(const Placed &p, std::size_t max) const { return cloudName(p.node->id, max); }

    void awsDatabase(const Placed &p)
    {
        const Net &net = *p.net;
        const std::string engine = propString(*p.node, p.type, "engine", "postgres");
        const auto port = propInt(*p.node, p.type, "port");
        const bool secretSet = hasSecret(p, "password");
        if (engine == "mongodb") {
            Body &sng = resource(net, "aws_docdb_subnet_group", p.name);
            sng.set("name", lowerId(p, 255));
            sng.set("subnet_ids", subnetIds(p));
            Body &c = resource(net, "aws_docdb_cluster", p.name);
            c.set("cluster_identifier", lowerId(p, 63));
            c.set("engine", "docdb");
            c.set("master_username", tf::literal(propString(*p.node, p.type, "user", "app")));
            if (secretSet)
                c.set("master_password", secret(p, "password"));
            else
                c.set("manage_master_user_password", true);
            if (port)
                c.set("port", *port);
            c.set("storage_encrypted", true);
            c.set("db_subnet_group_name", ref("aws_docdb_subnet_group", p.name, "name"));
            c.set("vpc_security_group_ids", ValueList{group(p)});
            c.set("backup_retention_period", std::max<std::int64_t>(1, propInt(*p.node, p.type, "backup_retention_days").value_or(7)));
            c.set("final_snapshot_identifier", lowerId(p, 50) + "-final");
            c.set("tags", tags(p));
            for (int i = 0; i < std::max(1, p.node->replicas); ++i) {
                Body &inst = resource(net, "aws_docdb_cluster_instance", p.name + "_" + std::to_string(i + 1));
                inst.set("identifier", lowerId(p, 55) + "-" + std::to_string(i + 1));
                inst.set("cluster_identifier", ref("aws_docdb_cluster", p.name, "id"));
                inst.set("instance_class", instanceSize(p, false, "db."));
                inst.set("tags", tags(p));
            }
            warn(p.node->id, "engine 'mongodb' becomes Amazon DocumentDB (MongoDB compatible); version and db_name are "
                             "not carried");
            return;
        }
        Body &sng = resource(net, "aws_db_subnet_group", p.name);
        sng.set("name", lowerId(p, 255));
        sng.set("subnet_ids", subnetIds(p));
        sng.set("tags", tags(p));
        Body &db = resource(net, "aws_db_instance", p.name);
        db.set("identifier", lowerId(p, 63));
        db.set("engine", engine);
        const std::string version = propString(*p.node, p.type, "version");
        if (!version.empty())
            db.set("engine_version", tf::literal(version));
        db.set("instance_class", instanceSize(p, false, "db."));
        db.set("allocated_storage", propGiB(*p.node, p.type, "storage", 20));
        db.set("storage_type", "gp3");
        db.set("storage_encrypted", true);
        const std::string dbName = propString(*p.node, p.type, "db_name");
        if (!dbName.empty())
            db.set("db_name", tf::literal(dbName));
        db.set("username", tf::literal(propString(*p.node, p.type, "user", "app")));
        if (secretSet)
            db.set("password", secret(p, "password"));
        else
            db.set("manage_master_user_password", true);
        if (port)
            db.set("port", *port);
        db.set("multi_az", p.node->replicas >= 2);
        db.set("backup_retention_period", propInt(*p.node, p.type, "backup_retention_days").value_or(7));
        db.set("db_subnet_group_name", ref("aws_db_subnet_group", p.name, "name"));
        db.set("vpc_security_group_ids", ValueList{group(p)});
        db.set("publicly_accessible", false);
        db.set("copy_tags_to_snapshot", true);
        db.set("final_snapshot_identifier", lowerId(p, 50) + "-final");
        db.set("tags", tags(p));
        if (p.node->replicas > 2)
            warn(p.node->id, "replicas " + std::to_string(p.node->replicas)
                                 + ": a Multi-AZ instance has one standby; read replicas are not written");
    }

    void awsCache(const Placed &p)
    {
        const Net &net = *p.net;
        const std::string engine = propString(*p.node, p.type, "engine", "redis");
        Body &sng = resource(net, "aws_elasticache_subnet_group", p.name);
        sng.set("name", lowerId(p, 255));
        sng.set("subnet_ids", subnetIds(p));
        const auto port = propInt(*p.node, p.type, "port");
        const std::string version = propString(*p.node, p.type, "version");
        if (engine == "memcached") {
            Body &c = resource(net, "aws_elasticache_cluster", p.name);
            c.set("cluster_id", lowerId(p, 40));
            c.set("engine", "memcached");
            if (!version.empty())
                c.set("engine_version", tf::literal(version));
            c.set("node_type", instanceSize(p, false, "cache."));
            c.set("num_cache_nodes", std::max(1, p.node->replicas));
            if (port)
                c.set("port", *port);
            c.set("subnet_group_name", ref("aws_elasticache_subnet_group", p.name, "name"));
            c.set("security_group_ids", ValueList{group(p)});
            c.set("tags", tags(p));
            if (hasSecret(p, "password"))
                warn(p.node->id, "memcached on ElastiCache has no password: 'password' is not carried");
            return;
        }
        Body &rg = resource(net, "aws_elasticache_replication_group", p.name);
        rg.set("replication_group_id", lowerId(p, 40));
        rg.set("description", tf::literal("Skyplan node " + p.node->id));
        rg.set("engine", "redis");
        if (!version.empty())
            rg.set("engine_version", tf::literal(version));
        rg.set("node_type", instanceSize(p, false, "cache."));
        rg.set("num_cache_clusters", std::max(1, p.node->replicas));
        rg.set("automatic_failover_enabled", p.node->replicas >= 2);
        rg.set("multi_az_enabled", p.node->replicas >= 2);
        if (port)
            rg.set("port", *port);
        rg.set("subnet_group_name", ref("aws_elasticache_subnet_group", p.name, "name"));
        rg.set("security_group_ids", ValueList{group(p)});
        rg.set("at_rest_encryption_enabled", true);
        if (hasSecret(p, "password")) {
            rg.set("transit_encryption_enabled", true);
            rg.set("auth_token", secret(p, "password"));
        }
        rg.set("tags", tags(p));
    }

    void awsQueue(const Placed &p)
    {
        const std::string engine = propString(*p.node, p.type, "engine", "rabbitmq");
        Body &q = resource(*p.net, "aws_sqs_queue", p.name);
        q.set("name", cloudName(topologyName() + "-" + p.node->id, 80));
        const std::int64_t hours = propInt(*p.node, p.type, "retention_hours").value_or(96);
        q.set("message_retention_seconds", std::clamp<std::int64_t>(hours * 3600, 60, 1209600));
        if (hours * 3600 > 1209600)
            warn(p.node->id, "retention_hours " + std::to_string(hours) + " is beyond SQS's 14 days (kept 14 days)");
        q.set("sqs_managed_sse_enabled", true);
        q.set("tags", tags(p));
        warn(p.node->id, "engine '" + engine + "' becomes Amazon SQS: clients use the SQS API (HTTPS), not the "
                         "broker's protocol");
    }

    void awsObject(const Placed &p)
    {
        const Net &net = *p.net;
        Body &b = resource(net, "aws_s3_bucket", p.name);
        b.set("bucket", tf::literal(propString(*p.node, p.type, "bucket", cloudName(p.node->id, 63))));
        b.set("tags", tags(p));
        const std::string bucket = ref("aws_s3_bucket", p.name, "id");
        Body &pab = resource(net, "aws_s3_bucket_public_access_block", p.name);
        pab.set("bucket", bucket);
        for (const char *k : {"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"})
            pab.set(k, true);
        if (propBool(*p.node, p.type, "versioning", false)) {
            Body &v = resource(net, "aws_s3_bucket_versioning", p.name);
            v.set("bucket", bucket);
            v.block("versioning_configuration").set("status", "Enabled");
        }
        const std::string enc = propString(*p.node, p.type, "encryption", "sse_s3");
        if (enc != "none") {
            Body &e = resource(net, "aws_s3_bucket_server_side_encryption_configuration", p.name);
            e.set("bucket", bucket);
            e.block("rule").block("apply_server_side_encryption_by_default")
                .set("sse_algorithm", enc == "sse_kms" ? "aws:kms" : "AES256");
        }
        if (const auto days = propInt(*p.node, p.type, "lifecycle_days"); days && *days > 0) {
            Body &l = resource(net, "aws_s3_bucket_lifecycle_configuration", p.name);
            l.set("bucket", bucket);
            Body &rule = l.block("rule");
            rule.set("id", "expire");
            rule.set("status", "Enabled");
            rule.block("filter").set("prefix", "");
            rule.block("expiration").set("days", *days);
        }
    }

    void awsFile(const Placed &p)
    {
        const Net &net = *p.net;
        Body &fs = resource(net, "aws_efs_file_system", p.name);
        fs.set("creation_token", cloudName(topologyName() + "-" + p.node->id, 64));
        fs.set("encrypted", true);
        fs.set("tags", tags(p));
        for (const char *half : {"_a", "_b"}) {
            Body &mt = resource(net, "aws_efs_mount_target", p.name + half);
            mt.set("file_system_id", ref("aws_efs_file_system", p.name, "id"));
            mt.set("subnet_id", ref("aws_subnet", subnetName(net, zoneOf(p), half), "id"));
            mt.set("security_groups", ValueList{group(p)});
        }
        if (p.node->properties.count("size"))
            warn(p.node->id, "size: Amazon EFS grows as it is used and has no fixed size");
    }

    void awsBlock(const Placed &p)
    {
        Body &v = resource(*p.net, "aws_ebs_volume", p.name);
        v.set("availability_zone", "${data.aws_availability_zones." + p.net->name + ".names[0]}");
        v.set("size", propGiB(*p.node, p.type, "size", 1));
        v.set("type", "gp3");
        if (const auto iops = propInt(*p.node, p.type, "iops"))
            v.set("iops", std::clamp<std::int64_t>(*iops, 3000, 80000));
        v.set("encrypted", propBool(*p.node, p.type, "encrypted", true));
        v.set("tags", tags(p));
        warn(p.node->id, "the volume is not attached: the servers linked to it run in an auto scaling group");
    }

    void awsDns(const Placed &p)
    {
        Body &z = resource(*p.net, "aws_route53_zone", p.name);
        z.set("name", tf::literal(propString(*p.node, p.type, "domain", "example.com")));
        z.set("tags", tags(p));
        if (propBool(*p.node, p.type, "dnssec", false))
            warn(p.node->id, "dnssec: signing needs a KMS key and aws_route53_key_signing_key (not written)");
    }

    void awsVpn(const Placed &p)
    {
        const Net &net = *p.net;
        Body &gw = resource(net, "aws_vpn_gateway", p.name);
        gw.set("vpc_id", ref("aws_vpc", net.name, "id"));
        gw.set("tags", tags(p));
        Body &cgw = resource(net, "aws_customer_gateway", p.name);
        cgw.set("bgp_asn", "65000");
        cgw.set("ip_address", tf::literal(propString(*p.node, p.type, "peer", "192.0.2.1")));
        cgw.set("type", "ipsec.1");
        cgw.set("tags", tags(p));
        Body &c = resource(net, "aws_vpn_connection", p.name);
        c.set("vpn_gateway_id", ref("aws_vpn_gateway", p.name, "id"));
        c.set("customer_gateway_id", ref("aws_customer_gateway", p.name, "id"));
        c.set("type", "ipsec.1");
        c.set("static_routes_only", true);
        if (hasSecret(p, "psk")) {
            const std::string psk = secret(p, "psk");
            c.set("tunnel1_preshared_key", psk);
            c.set("tunnel2_preshared_key", psk);
        }
        const std::string ike = propString(*p.node, p.type, "ike_version", "ikev2");
        c.set("tunnel1_ike_versions", ValueList{ike});
        c.set("tunnel2_ike_versions", ValueList{ike});
        c.set("tags", tags(p));
        const std::string remote = propString(*p.node, p.type, "remote_subnet");
        if (!remote.empty()) {
            Body &r = resource(net, "aws_vpn_connection_route", p.name);
            r.set("destination_cidr_block", remote);
            r.set("vpn_connection_id", ref("aws_vpn_connection", p.name, "id"));
        }
    }

    // --------------------------------------------------------------- Google

    std::string tag(const std::string &id) const { return cloudName("sp-" + id, 63); }

    std::string googleSubnet(const Placed &p) const
    {
        return ref("google_compute_subnetwork", subnetName(*p.net, zoneOf(p)), "id");
    }

    void googleCompute(const Placed &p)
    {
        const Net &net = *p.net;
        Body &t = resource(net, "google_compute_instance_template", p.name);
        t.set("name_prefix", cloudName(p.node->id, 36) + "-");
        t.set("machine_type", instanceSize(p, true));
        t.set("region", net.region);
        t.set("tags", ValueList{tag(p.node->id)});
        ValueMap l = labels(p);
        t.set("labels", l);
        const std::string image = propString(*p.node, p.type, "image");
        if (!image.empty())
            t.set("metadata", ValueMap{{"skyplan-image", tf::literal(image)}});
        Body &disk = t.block("disk");
        disk.set("source_image", "${data.google_compute_image." + net.name + "_debian.self_link}");
        disk.set("auto_delete", true);
        disk.set("boot", true);
        Body &nic = t.block("network_interface");
        nic.set("subnetwork", googleSubnet(p));
        if (net.publicZones.count(zoneOf(p)))
            nic.block("access_config").set("network_tier", "PREMIUM");
        t.block("shielded_instance_config").set("enable_secure_boot", true);
        t.block("lifecycle").set("create_before_destroy", true);
        Body &mig = resource(net, "google_compute_region_instance_group_manager", p.name);
        mig.set("name", cloudName(topologyName() + "-" + p.node->id, 63));
        mig.set("region", net.region);
        mig.set("base_instance_name", cloudName(p.node->id, 50));
        mig.set("target_size", p.node->replicas);
        mig.block("version").set("instance_template", ref("google_compute_instance_template", p.name, "id"));
        if (const auto port = propInt(*p.node, p.type, "port")) {
            Body &np = mig.block("named_port");
            np.set("name", "http");
            np.set("port", *port);
        }
    }

    void googleLb(const Placed &p)
    {
        const Net &net = *p.net;
        const bool isPublic = net.publicZones.count(zoneOf(p)) > 0;
        const auto backs = backends(p);
        const int port = int(propInt(*p.node, p.type, "port").value_or(443));
        const std::string base = cloudName(topologyName() + "-" + p.node->id, 50);
        Body &hc = resource(net, "google_compute_health_check", p.name);
        hc.set("name", base + "-hc");
        {
            Body &http = hc.block("http_health_check");
            http.set("port_specification", "USE_SERVING_PORT");
            http.set("request_path", tf::literal(propString(*p.node, p.type, "health_check", "/")));
        }
        // Google's health checkers reach the backends from these ranges
        // (cloud.google.com/load-balancing/docs/health-check-concepts).
        for (const auto &back : backs) {
            Flow f{std::string(), "35.191.0.0/16,130.211.0.0/22", back.first->node->id, "tcp", back.second,
                   "health checks of " + p.node->id};
            m_flows.push_back(f);
        }
        if (isPublic) {
            Body &bs = resource(net, "google_compute_backend_service", p.name);
            bs.set("name", base);
            bs.set("protocol", "HTTP");
            bs.set("port_name", "http");
            bs.set("load_balancing_scheme", "EXTERNAL_MANAGED");
            bs.set("health_checks", ValueList{ref("google_compute_health_check", p.name, "id")});
            if (propBool(*p.node, p.type, "sticky_sessions", false))
                bs.set("session_affinity", "GENERATED_COOKIE");
            for (const auto &back : backs) {
                Body &b = bs.block("backend");
                b.set("group", ref("google_compute_region_instance_group_manager", back.first->name, "instance_group"));
                b.set("balancing_mode", "UTILIZATION");
            }
            Body &um = resource(net, "google_compute_url_map", p.name);
            um.set("name", base);
            um.set("default_service", ref("google_compute_backend_service", p.name, "id"));
            const bool tls = port == 443 || hasSecret(p, "tls_certificate");
            Body *proxy = nullptr;
            if (tls) {
                Body &cert = resource(net, "google_compute_ssl_certificate", p.name);
                cert.set("name_prefix", cloudName(p.node->id, 30) + "-");
                cert.set("certificate", variable(p.name + "_tls_certificate",
                                                 "PEM certificate the load balancer " + p.node->id + " serves", true));
                cert.set("private_key", variable(p.name + "_tls_private_key",
                                                 "PEM private key of the certificate of " + p.node->id, true));
                cert.block("lifecycle").set("create_before_destroy", true);
                proxy = &resource(net, "google_compute_target_https_proxy", p.name);
                proxy->set("ssl_certificates", ValueList{ref("google_compute_ssl_certificate", p.name, "id")});
            } else {
                proxy = &resource(net, "google_compute_target_http_proxy", p.name);
            }
            proxy->set("name", base);
            proxy->set("url_map", ref("google_compute_url_map", p.name, "id"));
            Body &fr = resource(net, "google_compute_global_forwarding_rule", p.name);
            fr.set("name", base);
            fr.set("target", ref(tls ? "google_compute_target_https_proxy" : "google_compute_target_http_proxy",
                                 p.name, "id"));
            fr.set("port_range", std::to_string(port));
            fr.set("load_balancing_scheme", "EXTERNAL_MANAGED");
            fr.set("labels", labels(p));
            return;
        }
        Body &bs = resource(net, "google_compute_region_backend_service", p.name);
        bs.set("name", base);
        bs.set("region", net.region);
        bs.set("protocol", "TCP");
        bs.set("load_balancing_scheme", "INTERNAL");
        bs.set("health_checks", ValueList{ref("google_compute_health_check", p.name, "id")});
        for (const auto &back : backs) {
            Body &b = bs.block("backend");
            b.set("group", ref("google_compute_region_instance_group_manager", back.first->name, "instance_group"));
            b.set("balancing_mode", "CONNECTION");
        }
        Body &fr = resource(net, "google_compute_forwarding_rule", p.name);
        fr.set("name", base);
        fr.set("region", net.region);
        fr.set("load_balancing_scheme", "INTERNAL");
        fr.set("backend_service", ref("google_compute_region_backend_service", p.name, "id"));
        ValueList ports;
        for (const auto &back : backs)
            if (std::find(ports.begin(), ports.end(), Value(std::to_string(back.second))) == ports.end())
                ports.push_back(std::to_string(back.second));
        if (ports.empty())
            ports.push_back(std::to_string(port));
        fr.set("ports", ports);
        fr.set("network", ref("google_compute_network", net.name, "id"));
        fr.set("subnetwork", googleSubnet(p));
        fr.set("labels", labels(p));
        if (port != 0 && backs.size() && std::to_string(port) != ports.front().toString())
            warn(p.node->id, "port " + std::to_string(port)
                                 + ": an internal passthrough load balancer serves on its backends' ports");
    }

    void googleDatabase(const Placed &p)
    {
        const Net &net = *p.net;
        const std::string engine = propString(*p.node, p.type, "engine", "postgres");
        if (engine == "mongodb") {
            warn(p.node->id, "engine 'mongodb' has no Cloud SQL counterpart: not written");
            return;
        }
        std::string version = propString(*p.node, p.type, "version", engine == "postgres" ? "16" : "8.0");
        std::string major = version.substr(0, version.find('.'));
        std::string dbVersion;
        if (engine == "postgres")
            dbVersion = "POSTGRES_" + major;
        else {
            if (engine == "mariadb")
                warn(p.node->id, "engine 'mariadb' becomes Cloud SQL for MySQL 8.0");
            dbVersion = engine == "mysql" && version.find('.') != std::string::npos
                            ? "MYSQL_" + major + "_" + version.substr(version.find('.') + 1, 1)
                            : std::string("MYSQL_8_0");
        }
        Body &db = resource(net, "google_sql_database_instance", p.name);
        db.set("name", cloudName(topologyName() + "-" + p.node->id, 80));
        db.set("region", net.region);
        db.set("database_version", dbVersion);
        db.set("deletion_protection", true);
        Body &s = db.block("settings");
        const double cpu = p.node->resources.cpu.value_or(p.type ? p.type->cpu.defaultValue : 2);
        int vcpu = std::max(1, int(std::ceil(cpu)));
        if (vcpu > 1 && vcpu % 2)
            ++vcpu; // custom machine types take 1 or an even number of vCPUs
        const double memGiB = double(p.node->resources.memory.value_or(std::uint64_t(8) << 30)) / double(1ull << 30);
        const int memMiB = std::clamp(int(std::ceil(memGiB * 4)) * 256, 3840, vcpu * 6656);
        s.set("tier", "db-custom-" + std::to_string(vcpu) + "-" + std::to_string(std::max(memMiB, 3840)));
        s.set("availability_type", p.node->replicas >= 2 ? "REGIONAL" : "ZONAL");
        s.set("disk_size", propGiB(*p.node, p.type, "storage", 10));
        s.set("disk_autoresize", true);
        s.set("user_labels", labels(p));
        Body &ip = s.block("ip_configuration");
        ip.set("ipv4_enabled", false);
        ip.set("private_network", ref("google_compute_network", net.name, "id"));
        const auto days = propInt(*p.node, p.type, "backup_retention_days").value_or(7);
        Body &backup = s.block("backup_configuration");
        backup.set("enabled", days > 0);
        if (days > 0)
            backup.block("backup_retention_settings").set("retained_backups", days);
        if (days > 0 && engine == "postgres")
            backup.set("point_in_time_recovery_enabled", true);
        else if (days > 0)
            backup.set("binary_log_enabled", true);
        db.setRaw("depends_on", ValueList{"google_service_networking_connection." + net.name});
        const std::string dbName = propString(*p.node, p.type, "db_name");
        if (!dbName.empty()) {
            Body &d = resource(net, "google_sql_database", p.name);
            d.set("name", tf::literal(dbName));
            d.set("instance", ref("google_sql_database_instance", p.name, "name"));
        }
        Body &u = resource(net, "google_sql_user", p.name);
        u.set("name", tf::literal(propString(*p.node, p.type, "user", "app")));
        u.set("instance", ref("google_sql_database_instance", p.name, "name"));
        if (hasSecret(p, "password"))
            u.set("password", secret(p, "password"));
        if (propInt(*p.node, p.type, "port").value_or(0) != (engine == "postgres" ? 5432 : 3306))
            warn(p.node->id, "port: Cloud SQL serves on the engine's standard port");
        m_privateAccess.insert(p.node->id);
    }

    void googleCache(const Placed &p)
    {
        const Net &net = *p.net;
        const std::string engine = propString(*p.node, p.type, "engine", "redis");
        if (engine == "memcached") {
            Body &m = resource(net, "google_memcache_instance", p.name);
            m.set("name", cloudName(topologyName() + "-" + p.node->id, 40));
            m.set("region", net.region);
            m.set("authorized_network", ref("google_compute_network", net.name, "id"));
            m.set("node_count", std::max(1, p.node->replicas));
            Body &cfg = m.block("node_config");
            cfg.set("cpu_count", std::max(1, int(std::ceil(p.node->resources.cpu.value_or(1)))));
            cfg.set("memory_size_mb", std::max<std::int64_t>(1024, propGiB(*p.node, p.type, "max_memory", 1) * 1024));
            m.set("labels", labels(p));
            m.setRaw("depends_on", ValueList{"google_service_networking_connection." + net.name});
            m_privateAccess.insert(p.node->id);
            return;
        }
        Body &r = resource(net, "google_redis_instance", p.name);
        r.set("name", cloudName(topologyName() + "-" + p.node->id, 40));
        r.set("region", net.region);
        r.set("tier", p.node->replicas >= 2 ? "STANDARD_HA" : "BASIC");
        r.set("memory_size_gb", propGiB(*p.node, p.type, "max_memory", 1));
        std::string version = propString(*p.node, p.type, "version", "7.2");
        std::replace(version.begin(), version.end(), '.', '_');
        r.set("redis_version", "REDIS_" + version);
        r.set("authorized_network", ref("google_compute_network", net.name, "id"));
        r.set("connect_mode", "PRIVATE_SERVICE_ACCESS");
        r.set("auth_enabled", hasSecret(p, "password"));
        r.set("transit_encryption_mode", "SERVER_AUTHENTICATION");
        r.set("labels", labels(p));
        r.setRaw("depends_on", ValueList{"google_service_networking_connection." + net.name});
        if (hasSecret(p, "password"))
            warn(p.node->id, "password: Memorystore generates the AUTH string (read it from the auth_string attribute)");
        m_privateAccess.insert(p.node->id);
    }

    void googleQueue(const Placed &p)
    {
        const std::string engine = propString(*p.node, p.type, "engine", "rabbitmq");
        const std::int64_t hours = std::clamp<std::int64_t>(propInt(*p.node, p.type, "retention_hours").value_or(168), 1, 744);
        Body &t = resource(*p.net, "google_pubsub_topic", p.name);
        t.set("name", cloudName(topologyName() + "-" + p.node->id, 255));
        t.set("message_retention_duration", std::to_string(hours * 3600) + "s");
        t.set("labels", labels(p));
        Body &s = resource(*p.net, "google_pubsub_subscription", p.name);
        s.set("name", cloudName(topologyName() + "-" + p.node->id, 250) + "-sub");
        s.set("topic", ref("google_pubsub_topic", p.name, "id"));
        s.set("message_retention_duration", std::to_string(std::min<std::int64_t>(hours, 168) * 3600) + "s");
        s.set("labels", labels(p));
        warn(p.node->id, "engine '" + engine + "' becomes Pub/Sub: clients use the Pub/Sub API, not the broker's "
                         "protocol");
    }

    void googleObject(const Placed &p)
    {
        Body &b = resource(*p.net, "google_storage_bucket", p.name);
        b.set("name", tf::literal(propString(*p.node, p.type, "bucket", cloudName(p.node->id, 63))));
        std::string location = p.net->region;
        for (char &c : location)
            c = char(std::toupper(static_cast<unsigned char>(c)));
        b.set("location", location);
        b.set("uniform_bucket_level_access", true);
        b.set("public_access_prevention", "enforced");
        b.set("labels", labels(p));
        if (propBool(*p.node, p.type, "versioning", false))
            b.block("versioning").set("enabled", true);
        if (const auto days = propInt(*p.node, p.type, "lifecycle_days"); days && *days > 0) {
            Body &rule = b.block("lifecycle_rule");
            rule.block("condition").set("age", *days);
            rule.block("action").set("type", "Delete");
        }
        if (propString(*p.node, p.type, "encryption") == "sse_kms")
            warn(p.node->id, "encryption 'sse_kms': the bucket uses Google-managed keys (a Cloud KMS key is not written)");
    }

    void googleFile(const Placed &p)
    {
        Body &f = resource(*p.net, "google_filestore_instance", p.name);
        f.set("name", cloudName(topologyName() + "-" + p.node->id, 63));
        f.set("location", p.net->region + "-b");
        f.set("tier", "BASIC_HDD");
        Body &share = f.block("file_shares");
        std::string name;
        for (const char c : propString(*p.node, p.type, "export", "/export"))
            if (std::isalnum(static_cast<unsigned char>(c)) || c == '_')
                name += char(std::tolower(static_cast<unsigned char>(c)));
        if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0])))
            name.insert(0, "share");
        share.set("name", name.substr(0, 16));
        share.set("capacity_gb", std::max<std::int64_t>(1024, propGiB(*p.node, p.type, "size", 1024)));
        Body &nw = f.block("networks");
        nw.set("network", ref("google_compute_network", p.net->name, "name"));
        nw.set("modes", ValueList{"MODE_IPV4"});
        f.set("labels", labels(p));
        m_privateAccess.insert(p.node->id);
    }

    void googleBlock(const Placed &p)
    {
        Body &d = resource(*p.net, "google_compute_disk", p.name);
        d.set("name", cloudName(topologyName() + "-" + p.node->id, 63));
        d.set("zone", p.net->region + "-b");
        d.set("size", propGiB(*p.node, p.type, "size", 1));
        d.set("type", "pd-balanced");
        d.set("labels", labels(p));
        warn(p.node->id, "the disk is not attached: the servers linked to it run in a managed instance group");
    }

    void googleDns(const Placed &p)
    {
        Body &z = resource(*p.net, "google_dns_managed_zone", p.name);
        z.set("name", cloudName(topologyName() + "-" + p.node->id, 63));
        std::string domain = propString(*p.node, p.type, "domain", "example.com");
        if (domain.empty() || domain.back() != '.')
            domain += '.';
        z.set("dns_name", tf::literal(domain));
        z.set("visibility", "public");
        z.set("labels", labels(p));
        if (propBool(*p.node, p.type, "dnssec", false))
            z.block("dnssec_config").set("state", "on");
    }

    void googleVpn(const Placed &p)
    {
        const Net &net = *p.net;
        const std::string base = cloudName(topologyName() + "-" + p.node->id, 50);
        Body &gw = resource(net, "google_compute_ha_vpn_gateway", p.name);
        gw.set("name", base);
        gw.set("region", net.region);
        gw.set("network", ref("google_compute_network", net.name, "id"));
        Body &peer = resource(net, "google_compute_external_vpn_gateway", p.name);
        peer.set("name", base + "-peer");
        peer.set("redundancy_type", "SINGLE_IP_INTERNALLY_REDUNDANT");
        Body &iface = peer.block("interface");
        iface.set("id", 0);
        iface.set("ip_address", tf::literal(propString(*p.node, p.type, "peer", "192.0.2.1")));
        Body &router = resource(net, "google_compute_router", p.name);
        router.set("name", base + "-router");
        router.set("region", net.region);
        router.set("network", ref("google_compute_network", net.name, "id"));
        router.block("bgp").set("asn", 64514);
        Body &tunnel = resource(net, "google_compute_vpn_tunnel", p.name);
        tunnel.set("name", base + "-tunnel");
        tunnel.set("region", net.region);
        tunnel.set("vpn_gateway", ref("google_compute_ha_vpn_gateway", p.name, "id"));
        tunnel.set("vpn_gateway_interface", 0);
        tunnel.set("peer_external_gateway", ref("google_compute_external_vpn_gateway", p.name, "id"));
        tunnel.set("peer_external_gateway_interface", 0);
        tunnel.set("router", ref("google_compute_router", p.name, "id"));
        tunnel.set("ike_version", propString(*p.node, p.type, "ike_version", "ikev2") == "ikev1" ? 1 : 2);
        if (hasSecret(p, "psk"))
            tunnel.set("shared_secret", secret(p, "psk"));
        warn(p.node->id, "the tunnel's BGP session (router interface and peer) is not written: add it for your peer");
    }

    // ---------------------------------------------------------------- rules

    std::string ruleName(const Flow &f, const char *dir) const
    {
        const std::string src = f.src.empty() ? (f.cidr == "0.0.0.0/0" ? std::string("internet") : std::string("cidr"))
                                              : m_placed.at(f.src).name;
        return m_placed.at(f.dst).name + "_" + dir + "_" + src + "_" + f.proto + "_" + std::to_string(f.port);
    }

    std::string unique(std::set<std::string> &used, std::string name)
    {
        while (!used.insert(name).second)
            name += "_";
        return name;
    }

    void rules()
    {
        std::set<std::string> usedAws, usedGoogle;
        std::set<std::string> noRule; // a warning per destination, not per link
        for (const Flow &f : m_flows) {
            const Placed &dst = m_placed.at(f.dst);
            const Placed *src = f.src.empty() ? nullptr : &m_placed.at(f.src);
            const Net &net = *dst.net;
            std::vector<std::string> cidrs;
            if (!src) {
                std::string c = f.cidr;
                std::size_t at = 0;
                while (at <= c.size()) {
                    const auto comma = c.find(',', at);
                    cidrs.push_back(c.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
                    if (comma == std::string::npos)
                        break;
                    at = comma + 1;
                }
            }
            if (net.google) {
                if (dst.role != Role::Compute) {
                    if (src && src->role == Role::Compute && !publicApi(dst.role) && !m_privateAccess.count(dst.node->id)
                        && dst.role != Role::LoadBalancer && dst.role != Role::Vpn)
                        continue;
                    if (dst.role == Role::LoadBalancer && src)
                        continue; // an internal passthrough load balancer keeps the client's address: the backends' rules
                    if (noRule.insert(dst.node->id).second && src && !publicApi(dst.role) && dst.role != Role::LoadBalancer)
                        warn(dst.node->id, "a Google managed service: firewall rules do not apply to it, so its "
                                           "links are not rules (it is reached over private services access)");
                    continue;
                }
                Body &fw = resource(net, "google_compute_firewall", unique(usedGoogle, ruleName(f, "from")));
                fw.set("name", cloudName(topologyName() + "-" + ruleName(f, "from"), 63));
                fw.set("network", ref("google_compute_network", net.name, "id"));
                fw.set("direction", "INGRESS");
                fw.set("description", tf::literal("Skyplan link " + f.link));
                Body &allow = fw.block("allow");
                allow.set("protocol", f.proto);
                allow.set("ports", ValueList{std::to_string(f.port)});
                if (src)
                    fw.set("source_tags", ValueList{tag(src->node->id)});
                else {
                    ValueList ranges;
                    for (const std::string &c : cidrs)
                        ranges.push_back(c);
                    fw.set("source_ranges", ranges);
                }
                fw.set("target_tags", ValueList{tag(dst.node->id)});
                continue;
            }
            // AWS: an ingress rule on the destination's group, and the
            // matching egress rule on the source's.
            if (!hasGroup(dst.role)) {
                if (src && hasGroup(src->role) && publicApi(dst.role)) {
                    Body &e = resource(net, "aws_vpc_security_group_egress_rule", unique(usedAws, ruleName(f, "api")));
                    e.set("security_group_id", group(*src));
                    e.set("description", tf::literal("Skyplan link " + f.link + " (service API over HTTPS)"));
                    e.set("ip_protocol", "tcp");
                    e.set("from_port", 443);
                    e.set("to_port", 443);
                    e.set("cidr_ipv4", "0.0.0.0/0");
                    e.set("tags", tags(*src));
                }
                continue;
            }
            if (src && !hasGroup(src->role)) {
                warn(dst.node->id, "link " + f.link + " comes from '" + src->node->id
                                       + "', which has no security group: no rule");
                continue;
            }
            for (std::size_t i = 0; i < std::max<std::size_t>(1, cidrs.size()); ++i) {
                Body &in = resource(net, "aws_vpc_security_group_ingress_rule",
                                    unique(usedAws, ruleName(f, "from")));
                in.set("security_group_id", group(dst));
                in.set("description", tf::literal("Skyplan link " + f.link));
                in.set("ip_protocol", f.proto);
                in.set("from_port", f.port);
                in.set("to_port", f.port);
                if (src)
                    in.set("referenced_security_group_id", group(*src));
                else
                    in.set("cidr_ipv4", cidrs[i]);
                in.set("tags", tags(dst));
            }
            if (src) {
                Body &out = resource(net, "aws_vpc_security_group_egress_rule", unique(usedAws, ruleName(f, "to")));
                out.set("security_group_id", group(*src));
                out.set("description", tf::literal("Skyplan link " + f.link));
                out.set("ip_protocol", f.proto);
                out.set("from_port", f.port);
                out.set("to_port", f.port);
                out.set("referenced_security_group_id", group(dst));
                out.set("tags", tags(*src));
            }
        }
    }

    // --------------------------------------------------------- kept by value

    // What imported nodes, links, zones and the topology kept, as one Terraform
    // JSON document.
    void kept()
    {
        const std::string key(tf::kKept);
        const auto add = [this](const Value &resource) {
            if (!resource.isMap())
                return;
            const Value *mode = resource.find(std::string(tf::kMode));
            const Value *type = resource.find(std::string(tf::kType));
            const Value *name = resource.find(std::string(tf::kName));
            const Value *values = resource.find(std::string(tf::kValues));
            const Value *source = resource.find("source");
            if (!type || !name || !type->isString() || !name->isString())
                return;
            if (source && source->isString() && source->toString() != "configuration") {
                // From a plan or a state: its values are what the provider
                // reported (ids, computed attributes), not a configuration.
                ValueMap entry;
                if (const Value *e = resource.find("entry"); e && e->isMap())
                    entry = e->toMap();
                entry["address"] = *resource.find(std::string(tf::kAddress));
                entry["mode"] = mode ? *mode : Value("managed");
                entry["type"] = *type;
                entry["name"] = *name;
                if (const Value *prov = resource.find(std::string(tf::kProvider)))
                    entry["provider_name"] = *prov;
                entry["values"] = values ? *values : Value(ValueMap());
                m_keptState.push_back(Value(std::move(entry)));
                return;
            }
            const bool isData = mode && mode->isString() && mode->toString() == "data";
            Value &kind = m_kept[isData ? "data" : "resource"];
            if (!kind.isMap())
                kind = Value(ValueMap());
            Value &typeMap = kind.map()[type->toString()];
            if (!typeMap.isMap())
                typeMap = Value(ValueMap());
            ValueMap &byType = typeMap.map();
            ValueMap body = values && values->isMap() ? values->toMap() : ValueMap();
            if (const Value *prov = resource.find(std::string(tf::kProvider)); prov && prov->isString())
                body["provider"] = *prov;
            byType[name->toString()] = Value(std::move(body));
            m_keptAddresses.insert((isData ? "data." : "resource.") + type->toString() + "." + name->toString());
        };
        const auto addAll = [&add](const Value &kept) {
            if (!kept.isMap())
                return;
            if (kept.find(std::string(tf::kType)))
                add(kept);
            if (const Value *list = kept.find(std::string(tf::kResources)); list && list->isList())
                for (const Value &r : list->toList())
                    add(r);
        };
        for (const auto &n : m_t.nodes)
            if (const auto it = n.second.extra.find(key); it != n.second.extra.end())
                addAll(it->second);
        for (const Link &l : m_t.links)
            if (const auto it = l.extra.find(key); it != l.extra.end())
                addAll(it->second);
        for (const auto &z : m_t.zones)
            if (const auto it = z.second.extra.find(key); it != z.second.extra.end())
                addAll(it->second);
        if (const auto it = m_t.extra.find(key); it != m_t.extra.end()) {
            addAll(it->second);
            const Value *source = it->second.find("source");
            const bool config = !source || !source->isString() || source->toString() == "configuration";
            if (const Value *blocks = it->second.find(std::string(tf::kBlocks)); blocks && blocks->isMap())
                for (const auto &kv : blocks->toMap()) {
                    if (!config) {
                        m_keptStateTop[kv.first] = kv.second;
                        continue;
                    }
                    if (kv.first == "resource" || kv.first == "data")
                        continue; // never there: resources are kept one by one
                    m_kept[kv.first] = kv.second;
                    if (kv.first == "terraform")
                        m_keptAddresses.insert("terraform");
                    if (kv.second.isMap())
                        for (const auto &b : kv.second.toMap()) {
                            m_keptAddresses.insert(kv.first + "." + b.first);
                            if (kv.first == "variable")
                                m_variables.insert(b.first);
                            if (kv.first == "provider") {
                                const ValueList list = b.second.isList() ? b.second.toList() : ValueList{b.second};
                                for (const Value &one : list)
                                    if (const Value *alias = one.find("alias"); alias && alias->isString())
                                        m_keptAddresses.insert("provider." + b.first + "." + alias->toString());
                            }
                        }
                }
        }
    }

    // ---------------------------------------------------------------- files

    void finish(std::vector<OutputFile> &files)
    {
        tf::Blocks terraform;
        Block req{"terraform", {}, Body()};
        req.body.set("required_version", ">= 1.5");
        Body &providers = req.body.block("required_providers");
        bool aws = false, google = false;
        for (const auto &entry : m_nets)
            (entry.second->google ? google : aws) = true;
        if (aws || m_nets.empty())
            providers.set("aws", ValueMap{{"source", "hashicorp/aws"}, {"version", "~> 6.0"}});
        if (google)
            providers.set("google", ValueMap{{"source", "hashicorp/google"}, {"version", "~> 6.0"}});
        if (!m_keptAddresses.count("terraform"))
            terraform.push_back(std::move(req));
        // What was kept from an import wins over the same block generated
        // again (the same network, provider or variable).
        const auto keptAlready = [this](const Block &b) {
            std::string address = b.kind;
            for (const std::string &l : b.labels)
                address += "." + l;
            if (b.kind == "provider")
                for (const tf::Entry &e : b.body.entries)
                    if (e.key == "alias" && e.value.isString())
                        address += "." + e.value.toString();
            return m_keptAddresses.count(address) > 0;
        };
        for (Block &b : m_providers)
            if (!keptAlready(b))
                terraform.push_back(std::move(b));
        for (auto *list : {&m_main, &m_vars, &m_outputs})
            list->erase(std::remove_if(list->begin(), list->end(), keptAlready), list->end());
        // Outputs: where to reach what the internet reaches.
        for (const auto &id : m_order) {
            const Placed &p = m_placed.at(id);
            if (p.role == Role::LoadBalancer && !p.net->google) {
                Body &o = block("output", {p.name + "_dns_name"}, &m_outputs).body;
                o.set("description", tf::literal("DNS name of load balancer " + id));
                o.set("value", ref("aws_lb", p.name, "dns_name"));
            } else if (p.role == Role::LoadBalancer && p.net->publicZones.count(zoneOf(p))) {
                Body &o = block("output", {p.name + "_address"}, &m_outputs).body;
                o.set("description", tf::literal("Address of load balancer " + id));
                o.set("value", ref("google_compute_global_forwarding_rule", p.name, "ip_address"));
            } else if (p.role == Role::Database && !p.net->google) {
                Body &o = block("output", {p.name + "_endpoint"}, &m_outputs).body;
                o.set("description", tf::literal("Endpoint of database " + id));
                o.set("value", ref(propString(*p.node, p.type, "engine") == "mongodb" ? "aws_docdb_cluster"
                                                                                          : "aws_db_instance",
                                   p.name, "endpoint"));
            }
        }
        const bool json = m_options.json;
        const auto print = [json](const tf::Blocks &blocks) {
            return json ? tf::printJson(blocks) : tf::printHcl(blocks);
        };
        const std::string ext = json ? ".tf.json" : ".tf";
        files.push_back({"providers" + ext, print(terraform)});
        files.push_back({"variables" + ext, print(m_vars)});
        files.push_back({"main" + ext, print(m_main)});
        files.push_back({"outputs" + ext, print(m_outputs)});
        if (!m_kept.empty()) {
            std::string text;
            tf::appendJson(text, Value(m_kept));
            text += '\n';
            files.push_back({std::string(tf::kKeptFile), std::move(text)});
        }
        if (!m_keptState.empty() || !m_keptStateTop.empty()) {
            // `terraform show -json` shape, so that Skyplan reads it back.
            ValueMap doc = m_keptStateTop;
            if (!doc.count("format_version"))
                doc["format_version"] = "1.0";
            ValueMap values;
            for (const char *key : {"planned_values", "values"}) {
                const auto it = doc.find(key);
                if (it != doc.end() && it->second.isMap())
                    for (const auto &kv : it->second.toMap())
                        values[kv.first] = kv.second;
                if (it != doc.end())
                    doc.erase(it);
            }
            values["root_module"] = Value(ValueMap{{"resources", Value(m_keptState)}});
            doc["values"] = Value(std::move(values));
            std::string text;
            tf::appendJson(text, Value(std::move(doc)));
            text += '\n';
            files.push_back({std::string(tf::kKeptStateFile), std::move(text)});
        }
        if (json)
            for (OutputFile &f : files)
                if (f.text == "{\n\n}\n")
                    f.text = "{}\n";
    }

    void warn(const std::string &node, const std::string &message)
    {
        m_warnings.push_back(exportWarning(node, message));
    }

    const Topology &m_t;
    const Catalog &m_catalog;
    const WriteOptions &m_options;
    std::vector<Diagnostic> &m_warnings;
    std::map<std::string, std::unique_ptr<Net>> m_nets;
    std::map<std::string, Role> m_roles;
    std::map<std::string, std::vector<const Link *>> m_out, m_in; // links by their source, by their target
    std::map<std::string, Placed> m_placed;
    std::vector<std::string> m_order;
    std::vector<Flow> m_flows;
    std::map<std::string, std::vector<std::string>> m_targetGroups; // backend node -> its target groups
    std::set<std::string> m_privateAccess;
    std::set<std::string> m_variables;
    tf::Blocks m_providers, m_vars, m_main, m_outputs;
    ValueMap m_kept;
    ValueList m_keptState;
    ValueMap m_keptStateTop;
    std::set<std::string> m_keptAddresses;
};

class TerraformFormat : public Format
{
public:
    std::string name() const override { return "terraform"; }
    std::string description() const override { return "Terraform configuration for AWS and Google Cloud (HCL or JSON)"; }
    std::string extension() const override { return ".tf.json"; }
    // `terraform show -json` output has no fixed name; a state is *.tfstate.
    std::vector<std::string> readPatterns() const override { return {"*.tf.json", "*.json", "*.tfstate"}; }
    bool canRead() const override { return true; }
    bool canWrite() const override { return true; }
    bool writesDirectory(const WriteOptions &) const override { return true; }

    bool writeWith(const Topology &topology, const Catalog &catalog, const WriteOptions &options, std::string &out,
                   std::string &error, std::vector<Diagnostic> &warnings) const override
    {
        // One text: the files in JSON syntax would not merge into one
        // document, so only a directory is offered.
        (void)topology;
        (void)catalog;
        (void)options;
        (void)out;
        (void)warnings;
        error = "the terraform format writes a directory: give -o DIR";
        return false;
    }

    bool writeFiles(const Topology &topology, const Catalog &catalog, const WriteOptions &options,
                    std::vector<OutputFile> &files, std::string &error,
                    std::vector<Diagnostic> &warnings) const override
    {
        if (!options.version.empty()) {
            error = "the terraform format has no version '" + options.version + "' to write";
            return false;
        }
        return writeTerraform(topology, catalog, options, files, error, warnings);
    }

    bool read(std::string_view text, const std::string &file, const Catalog &catalog, Topology &out,
              std::vector<Diagnostic> &diagnostics) const override
    {
        return readTerraform(text, file, catalog, out, diagnostics);
    }
};

} // namespace

bool writeTerraform(const Topology &topology, const Catalog &catalog, const WriteOptions &options,
                    std::vector<OutputFile> &files, std::string &error, std::vector<Diagnostic> &warnings)
{
    TerraformWriter writer(topology, catalog, options, warnings);
    return writer.run(files, error);
}

std::unique_ptr<Format> makeTerraformFormat()
{
    return std::make_unique<TerraformFormat>();
}

} // namespace sky
