// The checks (issue 3) on generated topologies: all rules together, schema
// checks alone, and each graph rule alone, at 10,000 and 100,000 nodes
// (about 1.5 links a node). Parse excluded. Figures in docs/PERFORMANCE.md.
#include "catalog.h"
#include "checks.h"
#include "descriptor.h"
#include "generator.h"
#include "memorytuning.h"

#include <benchmark/benchmark.h>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

const char *const kGraphRules[] = {"SP-UNREACHABLE", "SP-EXPOSED-DATA", "SP-SPOF",   "SP-CYCLE",
                                   "SP-BANDWIDTH",   "SP-RESIDENCY",    "SP-SEGMENTATION", "SP-POLICY",
                                   "SP-BUDGET",      "SP-ISOLATED",     "SP-EMPTY-ZONE"};

// The topology `make` builds for `nodes` nodes, built once in a process
// (each caller keeps its own `cache`): building one takes longer than
// checking it.
template<typename Make>
const sky::Topology &once(std::map<int, sky::Topology> &cache, int nodes, Make make)
{
    auto it = cache.find(nodes);
    if (it == cache.end())
        it = cache.emplace(nodes, make()).first;
    return it->second;
}

// A generated topology with everything the rules read: regions, a
// throughput requirement, a budget and one policy of each kind.
const sky::Topology &topology(int nodes)
{
    static std::map<int, sky::Topology> cache;
    return once(cache, nodes, [nodes] {
        sky::GeneratorOptions options;
        options.nodes = nodes;
        options.linksPerNode = 1.5;
        options.layout = false;
        sky::Topology t = sky::generateTopology(sky::Catalog::builtin(), options);
        for (auto &[id, n] : t.nodes)
            n.region = n.type == "object_storage" ? "eu-central" : "eu-west";
        t.requirements["throughput"] = sky::Value("2Gbps");
        t.budget.cpu = 1e6;
        t.policies["eu-only"] = {"eu-only", "data-residency",
                                 {{"applies-to", sky::ValueMap{{"tiers", sky::ValueList{"data", "storage"}}}},
                                  {"regions", sky::ValueList{"eu-west", "eu-central"}}}};
        t.policies["data-from-app"] = {"data-from-app", "segmentation",
                                       {{"zone", "data"}, {"allow-from", sky::ValueList{"app", "web"}}}};
        return t;
    });
}

// Checks `t` once an iteration. `cold`: the caches are emptied before
// each check (a 512 MiB buffer read, untimed: read, not written, so that
// no dirty line is left to be written back during the check).
void run(benchmark::State &state, const sky::Topology &t, bool cold = false)
{
    const sky::Catalog &catalog = sky::Catalog::builtin();
    static std::vector<char> flood;
    if (cold && flood.empty())
        flood.assign(std::size_t(512) << 20, 1);
    std::size_t findings = 0;
    for (auto _ : state) {
        if (cold) {
            state.PauseTiming();
            std::size_t sum = 0;
            for (std::size_t i = 0; i < flood.size(); i += 64)
                sum += std::size_t(flood[i]);
            benchmark::DoNotOptimize(sum);
            state.ResumeTiming();
        }
        const auto diagnostics = sky::checkTopology(t, catalog);
        findings = diagnostics.size();
        benchmark::DoNotOptimize(diagnostics.data());
    }
    state.counters["nodes"] = double(t.nodes.size());
    state.counters["links"] = double(t.links.size());
    state.counters["findings"] = double(findings);
}

void BM_AllRules(benchmark::State &state)
{
    run(state, topology(int(state.range(0))));
}

const sky::Topology &readBack(int nodes)
{
    static std::map<int, sky::Topology> cache;
    return once(cache, nodes, [nodes] {
        return sky::readDescriptor(sky::writeDescriptor(topology(nodes)), "bench.sky.yaml").topology;
    });
}

// The same topology with every id short enough for std::string to hold it
// in place ("app_server-12345" → "app-12345"): the generator's ids pass the
// 15-character small-string limit at 100,000 nodes and not at 10,000.
const sky::Topology &shortIds(int nodes)
{
    static std::map<int, sky::Topology> cache;
    return once(cache, nodes, [nodes] {
        const sky::Topology &t = topology(nodes);
        static const std::map<std::string, std::string, std::less<>> shorter{
            {"app_server", "app"}, {"web_server", "web"}, {"load_balancer", "lb"}, {"object_storage", "obj"},
            {"message_queue", "mq"}, {"database", "db"}, {"firewall", "fw"}, {"cache", "cache"}};
        const auto rename = [](const std::string &id) {
            const std::size_t dash = id.rfind('-');
            if (dash == std::string::npos)
                return id;
            const auto s = shorter.find(std::string_view(id).substr(0, dash));
            return s == shorter.end() ? id : s->second + id.substr(dash);
        };
        sky::Topology out = t;
        out.nodes.clear();
        for (const auto &[id, n] : t.nodes) {
            sky::Node copy = n;
            copy.id = rename(id);
            out.nodes.emplace(copy.id, std::move(copy));
        }
        for (sky::Link &l : out.links) {
            l.from.node = rename(l.from.node);
            l.to.node = rename(l.to.node);
        }
        out.sortLinks();
        return out;
    });
}

