// Terraform reader: a configuration in JSON syntax (*.tf.json), or what
// `terraform show -json` prints for a plan or a state (format_version 1.x).
//
// Resources of a known type become nodes of the matching catalog type
// (grouped by the skyplan-node tag or label when the export wrote one),
// subnets become zones, security rules and firewall rules become links, the
// provider and region of a resource its node's placement. Every resource is
// kept by value under `terraform:` (terraform.h) on the node, link or zone
// it became, or on the topology when it has no Skyplan meaning (a VPC, a
// route, a type Skyplan does not know), and written back unchanged.
// A value the state marks sensitive is not kept: it is dropped, and named.
#include "terraform.h"

#include "importlayout.h"

#include "catalog.h"
#include "topology.h"

#include <algorithm>
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

struct Res
{
    std::string address, mode, type, name, provider, source;
    ValueMap values;
    std::vector<std::string> sensitive; // attributes dropped
};

const std::map<std::string, std::string, std::less<>> &catalogTypes()
{
    static const std::map<std::string, std::string, std::less<>> m = {
        {"aws_instance", "app_server"},
        {"aws_autoscaling_group", "app_server"},
        {"google_compute_instance", "app_server"},
        {"google_compute_region_instance_group_manager", "app_server"},
        {"google_compute_instance_group_manager", "app_server"},
        {"aws_lb", "load_balancer"},
        {"aws_alb", "load_balancer"},
        {"aws_elb", "load_balancer"},
        {"google_compute_global_forwarding_rule", "load_balancer"},
        {"google_compute_forwarding_rule", "load_balancer"},
        {"aws_db_instance", "database"},
        {"aws_rds_cluster", "database"},
        {"aws_docdb_cluster", "database"},
        {"google_sql_database_instance", "database"},
        {"aws_elasticache_replication_group", "cache"},
        {"aws_elasticache_cluster", "cache"},
        {"google_redis_instance", "cache"},
        {"google_memcache_instance", "cache"},
        {"aws_sqs_queue", "message_queue"},
        {"aws_mq_broker", "message_queue"},
        {"aws_msk_cluster", "message_queue"},
        {"google_pubsub_topic", "message_queue"},
        {"aws_s3_bucket", "object_storage"},
        {"google_storage_bucket", "object_storage"},
        {"aws_efs_file_system", "file_storage"},
        {"google_filestore_instance", "file_storage"},
        {"aws_ebs_volume", "block_storage"},
        {"google_compute_disk", "block_storage"},
        {"aws_route53_zone", "dns"},
        {"google_dns_managed_zone", "dns"},
        {"aws_vpn_gateway", "vpn_gateway"},
        {"google_compute_ha_vpn_gateway", "vpn_gateway"},
        {"google_compute_vpn_gateway", "vpn_gateway"},
    };
    return m;
}

std::string unliteral(const std::string &s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        out += s[i];
        if ((s[i] == '$' || s[i] == '%') && i + 2 < s.size() && s[i + 1] == s[i] && s[i + 2] == '{')
            ++i;
    }
    return out;
}

std::string str(const ValueMap &m, const std::string &key)
{
    const auto it = m.find(key);
    if (it == m.end())
        return {};
    if (it->second.isString())
        return it->second.toString();
    if (it->second.isNumber())
        return it->second.display();
    return {};
}

