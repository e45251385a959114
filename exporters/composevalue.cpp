// Compose files as Compose reads them: docker-compose parses YAML 1.1 with
// PyYAML, whose resolver types plain scalars differently from YAML 1.2 (the
// native format's). Kept values are typed its way, so that what is written
// back reads the same to Compose: a plain `22:22` is the integer 1342 there,
// and is written as 1342. The patterns are PyYAML's implicit resolvers for
// bool, int, float and null (timestamps stay text: Compose has no field for
// a date and refuses one where it checks types).
#include "compose.h"

#include "yamltree.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <regex>

namespace sky::compose {

namespace {

std::string stripUnderscores(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (const char c : s)
        if (c != '_')
            out += c;
    return out;
}

// Digits base 60 joined by ':' (1:20 = 80), after the sign.
template<typename T>
T sexagesimal(const std::string &s, bool &ok)
{
    T value = 0;
    std::size_t start = 0;
    while (start <= s.size()) {
        const std::size_t colon = s.find(':', start);
        const std::string part = s.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        try {
            if constexpr (std::is_same_v<T, double>)
                value = value * 60 + std::stod(part);
            else
                value = value * 60 + std::stoll(part);
        } catch (...) {
            ok = false;
            return 0;
        }
        if (colon == std::string::npos)
            break;
        start = colon + 1;
    }
    return value;
}

Value plainScalar(const std::string &text)
{
    static const std::regex boolean("yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
    static const std::regex null("~|null|Null|NULL|");
    static const std::regex integer("[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
                                    "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
    static const std::regex floating("[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9_]+(?:[eE][-+][0-9]+)?"
                                     "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)"
                                     "|\\.(?:nan|NaN|NAN)");
    if (text.size() > 64) // no number or keyword is this long; and regex on long text is slow
        return Value(text);
    if (!text.empty()) { // most text starts with a letter no keyword starts with: skip the patterns
        const char c = text[0];
        const bool keyword = std::string_view("yYnNtTfFoO~").find(c) != std::string_view::npos;
        const bool number = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
        if (!keyword && !number)
            return Value(text);
    }
    if (std::regex_match(text, null))
        return {};
    if (std::regex_match(text, boolean)) {
        const char c = text[0];
        return Value(c == 'y' || c == 'Y' || c == 't' || c == 'T' || text == "on" || text == "On" || text == "ON");
    }
    if (std::regex_match(text, integer)) {
        std::string s = stripUnderscores(text);
        bool negative = false;
        if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
            negative = s[0] == '-';
            s.erase(0, 1);
        }
        bool ok = true;
        long long v = 0;
        try {
            if (s == "0")
                v = 0;
            else if (s.rfind("0b", 0) == 0)
                v = std::stoll(s.substr(2), nullptr, 2);
            else if (s.rfind("0x", 0) == 0)
                v = std::stoll(s.substr(2), nullptr, 16);
            else if (s[0] == '0')
                v = std::stoll(s, nullptr, 8);
            else if (s.find(':') != std::string::npos)
                v = sexagesimal<long long>(s, ok);
            else
                v = std::stoll(s);
        } catch (...) {
            ok = false; // out of range: Python would hold it; we keep the text
        }
        if (!ok)
            return Value(text);
        return Value(std::int64_t(negative ? -v : v));
    }
    if (std::regex_match(text, floating)) {
        std::string s = stripUnderscores(text);
        double sign = 1;
        if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
            sign = s[0] == '-' ? -1 : 1;
            s.erase(0, 1);
        }
        if (s == ".inf" || s == ".Inf" || s == ".INF")
            return Value(sign * std::numeric_limits<double>::infinity());
        if (s == ".nan" || s == ".NaN" || s == ".NAN")
            return Value(std::numeric_limits<double>::quiet_NaN());
        bool ok = true;
        double v = 0;
        if (s.find(':') != std::string::npos) {
            v = sexagesimal<double>(s, ok);
        } else {
            try {
                v = std::stod(s);
            } catch (...) {
                ok = false;
            }
        }
        return ok ? Value(sign * v) : Value(text);
    }
    return Value(text);
}

// A mapping with its merge keys applied as PyYAML does: keys written in the
// map win over merged ones, and earlier maps in a `<<: [*a, *b]` list win
// over later ones.
void mergeInto(ValueMap &out, const YamlNode *source)
{
    if (!source)
        return;
    if (source->isMap()) {
        const Value merged = yaml11Value(source);
        for (const auto &[k, v] : merged.toMap())
            out.emplace(k, v);
    } else if (source->isSequence()) {
        for (const YamlNode *item : source->items)
            if (item->isMap())
                mergeInto(out, item);
    }
}

} // namespace

Value yaml11Value(const YamlNode *n)
{
    if (!n)
        return {};
    switch (n->kind) {
    case YamlNode::Kind::Null: return {};
    case YamlNode::Kind::Scalar: return n->quoted ? Value(n->scalar) : plainScalar(n->scalar);
    case YamlNode::Kind::Sequence: {
        ValueList list;
        list.reserve(n->items.size());
        for (const YamlNode *item : n->items)
            list.push_back(yaml11Value(item));
        return Value(std::move(list));
    }
    case YamlNode::Kind::Map: {
        ValueMap map;
        const YamlNode *merge = nullptr;
        for (const auto &[k, v] : n->entries) {
            if (k->scalar == "<<" && !k->quoted) {
                merge = v;
                continue;
            }
            map.insert_or_assign(k->scalar, yaml11Value(v));
        }
        mergeInto(map, merge);
        return Value(std::move(map));
    }
    }
    return {};
}

std::vector<std::string> networkNames(const Value &networks)
{
    std::vector<std::string> names;
    if (networks.isList()) {
        for (const Value &v : networks.toList())
            if (v.isString())
                names.push_back(v.toString());
    } else if (networks.isMap()) {
        for (const auto &[k, _] : networks.toMap())
            names.push_back(k);
    }
    return names;
}

std::string pathLeavesFolder(std::string_view path)
{
    if (path.find("://") != std::string_view::npos)
        return "a URL is never fetched";
    if (path.empty())
        return {};
    if (path[0] == '/' || path[0] == '~' || path[0] == '\\' || (path.size() > 1 && path[1] == ':'))
        return "an absolute path leaves the file's folder";
    if (path.find('$') != std::string_view::npos)
        return "a path built from variables may leave the file's folder";
    int depth = 0;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t slash = path.find_first_of("/\\", start);
        if (slash == std::string_view::npos)
            slash = path.size();
        const std::string_view part = path.substr(start, slash - start);
        if (part == "..") {
            if (--depth < 0)
                return "'..' climbs out of the file's folder";
        } else if (!part.empty() && part != ".") {
            ++depth;
        }
        start = slash + 1;
    }
    return {};
}

