// Diff and merge of generated topologies, parse excluded: the topologies are
// built once, outside the timed loop. The budget (issue 6): a diff of two
// 10,000-node topologies differing in 1% of their nodes within 30 ms.
#include "catalog.h"
#include "diff.h"
#include "generator.h"
#include "merge.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <random>

using namespace sky;

namespace {

// 1% of the nodes edited, in a mix: 40% property changes, 20% removed,
// 20% added, 10% renamed, 10% moved. `salt` picks which nodes.
Topology edited(const Topology &base, std::uint32_t salt)
{
    Topology t = base;
    std::vector<std::string> ids;
    for (const auto &[id, _] : base.nodes)
        if (id != "internet")
            ids.push_back(id);
    std::mt19937 rng(salt);
    std::shuffle(ids.begin(), ids.end(), rng);
    const std::size_t count = base.nodes.size() / 100;
    for (std::size_t i = 0; i < count && i < ids.size(); ++i) {
        const std::string &id = ids[i];
        const std::size_t kind = i * 10 / count;
        if (kind < 4) {
            t.node(id)->properties["bench"] = Value(std::int64_t(i) + salt);
        } else if (kind < 6) {
            t.removeNode(id);
        } else if (kind < 8) {
            Node n{"bench-" + std::to_string(salt) + "-" + std::to_string(i), "cache"};
            n.zone = "data";
            const std::string nid = n.id;
            t.addNode(std::move(n), Point{-200, double(i) * 10});
            t.addLink({{"internet", "out"}, {nid, "in"}, {}, {}, {}, {}});
        } else if (kind < 9) {
            t.renameNode(id, id + "-renamed-" + std::to_string(salt));
        } else if (auto p = t.layout.nodes.find(id); p != t.layout.nodes.end()) {
            p->second.y += 1000;
        }
    }
    return t;
}

struct Pair
{
    Topology base;
    Topology ours;
    Topology theirs;
};

const Pair &pairOf(int nodes)
{
    static std::map<int, Pair> cache;
    auto it = cache.find(nodes);
    if (it == cache.end()) {
        Pair p;
        p.base = generateTopology(Catalog::builtin(), {nodes, 1.5, 42, true});
        p.ours = edited(p.base, 1);
        p.theirs = edited(p.base, 2);
        it = cache.emplace(nodes, std::move(p)).first;
    }
    return it->second;
}

void BM_Diff1Percent(benchmark::State &state)
{
    const Pair &p = pairOf(int(state.range(0)));
    std::size_t changes = 0;
    for (auto _ : state) {
        const TopologyDiff d = diffTopologies(p.base, p.ours);
        changes = d.changes.size() + d.moves.size();
        benchmark::DoNotOptimize(changes);
    }
    state.counters["changes"] = double(changes);
    state.counters["links"] = double(p.base.links.size());
}

void BM_DiffIdentical(benchmark::State &state)
{
    const Pair &p = pairOf(int(state.range(0)));
    const Topology copy = p.base;
    for (auto _ : state) {
        const TopologyDiff d = diffTopologies(p.base, copy);
        benchmark::DoNotOptimize(d.changes.size());
    }
}

void BM_Merge1PercentEachSide(benchmark::State &state)
{
    const Pair &p = pairOf(int(state.range(0)));
    std::size_t conflicts = 0;
    for (auto _ : state) {
        const MergeResult r = mergeTopologies(p.base, p.ours, p.theirs);
        conflicts = r.conflicts.size();
        benchmark::DoNotOptimize(r.merged.nodes.size());
    }
    state.counters["conflicts"] = double(conflicts);
}

} // namespace

BENCHMARK(BM_Diff1Percent)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DiffIdentical)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Merge1PercentEachSide)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