std::optional<std::int64_t> integer(const ValueMap &m, const std::string &key)
{
    const auto it = m.find(key);
    if (it == m.end())
        return std::nullopt;
    if (it->second.isInt())
        return it->second.toInt();
    if (it->second.isNumber())
        return std::int64_t(it->second.toDouble());
    if (it->second.isString()) {
        const std::string &s = it->second.toString();
        if (!s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::stoll(s.substr(0, 18));
    }
    return std::nullopt;
}

// A tag or label: tags/labels maps, or an auto scaling group's tag blocks.
std::string tagOf(const ValueMap &values, const std::string &key)
{
    for (const char *field : {"tags", "labels", "user_labels", "tags_all"}) {
        const auto it = values.find(field);
        if (it != values.end() && it->second.isMap())
            if (const Value *v = it->second.find(key); v && v->isString())
                return unliteral(v->toString());
    }
    const auto settings = values.find("settings");
    if (settings != values.end()) {
        const Value &s = settings->second.isList() && !settings->second.toList().empty() ? settings->second.toList()[0]
                                                                                          : settings->second;
        if (s.isMap())
            return tagOf(s.toMap(), key);
    }
    const auto specs = values.find("tag_specifications");
    if (specs != values.end()) {
        const ValueList list = specs->second.isList() ? specs->second.toList() : ValueList{specs->second};
        for (const Value &spec : list)
            if (spec.isMap())
                if (std::string found = tagOf(spec.toMap(), key); !found.empty())
                    return found;
    }
    const auto tag = values.find("tag");
    if (tag != values.end()) {
        const ValueList list = tag->second.isList() ? tag->second.toList() : ValueList{tag->second};
        for (const Value &t : list)
            if (t.isMap() && t.find("key") && *t.find("key") == Value(key) && t.find("value") && t.find("value")->isString())
                return unliteral(t.find("value")->toString());
    }
    return {};
}

// Every string in a value, depth first.
void strings(const Value &v, std::vector<std::string> &out)
{
    if (v.isString())
        out.push_back(v.toString());
    else if (v.isList())
        for (const Value &i : v.toList())
            strings(i, out);
    else if (v.isMap())
        for (const auto &kv : v.toMap())
            strings(kv.second, out);
}

std::string validId(std::string s)
{
    for (char &c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
            c = '_';
    if (s.empty() || s[0] == '-')
        s.insert(0, "n");
    if (s.size() > 120)
        s.resize(120);
    return s;
}

std::string protocolForPort(std::int64_t port)
{
    switch (port) {
    case 80: case 8080: return "http";
    case 443: case 8443: return "https";
    case 5432: return "postgres";
    case 3306: return "mysql";
    case 6379: return "redis";
    case 11211: return "memcached";
    case 53: return "dns";
    case 5672: return "amqp";
    case 9092: return "kafka";
    case 2049: return "nfs";
    default: return "tcp";
    }
}

class TerraformReader
{
public:
    TerraformReader(const std::string &file, const Catalog &c, std::vector<Diagnostic> &d)
        : m_file(file), m_catalog(c), m_diags(d)
    {}

    bool read(std::string_view text, Topology &out)
    {
        Value root;
        tf::KeyPositions keys;
        if (!tf::parseJson(text, m_file, root, m_diags, &keys))
            return false;
        const auto at = [&keys](const std::string &key) {
            for (const auto &k : keys)
                if (k.first == key)
                    return k.second;
            return SourceLoc{1, 1};
        };
        if (!root.isMap())
            return fail(SourceLoc{1, 1}, "not a Terraform JSON document: expected an object at the top");
        const ValueMap &top = root.toMap();
        std::string stem = m_file.substr(m_file.find_last_of('/') == std::string::npos ? 0 : m_file.find_last_of('/') + 1);
        stem = stem.substr(0, stem.find('.'));
        m_topo.name = validId(stem.empty() ? std::string("terraform") : stem);
        ValueMap blocks;
        if (const auto fv = top.find("format_version"); fv != top.end()) {
            const std::string v = fv->second.isString() ? fv->second.toString() : fv->second.display();
            if (v.size() < 2 || v.compare(0, 2, "1.") != 0)
                return fail(at("format_version"), "format_version '" + v
                                                      + "' is not one this reader knows (terraform show -json 1.x)");
            const auto planned = top.find("planned_values");
            const auto values = top.find("values");
            m_source = planned != top.end() ? "plan" : "state";
            const Value *module = nullptr;
            if (planned != top.end())
                module = planned->second.find("root_module");
            else if (values != top.end())
                module = values->second.find("root_module");
            if (module)
                readModule(*module, at(planned != top.end() ? "planned_values" : "values"));
            for (const auto &kv : top)
                if (kv.first != "planned_values" && kv.first != "values")
                    blocks[kv.first] = kv.second;
            // Beside the resources: outputs and the like, kept as they are.
            for (const char *key : {"planned_values", "values"})
                if (const auto it = top.find(key); it != top.end() && it->second.isMap()) {
                    ValueMap rest = it->second.toMap();
                    rest.erase("root_module");
                    if (!rest.empty())
                        blocks[key] = Value(std::move(rest));
                }
        } else {
            m_source = "configuration";
            for (const auto &kv : top) {
                if (kv.first == "resource" || kv.first == "data")
                    readConfigResources(kv.second, kv.first == "data" ? "data" : "managed", at(kv.first));
                else {
                    if (kv.first == "provider")
                        readProviders(kv.second);
                    blocks[kv.first] = kv.second;
                }
            }
        }
        if (m_failed)
            return false;
        build();
        ValueMap kept;
        kept[std::string(tf::kResources)] = Value(std::move(m_topKept));
        kept[std::string(tf::kBlocks)] = Value(std::move(blocks));
        kept["source"] = m_source;
        m_topo.extra[std::string(tf::kKept)] = Value(std::move(kept));
        m_topo.sortLinks();
        layOut(m_topo, m_catalog);
        out = std::move(m_topo);
        return true;
    }

private:
    bool fail(SourceLoc loc, const std::string &message)
    {
        Diagnostic d;
        d.rule = "SP-IMPORT";
        d.file = m_file;
        d.loc = loc;
        d.message = message;
        m_diags.push_back(std::move(d));
        m_failed = true;
        return false;
    }

    void warn(SourceLoc loc, const std::string &message)
    {
        Diagnostic d;
        d.severity = Severity::Warning;
        d.rule = "SP-IMPORT";
        d.file = m_file;
        d.loc = loc;
        d.message = message;
        m_diags.push_back(std::move(d));
    }

    // Values the state marks sensitive are dropped, never kept.
    static void dropSensitive(Value &v, const Value &marks, const std::string &path, std::vector<std::string> &dropped)
    {
        if (marks.isBool() && marks.toBool()) {
            v = Value();
            dropped.push_back(path);
            return;
        }
        if (marks.isMap() && v.isMap())
            for (const auto &kv : marks.toMap()) {
                const auto it = v.map().find(kv.first);
                if (it != v.map().end())
                    dropSensitive(it->second, kv.second, path.empty() ? kv.first : path + "." + kv.first, dropped);
            }
        if (marks.isList() && v.isList())
            for (std::size_t i = 0; i < marks.toList().size() && i < v.toList().size(); ++i)
                dropSensitive(v.list()[i], marks.toList()[i], path + "[" + std::to_string(i) + "]", dropped);
    }

    void readModule(const Value &module, SourceLoc loc)
    {
        if (const Value *list = module.find("resources"); list && list->isList())
            for (const Value &r : list->toList()) {
                if (!r.isMap()) {
                    warn(loc, "a resource that is not an object: skipped");
                    continue;
                }
                const ValueMap &m = r.toMap();
                Res res;
                res.address = str(m, "address");
                res.mode = str(m, "mode");
                res.type = str(m, "type");
                res.name = str(m, "name");
                res.provider = str(m, "provider_name");
                res.source = m_source;
                if (res.type.empty() || res.address.empty()) {
                    warn(loc, "a resource without type or address: skipped");
                    continue;
                }
                Value values = r.find("values") ? *r.find("values") : Value(ValueMap());
                if (const Value *marks = r.find("sensitive_values"))
                    dropSensitive(values, *marks, "", res.sensitive);
                if (!res.sensitive.empty())
                    warn(loc, res.address + ": sensitive values not kept: " + [&res] {
                        std::string s;
                        for (const auto &a : res.sensitive)
                            s += (s.empty() ? "" : ", ") + a;
                        return s;
                    }());
                res.values = values.isMap() ? values.toMap() : ValueMap();
                // Everything else of the entry (index, schema_version, ...) kept beside the values.
                for (const auto &kv : m)
                    if (kv.first != "values" && kv.first != "sensitive_values" && kv.first != "address"
                        && kv.first != "mode" && kv.first != "type" && kv.first != "name" && kv.first != "provider_name")
                        m_entryExtra[res.address][kv.first] = kv.second;
                m_res.push_back(std::move(res));
            }
        if (const Value *children = module.find("child_modules"); children && children->isList())
            for (const Value &c : children->toList())
                readModule(c, loc);
    }

    void readConfigResources(const Value &v, const std::string &mode, SourceLoc loc)
    {
        if (!v.isMap()) {
            fail(loc, "'" + std::string(mode == "data" ? "data" : "resource") + "' must be an object of types");
            return;
        }
        for (const auto &type : v.toMap()) {
            if (!type.second.isMap()) {
                fail(loc, "resource type '" + type.first + "' must be an object of names");
                continue;
            }
            for (const auto &name : type.second.toMap()) {
                Res res;
                res.mode = mode;
                res.type = type.first;
                res.name = name.first;
                res.address = (mode == "data" ? "data." : "") + type.first + "." + name.first;
                res.source = m_source;
                if (name.second.isMap())
                    res.values = name.second.toMap();
                else {
                    fail(loc, res.address + " must be an object");
                    continue;
                }
                const auto prov = res.values.find("provider");
                if (prov != res.values.end() && prov->second.isString()) {
                    res.provider = prov->second.toString();
                    res.values.erase(prov);
                }
                m_res.push_back(std::move(res));
            }
        }
    }

    void readProviders(const Value &v)
    {
        if (!v.isMap())
            return;
        for (const auto &p : v.toMap()) {
            const ValueList list = p.second.isList() ? p.second.toList() : ValueList{p.second};
            for (const Value &b : list) {
                if (!b.isMap())
                    continue;
                const std::string alias = str(b.toMap(), "alias");
                m_providerRegions[alias.empty() ? p.first : p.first + "." + alias] = str(b.toMap(), "region");
            }
        }
    }

    Value keptOf(const Res &r) const
    {
        ValueMap m;
        m[std::string(tf::kAddress)] = r.address;
        m[std::string(tf::kMode)] = r.mode;
        m[std::string(tf::kType)] = r.type;
        m[std::string(tf::kName)] = r.name;
        if (!r.provider.empty())
            m[std::string(tf::kProvider)] = r.provider;
        m[std::string(tf::kValues)] = Value(r.values);
        m["source"] = r.source;
        if (const auto it = m_entryExtra.find(r.address); it != m_entryExtra.end())
            m["entry"] = Value(it->second);
        if (!r.sensitive.empty()) {
            ValueList l;
            for (const auto &s : r.sensitive)
                l.push_back(s);
            m["sensitive"] = Value(std::move(l));
        }
        return Value(std::move(m));
    }

    static void keep(ValueMap &extra, Value resource)
    {
        Value &kept = extra[std::string(tf::kKept)];
        if (!kept.isMap())
            kept = Value(ValueMap());
        Value &list = kept.map()[std::string(tf::kResources)];
        if (!list.isList())
            list = Value(ValueList());
        list.list().push_back(std::move(resource));
    }

    // A reference to a resource as its configuration writes it, or its id in a state.
    std::string key(const Res &r) const
    {
        if (m_source == "configuration")
            return r.type + "." + r.name;
        return str(r.values, "id");
    }

    // The resources (by key) a resource's values name.
    std::vector<std::string> named(const Res &r) const
    {
        std::vector<std::string> all, out;
        strings(Value(r.values), all);
        for (const std::string &s : all) {
            if (m_source != "configuration") {
                out.push_back(s);
                continue;
            }
            std::size_t at = 0;
            while ((at = s.find("${", at)) != std::string::npos) {
                at += 2;
                std::size_t end = at;
                while (end < s.size() && (std::isalnum(static_cast<unsigned char>(s[end])) || s[end] == '_'
                                          || s[end] == '-' || s[end] == '.'))
                    ++end;
                const std::string expr = s.substr(at, end - at);
                const auto dot1 = expr.find('.');
                const auto dot2 = dot1 == std::string::npos ? dot1 : expr.find('.', dot1 + 1);
                if (dot1 != std::string::npos)
                    out.push_back(expr.substr(0, dot2));
            }
        }
        return out;
    }

    std::string region(const Res &r) const
    {
        for (const char *k : {"region", "location"}) {
            std::string v = str(r.values, k);
            if (!v.empty() && v.find("${") == std::string::npos) {
                for (char &c : v)
                    c = char(std::tolower(static_cast<unsigned char>(c)));
                return v;
            }
        }
        // The provider configuration it names, else its provider's default one.
        const std::string provider = !r.provider.empty() ? r.provider : r.type.substr(0, r.type.find('_'));
        if (const auto it = m_providerRegions.find(provider);
            it != m_providerRegions.end() && it->second.find("${") == std::string::npos)
            return it->second;
        for (const char *k : {"availability_zone", "zone"}) {
            std::string v = str(r.values, k);
            if (v.size() > 2 && v.find("${") == std::string::npos)
                return v.back() >= 'a' && v.back() <= 'z' && v[v.size() - 2] == '-' ? v.substr(0, v.size() - 2)
                                                                                     : v.substr(0, v.size() - 1);
        }
        return {};
    }

    void properties(Node &n, const Res &r)
    {
        const ValueMap &v = r.values;
        const auto set = [&n](const std::string &k, Value value) {
            if (!value.isNull() && !(value.isString() && value.toString().empty()))
                n.properties[k] = std::move(value);
        };
        const auto secretFrom = [](const std::string &s) -> std::optional<std::string> {
            if (s.size() > 7 && s.compare(0, 6, "${var.") == 0 && s.back() == '}')
                return s.substr(6, s.size() - 7);
            return std::nullopt;
        };
        const auto literalOnly = [](const std::string &s) { return s.find("${") == std::string::npos; };
        if (n.type == "database") {
            std::string engine = str(v, "engine");
            if (r.type == "google_sql_database_instance") {
                const std::string dv = str(v, "database_version");
                engine = dv.rfind("POSTGRES", 0) == 0 ? "postgres" : dv.rfind("MYSQL", 0) == 0 ? "mysql" : "";
                if (dv.find('_') != std::string::npos)
                    set("version", dv.substr(dv.find('_') + 1));
            }
            if (engine == "postgres" || engine == "mysql" || engine == "mariadb")
                set("engine", engine);
            else if (engine == "docdb")
                set("engine", "mongodb");
            if (literalOnly(str(v, "engine_version")))
                set("version", unliteral(str(v, "engine_version")));
            if (const auto port = integer(v, "port"))
                set("port", *port);
            if (const auto gb = integer(v, "allocated_storage"))
                set("storage", std::to_string(*gb) + "GiB");
            for (const char *k : {"db_name", "username", "master_username"}) {
                const std::string s = str(v, k);
                if (!s.empty() && literalOnly(s))
                    set(std::string(k) == "db_name" ? "db_name" : "user", unliteral(s));
            }
            for (const char *k : {"password", "master_password"})
                if (const auto s = secretFrom(str(v, k)))
                    n.properties["password"] = Value::secret(*s);
            if (const auto days = integer(v, "backup_retention_period"))
                set("backup_retention_days", *days);
            if (const Value *multi = v.count("multi_az") ? &v.at("multi_az") : nullptr; multi && multi->isBool()
                                                                                          && multi->toBool())
                n.replicas = 2;
        } else if (n.type == "cache") {
            const std::string engine = r.type == "google_memcache_instance" ? "memcached" : str(v, "engine");
            set("engine", engine == "memcached" ? "memcached" : std::string("redis"));
            if (literalOnly(str(v, "engine_version")))
                set("version", unliteral(str(v, "engine_version")));
            if (const auto port = integer(v, "port"))
                set("port", *port);
            if (const auto c = integer(v, "num_cache_clusters"))
                n.replicas = int(std::max<std::int64_t>(1, *c));
            if (const auto c = integer(v, "num_cache_nodes"))
                n.replicas = int(std::max<std::int64_t>(1, *c));
            if (const auto gb = integer(v, "memory_size_gb"))
                set("max_memory", std::to_string(*gb) + "GiB");
            if (const auto s = secretFrom(str(v, "auth_token")))
                n.properties["password"] = Value::secret(*s);
        } else if (n.type == "object_storage") {
            const std::string b = str(v, r.type == "aws_s3_bucket" ? "bucket" : "name");
            if (!b.empty() && literalOnly(b))
                set("bucket", unliteral(b));
        } else if (n.type == "dns") {
            std::string d = str(v, r.type == "aws_route53_zone" ? "name" : "dns_name");
            if (!d.empty() && d.back() == '.')
                d.pop_back();
            if (!d.empty() && literalOnly(d))
                set("domain", unliteral(d));
        } else if (n.type == "app_server") {
            const std::string image = tagOf(v, "skyplan-image");
            if (!image.empty())
                set("image", image);
            if (const auto size = integer(v, "desired_capacity"))
                n.replicas = int(std::max<std::int64_t>(1, *size));
            if (const auto size = integer(v, "target_size"))
                n.replicas = int(std::max<std::int64_t>(1, *size));
        }
    }

    void build()
    {
        // Zones: subnets, named by their skyplan-zone tag or their name.
        std::map<std::string, std::string> subnetZone; // key -> zone
        std::vector<bool> used(m_res.size(), false);
        for (std::size_t i = 0; i < m_res.size(); ++i) {
            const Res &r = m_res[i];
            if (r.mode != "managed" || (r.type != "aws_subnet" && r.type != "google_compute_subnetwork"))
                continue;
            std::string zone = tagOf(r.values, "skyplan-zone");
            if (zone.empty())
                zone = r.name;
            zone = validId(zone);
            if (!m_topo.zone(zone))
                m_topo.addZone(Zone{zone, std::string(), std::string(), {}, {}});
            keep(m_topo.zones[zone].extra, keptOf(r));
            subnetZone[key(r)] = zone;
            used[i] = true;
        }
        // Nodes: resources of a known type, and what carries their tag.
        std::map<std::string, std::vector<std::size_t>> groups; // node id -> resources
        std::vector<std::string> order;
        const std::set<std::string> ruleTypes = {"aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule",
                                                 "aws_security_group_rule", "google_compute_firewall"};
        for (std::size_t i = 0; i < m_res.size(); ++i) {
            const Res &r = m_res[i];
            if (used[i] || r.mode != "managed" || ruleTypes.count(r.type))
                continue;
            std::string id = tagOf(r.values, "skyplan-node");
            if (id.empty() && catalogTypes().count(r.type))
                id = r.name;
            if (id.empty())
                continue;
            id = validId(id);
            if (!groups.count(id))
                order.push_back(id);
            groups[id].push_back(i);
            used[i] = true;
        }
        std::map<std::string, std::string> owner; // resource key (security group, template) -> node
        std::map<std::string, std::vector<std::string>> tagNodes; // google network tag -> nodes
        for (const std::string &id : order) {
            const auto &members = groups[id];
            const Res *primary = nullptr;
            for (const std::size_t i : members)
                if (catalogTypes().count(m_res[i].type)) {
                    primary = &m_res[i];
                    break;
                }
            if (!primary) {
                // Tagged for a node, but nothing of a known type: kept on the topology.
                for (const std::size_t i : members)
                    m_topKept.push_back(keptOf(m_res[i]));
                continue;
            }
            Node n;
            n.id = id;
            n.type = catalogTypes().at(primary->type);
            n.placement.provider = primary->type.rfind("google_", 0) == 0 ? "google" : "aws";
            n.placement.region = region(*primary);
            for (const std::size_t i : members) {
                const Res &r = m_res[i];
                for (const char *k : {"instance_type", "machine_type", "instance_class", "node_type"}) {
                    std::string s = str(r.values, k);
                    if (s.empty() || s.find("${") != std::string::npos)
                        continue;
                    if (s.rfind("db.", 0) == 0)
                        s = s.substr(3) + "-db";
                    else if (s.rfind("cache.", 0) == 0)
                        s = s.substr(6);
                    n.placement.size = s;
                }
                if (n.placement.region.empty())
                    n.placement.region = region(r);
                properties(n, r);
                std::string zone = tagOf(r.values, "skyplan-zone");
                if (zone.empty())
                    for (const std::string &k : named(r))
                        if (subnetZone.count(k)) {
                            zone = subnetZone[k];
                            break;
                        }
                if (!zone.empty() && n.zone.empty()) {
                    n.zone = validId(zone);
                    if (!m_topo.zone(n.zone))
                        m_topo.addZone(Zone{n.zone, std::string(), std::string(), {}, {}});
                }
                keep(n.extra, keptOf(r));
                owner[key(r)] = id;
                if (const auto tags = r.values.find("tags"); tags != r.values.end() && tags->second.isList())
                    for (const Value &t : tags->second.toList())
                        if (t.isString())
                            tagNodes[t.toString()].push_back(id);
            }
            // The security groups and templates a node's resources use are its own.
            for (const std::size_t i : members)
                for (const std::string &k : named(m_res[i]))
                    if (!owner.count(k))
                        owner[k] = id;
            if (n.replicas < 1)
                n.replicas = 1;
            if (!m_topo.addNode(std::move(n)))
                warn(SourceLoc{}, "node '" + id + "' read twice: the second kept on the topology");
        }
        // A security group nobody tagged belongs to the node that uses it.
        for (std::size_t i = 0; i < m_res.size(); ++i) {
            if (used[i] || m_res[i].type != "aws_security_group")
                continue;
            const auto it = owner.find(key(m_res[i]));
            if (it == owner.end())
                continue;
            keep(m_topo.nodes[it->second].extra, keptOf(m_res[i]));
            used[i] = true;
        }
        // Links: security rules and firewall rules.
        // Egress rules last: each joins the link its ingress partner made.
        for (const bool egress : {false, true})
            for (std::size_t i = 0; i < m_res.size(); ++i) {
                if (used[i] || !ruleTypes.count(m_res[i].type) || m_res[i].mode != "managed"
                    || (m_res[i].type == "aws_vpc_security_group_egress_rule") != egress)
                    continue;
                used[i] = rule(m_res[i], owner, tagNodes);
            }
        for (std::size_t i = 0; i < m_res.size(); ++i)
            if (!used[i]) {
                if (m_res[i].mode == "managed" && m_res[i].type.rfind("aws_", 0) != 0
                    && m_res[i].type.rfind("google_", 0) != 0)
                    warn(SourceLoc{}, m_res[i].address + ": type '" + m_res[i].type
                                          + "' has no Skyplan meaning: kept by value on the topology");
                m_topKept.push_back(keptOf(m_res[i]));
            }
    }

    std::string nodeFor(const std::string &k, const std::map<std::string, std::string> &owner) const
    {
        const auto it = owner.find(k);
        return it == owner.end() ? std::string() : it->second;
    }

    std::string internet()
    {
        if (!m_topo.node("internet")) {
            Node n;
            n.id = "internet";
            n.type = "internet";
            m_topo.addNode(std::move(n));
        }
        return "internet";
    }

    bool addLink(const std::string &from, const std::string &to, std::int64_t port, const Res &r, bool keepIt)
    {
        if (from.empty() || to.empty() || from == to || !m_topo.node(from) || !m_topo.node(to))
            return false;
        Link l;
        l.from = Endpoint{from, std::string()};
        l.to = Endpoint{to, std::string()};
        l.protocol = protocolForPort(port);
        if (port > 0)
            l.port = int(port);
        int index = m_topo.linkIndex(l.from, l.to);
        if (index < 0) {
            m_topo.addLink(l);
            index = m_topo.linkIndex(l.from, l.to);
        }
        if (index < 0)
            return false;
        if (keepIt)
            keep(m_topo.links[std::size_t(index)].extra, keptOf(r));
        return true;
    }

    std::string refKey(const ValueMap &v, const std::string &field) const
    {
        std::string s = str(v, field);
        if (m_source == "configuration" && s.size() > 3 && s.compare(0, 2, "${") == 0) {
            s = s.substr(2, s.size() - 3);
            const auto dot1 = s.find('.');
            const auto dot2 = dot1 == std::string::npos ? dot1 : s.find('.', dot1 + 1);
            return s.substr(0, dot2);
        }
        return s;
    }

    bool rule(const Res &r, const std::map<std::string, std::string> &owner,
              const std::map<std::string, std::vector<std::string>> &tagNodes)
    {
        const ValueMap &v = r.values;
        if (r.type == "google_compute_firewall") {
            if (str(v, "direction") == "EGRESS")
                return false;
            std::vector<std::string> targets, sources;
            const auto list = [&v](const char *k) {
                std::vector<std::string> out;
                const auto it = v.find(k);
                if (it != v.end() && it->second.isList())
                    for (const Value &i : it->second.toList())
                        if (i.isString())
                            out.push_back(i.toString());
                return out;
            };
            for (const std::string &t : list("target_tags"))
                if (const auto it = tagNodes.find(t); it != tagNodes.end())
                    targets.insert(targets.end(), it->second.begin(), it->second.end());
            for (const std::string &t : list("source_tags"))
                if (const auto it = tagNodes.find(t); it != tagNodes.end())
                    sources.insert(sources.end(), it->second.begin(), it->second.end());
            for (const std::string &c : list("source_ranges"))
                if (c == "0.0.0.0/0")
                    sources.push_back(internet());
            std::vector<std::int64_t> ports;
            const auto allow = v.find("allow");
            if (allow != v.end()) {
                const ValueList blocks = allow->second.isList() ? allow->second.toList() : ValueList{allow->second};
                for (const Value &b : blocks)
                    if (const Value *p = b.find("ports"); p && p->isList())
                        for (const Value &port : p->toList())
                            if (port.isString() && port.toString().find('-') == std::string::npos)
                                ports.push_back(std::stoll("0" + port.toString()));
            }
            bool kept = false;
            for (const std::string &s : sources)
                for (const std::string &t : targets)
                    for (const std::int64_t port : ports)
                        kept = addLink(s, t, port, r, !kept) || kept;
            return kept;
        }
        std::string from, to;
        std::int64_t port = integer(v, "from_port").value_or(0);
        if (r.type == "aws_security_group_rule") {
            const std::string type = str(v, "type");
            const std::string sg = nodeFor(refKey(v, "security_group_id"), owner);
            const std::string other = nodeFor(refKey(v, "source_security_group_id"), owner);
            if (type != "ingress")
                return false;
            to = sg;
            from = other;
            if (from.empty())
                if (const auto c = v.find("cidr_blocks"); c != v.end() && c->second == Value(ValueList{"0.0.0.0/0"}))
                    from = internet();
            return addLink(from, to, port, r, true);
        }
        const std::string sg = nodeFor(refKey(v, "security_group_id"), owner);
        const std::string other = nodeFor(refKey(v, "referenced_security_group_id"), owner);
        if (r.type == "aws_vpc_security_group_ingress_rule") {
            to = sg;
            from = other.empty() && str(v, "cidr_ipv4") == "0.0.0.0/0" ? internet() : other;
            return addLink(from, to, port, r, true);
        }
        // Egress: kept on the link its ingress made, when there is one.
        const int index = m_topo.linkIndex(Endpoint{sg, std::string()}, Endpoint{other, std::string()});
        if (index < 0)
            return false;
        keep(m_topo.links[std::size_t(index)].extra, keptOf(r));
        return true;
    }

    const std::string &m_file;
    const Catalog &m_catalog;
    std::vector<Diagnostic> &m_diags;
    Topology m_topo;
    std::string m_source;
    std::vector<Res> m_res;
    std::map<std::string, ValueMap> m_entryExtra;
    std::map<std::string, std::string> m_providerRegions;
    ValueList m_topKept;
    bool m_failed = false;
};

} // namespace

bool readTerraform(std::string_view text, const std::string &file, const Catalog &catalog, Topology &out,
                   std::vector<Diagnostic> &diagnostics)
{
    TerraformReader reader(file, catalog, diagnostics);
    return reader.read(text, out);
}

} // namespace sky