namespace {

// An image reference without registry path, tag or digest, lowercase:
// "docker.io/library/postgres:16@sha256:..." -> "postgres".
std::string imageBase(std::string image)
{
    std::transform(image.begin(), image.end(), image.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (auto at = image.find('@'); at != std::string::npos)
        image.erase(at);
    if (auto colon = image.rfind(':'); colon != std::string::npos && image.find('/', colon) == std::string::npos)
        image.erase(colon);
    return image.substr(image.rfind('/') == std::string::npos ? 0 : image.rfind('/') + 1);
}

struct KnownImage
{
    std::string_view base, type, engine;
};

constexpr KnownImage kKnownImages[] = {
    {"nginx", "web_server", ""},           {"httpd", "web_server", ""},
    {"caddy", "web_server", ""},           {"haproxy", "load_balancer", ""},
    {"traefik", "load_balancer", ""},      {"envoy", "load_balancer", ""},
    {"postgres", "database", "postgres"},  {"postgresql", "database", "postgres"},
    {"mysql", "database", "mysql"},        {"mariadb", "database", "mariadb"},
    {"mongo", "database", "mongodb"},      {"mongodb", "database", "mongodb"},
    {"redis", "cache", "redis"},           {"memcached", "cache", "memcached"},
    {"valkey", "cache", "valkey"},         {"rabbitmq", "message_queue", "rabbitmq"},
    {"kafka", "message_queue", "kafka"},   {"nats", "message_queue", "nats"},
    {"minio", "object_storage", ""},       {"coredns", "dns", ""},
    {"bind9", "dns", ""},
};

} // namespace

std::string typeOfImage(const std::string &image)
{
    const std::string base = imageBase(image);
    for (const KnownImage &k : kKnownImages)
        if (base == k.base)
            return std::string(k.type);
    return "app_server";
}

std::string engineOfImage(const std::string &image)
{
    const std::string base = imageBase(image);
    for (const KnownImage &k : kKnownImages)
        if (base == k.base)
            return std::string(k.engine);
    return {};
}

std::string defaultImage(const std::string &type, const std::string &engine, const std::string &version)
{
    // Official images, pinned to the release current when this table was
    // written (docs/EXPORTS.md); a `version` property picks another tag.
    struct Pinned
    {
        std::string_view type, engine, repository, tag;
    };
    static constexpr Pinned pinned[] = {
        {"database", "", "postgres", "16.4"},
        {"database", "postgres", "postgres", "16.4"},
        {"database", "mysql", "mysql", "8.4.2"},
        {"database", "mariadb", "mariadb", "11.4.3"},
        {"database", "mongodb", "mongo", "7.0.14"},
        {"cache", "", "redis", "7.4.0"},
        {"cache", "redis", "redis", "7.4.0"},
        {"cache", "memcached", "memcached", "1.6.31"},
        {"cache", "valkey", "valkey/valkey", "8.0.1"},
        {"message_queue", "", "rabbitmq", "3.13.7"},
        {"message_queue", "rabbitmq", "rabbitmq", "3.13.7"},
        {"message_queue", "kafka", "apache/kafka", "3.8.0"},
        {"message_queue", "nats", "nats", "2.10.20"},
        {"object_storage", "", "minio/minio", "RELEASE.2024-09-13T20-26-02Z"},
        {"load_balancer", "", "haproxy", "3.0.5"},
        {"dns", "", "coredns/coredns", "1.11.3"},
        {"web_server", "", "nginx", "1.27.1"},
    };
    for (const Pinned &p : pinned)
        if (p.type == type && p.engine == engine)
            return std::string(p.repository) + ':' + (version.empty() ? std::string(p.tag) : version);
    if (!engine.empty()) // an engine the table does not know: its own official image
        return engine + ':' + (version.empty() ? std::string("latest") : version);
    for (const Pinned &p : pinned)
        if (p.type == type && p.engine.empty())
            return std::string(p.repository) + ':' + std::string(p.tag);
    return "skyplan/" + type + ":latest"; // an appliance with no public image: build or mirror it
}

const ImageProfile *imageProfile(const std::string &type, const std::string &engine)
{
    static const ImageProfile profiles[] = {
        {"database", "postgres", "POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD_FILE", "", "",
         "/var/lib/postgresql/data", {"CMD-SHELL", "pg_isready -U \"$$POSTGRES_USER\" -d \"$$POSTGRES_DB\""}},
        {"database", "mysql", "MYSQL_DATABASE", "MYSQL_USER", "MYSQL_PASSWORD_FILE", "MYSQL_RANDOM_ROOT_PASSWORD",
         "yes", "/var/lib/mysql", {"CMD", "mysqladmin", "ping", "-h", "127.0.0.1"}},
        {"database", "mariadb", "MARIADB_DATABASE", "MARIADB_USER", "MARIADB_PASSWORD_FILE",
         "MARIADB_RANDOM_ROOT_PASSWORD", "1", "/var/lib/mysql", {"CMD", "healthcheck.sh", "--connect", "--innodb_initialized"}},
        {"database", "mongodb", "MONGO_INITDB_DATABASE", "MONGO_INITDB_ROOT_USERNAME",
         "MONGO_INITDB_ROOT_PASSWORD_FILE", "", "", "/data/db", {"CMD", "mongosh", "--quiet", "--eval", "db.adminCommand('ping')"}},
        {"cache", "redis", "", "", "", "", "", "/data", {"CMD", "redis-cli", "ping"}},
        {"cache", "valkey", "", "", "", "", "", "/data", {"CMD", "valkey-cli", "ping"}},
        {"message_queue", "rabbitmq", "", "", "", "", "", "/var/lib/rabbitmq", {"CMD", "rabbitmq-diagnostics", "-q", "ping"}},
    };
    const std::string e = engine.empty() ? (type == "database"        ? "postgres"
                                            : type == "cache"         ? "redis"
                                            : type == "message_queue" ? "rabbitmq"
                                                                      : "")
                                         : engine;
    for (const ImageProfile &p : profiles)
        if (p.type == type && p.engine == e)
            return &p;
    return nullptr;
}

const Value *field(const ValueMap &m, const std::string &key)
{
    const auto it = m.find(key);
    return it == m.end() ? nullptr : &it->second;
}

std::string stringField(const ValueMap &m, const std::string &key)
{
    const Value *v = field(m, key);
    return v && v->isString() ? v->toString() : std::string();
}

bool isEnvName(const std::string &s)
{
    if (s.empty() || (s[0] >= '0' && s[0] <= '9'))
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

} // namespace sky::compose
