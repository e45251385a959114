#include "generator.h"

#include "catalog.h"
#include "rankgrid.h"

#include <algorithm>
#include <random>
#include <set>
#include <unordered_map>

namespace sky {

namespace {

// A valid value for a property schema, so generated topologies check clean.
Value sampleValue(const PropertySchema &p, const std::string &nodeId)
{
    if (p.secret)
        return Value::secret("SECRET_" + std::to_string(std::hash<std::string>{}(nodeId) % 1000));
    if (p.defaultValue)
        return *p.defaultValue;
    switch (p.kind) {
    case PropertyKind::Integer: return Value(std::int64_t(p.min ? *p.min : 1));
    case PropertyKind::Number: return Value(p.min ? *p.min : 1.0);
    case PropertyKind::Boolean: return Value(true);
    case PropertyKind::Ip: return Value("10.0.0.1");
    case PropertyKind::Size: return Value("10GiB");
    case PropertyKind::Bandwidth: return Value("100Mbps");
    case PropertyKind::Enum: return p.values.empty() ? Value() : Value(p.values.front());
    case PropertyKind::List: return Value(ValueList{});
    case PropertyKind::String: break;
    }
    if (p.name == "image")
        return Value("registry.example.com/" + nodeId + ":1.0");
    return Value(nodeId);
}

struct Layer
{
    const char *type;
    double share; // of the nodes after the first
    const char *zone;
};

} // namespace

Topology generateTopology(const Catalog &catalog, const GeneratorOptions &options)
{
    static const Layer layers[] = {
        {"firewall", 0.03, "dmz"},   {"load_balancer", 0.05, "dmz"}, {"web_server", 0.30, "web"},
        {"app_server", 0.30, "app"}, {"cache", 0.08, "data"},        {"database", 0.10, "data"},
        {"message_queue", 0.06, "data"}, {"object_storage", 0.08, "storage"},
    };
    std::mt19937 rng(options.seed);
    Topology t;
    t.name = "generated-" + std::to_string(options.nodes);
    t.description = "Generated topology of " + std::to_string(options.nodes) + " nodes (seed "
                    + std::to_string(options.seed) + ").";
    for (const char *z : {"dmz", "web", "app", "data", "storage"})
        t.addZone({z, std::string(z) + " zone", {}, {}});

    std::vector<std::vector<std::string>> ids(std::size(layers) + 1);
    auto place = [&](const std::string &type, const std::string &id, const char *zone, std::size_t column) {
        Node n;
        n.id = id;
        n.type = type;
        n.zone = zone ? zone : "";
        if (const ComponentType *ct = catalog.type(type))
            for (const PropertySchema &p : ct->properties)
                if (p.required)
                    n.properties[p.name] = sampleValue(p, id);
        t.addNode(std::move(n));
        ids[column].push_back(id);
    };
    place("internet", "internet", nullptr, 0);
    const int rest = std::max(0, options.nodes - 1);
    int placed = 0;
    for (std::size_t i = 0; i < std::size(layers); ++i) {
        int count = i + 1 == std::size(layers) ? rest - placed : std::max(1, int(rest * layers[i].share));
        count = std::min(count, rest - placed);
        for (int k = 0; k < count; ++k)
            place(layers[i].type, std::string(layers[i].type) + "-" + std::to_string(k + 1), layers[i].zone, i + 1);
        placed += count;
    }

    auto terminalFor = [&](const std::string &id, Direction d) -> const TerminalType * {
        const ComponentType *ct = catalog.type(t.node(id)->type);
        return ct ? ct->defaultTerminal(d) : nullptr;
    };
    std::set<std::pair<std::string, std::string>> linked; // links are sorted once at the end
    auto connect = [&](const std::string &a, const std::string &b) {
        const TerminalType *out = terminalFor(a, Direction::Out);
        const TerminalType *in = terminalFor(b, Direction::In);
        if (!out || !in || !protocolsCompatible(*out, *in) || !linked.insert({a, b}).second)
            return false;
        t.links.push_back({{a, out->name}, {b, in->name}, {}, {}, {}, {}});
        return true;
    };

    // Every node gets one link from the nearest earlier layer that can reach it,
    // then extra links are added at random until the wanted density.
    const std::size_t columns = ids.size();
    std::vector<std::string> all;
    std::unordered_map<std::string, std::size_t> column;
    for (std::size_t c = 1; c < columns; ++c)
        for (const std::string &id : ids[c]) {
            all.push_back(id);
            column[id] = c;
            for (std::size_t p = c; p-- > 0;) {
                if (ids[p].empty())
                    continue;
                const std::string &src = ids[p][std::uniform_int_distribution<std::size_t>(0, ids[p].size() - 1)(rng)];
                if (connect(src, id))
                    break;
            }
        }
    const auto wanted = std::size_t(options.linksPerNode * options.nodes);
    for (std::size_t attempts = 0; t.links.size() < wanted && attempts < wanted * 4 && !all.empty(); ++attempts) {
        const std::string &a = all[std::uniform_int_distribution<std::size_t>(0, all.size() - 1)(rng)];
        const std::string &b = all[std::uniform_int_distribution<std::size_t>(0, all.size() - 1)(rng)];
        if (column.at(a) < column.at(b)) // forward only: requests flow left to right, no cycles
            connect(a, b);
    }
    t.sortLinks();
    // One rank a tier, as the designer's layered layout places them: a tier
    // of thousands wraps into sub-columns rather than one strip.
    if (options.layout) {
        const std::size_t rows = rankgrid::maxRows(t.nodes.size());
        double x = 0;
        for (const std::vector<std::string> &rank : ids)
            x = rankgrid::placeRank(rank, x, rows, nullptr, t.layout.nodes);
    }
    return t;
}

} // namespace sky