void BM_AllRulesShortIds(benchmark::State &state)
{
    run(state, shortIds(int(state.range(0))));
}

void BM_AllRulesRead(benchmark::State &state)
{
    run(state, readBack(int(state.range(0))));
}

// All rules at more sizes, for the cost per node as the topology outgrows
// the cache (PERFORMANCE.md, session 13). Not part of the 10k/100k targets.
void BM_AllRulesScale(benchmark::State &state)
{
    run(state, topology(int(state.range(0))));
    state.counters["per_node"] = benchmark::Counter(double(state.range(0)) * double(state.iterations()),
                                                    benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// The same with the caches emptied before each check. Repeated warm checks
// of 10,000 nodes find the whole topology still in the last-level cache; of
// 100,000 nodes, not. This is the check of a topology that has left the
// cache, at both sizes: it separates how the checks scale from what the
// cache holds.
void BM_AllRulesCold(benchmark::State &state)
{
    run(state, topology(int(state.range(0))), true);
}

// Schema checks only: every graph rule off (and the graph view not built).
void BM_SchemaOnly(benchmark::State &state)
{
    sky::Topology t = topology(int(state.range(0)));
    for (const char *rule : kGraphRules)
        t.rules[rule] = "off";
    run(state, t);
}

// Schema checks, the graph view and one graph rule.
void BM_OneRule(benchmark::State &state)
{
    sky::Topology t = topology(int(state.range(1)));
    const char *keep = kGraphRules[state.range(0)];
    for (const char *rule : kGraphRules)
        if (rule != keep)
            t.rules[rule] = "off";
    state.SetLabel(keep);
    run(state, t);
}

// The floor under any check of a topology held as sky::Topology: one read
// of what the checks read and nothing else. Every node of the std::map
// (its id, type, zone, region, replicas, resources and each property's
// name and kind), then every link (the characters of both ends' node ids
// and terminals, its protocol and bandwidth), summed so that none is
// skipped. No lookup, no allocation, no finding. Its 100k/10k ratio is
// what the topology's layout costs once it no longer fits in the cache,
// whatever the checks do with it (PERFORMANCE.md, session 13).
void BM_TopologyRead(benchmark::State &state)
{
    const sky::Topology &t = topology(int(state.range(0)));
    const auto first = [](const std::string &s) { return s.empty() ? std::size_t(0) : std::size_t(s.front()) + s.size(); };
    for (auto _ : state) {
        std::size_t sum = 0;
        for (const auto &[id, n] : t.nodes) {
            sum += first(id) + first(n.type) + first(n.zone) + first(n.region) + std::size_t(n.replicas);
            sum += n.resources.cpu.has_value() + n.resources.memory.has_value() + n.resources.bandwidth.has_value();
            for (const auto &[name, value] : n.properties)
                sum += first(name) + std::size_t(value.kind());
        }
        for (const sky::Link &l : t.links)
            sum += first(l.from.node) + first(l.from.terminal) + first(l.to.node) + first(l.to.terminal)
                   + first(l.protocol) + l.bandwidth.has_value();
        benchmark::DoNotOptimize(sum);
    }
    state.counters["nodes"] = double(t.nodes.size());
    state.counters["links"] = double(t.links.size());
}

// A yardstick for the machine, not for Skyplan: one Boost breadth-first
// search, the algorithm behind SP-UNREACHABLE, on a random graph of n
// vertices and 1.5 n edges (a random tree plus n/2 random edges, a fixed
// seed), a 32-bit CSR graph as the checks use (directed, without their edge
// data), colours and distances reset each time. It is linear, and does almost nothing per vertex but read memory at
// random: its 100k/10k ratio is what this machine charges for a tenfold
// larger working set, the price the checks' 12x target has to absorb
// (PERFORMANCE.md, session 14).
void BM_CalibrationBfs(benchmark::State &state)
{
    using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                                   boost::no_property, std::uint32_t, std::uint32_t>;
    const auto n = std::uint32_t(state.range(0));
    std::mt19937 random(1);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
    edges.reserve(n + n / 2);
    for (std::uint32_t v = 1; v < n; ++v)
        edges.emplace_back(std::uint32_t(random() % v), v); // every vertex reachable from 0
    for (std::uint32_t k = 0; k < n / 2; ++k)
        edges.emplace_back(std::uint32_t(random() % n), std::uint32_t(random() % n));
    std::sort(edges.begin(), edges.end());
    const Csr g(boost::edges_are_sorted, edges.begin(), edges.end(), n);
    std::vector<boost::default_color_type> color(n);
    std::vector<std::uint32_t> distance(n);
    const auto index = boost::get(boost::vertex_index, g);
    for (auto _ : state) {
        std::fill(color.begin(), color.end(), boost::white_color);
        std::fill(distance.begin(), distance.end(), 0);
        boost::breadth_first_search(
            g, 0,
            boost::color_map(boost::make_iterator_property_map(color.begin(), index))
                .visitor(boost::make_bfs_visitor(boost::record_distances(
                    boost::make_iterator_property_map(distance.begin(), index), boost::on_tree_edge()))));
        benchmark::DoNotOptimize(distance.data());
    }
    state.counters["farthest"] = double(*std::max_element(distance.begin(), distance.end()));
}

// A hostile shape for SP-SPOF: a chain of n app servers behind a firewall,
// and n more, each fed from both ends of the chain. Every one of those hangs
// under the chain's first node, and finding that common dominator walks the
// chain: quadratic when the walk goes one dominator at a time, n log n with
// jump pointers. Compare the two sizes.
void BM_SpofLongChain(benchmark::State &state)
{
    const int n = int(state.range(0));
    sky::Topology t;
    auto add = [&t](const std::string &id, const char *type) {
        sky::Node node;
        node.id = id;
        node.type = type;
        t.addNode(node);
    };
    add("internet", "internet");
    add("fw", "firewall");
    t.addLink({{"internet", ""}, {"fw", ""}});
    std::string last = "fw";
    for (int i = 0; i < n; ++i) {
        const std::string id = "chain-" + std::to_string(i);
        add(id, "app_server");
        t.addLink({{last, ""}, {id, ""}});
        last = id;
    }
    for (int i = 0; i < n; ++i) {
        const std::string id = "fed-" + std::to_string(i);
        add(id, "app_server");
        t.addLink({{"chain-0", ""}, {id, ""}});
        t.addLink({{last, ""}, {id, ""}});
    }
    for (const char *rule : kGraphRules)
        if (std::string(rule) != "SP-SPOF")
            t.rules[rule] = "off";
    run(state, t);
}

} // namespace

// Issue 26.5: zones each inside the next, read and checked as `skyplan
// validate` does (the reader's parent-cycle check was quadratic). The time
// a zone should not grow with the depth: compare 5,000 and 20,000.
void BM_DeepZoneChain(benchmark::State &state)
{
    const int zones = int(state.range(0));
    std::string text = "skyplan: 1\nzones:\n";
    for (int i = 0; i < zones; ++i)
        text += "  z" + std::to_string(i) + ":" + (i ? " {parent: z" + std::to_string(i - 1) + "}\n" : " {}\n");
    text += "nodes:\n  web:\n    type: web_server\n    zone: z" + std::to_string(zones - 1) + "\n";
    for (auto _ : state) {
        const sky::ReadResult r = sky::readDescriptor(text, "chain.sky.yaml");
        const auto diagnostics = sky::checkTopology(r.topology, sky::Catalog::builtin(), r.sources, "chain.sky.yaml");
        benchmark::DoNotOptimize(diagnostics.size());
    }
}

BENCHMARK(BM_DeepZoneChain)->Arg(5000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SpofLongChain)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AllRules)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AllRulesScale)->Arg(2500)->Arg(5000)->Arg(10000)->Arg(20000)->Arg(35000)->Arg(50000)->Arg(100000)->Arg(200000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AllRulesCold)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(30);
BENCHMARK(BM_AllRulesShortIds)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AllRulesRead)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CalibrationBfs)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TopologyRead)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SchemaOnly)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OneRule)
    ->ArgsProduct({benchmark::CreateDenseRange(0, int(std::size(kGraphRules)) - 1, 1), {10000, 100000}})
    ->Unit(benchmark::kMillisecond);

// As the programs run (app/common/memorytuning.h); `--plain-malloc` keeps
// glibc's defaults, for the comparison in PERFORMANCE.md.
int main(int argc, char **argv)
{
    bool plain = false;
    int kept = 1;
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--plain-malloc")
            plain = true;
        else
            argv[kept++] = argv[i];
    }
    argc = kept;
    if (!plain)
        sky::keepFreedMemoryForReuse();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
